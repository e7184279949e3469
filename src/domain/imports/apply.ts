// Writing an import plan in batches, one transaction per batch: a failure loses at most the
// batch in flight (nothing half-written), and running the import again continues where it
// stopped, because existing customers are matched on the (owner, name key) unique key and only
// their empty fields and missing contacts are filled. New customers get an IMPORT event on their
// timeline and ownerSince = now (the 公海 clock starts at the import).
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { poolHolder } from '../pool/holder.js';
import { actorIdOf, type Actor } from '../teams/actor.js';
import type { ImportPlan, PlannedCustomer } from './plan.js';

export interface ApplyOptions {
  actor: Actor;
  now: Date;
  /** Shown on the timeline event ("导入 customers.xlsx"). */
  source: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  contactsCreated: number;
  contactsUpdated: number;
}

async function resolvePoolOwners(prisma: PrismaClient, customers: PlannedCustomer[]) {
  const teamIds = [...new Set(customers.filter((c) => c.ownerId.startsWith('pool:')).map((c) => c.ownerId.slice(5)))];
  for (const teamId of teamIds) {
    const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId } });
    const holder = await poolHolder(prisma, team);
    for (const c of customers) if (c.ownerId === `pool:${teamId}`) c.ownerId = holder.id;
  }
}

async function applyBatch(tx: Tx, batch: PlannedCustomer[], o: ApplyOptions, r: ApplyResult) {
  // New customers; a row another process created meanwhile is skipped here and filled below.
  const fresh = batch.filter((c) => !c.existingId);
  const created = fresh.length
    ? await tx.customer.createManyAndReturn({
        data: fresh.map((c) => ({ name: c.name, normalizedName: c.key, ownerId: c.ownerId, level: c.level, industry: c.industry, source: c.source, ownerSince: o.now, createdAt: o.now })),
        skipDuplicates: true,
        select: { id: true, ownerId: true, normalizedName: true },
      })
    : [];
  const ids = new Map(created.map((c) => [`${c.ownerId}|${c.normalizedName}`, c.id]));
  r.created += created.length;
  const raced = fresh.filter((c) => !ids.has(`${c.ownerId}|${c.key}`));
  if (raced.length) {
    const found = await tx.customer.findMany({ where: { OR: raced.map((c) => ({ ownerId: c.ownerId, normalizedName: c.key })) }, select: { id: true, ownerId: true, normalizedName: true } });
    for (const f of found) ids.set(`${f.ownerId}|${f.normalizedName}`, f.id);
  }
  const idOf = (c: PlannedCustomer) => c.existingId ?? ids.get(`${c.ownerId}|${c.key}`)!;

  // Existing customers: fill empty fields only (what the team typed before wins).
  const createdIds = new Set(created.map((x) => x.id));
  const existing = batch.filter((c) => !createdIds.has(idOf(c)));
  if (existing.length) {
    const rows = await tx.customer.findMany({ where: { id: { in: existing.map(idOf) } }, select: { id: true, level: true, industry: true, source: true } });
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const c of existing) {
      const row = byId.get(idOf(c));
      if (!row) continue;
      const data: Record<string, string> = {};
      for (const f of ['level', 'industry', 'source'] as const) if (c[f] && !row[f]) data[f] = c[f]!;
      if (Object.keys(data).length) {
        await tx.customer.update({ where: { id: row.id }, data });
        r.updated++;
      }
    }
  }

  // Contacts: create the missing ones, fill empty fields of those already there.
  const customerIds = batch.map(idOf);
  const have = await tx.contact.findMany({ where: { customerId: { in: customerIds } }, select: { id: true, customerId: true, name: true, title: true, phone: true, wechat: true } });
  const haveBy = new Map(have.map((h) => [`${h.customerId}|${h.name}`, h]));
  const toCreate: Array<{ customerId: string; name: string; title: string | null; phone: string | null; wechat: string | null; role: PlannedCustomer['contacts'][number]['role'] }> = [];
  for (const c of batch) {
    for (const p of c.contacts) {
      const h = haveBy.get(`${idOf(c)}|${p.name}`);
      if (!h) {
        toCreate.push({ customerId: idOf(c), name: p.name, title: p.title, phone: p.phone, wechat: p.wechat, role: p.role });
        continue;
      }
      const data: Record<string, string> = {};
      for (const f of ['title', 'phone', 'wechat'] as const) if (p[f] && !h[f]) data[f] = p[f]!;
      if (Object.keys(data).length) {
        await tx.contact.update({ where: { id: h.id }, data });
        r.contactsUpdated++;
      }
    }
  }
  if (toCreate.length) r.contactsCreated += (await tx.contact.createMany({ data: toCreate, skipDuplicates: true })).count;

  if (created.length) {
    await tx.customerEvent.createMany({
      data: created.map((c) => ({ customerId: c.id, kind: 'IMPORT', fromUserId: null, toUserId: c.ownerId, actorId: actorIdOf(o.actor), note: o.source.slice(0, 200), at: o.now })),
    });
  }
}

export async function applyImport(prisma: PrismaClient, plan: ImportPlan, o: ApplyOptions): Promise<ApplyResult> {
  const work = plan.customers.filter((c) => c.action === 'create' || c.action === 'update');
  const r: ApplyResult = { created: 0, updated: 0, unchanged: plan.counts.unchanged, contactsCreated: 0, contactsUpdated: 0 };
  await resolvePoolOwners(prisma, work);
  const size = o.batchSize ?? 500;
  o.onProgress?.(0, work.length);
  for (let i = 0; i < work.length; i += size) {
    const batch = work.slice(i, i + size);
    await prisma.$transaction((tx) => applyBatch(tx, batch, o, r), { maxWait: 15_000, timeout: 120_000 });
    o.onProgress?.(Math.min(i + size, work.length), work.length);
  }
  return r;
}
