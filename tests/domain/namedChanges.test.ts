// Changes and corrections that name their customer, end to end through the rule parser, on both
// databases: they edit that customer's deal whatever the last message was about; a customer the
// sender does not have changes nothing; without a name the last record is corrected; every
// reply names the customer and the field; after a message about several customers an unnamed
// correction asks which one.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai

describe.each(await testDatabases())('changes that name their customer ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: 'rep' | 'rep2' = 'rep') => bot.handleMessage({ platform: 'CONSOLE', externalId: `n${++seq}`, senderId: suite.world[who].consoleName, text });
  const deal = async (name: string) => {
    const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name, ownerId: suite.world.rep.id }, include: { opportunities: true } });
    expect(c.opportunities).toHaveLength(1);
    const o = c.opportunities[0];
    return { stage: o.stage, amount: o.amount === null ? null : Number(o.amount), close: o.expectedCloseDate?.toISOString().slice(0, 10) ?? null, status: o.status };
  };

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
    expect((await send('上周三拜访了青松环保，需求基本确认，预计45万')).outcome).toBe('APPLIED');
    // The last record is about another customer.
    expect((await send('昨天去了蓝港酒店，王总说预算15万左右')).outcome).toBe('APPLIED');
  });

  it('changes the named customer\'s deal, not the last record\'s, and says which customer and field', async () => {
    const reply = await send('青松环保预计12月20日签，阶段改成报价');
    expect(reply.outcome).toBe('APPLIED');
    expect(reply.text).toContain('已更正 青松环保：');
    expect(reply.text).toContain('阶段 需求确认 → 报价');
    expect(reply.text).toContain('预计成交');
    expect(await deal('青松环保')).toEqual({ stage: 'QUOTATION', amount: 450000, close: '2026-12-20', status: 'OPEN' });
    expect(await deal('蓝港酒店')).toEqual({ stage: 'INITIAL_CONTACT', amount: 150000, close: null, status: 'OPEN' });

    const amount = await send('把青松环保的金额改成52万');
    expect(amount.text).toContain('已更正 青松环保：金额 45万元 → 52万元');
    expect((await deal('青松环保')).amount).toBe(520000);
    expect((await deal('蓝港酒店')).amount).toBe(150000);

    // Undo takes back just that change.
    expect((await send('撤销')).outcome).toBe('UNDO');
    expect((await deal('青松环保')).amount).toBe(450000);
    expect((await deal('青松环保')).stage).toBe('QUOTATION');
  });

  it('refuses a customer the sender does not have and changes nothing', async () => {
    const before = await counts(suite.db.prisma);
    for (const text of ['把星河传媒的金额改成9万', '星河传媒阶段改为谈判']) {
      const reply = await send(text);
      expect(reply.outcome).toBe('REJECTED');
      expect(reply.text).toContain('星河传媒');
      expect(reply.text).toContain('没有做任何修改');
    }
    expect({ ...(await counts(suite.db.prisma)), inbound: 0 }).toEqual({ ...before, inbound: 0 });
    expect(await suite.db.prisma.customer.count({ where: { name: { contains: '星河' } } })).toBe(0);
    expect(await deal('蓝港酒店')).toEqual({ stage: 'INITIAL_CONTACT', amount: 150000, close: null, status: 'OPEN' });
    // Another rep's customer is not the sender's either.
    await send('今天拜访了白鹭航空，预计200万', 'rep2');
    const theirs = await send('把白鹭航空的金额改成300万');
    expect(theirs.outcome).toBe('REJECTED');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow({ where: { ownerId: suite.world.rep2.id } })).amount)).toBe(2000000);
  });

  it('corrects the last record without a name, and names its customer in the reply', async () => {
    const reply = await send('金额改成16万');
    expect(reply.outcome).toBe('APPLIED');
    expect(reply.text).toContain('已更正 蓝港酒店：金额 15万元 → 16万元');
    expect((await deal('蓝港酒店')).amount).toBe(160000);
    expect((await deal('青松环保')).amount).toBe(450000);
  });

  it('renames a contact of the named customer even when the last record is another one', async () => {
    await send('今天下午又去了青松环保，见了采购部的韩经理');
    const reply = await send('蓝港酒店的联系人不是王总，是汪总');
    expect(reply.outcome).toBe('APPLIED');
    expect(reply.text).toContain('已更正 蓝港酒店：联系人 王总 → 汪总');
    const names = await suite.db.prisma.contact.findMany({ where: { customer: { name: '蓝港酒店' } } });
    expect(names.map((c) => c.name)).toEqual(['汪总']);
  });

  it('corrects a contact\'s title and role, also from an earlier record, and names customer and contact', async () => {
    await send('上周四拜访了青松环保，技术负责人林涛对接口有疑问');
    await send('今天下午又去了蓝港酒店，王总说下周给答复');
    const reply = await send('林涛不是技术负责人，是项目经理');
    expect(reply.outcome).toBe('APPLIED');
    expect(reply.text).toContain('已更正 青松环保：联系人 林涛');
    expect(reply.text).toContain('→ 项目经理');
    const lin = await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '林涛' } });
    expect([lin.title, lin.role]).toEqual(['项目经理', 'OTHER']);
    // A title that states a role sets it; undo restores the old title and role.
    expect((await send('林涛不是项目经理，是拍板的人')).outcome).toBe('APPLIED');
    expect((await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '林涛' } })).role).toBe('DECISION_MAKER');
    await send('撤销');
    const back = await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '林涛' } });
    expect([back.title, back.role]).toEqual(['项目经理', 'OTHER']);
    // Somebody the sender has no contact for: nothing changes.
    const none = await send('郑凯不是财务，是采购总监');
    expect(none.outcome).toBe('REJECTED');
    expect(none.text).toContain('郑凯');
  });

  it('after a message about several customers, asks which one an unnamed correction is for', async () => {
    await send('下午跑了两家：金帆船舶的采购说预计30万；银杏教育集团预计12万，下周再约');
    const before = await suite.db.prisma.opportunity.findMany({ orderBy: { id: 'asc' } });
    const ask = await send('金额改成35万');
    expect(ask.outcome).toBe('REJECTED');
    expect(ask.text).toContain('金帆船舶');
    expect(ask.text).toContain('银杏教育集团');
    expect(ask.text).toContain('没有做任何修改');
    expect(await suite.db.prisma.opportunity.findMany({ orderBy: { id: 'asc' } })).toEqual(before);

    const named = await send('金帆船舶的金额改成35万');
    expect(named.text).toContain('已更正 金帆船舶：金额 30万元 → 35万元');
    expect((await deal('银杏教育集团')).amount).toBe(120000);
  });
});
