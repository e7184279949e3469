// 日报 (and the 周报/月报 built on it): generated from the period's records — nothing is
// re-entered. Per person: new customers, activities by type, new and advanced opportunities, won
// money (deals/won.ts), deals lost, payments received, tasks done and overdue, and the customers
// worked on with a one-line summary and outcome each (touches.ts); plus a team roll-up for
// managers. Counted with SQL aggregates (groupBy / count / sum). Money is summed per currency
// (money/totals.ts) and printed with the team's reporting currency first: "45万元 + $80,000".
import type { ActivityType } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { ACTIVITY_LABEL, type Lang } from '../i18n.js';
import { getStages, stageIndex } from '../stages.js';
import { formatDate, startOfLocalDay } from '../time.js';
import { paymentsByUser, wonByUser } from '../deals/won.js';
import { touchesByUser, touchLines, type CustomerTouch } from './touches.js';
import { addAmounts, amountIn, amountsByKey, DEFAULT_CURRENCY, fmtAmounts, isZero, NO_AMOUNTS, type Amounts } from '../money/totals.js';

export const ACTIVITY_TYPES: ActivityType[] = ['VISIT', 'CALL', 'WECHAT', 'MEETING', 'EMAIL', 'OTHER'];

export interface DailyReportRow {
  userId: string;
  displayName: string;
  role: string;
  newCustomers: number;
  activities: Record<ActivityType, number>;
  activityTotal: number;
  newOpportunities: number;
  /** newPipeline, wonAmount, received: the reporting-currency part of the *Amounts beside them. */
  newPipeline: number;
  newPipelineAmounts: Amounts;
  /** Opportunities moved to a later open stage or to a won stage during the day. */
  advancedOpportunities: number;
  /** Won deals and won money in the period (the same definition as rankings and targets). */
  won: number;
  wonAmount: number;
  wonAmounts: Amounts;
  lost: number;
  received: number;
  receivedAmounts: Amounts;
  tasksDone: number;
  /** OPEN tasks whose due time had passed at `asOf` (however old). */
  tasksOverdue: number;
  /** Customers worked on, most recent first. */
  customers: CustomerTouch[];
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

/**
 * One row per user in `userIds` (in the given order), however quiet their day was. Users are
 * taken as given: the caller decides the scope (a rep: themself; a manager: visibleUserIds).
 * `currency` is the reporting currency the plain money numbers are in (default CNY).
 */
export async function computeDailyReport(db: Tx, userIds: string[], range: DailyRange, currency = DEFAULT_CURRENCY): Promise<DailyReportRow[]> {
  if (!userIds.length) return [];
  const { start, end, asOf } = range;
  const inDay = { gte: start, lt: end };
  const [users, custs, acts, opps, moves, won, lost, received, done, overdue, touches] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true, role: true } }),
    db.customer.groupBy({ by: ['ownerId'], where: { ownerId: { in: userIds }, createdAt: inDay }, _count: { _all: true } }),
    db.activity.groupBy({ by: ['authorId', 'type'], where: { authorId: { in: userIds }, occurredAt: inDay }, _count: { _all: true } }),
    db.opportunity.groupBy({ by: ['ownerId', 'currency'], where: { ownerId: { in: userIds }, createdAt: inDay }, _count: { _all: true }, _sum: { amount: true } }),
    // Stage moves of the day grouped by (owner, opportunity, from, to): "advanced" needs the
    // funnel order, which lives in the stage config rather than the database.
    db.stageChange.findMany({
      where: { changedAt: inDay, fromStage: { not: null }, opportunity: { ownerId: { in: userIds } } },
      select: { opportunityId: true, fromStage: true, toStage: true, opportunity: { select: { ownerId: true } } },
    }),
    wonByUser(db, userIds, start, end),
    db.opportunity.groupBy({ by: ['ownerId'], where: { ownerId: { in: userIds }, status: 'LOST', closedAt: inDay }, _count: { _all: true } }),
    paymentsByUser(db, userIds, start, end),
    db.task.groupBy({ by: ['assigneeId'], where: { assigneeId: { in: userIds }, status: 'DONE', completedAt: inDay }, _count: { _all: true } }),
    db.task.groupBy({ by: ['assigneeId'], where: { assigneeId: { in: userIds }, status: 'OPEN', dueAt: { lt: asOf } }, _count: { _all: true } }),
    touchesByUser(db, userIds, start, end),
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
  const oppN = new Map<string, number>();
  for (const o of opps) oppN.set(o.ownerId, (oppN.get(o.ownerId) ?? 0) + o._count._all);
  const pipeM = amountsByKey(opps.map((o) => ({ ownerId: o.ownerId, currency: o.currency, amount: o._sum.amount })), (r) => r.ownerId as string);
  const lostM = byUser(lost, 'ownerId');
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
        newOpportunities: oppN.get(id) ?? 0,
        newPipeline: amountIn(pipeM.get(id), currency),
        newPipelineAmounts: pipeM.get(id) ?? NO_AMOUNTS,
        advancedOpportunities: advanced.get(id)?.size ?? 0,
        won: won.get(id)?.count ?? 0,
        wonAmount: amountIn(won.get(id)?.amount, currency),
        wonAmounts: won.get(id)?.amount ?? NO_AMOUNTS,
        lost: lostM.get(id)?._count._all ?? 0,
        received: amountIn(received.get(id), currency),
        receivedAmounts: received.get(id) ?? NO_AMOUNTS,
        tasksDone: doneM.get(id)?._count._all ?? 0,
        tasksOverdue: overM.get(id)?._count._all ?? 0,
        customers: touches.get(id) ?? [],
      };
    });
}

