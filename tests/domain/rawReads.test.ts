// The ingest's hottest statements are written as SQL (issue 15: Prisma's model API costs more per
// call than the round trip): the open deal, a contact by name (found or inserted in one statement), the inbound row, the tasks. They must give the
// rows and values Prisma's own queries give, on both databases — enums, decimals, arrays, dates.
import { describe, expect, it } from 'vitest';
import { contactNamed, findOrInsertContact, upsertContacts } from '../../src/domain/contacts.js';
import { changeStage, findOpenOpportunity, openDeal, updateDeal } from '../../src/domain/opportunities.js';
import { findOrCreateCustomer, insertCustomer, ownCustomerMatches, rememberCustomersIn } from '../../src/domain/customers.js';
import { createTasks, taskRows, writeTaskRows } from '../../src/domain/tasks.js';
import { createActivity } from '../../src/domain/activities.js';
import { ChangeLog } from '../../src/domain/changes.js';
import { ConcurrentChangeError } from '../../src/domain/concurrent.js';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-25T06:00:00Z');

describe.each(await testDatabases())('hot-path reads on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('the open deal and a contact by name equal what Prisma reads', async () => {
    const { prisma } = suite.db;
    const rep = suite.world.rep.id;
    const c = await prisma.customer.create({ data: { name: '澄湖信息技术', normalizedName: '澄湖信息技术', ownerId: rep } });
    await prisma.opportunity.create({ data: { customerId: c.id, ownerId: rep, title: '一期', stage: 'WON', status: 'WON', amount: 120000, closedAt: NOW } });
    const open = await prisma.opportunity.create({ data: { customerId: c.id, ownerId: rep, title: '二期', stage: 'QUOTATION', amount: 365000.5, currency: 'CNY', expectedCloseDate: NOW, grade: 'BIG' } });
    // Its history summary (arrays kept by the database's triggers) comes back too.
    await prisma.stageChange.create({ data: { opportunityId: open.id, fromStage: null, toStage: 'INITIAL_CONTACT', changedAt: new Date('2026-11-01T00:00:00Z') } });
    await prisma.stageChange.create({ data: { opportunityId: open.id, fromStage: 'INITIAL_CONTACT', toStage: 'QUOTATION', changedAt: new Date('2026-11-10T00:00:00Z') } });
    expect((await prisma.opportunity.findUniqueOrThrow({ where: { id: open.id } })).historyStages.length).toBeGreaterThan(0);
    expect(await findOpenOpportunity(prisma, c.id, rep)).toEqual(await prisma.opportunity.findUnique({ where: { id: open.id } }));
    expect(await findOpenOpportunity(prisma, c.id, suite.world.rep2.id)).toBeNull();

    const ct = await prisma.contact.create({ data: { customerId: c.id, name: '蒋文', title: '采购经理', role: 'DECISION_MAKER', phone: '13800000000' } });
    expect(await contactNamed(prisma, c.id, '蒋文')).toEqual(await prisma.contact.findUnique({ where: { id: ct.id } }));
    expect(await contactNamed(prisma, c.id, '蒋')).toBeNull();
  });

  it('within a message, the open deal read with its customer is findOpenOpportunity\'s row, handed out once; none is null', async () => {
    const { prisma } = suite.db;
    const rep = suite.world.rep.id;
    const c = await prisma.customer.create({ data: { name: '汀州软件', normalizedName: '汀州软件', ownerId: rep } });
    await prisma.customer.create({ data: { name: '汀州软件二部', normalizedName: '汀州软件二部', ownerId: rep } });
    const open = await prisma.opportunity.create({ data: { customerId: c.id, ownerId: rep, title: '一期', stage: 'QUOTATION', amount: 88000.25, currency: 'USD', expectedCloseDate: NOW, grade: 'BIG' } });
    await prisma.stageChange.create({ data: { opportunityId: open.id, fromStage: null, toStage: 'QUOTATION', changedAt: new Date('2026-11-01T00:00:00Z') } });
    // Another rep's open deal on a customer of the same name is not this rep's.
    const theirs = await prisma.customer.create({ data: { name: '汀州软件', normalizedName: '汀州软件', ownerId: suite.world.rep2.id } });
    await prisma.opportunity.create({ data: { customerId: theirs.id, ownerId: suite.world.rep2.id, title: '他们的', stage: 'INITIAL_CONTACT' } });
    await prisma.customer.create({ data: { name: '临水科技', normalizedName: '临水科技', ownerId: rep } });
    await prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      expect((await ownCustomerMatches(tx, rep, '汀州软件')).exact?.id).toBe(c.id);
      const found = await findOrCreateCustomer(tx, suite.world.rep as never, '汀州软件', new ChangeLog(), NOW);
      expect(found.openDeal).toEqual(await findOpenOpportunity(tx, c.id, rep));
      expect(found.openDeal?.historyStages.length).toBeGreaterThan(0);
      expect((await findOrCreateCustomer(tx, suite.world.rep as never, '汀州软件', new ChangeLog(), NOW)).openDeal).toBeUndefined();
      expect((await findOrCreateCustomer(tx, suite.world.rep as never, '临水科技', new ChangeLog(), NOW)).openDeal).toBeNull();
      // A partial match is no exact one: nothing read with it.
      expect((await ownCustomerMatches(tx, rep, '汀州')).partial.map((x) => x.name).sort()).toEqual(['汀州软件', '汀州软件二部']);
    });
  });

  it('a contact found or inserted in one statement is the row Prisma reads; the second time it is found, not duplicated', async () => {
    const { prisma } = suite.db;
    const c = await prisma.customer.create({ data: { name: '青禾农业', normalizedName: '青禾农业', ownerId: suite.world.rep.id } });
    const first = await findOrInsertContact(prisma, c.id, { name: ' 贺晓峰 ', title: '信息中心主任', role: 'TECHNICAL', phone: '13912345678', wechat: null });
    expect(first.created).toBe(true);
    expect(first.contact).toEqual(await prisma.contact.findUniqueOrThrow({ where: { id: first.contact.id } }));
    expect(first.contact).toMatchObject({ name: '贺晓峰', title: '信息中心主任', role: 'TECHNICAL', phone: '13912345678', wechat: null });
    // Said again (with less): the stored contact, unchanged.
    const again = await findOrInsertContact(prisma, c.id, { name: '贺晓峰', title: null, role: 'OTHER', phone: null, wechat: null });
    expect(again).toEqual({ contact: first.contact, created: false });
    const other = await findOrInsertContact(prisma, c.id, { name: '贺总', title: '总经理', role: 'DECISION_MAKER', phone: null, wechat: 'hezong88' });
    expect(other.created).toBe(true);
    expect(await prisma.contact.count({ where: { customerId: c.id } })).toBe(2);
  });

  it('a surname and honorific is found or inserted in one statement: inserted as Prisma would, the fitting full name found, two fitting names none', async () => {
    const { prisma } = suite.db;
    const c = await prisma.customer.create({ data: { name: '南屿冷链', normalizedName: '南屿冷链', ownerId: suite.world.rep.id } });
    const upsert = async (name: string, title: string | null = null) =>
      (await upsertContacts(prisma, c.id, [{ name, title, role: 'OTHER', phone: null, wechat: null }], new ChangeLog()))[0];
    // No contact of that surname: inserted with what was said, the row Prisma reads.
    const made = await upsert('钱总', '总经理');
    expect(made.created).toBe(true);
    expect(made.contact).toEqual(await prisma.contact.findUniqueOrThrow({ where: { id: made.contact.id } }));
    expect(made.contact).toMatchObject({ name: '钱总', title: '总经理', role: 'OTHER' });
    // Said again: found, not duplicated.
    expect(await upsert('钱总')).toMatchObject({ created: false, contact: { id: made.contact.id } });
    // A full name of another surname whose title fits is not 孔经理; one of that surname is.
    await prisma.contact.create({ data: { customerId: c.id, name: '邵雯', title: '采购经理' } });
    const kong = await prisma.contact.create({ data: { customerId: c.id, name: '孔丽', title: '仓储部经理' } });
    expect(await upsert('孔经理')).toMatchObject({ created: false, contact: { id: kong.id } });
    // Two of that surname whose titles fit: 孔经理 names neither, so it is a contact of its own.
    await prisma.contact.create({ data: { customerId: c.id, name: '孔祥', title: '销售经理' } });
    const other = await upsert('孔经理');
    expect(other).toMatchObject({ created: true, contact: { name: '孔经理' } });
    expect(await prisma.contact.count({ where: { customerId: c.id } })).toBe(5);
  });

  it('a deal opened in one statement with its first history row is the row Prisma creates', async () => {
    const { prisma } = suite.db;
    const rep = suite.world.rep.id;
    const [a, b] = await Promise.all(['松岭环保', '松岭环保二'].map((name) => prisma.customer.create({ data: { name, normalizedName: name, ownerId: rep } })));
    const d = { ownerId: rep, title: '松岭环保', stage: 'QUOTATION', probability: 40, amount: 365000.5, currency: 'USD', expectedCloseDate: new Date('2026-12-20T00:00:00Z'), qualification: 'VALUABLE', grade: 'BIG', now: NOW } as const;
    const { opportunity, stageChangeId } = await openDeal(prisma, { ...d, customerId: a.id, status: 'OPEN' });
    const { now: _now, ...fields } = d;
    const twin = await prisma.opportunity.create({ data: { ...fields, customerId: b.id, stageEnteredAt: NOW, createdAt: NOW } });
    const same = (o: typeof twin) => ({ ...o, id: undefined, customerId: undefined, updatedAt: undefined });
    expect(same(opportunity)).toEqual(same(twin));
    expect(await findOpenOpportunity(prisma, a.id, rep)).toMatchObject({ id: opportunity.id, historyStages: ['QUOTATION'], lastStage: 'QUOTATION', lastStageAt: NOW });
    expect(await prisma.stageChange.findUniqueOrThrow({ where: { id: stageChangeId } })).toMatchObject({ opportunityId: opportunity.id, fromStage: null, toStage: 'QUOTATION', changedAt: NOW, changedById: rep });
    // Opened as won (a signing said in the first message): closed at once, no amount stated.
    const c = await prisma.customer.create({ data: { name: '松岭环保三', normalizedName: '松岭环保三', ownerId: rep } });
    const won = await openDeal(prisma, { ...d, customerId: c.id, stage: 'WON', amount: null, grade: null, status: 'WON' });
    expect(won.opportunity).toMatchObject({ status: 'WON', closedAt: NOW, amount: null, grade: null });
  });

  it('a deal’s fields and open-stage move in one statement write what the model update and changeStage wrote, history and running totals included', async () => {
    const { prisma } = suite.db;
    const { rep, rep2 } = suite.world;
    // The same deal for two reps, moved once by each path.
    const twins = await Promise.all([rep, rep2].map(async (owner) => {
      const c = await prisma.customer.create({ data: { name: `汀兰仪器${owner.id}`, normalizedName: `汀兰仪器${owner.id}`, ownerId: owner.id } });
      const o = await prisma.opportunity.create({ data: { customerId: c.id, ownerId: owner.id, title: '汀兰仪器', stage: 'NEEDS_CONFIRMED', probability: 20, amount: 80000, currency: 'USD', lostReason: '旧原因', stageEnteredAt: new Date('2026-11-02T00:00:00Z'), createdAt: new Date('2026-11-01T00:00:00Z') } });
      await prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: null, toStage: 'INITIAL_CONTACT', changedAt: new Date('2026-11-01T00:00:00Z') } });
      await prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: 'INITIAL_CONTACT', toStage: 'NEEDS_CONFIRMED', changedAt: new Date('2026-11-02T00:00:00Z') } });
      return prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    }));
    const data = { amount: 365000.5, currency: 'CNY', expectedCloseDate: new Date('2026-12-20T00:00:00Z'), qualification: 'VALUABLE', grade: 'BIG' };
    const [oneLog, twoLog] = [new ChangeLog(), new ChangeLog()];
    const one = await updateDeal(prisma, twins[0], data, { stage: 'QUOTATION', by: rep, now: NOW }, oneLog);
    const updated = await prisma.opportunity.update({ where: { id: twins[1].id }, data: data as never });
    const two = await changeStage(prisma, updated, 'QUOTATION', rep2, NOW, twoLog);
    const same = (o: typeof one) => ({ ...o, id: undefined, customerId: undefined, ownerId: undefined, updatedAt: undefined });
    expect(same(one)).toEqual(same(two));
    expect(one).toMatchObject({ stage: 'QUOTATION', status: 'OPEN', stageEnteredAt: NOW, lostReason: null, currency: 'CNY', grade: 'BIG' });
    // After the statement: the history summary the triggers keep, and the rows as read back.
    const [a, b] = await Promise.all(twins.map((t) => prisma.opportunity.findUniqueOrThrow({ where: { id: t.id } })));
    expect(same(a)).toEqual(same(b));
    expect(a.historyStages).toContain('QUOTATION');
    const history = async (id: string) => (await prisma.stageChange.findMany({ where: { opportunityId: id }, orderBy: { changedAt: 'asc' } })).map(({ fromStage, toStage, changedAt }) => ({ fromStage, toStage, changedAt }));
    expect(await history(a.id)).toEqual(await history(b.id));
    expect((await prisma.stageChange.findFirstOrThrow({ where: { opportunityId: a.id, toStage: 'QUOTATION' } })).changedById).toBe(rep.id);
    const totals = async (ownerId: string) => (await prisma.openDealSummary.findMany({ where: { ownerId, n: { not: 0 } }, orderBy: { groupKey: 'asc' } })).map(({ ownerId: _o, ...r }) => ({ ...r, amount: String(r.amount) }));
    expect((await totals(rep.id)).length).toBeGreaterThan(0);
    expect(await totals(rep.id)).toEqual(await totals(rep2.id));
    // The change log (what undo reads) is changeStage's: the stage's old values, then the history row.
    expect(oneLog.entries.map((e) => ({ ...e, id: undefined }))).toEqual(twoLog.entries.map((e) => ({ ...e, id: undefined })));
    expect(oneLog.entries.map((e) => [e.op, e.model])).toEqual([['update', 'opportunity'], ['create', 'stageChange']]);
    // Fields only (no move): one UPDATE, the same row as the model update.
    const [x, y] = await Promise.all(twins.map((t) => prisma.opportunity.findUniqueOrThrow({ where: { id: t.id } })));
    const grade = await updateDeal(prisma, x, { grade: 'SMALL', amount: null }, null, new ChangeLog());
    expect(same(grade)).toEqual(same(await prisma.opportunity.update({ where: { id: y.id }, data: { grade: 'SMALL', amount: null } })));
    await expect(updateDeal(prisma, x, {}, { stage: 'WON', by: rep, now: NOW }, new ChangeLog())).rejects.toThrow(/open stages/);
    // A deal removed after it was read (a concurrent undo): the error the message retries on.
    await prisma.opportunity.delete({ where: { id: y.id } });
    await expect(updateDeal(prisma, y, { amount: 1 }, null, new ChangeLog())).rejects.toBeInstanceOf(ConcurrentChangeError);
  });

  it('the tasks of a message, written in one statement, are the rows Prisma reads, in the order of the steps', async () => {
    const { prisma } = suite.db;
    const { rep, manager } = suite.world;
    const c = await prisma.customer.create({ data: { name: '鹭洲电气', normalizedName: '鹭洲电气', ownerId: rep.id } });
    const inbound = await prisma.inboundMessage.create({ data: { platform: 'CONSOLE', externalId: 'tasks-1', senderId: manager.id, text: 'x' } });
    const log = new ChangeLog();
    const steps = [
      { title: '发修改后的报价', dueAt: '2026-11-27T01:00:00Z', dueLabel: '周五前', assignee: null },
      { title: '约技术交流', dueAt: null, dueLabel: null, assignee: null },
      { title: '整理需求清单', dueAt: '2026-11-26T10:00:00Z', dueLabel: '周四', assignee: null },
    ];
    const made = await createTasks(prisma, { assigneeId: rep.id, customerId: c.id, inboundId: inbound.id, steps, assigneeIds: [rep.id, manager.id, rep.id], assignedById: manager.id }, log);
    expect(made.map((t) => t.title)).toEqual(steps.map((x) => x.title));
    expect(made).toEqual(await Promise.all(made.map((t) => prisma.task.findUniqueOrThrow({ where: { id: t.id } }))));
    // Asked by the manager for the rep; the manager's own step has no one who asked.
    expect(made.map((t) => [t.assigneeId, t.assignedById, t.status])).toEqual([[rep.id, manager.id, 'OPEN'], [manager.id, null, 'OPEN'], [rep.id, manager.id, 'OPEN']]);
    expect(log.entries).toEqual(made.map((t) => ({ op: 'create', model: 'task', id: t.id })));
    expect(await createTasks(prisma, { assigneeId: rep.id, customerId: null, inboundId: inbound.id, steps: [] }, log)).toEqual([]);
  });

  it('an activity and the tasks written with it in one statement are the rows Prisma reads', async () => {
    const { prisma } = suite.db;
    const { rep } = suite.world;
    const c = await prisma.customer.create({ data: { name: '岚山物联', normalizedName: '岚山物联', ownerId: rep.id } });
    const inbound = await prisma.inboundMessage.create({ data: { platform: 'CONSOLE', externalId: 'act-tasks-1', senderId: rep.id, text: 'x' } });
    const log = new ChangeLog();
    const rows = taskRows({ assigneeId: rep.id, customerId: c.id, inboundId: inbound.id, steps: [
      { title: '发测试报告', dueAt: '2026-11-27T01:00:00Z', dueLabel: '周五前', assignee: null },
      { title: '约现场测试', dueAt: null, dueLabel: null, assignee: null },
    ] })!;
    const activity = await createActivity(prisma, { authorId: rep.id, customerId: c.id, opportunity: null, inboundId: inbound.id, rawText: '拜访岚山物联', parsed: { type: 'VISIT', occurredAt: NOW.toISOString(), summary: '拜访岚山物联' } }, log, rows.insert);
    await writeTaskRows(prisma, rows, log, true);
    expect(activity).toEqual(await prisma.activity.findUniqueOrThrow({ where: { id: activity.id } }));
    expect(rows.tasks).toEqual(await prisma.task.findMany({ where: { inboundId: inbound.id }, orderBy: { id: 'asc' } }));
    expect(log.entries.map((e) => e.model)).toEqual(['activity', 'customer', 'task', 'task']);
  });

  it('the inbound row written as SQL holds the message, its parse and the time it came', async () => {
    const before = Date.now();
    const r = await chat.send('下午给澄湖信息技术的蒋经理打了电话，周五前发报价');
    expect(r.outcome).toBe('APPLIED');
    const row = await suite.db.prisma.inboundMessage.findFirstOrThrow({ where: { text: '下午给澄湖信息技术的蒋经理打了电话，周五前发报价' } });
    expect(row.platform).toBe('CONSOLE');
    expect(row.senderId).toBe(suite.world.rep.id);
    expect((row.parseResult as { customer?: { name?: string } }).customer?.name).toBe('澄湖信息技术');
    expect(row.outcome).toBe('APPLIED');
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('a customer inserted as SQL is the row Prisma reads, with the schema\'s defaults', async () => {
    const { prisma } = suite.db;
    const before = Date.now();
    const made = await insertCustomer(prisma, { name: '临川精密机械', normalizedName: '临川精密机械', ownerId: suite.world.rep.id, createdAt: NOW });
    expect(made).toEqual(await prisma.customer.findUniqueOrThrow({ where: { id: made.id } }));
    expect([made.lifecycle, made.hot, made.lastContactAt, made.createdAt]).toEqual(['POTENTIAL', false, null, NOW]);
    expect(made.updatedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The same fields through Prisma give the same row but for the id and times.
    const viaPrisma = await prisma.customer.create({ data: { name: '临川精密机械', normalizedName: '临川精密机械2', ownerId: suite.world.rep.id, createdAt: NOW } });
    const strip = ({ id: _i, updatedAt: _u, normalizedName: _n, ...r }: typeof made) => r;
    expect(strip(made)).toEqual(strip(viaPrisma));
  });
});
