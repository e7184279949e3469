// 日报: generated from the day's records — nothing is re-entered. Per person: new customers,
// activities by type, new and advanced opportunities, contracts signed, tasks done and overdue;
// plus a team roll-up for managers. Counted with SQL aggregates (groupBy / count / sum).
import type { ActivityType } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { ACTIVITY_LABEL, fmtMoney, type Lang } from '../i18n.js';
import { getStages, stageIndex } from '../stages.js';
import { formatDate, startOfLocalDay } from '../time.js';

export const ACTIVITY_TYPES: ActivityType[] = ['VISIT', 'CALL', 'WECHAT', 'MEETING', 'EMAIL', 'OTHER'];

export interface DailyReportRow {
  userId: string;
  displayName: string;
  role: string;
  newCustomers: number;
  activities: Record<ActivityType, number>;
  activityTotal: number;
  newOpportunities: number;
  newPipeline: number;
  /** Opportunities moved to a later open stage or to a won stage during the day. */
  advancedOpportunities: number;
  contractsSigned: number;
  contractAmount: number;
  tasksDone: number;
  /** OPEN tasks whose due time had passed at `asOf` (however old). */
  tasksOverdue: number;
}

export interface DailyRange {
  start: Date;
  end: Date;
  /** Overdue is judged at this instant: min(now, end of day). */
  asOf: Date;
}

/** The local day containing `now` in `tz`. */
export function dailyRange(now: Date, tz: string): DailyRange {
  const start = startOfLocalDay(now, tz);
  const end = startOfLocalDay(now, tz, 1);
  return { start, end, asOf: now < end ? now : end };
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(String(v)));

/**
 * One row per user in `userIds` (in the given order), however quiet their day was. Users are
 * taken as given: the caller decides the scope (a rep: themself; a manager: visibleUserIds).
 */
export async function computeDailyReport(db: Tx, userIds: string[], range: DailyRange): Promise<DailyReportRow[]> {
  if (!userIds.length) return [];
  const { start, end, asOf } = range;
  const inDay = { gte: start, lt: end };
  const [users, custs, acts, opps, moves, contracts, done, overdue] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true, role: true } }),
    db.customer.groupBy({ by: ['ownerId'], where: { ownerId: { in: userIds }, createdAt: inDay }, _count: { _all: true } }),
    db.activity.groupBy({ by: ['authorId', 'type'], where: { authorId: { in: userIds }, occurredAt: inDay }, _count: { _all: true } }),
    db.opportunity.groupBy({ by: ['ownerId'], where: { ownerId: { in: userIds }, createdAt: inDay }, _count: { _all: true }, _sum: { amount: true } }),
    // Stage moves of the day grouped by (owner, opportunity, from, to): "advanced" needs the
    // funnel order, which lives in the stage config rather than the database.
    db.stageChange.findMany({
      where: { changedAt: inDay, fromStage: { not: null }, opportunity: { ownerId: { in: userIds } } },
      select: { opportunityId: true, fromStage: true, toStage: true, opportunity: { select: { ownerId: true } } },
    }),
    db.contract.groupBy({ by: ['ownerId'], where: { ownerId: { in: userIds }, signedAt: inDay }, _count: { _all: true }, _sum: { amount: true } }),
    db.task.groupBy({ by: ['assigneeId'], where: { assigneeId: { in: userIds }, status: 'DONE', completedAt: inDay }, _count: { _all: true } }),
    db.task.groupBy({ by: ['assigneeId'], where: { assigneeId: { in: userIds }, status: 'OPEN', dueAt: { lt: asOf } }, _count: { _all: true } }),
  ]);
  const stages = getStages();
  const advanced = new Map<string, Set<string>>();
  for (const m of moves) {
    const to = stages.find((s) => s.key === m.toStage);
    if (to?.closes === 'LOST') continue;
    const forward = to?.closes === 'WON' || stageIndex(m.toStage, stages) > stageIndex(m.fromStage!, stages);
    if (!forward) continue;
    const set = advanced.get(m.opportunity.ownerId) ?? new Set<string>();
    set.add(m.opportunityId);
    advanced.set(m.opportunity.ownerId, set);
  }
  const byUser = <T extends Record<string, unknown>>(rows: T[], key: keyof T) => new Map(rows.map((r) => [r[key] as string, r]));
  const custM = byUser(custs, 'ownerId');
  const oppM = byUser(opps, 'ownerId');
  const conM = byUser(contracts, 'ownerId');
  const doneM = byUser(done, 'assigneeId');
  const overM = byUser(overdue, 'assigneeId');
  const names = new Map(users.map((u) => [u.id, u]));
  return userIds
    .filter((id) => names.has(id))
    .map((id) => {
      const activities = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, 0])) as Record<ActivityType, number>;
      for (const a of acts) if (a.authorId === id) activities[a.type] = a._count._all;
      return {
        userId: id,
        displayName: names.get(id)!.displayName,
        role: names.get(id)!.role,
        newCustomers: custM.get(id)?._count._all ?? 0,
        activities,
        activityTotal: ACTIVITY_TYPES.reduce((s, t) => s + activities[t], 0),
        newOpportunities: oppM.get(id)?._count._all ?? 0,
        newPipeline: n(oppM.get(id)?._sum.amount),
        advancedOpportunities: advanced.get(id)?.size ?? 0,
        contractsSigned: conM.get(id)?._count._all ?? 0,
        contractAmount: n(conM.get(id)?._sum.amount),
        tasksDone: doneM.get(id)?._count._all ?? 0,
        tasksOverdue: overM.get(id)?._count._all ?? 0,
      };
    });
}

