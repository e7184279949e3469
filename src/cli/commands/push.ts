// `npm run cli -- push <kind> --dry-run [--date ISO] [--team 名称]` prints the pushes a job would
// send at that moment (recipient + text) without recording or sending anything. Without
// --dry-run the job runs once for real: recorded in the Push outbox (exactly-once keys) and
// delivered through the console channel. `push deliver` only drains the outbox. `push status`
// lists what did not go out: FAILED rows (permanent errors such as WeCom's invaliduser) and rows
// still retrying, with their last error — replies to chat messages included.
import { parseArgs, parseInstant } from '../args.js';
import { openDb, dbOptionsFromEnv } from '../../db/client.js';
import { Outbound } from '../../domain/pushes/outbound.js';
import { ConsoleChannel, renderButtons } from '../../bot/console/channel.js';
import { Scheduler } from '../../schedulers/index.js';
import { TEAM_JOBS, type JobName } from '../../schedulers/jobs.js';
import { inQuietHours, quietHoursEnd } from '../../schedulers/config.js';
import { requeueFailed } from '../../domain/pushes/outbox.js';
import { recipientKey, type PlannedPush } from '../../domain/pushes/types.js';
import { formatIsoLocal } from '../../domain/time.js';

const KINDS: Record<string, JobName[]> = {
  reminders: ['reminders'],
  digest: ['digest'],
  hot: ['hot'],
  stalled: ['stalled', 'stalledWeekly'],
  daily: ['dailyReport', 'dailyRollup'],
  weekly: ['weeklyRanking'],
  monthly: ['monthlyRanking'],
  payments: ['paymentReminders'],
  alerts: ['alerts'],
  all: ['reminders', 'alerts', ...TEAM_JOBS],
};

export const usage =
  'push <reminders|digest|hot|stalled|daily|weekly|monthly|payments|alerts|all|deliver|requeue|status> [--dry-run] [--date ISO] [--team 名称]   show (--dry-run) or run a push job once; status: failed and retrying pushes/replies';

/** `push status`: failed rows first, then rows waiting for a retry, each with its last error. */
export async function pushStatus(prisma: { push: { findMany: (args: object) => Promise<Array<{ kind: string; recipient: string; periodKey: string; status: string; attempts: number; lastError: string | null; nextAttempt: Date; partsSent: number }>> } }): Promise<string> {
  const rows = await prisma.push.findMany({
    where: { OR: [{ status: 'FAILED' }, { status: { in: ['PENDING', 'SENDING'] }, attempts: { gt: 0 } }] },
    orderBy: [{ status: 'asc' }, { createdAt: 'asc' }],
    take: 200,
  });
  if (!rows.length) return 'no failed or retrying pushes';
  return rows
    .map((r) => {
      const state = r.status === 'FAILED' ? 'FAILED' : `retrying (next ${formatIsoLocal(r.nextAttempt)})`;
      return `${state} · ${r.kind} · ${r.recipient} · ${r.periodKey} · ${r.attempts} attempt(s)${r.partsSent ? ` · ${r.partsSent} part(s) delivered` : ''}\n  ${r.lastError ?? ''}`;
    })
    .join('\n');
}

/** When a planned push would actually go out, given quiet hours. */
export function sendTime(p: PlannedPush, now: Date): Date {
  const t = p.notBefore && p.notBefore > now ? p.notBefore : now;
  return p.quiet && inQuietHours(t, p.tz, p.quiet) ? quietHoursEnd(t, p.tz, p.quiet) : t;
}

export function renderPlanned(p: PlannedPush, now: Date): string {
  const at = sendTime(p, now);
  const when = at.getTime() > now.getTime() ? ` · held until ${formatIsoLocal(at, p.tz)}` : '';
  const head = `→ ${p.recipientName ?? ''} <${recipientKey(p.recipient)}> · ${p.kind} · ${p.periodKey}${when}`;
  const body = `${p.message.text}${renderButtons(p.message.buttons)}`.split('\n').map((l) => `  ${l}`).join('\n');
  return `${head}\n${body}`;
}

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, ['dry-run']);
  const kind = positional[0];
  if (!kind || (!KINDS[kind] && kind !== 'deliver' && kind !== 'requeue' && kind !== 'status')) {
    console.error(`usage: npm run cli -- ${usage}`);
    return 2;
  }
  const now = parseInstant(flags.date ?? flags.now, new Date());
  const dryRun = flags['dry-run'] === true;
  const db = await openDb({ ...dbOptionsFromEnv(), log: (l) => console.error(`[db] ${l}`) });
  try {
    let teamId: string | undefined;
    if (typeof flags.team === 'string') {
      const team = await db.prisma.team.findFirst({ where: { OR: [{ name: flags.team }, { id: flags.team }] } });
      if (!team) {
        console.error(`no team "${flags.team}"`);
        return 2;
      }
      teamId = team.id;
    }
    const channel = new ConsoleChannel(db.prisma);
    const scheduler = new Scheduler({ db, outbound: new Outbound([channel]), now: () => now, log: (l) => console.error(`[push] ${l}`) });
    if (kind === 'status') {
      console.log(await pushStatus(db.prisma));
      return 0;
    }
    if (kind === 'requeue') {
      console.log(`requeued ${await requeueFailed(db.prisma, now)} failed push(es)`);
      return 0;
    }
    if (kind !== 'deliver') {
      for (const job of KINDS[kind]) {
        if (dryRun) {
          let planned = await scheduler.plan(job, now, { teamId });
          if (teamId && job === 'reminders') {
            const members = new Set((await db.prisma.user.findMany({ where: { teamId }, select: { id: true } })).map((u) => u.id));
            planned = planned.filter((p) => p.recipient.kind === 'user' && members.has(p.recipient.userId));
          }
          console.log(`# ${job} at ${formatIsoLocal(now)} (dry run: nothing recorded or sent) — ${planned.length} message(s)`);
          for (const p of planned) console.log(renderPlanned(p, now));
        } else {
          const r = await scheduler.runJob(job, now, { teamId });
          console.log(`# ${job}: ${r.planned} planned, ${r.enqueued} newly recorded (the rest were recorded before)`);
        }
      }
    }
    if (!dryRun) {
      // Only the console channel here: pushes for WeCom/Slack users stay queued for `npm run serve`.
      const d = await scheduler.deliver(now, { unreachable: 'leave' });
      console.log(`# delivered: ${d.sent} sent, ${d.retried} to retry, ${d.held} held for quiet hours, ${d.left} left queued for the server (no console name)`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