function activityText(row: Pick<DailyReportRow, 'activities' | 'activityTotal'>, lang: Lang): string {
  if (!row.activityTotal) return '0';
  const parts = ACTIVITY_TYPES.filter((t) => row.activities[t]).map((t) => `${ACTIVITY_LABEL[t][lang]} ${row.activities[t]}`);
  return `${row.activityTotal}（${parts.join(lang === 'zh' ? '，' : ', ')}）`;
}

type Totals = Omit<DailyReportRow, 'userId' | 'displayName' | 'role' | 'customers'>;

function body(r: Totals, lang: Lang, cur: string): string[] {
  const money = (a: Amounts) => fmtAmounts(a, lang, cur);
  const extra = (zh: boolean) => [
    r.lost ? (zh ? `丢单 ${r.lost}` : `lost ${r.lost}`) : null,
    !isZero(r.receivedAmounts) ? (zh ? `回款 ${money(r.receivedAmounts)}` : `collected ${money(r.receivedAmounts)}`) : null,
  ].filter(Boolean);
  const tail = (zh: boolean) => (extra(zh).length ? ` · ${extra(zh).join(' · ')}` : '');
  return lang === 'zh'
    ? [
        `• 新客户：${r.newCustomers}`,
        `• 跟进：${activityText(r, lang)}`,
        `• 新增商机：${r.newOpportunities}（${money(r.newPipelineAmounts)}） · 推进商机：${r.advancedOpportunities}`,
        `• 签约：${r.won}（${money(r.wonAmounts)}）${tail(true)}`,
        `• 完成待办：${r.tasksDone} · 逾期待办：${r.tasksOverdue}`,
      ]
    : [
        `• New customers: ${r.newCustomers}`,
        `• Activities: ${activityText(r, lang).replace('（', ' (').replace('）', ')').replace(/，/g, ', ')}`,
        `• New opportunities: ${r.newOpportunities} (${money(r.newPipelineAmounts)}) · advanced: ${r.advancedOpportunities}`,
        `• Won: ${r.won} (${money(r.wonAmounts)})${tail(false)}`,
        `• Tasks done: ${r.tasksDone} · overdue: ${r.tasksOverdue}`,
      ];
}

/** "客户（3）" and one line per customer worked on. */
function customerSection(r: Pick<DailyReportRow, 'customers'>, lang: Lang, max: number): string[] {
  if (!r.customers.length) return [];
  return [lang === 'zh' ? `客户（${r.customers.length}）：` : `Customers (${r.customers.length}):`, ...touchLines(r.customers, lang, max)];
}

