// 这个月要签的单子有哪些 / deals closing this quarter: open deals whose expected close date falls
// in the period (default this month), in the asker's scope or the named person's, soonest first,
// with the total and the probability-weighted total. Deals whose date has already passed are flagged.
// Totals are per currency (money/totals.ts), the reporting currency first; each deal shows its own.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { stageLabel } from '../stages.js';
import { formatDate } from '../time.js';
import { resolvePeriod } from '../analytics/periods.js';
import { resolveScope } from '../analytics/scope.js';
import { inScope, num } from '../analytics/sql.js';
import { stageValues } from '../analytics/stagesSql.js';
import { renderTable } from '../analytics/table.js';
import { amountIn, amountsOf, DEFAULT_CURRENCY, fmtAmounts, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

export interface ClosingDeal {
  id: string;
  customer: string;
  owner: string;
  stage: string;
  amount: number | null;
  currency: string;
  probability: number;
  expectedCloseDate: Date;
}

export interface Closing {
  deals: ClosingDeal[];
  count: number;
  /** total and weighted in the reporting currency; *Amounts: every currency. */
  total: number;
  weighted: number;
  totalAmounts: Amounts;
  weightedAmounts: Amounts;
  currency: string;
}

export async function computeClosing(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; limit?: number; currency?: string }): Promise<Closing> {
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  if (opts.userIds && !opts.userIds.length) return { deals: [], count: 0, total: 0, weighted: 0, totalAmounts: NO_AMOUNTS, weightedAmounts: NO_AMOUNTS, currency: cur };
  const where = Prisma.sql`o.status = 'OPEN' AND o."expectedCloseDate" >= ${opts.start} AND o."expectedCloseDate" < ${opts.end} ${inScope(Prisma.sql`o."ownerId"`, opts.userIds)}`;
  const [rows, agg] = await Promise.all([
    db.$queryRaw<Array<{ id: string; customer: string; owner: string; stage: string; amount: unknown; currency: string; prob: unknown; close: Date }>>(Prisma.sql`
      SELECT o.id, cu.name AS customer, u."displayName" AS owner, o.stage, o.amount::text AS amount, o.currency,
             COALESCE(o.probability, s.prob, 0) AS prob, o."expectedCloseDate" AS close
        FROM "Opportunity" o JOIN "Customer" cu ON cu.id = o."customerId" JOIN "User" u ON u.id = o."ownerId"
        LEFT JOIN ${stageValues()} ON s.key = o.stage
       WHERE ${where}
       ORDER BY o."expectedCloseDate" ASC, (o.currency = ${cur}) DESC, o.amount DESC NULLS LAST, o.id ASC
       LIMIT ${opts.limit ?? 30}::int`),
    db.$queryRaw<Array<{ currency: string; n: unknown; total: unknown; weighted: unknown }>>(Prisma.sql`
      SELECT o.currency, COUNT(*)::int AS n, COALESCE(SUM(o.amount), 0)::text AS total,
             COALESCE(SUM(COALESCE(o.amount, 0) * COALESCE(o.probability, s.prob, 0) / 100.0), 0)::text AS weighted
        FROM "Opportunity" o LEFT JOIN ${stageValues()} ON s.key = o.stage
       WHERE ${where}
       GROUP BY o.currency`),
  ]);
  const totalAmounts = amountsOf(agg.map((r) => ({ currency: r.currency, amount: r.total })));
  const weightedAmounts = amountsOf(agg.map((r) => ({ currency: r.currency, amount: r.weighted })));
  return {
    deals: rows.map((r) => ({ id: r.id, customer: r.customer, owner: r.owner, stage: r.stage, amount: r.amount === null ? null : num(r.amount), currency: r.currency, probability: num(r.prob), expectedCloseDate: new Date(r.close) })),
    count: agg.reduce((t, r) => t + num(r.n), 0),
    total: amountIn(totalAmounts, cur),
    weighted: amountIn(weightedAmounts, cur),
    totalAmounts,
    weightedAmounts,
    currency: cur,
  };
}

export function formatClosing(c: Closing, lang: Lang, title: string, tz: string, now: Date, showOwner: boolean): string {
  const zh = lang === 'zh';
  if (!c.count) return `${title}\n${zh ? '这个期间没有预计成交的商机。' : 'No open deals are expected to close in this period.'}`;
  const h = zh ? ['客户', '负责人', '阶段', '金额', '赢率', '预计成交'] : ['Customer', 'Owner', 'Stage', 'Amount', 'Win %', 'Close date'];
  const cols = [{ header: h[0], max: 20 }, ...(showOwner ? [{ header: h[1], max: 10 }] : []), { header: h[2] }, { header: h[3], align: 'right' as const }, { header: h[4], align: 'right' as const }, { header: h[5] }];
  const table = renderTable(
    cols,
    c.deals.map((d) => [
      d.customer,
      ...(showOwner ? [d.owner] : []),
      stageLabel(d.stage, lang),
      fmtMoney(d.amount, lang, d.currency),
      `${d.probability}%`,
      `${formatDate(d.expectedCloseDate, lang, tz)}${d.expectedCloseDate < now ? (zh ? ' ⚠️已过期' : ' ⚠️past') : ''}`,
    ]),
  );
  const more = c.count > c.deals.length ? (zh ? `\n…另有 ${c.count - c.deals.length} 个` : `\n…and ${c.count - c.deals.length} more`) : '';
  const m = (a: Amounts) => fmtAmounts(a, lang, c.currency);
  const foot = zh ? `合计 ${c.count} 个，金额 ${m(c.totalAmounts)}，按赢率加权 ${m(c.weightedAmounts)}` : `${c.count} deals, ${m(c.totalAmounts)}; weighted by win probability ${m(c.weightedAmounts)}`;
  return `${title}\n${table}${more}\n${foot}`;
}

export const closingDealsQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const c = await computeClosing(db, { userIds: scope.scope.userIds, start: period.start, end: period.end, currency: teamReportingCurrency(env.user.team) });
  const title = env.lang === 'zh' ? `📅 ${scope.scope.label} · ${period.label}预计成交的商机` : `📅 ${scope.scope.label} · deals expected to close ${period.label}`;
  const showOwner = scope.scope.userIds === null || scope.scope.userIds.length > 1;
  return { text: formatClosing(c, env.lang, title, env.tz, env.now, showOwner), outcome: 'ANSWERED' };
};
