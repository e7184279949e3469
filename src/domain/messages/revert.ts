// What "撤销" may take back. A message's change log lists the rows it created and the values it
// overwrote; undo reverts exactly those — except what a LATER message has used since:
//   • a created row that another message referenced or changed (its change log names the row), or
//     that has rows of other messages under it (an activity or task on a created customer, a
//     payment on a created contract) is KEPT, not deleted (deleting a customer would cascade to
//     the later message's records);
//   • a field a later message changed again keeps the later value.
// The undo reply names what was kept. Rows are locked FOR UPDATE before anything is decided, so a
// message committing concurrently on another instance is either seen (and its rows kept) or sees
// the deletion and retries (messages/locks.ts).
import { Prisma, type InboundMessage } from '../../generated/prisma/client.js';
import { revertChanges, type Change, type Model } from '../changes.js';
import type { Tx } from '../context.js';
import { lockRows } from './locks.js';

export interface KeptRow {
  model: Model;
  id: string;
  /** Customer / contact name, deal title, task title: for the reply. */
  label: string | null;
}

function changesOf(m: InboundMessage): Change[] {
  return Array.isArray(m.changes) ? (m.changes as unknown as Change[]) : [];
}

/**
 * Other, not undone messages whose change log names `id` (as created, changed or referenced),
 * with whether they started after the target. A row the target created can only be named by a
 * message that ran after it (even one that started earlier and committed later).
 */
async function mentions(db: Tx, target: InboundMessage, id: string): Promise<Array<{ after: boolean; changes: Change[] }>> {
  const rows = await db.$queryRaw<Array<{ changes: unknown; after: boolean }>>(Prisma.sql`
    select "changes", ("createdAt", "id") > (${target.createdAt}, ${target.id}) as "after" from "InboundMessage"
     where "id" <> ${target.id} and "undone" = false and "changes" is not null
       and "changes" @> ${JSON.stringify([{ id }])}::jsonb`);
  return rows.map((r) => ({ after: r.after, changes: Array.isArray(r.changes) ? (r.changes as Change[]) : [] }));
}

/** Does a row created by the target have rows under it that the target did not create? */
async function hasForeignChildren(db: Tx, model: Model, id: string, own: string[]): Promise<boolean> {
  const notOwn = { notIn: own };
  switch (model) {
    case 'customer': {
      const w = { customerId: id, id: notOwn };
      const n = await Promise.all([db.contact.count({ where: w }), db.opportunity.count({ where: w }), db.activity.count({ where: w }), db.task.count({ where: w }), db.contract.count({ where: w }), db.payment.count({ where: w })]);
      return n.some((x) => x > 0);
    }
    case 'opportunity': {
      const w = { opportunityId: id, id: notOwn };
      const n = await Promise.all([db.activity.count({ where: w }), db.stageChange.count({ where: w }), db.contract.count({ where: w })]);
      return n.some((x) => x > 0);
    }
    case 'contract':
      return (await db.payment.count({ where: { contractId: id, id: notOwn } })) > 0;
    default:
      return false;
  }
}

async function labelOf(db: Tx, model: Model, id: string): Promise<string | null> {
  switch (model) {
    case 'customer':
      return (await db.customer.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
    case 'contact':
      return (await db.contact.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
    case 'opportunity':
      return (await db.opportunity.findUnique({ where: { id }, select: { title: true } }))?.title ?? null;
    case 'task':
      return (await db.task.findUnique({ where: { id }, select: { title: true } }))?.title ?? null;
    default:
      return null;
  }
}

/** Rows whose deletion would cascade to `model` rows: the customer of a kept child. */
async function customerOf(db: Tx, model: Model, id: string): Promise<string | null> {
  const pick = { where: { id }, select: { customerId: true } } as const;
  switch (model) {
    case 'contact':
      return (await db.contact.findUnique(pick))?.customerId ?? null;
    case 'opportunity':
      return (await db.opportunity.findUnique(pick))?.customerId ?? null;
    case 'activity':
      return (await db.activity.findUnique(pick))?.customerId ?? null;
    case 'task':
      return (await db.task.findUnique(pick))?.customerId ?? null;
    case 'contract':
      return (await db.contract.findUnique(pick))?.customerId ?? null;
    case 'payment':
      return (await db.payment.findUnique(pick))?.customerId ?? null;
    default:
      return null;
  }
}

const LOCK_ORDER: Model[] = ['customer', 'contact', 'opportunity', 'contract', 'payment', 'activity', 'task', 'stageChange', 'target'];

/**
 * Reverts what `target` created or changed, keeping what later messages use. Returns the kept
 * rows (for the reply). Must run in a transaction.
 */
export async function revertOwnChanges(db: Tx, target: InboundMessage): Promise<KeptRow[]> {
  const changes = changesOf(target).filter((c) => c.op !== 'ref');
  const created = changes.filter((c) => c.op === 'create');
  // A payment the target itself linked to its new contract (deals/earlierPayments.ts) is the
  // target's own child: undo unlinks it and takes the contract away.
  const own = [...created.map((c) => c.id), ...changes.filter((c) => c.op === 'update' && c.model === 'payment').map((c) => c.id)];

  // 1. Lock every row we may delete or write, in a fixed order (no deadlocks between undos).
  for (const model of LOCK_ORDER) {
    const ids = changes.filter((c) => c.model === model).map((c) => c.id);
    if (ids.length) await lockRows(db, model, ids, 'update');
  }

  // 2. Which created rows are used by someone else now (committed before our locks were granted).
  const keep = new Map<string, Model>();
  const laterFields = new Map<string, Set<string>>();
  for (const c of changes) {
    const others = await mentions(db, target, c.id);
    for (const m of others) {
      if (!m.after) continue;
      for (const e of m.changes) {
        if (e.id !== c.id || e.op !== 'update') continue;
        for (const f of Object.keys(e.before)) (laterFields.get(c.id) ?? laterFields.set(c.id, new Set()).get(c.id)!).add(f);
      }
    }
    if (c.op === 'create' && (others.length || (await hasForeignChildren(db, c.model, c.id, own)))) keep.set(c.id, c.model);
  }
  // A kept row's customer, if this message created it, stays too (deleting it would cascade).
  for (const [id, model] of [...keep]) {
    const customerId = model === 'customer' ? null : await customerOf(db, model, id);
    if (customerId && own.includes(customerId)) keep.set(customerId, 'customer');
  }

  // 3. Revert the rest: created rows not kept; overwritten fields not changed again later.
  const toRevert: Change[] = [];
  for (const c of changes) {
    if (c.op === 'create') {
      if (!keep.has(c.id)) toRevert.push(c);
    } else if (c.op === 'update') {
      const later = laterFields.get(c.id);
      const before = later ? Object.fromEntries(Object.entries(c.before).filter(([f]) => !later.has(f))) : c.before;
      if (Object.keys(before).length) toRevert.push({ ...c, before });
    }
  }
  const kept: KeptRow[] = [];
  for (const [id, model] of keep) kept.push({ model, id, label: await labelOf(db, model, id) });
  await revertChanges(db, toRevert);
  return kept;
}
