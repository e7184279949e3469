// Ownership by chat: a manager moves one customer or everything a leaving rep holds; deals and
// open tasks follow, history stays; every move is on the customer's timeline and undo reverts it.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey } from '../../src/domain/customers.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await testDatabases())('customer ownership on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let assistant: SalesAssistant;
  let parser: StubParser;
  let seq = 0;
  const NOW = new Date('2026-11-23T10:00:00+08:00');
  const say = (who: string, text: string) => assistant.handleMessage({ platform: 'CONSOLE', externalId: `o${++seq}`, senderId: who, text });
  const customer = (ownerId: string, name: string) =>
    suite.db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId, ownerSince: new Date('2026-10-01T00:00:00Z') } });

  beforeEach(async () => {
    parser = new StubParser()
      .on('撤销', parsed({ intent: 'undo' }))
      .on('客户 星河光电', parsed({ intent: 'query', query: { kind: 'customer', subject: '星河光电', period: null, days: null } }));
    assistant = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, log: () => {} });
  });

  async function linaBook() {
    const c = await customer(suite.world.rep.id, '星河光电');
    const open = await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, title: '二期', stage: 'PROPOSAL', amount: 200000 } });
    const won = await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, title: '一期', stage: 'WON', status: 'WON', amount: 90000, closedAt: new Date('2026-09-01T00:00:00Z') } });
    const task = await suite.db.prisma.task.create({ data: { title: '发二期报价', assigneeId: suite.world.rep.id, customerId: c.id, dueAt: new Date('2026-11-25T01:00:00Z') } });
    const doneTask = await suite.db.prisma.task.create({ data: { title: '一期验收', assigneeId: suite.world.rep.id, customerId: c.id, status: 'DONE' } });
    const act = await suite.db.prisma.activity.create({ data: { type: 'VISIT', occurredAt: new Date('2026-11-10T06:00:00Z'), summary: '二期需求', rawText: 'x', authorId: suite.world.rep.id, customerId: c.id } });
    return { c, open, won, task, doneTask, act };
  }

  it('a manager moves one customer with its open deal and open task; history keeps its author', async () => {
    const b = await linaBook();
    const r = await say('mgr', '把星河光电转给王强');
    expect(r.outcome).toBe('APPLIED');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: b.c.id } })).ownerId).toBe(suite.world.rep2.id);
    expect((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: b.open.id } })).ownerId).toBe(suite.world.rep2.id);
    expect((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: b.won.id } })).ownerId).toBe(suite.world.rep.id);
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: b.task.id } })).assigneeId).toBe(suite.world.rep2.id);
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: b.doneTask.id } })).assigneeId).toBe(suite.world.rep.id);
    expect((await suite.db.prisma.activity.findUniqueOrThrow({ where: { id: b.act.id } })).authorId).toBe(suite.world.rep.id);
    const ev = await suite.db.prisma.customerEvent.findFirstOrThrow({ where: { customerId: b.c.id } });
    expect(ev).toMatchObject({ kind: 'TRANSFER', fromUserId: suite.world.rep.id, toUserId: suite.world.rep2.id, actorId: suite.world.manager.id, inboundId: r.inboundId });

    const timeline = await say('mgr', '客户 星河光电');
    expect(timeline.text).toMatch(/转移：李娜 → 王强（张经理操作）/);

    // A correction never lands on a command: the manager has no sales record to correct.
    parser.on('金额改成99万', parsed({ intent: 'correction', correction: { field: 'amount', from: null, to: '990000' } }));
    expect((await say('mgr', '金额改成99万')).outcome).toBe('REJECTED');
    expect(Number((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: b.open.id } })).amount)).toBe(200000);

    const undo = await say('mgr', '撤销');
    expect(undo.outcome).toBe('UNDO');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: b.c.id } })).ownerId).toBe(suite.world.rep.id);
    expect((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: b.open.id } })).ownerId).toBe(suite.world.rep.id);
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: b.task.id } })).assigneeId).toBe(suite.world.rep.id);
    expect(await suite.db.prisma.customerEvent.count()).toBe(0);
  });

  it('refuses reps, people outside the scope, unknown customers and same-name clashes — nothing moves', async () => {
    const b = await linaBook();
    await customer(suite.world.rep2.id, '星河光电有限公司'); // same company key at 王强
    parser.on('把星河光电转给王强', parsed({ intent: 'unknown' }));
    const asRep = await say('rep', '把星河光电转给王强');
    // From a rep it is no command: the parser gets it.
    expect((await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: asRep.inboundId! } })).parseResult).not.toBeNull();
    expect((await say('mgr', '把星河光电转给赵六')).outcome).not.toBe('APPLIED');
    expect((await say('mgr', '把月亮湾科技转给王强')).outcome).toBe('REJECTED');
    const clash = await say('mgr', '把李娜的星河光电转给王强');
    expect(clash.outcome).toBe('REJECTED');
    expect(clash.text).toContain('撞单');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: b.c.id } })).ownerId).toBe(suite.world.rep.id);
    expect(await suite.db.prisma.customerEvent.count()).toBe(0);
  });

  it('离职继承 hands everything of a leaving rep to a colleague, deactivates them, and undo restores it all', async () => {
    const b = await linaBook();
    const other = await customer(suite.world.rep.id, '青松农业');
    const clash = await customer(suite.world.rep.id, '海图软件');
    await customer(suite.world.rep2.id, '海图软件');
    const loose = await suite.db.prisma.task.create({ data: { title: '交周报', assigneeId: suite.world.rep.id } });
    const r = await say('mgr', '李娜离职，客户转给王强');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('海图软件');
    const owners = await suite.db.prisma.customer.findMany({ where: { id: { in: [b.c.id, other.id, clash.id] } }, select: { id: true, ownerId: true } });
    expect(Object.fromEntries(owners.map((o) => [o.id, o.ownerId]))).toEqual({ [b.c.id]: suite.world.rep2.id, [other.id]: suite.world.rep2.id, [clash.id]: suite.world.rep.id });
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: loose.id } })).assigneeId).toBe(suite.world.rep2.id);
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: b.task.id } })).assigneeId).toBe(suite.world.rep2.id);
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } })).active).toBe(false);
    expect(await suite.db.prisma.customerEvent.count({ where: { kind: 'INHERIT' } })).toBe(2);

    expect((await say('mgr', '撤销')).outcome).toBe('UNDO');
    expect(await suite.db.prisma.customer.count({ where: { ownerId: suite.world.rep.id } })).toBe(3);
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: loose.id } })).assigneeId).toBe(suite.world.rep.id);
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } })).active).toBe(true);
    expect(await suite.db.prisma.customerEvent.count()).toBe(0);
  });

  it('hands over without deactivating in English, and a manager cannot reach another team', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { locale: 'en-US' } });
    const b = await linaBook();
    const r = await say('mgr', 'hand over 李娜 to 王强');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toMatch(/Handover 李娜 → 王强: 1 customer/);
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } })).active).toBe(true);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: b.c.id } })).ownerId).toBe(suite.world.rep2.id);
    // Slack users name colleagues by mention.
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { slackUserId: 'ULINA' } });
    const back = await say('mgr', 'transfer 星河光电 to <@ULINA|lina>');
    expect(back.outcome).toBe('APPLIED');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: b.c.id } })).ownerId).toBe(suite.world.rep.id);
    const outsiderCustomer = await customer(suite.world.outsider.id, '远山矿业');
    parser.on('transfer 远山矿业 to 王强', parsed({ intent: 'unknown' }));
    expect((await say('mgr', 'transfer 远山矿业 to 王强')).outcome).toBe('REJECTED');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: outsiderCustomer.id } })).ownerId).toBe(suite.world.outsider.id);
  });
});
