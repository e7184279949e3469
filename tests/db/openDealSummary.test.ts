// OpenDealSummary (running totals of the open deals per owner and funnel group) is kept by a row
// trigger on Opportunity. Whatever writes the deals — one row, many rows in one statement, the
// stage-history triggers, closing, reopening, a transfer, a delete, two clients at once — the totals
// equal what the deals say, and the current period's funnel read from them equals the funnel read
// deal by deal. Totals are per currency: a group's USD deals are a row of their own, and changing a
// deal's currency moves it between rows (a funnel never adds currencies together).
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { computeFunnel, type Funnel } from '../../src/domain/analytics/funnel.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { dbPairs } from '../schedulers/helpers.js';
import { createWorld } from '../helpers/world.js';

const STAGES = ['INITIAL_CONTACT', 'NEEDS_CONFIRMED', 'PROPOSAL', 'QUOTATION', 'NEGOTIATION'];

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CURRENCIES = ['CNY', 'CNY', 'USD', 'EUR'];

type Row = { ownerId: string; currency: string; stage: string; hs: string[]; ls: string | null; n: number; /** cents */ amount: number; stays: number[]; days: number[]; since: number };
const key = (r: Pick<Row, 'ownerId' | 'currency' | 'stage' | 'hs' | 'ls'>) => JSON.stringify([r.ownerId, r.currency, r.stage, r.ls, r.hs]);

/** The totals as stored (groups with deals in them). */
async function stored(prisma: PrismaClient): Promise<Map<string, Row>> {
  const rows = await prisma.openDealSummary.findMany({ where: { n: { not: 0 } } });
  return new Map(rows.map((r) => {
    const row = { ownerId: r.ownerId, currency: r.currency, stage: r.stage, hs: r.historyStages, ls: r.lastStage, n: r.n, amount: Math.round(Number(r.amount) * 100), stays: r.stays, days: r.days, since: Number(r.since) };
    return [key(row), row];
  }));
}

/** The totals recomputed from the open deals themselves. */
async function recomputed(prisma: PrismaClient): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (const o of await prisma.opportunity.findMany({ where: { status: 'OPEN' } })) {
    const g = { ownerId: o.ownerId, currency: o.currency, stage: o.stage, hs: o.historyStages, ls: o.lastStage };
    const r = out.get(key(g)) ?? { ...g, n: 0, amount: 0, stays: o.historyStays.map(() => 0), days: o.historyDays.map(() => 0), since: 0 };
    r.n += 1;
    r.amount += Math.round(Number(o.amount ?? 0) * 100); // in cents
    o.historyStays.forEach((v, i) => (r.stays[i] += v));
    o.historyDays.forEach((v, i) => (r.days[i] += v));
    r.since += (o.lastStageAt ?? o.stageEnteredAt).getTime() / 1000;
    out.set(key(g), r);
  }
  return out;
}

async function expectTotalsMatchDeals(prisma: PrismaClient) {
  const [a, b] = await Promise.all([stored(prisma), recomputed(prisma)]);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [k, want] of b) {
    const got = a.get(k)!;
    expect({ n: got.n, amount: got.amount, stays: got.stays }).toEqual({ n: want.n, amount: want.amount, stays: want.stays });
    got.days.forEach((d, i) => expect(d).toBeCloseTo(want.days[i], 6));
    expect(got.since).toBeCloseTo(want.since, 2);
  }
}

function expectSameFunnel(got: Funnel, want: Funnel) {
  expect(got.openCount).toBe(want.openCount);
  expect(got.openAmount).toBeCloseTo(want.openAmount, 2);
  expect(got.openAmounts).toEqual(want.openAmounts);
  expect(got.stages.map((s) => [s.key, s.count, s.reached])).toEqual(want.stages.map((s) => [s.key, s.count, s.reached]));
  got.stages.forEach((s, i) => {
    const w = want.stages[i];
    expect(s.amount).toBeCloseTo(w.amount, 2);
    expect(s.amounts).toEqual(w.amounts);
    if (w.conversion === null) expect(s.conversion).toBeNull();
    else expect(s.conversion).toBeCloseTo(w.conversion, 9);
    if (w.avgDays === null) expect(s.avgDays).toBeNull();
    else expect(s.avgDays).toBeCloseTo(w.avgDays, 6);
  });
}

