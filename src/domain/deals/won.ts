// Won money, ONE definition for every report (funnel, rankings, targets, forecast, 日报, 周报,
// receivables, RFM, churn, lifecycle). A won deal is
//   • a contract, at its signing time, for its owner, at the contract amount — the contract is
//     the truth once it exists (a deal corrected after signing updates it, see corrections.ts);
//   • a WON opportunity that has no contract, at its own amount (0 when none) and close time.
//     The domain writes a contract whenever a deal is won with an amount (deals/winning.ts), and
//     the issue-12 migration backfilled older ones, so these are won deals without an amount or
//     rows written around the domain; they still count, once.
// A purchase for churn and RFM is a won deal or a payment that arrived without a contract; the
// lifecycle (签约 / 重复购买) counts won deals only (purchaseCount).
// Every row carries its currency (the contract's, the deal's; a payment's is its contract's, CNY
// without one) and every sum here is per currency (money/totals.ts): amounts of different
// currencies are never added.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { inScope, num } from '../analytics/sql.js';
import { amountsByKey, NO_AMOUNTS, type Amounts } from '../money/totals.js';

export interface WonFilter {
  /** null = everyone. */
  userIds: string[] | null;
  /** Whose deals: the deal's owner (default) or the customer's owner (customer-centric reports). */
  by?: 'owner' | 'customerOwner';
  start?: Date;
  end?: Date;
}

function within(col: Prisma.Sql, start?: Date, end?: Date): Prisma.Sql {
  return Prisma.sql`${start ? Prisma.sql`AND ${col} >= ${start}` : Prisma.empty} ${end ? Prisma.sql`AND ${col} < ${end}` : Prisma.empty}`;
}

/**
 * A subquery (use as `FROM (${wonDealsSql(f)}) w`) with one row per won deal:
 * id, "contractId", "opportunityId", "customerId", "ownerId", amount, currency, at.
 */
export function wonDealsSql(f: WonFilter): Prisma.Sql {
  const byCustomer = f.by === 'customerOwner';
  const kOwner = byCustomer ? Prisma.sql`(SELECT cu."ownerId" FROM "Customer" cu WHERE cu.id = k."customerId")` : Prisma.sql`k."ownerId"`;
  const oOwner = byCustomer ? Prisma.sql`(SELECT cu."ownerId" FROM "Customer" cu WHERE cu.id = o."customerId")` : Prisma.sql`o."ownerId"`;
  return Prisma.sql`
    SELECT k.id, k.id AS "contractId", k."opportunityId", k."customerId", ${kOwner} AS "ownerId", k.amount, k.currency, k."signedAt" AS at
      FROM "Contract" k
     WHERE TRUE ${within(Prisma.sql`k."signedAt"`, f.start, f.end)} ${inScope(kOwner, f.userIds)}
    UNION ALL
    SELECT o.id, NULL::text, o.id, o."customerId", ${oOwner}, COALESCE(o.amount, 0), o.currency, o."closedAt"
      FROM "Opportunity" o
     WHERE o.status = 'WON' AND o."closedAt" IS NOT NULL ${within(Prisma.sql`o."closedAt"`, f.start, f.end)} ${inScope(oOwner, f.userIds)}
       AND NOT EXISTS (SELECT 1 FROM "Contract" x WHERE x."opportunityId" = o.id)`;
}

/**
 * Purchases per customer: won deals plus payments without a contract (a payment for a customer
 * with no contract on file is itself the evidence of a purchase). Columns: "customerId",
 * "ownerId" (the customer's owner), amount, currency, at.
 */
export function purchasesSql(f: Omit<WonFilter, 'by'>): Prisma.Sql {
  return Prisma.sql`
    SELECT w."customerId", w."ownerId", w.amount, w.currency, w.at FROM (${wonDealsSql({ ...f, by: 'customerOwner' })}) w
    UNION ALL
    SELECT p."customerId", cu."ownerId", p.amount, 'CNY'::text, p."receivedAt"
      FROM "Payment" p JOIN "Customer" cu ON cu.id = p."customerId"
     WHERE p."contractId" IS NULL ${within(Prisma.sql`p."receivedAt"`, f.start, f.end)} ${inScope(Prisma.sql`cu."ownerId"`, f.userIds)}`;
}

