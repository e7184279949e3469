import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant, registerIntentHandler } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser, counts, parsed, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // 10:00 in Shanghai, a Monday
const VISIT = '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案';

const visitParse = parsed({
  intent: 'log_activity',
  activity: { type: 'VISIT', occurredAt: '2026-11-23T15:00:00+08:00', summary: '拜访方舟电子刘兵，对报价有顾虑' },
  customer: { name: '方舟电子' },
  contacts: [{ name: '刘兵', title: '技术负责人', role: 'TECHNICAL' }],
  opportunity: { stage: null, amount: 300000, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null },
  nextSteps: [{ title: '发修改方案', dueAt: '2026-12-01T09:00:00+08:00', dueLabel: '下周二前' }],
});

function makeParser() {
  return new StubParser()
    .on(VISIT, visitParse)
    .on(VISIT.replace('今天', '又'), visitParse)
    .on('又去了方舟电子，进入报价阶段，金额35万', parsed({
      intent: 'log_activity',
      activity: { type: 'VISIT', occurredAt: '2026-11-23T10:00:00+08:00', summary: '再访方舟电子' },
      customer: { name: '方舟电子' },
      opportunity: { stage: 'QUOTATION', amount: 350000, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null },
    }))
    .on('拜访了方舟电子有限公司', parsed({
      intent: 'log_activity',
      activity: { type: 'VISIT', occurredAt: '2026-11-23T10:00:00+08:00', summary: '拜访方舟电子有限公司' },
      customer: { name: '方舟电子有限公司' },
    }))
    .on('Acme deal $50k', parsed({
      intent: 'update_opportunity', language: 'en', customer: { name: 'Acme Corp' },
      opportunity: { stage: null, amount: 50000, currency: 'USD', expectedCloseDate: null, qualification: null, grade: null },
    }))
    .on('Acme is a big deal', parsed({
      intent: 'update_opportunity', language: 'en', customer: { name: 'Acme Corp' },
      opportunity: { stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: 'BIG' },
    }))
    .on('撤销', parsed({ intent: 'undo' }))
    .on('金额改成40万', parsed({ intent: 'correction', correction: { field: 'amount', from: null, to: '400000' } }))
    .on('不是刘兵,是刘冰', parsed({ intent: 'correction', correction: { field: 'contact_name', from: '刘兵', to: '刘冰' } }))
    .on('我的待办', parsed({ intent: 'query', query: { kind: 'my_tasks', subject: null, period: null, days: null } }))
    .on('客户 方舟电子', parsed({ intent: 'query', customer: { name: '方舟电子' }, query: { kind: 'customer', subject: '方舟电子', period: null, days: null } }))
    .on('方舟电子设为热点客户,12月10日左右签单', parsed({ intent: 'mark_hot', customer: { name: '方舟电子' }, hot: true, hotNote: '12月10日左右签单' }))
    .on("'; DROP TABLE \"Customer\"; --", parsed({ intent: 'unknown', confidence: 0.1 }))
    .on('boom', parsed({ intent: 'set_target', target: { userName: null, team: false, amount: 1, period: { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00', label: '本月' } } }));
}

describe.each(await testDatabases())('ingest on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep', id?: string) =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: id ?? `m${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: makeParser(), log: () => {} });
  });

  it('turns the reference visit into customer, contact, opportunity, activity and task rows in one go', async () => {
    const reply = await send(VISIT);
    expect(reply.outcome).toBe('APPLIED');
    const customer = await suite.db.prisma.customer.findFirstOrThrow({ include: { contacts: true, opportunities: true, activities: true, tasks: true } });
    expect(customer.name).toBe('方舟电子');
    expect(customer.ownerId).toBe(suite.world.rep.id);
    expect(customer.lastContactAt?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(customer.contacts.map((c) => [c.name, c.title, c.role])).toEqual([['刘兵', '技术负责人', 'TECHNICAL']]);
    expect(customer.opportunities).toHaveLength(1);
    expect(Number(customer.opportunities[0].amount)).toBe(300000);
    expect(customer.opportunities[0].stage).toBe('INITIAL_CONTACT');
    expect(customer.activities).toHaveLength(1);
    expect(customer.activities[0].type).toBe('VISIT');
    expect(customer.activities[0].rawText).toBe(VISIT);
    expect(customer.activities[0].opportunityId).toBe(customer.opportunities[0].id);
    expect(customer.tasks.map((t) => [t.title, t.dueAt?.toISOString(), t.dueLabel])).toEqual([['发修改方案', '2026-12-01T01:00:00.000Z', '下周二前']]);
    // The reply lists exactly what was written.
    expect(reply.text).toContain('拜访 · 方舟电子 · 11月23日 15:00');
    expect(reply.text).toContain('客户：方舟电子（新建）');
    expect(reply.text).toContain('联系人：刘兵（技术负责人 · 新建）');
    expect(reply.text).toContain('金额 30万元');
    expect(reply.text).toContain('待办：发修改方案 · 截止 12月1日 09:00（下周二前）');
    expect(reply.card?.actions).toEqual(['confirm', 'undo', 'edit_amount']);
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    expect(inbound.outcome).toBe('APPLIED');
    expect(inbound.reply).toBe(reply.text);
  });

  it('answers a redelivered message id with the first reply and writes nothing new', async () => {
    const first = await send(VISIT, 'rep', 'wx-1');
    const before = await counts(suite.db.prisma);
    const second = await send(VISIT, 'rep', 'wx-1');
    expect(second.duplicate).toBe(true);
    expect(second.text).toBe(first.text);
    expect(await counts(suite.db.prisma)).toEqual(before);
  });

  it('stores concurrent deliveries of one message id exactly once', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => send(VISIT, 'rep', 'same-id')));
    expect(replies.filter((r) => !r.duplicate)).toHaveLength(1);
    const c = await counts(suite.db.prisma);
    expect([c.customers, c.activities, c.tasks, c.inbound]).toEqual([1, 1, 1, 1]);
  });

  it('reuses the customer and its open deal on a follow-up, recording the stage change', async () => {
    await send(VISIT);
    const reply = await send('又去了方舟电子，进入报价阶段，金额35万');
    const opps = await suite.db.prisma.opportunity.findMany({ include: { history: { orderBy: { changedAt: 'asc' } } } });
    expect(await suite.db.prisma.customer.count()).toBe(1);
    expect(opps).toHaveLength(1);
    expect(opps[0].stage).toBe('QUOTATION');
    expect(opps[0].probability).toBe(60);
    expect(Number(opps[0].amount)).toBe(350000);
    expect(opps[0].history.map((h) => [h.fromStage, h.toStage])).toEqual([[null, 'INITIAL_CONTACT'], ['INITIAL_CONTACT', 'QUOTATION']]);
    expect(reply.text).toContain('客户：方舟电子（已有）');
    expect(reply.text).toContain('金额 30万元 → 35万元');
    expect(reply.text).toContain('阶段 初步接触 → 报价');
  });

  it('keeps a deal’s currency when a message changes something other than the amount', async () => {
    await send('Acme deal $50k');
    await send('Acme is a big deal');
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow();
    expect([opp.currency, Number(opp.amount), opp.grade]).toEqual(['USD', 50000, 'BIG']);
    await send('撤销');
    const back = await suite.db.prisma.opportunity.findFirstOrThrow();
    expect([back.currency, Number(back.amount), back.grade]).toEqual(['USD', 50000, null]);
  });

  it('flags 撞单 when another rep already works the same company', async () => {
    await send(VISIT, 'rep');
    const reply = await send('拜访了方舟电子有限公司', 'rep2');
    const rows = await suite.db.prisma.customer.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.normalizedName, r.ownerId])).toEqual([
      ['方舟电子', suite.world.rep.id],
      ['方舟电子', suite.world.rep2.id],
    ]);
    expect(reply.text).toContain('撞单提醒');
    expect(reply.text).toContain('李娜');
  });

  it('undo reverts exactly the last message, then the one before', async () => {
    await send(VISIT);
    const afterFirst = await counts(suite.db.prisma);
    await send('又去了方舟电子，进入报价阶段，金额35万');
    const undo1 = await send('撤销');
    expect(undo1.text).toContain('已撤销');
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow();
    expect(opp.stage).toBe('INITIAL_CONTACT');
    expect(Number(opp.amount)).toBe(300000);
    const c = await counts(suite.db.prisma);
    expect({ ...c, inbound: 0 }).toEqual({ ...afterFirst, inbound: 0 });
    await send('撤销');
    const empty = await counts(suite.db.prisma);
    expect([empty.customers, empty.contacts, empty.opportunities, empty.stageChanges, empty.activities, empty.tasks]).toEqual([0, 0, 0, 0, 0, 0]);
    const third = await send('撤销');
    expect(third.text).toBe('没有可以撤销的记录。');
  });

  it('corrects the amount and a contact name of the last record, and undo reverts the correction only', async () => {
    await send(VISIT);
    const r1 = await send('金额改成40万');
    expect(r1.text).toContain('30万元 → 40万元');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(400000);
    const r2 = await send('不是刘兵,是刘冰');
    expect(r2.text).toContain('刘兵 → 刘冰');
    expect((await suite.db.prisma.contact.findFirstOrThrow()).name).toBe('刘冰');
    await send('撤销');
    expect((await suite.db.prisma.contact.findFirstOrThrow()).name).toBe('刘兵');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(400000);
  });

  it('corrects a contact the last message named without changing it', async () => {
    await send(VISIT);
    await send(VISIT.replace('今天', '又'), 'rep');
    const reply = await send('不是刘兵,是刘冰');
    expect(reply.text).toContain('刘兵 → 刘冰');
    expect((await suite.db.prisma.contact.findMany()).map((c) => c.name)).toEqual(['刘冰']);
    await send('撤销');
    expect((await suite.db.prisma.contact.findMany()).map((c) => c.name)).toEqual(['刘兵']);
    // Undoing the second visit keeps the contact the first visit created.
    await send('撤销');
    expect(await suite.db.prisma.contact.count()).toBe(1);
    expect(await suite.db.prisma.activity.count()).toBe(1);
  });

  it('rejects bad input with a clear reply and writes no records', async () => {
    const empty = await send('   ');
    expect(empty.text).toContain('消息是空的');
    const long = await send('拜访'.repeat(10_000));
    expect(long.text).toContain('消息太长（20000 字）');
    const emoji = await send('😀😀🎉');
    expect(emoji.text).toContain('没有识别到文字内容');
    const sql = await send("'; DROP TABLE \"Customer\"; --");
    expect(sql.text).toContain('没太明白');
    const c = await counts(suite.db.prisma);
    expect([c.customers, c.contacts, c.opportunities, c.activities, c.tasks]).toEqual([0, 0, 0, 0, 0]);
    // The SQL-looking text is stored verbatim for audit, and the table it "dropped" is fine.
    const stored = await suite.db.prisma.inboundMessage.findMany({ where: { text: { contains: 'DROP TABLE' } } });
    expect(stored.map((s) => s.text)).toEqual(["'; DROP TABLE \"Customer\"; --"]);
    expect(stored[0].outcome).toBe('REJECTED');
  });

  it('tells an unknown sender to register and stores nothing', async () => {
    const reply = await bot.handleMessage({ platform: 'WECOM', externalId: 'x1', senderId: 'nobody', text: VISIT });
    expect(reply.outcome).toBe('UNREGISTERED');
    expect(reply.text).toContain('还没有在销售助手中注册');
    expect(await suite.db.prisma.inboundMessage.count()).toBe(0);
  });

  it('rolls back every write when a handler fails half-way', async () => {
    registerIntentHandler('set_target', async (tx, env) => {
      await tx.customer.create({ data: { name: 'half', normalizedName: 'half', ownerId: env.user.id } });
      throw new Error('simulated crash after a write');
    });
    const reply = await send('boom');
    expect(reply.outcome).toBe('ERROR');
    expect(reply.text).toContain('没有保存');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    expect(await suite.db.prisma.inboundMessage.count()).toBe(0);
  });

  it('marks a hot customer with its note', async () => {
    await send(VISIT);
    const reply = await send('方舟电子设为热点客户,12月10日左右签单');
    const c = await suite.db.prisma.customer.findFirstOrThrow();
    expect([c.hot, c.hotNote, c.hotSince?.toISOString()]).toEqual([true, '12月10日左右签单', NOW.toISOString()]);
    expect(reply.text).toContain('已设为热点客户：12月10日左右签单');
  });

  it('answers 我的待办 and 客户 方舟电子 from the database, within the asker’s scope', async () => {
    await send(VISIT);
    const tasks = await send('我的待办');
    expect(tasks.text).toContain('你的待办（1）');
    expect(tasks.text).toContain('1. 发修改方案 · 方舟电子 · 12月1日 09:00（下周二前）');
    const timeline = await send('客户 方舟电子');
    expect(timeline.text).toContain('🏢 方舟电子 · 负责人 李娜');
    expect(timeline.text).toContain('刘兵 技术负责人\n');
    expect(timeline.text).toContain('拜访 · 李娜：拜访方舟电子刘兵，对报价有顾虑');
    const mgr = await send('客户 方舟电子', 'manager');
    expect(mgr.text).toContain('🏢 方舟电子');
    const other = await send('客户 方舟电子', 'outsider');
    expect(other.text).toBe('你没有权限查看或修改这部分数据。');
    const otherTasks = await send('我的待办', 'rep2');
    expect(otherTasks.text).toContain('没有未完成的待办');
  });
});
