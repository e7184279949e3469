// One message about several customers, end to end through the rule parser, on both databases:
// each customer gets its own activity, contacts, deal, steps and hot flag; nothing said about one
// customer lands on another; the reply is grouped by customer; "撤销" takes the whole message back.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser, counts, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai

const TWO = '下午连着见了两家：海川重工的孙总(决策人)很认可方案，预计80万，下周一前发合同草稿；鼎盛物流说预算砍了，基本没戏了';
const THREE = '上午电话回访了三个客户：金穗农业钱经理说月底前定，设为热点；北辰光电还在比价；华岳建材的吴工要技术白皮书，明天发给他';

describe.each(await testDatabases())('several customers in one message ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string) => bot.handleMessage({ platform: 'CONSOLE', externalId: `p${++seq}`, senderId: suite.world.rep.consoleName, text });
  const customer = (name: string) =>
    suite.db.prisma.customer.findFirstOrThrow({ where: { name }, include: { contacts: true, opportunities: true, activities: true, tasks: true } });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
  });

  it('files each customer its own record set and groups the reply by customer', async () => {
    expect((await send('上周五拜访了鼎盛物流，预计60万')).outcome).toBe('APPLIED');
    const before = await customer('鼎盛物流');

    const reply = await send(TWO);
    expect(reply.outcome).toBe('APPLIED');

    const haichuan = await customer('海川重工');
    expect(haichuan.contacts.map((c) => [c.name, c.role])).toEqual([['孙总', 'DECISION_MAKER']]);
    expect(haichuan.opportunities.map((o) => [Number(o.amount), o.status])).toEqual([[800000, 'OPEN']]);
    expect(haichuan.tasks.map((t) => t.title)).toEqual(['发合同草稿']);
    expect(haichuan.activities).toHaveLength(1);
    expect(haichuan.activities[0].summary).toContain('孙总');
    expect(haichuan.activities[0].summary).not.toContain('鼎盛');
    expect(haichuan.activities[0].opportunityId).toBe(haichuan.opportunities[0].id);

    const dingsheng = await customer('鼎盛物流');
    expect(dingsheng.id).toBe(before.id);
    expect(dingsheng.contacts).toEqual([]);
    expect(dingsheng.tasks).toEqual([]);
    expect(dingsheng.opportunities.map((o) => [o.status, Number(o.amount)])).toEqual([['LOST', 600000]]);
    expect(dingsheng.activities).toHaveLength(2);
    const latest = dingsheng.activities.find((a) => a.summary.includes('预算砍了'))!;
    expect(latest.summary).not.toContain('孙总');
    expect(latest.inboundId).toBe(haichuan.activities[0].inboundId);

    const text = reply.text;
    expect(text).toContain('（2 家客户）');
    const at = (s: string) => text.indexOf(s);
    expect(at('【海川重工】（新建）')).toBeGreaterThanOrEqual(0);
    expect(at('【鼎盛物流】（已有）')).toBeGreaterThan(at('孙总'));
    expect(at('孙总')).toBeGreaterThan(at('【海川重工】'));
    expect(at('发合同草稿')).toBeLessThan(at('【鼎盛物流】'));
    expect(text.slice(at('【鼎盛物流】'))).toContain('输单');
  });

  it('gives every customer the heading verb’s kind of contact unless its own words name a channel', async () => {
    // (谈了 is a general word: the heading's 见了 says it was a visit; 打了电话 is a channel of its own.)
    expect((await send('今天见了两个客户：上午海川重工的孙总，谈了试点；晚上又给鼎盛物流的钱经理打了电话')).outcome).toBe('APPLIED');
    expect((await customer('海川重工')).activities.map((a) => a.type)).toEqual(['VISIT']);
    expect((await customer('鼎盛物流')).activities.map((a) => a.type)).toEqual(['CALL']);
  });

  it('never lets a fact flow to the customer before it, even past a clause naming nobody it knows', async () => {
    const reply = await send(THREE);
    expect(reply.outcome).toBe('APPLIED');
    const jinsui = await customer('金穗农业');
    expect(jinsui.hot).toBe(true);
    expect(jinsui.contacts.map((c) => c.name)).toEqual(['钱经理']);
    expect(jinsui.tasks).toEqual([]);
    expect(jinsui.activities.map((a) => a.type)).toEqual(['CALL']);
    expect(jinsui.activities[0].summary).not.toMatch(/北辰|华岳|白皮书/);
    expect(jinsui.opportunities[0].expectedCloseDate).not.toBeNull();

    const huayue = await customer('华岳建材');
    expect(huayue.hot).toBe(false);
    expect(huayue.contacts.map((c) => c.name)).toEqual(['吴工']);
    expect(huayue.tasks).toHaveLength(1);
    expect(huayue.tasks[0].dueAt).not.toBeNull();
    expect(huayue.activities[0].summary).toContain('白皮书');
    expect(huayue.opportunities).toEqual([]);
    // The reply shows the hot flag under its own customer only.
    const text = reply.text;
    const hotAt = text.indexOf('热点');
    expect(hotAt).toBeGreaterThan(text.indexOf('【金穗农业】'));
    expect(hotAt).toBeLessThan(text.indexOf('【华岳建材】'));
  });

  it('keeps a step said about several customers at once on none of them', async () => {
    const reply = await send('今天去了嘉禾医药和润丰食品两家，嘉禾医药的冯主任要样品；润丰食品的采购说年后再议。周四前把两家的报价都发出去');
    expect(reply.outcome).toBe('APPLIED');
    const jiahe = await customer('嘉禾医药');
    const runfeng = await customer('润丰食品');
    expect(jiahe.contacts.map((c) => c.name)).toContain('冯主任');
    expect(runfeng.contacts.map((c) => c.name)).not.toContain('冯主任');
    expect(jiahe.activities).toHaveLength(1);
    expect(runfeng.activities).toHaveLength(1);
    // "周四前把两家的报价都发出去" belongs to both: a task without a customer, shown as such.
    const tasks = await suite.db.prisma.task.findMany();
    for (const t of tasks.filter((x) => x.title.includes('报价'))) expect(t.customerId).toBeNull();
  });

  it('a visit to two companies joined by 和 is one visit on each, neither name swallowing the other', async () => {
    const reply = await send('今天下午拜访了长林化工和丰源食品，两边都对新系统感兴趣');
    expect(reply.outcome).toBe('APPLIED');
    expect((await suite.db.prisma.customer.findMany({ orderBy: { name: 'asc' } })).map((c) => c.name).sort()).toEqual(['丰源食品', '长林化工']);
    for (const name of ['长林化工', '丰源食品']) expect((await customer(name)).activities.map((a) => a.type)).toEqual(['VISIT']);
  });

  it('a step about several customers at once creates no customer and links none', async () => {
    const reply = await send('周五前把金桥电力和东方园林两家的合同都寄出去');
    expect(reply.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    const tasks = await suite.db.prisma.task.findMany();
    expect(tasks.map((t) => [t.customerId, t.dueAt !== null])).toEqual([[null, true]]);
    expect(reply.text).toContain('合同');
    expect(reply.text).not.toContain('家客户');
  });

  it('leaves out a part whose customer is only a guess, says so, and files the others', async () => {
    // An LLM parse may mark a part's name as a guess; the rule parser never splits on one.
    const text = '两家都聊了：润泽水务刘工要报价；九龙那边说再等等';
    const part = (name: string, evidence: 'clear' | 'weak', summary: string, steps: Array<{ title: string; dueAt: string | null; dueLabel: string | null }> = []) =>
      ({ customer: { name, evidence }, summary, contacts: [], opportunity: null, nextSteps: steps, hot: null });
    const step = { title: '给刘工发报价', dueAt: null, dueLabel: null };
    const stub = new StubParser().on(text, parsed({
      intent: 'log_activity',
      activity: { type: 'CALL', occurredAt: '2026-11-23T09:30:00+08:00', summary: '两家都聊了' },
      nextSteps: [step],
      parts: [part('润泽水务', 'clear', '润泽水务刘工要报价', [step]), part('九龙', 'weak', '九龙那边说再等等')],
    }));
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: stub, log: () => {} });
    const reply = await send(text);
    expect(reply.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.customer.findMany({ select: { name: true } })).toEqual([{ name: '润泽水务' }]);
    expect(reply.text).toContain('不确定“九龙”是不是客户名');
    expect(reply.text).toContain('九龙那边说再等等');
    expect((await customer('润泽水务')).tasks.map((t) => t.title)).toEqual(['给刘工发报价']);
  });

  it('undoes the whole message: every customer, deal change, contact, activity and task it wrote', async () => {
    await send('上周五拜访了鼎盛物流，预计60万');
    const before = await counts(suite.db.prisma);
    const deal = (await customer('鼎盛物流')).opportunities[0];

    expect((await send(TWO)).outcome).toBe('APPLIED');
    const undo = await send('撤销');
    expect(undo.outcome).toBe('UNDO');
    expect(undo.text).toContain('全部撤回');

    const after = await counts(suite.db.prisma);
    expect({ ...after, inbound: 0 }).toEqual({ ...before, inbound: 0 });
    expect(await suite.db.prisma.customer.count({ where: { name: '海川重工' } })).toBe(0);
    const restored = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: deal.id } });
    expect([restored.status, restored.stage, Number(restored.amount), restored.closedAt]).toEqual([deal.status, deal.stage, 600000, null]);
  });
});
