// Moving customers from one holder to another — the one write path behind 转给 (transfer),
// 离职继承 (inherit), 公海 returns, releases and claims. The customer's open deals and open tasks
// that the old holder had on it move along; closed deals, contracts and activities keep their
// author (history and credit do not move). Each moved customer gets a CustomerEvent on its
// timeline, and every row written is in the change log, so undo of the message reverts it all.
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { forgetCustomersIn } from '../customers.js';

export type OwnershipKind = 'TRANSFER' | 'INHERIT' | 'POOL_RETURN' | 'POOL_RELEASE' | 'CLAIM' | 'IMPORT';

export interface MoveRequest {
  customerIds: string[];
  fromUserId: string;
  toUserId: string;
  kind: OwnershipKind;
  actorId: string | null;
  inboundId: string | null;
  note?: string | null;
  now: Date;
  log: ChangeLog;
}

export interface MoveResult {
  /** Customers that moved (still held by `fromUserId` when the update ran). */
  moved: string[];
  deals: number;
  tasks: number;
}

const CHUNK = 500;

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Moves customers still held by `fromUserId`. The update is conditional on the current owner, so
 * a customer claimed or moved by someone else meanwhile is left alone (and not reported moved).
 */
export async function moveCustomers(db: Tx, r: MoveRequest): Promise<MoveResult> {
  const result: MoveResult = { moved: [], deals: 0, tasks: 0 };
  for (const ids of chunks(r.customerIds)) {
    const rows = await db.customer.findMany({ where: { id: { in: ids }, ownerId: r.fromUserId }, select: { id: true, ownerSince: true } });
    if (!rows.length) continue;
    const rowIds = rows.map((c) => c.id);
    const { count } = await db.customer.updateMany({ where: { id: { in: rowIds }, ownerId: r.fromUserId }, data: { ownerId: r.toUserId, ownerSince: r.now } });
    if (count !== rows.length) throw Object.assign(new Error('customer ownership changed concurrently'), { code: 'P2034' });
    forgetCustomersIn(db);
    for (const c of rows) r.log.updated('customer', c.id, { ownerId: r.fromUserId, ownerSince: c.ownerSince });
    result.moved.push(...rowIds);

    // Open deals of the old holder on these customers, unless the new holder already has an open
    // one there (one open deal per customer and owner).
    const taken = new Set((await db.opportunity.findMany({ where: { customerId: { in: rowIds }, ownerId: r.toUserId, status: 'OPEN' }, select: { customerId: true } })).map((o) => o.customerId));
    const deals = await db.opportunity.findMany({ where: { customerId: { in: rowIds }, ownerId: r.fromUserId, status: 'OPEN' }, select: { id: true, customerId: true } });
    const dealIds = deals.filter((d) => !taken.has(d.customerId)).map((d) => d.id);
    if (dealIds.length) {
      await db.opportunity.updateMany({ where: { id: { in: dealIds } }, data: { ownerId: r.toUserId } });
      for (const id of dealIds) r.log.updated('opportunity', id, { ownerId: r.fromUserId });
      result.deals += dealIds.length;
    }
    const tasks = await db.task.findMany({ where: { customerId: { in: rowIds }, assigneeId: r.fromUserId, status: 'OPEN' }, select: { id: true } });
    if (tasks.length) {
      await db.task.updateMany({ where: { id: { in: tasks.map((t) => t.id) } }, data: { assigneeId: r.toUserId } });
      for (const t of tasks) r.log.updated('task', t.id, { assigneeId: r.fromUserId });
      result.tasks += tasks.length;
    }
    const events = await db.customerEvent.createManyAndReturn({
      data: rowIds.map((customerId) => ({ customerId, kind: r.kind, fromUserId: r.fromUserId, toUserId: r.toUserId, actorId: r.actorId, inboundId: r.inboundId, note: r.note ?? null, at: r.now })),
      select: { id: true },
    });
    for (const e of events) r.log.created('customerEvent', e.id);
  }
  return result;
}

/** Open tasks of a person that belong to no customer (离职继承 hands those over too). */
export async function moveLooseTasks(db: Tx, fromUserId: string, toUserId: string, log: ChangeLog): Promise<number> {
  const tasks = await db.task.findMany({ where: { assigneeId: fromUserId, status: 'OPEN', customerId: null }, select: { id: true } });
  if (!tasks.length) return 0;
  await db.task.updateMany({ where: { id: { in: tasks.map((t) => t.id) } }, data: { assigneeId: toUserId } });
  for (const t of tasks) log.updated('task', t.id, { assigneeId: fromUserId });
  return tasks.length;
}
