// Row locks that make "one message, one transaction" hold against a concurrent undo on another
// instance. A message that only READ an existing row (a customer it logged against, a contact it
// named) takes a share lock on it before committing and checks it still exists; an undo takes an
// update lock on what it may delete before deciding (see revert.ts). The two serialise, so an
// undo never deletes a row a concurrently committing message is using, and a message never
// commits pointing at a row an undo already deleted (it retries instead).
import { Prisma } from '../../generated/prisma/client.js';
import type { Change, Model } from '../changes.js';
import type { Tx } from '../context.js';

const TABLE: Record<Model, string> = {
  customer: 'Customer',
  contact: 'Contact',
  opportunity: 'Opportunity',
  stageChange: 'StageChange',
  activity: 'Activity',
  task: 'Task',
  contract: 'Contract',
  payment: 'Payment',
  target: 'Target',
  team: 'Team',
  user: 'User',
  paymentPlan: 'PaymentPlan',
  push: 'Push',
  customerEvent: 'CustomerEvent',
};

/** Locks rows `FOR SHARE` (or `FOR UPDATE`); returns the ids that still exist. */
export async function lockRows(db: Tx, model: Model, ids: string[], mode: 'share' | 'update'): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  // One statement per table; rows are locked in id order (the lock is taken above the sort), so
  // two messages locking overlapping rows cannot deadlock on the order.
  const rows = await db.$queryRaw<Array<{ id: string }>>(
    Prisma.sql`select "id" from ${Prisma.raw(`"${TABLE[model]}"`)} where "id" = any(${unique}::text[]) order by "id" ${Prisma.raw(mode === 'share' ? 'for share' : 'for update')}`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Share-locks every row the change log only referenced; false when one of them is gone. */
export async function lockReferenced(db: Tx, entries: Change[]): Promise<boolean> {
  // A row this message also updated is already locked by that UPDATE (which found it): no second lock.
  const written = new Set(entries.filter((e) => e.op === 'update').map((e) => `${e.model}:${e.id}`));
  const refs = new Map<Model, string[]>();
  for (const e of entries) if (e.op === 'ref' && !written.has(`${e.model}:${e.id}`)) refs.set(e.model, [...(refs.get(e.model) ?? []), e.id]);
  for (const [model, ids] of [...refs].sort(([a], [b]) => a.localeCompare(b))) {
    const found = await lockRows(db, model, ids, 'share');
    if (found.size !== new Set(ids).size) return false;
  }
  return true;
}

export { TABLE as MODEL_TABLE };
