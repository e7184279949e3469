// The scheduled jobs as plain functions of (db, now): each one plans pushes with the domain
// builders, and `commitPlanned` records them in the outbox. Cron only decides WHEN to call them;
// tests and `npm run cli -- push` call them directly with any `now`.
import type { Tx } from '../domain/context.js';
import { dealAlerts } from '../domain/deals/alerts.js';
import { paymentReminders } from '../domain/deals/paymentReminders.js';
import { hotNudges } from '../domain/nudges.js';
import { enqueuePlanned } from '../domain/pushes/outbox.js';
import type { PlannedPush } from '../domain/pushes/types.js';
import type { TeamCtx } from '../domain/pushes/team.js';
import { dueReminders, morningDigests } from '../domain/reminders.js';
import { visitBriefings, visitFollowUps } from '../domain/tasks/briefing.js';
import { dailyReportPushes, dailyRollupPushes, rankingPushes } from '../domain/reports/pushes.js';
import { stalledAlerts, stalledWeekly } from '../domain/stalled.js';
import { hhmmToMinutes, minuteOfDay, type SchedulerSettings } from './config.js';
import { localDateKey, toLocal } from '../domain/time.js';

/** Jobs that run per team at a configured local time. */
export const TEAM_JOBS = ['digest', 'hot', 'stalled', 'stalledWeekly', 'dailyReport', 'dailyRollup', 'weeklyRanking', 'monthlyRanking', 'paymentReminders'] as const;
export type TeamJob = (typeof TEAM_JOBS)[number];
/** reminders: due tasks, every minute. alerts: deal alerts and hand-over reports, every minute, per team. */
export type JobName = 'reminders' | 'alerts' | TeamJob;

export async function planTeamJob(db: Tx, job: TeamJob, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  switch (job) {
    case 'digest':
      return morningDigests(db, now, team);
    case 'hot':
      return hotNudges(db, now, team);
    case 'stalled':
      return stalledAlerts(db, now, team);
    case 'stalledWeekly':
      return stalledWeekly(db, now, team);
    case 'dailyReport':
      return dailyReportPushes(db, now, team);
    case 'dailyRollup':
      return dailyRollupPushes(db, now, team);
    case 'weeklyRanking':
      return rankingPushes(db, now, team, 'weekly');
    case 'monthlyRanking':
      return rankingPushes(db, now, team, 'monthly');
    case 'paymentReminders':
      return paymentReminders(db, now, team);
  }
}

/** Deal alerts and hand-over reports of one team (every tick; see deals/alerts.ts). */
export async function planAlerts(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  return dealAlerts(db, now, team);
}

/** Every minute: due reminders, the briefings before visits and meetings, and the question after them. */
export async function planReminders(db: Tx, now: Date, opts: { defaultTz?: string } = {}): Promise<PlannedPush[]> {
  return [...(await dueReminders(db, now, opts)), ...(await visitBriefings(db, now, opts)), ...(await visitFollowUps(db, now, opts))];
}

/**
 * Records planned pushes in the outbox; returns how many were new (the rest were recorded
 * before — by an earlier run or another instance). Reminders also stamp Task.remindedAt, only
 * if the task still has the due time the reminder was planned for.
 */
export async function commitPlanned(db: Tx, planned: PlannedPush[], now: Date): Promise<number> {
  let created = 0;
  for (const p of planned) {
    if (await enqueuePlanned(db, p, now)) created++;
    if (p.taskId && p.taskDueAt) {
      await db.task.updateMany({ where: { id: p.taskId, dueAt: p.taskDueAt, remindedAt: null }, data: { remindedAt: now } });
    }
  }
  return created;
}

/**
 * When is a team job due? Returns the occurrence key (local date) if `now` is within
 * [scheduled time, scheduled time + catchUpMinutes) on a day the job runs, else null.
 * The window lets a job missed during a restart still run; the outbox key keeps it once-only.
 */
export function dueOccurrence(job: TeamJob | 'pool', now: Date, tz: string, s: SchedulerSettings): string | null {
  const jobKey = job as keyof SchedulerSettings['times'];
  if (s.disabled.includes(job)) return null;
  const l = toLocal(now, tz);
  const daily = job === 'digest' || job === 'hot' || job === 'stalled' || job === 'dailyReport' || job === 'dailyRollup';
  if (daily && !s.workdays.includes(l.weekday)) return null;
  if ((job === 'stalledWeekly' || job === 'weeklyRanking') && l.weekday !== s.weeklyDay) return null;
  if (job === 'monthlyRanking' && l.day !== 1) return null;
  const delta = minuteOfDay(l) - hhmmToMinutes(s.times[jobKey]);
  if (delta < 0 || delta >= s.catchUpMinutes) return null;
  return localDateKey(now, tz);
}