export function isQuiet(row: Totals & Pick<DailyReportRow, 'customers'>): boolean {
  return !row.newCustomers && !row.activityTotal && !row.newOpportunities && !row.advancedOpportunities && !row.won && !row.lost && isZero(row.receivedAmounts) && !row.tasksDone && !row.customers.length;
}

/** Roll-ups list every rep; managers and others only when they have something on record. */
export function rollupRows(rows: DailyReportRow[]): DailyReportRow[] {
  return rows.filter((r) => r.role === 'REP' || !isQuiet(r) || r.tasksOverdue > 0);
}

export function formatDailyReport(row: DailyReportRow, lang: Lang, day: Date, tz: string, title?: string, currency = DEFAULT_CURRENCY): string {
  const head = title ?? (lang === 'zh' ? `📝 ${row.displayName} 的日报 · ${formatDate(day, lang, tz)}` : `📝 Daily report · ${row.displayName} · ${formatDate(day, lang, tz)}`);
  const hint = isQuiet(row) ? [title ? (lang === 'zh' ? '这段时间还没有记录。' : 'Nothing logged in this period.') : lang === 'zh' ? '今天还没有记录。拜访、电话直接发给我就会记入日报。' : 'Nothing logged today. Just tell me about your visits and calls and they will show up here.'] : [];
  return [head, ...body(row, lang, currency), ...customerSection(row, lang, 15), ...hint].join('\n');
}

export function sumRows(rows: DailyReportRow[]): Totals {
  const activities = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, rows.reduce((s, r) => s + r.activities[t], 0)])) as Record<ActivityType, number>;
  const sum = (k: keyof DailyReportRow) => rows.reduce((s, r) => s + (r[k] as number), 0);
  return {
    newCustomers: sum('newCustomers'),
    activities,
    activityTotal: sum('activityTotal'),
    newOpportunities: sum('newOpportunities'),
    newPipeline: sum('newPipeline'),
    newPipelineAmounts: addAmounts(...rows.map((r) => r.newPipelineAmounts)),
    advancedOpportunities: sum('advancedOpportunities'),
    won: sum('won'),
    wonAmount: sum('wonAmount'),
    wonAmounts: addAmounts(...rows.map((r) => r.wonAmounts)),
    lost: sum('lost'),
    received: sum('received'),
    receivedAmounts: addAmounts(...rows.map((r) => r.receivedAmounts)),
    tasksDone: sum('tasksDone'),
    tasksOverdue: sum('tasksOverdue'),
  };
}

/** Team roll-up: the totals, then per person a compact line and the customers they worked on. */
export function formatRollup(rows: DailyReportRow[], lang: Lang, day: Date, tz: string, title?: string, perPerson = 5, currency = DEFAULT_CURRENCY): string {
  const zh = lang === 'zh';
  const head = title ?? (zh ? `📊 团队日报 · ${formatDate(day, lang, tz)}（${rows.length}人）` : `📊 Team daily report · ${formatDate(day, lang, tz)} (${rows.length} people)`);
  const lines = [head, ...body(sumRows(rows), lang, currency), zh ? '— 个人 —' : '— By person —'];
  for (const r of rows) {
    lines.push(
      zh
        ? `${r.displayName}：新客户 ${r.newCustomers} · 跟进 ${r.activityTotal} · 新商机 ${r.newOpportunities} · 推进 ${r.advancedOpportunities} · 签约 ${r.won}（${fmtAmounts(r.wonAmounts, lang, currency)}） · 完成 ${r.tasksDone} · 逾期 ${r.tasksOverdue}`
        : `${r.displayName}: new customers ${r.newCustomers} · activities ${r.activityTotal} · new opps ${r.newOpportunities} · advanced ${r.advancedOpportunities} · won ${r.won} (${fmtAmounts(r.wonAmounts, lang, currency)}) · done ${r.tasksDone} · overdue ${r.tasksOverdue}`,
    );
    lines.push(...touchLines(r.customers, lang, perPerson, 30).map((l) => `  ${l}`));
  }
  return lines.join('\n');
}
