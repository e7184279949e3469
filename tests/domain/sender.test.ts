// The one-statement read before a message is parsed (messages/sender.ts) returns exactly what
// Prisma's own queries return — the user with their team, the waiting question, the earlier answer
// to a redelivered id, the customer names latest first — on both databases; an unknown or inactive
// sender gets nothing; and a whole message goes through with fewer statements than before.
import { describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey, findOrCreateCustomer, ownCustomerByKey, ownCustomerMatches, rememberCustomersIn } from '../../src/domain/customers.js';
import { ChangeLog, type Change } from '../../src/domain/changes.js';
import { pendingDraftOf } from '../../src/domain/messages/drafts.js';
import { loadSender } from '../../src/domain/messages/sender.js';
import { finishInbound, lockRows } from '../../src/domain/messages/locks.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('sender read on $kind', ({ kind, create }) => {
  const suite = useTestDb(create, { world: true });

  const bot = () => new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW, timezone: 'Asia/Shanghai' }), { parser: ruleParser });

  it('returns the user with their team as Prisma does, and nothing for unknown or inactive senders', async () => {
    await suite.db.prisma.team.update({ where: { id: suite.world.teamId }, data: { settings: { quietHours: { start: '22:00', end: '08:00' } }, chatTarget: 'chat-1' } });
    const s = await loadSender(suite.db.prisma, 'CONSOLE', 'rep', 'never-seen');
    const prismaUser = await suite.db.prisma.user.findFirst({ where: { consoleName: 'rep', active: true }, include: { team: true } });
    expect(s.user).toEqual(prismaUser);
    expect(s.user!.createdAt).toBeInstanceOf(Date);
    expect(s.previous).toBeNull();
    expect(s.draft).toBeNull();

    expect((await loadSender(suite.db.prisma, 'CONSOLE', 'nobody', 'x1')).user).toBeNull();
    await suite.db.prisma.user.update({ where: { id: suite.world.rep2.id }, data: { active: false } });
    expect((await loadSender(suite.db.prisma, 'CONSOLE', 'rep2', 'x2')).user).toBeNull();
    // The admin has no team: the user comes back with team null.
    const admin = await loadSender(suite.db.prisma, 'CONSOLE', suite.world.admin.consoleName, 'x3');
    expect(admin.user).toEqual(await suite.db.prisma.user.findFirst({ where: { id: suite.world.admin.id }, include: { team: true } }));
  });

  it('knows a redelivered message id and the question waiting for the sender', async () => {
    const b = bot();
    // Customer facts and no customer named: the bot asks and keeps a draft.
    const first = await b.handleMessage({ platform: 'CONSOLE', externalId: 'm1', senderId: 'rep', text: '今天拜访了周工，他们预算80万，下周出方案' });
    const s = await loadSender(suite.db.prisma, 'CONSOLE', 'rep', 'm1');
    expect(s.previous).toEqual({ id: first.inboundId, reply: first.text, outcome: first.outcome });
    expect(first.outcome).toBe('ASKED');
    expect(s.draft).not.toBeNull();
    expect(s.draft).toEqual(await pendingDraftOf(suite.db.prisma, suite.world.rep.id));
    // Another platform with the same id is another message.
    expect((await loadSender(suite.db.prisma, 'SLACK', 'rep', 'm1')).previous).toBeNull();
  });

  it('lists the sender\'s customer names, latest touched first, and only theirs', async () => {
    const mk = (ownerId: string, name: string, minutesAgo: number) =>
      suite.db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId, updatedAt: new Date(NOW.getTime() - minutesAgo * 60_000) } });
    await mk(suite.world.rep.id, '远山物流', 30);
    await mk(suite.world.rep.id, '北辰光电', 5);
    await mk(suite.world.rep.id, '嘉木家居', 300);
    await mk(suite.world.rep2.id, '别人家的客户', 1);
    expect((await loadSender(suite.db.prisma, 'CONSOLE', 'rep', 'y')).knownCustomers).toEqual(['北辰光电', '远山物流', '嘉木家居']);
    expect((await loadSender(suite.db.prisma, 'CONSOLE', 'mgr', 'y')).knownCustomers).toEqual([]);
  });

  it('reuses a customer found by name within one message transaction only', async () => {
    const c = await suite.db.prisma.customer.create({ data: { name: '白鹭航空配件', normalizedName: customerKey('白鹭航空配件'), ownerId: suite.world.rep.id } });
    await suite.db.prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      const a = await ownCustomerByKey(tx, suite.world.rep.id, c.normalizedName);
      // The same object: not read again (a second read builds a new one).
      expect(await ownCustomerByKey(tx, suite.world.rep.id, c.normalizedName)).toBe(a);
    });
    // Unmarked, every call reads the database.
    const x = await ownCustomerByKey(suite.db.prisma, suite.world.rep.id, c.normalizedName);
    expect(await ownCustomerByKey(suite.db.prisma, suite.world.rep.id, c.normalizedName)).not.toBe(x);
    // Another message's transaction does not see the first one's memory: a rename is seen at once.
    await suite.db.prisma.customer.update({ where: { id: c.id }, data: { normalizedName: 'renamed' } });
    await suite.db.prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      expect(await ownCustomerByKey(tx, suite.world.rep.id, c.normalizedName)).toBeNull();
    });
  });

  it('reads the exact customer and the partial matches of a name in one statement, rows as Prisma returns them', async () => {
    const rep = suite.world.rep.id;
    const made = [];
    for (const [i, n] of ['白鹭航空', '白鹭航空配件', '白鹭文旅', '白鹭物流', '白鹭置业', '白鹭传媒', '白鹭食品'].entries()) {
      made.push(await suite.db.prisma.customer.create({ data: { name: n, normalizedName: customerKey(n), ownerId: rep, updatedAt: new Date(NOW.getTime() + i * 60_000), lastContactAt: i === 1 ? NOW : null } }));
    }
    // The oldest is the exact one: found although five others are touched later.
    const m = await ownCustomerMatches(suite.db.prisma, rep, customerKey('白鹭航空'));
    expect(m.exact).toEqual(await suite.db.prisma.customer.findUnique({ where: { id: made[0].id } }));
    expect(m.exact!.updatedAt).toBeInstanceOf(Date);
    expect(m.partial).toEqual([]);
    // No exact one: the latest touched five, as Prisma's own `contains` query lists them.
    const p = await ownCustomerMatches(suite.db.prisma, rep, customerKey('白鹭'));
    expect(p.exact).toBeNull();
    expect(p.partial).toEqual(await suite.db.prisma.customer.findMany({ where: { ownerId: rep, normalizedName: { contains: '白鹭' } }, orderBy: { updatedAt: 'desc' }, take: 5 }));
    // A LIKE wildcard typed in a name matches itself only.
    expect((await ownCustomerMatches(suite.db.prisma, rep, '白%')).partial).toEqual([]);
  });

  it('remembers within a message that a name is not a customer, and forgets it when the message creates one', async () => {
    await suite.db.prisma.customer.create({ data: { name: '白鹭航空配件', normalizedName: customerKey('白鹭航空配件'), ownerId: suite.world.rep.id } });
    const log = new ChangeLog();
    await suite.db.prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      expect(await ownCustomerByKey(tx, suite.world.rep.id, customerKey('青鸟文创'))).toBeNull();
      expect((await ownCustomerMatches(tx, suite.world.rep.id, customerKey('白鹭'))).partial).toHaveLength(1);
      // Created by another transaction meanwhile (PostgreSQL: PGlite has one connection): this one
      // still answers from memory (a create of the same key here would hit the unique index and
      // the message would retry afresh).
      await (kind === 'postgres' ? suite.db.prisma : tx).customer.create({ data: { name: '白鹭航空', normalizedName: customerKey('白鹭航空'), ownerId: suite.world.rep.id } });
      expect((await ownCustomerMatches(tx, suite.world.rep.id, customerKey('白鹭'))).partial).toHaveLength(1);
      const made = await findOrCreateCustomer(tx, await tx.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } }), '青鸟文创', log, NOW);
      expect(made.created).toBe(true);
      // What the message itself created is found, and the partial matches are read again.
      expect((await ownCustomerByKey(tx, suite.world.rep.id, customerKey('青鸟文创')))?.id).toBe(made.customer.id);
      expect((await ownCustomerMatches(tx, suite.world.rep.id, customerKey('白鹭'))).partial).toHaveLength(2);
    });
  });

  it('stores the message with its outcome and share-locks the rows it only referenced in one statement; a vanished row fails it', async () => {
    const keep = await suite.db.prisma.customer.create({ data: { name: '甲', normalizedName: 'k1', ownerId: suite.world.rep.id } });
    const gone = await suite.db.prisma.customer.create({ data: { name: '乙', normalizedName: 'k2', ownerId: suite.world.rep.id } });
    const contact = await suite.db.prisma.contact.create({ data: { customerId: keep.id, name: '刘兵' } });
    const row = (externalId: string) => ({ id: `in-${externalId}`, platform: 'CONSOLE', externalId, senderId: suite.world.rep.id, text: '拜访了甲', parseResult: { intent: 'log_activity' }, createdAt: NOW });
    const entries: Change[] = [{ op: 'ref', model: 'customer', id: keep.id }, { op: 'ref', model: 'contact', id: contact.id }, { op: 'create', model: 'task', id: 't1' }];
    expect(await suite.db.prisma.$transaction((tx) => finishInbound(tx, row('fin-1'), { outcome: 'APPLIED', reply: '✅ 已记录', changes: entries }, entries))).toBe(true);
    const stored = await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: 'in-fin-1' } });
    expect([stored.outcome, stored.reply, stored.changes, stored.parseResult, stored.text, stored.createdAt, stored.undone]).toEqual(['APPLIED', '✅ 已记录', entries, { intent: 'log_activity' }, '拜访了甲', NOW, false]);
    // A referenced row an undo removed meanwhile: false, and the caller's rollback keeps nothing.
    await suite.db.prisma.customer.delete({ where: { id: gone.id } });
    const refs: Change[] = [{ op: 'ref', model: 'customer', id: keep.id }, { op: 'ref', model: 'customer', id: gone.id }];
    await expect(suite.db.prisma.$transaction(async (tx) => {
      if (!(await finishInbound(tx, row('fin-2'), { outcome: 'APPLIED', reply: 'no', changes: null }, refs))) throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await suite.db.prisma.inboundMessage.findUnique({ where: { id: 'in-fin-2' } })).toBeNull();
    // A row the message updated is not locked again (its UPDATE holds it): nothing to check.
    const upd: Change[] = [{ op: 'update', model: 'customer', id: gone.id, before: {} }, { op: 'ref', model: 'customer', id: gone.id }];
    expect(await suite.db.prisma.$transaction((tx) => finishInbound(tx, row('fin-3'), { outcome: 'APPLIED', reply: 'ok', changes: null }, upd))).toBe(true);
    // The same platform message stored already: the unique key refuses the second.
    await expect(suite.db.prisma.$transaction((tx) => finishInbound(tx, { ...row('fin-1'), id: 'in-fin-1b' }, { outcome: 'APPLIED', reply: 'again', changes: null }, []))).rejects.toThrow(/externalId|Unique/);
    expect((await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: 'in-fin-1' } })).reply).toBe('✅ 已记录');
  });

  it('locks several rows of a table in one statement and reports the ones that are gone', async () => {
    const a = await suite.db.prisma.customer.create({ data: { name: '甲', normalizedName: 'a1', ownerId: suite.world.rep.id } });
    const b = await suite.db.prisma.customer.create({ data: { name: '乙', normalizedName: 'b1', ownerId: suite.world.rep.id } });
    const found = await suite.db.prisma.$transaction((tx) => lockRows(tx, 'customer', [b.id, a.id, 'gone', a.id], 'share'));
    expect([...found].sort()).toEqual([a.id, b.id].sort());
  });
});
