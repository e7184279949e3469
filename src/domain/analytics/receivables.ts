// 应收 / 回款情况: what was won and collected in the period, what is still owed on every won deal
// (deals/won.ts: contracts, and won deals still missing their contract) aged by days since
// signing (0–30 / 31–60 / 61–90 / 90+), the 回款计划 due in the period, and the overdue plans.
// Money is per currency (money/totals.ts): a contract's payments are in its currency, totals print
// the team's reporting currency first, and the list of largest debts puts it first.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { daysBetween, formatDate, startOfLocalDay } from '../time.js';
import { listPlans, plannedByUser, type PlanRow } from '../deals/paymentPlans.js';
import { paymentsByUser, wonAmountByUser, wonDealsSql } from '../deals/won.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { num } from './sql.js';
import { renderTable } from './table.js';
import { addAmounts, amountIn, amountsOf, DEFAULT_CURRENCY, fmtAmounts, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

export const AGE_BUCKETS = [
  { key: '0-30', min: 0, max: 30 },
  { key: '31-60', min: 31, max: 60 },
  { key: '61-90', min: 61, max: 90 },
  { key: '90+', min: 91, max: Number.POSITIVE_INFINITY },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

export function ageBucket(days: number): AgeBucket {
  return AGE_BUCKETS.find((b) => days >= b.min && days <= b.max)?.key ?? '0-30';
}

export interface ReceivableItem {
  /** Contract id, or the opportunity id of a won deal with no contract. */
  id: string;
  contractId: string | null;
  customer: string;
  owner: string;
  amount: number;
  paid: number;
  outstanding: number;
  currency: string;
  signedAt: Date;
  ageDays: number;
}

export interface Receivables {
  contracts: ReceivableItem[];
  openContracts: number;
  /** Plain numbers: the reporting-currency part of the *Amounts beside them. */
  totalOutstanding: number;
  outstandingAmounts: Amounts;
  aging: Record<AgeBucket, { count: number; amount: number; amounts: Amounts }>;
  /** Won money in the period (the figure rankings and targets show). */
  wonInPeriod: number;
  receivedInPeriod: number;
  /** 回款计划 due in the period (paid off or not). */
  plannedInPeriod: number;
  wonAmounts: Amounts;
  receivedAmounts: Amounts;
  plannedAmounts: Amounts;
  currency: string;
  /** Plans due before today with something unpaid. */
  overdue: PlanRow[];
}

export async function computeReceivables(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; now?: Date; tz?: string; limit?: number; currency?: string }): Promise<Receivables> {
  const { userIds, start, end } = opts;
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  const now = opts.now ?? new Date();
  const aging = Object.fromEntries(AGE_BUCKETS.map((b) => [b.key, { count: 0, amount: 0, amounts: NO_AMOUNTS }])) as Receivables['aging'];
  if (userIds && !userIds.length) {
    return { contracts: [], openContracts: 0, totalOutstanding: 0, outstandingAmounts: NO_AMOUNTS, aging, wonInPeriod: 0, receivedInPeriod: 0, plannedInPeriod: 0, wonAmounts: NO_AMOUNTS, receivedAmounts: NO_AMOUNTS, plannedAmounts: NO_AMOUNTS, currency: cur, overdue: [] };
  }
  const open = Prisma.sql`
    SELECT w.id, w."contractId", w."customerId", w."ownerId", w.amount, w.currency, w.at, COALESCE(SUM(p.amount), 0) AS paid
      FROM (${wonDealsSql({ userIds })}) w LEFT JOIN "Payment" p ON p."contractId" = w."contractId"
     WHERE w.at <= ${now}
     GROUP BY w.id, w."contractId", w."customerId", w."ownerId", w.amount, w.currency, w.at
    HAVING w.amount - COALESCE(SUM(p.amount), 0) > 0`;
  const [list, buckets, won, received, planned, overdue] = await Promise.all([
    db.$queryRaw<Array<{ id: string; contractId: string | null; customer: string; owner: string; amount: unknown; paid: unknown; currency: string; at: Date }>>(Prisma.sql`
      SELECT o.id, o."contractId", cu.name AS customer, u."displayName" AS owner, o.amount::text AS amount, o.paid::text AS paid, o.currency, o.at
        FROM (${open}) o JOIN "Customer" cu ON cu.id = o."customerId" JOIN "User" u ON u.id = o."ownerId"
       ORDER BY (o.currency = ${cur}) DESC, o.amount - o.paid DESC, o.at ASC, o.id ASC LIMIT ${opts.limit ?? 20}::int`),
    db.$queryRaw<Array<{ days: unknown; currency: string; n: unknown; outstanding: unknown }>>(Prisma.sql`
      SELECT FLOOR(EXTRACT(EPOCH FROM (${now}::timestamp - o.at)) / 86400.0)::int AS days, o.currency, COUNT(*)::int AS n, SUM(o.amount - o.paid)::text AS outstanding
        FROM (${open}) o GROUP BY 1, 2`),
    wonAmountByUser(db, userIds, start, end),
    paymentsByUser(db, userIds, start, end),
    plannedByUser(db, userIds, start, end),
    listPlans(db, { userIds, dueBefore: startOfLocalDay(now, opts.tz), openOnly: true, limit: opts.limit ?? 20 }),
  ]);
  let openContracts = 0;
  let outstandingAmounts = NO_AMOUNTS;
  for (const b of buckets) {
    const a = aging[ageBucket(num(b.days))];
    const owed = amountsOf([{ currency: b.currency, amount: b.outstanding }]);
    a.count += num(b.n);
    a.amounts = addAmounts(a.amounts, owed);
    a.amount = amountIn(a.amounts, cur);
    openContracts += num(b.n);
    outstandingAmounts = addAmounts(outstandingAmounts, owed);
  }
  const wonAmounts = addAmounts(...won.values());
  const receivedAmounts = addAmounts(...received.values());
  const plannedAmounts = addAmounts(...planned.values());
  return {
    contracts: list.map((r) => ({
      id: r.id, contractId: r.contractId, customer: r.customer, owner: r.owner, amount: num(r.amount), paid: num(r.paid),
      outstanding: num(r.amount) - num(r.paid), currency: r.currency, signedAt: new Date(r.at), ageDays: daysBetween(new Date(r.at), now),
    })),
    openContracts,
    totalOutstanding: amountIn(outstandingAmounts, cur),
    outstandingAmounts,
    aging,
    wonInPeriod: amountIn(wonAmounts, cur),
    receivedInPeriod: amountIn(receivedAmounts, cur),
    plannedInPeriod: amountIn(plannedAmounts, cur),
    wonAmounts,
    receivedAmounts,
    plannedAmounts,
    currency: cur,
    overdue,
  };
}

export function agingLabel(key: AgeBucket, lang: Lang): string {
  return lang === 'zh' ? (key === '90+' ? '90天以上' : `${key.replace('-', '–')}天`) : key === '90+' ? 'over 90 days' : `${key.replace('-', '–')} days`;
}

export function formatOverdue(rows: PlanRow[], lang: Lang, tz: string, now: Date): string {
  const zh = lang === 'zh';
  const h = zh ? ['客户', '负责人', '计划', '应回款日', '未回款', '逾期'] : ['Customer', 'Owner', 'Plan', 'Due', 'Unpaid', 'Overdue'];
  return renderTable(
    [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2], max: 12 }, { header: h[3] }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }],
    rows.map((p) => [p.customer, p.owner, p.label ?? '—', formatDate(p.dueAt, lang, tz), fmtMoney(p.unpaid, lang, p.currency), zh ? `${daysBetween(p.dueAt, now)}天` : `${daysBetween(p.dueAt, now)}d`]),
  );
}