function activityText(row: Pick<DailyReportRow, 'activities' | 'activityTotal'>, lang: Lang): string {
  if (!row.activityTotal) return '0';
  const parts = ACTIVITY_TYPES.filter((t) => row.activities[t]).map((t) => `${ACTIVITY_LABEL[t][lang]} ${row.activities[t]}`);
  return `${row.activityTotal}（${parts.join(lang === 'zh' ? '，' : ', ')}）`;
}

function body(r: Omit<DailyReportRow, 'userId' | 'displayName' | 'role'>, lang: Lang): string[] {
  return lang === 'zh'
    ? [
        `• 新客户：${r.newCustomers}`,
        `• 跟进：${activityText(r, lang)}`,
        `• 新增商机：${r.newOpportunities}（${fmtMoney(r.newPipeline, lang)}） · 推进商机：${r.advancedOpportunities}`,
        `• 签约：${r.contractsSigned}（${fmtMoney(r.contractAmount, lang)}）`,
        `• 完成待办：${r.tasksDone} · 逾期待办：${r.tasksOverdue}`,
      ]
    : [
        `• New customers: ${r.newCustomers}`,
        `• Activities: ${activityText(r, lang).replace('（', ' (').replace('）', ')')}`,
        `• New opportunities: ${r.newOpportunities} (${fmtMoney(r.newPipeline, lang)}) · advanced: ${r.advancedOpportunities}`,
        `• Contracts signed: ${r.contractsSigned} (${fmtMoney(r.contractAmount, lang)})`,
        `• Tasks done: ${r.tasksDone} · overdue: ${r.tasksOverdue}`,
      ];
}

export function formatDailyReport(row: DailyReportRow, lang: Lang, day: Date, tz: string): string {
  const head = lang === 'zh' ? `📝 ${row.displayName} 的日报 · ${formatDate(day, lang, tz)}` : `📝 Daily report · ${row.displayName} · ${formatDate(day, lang, tz)}`;
  const empty = !row.newCustomers && !row.activityTotal && !row.newOpportunities && !row.advancedOpportunities && !row.contractsSigned && !row.tasksDone;
  const hint = empty ? [lang === 'zh' ? '今天还没有记录。拜访、电话直接发给我就会记入日报。' : 'Nothing logged today. Just tell me about your visits and calls and they will show up here.'] : [];
  return [head, ...body(row, lang), ...hint].join('\n');
}

export function sumRows(rows: DailyReportRow[]): Omit<DailyReportRow, 'userId' | 'displayName' | 'role'> {
  const activities = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, rows.reduce((s, r) => s + r.activities[t], 0)])) as Record<ActivityType, number>;
  const sum = (k: keyof DailyReportRow) => rows.reduce((s, r) => s + (r[k] as number), 0);
  return {
    newCustomers: sum('newCustomers'),
    activities,
    activityTotal: sum('activityTotal'),
    newOpportunities: sum('newOpportunities'),
    newPipeline: sum('newPipeline'),
    advancedOpportunities: sum('advancedOpportunities'),
    contractsSigned: sum('contractsSigned'),
    contractAmount: sum('contractAmount'),
    tasksDone: sum('tasksDone'),
    tasksOverdue: sum('tasksOverdue'),
  };
}

/** Team roll-up: the totals, then one compact line per person. */
export function formatRollup(rows: DailyReportRow[], lang: Lang, day: Date, tz: string, title?: string): string {
  const zh = lang === 'zh';
  const head = title ?? (zh ? `📊 团队日报 · ${formatDate(day, lang, tz)}（${rows.length}人）` : `📊 Team daily report · ${formatDate(day, lang, tz)} (${rows.length} people)`);
  const lines = [head, ...body(sumRows(rows), lang), zh ? '— 个人 —' : '— By person —'];
  for (const r of rows) {
    lines.push(
      zh
        ? `${r.displayName}：新客户 ${r.newCustomers} · 跟进 ${r.activityTotal} · 新商机 ${r.newOpportunities} · 推进 ${r.advancedOpportunities} · 签约 ${r.contractsSigned}（${fmtMoney(r.contractAmount, lang)}） · 完成 ${r.tasksDone} · 逾期 ${r.tasksOverdue}`
        : `${r.displayName}: new customers ${r.newCustomers} · activities ${r.activityTotal} · new opps ${r.newOpportunities} · advanced ${r.advancedOpportunities} · signed ${r.contractsSigned} (${fmtMoney(r.contractAmount, lang)}) · done ${r.tasksDone} · overdue ${r.tasksOverdue}`,
    );
  }
  return lines.join('\n');
}
