// 回款计划: payments expected on a contract by a date. Whether a plan is still open is derived,
// not stored: the contract's payments pay its plans off in due order, so what is still owed on
// the contract (amount − payments) sits on its LATEST plans. A 首付款 received at signing therefore
// never "pays" the 尾款 planned afterwards, a payment correction or an undo needs no bookkeeping,
// and the plan list can never disagree with the receivables. Plans belong to the customer's owner.
import type { PaymentPlan } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { inScope, num } from '../analytics/sql.js';
import { amountsByCustomerOwner } from './won.js';
import type { Amounts } from '../money/totals.js';

export interface PlannedInput {
  amount: number;
  dueAt: Date;
  label: string | null;
}

export interface PlanResult {
  created: PaymentPlan[];
  contract: { id: string; amount: number };
  /** How much the open plans now exceed what the contract still owes (0 normally). */
  overPlanned: number;
}

export interface PlanRow {
  id: string;
  customerId: string;
  customer: string;
  ownerId: string;
  owner: string;
  contractId: string;
  contractAmount: number;
  amount: number;
  /** The part of this plan not yet paid (0 when paid off). */
  unpaid: number;
  dueAt: Date;
  label: string | null;
  currency: string;
}

/** The contract new plans of a customer hang on: the newest one still owed money, else the newest. */
export async function planContractFor(db: Tx, customerId: string): Promise<{ id: string; amount: Prisma.Decimal } | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    SELECT c.id FROM "Contract" c LEFT JOIN "Payment" p ON p."contractId" = c.id
     WHERE c."customerId" = ${customerId}
     GROUP BY c.id, c.amount, c."signedAt"
     ORDER BY (c.amount - COALESCE(SUM(p.amount), 0) > 0) DESC, c."signedAt" DESC, c.id DESC LIMIT 1`);
  return rows.length ? db.contract.findUniqueOrThrow({ where: { id: rows[0].id }, select: { id: true, amount: true } }) : null;
}

export async function addPaymentPlans(
  db: Tx,
  input: { customerId: string; contract: { id: string; amount: Prisma.Decimal | number }; plans: PlannedInput[]; currency: string; inboundId: string | null },
  log: ChangeLog,
): Promise<PlanResult> {
  const existing = await db.paymentPlan.aggregate({ where: { contractId: input.contract.id }, _sum: { amount: true } });
  const created: PaymentPlan[] = [];
  for (const p of input.plans) {
    const row = await db.paymentPlan.create({
      data: { customerId: input.customerId, contractId: input.contract.id, amount: p.amount, currency: input.currency, dueAt: p.dueAt, label: p.label?.slice(0, 100) ?? null, inboundId: input.inboundId },
    });
    log.created('paymentPlan', row.id);
    created.push(row);
  }
  // Still owed on the contract vs. what is now planned but not paid: the plans already open
  // (at most what is owed) plus the new ones.
  const paid = await db.payment.aggregate({ where: { contractId: input.contract.id }, _sum: { amount: true } });
  const owed = Math.max(0, Number(input.contract.amount) - num(paid._sum.amount));
  const added = input.plans.reduce((s, p) => s + p.amount, 0);
  const overPlanned = Math.max(0, Math.min(owed, num(existing._sum.amount)) + added - owed);
  return { created, contract: { id: input.contract.id, amount: Number(input.contract.amount) }, overPlanned };
}

export interface PlanFilter {
  userIds: string[] | null;
  /** Due at or after / before. */
  dueFrom?: Date;
  dueBefore?: Date;
  /** Only plans with something still unpaid. */
  openOnly?: boolean;
  customerId?: string;
  limit?: number;
}

/** Plans in scope with their unpaid part, earliest due first. */
export async function listPlans(db: Tx, f: PlanFilter): Promise<PlanRow[]> {
  if (f.userIds && !f.userIds.length) return [];
  const rows = await db.$queryRaw<Array<{ id: string; customerId: string; customer: string; ownerId: string; owner: string; contractId: string; contractAmount: unknown; amount: unknown; unpaid: unknown; dueAt: Date; label: string | null; currency: string }>>(Prisma.sql`
    WITH paid AS (
      SELECT p."contractId", SUM(p.amount) AS s FROM "Payment" p
       WHERE p."contractId" IN (SELECT "contractId" FROM "PaymentPlan") GROUP BY p."contractId"),
    pl AS (
      SELECT pp.id, pp."customerId", cu.name AS customer, cu."ownerId", u."displayName" AS owner, pp."contractId",
             k.amount AS "contractAmount", pp.amount, pp."dueAt", pp.label, pp.currency,
             GREATEST(0, k.amount - COALESCE(paid.s, 0)) AS outstanding,
             COALESCE(SUM(pp.amount) OVER (PARTITION BY pp."contractId" ORDER BY pp."dueAt" DESC, pp.id DESC
                                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS later
        FROM "PaymentPlan" pp
        JOIN "Contract" k ON k.id = pp."contractId"
        JOIN "Customer" cu ON cu.id = pp."customerId"
        JOIN "User" u ON u.id = cu."ownerId"
        LEFT JOIN paid ON paid."contractId" = pp."contractId"
       WHERE TRUE ${inScope(Prisma.sql`cu."ownerId"`, f.userIds)} ${f.customerId ? Prisma.sql`AND pp."customerId" = ${f.customerId}` : Prisma.empty})
    SELECT pl.id, pl."customerId", pl.customer, pl."ownerId", pl.owner, pl."contractId", pl."contractAmount"::text AS "contractAmount",
           pl.amount::text AS amount, LEAST(pl.amount, GREATEST(0, pl.outstanding - pl.later))::text AS unpaid, pl."dueAt", pl.label, pl.currency
      FROM pl
     WHERE TRUE ${f.dueFrom ? Prisma.sql`AND pl."dueAt" >= ${f.dueFrom}` : Prisma.empty} ${f.dueBefore ? Prisma.sql`AND pl."dueAt" < ${f.dueBefore}` : Prisma.empty}
           ${f.openOnly ? Prisma.sql`AND LEAST(pl.amount, GREATEST(0, pl.outstanding - pl.later)) > 0` : Prisma.empty}
     ORDER BY pl."dueAt" ASC, pl.customer ASC, pl.id ASC
     LIMIT ${f.limit ?? 200}::int`);
  return rows.map((r) => ({ ...r, contractAmount: num(r.contractAmount), amount: num(r.amount), unpaid: num(r.unpaid), dueAt: new Date(r.dueAt) }));
}

/** Planned payment amounts due in [start, end) per customer owner (paid off or not): 计划回款. */
export function plannedByUser(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Map<string, Amounts>> {
  return amountsByCustomerOwner(db, 'plans', userIds, start, end);
}