describe.each(await testDatabases())('open-deal running totals on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });

  it('equal the open deals after every kind of write, and the funnel read from them equals the one read deal by deal', async () => {
    const { prisma } = suite.db;
    const owners = [suite.world.rep.id, suite.world.rep2.id, suite.world.outsider.id];
    const rand = prng(20261128);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const t0 = Date.now() - 40 * 86_400_000;
    let clock = 0;
    const at = () => new Date(t0 + (clock += Math.floor(rand() * 20 * 3_600_000)));
    const ids: string[] = [];
    const ops = {
      async create() {
        const i = ids.length;
        const owner = pick(owners);
        const c = await prisma.customer.create({ data: { name: `客户${i}`, normalizedName: `客户${i}`, ownerId: owner } });
        const stage = pick(STAGES);
        const when = at();
        const o = await prisma.opportunity.create({ data: { customerId: c.id, ownerId: owner, title: `单${i}`, stage, stageEnteredAt: when, currency: pick(CURRENCIES), amount: rand() < 0.2 ? null : Math.round(rand() * 1e6) / 100 } });
        if (rand() < 0.8) await prisma.stageChange.create({ data: { opportunityId: o.id, toStage: stage, changedAt: when } });
        ids.push(o.id);
      },
      async move() {
        const o = await prisma.opportunity.findUnique({ where: { id: pick(ids) } });
        if (!o) return;
        const stage = pick(STAGES);
        const when = at();
        await prisma.$transaction([
          prisma.opportunity.update({ where: { id: o.id }, data: { stage, stageEnteredAt: when } }),
          prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: o.stage, toStage: stage, changedAt: when } }),
        ]);
      },
      async amount() {
        await prisma.opportunity.updateMany({ where: { id: pick(ids) }, data: { amount: rand() < 0.1 ? null : Math.round(rand() * 1e6) / 100 } });
      },
      async currency() {
        await prisma.opportunity.updateMany({ where: { id: pick(ids) }, data: { currency: pick(CURRENCIES) } });
      },
      async close() {
        const won = rand() < 0.5;
        await prisma.opportunity.updateMany({ where: { id: pick(ids), status: 'OPEN' }, data: { status: won ? 'WON' : 'LOST', stage: won ? 'WON' : 'LOST', closedAt: at() } });
      },
      async reopen() {
        await prisma.opportunity.updateMany({ where: { id: pick(ids), status: { not: 'OPEN' } }, data: { status: 'OPEN', stage: pick(STAGES), closedAt: null } });
      },
      async transfer() {
        await prisma.opportunity.updateMany({ where: { id: pick(ids) }, data: { ownerId: pick(owners) } });
      },
      async undoLatestChange() {
        const last = await prisma.stageChange.findFirst({ where: { opportunityId: pick(ids) }, orderBy: [{ changedAt: 'desc' }, { id: 'desc' }] });
        if (last) await prisma.stageChange.delete({ where: { id: last.id } });
      },
      async editChangeTime() {
        const sc = await prisma.stageChange.findFirst({ where: { opportunityId: pick(ids) } });
        if (sc) await prisma.stageChange.update({ where: { id: sc.id }, data: { changedAt: new Date(sc.changedAt.getTime() - 3 * 3_600_000) } });
      },
      async remove() {
        const id = pick(ids);
        await prisma.opportunity.deleteMany({ where: { id } });
      },
      async manyInOneStatement() {
        await prisma.$executeRawUnsafe(`UPDATE "Opportunity" SET amount = COALESCE(amount, 0) + 1, stage = 'PROPOSAL' WHERE "ownerId" = $1 AND status = 'OPEN'`, pick(owners));
      },
    };
    for (let i = 0; i < 8; i++) await ops.create();
    const kinds = Object.keys(ops) as Array<keyof typeof ops>;
    const weights: Record<keyof typeof ops, number> = { create: 4, move: 6, amount: 2, currency: 1, close: 2, reopen: 1, transfer: 1, undoLatestChange: 2, editChangeTime: 1, remove: 1, manyInOneStatement: 1 };
    const bag = kinds.flatMap((k) => Array(weights[k]).fill(k) as Array<keyof typeof ops>);
    const seen = new Set<string>();
    for (let step = 1; step <= 120; step++) {
      const k = pick(bag);
      seen.add(k);
      await ops[k]();
      if (step % 20 === 0) await expectTotalsMatchDeals(prisma);
    }
    expect(seen.size).toBe(kinds.length);
    expect(await prisma.opportunity.count({ where: { status: 'OPEN' } })).toBeGreaterThan(5);

    // A period that has not ended reads the totals; the same funnel read deal by deal.
    const now = new Date(Date.now() + 3_600_000);
    const start = new Date(now.getTime() - 20 * 86_400_000);
    const end = new Date(now.getTime() + 5 * 86_400_000);
    for (const userIds of [null, [suite.world.rep.id, suite.world.rep2.id], [suite.world.outsider.id]]) {
      expectSameFunnel(await computeFunnel(prisma, { userIds, start, end, now }), await computeFunnel(prisma, { userIds, start, end, now, via: 'scan' }));
    }
    // Deals created after the period's end (a clock ahead of `now`) are in the totals but not in the period.
    const early = new Date(Date.now() - 2 * 86_400_000);
    const earlyEnd = new Date(early.getTime() + 86_400_000);
    const f = await computeFunnel(prisma, { userIds: null, start: new Date(early.getTime() - 10 * 86_400_000), end: earlyEnd, now: early });
    expectSameFunnel(f, await computeFunnel(prisma, { userIds: null, start: new Date(early.getTime() - 10 * 86_400_000), end: earlyEnd, now: early, via: 'scan' }));
    expect(f.openCount).toBe(0);
  });

  it("the migration's fill for deals written before it equals the trigger's totals", async () => {
    // Every test database is migrated before any deal exists; the fill is checked by emptying the
    // totals and running the migration's own fill statement.
    const { prisma } = suite.db;
    for (const [i, owner] of [suite.world.rep.id, suite.world.rep.id, suite.world.rep2.id].entries()) {
      const c = await prisma.customer.create({ data: { name: `老客户${i}`, normalizedName: `老客户${i}`, ownerId: owner } });
      const o = await prisma.opportunity.create({ data: { customerId: c.id, ownerId: owner, title: 'x', stage: 'PROPOSAL', amount: 1000 * (i + 1), currency: i ? 'USD' : 'CNY' } });
      // rep: one CNY and one USD deal in the same group — two rows.
      await prisma.stageChange.createMany({ data: [
        { opportunityId: o.id, toStage: 'INITIAL_CONTACT', changedAt: new Date(Date.now() - 5 * 86_400_000) },
        { opportunityId: o.id, fromStage: 'INITIAL_CONTACT', toStage: 'PROPOSAL', changedAt: new Date(Date.now() - 86_400_000) },
      ] });
    }
    const before = await stored(prisma);
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('../../prisma/migrations/', import.meta.url);
    // The latest fill: the one that keeps a row per currency.
    const name = readdirSync(dir).find((n) => n.endsWith('_open_deal_summary_currency'))!;
    const sql = readFileSync(new URL(`${name}/migration.sql`, dir), 'utf8');
    const fill = sql.slice(sql.indexOf('WITH d AS ('));
    await prisma.$executeRawUnsafe('DELETE FROM "OpenDealSummary"');
    await prisma.$executeRawUnsafe(fill);
    expect(await stored(prisma)).toEqual(before);
    await expectTotalsMatchDeals(prisma);
  });
});

