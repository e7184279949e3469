// The stage-history summary on Opportunity (history* / lastStage*) is kept by database triggers on
// StageChange: whatever writes the history — one row, many rows in one statement, an edited
// time, an undo deleting rows, a cascading delete — the summary says what the rows say.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const T0 = new Date('2026-10-01T00:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe.each(await testDatabases())('stage-history summary on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });

  const deal = async (name: string) => {
    const c = await suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId: suite.world.rep.id } });
    return suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, title: name, stage: 'INITIAL_CONTACT', stageEnteredAt: T0 } });
  };
  const summary = async (id: string) => {
    const o = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id } });
    const per = Object.fromEntries(o.historyStages.map((k, i) => [k, [o.historyStays[i], Number(o.historyDays[i].toFixed(6))]]));
    return { per, last: o.lastStage, lastAt: o.lastStageAt?.toISOString() ?? null };
  };

  it('follows inserts, edits and deletes of the history', async () => {
    const o = await deal('松涛木业');
    expect(await summary(o.id)).toEqual({ per: {}, last: null, lastAt: null });

    await suite.db.prisma.stageChange.create({ data: { opportunityId: o.id, toStage: 'INITIAL_CONTACT', changedAt: day(0) } });
    await suite.db.prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: 'INITIAL_CONTACT', toStage: 'PROPOSAL', changedAt: day(3) } });
    // Back to the first stage for a while, then on again: two stays in INITIAL_CONTACT.
    await suite.db.prisma.stageChange.createMany({
      data: [
        { opportunityId: o.id, fromStage: 'PROPOSAL', toStage: 'INITIAL_CONTACT', changedAt: day(5.5) },
        { opportunityId: o.id, fromStage: 'INITIAL_CONTACT', toStage: 'QUOTATION', changedAt: day(6) },
      ],
    });
    expect(await summary(o.id)).toEqual({ per: { INITIAL_CONTACT: [2, 3.5], PROPOSAL: [1, 2.5], QUOTATION: [1, 0] }, last: 'QUOTATION', lastAt: day(6).toISOString() });

    // A corrected time moves the boundary between two stays.
    const q = await suite.db.prisma.stageChange.findFirstOrThrow({ where: { opportunityId: o.id, toStage: 'QUOTATION' } });
    await suite.db.prisma.stageChange.update({ where: { id: q.id }, data: { changedAt: day(8) } });
    expect((await summary(o.id)).per.INITIAL_CONTACT).toEqual([2, 5.5]);

    // Undo removes the latest change: the stay before it runs on again.
    await suite.db.prisma.stageChange.deleteMany({ where: { id: q.id } });
    expect(await summary(o.id)).toEqual({ per: { INITIAL_CONTACT: [2, 3], PROPOSAL: [1, 2.5] }, last: 'INITIAL_CONTACT', lastAt: day(5.5).toISOString() });

    await suite.db.prisma.stageChange.deleteMany({ where: { opportunityId: o.id } });
    expect(await summary(o.id)).toEqual({ per: {}, last: null, lastAt: null });
  });

  it('one statement writing the history of several deals updates each of them; deleting a deal is fine', async () => {
    const a = await deal('白鹭航运');
    const b = await deal('金穗粮油');
    await suite.db.prisma.$executeRawUnsafe(
      `INSERT INTO "StageChange"(id, "opportunityId", "fromStage", "toStage", "changedAt") VALUES
        ('h1', $1, NULL, 'INITIAL_CONTACT', $3), ('h2', $1, 'INITIAL_CONTACT', 'NEGOTIATION', $4), ('h3', $2, NULL, 'INITIAL_CONTACT', $4)`,
      a.id, b.id, day(1), day(2),
    );
    expect(await summary(a.id)).toEqual({ per: { INITIAL_CONTACT: [1, 1], NEGOTIATION: [1, 0] }, last: 'NEGOTIATION', lastAt: day(2).toISOString() });
    expect(await summary(b.id)).toEqual({ per: { INITIAL_CONTACT: [1, 0] }, last: 'INITIAL_CONTACT', lastAt: day(2).toISOString() });
    await suite.db.prisma.opportunity.delete({ where: { id: a.id } }); // cascades to its history
    expect(await suite.db.prisma.stageChange.count()).toBe(1);
    expect(await summary(b.id)).toEqual({ per: { INITIAL_CONTACT: [1, 0] }, last: 'INITIAL_CONTACT', lastAt: day(2).toISOString() });
  });
});
