// startSchedulers: the push runtime. ONE node-cron task ticks every minute; each tick
//   1. (under a job lock) plans due reminders, and for every team its deal alerts (every minute)
//      and the jobs due in the team's OWN local time (digest 08:30, 日报 18:30, …), plans and
//      enqueues them;
//   2. delivers whatever in the outbox is due.
//
// Why a minute tick that computes per-team local time, rather than one cron task per team and
// job with node-cron's `timezone` option: teams, their zones and their push times live in the
// database and change at runtime — a tick reads them fresh, so nothing needs re-registering; a
// job missed while the process was down still runs within `catchUpMinutes` (the outbox key makes
// a second run harmless); and tests drive the very same code with `tick(now)`, no waiting for cron.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import cron from 'node-cron';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { DbKind } from '../db/client.js';
import type { Outbound } from '../domain/pushes/outbound.js';
import { deliverDue, type DeliverOptions, type DeliverResult } from '../domain/pushes/outbox.js';
import { withJobLock } from '../domain/pushes/locks.js';
import { loadTeams } from '../domain/pushes/team.js';
import type { PlannedPush } from '../domain/pushes/types.js';
import { DEFAULT_TZ, toLocal } from '../domain/time.js';
import { maintainEmbeddedDb, maintenanceHour } from '../db/maintenance.js';
import { expireDrafts } from '../domain/messages/drafts.js';
import { TEAM_JOBS, commitPlanned, dueOccurrence, planAlerts, planReminders, planTeamJob, type JobName, type TeamJob } from './jobs.js';
import { runPoolRules } from '../domain/pool/recycle.js';
import { teamlessNotices } from '../domain/teams/people.js';

export interface SchedulerOptions {
  /** An open database ({prisma, kind}); `kind` picks the advisory lock (postgres) or the lease (pglite). */
  db: { prisma: PrismaClient; kind: DbKind };
  outbound: Outbound;
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  log?: (line: string) => void;
  /** Zone for users without a team (default TZ_DEFAULT or Asia/Shanghai). */
  defaultTz?: string;
  /** Names this instance in SchedulerLock (default host:pid:random). */
  instanceId?: string;
  deliver?: Omit<DeliverOptions, 'log'>;
}

export interface TickResult {
  /** False when another instance held the job lock (this tick only delivered). */
  scanned: boolean;
  enqueued: Record<string, number>;
  delivered: DeliverResult;
}

export class Scheduler {
  readonly instanceId: string;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly defaultTz: string;
  /** team:job -> last occurrence run by this process (saves re-planning every minute of a window). */
  private readonly lastRun = new Map<string, string>();

