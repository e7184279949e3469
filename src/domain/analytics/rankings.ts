// Rankings for any period: activities logged, new customers, new pipeline and won money
// (deals/won.ts) per rep. Only reps are ranked: a manager's own deals are shown as a footnote so
// the totals still add up to the team's. Used by the "本月排名" question and the weekly/monthly
// push (src/schedulers).
import type { Tx } from '../context.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { scopeWhere, num } from './sql.js';
import { renderTable } from './table.js';
import { wonAmountByUser } from '../deals/won.js';

export type RankingMetric = 'activities' | 'newCustomers' | 'newPipeline' | 'wonAmount';
export const RANKING_METRICS: RankingMetric[] = ['wonAmount', 'newPipeline', 'newCustomers', 'activities'];

export interface RankingRow {
  userId: string;
  displayName: string;
  activities: number;
  newCustomers: number;
  newPipeline: number;
  wonAmount: number;
  rank: Record<RankingMetric, number>;
}

/** Competition ranking (1,1,3): a value's rank is 1 + how many values are strictly greater. */
export function competitionRanks(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((x) => x > v).length);
}

/**
 * One row per rep in scope (userIds null = everyone): every active rep, including those with no
 * activity at all, and former reps who still have figures in the period; ordered by won amount,
 * then new pipeline, activities, name. Everything is summed in SQL per user.
 */
export async function computeRankings(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date }): Promise<RankingRow[]> {
  const { userIds, start, end } = opts;
  if (userIds && userIds.length === 0) return [];
  const scope = scopeWhere(userIds);
  const [acts, custs, pipe, won] = await Promise.all([
    db.activity.groupBy({ by: ['authorId'], where: { authorId: scope, occurredAt: { gte: start, lt: end } }, _count: { _all: true } }),
    db.customer.groupBy({ by: ['ownerId'], where: { ownerId: scope, createdAt: { gte: start, lt: end } }, _count: { _all: true } }),
    db.opportunity.groupBy({ by: ['ownerId'], where: { ownerId: scope, createdAt: { gte: start, lt: end } }, _sum: { amount: true } }),
    wonAmountByUser(db, userIds, start, end),
  ]);
  const activities = new Map(acts.map((r) => [r.authorId, r._count._all]));
  const newCustomers = new Map(custs.map((r) => [r.ownerId, r._count._all]));
  const newPipeline = new Map(pipe.map((r) => [r.ownerId, num(r._sum.amount)]));
  const withData = new Set([...activities.keys(), ...newCustomers.keys(), ...newPipeline.keys(), ...won.keys()]);
  const users = await db.user.findMany({
    where: { id: scope, role: 'REP', OR: [{ active: true }, { id: { in: [...withData] } }] },
    select: { id: true, displayName: true },
  });
  const rows: RankingRow[] = users.map((u) => ({
    userId: u.id,
    displayName: u.displayName,
    activities: activities.get(u.id) ?? 0,
    newCustomers: newCustomers.get(u.id) ?? 0,
    newPipeline: newPipeline.get(u.id) ?? 0,
    wonAmount: won.get(u.id) ?? 0,
    rank: { activities: 0, newCustomers: 0, newPipeline: 0, wonAmount: 0 },
  }));
  for (const m of RANKING_METRICS) {
    const ranks = competitionRanks(rows.map((r) => r[m]));
    rows.forEach((r, i) => (r.rank[m] = ranks[i]));
  }
  return rows.sort(
    (a, b) => b.wonAmount - a.wonAmount || b.newPipeline - a.newPipeline || b.activities - a.activities || b.newCustomers - a.newCustomers || a.displayName.localeCompare(b.displayName, 'zh'),
  );
}

const HEAD: Record<Lang, string[]> = {
  zh: ['名次', '姓名', '赢单金额', '新增商机', '新客户', '跟进次数'],
  en: ['#', 'Name', 'Won', 'New pipeline', 'New customers', 'Activities'],
};

/** Won money of the people in scope who are not reps (managers selling themselves): the footnote. */
export async function nonRepWon(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<number> {
  const won = await wonAmountByUser(db, userIds, start, end);
  if (!won.size) return 0;
  const others = await db.user.findMany({ where: { id: { in: [...won.keys()] }, role: { not: 'REP' } }, select: { id: true } });
  return others.reduce((s, u) => s + (won.get(u.id) ?? 0), 0);
}

/** Title line, then a table ordered as given; the 名次 column is the won-amount rank. */
export function formatRankings(rows: RankingRow[], lang: Lang, title: string, othersWon = 0): string {
  if (!rows.length) return `${title}\n${lang === 'zh' ? '（范围内没有销售人员）' : '(nobody in scope)'}`;
  const h = HEAD[lang];
  const cell = (n: number, r: number, money: boolean) => `${money ? fmtMoney(n, lang) : String(n)}${r === 1 && n > 0 ? ' 🏆' : ''}`;
  const table = renderTable(
    [{ header: h[0], align: 'right' }, { header: h[1], max: 12 }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }],
    rows.map((r) => [
      String(r.rank.wonAmount),
      r.displayName,
      cell(r.wonAmount, r.rank.wonAmount, true),
      cell(r.newPipeline, r.rank.newPipeline, true),
      cell(r.newCustomers, r.rank.newCustomers, false),
      cell(r.activities, r.rank.activities, false),
    ]),
  );
  const totals = rows.reduce((t, r) => ({ won: t.won + r.wonAmount, pipe: t.pipe + r.newPipeline, cust: t.cust + r.newCustomers, act: t.act + r.activities }), { won: 0, pipe: 0, cust: 0, act: 0 });
  const foot = lang === 'zh'
    ? `合计：赢单 ${fmtMoney(totals.won, lang)} · 新增商机 ${fmtMoney(totals.pipe, lang)} · 新客户 ${totals.cust} · 跟进 ${totals.act} 次（🏆 该项第一）`
    : `Total: won ${fmtMoney(totals.won, lang)} · new pipeline ${fmtMoney(totals.pipe, lang)} · new customers ${totals.cust} · activities ${totals.act} (🏆 top of that column)`;
  const others = othersWon > 0 ? `\n${lang === 'zh' ? `另有经理本人赢单 ${fmtMoney(othersWon, lang)}（不参与排名）` : `Managers' own won deals: ${fmtMoney(othersWon, lang)} (not ranked)`}` : '';
  return `${title}\n${table}\n${foot}${others}`;
}
