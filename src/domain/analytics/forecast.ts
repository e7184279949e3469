// 下季度预测: open deals expected to close in the period, weighted by win probability (the
// deal's own probability, else its stage's), plus what is already won in the period; and the
// commit list — deals expected to close in the period that are qualified VALUABLE. Money is per
// currency (money/totals.ts): every sum is kept per currency and printed with the team's reporting
// currency first; the commit list puts the reporting-currency deals first, largest first.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { stageIndex, stageLabel } from '../stages.js';
import { formatDate } from '../time.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { inScope, num, scopeWhere } from './sql.js';
import { stageValues } from './stagesSql.js';
import { renderTable } from './table.js';
import { wonAmountByUser } from '../deals/won.js';
import { addAmounts, amountIn, amountsOf, DEFAULT_CURRENCY, fmtAmounts, isZero, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

/** Plain numbers are the reporting-currency part of the *Amounts beside them. */
export interface Forecast {
  byStage: Array<{ stage: string; count: number; amount: number; weighted: number; amounts: Amounts; weightedAmounts: Amounts }>;
  pipeline: number;
  weighted: number;
  won: number;
  pipelineAmounts: Amounts;
  weightedAmounts: Amounts;
  wonAmounts: Amounts;
  commit: Array<{ id: string; customer: string; owner: string; stage: string; amount: number; currency: string; expectedCloseDate: Date }>;
  commitTotal: number;
  commitAmounts: Amounts;
  currency: string;
}

export async function computeForecast(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; commitLimit?: number; currency?: string }): Promise<Forecast> {
  const { userIds, start, end } = opts;
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  if (userIds && !userIds.length) return { byStage: [], pipeline: 0, weighted: 0, won: 0, pipelineAmounts: NO_AMOUNTS, weightedAmounts: NO_AMOUNTS, wonAmounts: NO_AMOUNTS, commit: [], commitTotal: 0, commitAmounts: NO_AMOUNTS, currency: cur };
  const limit = opts.commitLimit ?? 20;
  const commitWhere = { ownerId: scopeWhere(userIds), status: 'OPEN' as const, qualification: 'VALUABLE' as const, expectedCloseDate: { gte: start, lt: end } };
  const commitList = (currency: { equals: string } | { not: string }) =>
    db.opportunity.findMany({
      where: { ...commitWhere, currency },
      select: { id: true, stage: true, amount: true, currency: true, expectedCloseDate: true, customer: { select: { name: true } }, owner: { select: { displayName: true } } },
      orderBy: [{ amount: { sort: 'desc', nulls: 'last' } }, { expectedCloseDate: 'asc' }],
      take: limit,
    });
  const [rows, won, commitOwn, commitOther, commitAgg] = await Promise.all([
    db.$queryRaw<Array<{ stage: string; currency: string; n: unknown; amount: unknown; weighted: unknown }>>(Prisma.sql`
      SELECT o.stage, o.currency, COUNT(*)::int AS n, COALESCE(SUM(o.amount), 0)::text AS amount,
             COALESCE(SUM(COALESCE(o.amount, 0) * COALESCE(o.probability, s.prob, 0) / 100.0), 0)::text AS weighted
        FROM "Opportunity" o LEFT JOIN ${stageValues()} ON s.key = o.stage
       WHERE o.status = 'OPEN' AND o."expectedCloseDate" >= ${start} AND o."expectedCloseDate" < ${end}
             ${inScope(Prisma.sql`o."ownerId"`, userIds)}
       GROUP BY o.stage, o.currency`),
    wonAmountByUser(db, userIds, start, end),
    // Top deals by the reporting-currency amount; deals in other currencies after them.
    commitList({ equals: cur }),
    commitList({ not: cur }),
    db.opportunity.groupBy({ by: ['currency'], where: commitWhere, _sum: { amount: true } }),
  ]);
  const stages = new Map<string, Forecast['byStage'][number]>();
  for (const r of rows) {
    const row = stages.get(r.stage) ?? { stage: r.stage, count: 0, amount: 0, weighted: 0, amounts: NO_AMOUNTS, weightedAmounts: NO_AMOUNTS };
    row.count += num(r.n);
    row.amounts = addAmounts(row.amounts, amountsOf([{ currency: r.currency, amount: r.amount }]));
    row.weightedAmounts = addAmounts(row.weightedAmounts, amountsOf([{ currency: r.currency, amount: r.weighted }]));
    row.amount = amountIn(row.amounts, cur);
    row.weighted = amountIn(row.weightedAmounts, cur);
    stages.set(r.stage, row);
  }
  const byStage = [...stages.values()];
  const pipelineAmounts = addAmounts(...byStage.map((r) => r.amounts));
  const weightedAmounts = addAmounts(...byStage.map((r) => r.weightedAmounts));
  const wonAmounts = addAmounts(...won.values());
  const commitAmounts = amountsOf(commitAgg.map((r) => ({ currency: r.currency, amount: r._sum.amount })));
  return {
    byStage,
    pipeline: amountIn(pipelineAmounts, cur),
    weighted: amountIn(weightedAmounts, cur),
    won: amountIn(wonAmounts, cur),
    pipelineAmounts,
    weightedAmounts,
    wonAmounts,
    commit: [...commitOwn, ...commitOther].slice(0, limit).map((o) => ({ id: o.id, customer: o.customer.name, owner: o.owner.displayName, stage: o.stage, amount: num(o.amount), currency: o.currency, expectedCloseDate: o.expectedCloseDate! })),
    commitTotal: amountIn(commitAmounts, cur),
    commitAmounts,
    currency: cur,
  };
}

