// The hot flag of a customer as chat sets it ("设为热点", "取消热点"), logged for undo. Shared by
// the single-customer ingest and the per-customer parts of a multi-customer message.
import { Prisma, type Customer } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { HandlerEnv } from '../handlerTypes.js';
import { forgetCustomersIn } from '../customers.js';

export async function setHot(db: Tx, env: HandlerEnv, customer: Customer, value: boolean, note: string | null) {
  if (customer.hot === value && (!value || (note ?? null) === customer.hotNote)) return;
  env.log.updated('customer', customer.id, { hot: customer.hot, hotNote: customer.hotNote, hotSince: customer.hotSince });
  // Raw (issue 15: the model API's own work is a measurable part of a message); updatedAt as
  // Prisma's @updatedAt sets it.
  const set = value
    ? Prisma.sql`hot = true, "hotNote" = ${note ?? customer.hotNote}::text, "hotSince" = ${customer.hot ? customer.hotSince : env.now}::timestamp`
    : Prisma.sql`hot = false, "hotSince" = NULL`;
  await db.$executeRaw(Prisma.sql`UPDATE "Customer" SET ${set}, "updatedAt" = ${new Date()}::timestamp WHERE id = ${customer.id}`);
  // A later look-up by name in this message must see the new flag (and log it as the "before").
  forgetCustomersIn(db);
}
