// A figure that is not what our deal is worth never replaces the deal's amount, and the reply
// says so: the customer's wish or counter-offer ("老板想把价格压到…", "they want it under …") is
// logged as a remark and named as not recorded, with the amount that stays; a loss message's
// budget stays in the reason and the lost deal keeps its amount — also when a parser (an LLM's
// possible output) hands the figure over as the amount. Both databases, sentences of this file.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey } from '../../src/domain/customers.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import type { MessageParser, ParsedMessage } from '../../src/intents/schema.js';
import { testDatabases } from '../helpers/db.js';
import { parsed, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const DAY = 86_400_000;
const opp = (o: Partial<NonNullable<ParsedMessage['opportunity']>>) => ({ stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null, ...o });

// What an LLM might return for a loss: the budget as the amount. The domain keeps the deal's.
const BUILT: Record<string, ParsedMessage> = {
  '启明教育那单黄了，学校只批了9万，用了别家的': parsed({ intent: 'update_opportunity', customer: { name: '启明教育' }, opportunity: opp({ stage: 'LOST', amount: 90000, lostReason: '学校只批了9万，用了别家的' }) }),
};
const parser: MessageParser = { name: 'mixed', parse: async (text, ctx) => BUILT[text] ?? ruleParser.parse(text, ctx) };

describe.each(await testDatabases())('figures that are not the deal amount on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `f${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, log: () => {} });
  });

  async function deal(name: string, amount: number, contact?: string) {
    const c = await suite.db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId: suite.world.rep.id, createdAt: new Date(NOW.getTime() - 20 * DAY) } });
    const o = await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, title: name, stage: 'QUOTATION', amount, probability: 50, createdAt: new Date(NOW.getTime() - 20 * DAY) } });
    if (contact) await suite.db.prisma.contact.create({ data: { customerId: c.id, name: contact, role: 'TECHNICAL' } });
    return { c, o };
  }
  const amountOf = async (id: string) => Number((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id } })).amount);

  it('the customer\'s wish, told by a known contact, is logged as a remark; the amount stays and the reply names the figure', async () => {
    const { c, o } = await deal('嘉禾纺织', 420000, '邵明');
    const r = await send('邵明说他们董事长想把总价砍到35万');
    expect(r.outcome).toBe('APPLIED');
    expect(await amountOf(o.id)).toBe(420000);
    const act = await suite.db.prisma.activity.findFirstOrThrow({ where: { customerId: c.id } });
    expect(act.summary).toContain('35万');
    expect(r.text).toMatch(/以下内容没有记录[\s\S]*金额“35万”：是客户想要\/还价的价格，没有改商机金额（仍为 42万元）/);
    expect(r.text).not.toContain('→ 35万');
  });

  it('their counter-offer with no customer named is asked about, then kept on the one chosen', async () => {
    const { c, o } = await deal('澄江环保', 310000);
    const q = await send('对方财务那边还价26万');
    expect(q.outcome).toBe('ASKED');
    expect(await suite.db.prisma.activity.count()).toBe(0);
    const r = await send('澄江环保');
    expect(r.outcome).toBe('APPLIED');
    expect(await amountOf(o.id)).toBe(310000);
    expect((await suite.db.prisma.activity.findFirstOrThrow({ where: { customerId: c.id } })).summary).toContain('26万');
    expect(r.text).toContain('没有改商机金额（仍为 31万元）');
  });

  it('our figure beside their counter-offer: the amount is ours, the remark is kept, their figure is named', async () => {
    const { c, o } = await deal('蓝港物流', 560000);
    const r = await send('蓝港物流合同额56万，对方采购还价50万');
    expect(r.outcome).toBe('APPLIED');
    expect(await amountOf(o.id)).toBe(560000);
    expect(await suite.db.prisma.activity.count({ where: { customerId: c.id } })).toBe(1);
    expect(r.text).toMatch(/金额“50万”：是客户想要\/还价的价格/);
  });

  it('in English the reply is English and names the kept amount', async () => {
    const { o } = await deal('Harbor Lane Foods', 300000);
    const r = await send('Called Harbor Lane Foods, their buyer wants the price down to 260k');
    expect(r.outcome).toBe('APPLIED');
    expect(await amountOf(o.id)).toBe(300000);
    expect(r.text).toMatch(/Understood but not recorded[\s\S]*Amount "260k": what the customer wants or offers, so the deal amount was not changed \(it stays ¥300,000\)/);
  });

  it('the price their wished-for cut starts from is not our amount either: the deal keeps its own, both figures are named', async () => {
    const { c, o } = await deal('云杉家居', 330000, '孔令辉');
    const r = await send('孔令辉说他们老板想把价格从35万砍到29万');
    expect(r.outcome).toBe('APPLIED');
    expect(await amountOf(o.id)).toBe(330000);
    expect((await suite.db.prisma.activity.findFirstOrThrow({ where: { customerId: c.id } })).summary).toContain('29万');
    expect(r.text).toMatch(/金额“35万”、“29万”：是客户想要\/还价的价格，没有改商机金额（仍为 33万元）/);
    expect(r.text).not.toMatch(/33万元 → /);
  });

  it('their limit (控制在…以内, 预算卡在) and the price they want to buy at change nothing and sign nothing', async () => {
    const { o } = await deal('白鹭酒店', 480000);
    for (const text of ['白鹭酒店的采购希望总费用控制在40万以内', '白鹭酒店那边预算卡在42万', '白鹭酒店想38万拿下']) {
      const r = await send(text);
      expect(r.outcome, text).toBe('APPLIED');
      expect(r.text, text).toMatch(/以下内容没有记录[\s\S]*是客户想要\/还价的价格，没有改商机金额（仍为 48万元）/);
      expect(r.text, text).not.toContain('签约');
    }
    const after = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([after.status, Number(after.amount)]).toEqual(['OPEN', 480000]);
    expect(await suite.db.prisma.contract.count()).toBe(0);
    expect(await suite.db.prisma.activity.count({ where: { customerId: after.customerId, type: 'OTHER' } })).toBe(3);
  });

  it('another phase they plan (再加一期) does not overwrite the open deal\'s amount', async () => {
    const { o } = await deal('云杉家居', 330000, '孔令辉');
    const r = await send('孔令辉说明年还要再加一期，大概20万');
    expect(r.outcome).toBe('APPLIED');
    expect(await amountOf(o.id)).toBe(330000);
    expect(r.text).toContain('说的是另一个项目');
  });

  it('a renewal or a service contract said beside the open deal (也要续, 续费, 另外开一个商机) does not overwrite its amount', async () => {
    const { o } = await deal('岚山物联', 420000);
    for (const text of ['岚山物联 2.6w 的年度维保也要续，先记一下', '岚山物联续费那单按6万记，另外开一个商机']) {
      const r = await send(text);
      expect(await amountOf(o.id), text).toBe(420000);
      expect(r.text, text).toContain('说的是另一个项目');
    }
  });

  it('a loss keeps the lost deal\'s amount; the budget said with it stays in the reason and is named', async () => {
    const { o } = await deal('松涛医疗', 750000);
    const r = await send('松涛医疗丢单了，医院预算只有18万，最后选了本地厂家');
    expect(r.outcome).toBe('APPLIED');
    const lost = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([lost.status, Number(lost.amount)]).toEqual(['LOST', 750000]);
    expect(lost.lostReason).toContain('18万');
    expect(r.text).toMatch(/金额“18万”：丢单消息里的数字，留在丢单原因里，没有改商机金额（仍为 75万元）/);
    expect(r.text).not.toContain('75万元 → 18万元');
  });

  it('a parse that hands a loss\'s figure over as the amount does not change it either', async () => {
    const { o } = await deal('启明教育', 260000);
    const r = await send('启明教育那单黄了，学校只批了9万，用了别家的');
    expect(r.outcome).toBe('APPLIED');
    const lost = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([lost.status, Number(lost.amount)]).toEqual(['LOST', 260000]);
    expect(r.text).toContain('没有改商机金额（仍为 26万元）');
    await send('撤销');
    const back = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([back.status, Number(back.amount)]).toEqual(['OPEN', 260000]);
  });
});