export function formatForecast(f: Forecast, lang: Lang, title: string, tz: string, stageOrder: (k: string) => number): string {
  const zh = lang === 'zh';
  const lines = [title];
  const m = (a: Amounts) => fmtAmounts(a, lang, f.currency);
  if (!f.byStage.length && isZero(f.wonAmounts)) lines.push(zh ? '这个期间没有预计成交的商机，也没有已成交金额。' : 'No deals expected to close in this period and nothing won yet.');
  if (f.byStage.length) {
    const h = zh ? ['阶段', '商机数', '金额', '加权金额'] : ['Stage', 'Deals', 'Amount', 'Weighted'];
    lines.push(
      renderTable(
        [{ header: h[0] }, { header: h[1], align: 'right' }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }],
        [...f.byStage].sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage)).map((r) => [stageLabel(r.stage, lang), String(r.count), m(r.amounts), m(r.weightedAmounts)]),
      ),
    );
  }
  lines.push(
    zh
      ? `已成交 ${m(f.wonAmounts)} + 加权在途 ${m(f.weightedAmounts)} = 预测 ${m(addAmounts(f.wonAmounts, f.weightedAmounts))}（在途总额 ${m(f.pipelineAmounts)}）`
      : `Won ${m(f.wonAmounts)} + weighted pipeline ${m(f.weightedAmounts)} = forecast ${m(addAmounts(f.wonAmounts, f.weightedAmounts))} (pipeline ${m(f.pipelineAmounts)})`,
  );
  if (f.commit.length) {
    lines.push(zh ? `\n承诺清单（有价值、预计本期成交）合计 ${m(f.commitAmounts)}：` : `\nCommit list (qualified valuable, closing in period), total ${m(f.commitAmounts)}:`);
    const h = zh ? ['客户', '负责人', '阶段', '金额', '预计成交'] : ['Customer', 'Owner', 'Stage', 'Amount', 'Close date'];
    lines.push(
      renderTable(
        [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2] }, { header: h[3], align: 'right' }, { header: h[4] }],
        f.commit.map((c) => [c.customer, c.owner, stageLabel(c.stage, lang), fmtMoney(c.amount, lang, c.currency), formatDate(c.expectedCloseDate, lang, tz)]),
      ),
    );
  } else {
    lines.push(zh ? '承诺清单：暂无（没有标记为“有价值”且预计本期成交的商机）。' : 'Commit list: empty (no deals qualified valuable and closing in the period).');
  }
  return lines.join('\n');
}

export const forecastQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const f = await computeForecast(db, { userIds: scope.scope.userIds, start: period.start, end: period.end, currency: teamReportingCurrency(env.user.team) });
  const title = env.lang === 'zh' ? `🔮 ${scope.scope.label} · ${period.label}业绩预测` : `🔮 ${scope.scope.label} · forecast ${period.label}`;
  return { text: formatForecast(f, env.lang, title, env.tz, (k) => stageIndex(k)), outcome: 'ANSWERED' };
};