export function formatReceivables(r: Receivables, lang: Lang, title: string, periodLabel: string, tz: string, now: Date): string {
  const zh = lang === 'zh';
  const lines = [title];
  const m = (a: Amounts) => fmtAmounts(a, lang, r.currency);
  lines.push(
    zh
      ? `${periodLabel}签约 ${m(r.wonAmounts)} · 已回款 ${m(r.receivedAmounts)} · 计划回款 ${m(r.plannedAmounts)}`
      : `${periodLabel}: won ${m(r.wonAmounts)} · collected ${m(r.receivedAmounts)} · planned ${m(r.plannedAmounts)}`,
  );
  if (!r.openContracts) {
    lines.push(zh ? '应收：无，所有合同已全部回款。' : 'Receivables: none, every contract is fully paid.');
  } else {
    lines.push(zh ? `应收合计：${m(r.outstandingAmounts)}（${r.openContracts} 份合同未回齐）` : `Outstanding: ${m(r.outstandingAmounts)} on ${r.openContracts} contracts`);
    lines.push(
      (zh ? '账龄（自签约起）：' : 'Age since signing: ') +
        AGE_BUCKETS.map((b) => `${agingLabel(b.key, lang)} ${m(r.aging[b.key].amounts)}${zh ? `（${r.aging[b.key].count}份）` : ` (${r.aging[b.key].count})`}`).join(' · '),
    );
    const h = zh ? ['客户', '负责人', '签约日期', '合同金额', '已回款', '待回款', '账龄'] : ['Customer', 'Owner', 'Signed', 'Contract', 'Paid', 'Outstanding', 'Age'];
    lines.push(
      renderTable(
        [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2] }, { header: h[3], align: 'right' }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }, { header: h[6], align: 'right' }],
        r.contracts.map((c) => [
          c.contractId ? c.customer : `${c.customer}${zh ? '（未录合同）' : ' (no contract)'}`,
          c.owner,
          formatDate(c.signedAt, lang, tz),
          fmtMoney(c.amount, lang, c.currency),
          fmtMoney(c.paid, lang, c.currency),
          fmtMoney(c.outstanding, lang, c.currency),
          zh ? `${c.ageDays}天` : `${c.ageDays}d`,
        ]),
      ),
    );
  }
  if (r.overdue.length) {
    lines.push(zh ? `\n⏰ 逾期回款计划（${r.overdue.length}）：` : `\n⏰ Overdue payment plans (${r.overdue.length}):`);
    lines.push(formatOverdue(r.overdue, lang, tz, now));
  }
  return lines.join('\n');
}

export const receivablesQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const r = await computeReceivables(db, { userIds: scope.scope.userIds, start: period.start, end: period.end, now: env.now, tz: env.tz, currency: teamReportingCurrency(env.user.team) });
  const title = env.lang === 'zh' ? `💰 ${scope.scope.label} · 回款与应收` : `💰 ${scope.scope.label} · collections and receivables`;
  return { text: formatReceivables(r, env.lang, title, period.label, env.tz, env.now), outcome: 'ANSWERED' };
};
