// PGlite copies its parser table for every statement; src/db/pglite.ts trims it from ~316 entries
// (an array parser for every catalogue type) to the base types and their arrays. This checks the
// trimmed table is what the app runs with and that every kind of value the app reads still comes
// back as before: arrays of text, integers and floats (the stage-history columns), JSON, dates,
// decimals, big integers, enums — through Prisma and through raw SQL.
import { describe, expect, it } from 'vitest';
import { newPglite } from '../../src/db/pglite.js';
import { createPgliteDb } from '../helpers/db.js';
import { createWorld } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

describe('embedded database (PGlite) parsers', () => {
  const suite = useTestDb(createPgliteDb);

  it('runs with a small parser table that still parses the base types and their arrays', async () => {
    const pg = newPglite();
    await pg.waitReady;
    try {
      expect(Object.keys(pg.parsers).length).toBeLessThanOrEqual(50);
      const { rows } = await pg.query<Record<string, unknown>>(
        `select array['a','b,c']::text[] t, array[1,2]::int[] i, array[1.5,2]::float8[] f, '{"a":[1]}'::jsonb j, '2026-11-27 08:00:00'::timestamp ts, 5::bigint b, true ok, 2.5::float8 x`,
      );
      expect(rows[0]).toEqual({ t: ['a', 'b,c'], i: [1, 2], f: [1.5, 2], j: { a: [1] }, ts: new Date('2026-11-27T08:00:00Z'), b: 5, ok: true, x: 2.5 });
    } finally {
      await pg.close();
    }
  });

  it('reads what the app stores through Prisma: decimals, enums, arrays, JSON, dates', async () => {
    const world = await createWorld(suite.db.prisma);
    const c = await suite.db.prisma.customer.create({ data: { name: '白鹭航空', normalizedName: '白鹭航空', ownerId: world.rep.id, lifecycle: 'SIGNED' } });
    const o = await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: world.rep.id, title: 'x', stage: '报价', amount: '12345678901234.56', stageEnteredAt: new Date('2026-11-01T00:00:00Z') } });
    await suite.db.prisma.stageChange.createMany({ data: [
      { opportunityId: o.id, fromStage: null, toStage: '初步接触', changedAt: new Date('2026-11-01T00:00:00Z') },
      { opportunityId: o.id, fromStage: '初步接触', toStage: '报价', changedAt: new Date('2026-11-03T12:00:00Z') },
    ] });
    const back = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id }, include: { customer: true } });
    expect(back.amount?.toFixed(2)).toBe('12345678901234.56');
    expect(back.customer.lifecycle).toBe('SIGNED');
    expect(back.historyStages).toEqual(['初步接触', '报价']);
    expect(back.historyStays).toEqual([1, 1]);
    expect(back.historyDays).toEqual([2.5, 0]);
    expect(back.lastStageAt).toEqual(new Date('2026-11-03T12:00:00Z'));
    const raw = await suite.db.prisma.$queryRaw<Array<{ names: string[]; n: bigint | number; settings: unknown }>>`select array(select name from "Customer") as names, count(*) as n, (select settings from "Team" limit 1) as settings from "Customer"`;
    expect(raw[0].names).toEqual(['白鹭航空']);
    expect(Number(raw[0].n)).toBe(1);
    expect(typeof raw[0].settings).toBe('object');
  });
});
