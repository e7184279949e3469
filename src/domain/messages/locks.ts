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

/** A message's own row, written by finishInbound when it is done. */
export interface InboundRow {
  id: string;
  platform: string;
  externalId: string;
  senderId: string;
  text: string;
  /** The parse result as stored (JSON), or null. */
  parseResult: unknown;
  createdAt: Date;
}

/**
 * The message's last statement: share-locks the rows it only referenced and writes its
 * InboundMessage with the outcome, reply and change log — one round trip instead of one per table
 * plus an insert at the start and an update at the end. False when a referenced row is gone (the
 * caller rolls back and retries). A duplicate of the message committed meanwhile makes it fail on
 * the unique (platform, externalId) key, and the caller answers with that one's reply.
 */
export async function finishInbound(db: Tx, inbound: InboundRow, result: { outcome: string; reply: string; changes: Change[] | null }, entries: Change[]): Promise<boolean> {
  const tables = referencedByTable(entries);
  // Each table's rows are locked in id order, the tables in name order (no deadlock on the order);
  // the CTEs run when the final SELECT reads them, after the insert of this message's own row.
  const ctes = tables.map(([model, ids], i) =>
    Prisma.sql`${Prisma.raw(`l${i}`)} AS (select "id" from ${Prisma.raw(`"${TABLE[model]}"`)} where "id" = any(${ids}::text[]) order by "id" for share)`);
  const checks = tables.map(([, ids], i) => Prisma.sql`(select count(*) from ${Prisma.raw(`l${i}`)}) = ${ids.length}`);
  const parse = inbound.parseResult === null || inbound.parseResult === undefined ? null : JSON.stringify(inbound.parseResult);
  const rows = await db.$queryRaw<Array<{ ok: boolean }>>(Prisma.sql`
    WITH ${ctes.length ? Prisma.sql`${Prisma.join(ctes, ', ')}, ` : Prisma.empty}ins AS (
      INSERT INTO "InboundMessage" (id, platform, "externalId", "senderId", text, "parseResult", outcome, reply, changes, undone, "createdAt")
      VALUES (${inbound.id}, ${inbound.platform}::"Platform", ${inbound.externalId}, ${inbound.senderId}, ${inbound.text}, ${parse}::jsonb,
              ${result.outcome}, ${result.reply}, ${result.changes ? JSON.stringify(result.changes) : null}::jsonb, false, ${inbound.createdAt}::timestamp)
      RETURNING 1)
    SELECT ${checks.length ? Prisma.join(checks, ' AND ') : Prisma.sql`true`} AS ok FROM ins`);
  if (rows.length !== 1) throw new Error(`inbound message ${inbound.id} was not stored`);
  return rows[0].ok;
}

export { TABLE as MODEL_TABLE };
