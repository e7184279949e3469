// The report pushes: 日报 to each rep, the roll-up to managers, 周/月排名 to the team chat.
import { computeRankings, formatRankings, nonRepWon } from '../analytics/rankings.js';
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import type { PlannedPush } from '../pushes/types.js';
import { localMonthRange, localWeekRange, teamMembers, userRecipient, type TeamCtx } from '../pushes/team.js';
import { formatDate, localDateKey } from '../time.js';
import { teamTreeIds, visibleUserIds } from '../users.js';
import { computeDailyReport, dailyRange, formatDailyReport, formatRollup, rollupRows, type DailyReportRow } from './daily.js';

/** Active non-admin users of a team and all its sub-teams. */
export async function teamTreeUserIds(db: Tx, teamId: string): Promise<string[]> {
  const teams = await teamTreeIds(db, teamId);
  const users = await db.user.findMany({ where: { teamId: { in: teams }, active: true, role: { not: 'ADMIN' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  return users.map((u) => u.id);
}

/** Everyone a manager's roll-up covers: active non-admin users in their scope, oldest first. */
export async function rollupUserIds(db: Tx, viewer: { id: string; role: 'REP' | 'MANAGER' | 'ADMIN'; teamId: string | null }): Promise<string[]> {
  const scope = await visibleUserIds(db, viewer);
  const users = await db.user.findMany({
    where: { active: true, role: { not: 'ADMIN' }, ...(scope ? { id: { in: scope } } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  return users.map((u) => u.id);
}

export async function dailyReportPushes(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const reps = (await teamMembers(db, team.id)).filter((m) => m.role === 'REP');
  const rows = await computeDailyReport(db, reps.map((r) => r.id), dailyRange(now, team.tz), team.currency);
  const date = localDateKey(now, team.tz);
  return rows.map((row) => {
    const rep = reps.find((r) => r.id === row.userId)!;
    return {
      kind: 'daily' as const,
      recipient: userRecipient(row.userId),
      recipientName: row.displayName,
      periodKey: `daily:${date}`,
      message: { text: formatDailyReport(row, rep.lang, now, team.tz, undefined, team.currency) },
      tz: team.tz,
      quiet: team.settings.quietHours,
    };
  });
}

export async function dailyRollupPushes(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const managers = (await teamMembers(db, team.id)).filter((m) => m.role === 'MANAGER');
  const date = localDateKey(now, team.tz);
  const range = dailyRange(now, team.tz);
  const out: PlannedPush[] = [];
  for (const m of managers) {
    const rows: DailyReportRow[] = rollupRows(await computeDailyReport(db, await rollupUserIds(db, m), range, team.currency));
    out.push({
      kind: 'daily_rollup',
      recipient: userRecipient(m.id),
      recipientName: m.displayName,
      periodKey: `daily:${date}`,
      message: { text: formatRollup(rows, m.lang, now, team.tz, undefined, undefined, team.currency) },
      tz: team.tz,
      quiet: team.settings.quietHours,
    });
  }
  return out;
}

/**
 * The team's ranking for the previous week (run on the weekly day) or previous month (run on the
 * 1st), to the team chat; a team without a chatTarget gets it sent to its managers instead.
 */
export async function rankingPushes(db: Tx, now: Date, team: TeamCtx, period: 'weekly' | 'monthly'): Promise<PlannedPush[]> {
  const range = period === 'weekly' ? localWeekRange(now, team.tz, -1) : localMonthRange(now, team.tz, -1);
  const members = await teamMembers(db, team.id);
  // The team and its sub-teams, as its manager sees it.
  const userIds = await teamTreeUserIds(db, team.id);
  if (!userIds.length) return [];
  const rows = await computeRankings(db, { userIds, start: range.start, end: range.end, currency: team.currency });
  const othersWon = await nonRepWon(db, userIds, range.start, range.end);
  const title = (lang: Lang) => {
    const last = new Date(range.end.getTime() - 1);
    if (period === 'monthly') {
      const { year, month } = localMonthRange(now, team.tz, -1);
      return lang === 'zh' ? `🏅 ${team.name} ${year}年${month}月排名` : `🏅 ${team.name} ranking for ${year}-${String(month).padStart(2, '0')}`;
    }
    return lang === 'zh'
      ? `🏅 ${team.name} 周排名（${formatDate(range.start, lang, team.tz)}–${formatDate(last, lang, team.tz)}）`
      : `🏅 ${team.name} weekly ranking (${formatDate(range.start, lang, team.tz)} – ${formatDate(last, lang, team.tz)})`;
  };
  const kind = period === 'weekly' ? ('weekly_ranking' as const) : ('monthly_ranking' as const);
  const periodKey = `${period}:${range.key}`;
  if (team.chatTarget) {
    return [{ kind, recipient: { kind: 'chat', target: team.chatTarget }, recipientName: team.chatTarget, periodKey, message: { text: formatRankings(rows, team.lang, title(team.lang), othersWon, team.currency) }, tz: team.tz, quiet: team.settings.quietHours }];
  }
  return members
    .filter((m) => m.role === 'MANAGER')
    .map((m) => ({ kind, recipient: userRecipient(m.id), recipientName: m.displayName, periodKey, message: { text: formatRankings(rows, m.lang, title(m.lang), othersWon, team.currency) }, tz: team.tz, quiet: team.settings.quietHours }));
}
