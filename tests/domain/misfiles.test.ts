// Records that used to be filed or changed wrongly under a ✅ (found by trying the console with
// new sentences): a "wrong customer" correction renamed a whole existing account; a correction
// naming an amount the record does not hold still edited it; a known contact's title was narrowed
// ("信息科主任" → "主任") without a word; a manager's hand-over naming a contact created a second
// customer for the manager; a short name that fits two customers was asked about although the
// person named is a contact at only one of them. Real rule parser, both databases.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { widensTitle } from '../../src/domain/contacts.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('no misfiles on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: 'rep' | 'rep2' | 'manager' = 'rep') => bot.handleMessage({ platform: 'CONSOLE', externalId: `m${++seq}`, senderId: suite.world[who].consoleName, text });
  const customerNamed = (name: string) => suite.db.prisma.customer.findMany({ where: { name }, include: { contacts: true, opportunities: true } });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
  });

  it('"the customer was wrong" after a record on an existing customer renames nothing and says how to re-file', async () => {
    expect((await send('星岚科技进入报价阶段，金额80万')).outcome).toBe('APPLIED');
    expect((await send('下午拜访了星岚科技的采购经理孙琳，她说预算40万，下周五前给报价')).outcome).toBe('APPLIED');
    const r = await send('刚才那个客户写错了，是星澜电子');
    expect(r.outcome).toBe('REJECTED');
    expect(r.text).toContain('撤销');
    expect(r.text).toContain('没有做任何修改');
    expect(await customerNamed('星岚科技')).toHaveLength(1);
    expect(await customerNamed('星澜电子')).toHaveLength(0);
    // The way out it names works: undo, then the same words with the right customer.
    expect((await send('撤销')).outcome).toBe('UNDO');
    expect((await send('下午拜访了星澜电子的采购经理孙琳，她说预算40万，下周五前给报价')).outcome).toBe('APPLIED');
    const [xl] = await customerNamed('星岚科技');
    expect(Number(xl.opportunities[0].amount)).toBe(800_000);
    expect(xl.contacts).toHaveLength(0);
    expect((await customerNamed('星澜电子'))[0].contacts.map((c) => c.name)).toEqual(['孙琳']);
  });

  it('a misspelt NEW customer is still renamed by the correction', async () => {
    expect((await send('今天拜访了嘉禾农业的钱总，聊了灌溉项目')).outcome).toBe('APPLIED');
    const r = await send('客户名写错了，应该是嘉和农业');
    expect(r.outcome).toBe('APPLIED');
    expect(await customerNamed('嘉和农业')).toHaveLength(1);
    expect(await customerNamed('嘉禾农业')).toHaveLength(0);
  });

  it('"不是30万，是35万" when the record holds 80万 changes nothing; the matching old amount is corrected', async () => {
    expect((await send('远岫物流进入谈判阶段，金额80万')).outcome).toBe('APPLIED');
    const wrong = await send('不是30万，是35万');
    expect(wrong.outcome).toBe('REJECTED');
    expect(wrong.text).toContain('80万');
    expect(Number((await customerNamed('远岫物流'))[0].opportunities[0].amount)).toBe(800_000);
    const right = await send('不是80万，是85万');
    expect(right.outcome).toBe('APPLIED');
    expect(Number((await customerNamed('远岫物流'))[0].opportunities[0].amount)).toBe(850_000);
  });

  it('a contact named again with part of their title keeps the full title', async () => {
    expect((await send('拜访了青柠医疗的钟主任（信息科主任），聊了扩容')).outcome).toBe('APPLIED');
    const [before] = await customerNamed('青柠医疗');
    expect(before.contacts[0].title).toBe('信息科主任');
    const again = await send('今天去青柠医疗回访了钟主任，系统运行稳定');
    expect(again.outcome).toBe('APPLIED');
    expect(again.text).toContain('信息科主任');
    const after = await suite.db.prisma.contact.findMany({ where: { customerId: before.id } });
    expect(after.map((c) => [c.name, c.title])).toEqual([['钟主任', '信息科主任']]);
    // A title that says something new replaces it, and the reply shows what it was.
    const promoted = await send('拜访了青柠医疗的钟主任（副院长），约了下周二汇报');
    expect(promoted.text).toContain('信息科主任 → 副院长');
    expect((await suite.db.prisma.contact.findFirstOrThrow({ where: { customerId: before.id } })).title).toBe('副院长');
    expect([widensTitle('采购经理', '经理'), widensTitle('信息科主任', '主任'), widensTitle(null, '经理'), widensTitle('经理', '采购经理'), widensTitle('主任', '主任')]).toEqual([false, false, true, true, false]);
  });

  it('a new name one typo away from their own customer asks which one; the answer files it there', async () => {
    expect((await send('拜访了方舟电子的刘兵，聊了测试安排')).outcome).toBe('APPLIED');
    const q = await send('方舟电器的采购部打电话来问价格，预算12.5w');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('很像');
    const options = q.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(options).toEqual(['1. 方舟电子', '2. 新建客户“方舟电器”']);
    expect((await send('1')).outcome).toBe('APPLIED');
    expect(await customerNamed('方舟电器')).toHaveLength(0);
    expect(Number((await customerNamed('方舟电子'))[0].opportunities[0].amount)).toBe(125_000);
    // Another company that only shares a character and the trade is not asked about, nor a
    // numbered sibling (ordinals and digits tell branches apart).
    expect((await send('拜访了方圆电子的钱总，聊了报价')).outcome).toBe('APPLIED');
    expect(await customerNamed('方圆电子')).toHaveLength(1);
    expect((await send('拜访了华东分公司甲的严总')).outcome).toBe('APPLIED');
    expect((await send('拜访了华东分公司乙的严总')).outcome).toBe('APPLIED');
  });

  it('a doubtful name that is one of their contacts is filed on that contact\'s customer, never made a customer', async () => {
    expect((await send('拜访了云栖软件的邵宁，聊了续约')).outcome).toBe('APPLIED');
    const r = await send('下午给邵宁打了个电话，他说下个月再谈');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('按联系人邵宁');
    expect(r.text).not.toContain('打了个');
    const [c] = await customerNamed('云栖软件');
    expect(await suite.db.prisma.activity.count({ where: { customerId: c.id, type: 'CALL' } })).toBe(1);
    expect(await suite.db.prisma.customer.count()).toBe(1);
  });

  it('a short name that fits two customers is filed on the one where the person of the message is a contact', async () => {
    expect((await send('拜访了云杉环境工程的蒋总，聊了污水站改造')).outcome).toBe('APPLIED');
    expect((await send('去了云杉新材料，见了采购部的韦经理')).outcome).toBe('APPLIED');
    const r = await send('下午和云杉的韦经理又通了电话，他说预算批了，35万');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('云杉新材料');
    expect(r.text).toContain('按联系人韦经理');
    const [materials] = await customerNamed('云杉新材料');
    expect(materials.opportunities.map((o) => Number(o.amount))).toEqual([350_000]);
    expect((await customerNamed('云杉环境工程'))[0].opportunities).toHaveLength(0);
    // A person at neither (or at both) settles nothing: the question stays.
    const q = await send('和云杉的钱工通了电话，他们想下月看样品');
    expect(q.outcome).toBe('ASKED');
  });

  it('"刚和X的…" files on X: the adverb and "with" are no part of the name', async () => {
    const r = await send('刚和汇丰源食品的质量经理通了电话，下周二寄检测报告');
    expect(r.outcome).toBe('APPLIED');
    expect((await customerNamed('汇丰源食品')).length).toBe(1);
    expect(await suite.db.prisma.customer.count({ where: { name: { startsWith: '刚' } } })).toBe(0);
  });

  it('an amount given as a range or an estimate is named as not recorded, never stored as a figure', async () => {
    const r = await send('拜访了凌霄光电的孔总，冷库监控项目15-20万，后天再电话沟通');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toMatch(/以下内容没有记录[\s\S]*15-20万/);
    const [c] = await customerNamed('凌霄光电');
    expect(c.opportunities.every((o) => o.amount === null)).toBe(true);
    const r2 = await send('电话跟凌霄光电的孔总聊了设备改造，二十来万');
    expect(r2.text).toContain('二十来万');
  });

  it('a message about two customers at two times files each visit at its own time', async () => {
    const r = await send('上午先去了临川陶瓷送样品，下午又跑了一趟桐庐纸业，胡总对价格有意见');
    expect(r.outcome).toBe('APPLIED');
    const acts = await suite.db.prisma.activity.findMany({ include: { customer: true } });
    const at = (name: string) => acts.find((a) => a.customer?.name === name)?.occurredAt.toISOString();
    // NOW is 11:00 in Shanghai: 上午 is 10:00 today, 下午 (said as past) is 15:00 — capped at now.
    expect(at('临川陶瓷')).toBe('2026-11-24T02:00:00.000Z');
    expect(at('桐庐纸业')).toBe(NOW.toISOString());
  });

  it("a manager's hand-over that names a contact goes on the rep's customer; the manager gets no customer", async () => {
    expect((await send('拜访了恒屹制造的周工，聊了设备改造', 'rep2')).outcome).toBe('APPLIED');
    const r = await send('让王强下周一前回访恒屹制造的周工', 'manager');
    expect(r.outcome).toBe('APPLIED');
    const all = await customerNamed('恒屹制造');
    expect(all).toHaveLength(1);
    expect(all[0].ownerId).toBe(suite.world.rep2.id);
    expect(all[0].contacts.map((c) => c.name)).toEqual(['周工']);
    const task = await suite.db.prisma.task.findFirstOrThrow({ where: { assigneeId: suite.world.rep2.id } });
    expect(task.customerId).toBe(all[0].id);
    expect(await suite.db.prisma.customer.count({ where: { ownerId: suite.world.manager.id } })).toBe(0);
  });
});
