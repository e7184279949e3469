// The one-statement read before a message is parsed (messages/sender.ts) returns exactly what
// Prisma's own queries return — the user with their team, the waiting question, the earlier answer
// to a redelivered id, the customer names latest first — on both databases; an unknown or inactive
// sender gets nothing; and a whole message goes through with fewer statements than before.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey, ownCustomerByKey, rememberCustomersIn } from '../../src/domain/customers.js';
import { pendingDraftOf } from '../../src/domain/messages/drafts.js';
import { loadSender } from '../../src/domain/messages/sender.js';
import { lockRows } from '../../src/domain/messages/locks.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { resetDb, testDatabases, type TestDb } from '../helpers/db.js';
import { createWorld, type World } from '../helpers/world.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('sender read on $kind', ({ create }) => {
  let db: TestDb;
  let world: World;

  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => db?.destroy());
  beforeEach(async () => {
    await resetDb(db);
    world = await createWorld(db.prisma);
  });

  const bot = () => new SalesAssistant(makeContext(db.prisma, { now: () => NOW, timezone: 'Asia/Shanghai' }), { parser: ruleParser });

  it('returns the user with their team as Prisma does, and nothing for unknown or inactive senders', async () => {
    await db.prisma.team.update({ where: { id: world.teamId }, data: { settings: { quietHours: { start: '22:00', end: '08:00' } }, chatTarget: 'chat-1' } });
    const s = await loadSender(db.prisma, 'CONSOLE', 'rep', 'never-seen');
    const prismaUser = await db.prisma.user.findFirst({ where: { consoleName: 'rep', active: true }, include: { team: true } });
    expect(s.user).toEqual(prismaUser);
    expect(s.user!.createdAt).toBeInstanceOf(Date);
    expect(s.previous).toBeNull();
    expect(s.draft).toBeNull();

    expect((await loadSender(db.prisma, 'CONSOLE', 'nobody', 'x1')).user).toBeNull();
    await db.prisma.user.update({ where: { id: world.rep2.id }, data: { active: false } });
    expect((await loadSender(db.prisma, 'CONSOLE', 'rep2', 'x2')).user).toBeNull();
    // The admin has no team: the user comes back with team null.
    const admin = await loadSender(db.prisma, 'CONSOLE', world.admin.consoleName, 'x3');
    expect(admin.user).toEqual(await db.prisma.user.findFirst({ where: { id: world.admin.id }, include: { team: true } }));
  });

  it('knows a redelivered message id and the question waiting for the sender', async () => {
    const b = bot();
    // Customer facts and no customer named: the bot asks and keeps a draft.
    const first = await b.handleMessage({ platform: 'CONSOLE', externalId: 'm1', senderId: 'rep', text: '今天拜访了周工，他们预算80万，下周出方案' });
    const s = await loadSender(db.prisma, 'CONSOLE', 'rep', 'm1');
    expect(s.previous).toEqual({ id: first.inboundId, reply: first.text, outcome: first.outcome });
    expect(first.outcome).toBe('ASKED');
    expect(s.draft).not.toBeNull();
    expect(s.draft).toEqual(await pendingDraftOf(db.prisma, world.rep.id));
    // Another platform with the same id is another message.
    expect((await loadSender(db.prisma, 'SLACK', 'rep', 'm1')).previous).toBeNull();
  });

  it('lists the sender\'s customer names, latest touched first, and only theirs', async () => {
    const mk = (ownerId: string, name: string, minutesAgo: number) =>
      db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId, updatedAt: new Date(NOW.getTime() - minutesAgo * 60_000) } });
    await mk(world.rep.id, '远山物流', 30);
    await mk(world.rep.id, '北辰光电', 5);
    await mk(world.rep.id, '嘉木家居', 300);
    await mk(world.rep2.id, '别人家的客户', 1);
    expect((await loadSender(db.prisma, 'CONSOLE', 'rep', 'y')).knownCustomers).toEqual(['北辰光电', '远山物流', '嘉木家居']);
    expect((await loadSender(db.prisma, 'CONSOLE', 'mgr', 'y')).knownCustomers).toEqual([]);
  });

  it('reuses a customer found by name within one message transaction only', async () => {
    const c = await db.prisma.customer.create({ data: { name: '白鹭航空配件', normalizedName: customerKey('白鹭航空配件'), ownerId: world.rep.id } });
    await db.prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      const a = await ownCustomerByKey(tx, world.rep.id, c.normalizedName);
      // The same object: not read again (a second read builds a new one).
      expect(await ownCustomerByKey(tx, world.rep.id, c.normalizedName)).toBe(a);
    });
    // Unmarked, every call reads the database.
    const x = await ownCustomerByKey(db.prisma, world.rep.id, c.normalizedName);
    expect(await ownCustomerByKey(db.prisma, world.rep.id, c.normalizedName)).not.toBe(x);
    // Another message's transaction does not see the first one's memory: a rename is seen at once.
    await db.prisma.customer.update({ where: { id: c.id }, data: { normalizedName: 'renamed' } });
    await db.prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      expect(await ownCustomerByKey(tx, world.rep.id, c.normalizedName)).toBeNull();
    });
  });

  it('locks several rows of a table in one statement and reports the ones that are gone', async () => {
    const a = await db.prisma.customer.create({ data: { name: '甲', normalizedName: 'a1', ownerId: world.rep.id } });
    const b = await db.prisma.customer.create({ data: { name: '乙', normalizedName: 'b1', ownerId: world.rep.id } });
    const found = await db.prisma.$transaction((tx) => lockRows(tx, 'customer', [b.id, a.id, 'gone', a.id], 'share'));
    expect([...found].sort()).toEqual([a.id, b.id].sort());
  });
});
