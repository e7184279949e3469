// A signing or a payment reported without a customer ("签了！合同金额48万…") is not refused and not
// guessed: the bot asks which customer (the rep's customers with an open deal first), keeps the
// message as a pending draft, and the answer records the deal — contract, payment, deal won — on
// the chosen customer; a cancel stores nothing. Real rule parser, new sentences, both databases.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const SIGNED = '签了！合同金额48万，首付款20万已到账';

describe.each(await testDatabases())('a deal without a customer on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string) => bot.handleMessage({ platform: 'CONSOLE', externalId: `d${++seq}`, senderId: 'rep', text });
  const money = async () => ({ contracts: await suite.db.prisma.contract.count(), payments: await suite.db.prisma.payment.count(), won: await suite.db.prisma.opportunity.count({ where: { status: 'WON' } }) });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
  });

  it('asks which customer, offering those with an open deal, then records the signing on the one chosen', async () => {
    expect((await send('青禾农业进入报价阶段，金额50万')).outcome).toBe('APPLIED');
    expect((await send('远帆物流进入方案阶段，预计30万')).outcome).toBe('APPLIED');
    await suite.db.prisma.customer.create({ data: { name: '白鹭航空', normalizedName: '白鹭航空', ownerId: suite.world.rep.id } });

    const q = await send(SIGNED);
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toMatch(/^❓ 这是哪个客户？/);
    expect(q.text).toContain('暂未保存');
    const options = q.text.split('\n').filter((l) => /^\d+\. /.test(l));
    // Customers with an open deal only (白鹭航空 has none), latest touched first.
    expect(options.map((l) => l.replace(/^\d+\. /, ''))).toEqual(['远帆物流', '青禾农业']);
    expect(await money()).toEqual({ contracts: 0, payments: 0, won: 0 });

    const a = await send('2');
    expect(a.outcome).toBe('APPLIED');
    expect(a.text).toContain('青禾农业');
    const deal = await suite.db.prisma.opportunity.findFirstOrThrow({ where: { customer: { name: '青禾农业' } } });
    expect(deal.status).toBe('WON');
    const contract = await suite.db.prisma.contract.findFirstOrThrow({ where: { customerId: deal.customerId } });
    expect(Number(contract.amount)).toBe(480_000);
    expect(Number((await suite.db.prisma.payment.findFirstOrThrow({ where: { customerId: deal.customerId } })).amount)).toBe(200_000);
    // Nothing on the other customer, and the question is gone.
    expect(await suite.db.prisma.opportunity.findFirstOrThrow({ where: { customer: { name: '远帆物流' } } })).toMatchObject({ status: 'OPEN' });
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    expect(await money()).toEqual({ contracts: 1, payments: 1, won: 1 });

    // Undo of the answer takes the signing back.
    expect((await send('撤销')).outcome).not.toBe('ERROR');
    expect(await money()).toEqual({ contracts: 0, payments: 0, won: 0 });
  });

  it('a payment with no customer and no open deal asks with the latest customers; a cancel stores nothing', async () => {
    await suite.db.prisma.customer.create({ data: { name: '白鹭航空', normalizedName: '白鹭航空', ownerId: suite.world.rep.id, lastContactAt: new Date('2026-11-20T03:00:00Z') } });
    const q = await send('尾款12万到账了');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('白鹭航空');
    const c = await send('取消');
    expect(c.text).toContain('没有保存');
    expect(await money()).toEqual({ contracts: 0, payments: 0, won: 0 });
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
  });
});