  constructor(private readonly opts: SchedulerOptions) {
    this.instanceId = opts.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => {});
    this.defaultTz = opts.defaultTz ?? process.env.TZ_DEFAULT ?? DEFAULT_TZ;
  }

  private get prisma() {
    return this.opts.db.prisma;
  }

  /** What a job would push at `now` (all teams, or one), regardless of its schedule. No writes. */
  async plan(job: JobName, now: Date, opts: { teamId?: string } = {}): Promise<PlannedPush[]> {
    if (job === 'reminders') return planReminders(this.prisma, now, { defaultTz: this.defaultTz });
    const out: PlannedPush[] = [];
    for (const team of await loadTeams(this.prisma, { defaultTz: this.defaultTz, teamId: opts.teamId, onError: this.log })) {
      out.push(...(job === 'alerts' ? await planAlerts(this.prisma, now, team) : await planTeamJob(this.prisma, job, now, team)));
    }
    return out;
  }

  /** Plans and records a job now, regardless of its schedule (the CLI's non-dry-run). */
  async runJob(job: JobName, now: Date = this.now(), opts: { teamId?: string } = {}): Promise<{ planned: number; enqueued: number }> {
    const planned = await this.plan(job, now, opts);
    return { planned: planned.length, enqueued: await commitPlanned(this.prisma, planned, now) };
  }

  /** Sends what is due in the outbox. */
  deliver(now: Date = this.now(), opts: Pick<DeliverOptions, 'unreachable'> = {}): Promise<DeliverResult> {
    return deliverDue(this.prisma, this.opts.outbound, now, { ...this.opts.deliver, ...opts, log: this.log });
  }

  /** Everything due at `now`: the cron callback, and what tests call directly. */
  async tick(now: Date = this.now()): Promise<TickResult> {
    const enqueued: Record<string, number> = {};
    const locked = await withJobLock(this.opts.db, 'push-scan', { holder: this.instanceId }, async () => {
      await this.step('reminders', enqueued, async () => commitPlanned(this.prisma, await planReminders(this.prisma, now, { defaultTz: this.defaultTz }), now));
      const teams = await loadTeams(this.prisma, { defaultTz: this.defaultTz, onError: this.log });
      for (const team of teams) {
        await this.step('alerts', enqueued, async () => commitPlanned(this.prisma, await planAlerts(this.prisma, now, team), now), team.name);
        for (const job of TEAM_JOBS) {
          const occurrence = dueOccurrence(job, now, team.tz, team.settings);
          const memo = `${team.id}:${job}`;
          if (!occurrence || this.lastRun.get(memo) === occurrence) continue;
          const ok = await this.step(job, enqueued, async () => commitPlanned(this.prisma, await planTeamJob(this.prisma, job, now, team), now), team.name);
          // A failed job is not memoised: the next tick within the window tries again.
          if (ok) this.lastRun.set(memo, occurrence);
        }
        await this.runPool(team.id, team.tz, team.settings, team.name, now, enqueued);
      }
      await this.step('teamless', enqueued, async () => commitPlanned(this.prisma, await teamlessNotices(this.prisma, now, this.defaultTz), now));
      // Questions nobody answered in time: the draft is dropped and the rep told (messages/drafts.ts).
      await this.step('drafts', enqueued, () => expireDrafts(this.prisma, now));
    });
    const delivered = await this.deliver(now);
    await this.maintain(now);
    return { scanned: locked.ran, enqueued, delivered };
  }

  /** Once a night on the embedded database (db/maintenance.ts), after the pushes of that minute. */
  private async maintain(now: Date): Promise<void> {
    const l = toLocal(now, this.defaultTz);
    const day = `${l.year}-${l.month}-${l.day}`;
    if (this.opts.db.kind !== 'pglite' || l.hour !== maintenanceHour() || this.lastRun.get('maintenance') === day) return;
    this.lastRun.set('maintenance', day);
    const t0 = Date.now();
    try {
      if (await maintainEmbeddedDb(this.opts.db)) this.log(`database maintenance (VACUUM ANALYZE) done in ${Date.now() - t0} ms`);
    } catch (e) {
      this.log(`database maintenance failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * The team's 公海 rules at their daily time. Exactly once per day is the PoolRun row's job
   * (runPoolRules); the memo only saves re-checking it every minute of the window.
   */
  private async runPool(teamId: string, tz: string, settings: Parameters<typeof dueOccurrence>[3], name: string, now: Date, enqueued: Record<string, number>) {
    const occurrence = dueOccurrence('pool', now, tz, settings);
    const memo = `${teamId}:pool`;
    if (!occurrence || this.lastRun.get(memo) === occurrence) return;
    const ok = await this.step('pool', enqueued, async () => {
      const team = await this.prisma.team.findUnique({ where: { id: teamId } });
      if (!team) return 0;
      const r = await runPoolRules(this.prisma, now, team, { defaultTz: this.defaultTz });
      if (r.ran) this.log(`pool (${name}) ${r.day}: ${r.returned} returned, ${r.warned} warned`);
      return r.returned + r.warned;
    }, name);
    if (ok) this.lastRun.set(memo, occurrence);
  }

  private async step(job: JobName | TeamJob | 'pool' | 'teamless' | 'drafts', enqueued: Record<string, number>, fn: () => Promise<number>, team?: string): Promise<boolean> {
    try {
      const n = await fn();
      enqueued[job] = (enqueued[job] ?? 0) + n;
      if (n) this.log(`${job}${team ? ` (${team})` : ''}: ${n} push(es) recorded`);
      return true;
    } catch (e) {
      this.log(`${job}${team ? ` (${team})` : ''} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return false;
    }
  }
}

export type StopSchedulers = (() => Promise<void>) & { scheduler: Scheduler; tick: (now?: Date) => Promise<TickResult> };

/** Starts the minute tick. Returns stop() (which also carries `tick` and the `scheduler`). */
export function startSchedulers(opts: SchedulerOptions): StopSchedulers {
  const scheduler = new Scheduler(opts);
  const log = opts.log ?? (() => {});
  const task = cron.schedule(
    '* * * * *',
    async () => {
      try {
        await scheduler.tick();
      } catch (e) {
        log(`scheduler tick failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    { name: `push-tick-${scheduler.instanceId}`, noOverlap: true },
  );
  const stop = async () => {
    await task.stop();
    await task.destroy();
  };
  return Object.assign(stop, { scheduler, tick: (now?: Date) => scheduler.tick(now) });
}

export type { JobName, TeamJob };
