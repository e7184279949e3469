// A per-message change log stored on InboundMessage.changes. Undo replays it backwards, so it
// must record every row an ingest created and the previous values of every field it updated.
import type { Tx } from './context.js';

export type Model = 'customer' | 'contact' | 'opportunity' | 'stageChange' | 'activity' | 'task' | 'contract' | 'payment' | 'target' | 'customerEvent' | 'user' | 'team' | 'paymentPlan' | 'push';

export type Change =
  | { op: 'create'; model: Model; id: string }
  | { op: 'update'; model: Model; id: string; before: Record<string, unknown> }
  // A record the message named but did not change (an existing contact): corrections may
  // target it ("不是刘兵，是刘冰"), undo leaves it alone.
  | { op: 'ref'; model: Model; id: string };

export class ChangeLog {
  readonly entries: Change[] = [];
  created(model: Model, id: string) {
    this.entries.push({ op: 'create', model, id });
  }
  updated(model: Model, id: string, before: Record<string, unknown>) {
    this.entries.push({ op: 'update', model, id, before: serialize(before) });
  }
  referenced(model: Model, id: string) {
    this.entries.push({ op: 'ref', model, id });
  }
  /** True when nothing was written (references alone don't count). */
  get empty() {
    return !this.entries.some((e) => e.op !== 'ref');
  }
}

// Dates and Decimals must survive the JSON column and come back as the right type.
function serialize(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v instanceof Date) out[k] = { $date: v.toISOString() };
    else if (v !== null && typeof v === 'object' && 'toFixed' in (v as object)) out[k] = { $decimal: String(v) };
    else out[k] = v;
  }
  return out;
}

function deserialize(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v && typeof v === 'object' && '$date' in v) out[k] = new Date((v as { $date: string }).$date);
    else if (v && typeof v === 'object' && '$decimal' in v) out[k] = (v as { $decimal: string }).$decimal;
    else out[k] = v;
  }
  return out;
}

type Delegate = {
  deleteMany(args: { where: { id: string } }): Promise<unknown>;
  updateMany(args: { where: { id: string }; data: Record<string, unknown> }): Promise<unknown>;
};

function delegate(db: Tx, model: Model): Delegate {
  return (db as unknown as Record<Model, Delegate>)[model];
}

/** Reverts `changes` (newest first). Rows already gone are skipped: undo must not fail half-way. */
export async function revertChanges(db: Tx, changes: Change[]): Promise<void> {
  for (const c of [...changes].reverse()) {
    if (c.op === 'ref') continue;
    if (c.op === 'create') await delegate(db, c.model).deleteMany({ where: { id: c.id } });
    else await delegate(db, c.model).updateMany({ where: { id: c.id }, data: deserialize(c.before) });
  }
}