describe.each((await dbPairs()).filter((p) => p.kind === 'postgres'))('open-deal running totals with two clients on $kind', ({ create }) => {
  const suite = useTestDb(create);

  it('two instances moving deals of one owner at the same time lose no update', async () => {
    const { a, b } = suite.db;
    const world = await createWorld(a.prisma);
    const deals: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await a.prisma.customer.create({ data: { name: `并发${i}`, normalizedName: `并发${i}`, ownerId: world.rep.id } });
      deals.push((await a.prisma.opportunity.create({ data: { customerId: c.id, ownerId: world.rep.id, title: 'x', stage: STAGES[0], amount: 100 } })).id);
    }
    const spans: Array<[number, number]> = [];
        const worker = async (prisma: PrismaClient, seed: number) => {
      const rand = prng(seed);
      for (let i = 0; i < 25; i++) {
        const id = deals[Math.floor(rand() * deals.length)];
        const stage = STAGES[Math.floor(rand() * STAGES.length)];
        for (;;) {
          try {
            const t = performance.now();
            await prisma.$transaction(async (tx) => {
              const o = await tx.opportunity.update({ where: { id }, data: { stage, amount: { increment: 1 } } });
              await tx.stageChange.create({ data: { opportunityId: id, fromStage: o.stage, toStage: stage } });
              // Hold the group rows a moment, so the other client's transactions overlap this one.
              await tx.$executeRawUnsafe('SELECT pg_sleep(0.005)');
            });
            spans.push([t, performance.now()]);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== 'P2034') throw e;
          }
        }
      }
    };
    await Promise.all([worker(a.prisma, 1), worker(b.prisma, 2)]);
    // The two clients' transactions did run at the same time.
    const overlapping = spans.filter(([s, e], i) => spans.some(([s2, e2], j) => j !== i && s2 < e && s < e2)).length;
    expect(overlapping).toBeGreaterThan(10);
    await expectTotalsMatchDeals(a.prisma);
    const totals = await stored(a.prisma);
    expect([...totals.values()].reduce((t, r) => t + r.n, 0)).toBe(4);
    expect([...totals.values()].reduce((t, r) => t + r.amount, 0)).toBe((400 + 50) * 100);
  });
});
