// The conversation's current customer: a follow-up that names no customer but speaks of one
// ("他们下周要看方案", "那边预算批了50万", "they want a demo next week") right after a record is
// about the customer of that record. Only the rep's previous message counts, only when it was a
// record (not undone) of the last two hours that filed exactly one customer; a record of several
// customers gives those customers as the options of the question instead (docs/conversation.md).
import type { Customer } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { Change } from '../changes.js';
import { THEM_EN, THEM_ZH } from '../../intents/rules/vocab/followUps.js';
import { escapeRegExp } from '../../intents/rules/text.js';

/** How long after a record a follow-up still means its customer (the same window as a payment plan after its signing). */
export const FOLLOW_UP_WINDOW_MS = 2 * 3600_000;

const THEM_EN_RE = new RegExp(`(?<![a-z'])(?:${THEM_EN.map(escapeRegExp).join('|')})(?![a-z'])`, 'i');

/** Does the message speak of a customer without naming it (他们, 那边, 对方, they)? */
export function speaksOfThem(text: string): boolean {
  return THEM_ZH.some((w) => text.includes(w)) || THEM_EN_RE.test(text);
}

const CUSTOMER_OF: Record<string, (db: Tx, id: string) => Promise<{ customerId: string | null } | null>> = {
  activity: (db, id) => db.activity.findUnique({ where: { id }, select: { customerId: true } }),
  opportunity: (db, id) => db.opportunity.findUnique({ where: { id }, select: { customerId: true } }),
  contact: (db, id) => db.contact.findUnique({ where: { id }, select: { customerId: true } }),
  task: (db, id) => db.task.findUnique({ where: { id }, select: { customerId: true } }),
  contract: (db, id) => db.contract.findUnique({ where: { id }, select: { customerId: true } }),
  payment: (db, id) => db.payment.findUnique({ where: { id }, select: { customerId: true } }),
};

/**
 * The customers the sender's previous message filed, when that message was a record of the last
 * two hours that is still in place; null when there is no such record (the follow-up has no context).
 */
export async function previousRecordCustomers(db: Tx, userId: string, inboundId: string): Promise<Customer[] | null> {
  const last = await db.inboundMessage.findFirst({ where: { senderId: userId, id: { not: inboundId } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  // Inbound rows are stamped with the clock of their arrival (not the injected `now`).
  if (!last || last.outcome !== 'APPLIED' || last.undone || Date.now() - last.createdAt.getTime() > FOLLOW_UP_WINDOW_MS) return null;
  const changes = Array.isArray(last.changes) ? (last.changes as unknown as Change[]) : [];
  const ids = new Set<string>();
  for (const c of changes) {
    if (c.model === 'customer') ids.add(c.id);
    else if (CUSTOMER_OF[c.model]) {
      const row = await CUSTOMER_OF[c.model](db, c.id);
      if (row?.customerId) ids.add(row.customerId);
    }
  }
  if (!ids.size) return null;
  return db.customer.findMany({ where: { id: { in: [...ids] }, ownerId: userId } });
}
