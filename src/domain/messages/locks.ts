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

/** Rows the change log only referenced (not also updated, whose UPDATE already locked them), per table in a fixed order. */
function referencedByTable(entries: Change[]): Array<[Model, string[]]> {
  const written = new Set(entries.filter((e) => e.op === 'update').map((e) => `${e.model}:${e.id}`));
  const refs = new Map<Model, Set<string>>();
  for (const e of entries) if (e.op === 'ref' && !written.has(`${e.model}:${e.id}`)) refs.set(e.model, (refs.get(e.model) ?? new Set()).add(e.id));
  return [...refs].sort(([a], [b]) => a.localeCompare(b)).map(([m, ids]) => [m, [...ids]]);
}

/**
 * The message's last statement: share-locks the rows it only referenced and
 * stores its outcome, reply and change log on its InboundMessage — one round trip instead of one
 * per table plus the update. False when a referenced row is gone (the caller rolls back and retries).
 */
export async function finishInbound(db: Tx, inboundId: string, result: { outcome: string; reply: string; changes: Change[] | null }, entries: Change[]): Promise<boolean> {
  const tables = referencedByTable(entries);
  // Each table's rows are locked in id order, the tables in name order (no deadlock on the order);
  // the CTEs run when the RETURNING list reads them, after the update of this message's own row.
  const ctes = tables.map(([model, ids], i) =>
    Prisma.sql`${Prisma.raw(`l${i}`)} AS (select "id" from ${Prisma.raw(`"${TABLE[model]}"`)} where "id" = any(${ids}::text[]) order by "id" for share)`);
  const checks = tables.map(([, ids], i) => Prisma.sql`(select count(*) from ${Prisma.raw(`l${i}`)}) = ${ids.length}`);
  const rows = await db.$queryRaw<Array<{ ok: boolean }>>(Prisma.sql`
    ${ctes.length ? Prisma.sql`WITH ${Prisma.join(ctes, ', ')}` : Prisma.empty}
    UPDATE "InboundMessage" SET "outcome" = ${result.outcome}, "reply" = ${result.reply}, "changes" = ${result.changes ? JSON.stringify(result.changes) : null}::jsonb
     WHERE "id" = ${inboundId}
    RETURNING ${checks.length ? Prisma.join(checks, ' AND ') : Prisma.sql`true`} AS ok`);
  if (rows.length !== 1) throw new Error(`inbound message ${inboundId} vanished inside its own transaction`);
  return rows[0].ok;
}

export { TABLE as MODEL_TABLE };
