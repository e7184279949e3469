// "Ask instead of guessing" (issue 10, point 1): customer facts with no sure customer become a
// question and a pending draft; the next answer writes them, in that answer's transaction, on
// the chosen customer; a cancel, a newer question or the time-out drops them — always saying so.
// Driven through the real rule parser with new rep sentences, on both databases.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { expireDrafts } from '../../src/domain/messages/drafts.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { RecordingChannel } from '../schedulers/helpers.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import type { MessageParser } from '../../src/intents/schema.js';
import { testDatabases } from '../helpers/db.js';
import { counts, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const T0 = new Date('2026-11-24T03:00:00Z'); // Tuesday 11:00 in Shanghai

const CALL_NO_CUSTOMER = '下午跟采购部的周经理通了电话，他们预算大概45万';
const AMBIGUOUS = '恒瑞那边的陈总说下月签，金额80万';

/** The rule parser, except that listed messages come back with a low confidence (as an LLM might). */
function parserWithDoubts(doubtful: string[]): MessageParser {
  return {
    name: 'rule-doubtful',
    async parse(text, ctx) {
      const p = await ruleParser.parse(text, ctx);
      return doubtful.includes(text) ? { ...p, confidence: 0.35 } : p;
    },
  };
}

describe.each(await testDatabases())('asking for the customer on $kind', ({ kind, create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let now = T0;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep', b: SalesAssistant = bot) =>
    b.handleMessage({ platform: 'CONSOLE', externalId: `a${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });
  const customer = (name: string) => suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId: suite.world.rep.id, lastContactAt: null } });

  beforeEach(async () => {
    now = T0;
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => now }), { parser: parserWithDoubts(['金石建材的刘总说预算可能有60万']), log: () => {} });
  });

  it('asks which customer a call with a contact and a budget belongs to, writes nothing, then files it under the chosen number', async () => {
    await customer('金石建材');
    await customer('新桥医院');
    const before = await counts(suite.db.prisma);
    const q = await send(CALL_NO_CUSTOMER);
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toMatch(/^❓ 这是哪个客户？回复客户名即可；也可回复序号/);
    expect(q.text).toContain('1. ');
    expect(q.text).toContain('暂未保存');
    const after = await counts(suite.db.prisma);
    expect({ ...after, inbound: 0 }).toEqual({ ...before, inbound: 0 });
    const draft = await suite.db.prisma.pendingDraft.findUniqueOrThrow({ where: { userId: suite.world.rep.id } });
    expect(draft.text).toBe(CALL_NO_CUSTOMER);
    expect(draft.askInboundId).toBe(q.inboundId);

    // The options are numbered; pick the one that says 新桥医院.
    const line = q.text.split('\n').find((l) => l.includes('新桥医院'))!;
    const n = line.split('.')[0];
    const a = await send(n);
    expect(a.outcome).toBe('APPLIED');
    expect(a.text).toContain('客户：新桥医院（已有）');
    expect(a.text).toContain('联系人：周经理');
    expect(a.text).toContain('金额 45万元');
    const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '新桥医院' }, include: { contacts: true, opportunities: true, activities: true } });
    expect(c.contacts.map((x) => x.name)).toEqual(['周经理']);
    expect(c.opportunities.map((o) => Number(o.amount))).toEqual([450000]);
    expect(c.activities.map((x) => [x.type, x.rawText])).toEqual([['CALL', CALL_NO_CUSTOMER]]);
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    // The answer is the message that wrote it all: its inbound row carries the changes.
    const answerRow = await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: a.inboundId } });
    expect(answerRow.outcome).toBe('APPLIED');
    expect((answerRow.parseResult as { customer: { name: string } }).customer.name).toBe('新桥医院');
    expect(c.activities[0].inboundId).toBe(a.inboundId);

    // Undo of the answer reverts everything the draft wrote.
    const undo = await send('撤销');
    expect(undo.outcome).toBe('UNDO');
    expect(undo.text).toContain(`已撤销：“${CALL_NO_CUSTOMER}”`);
    expect(await suite.db.prisma.contact.count()).toBe(0);
    expect(await suite.db.prisma.opportunity.count()).toBe(0);
    expect(await suite.db.prisma.activity.count()).toBe(0);
    expect(await suite.db.prisma.customer.count()).toBe(2);
  });

  it('does not hold up a personal task or a plain activity with a question', async () => {
    const task = await send('周四下午三点前把季度总结写完');
    expect(task.outcome).toBe('APPLIED');
    const call = await send('周五前给李工发一下资料');
    expect(call.outcome).toBe('APPLIED');
    const meal = await send('中午和客户吃了个饭，聊得挺好');
    expect(meal.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    expect(await suite.db.prisma.task.count()).toBe(2);
    expect(await suite.db.prisma.activity.count()).toBe(1);
  });

  it('asks when a short name fits two known customers, and files it under the one named in the answer', async () => {
    await customer('恒瑞精密');
    await customer('恒瑞医疗器械');
    const q = await send(AMBIGUOUS);
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('“恒瑞”能对上好几个客户');
    expect(q.text).toMatch(/\d\. 恒瑞精密/);
    expect(q.text).toMatch(/\d\. 恒瑞医疗器械/);
    expect(q.text).toMatch(/\d\. 新建客户“恒瑞”/);
    expect(await suite.db.prisma.opportunity.count()).toBe(0);
    const a = await send('恒瑞医疗器械');
    expect(a.outcome).toBe('APPLIED');
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow({ include: { customer: true } });
    expect(opp.customer.name).toBe('恒瑞医疗器械');
    expect(Number(opp.amount)).toBe(800000);
    expect(await suite.db.prisma.customer.count()).toBe(2);
    // A correction right after applies to what the answer wrote.
    expect((await send('金额改成85万')).outcome).toBe('APPLIED');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(850000);
  });

  it('asks before creating a customer from a doubtful name, and creates the one the rep names with 新建', async () => {
    const q = await send('上午去青禾转了一圈，见了他们的孙工');
    expect(q.outcome).toBe('ASKED');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    const a = await send('新建 青禾农业科技');
    expect(a.outcome).toBe('APPLIED');
    expect(a.text).toContain('客户：青禾农业科技（新建）');
    const c = await suite.db.prisma.customer.findFirstOrThrow({ include: { contacts: true, activities: true } });
    expect(c.name).toBe('青禾农业科技');
    expect(c.contacts.map((x) => x.name)).toEqual(['孙工']);
    expect(c.activities).toHaveLength(1);
  });

  it('a look-up ("客户 X", "customer X") or a create command for another name is not the answer: handled as such, the question keeps waiting', async () => {
    await customer('云杉物流');
    await suite.db.prisma.opportunity.create({ data: { customerId: (await suite.db.prisma.customer.findFirstOrThrow()).id, ownerId: suite.world.rep.id, title: '云杉物流', stage: 'QUOTATION', amount: 900_000 } });
    expect((await send('跟设备科的苗主任通了电话，他们预算大概35万')).outcome).toBe('ASKED');
    const look = await send('客户 云杉物流');
    expect(look.outcome).not.toBe('APPLIED');
    expect(look.text).toContain('还有一条消息在等你确认客户');
    const en = await send('customer 云杉物流');
    expect(en.outcome).not.toBe('APPLIED');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(900_000);
    expect(await suite.db.prisma.contact.count()).toBe(0);
    // The question still waits and its answer still works.
    expect((await send('云杉物流')).outcome).toBe('APPLIED');
    expect(await suite.db.prisma.contact.findFirstOrThrow({ include: { customer: true } })).toMatchObject({ name: '苗主任', customer: { name: '云杉物流' } });
  });

  it('"新建客户 Y" while the question offers to create X is the create command; the draft is not filed on Y', async () => {
    expect((await send('上午去青禾转了一圈，见了他们的孙工')).outcome).toBe('ASKED');
    const cmd = await send('新建客户 松涛家居');
    expect(cmd.text).not.toContain('孙工');
    expect(await suite.db.prisma.contact.count()).toBe(0);
    expect(await suite.db.prisma.customer.count({ where: { name: { contains: '客户' } } })).toBe(0);
    // Copying the option the question offered answers it.
    const a = await send('新建客户 青禾');
    expect(a.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.contact.findFirstOrThrow({ include: { customer: true } })).toMatchObject({ name: '孙工', customer: { name: '青禾' } });
  });

  it('a sentence the parser could not read is never taken for a new customer\'s name', async () => {
    expect((await send('跟设备科的苗主任通了电话，他们预算大概35万')).outcome).toBe('ASKED');
    const r = await send('金瑞物流的孟总说下周见');
    expect(r.outcome).not.toBe('APPLIED');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    expect(r.text).toContain('还有一条消息在等你确认客户');
  });

  it('a new name one homophone away from one of the rep\'s customers asks (金穗粮油 / 金岁粮油); another sound or another number does not', async () => {
    await customer('金穗粮油');
    await customer('新港一厂');
    const q = await send('金岁粮油的采购邹经理说预算批了，预计28万');
    expect(q.outcome).toBe('ASKED');
    expect(q.text.split('\n').filter((l) => /^\d+\. /.test(l))[0]).toBe('1. 金穗粮油');
    expect(await suite.db.prisma.contact.count()).toBe(0);
    expect((await send('1')).outcome).toBe('APPLIED');
    expect(await suite.db.prisma.customer.count()).toBe(2);
    const sibling = await send('拜访了新港二厂的钱厂长，预计40万');
    expect(sibling.outcome).toBe('APPLIED');
    expect(sibling.text).toContain('新港二厂（新建）');
    // Fuzzy pinyin (in/ing, an/ang…) is the same typo: 金星 / 金心 would ask as well.
    await customer('华星物联');
    expect((await send('华心物联的采购姚经理说预算批了，预计16万')).outcome).toBe('ASKED');
    expect((await send('取消')).outcome).toBe('ANSWERED');
    const other = await send('拜访了金禾粮油的采购，预计12万');
    expect(other.outcome).toBe('APPLIED');
    expect(other.text).toContain('金禾粮油（新建）');
  });

  it('an English spelling of one of the rep\'s customers (pinyin) asks which one; another English name does not', async () => {
    await customer('金穗粮油');
    const q = await send('Visited Jinsui Grain & Oil today, met their buyer Zou, budget 280k');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('1. 金穗粮油');
    expect(await suite.db.prisma.opportunity.count()).toBe(0);
    expect((await send('1')).outcome).toBe('APPLIED');
    expect(await suite.db.prisma.customer.count()).toBe(1);
    const other = await send('Visited Northwind Traders today, met their CFO Dana Holt, budget 300k');
    expect(other.outcome).toBe('APPLIED');
  });

  it('takes a bare new company name as the answer', async () => {
    expect((await send('刚和设备科的钱主任碰了一下，他们预算20万左右')).outcome).toBe('ASKED');
    const a = await send('华安制药');
    expect(a.outcome).toBe('APPLIED');
    expect(a.text).toContain('客户：华安制药（新建）');
    expect(await suite.db.prisma.contact.findFirstOrThrow({ include: { customer: true } })).toMatchObject({ name: '钱主任', customer: { name: '华安制药' } });
  });

  it('confirms the customer when the parser was unsure, even if the name is known', async () => {
    await customer('金石建材');
    const q = await send('金石建材的刘总说预算可能有60万');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('没太确定是“金石建材”');
    expect(q.text).toContain('1. 金石建材');
    expect((await send('1')).outcome).toBe('APPLIED');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(600000);
  });

  it('cancels on 取消 and on 撤销 while a question waits, writing nothing', async () => {
    await send(CALL_NO_CUSTOMER);
    const c = await send('取消');
    expect(c.text).toContain('已取消，没有保存');
    expect(c.text).toContain('周经理');
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    await send('下午跟采购部的周经理通了电话，他们预算大概45万，下周要报价单');
    const u = await send('撤销');
    expect(u.text).toContain('已取消，没有保存');
    const c2 = await counts(suite.db.prisma);
    expect([c2.customers, c2.contacts, c2.opportunities, c2.activities, c2.tasks]).toEqual([0, 0, 0, 0, 0]);
  });

  it('撤销 after a record stored since the question undoes that record, and the question keeps waiting; the next 撤销 drops the question', async () => {
    const jin = await customer('金石建材');
    await send(CALL_NO_CUSTOMER);
    const won = await send('金石建材赢单了，合同金额36万');
    expect(won.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.opportunity.count({ where: { customerId: jin.id, status: 'WON' } })).toBe(1);
    const u = await send('撤销');
    expect(u.text).toContain('已撤销');
    expect(u.text).toContain('金石建材赢单了');
    expect(await suite.db.prisma.opportunity.count({ where: { customerId: jin.id } })).toBe(0);
    expect(await suite.db.prisma.pendingDraft.count()).toBe(1);
    // Nothing stored since the question now: 撤销 drops it, as 取消 does.
    const again = await send('撤销');
    expect(again.text).toContain('已取消，没有保存');
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
  });

  it('handles an unrelated message normally and reminds that the draft waits; a number out of range asks again', async () => {
    await send(CALL_NO_CUSTOMER);
    const task = await send('明天上午交周报');
    expect(task.outcome).toBe('APPLIED');
    expect(task.text).toContain('还有一条消息在等你确认客户');
    expect(await suite.db.prisma.pendingDraft.count()).toBe(1);
    const bad = await send('7');
    expect(bad.outcome).toBe('REJECTED');
    expect(bad.text).toContain('没有这个序号');
    expect(await suite.db.prisma.pendingDraft.count()).toBe(1);
    const hi = await send('好的');
    expect(hi.text).toContain('还有一条消息在等你确认客户');
    expect(await suite.db.prisma.customer.count()).toBe(0);
  });

  it('short replies and sentences are not taken for a customer name', async () => {
    await send(CALL_NO_CUSTOMER);
    for (const reply of ['可以', '在忙', '新建一个报价单，明天发']) {
      const r = await send(reply);
      expect({ reply, customers: await suite.db.prisma.customer.count(), reminded: r.text.includes('还有一条消息在等你确认客户') }).toEqual({ reply, customers: 0, reminded: true });
    }
    expect(await suite.db.prisma.customer.count()).toBe(0);
    expect(await suite.db.prisma.pendingDraft.count()).toBe(1);
  });

  it('a newer question replaces the older draft and says the older one was not stored', async () => {
    await send(CALL_NO_CUSTOMER);
    const q2 = await send('今天见了对方的技术总监马工，方案基本认可，预计50万');
    expect(q2.outcome).toBe('ASKED');
    expect(q2.text).toContain('上一条待确认的消息没有保存');
    expect(q2.text).toContain('周经理');
    const drafts = await suite.db.prisma.pendingDraft.findMany();
    expect(drafts.map((d) => d.text)).toEqual(['今天见了对方的技术总监马工，方案基本认可，预计50万']);
  });

  it('expires a draft after DRAFT_TIMEOUT_MINUTES: the scheduler tells the rep through the outbox that it was not stored', async () => {
    await send(CALL_NO_CUSTOMER);
    expect(await expireDrafts(suite.db.prisma, new Date(T0.getTime() + 29 * 60_000))).toBe(0);
    expect(await expireDrafts(suite.db.prisma, new Date(T0.getTime() + 31 * 60_000))).toBe(1);
    expect(await expireDrafts(suite.db.prisma, new Date(T0.getTime() + 32 * 60_000))).toBe(0);
    const push = await suite.db.prisma.push.findFirstOrThrow({ where: { kind: 'draft_expired' } });
    expect(push.recipient).toBe(`user:${suite.world.rep.id}`);
    expect(JSON.stringify(push.payload)).toContain('没有保存');
    expect(JSON.stringify(push.payload)).toContain(CALL_NO_CUSTOMER);
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    // An answer now is no answer: nothing is written.
    now = new Date(T0.getTime() + 40 * 60_000);
    await send('2');
    expect(await suite.db.prisma.contact.count()).toBe(0);
  });

  it("the scheduler's minute tick expires the draft and delivers the notice to the rep", async () => {
    await send(CALL_NO_CUSTOMER);
    const channel = new RecordingChannel();
    const scheduler = new Scheduler({ db: { prisma: suite.db.prisma, kind }, outbound: new Outbound([channel]), now: () => now });
    await scheduler.tick(new Date(T0.getTime() + 10 * 60_000));
    expect(await suite.db.prisma.pendingDraft.count()).toBe(1);
    const r = await scheduler.tick(new Date(T0.getTime() + 30 * 60_000 + 1000));
    expect(r.enqueued.drafts).toBe(1);
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    const notice = channel.sent.find((d) => d.text.includes('没有保存'))!;
    expect(notice.to).toBe(`user:${suite.world.rep.id}`);
    expect(notice.text).toContain(CALL_NO_CUSTOMER);
  });

  it('an answer that arrives after the deadline (before the scheduler) says the draft expired and writes nothing', async () => {
    await customer('金石建材');
    await send(CALL_NO_CUSTOMER);
    now = new Date(T0.getTime() + 45 * 60_000);
    const late = await send('1');
    expect(late.outcome).toBe('REJECTED');
    expect(late.text).toContain('已超时，没有保存');
    expect(await suite.db.prisma.contact.count()).toBe(0);
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    expect(await expireDrafts(suite.db.prisma, now)).toBe(0);
    expect(await suite.db.prisma.push.count({ where: { kind: 'draft_expired' } })).toBe(0);
  });

  it('asks in English when the rep writes English', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'en-US' } });
    const q = await send('Called Mr. Peters today, budget about 200k');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toMatch(/^❓ Which customer is this\? Reply with the customer's name/);
    expect((await send('Great')).text).toContain('A message still waits for its customer');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    const a = await send('new Peters Logistics Ltd');
    expect(a.outcome).toBe('APPLIED');
    expect(a.text).toContain('Peters Logistics Ltd (new)'.replace(' (new)', ''));
    expect((await suite.db.prisma.customer.findFirstOrThrow()).name).toBe('Peters Logistics Ltd');
  });

  it('a second answer after the question was answered is told so, not "not understood"; a bare number with no question is not understood', async () => {
    await customer('金石建材');
    await customer('新桥医院');
    expect(await send('2')).toMatchObject({ outcome: 'REJECTED', text: expect.stringContaining('没太明白') });
    expect((await send(CALL_NO_CUSTOMER)).outcome).toBe('ASKED');
    expect((await send('1')).outcome).toBe('APPLIED');
    // The second device's copy, or a double tap, a moment later.
    expect(await send('2')).toMatchObject({ outcome: 'REJECTED', text: expect.stringContaining('已经回答过了') });
    expect(await suite.db.prisma.activity.count()).toBe(1);
  });

  it.runIf(kind === 'postgres')('two answers delivered at once through two clients apply the draft once', async () => {
    await customer('金石建材');
    await customer('新桥医院');
    await send(CALL_NO_CUSTOMER);
    const other = await openDb({ databaseUrl: suite.db.url!, migrate: false }); // a second client of the suite's (migrated) database
    try {
      const bot2 = new SalesAssistant(makeContext(other.prisma, { now: () => now }), { parser: ruleParser, log: () => {} });
      const [r1, r2] = await Promise.all([send('1'), send('2', 'rep', bot2)]);
      const outcomes = [r1.outcome, r2.outcome].sort();
      expect(outcomes).toEqual(['APPLIED', 'REJECTED']);
      expect([r1, r2].find((r) => r.outcome === 'REJECTED')!.text).toContain('已经回答过了');
      expect(await suite.db.prisma.activity.count()).toBe(1);
      expect(await suite.db.prisma.contact.count()).toBe(1);
      expect(await suite.db.prisma.opportunity.count()).toBe(1);
      expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
