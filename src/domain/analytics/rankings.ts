// Rankings for any period: activities logged, new customers, new pipeline and won money
// (deals/won.ts) per rep. Only reps are ranked: a manager's own deals are shown as a footnote so
// the totals still add up to the team's. Used by the "本月排名" question and the weekly/monthly
// push (src/schedulers). Money is per currency (money/totals.ts): the order and the 🏆 go by the
// team's reporting currency only, other currencies are shown beside it and the foot says what the
// ranking left out — no exchange rates are invented.
import type { Tx } from '../context.js';
import { type Lang } from '../i18n.js';
import { scopeWhere } from './sql.js';
import { addAmounts, amountIn, amountsByKey, DEFAULT_CURRENCY, fmtAmounts, foreignNote, isZero, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { renderTable } from './table.js';
import { wonAmountByUser } from '../deals/won.js';

export type RankingMetric = 'activities' | 'newCustomers' | 'newPipeline' | 'wonAmount';
export const RANKING_METRICS: RankingMetric[] = ['wonAmount', 'newPipeline', 'newCustomers', 'activities'];

export interface RankingRow {
  userId: string;
  displayName: string;
  activities: number;
  newCustomers: number;
  /** New pipeline and won money in the reporting currency: what the ranking orders by. */
  newPipeline: number;
  wonAmount: number;
  /** The same, every currency. */
  newPipelineAmounts: Amounts;
  wonAmounts: Amounts;
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
export async function computeRankings(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; currency?: string }): Promise<RankingRow[]> {
  const { userIds, start, end } = opts;
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  if (userIds && userIds.length === 0) return [];
  const scope = scopeWhere(userIds);
  const [acts, custs, pipe, won] = await Promise.all([
    db.activity.groupBy({ by: ['authorId'], where: { authorId: scope, occurredAt: { gte: start, lt: end } }, _count: { _all: true } }),
    db.customer.groupBy({ by: ['ownerId'], where: { ownerId: scope, createdAt: { gte: start, lt: end } }, _count: { _all: true } }),
    db.opportunity.groupBy({ by: ['ownerId', 'currency'], where: { ownerId: scope, createdAt: { gte: start, lt: end } }, _sum: { amount: true } }),
    wonAmountByUser(db, userIds, start, end),
  ]);
  const activities = new Map(acts.map((r) => [r.authorId, r._count._all]));
  const newCustomers = new Map(custs.map((r) => [r.ownerId, r._count._all]));
  const newPipeline = amountsByKey(pipe.map((r) => ({ ownerId: r.ownerId, currency: r.currency, amount: r._sum.amount })), (r) => r.ownerId as string);
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
    newPipeline: amountIn(newPipeline.get(u.id), cur),
    wonAmount: amountIn(won.get(u.id), cur),
    newPipelineAmounts: newPipeline.get(u.id) ?? NO_AMOUNTS,
    wonAmounts: won.get(u.id) ?? NO_AMOUNTS,
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

/** Won money (per currency) of the people in scope who are not reps (managers selling themselves): the footnote. */
export async function nonRepWon(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Amounts> {
  const won = await wonAmountByUser(db, userIds, start, end);
  if (!won.size) return NO_AMOUNTS;
  const others = await db.user.findMany({ where: { id: { in: [...won.keys()] }, role: { not: 'REP' } }, select: { id: true } });
  return addAmounts(...others.map((u) => won.get(u.id)));
}

/**
 * Title line, then a table ordered as given; the 名次 column is the won-amount rank (in the
 * reporting currency `currency`; other currencies are printed beside it and noted below).
 */
export function formatRankings(rows: RankingRow[], lang: Lang, title: string, othersWon: Amounts = NO_AMOUNTS, currency = DEFAULT_CURRENCY): string {
  if (!rows.length) return `${title}\n${lang === 'zh' ? '（范围内没有销售人员）' : '(nobody in scope)'}`;
  const h = HEAD[lang];
  const cell = (n: number, r: number, text?: string) => `${text ?? String(n)}${r === 1 && n > 0 ? ' 🏆' : ''}`;
  const table = renderTable(
    [{ header: h[0], align: 'right' }, { header: h[1], max: 12 }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }],
    rows.map((r) => [
      String(r.rank.wonAmount),
      r.displayName,
      cell(r.wonAmount, r.rank.wonAmount, fmtAmounts(r.wonAmounts, lang, currency)),
      cell(r.newPipeline, r.rank.newPipeline, fmtAmounts(r.newPipelineAmounts, lang, currency)),
      cell(r.newCustomers, r.rank.newCustomers),
      cell(r.activities, r.rank.activities),
    ]),
  );
  const won = addAmounts(...rows.map((r) => r.wonAmounts));
  const pipe = addAmounts(...rows.map((r) => r.newPipelineAmounts));
  const cust = rows.reduce((t, r) => t + r.newCustomers, 0);
  const act = rows.reduce((t, r) => t + r.activities, 0);
  const foot = lang === 'zh'
    ? `合计：赢单 ${fmtAmounts(won, lang, currency)} · 新增商机 ${fmtAmounts(pipe, lang, currency)} · 新客户 ${cust} · 跟进 ${act} 次（🏆 该项第一）`
    : `Total: won ${fmtAmounts(won, lang, currency)} · new pipeline ${fmtAmounts(pipe, lang, currency)} · new customers ${cust} · activities ${act} (🏆 top of that column)`;
  const others = !isZero(othersWon)
    ? `\n${lang === 'zh' ? `另有经理本人赢单 ${fmtAmounts(othersWon, lang, currency)}（不参与排名）` : `Managers' own won deals: ${fmtAmounts(othersWon, lang, currency)} (not ranked)`}`
    : '';
  const notes = [
    foreignNote(won, currency, lang, { zh: '赢单排名', en: 'won ranking' }),
    foreignNote(pipe, currency, lang, { zh: '新增商机排名', en: 'new-pipeline ranking' }),
  ].filter(Boolean);
  return [title, table, foot + others, ...notes].join('\n');
}
