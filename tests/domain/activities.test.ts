// createActivity writes the activity, links the customer's open deal and moves its last contact
// forward in ONE statement with an id made by the application (db/ids.ts; issue 15). What it
// returns must be the row as Prisma reads it, the deal link must follow findOpenOpportunity's
// rule, the last contact must only move forward (and say what it was, for undo), and ids must
// sort in the order the activities were written — the undo of a message restores it all.
import { describe, expect, it } from 'vitest';
import { createActivity } from '../../src/domain/activities.js';
import { ChangeLog } from '../../src/domain/changes.js';
import { newId } from '../../src/db/ids.js';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-25T06:00:00Z');
const visit = (occurredAt: string, summary = '拜访') => ({ type: 'VISIT' as const, occurredAt, summary });

describe('application ids', () => {
  it('are cuid-shaped, unique and increasing within a process, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe.each(await testDatabases())('createActivity on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  async function setUp() {
    const { prisma } = suite.db;
    const rep = suite.world.rep.id;
    const customer = await prisma.customer.create({ data: { name: '松岭信息技术', normalizedName: '松岭信息技术', ownerId: rep, lastContactAt: new Date('2026-11-20T02:00:00Z') } });
    const inbound = await prisma.inboundMessage.create({ data: { platform: 'CONSOLE', externalId: `a-${Math.random()}`, senderId: rep, text: 'x' } });
    return { prisma, rep, customer, inbound };
  }

  it('returns the stored row, links the owner’s open deal only, and moves the last contact forward only', async () => {
    const { prisma, rep, customer, inbound } = await setUp();
    await prisma.opportunity.create({ data: { customerId: customer.id, ownerId: rep, title: 'old', stage: 'LOST', status: 'LOST', closedAt: NOW } });
    await prisma.opportunity.create({ data: { customerId: customer.id, ownerId: suite.world.rep2.id, title: 'theirs', stage: 'PROPOSAL' } });
    const open = await prisma.opportunity.create({ data: { customerId: customer.id, ownerId: rep, title: 'open', stage: 'PROPOSAL' } });

    const log = new ChangeLog();
    const a = await createActivity(prisma, { authorId: rep, customerId: customer.id, opportunity: { openOf: rep }, inboundId: inbound.id, rawText: '拜访了松岭信息技术', parsed: visit('2026-11-24T03:00:00Z') }, log);
    expect(a).toEqual(await prisma.activity.findUniqueOrThrow({ where: { id: a.id } }));
    expect(a.opportunityId).toBe(open.id);
    expect((await prisma.customer.findUniqueOrThrow({ where: { id: customer.id } })).lastContactAt?.toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(log.entries).toEqual([
      { op: 'create', model: 'activity', id: a.id },
      { op: 'update', model: 'customer', id: customer.id, before: { lastContactAt: { $date: '2026-11-20T02:00:00.000Z' } } },
    ]);

    // Dated before the last contact: stored, and the last contact stays where it was (nothing to undo).
    const older = new ChangeLog();
    const b = await createActivity(prisma, { authorId: rep, customerId: customer.id, opportunity: null, inboundId: inbound.id, rawText: '上周拜访', parsed: visit('2026-11-18T03:00:00Z') }, older);
    expect(b.opportunityId).toBeNull();
    expect((await prisma.customer.findUniqueOrThrow({ where: { id: customer.id } })).lastContactAt?.toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(older.entries).toEqual([{ op: 'create', model: 'activity', id: b.id }]);

    // Another rep's activity on it: their own open deal only (they have none here).
    const c = await createActivity(prisma, { authorId: suite.world.rep2.id, customerId: customer.id, opportunity: { openOf: suite.world.manager.id }, inboundId: inbound.id, rawText: 'x', parsed: visit('2026-11-24T04:00:00Z') }, new ChangeLog());
    expect(c.opportunityId).toBeNull();
  });

  it('ids of same-time activities sort in the order they were written', async () => {
    const { prisma, rep, customer, inbound } = await setUp();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createActivity(prisma, { authorId: rep, customerId: customer.id, opportunity: null, inboundId: inbound.id, rawText: `第${i}次`, parsed: visit('2026-11-24T03:00:00Z', `第${i}次`) }, new ChangeLog())).id);
    const rows = await prisma.activity.findMany({ where: { customerId: customer.id }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], select: { id: true } });
    expect(rows.map((r) => r.id)).toEqual(made);
  });

  it('undoing the message removes the activity and puts the last contact back', async () => {
    const { prisma, customer } = await setUp();
    const r = await chat.send('今天上午去松岭信息技术拜访了郑工，聊了接口改造');
    expect(r.outcome).toBe('APPLIED');
    const after = await prisma.customer.findUniqueOrThrow({ where: { id: customer.id }, include: { activities: true } });
    expect(after.activities).toHaveLength(1);
    expect(after.lastContactAt!.getTime()).toBeGreaterThan(new Date('2026-11-20T02:00:00Z').getTime());
    expect((await chat.send('撤销')).outcome).toBe('UNDO');
    const undone = await prisma.customer.findUniqueOrThrow({ where: { id: customer.id }, include: { activities: true } });
    expect(undone.activities).toHaveLength(0);
    expect(undone.lastContactAt?.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  });
});