/** Won money per deal owner in [start, end), per currency. */
export async function wonAmountByUser(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Map<string, Amounts>> {
  if (userIds && !userIds.length) return new Map();
  const rows = await db.$queryRaw<Array<{ userId: string; currency: string; amount: unknown }>>(Prisma.sql`
    SELECT w."ownerId" AS "userId", w.currency, SUM(w.amount)::text AS amount FROM (${wonDealsSql({ userIds, start, end })}) w GROUP BY w."ownerId", w.currency`);
  return amountsByKey(rows, (r) => r.userId as string);
}

/** Number of won deals and won money (per currency) per deal owner in [start, end) (日报, 周报). */
export async function wonByUser(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Map<string, { count: number; amount: Amounts }>> {
  if (userIds && !userIds.length) return new Map();
  const rows = await db.$queryRaw<Array<{ userId: string; currency: string; n: unknown; amount: unknown }>>(Prisma.sql`
    SELECT w."ownerId" AS "userId", w.currency, COUNT(*)::int AS n, SUM(w.amount)::text AS amount FROM (${wonDealsSql({ userIds, start, end })}) w GROUP BY w."ownerId", w.currency`);
  const amounts = amountsByKey(rows, (r) => r.userId as string);
  const out = new Map<string, { count: number; amount: Amounts }>();
  for (const r of rows) out.set(r.userId, { count: (out.get(r.userId)?.count ?? 0) + num(r.n), amount: amounts.get(r.userId) ?? NO_AMOUNTS });
  return out;
}

/**
 * SUM(amount) per customer owner and currency over payments received, or 回款计划 due, in
 * [start, end). A payment's currency is its contract's (CNY without one); a plan has its own.
 */
export async function amountsByCustomerOwner(db: Tx, what: 'payments' | 'plans', userIds: string[] | null, start: Date, end: Date): Promise<Map<string, Amounts>> {
  if (userIds && !userIds.length) return new Map();
  const [table, at, currency] =
    what === 'payments'
      ? [Prisma.raw('"Payment"'), Prisma.raw('"receivedAt"'), Prisma.sql`COALESCE((SELECT k.currency FROM "Contract" k WHERE k.id = x."contractId"), 'CNY')`]
      : [Prisma.raw('"PaymentPlan"'), Prisma.raw('"dueAt"'), Prisma.sql`x.currency`];
  const rows = await db.$queryRaw<Array<{ userId: string; currency: string; amount: unknown }>>(Prisma.sql`
    SELECT cu."ownerId" AS "userId", ${currency} AS currency, SUM(x.amount)::text AS amount
      FROM ${table} x JOIN "Customer" cu ON cu.id = x."customerId"
     WHERE x.${at} >= ${start} AND x.${at} < ${end} ${inScope(Prisma.sql`cu."ownerId"`, userIds)}
     GROUP BY 1, 2`);
  return amountsByKey(rows, (r) => r.userId as string);
}

/** Payments received per customer owner in [start, end) (payments may arrive without a contract). */
export function paymentsByUser(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Map<string, Amounts>> {
  return amountsByCustomerOwner(db, 'payments', userIds, start, end);
}

/**
 * How many purchases a customer has made, for its lifecycle (签约 / 重复购买): its won deals — the
 * rows of wonDealsSql. A payment without a contract is left out here (unlike purchasesSql, where
 * it is money for RFM and churn): the lifecycle says the customer signed, and a payment alone
 * does not show a signing (deals/paymentChecks.ts says so in the reply).
 */
export async function purchaseCount(db: Tx, customerId: string): Promise<number> {
  const [contracts, wonWithout] = await Promise.all([
    db.contract.count({ where: { customerId } }),
    db.opportunity.count({ where: { customerId, status: 'WON', closedAt: { not: null }, contracts: { none: {} } } }),
  ]);
  return contracts + wonWithout;
}
