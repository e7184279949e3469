// "Won" revenue, one definition for rankings, targets and reports: the amount of contracts signed
// in the period, plus opportunities closed as WON in the period that have no contract recorded
// (so a deal is never counted twice when both the stage change and the contract were reported).
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { inScope, num } from './sql.js';

export async function wonAmountByUser(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<Array<{ userId: string; amount: unknown }>>(Prisma.sql`
    SELECT w."ownerId" AS "userId", SUM(w.amount)::text AS amount FROM (
      SELECT c."ownerId", c.amount FROM "Contract" c
       WHERE c."signedAt" >= ${start} AND c."signedAt" < ${end} ${inScope(Prisma.sql`c."ownerId"`, userIds)}
      UNION ALL
      SELECT o."ownerId", COALESCE(o.amount, 0) FROM "Opportunity" o
       WHERE o.status = 'WON' AND o."closedAt" >= ${start} AND o."closedAt" < ${end} ${inScope(Prisma.sql`o."ownerId"`, userIds)}
         AND NOT EXISTS (SELECT 1 FROM "Contract" k WHERE k."opportunityId" = o.id)
    ) w GROUP BY w."ownerId"`);
  return new Map(rows.map((r) => [r.userId, num(r.amount)]));
}

export async function paymentsByUser(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<Map<string, number>> {
  // A payment belongs to the customer's owner (payments may arrive without a contract).
  const rows = await db.$queryRaw<Array<{ userId: string; amount: unknown }>>(Prisma.sql`
    SELECT cu."ownerId" AS "userId", SUM(p.amount)::text AS amount
      FROM "Payment" p JOIN "Customer" cu ON cu.id = p."customerId"
     WHERE p."receivedAt" >= ${start} AND p."receivedAt" < ${end} ${inScope(Prisma.sql`cu."ownerId"`, userIds)}
     GROUP BY cu."ownerId"`);
  return new Map(rows.map((r) => [r.userId, num(r.amount)]));
}
