// Won money, 回款计划 and lost deals through the assistant (parse results from the StubParser,
// so the domain rules are tested apart from either parser), on both databases: a won deal with an
// amount has its contract and every report shows the same figure; corrections after signing
// change contract and deal together or ask; signing and paying in one message keeps both; plans
// hang on a contract; a loss keeps its reason, tidies tasks and hot flags; everything undoes.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { computeFunnel } from '../../src/domain/analytics/funnel.js';
import { computeRankings } from '../../src/domain/analytics/rankings.js';
import { computeReceivables } from '../../src/domain/analytics/receivables.js';
import { listPlans } from '../../src/domain/deals/paymentPlans.js';
import type { ParsedMessageInput } from '../../src/intents/schema.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser, parsed, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 Shanghai
const NOV = { start: new Date('2026-10-31T16:00:00Z'), end: new Date('2026-11-30T16:00:00Z') };
const DAY = 86_400_000;
const opp = (o: Partial<NonNullable<ParsedMessageInput['opportunity']>>) => ({ stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null, ...o });
const deal = (d: Partial<NonNullable<ParsedMessageInput['deal']>>) => ({ contractAmount: null, paymentAmount: null, plannedPayments: [], currency: 'CNY', ...d });

const parser = new StubParser()
  .on('星辰软件今天拍板了，合同金额120万', parsed({ intent: 'update_opportunity', customer: { name: '星辰软件' }, opportunity: opp({ stage: 'WON', amount: 1200000 }) }))
  .on('金额应该是125万', parsed({ intent: 'correction', correction: { field: 'amount', from: null, to: '1250000' } }))
  .on('金额改成90万', parsed({ intent: 'correction', correction: { field: 'amount', from: null, to: '900000' } }))
  .on('合同金额改成90万', parsed({ intent: 'correction', correction: { field: 'amount', from: null, to: '900000' } }))
  .on('回款金额改成25万', parsed({ intent: 'correction', correction: { field: 'amount', from: null, to: '250000' } }))
  .on('撤销', parsed({ intent: 'undo' }))
  .on('北辰物流签了，合同80万，预付款20万今天到账', parsed({ intent: 'record_deal', customer: { name: '北辰物流' }, opportunity: opp({ stage: 'WON', amount: 800000 }), deal: deal({ contractAmount: 800000, paymentAmount: 200000 }) }))
  .on('北辰物流回款计划：明年1月15日付二期款30万', parsed({ intent: 'record_deal', customer: { name: '北辰物流' }, deal: deal({ plannedPayments: [{ amount: 300000, dueAt: '2027-01-15T09:00:00+08:00', label: '二期款' }] }) }))
  .on('回款计划：下月底收尾款10万', parsed({ intent: 'record_deal', deal: deal({ plannedPayments: [{ amount: 100000, dueAt: '2026-12-31T18:00:00+08:00', label: '尾款' }] }) }))
  .on('回款计划：尾款10万', parsed({ intent: 'record_deal', customer: { name: '北辰物流' }, deal: deal({ plannedPayments: [{ amount: 100000, dueAt: null, label: '尾款' }] }) }))
  .on('明珠医院回款计划：12月20日收30万', parsed({ intent: 'record_deal', customer: { name: '明珠医院' }, deal: deal({ plannedPayments: [{ amount: 300000, dueAt: '2026-12-20T09:00:00+08:00', label: null }] }) }))
  .on('北辰物流又到账15万', parsed({ intent: 'record_deal', customer: { name: '北辰物流' }, deal: deal({ paymentAmount: 150000 }) }))
  .on('北辰物流今天又收到回款15万', parsed({ intent: 'record_deal', customer: { name: '北辰物流' }, deal: deal({ paymentAmount: 150000 }) }))
  .on('华光电气赢了', parsed({ intent: 'update_opportunity', customer: { name: '华光电气' }, opportunity: opp({ stage: 'WON' }) }))
  .on('华光电气签约66万', parsed({ intent: 'record_deal', customer: { name: '华光电气' }, opportunity: opp({ stage: 'WON', amount: 660000 }), deal: deal({ contractAmount: 660000 }) }))
  .on('蓝鲸科技丢了，输给了华为，对方便宜20%', parsed({ intent: 'update_opportunity', customer: { name: '蓝鲸科技' }, opportunity: opp({ stage: 'LOST', lostReason: '输给了华为，对方便宜20%' }) }))
  .on('蓝鲸科技没戏了', parsed({ intent: 'update_opportunity', customer: { name: '蓝鲸科技' }, opportunity: opp({ stage: 'LOST' }) }))
  .on('丢单原因：客户最后选了用友', parsed({ intent: 'update_opportunity', opportunity: opp({ stage: 'LOST' }) }))
  .on('远山建材那边先打过来8万', parsed({ intent: 'record_deal', customer: { name: '远山建材' }, deal: deal({ paymentAmount: 80000 }) }))
  .on('远山建材合同签了，52万', parsed({ intent: 'record_deal', customer: { name: '远山建材' }, opportunity: opp({ stage: 'WON', amount: 520000 }), deal: deal({ contractAmount: 520000 }) }))
  .on('云帆物流签约40万，首付款30万已到', parsed({ intent: 'record_deal', customer: { name: '云帆物流' }, opportunity: opp({ stage: 'WON', amount: 400000 }), deal: deal({ contractAmount: 400000, paymentAmount: 300000 }) }))
  .on('云帆物流尾款15万收到了', parsed({ intent: 'record_deal', customer: { name: '云帆物流' }, deal: deal({ paymentAmount: 150000 }) }))
  .on('Yunfan Logistics paid another 20k', parsed({ intent: 'record_deal', language: 'en', customer: { name: '云帆物流' }, deal: deal({ paymentAmount: 20000 }) }));

describe.each(await testDatabases())('won money, plans and lost deals through chat ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `m${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, log: () => {} });
  });

  async function openDeal(name: string, extra: { amount?: number | null; hot?: boolean; stage?: string } = {}) {
    const c = await suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId: suite.world.rep.id, hot: !!extra.hot, hotNote: extra.hot ? '月底签' : null, hotSince: extra.hot ? new Date(NOW.getTime() - 10 * DAY) : null, createdAt: new Date(NOW.getTime() - 40 * DAY) } });
    const o = await suite.db.prisma.opportunity.create({
      data: { customerId: c.id, ownerId: suite.world.rep.id, title: name, stage: extra.stage ?? 'NEGOTIATION', amount: extra.amount === undefined ? 1000000 : extra.amount, createdAt: new Date(NOW.getTime() - 40 * DAY), stageEnteredAt: new Date(NOW.getTime() - 5 * DAY) },
    });
    return { c, o };
  }
  const wonInReports = async () => {
    const [rank, funnel, recv] = await Promise.all([
      computeRankings(suite.db.prisma, { userIds: [suite.world.rep.id], start: NOV.start, end: NOV.end }),
      computeFunnel(suite.db.prisma, { userIds: [suite.world.rep.id], start: NOV.start, end: NOV.end, now: NOW }),
      computeReceivables(suite.db.prisma, { userIds: [suite.world.rep.id], start: NOV.start, end: NOV.end, now: NOW }),
    ]);
    return { ranking: rank[0].wonAmount, funnel: funnel.stages.find((s) => s.key === 'WON')!.amount, receivables: recv.wonInPeriod, outstanding: recv.totalOutstanding };
  };

  it('a deal won with an amount gets its contract, ends the hot nudges; a later correction changes contract and deal together', async () => {
    const { c, o } = await openDeal('星辰软件', { hot: true });
    const r = await send('星辰软件今天拍板了，合同金额120万');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('合同：120万元（按商机金额记录');
    expect(r.text).toContain('客户阶段：潜在 → 签约');
    expect(r.text).toContain('取消热点客户提醒');
    const k = await suite.db.prisma.contract.findFirstOrThrow();
    expect([k.opportunityId, Number(k.amount), k.signedAt.toISOString(), k.customerId]).toEqual([o.id, 1200000, NOW.toISOString(), c.id]);
    const cust = await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } });
    expect([cust.lifecycle, cust.hot]).toEqual(['SIGNED', false]);
    expect(await wonInReports()).toEqual({ ranking: 1200000, funnel: 1200000, receivables: 1200000, outstanding: 1200000 });

    const fix = await send('金额应该是125万');
    expect(fix.text).toContain('已更正 星辰软件：合同金额 120万元 → 125万元，商机“星辰软件”同步更新');
    expect(Number((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } })).amount)).toBe(1250000);
    expect(await wonInReports()).toEqual({ ranking: 1250000, funnel: 1250000, receivables: 1250000, outstanding: 1250000 });

    await send('撤销');
    expect(await wonInReports()).toEqual({ ranking: 1200000, funnel: 1200000, receivables: 1200000, outstanding: 1200000 });
    await send('撤销');
    expect(await suite.db.prisma.contract.count()).toBe(0);
    const back = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    const custBack = await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } });
    expect([back.status, back.stage, Number(back.amount), custBack.lifecycle, custBack.hot]).toEqual(['OPEN', 'NEGOTIATION', 1000000, 'POTENTIAL', true]);
  });

  it('signing and a payment in one message keep both; with no deal on file a won deal is opened; corrections ask which amount', async () => {
    const r = await send('北辰物流签了，合同80万，预付款20万今天到账');
    expect(r.text).toContain('签约：80万元');
    expect(r.text).toContain('回款：20万元');
    expect(r.text).toContain('合同待回款：60万元');
    expect(r.text).toContain('（新建）');
    const won = await suite.db.prisma.opportunity.findFirstOrThrow({ include: { history: true, contracts: { include: { payments: true } } } });
    expect([won.status, Number(won.amount), won.history.map((h) => [h.fromStage, h.toStage])]).toEqual(['WON', 800000, [[null, 'WON']]]);
    expect(won.contracts.map((k) => [Number(k.amount), k.payments.map((p) => Number(p.amount))])).toEqual([[800000, [200000]]]);
    const f = await computeFunnel(suite.db.prisma, { userIds: [suite.world.rep.id], start: NOV.start, end: NOV.end, now: NOW });
    expect([f.stages.find((s) => s.key === 'WON')!.count, f.stages.find((s) => s.key === 'WON')!.amount]).toEqual([1, 800000]);

    // "金额改成90万" could be either: nothing changes, the rep is asked.
    const ask = await send('金额改成90万');
    expect([ask.outcome, ask.text.includes('要改哪个')]).toEqual(['REJECTED', true]);
    expect(Number((await suite.db.prisma.contract.findFirstOrThrow()).amount)).toBe(800000);
    expect((await send('合同金额改成90万')).text).toContain('已更正 北辰物流：合同金额 80万元 → 90万元');
    expect((await send('回款金额改成25万')).text).toContain('已更正 北辰物流：回款金额 20万元 → 25万元');
    const after = await suite.db.prisma.opportunity.findFirstOrThrow({ include: { contracts: { include: { payments: true } } } });
    expect([Number(after.amount), Number(after.contracts[0].amount), Number(after.contracts[0].payments[0].amount)]).toEqual([900000, 900000, 250000]);
  });

  it('a deal won without an amount asks for it; the signing that follows completes the same deal', async () => {
    const { o } = await openDeal('华光电气', { amount: null });
    const r = await send('华光电气赢了');
    expect(r.text).toContain('赢单但没有金额，未生成合同');
    expect(await suite.db.prisma.contract.count()).toBe(0);
    const r2 = await send('华光电气签约66万');
    expect(r2.text).toContain('签约：66万元');
    expect(await suite.db.prisma.opportunity.count()).toBe(1);
    const k = await suite.db.prisma.contract.findFirstOrThrow();
    expect([k.opportunityId, Number(k.amount), Number((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } })).amount)]).toEqual([o.id, 660000, 660000]);
    expect((await wonInReports()).ranking).toBe(660000);
  });

  it('a payment with no contract on file is recorded but signs nothing: the stage stays, the reply says so; the signing after it is the first purchase', async () => {
    const { c } = await openDeal('远山建材', { amount: 500000 });
    const r = await send('远山建材那边先打过来8万');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('回款：8万元（未关联合同）');
    expect(r.text).toContain('客户阶段没有改：远山建材 还没有签约记录');
    expect(r.text).not.toContain('客户阶段：');
    const pay = await suite.db.prisma.payment.findFirstOrThrow();
    expect([Number(pay.amount), pay.contractId]).toEqual([80000, null]);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('POTENTIAL');
    // The signing is the first purchase (签约), not a second one (重复购买).
    const signed = await send('远山建材合同签了，52万');
    expect(signed.text).toContain('客户阶段：潜在 → 签约');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('SIGNED');
  });

  it('a payment beyond the contract goes on that contract and says it exceeds it; no repeat purchase is invented', async () => {
    await send('云帆物流签约40万，首付款30万已到');
    const cust = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '云帆物流' } });
    expect(cust.lifecycle).toBe('SIGNED');
    // Paid beyond what was still owed (10万): the excess is named.
    const over = await send('云帆物流尾款15万收到了');
    expect(over.text).toContain('合同待回款：¥0');
    expect(over.text).toContain('⚠️ 这份合同的回款合计 45万元，已超出合同金额 40万元（多 5万元）');
    // Paid in full already: the next payment still goes on the contract, not on nothing.
    const more = await send('Yunfan Logistics paid another 20k');
    expect(more.text).toContain('Payments on this contract now total ¥470,000, more than its ¥400,000 (by ¥70,000)');
    expect(more.text).not.toContain('no contract on file');
    const k = await suite.db.prisma.contract.findFirstOrThrow({ include: { payments: true } });
    expect(k.payments.map((p) => Number(p.amount)).sort((a, b) => a - b)).toEqual([20000, 150000, 300000]);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: cust.id } })).lifecycle).toBe('SIGNED');
    expect(more.text).not.toContain('重复购买');
    await send('撤销');
    expect(await suite.db.prisma.payment.count()).toBe(2);
  });

  it('回款计划 by chat: on the contract, the customer of the last signing when none is named; undated or contract-less plans write nothing', async () => {
    await send('北辰物流签了，合同80万，预付款20万今天到账');
    const r = await send('回款计划：下月底收尾款10万');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('北辰物流（按你上一条签约/回款记录的客户）');
    expect(r.text).toContain('回款计划：2026年12月31日 尾款 10万元');
    const contract = await suite.db.prisma.contract.findFirstOrThrow();
    let plans = await listPlans(suite.db.prisma, { userIds: [suite.world.rep.id] });
    // 60万 still owed covers the 10万 planned: it is all unpaid (the 预付款 paid before it was planned).
    expect(plans.map((p) => [p.contractId, p.amount, p.unpaid, p.label])).toEqual([[contract.id, 100000, 100000, '尾款']]);
    // Planning more than is owed is stored and flagged.
    const more = await send('北辰物流回款计划：明年1月15日付二期款30万');
    expect(more.text).not.toContain('超出');
    const counts = async () => [await suite.db.prisma.paymentPlan.count(), await suite.db.prisma.inboundMessage.count({ where: { outcome: 'APPLIED' } })];
    const before = await counts();
    const undated = await send('回款计划：尾款10万');
    expect([undated.outcome, undated.text.includes('缺少日期')]).toEqual(['REJECTED', true]);
    const noContract = await send('明珠医院回款计划：12月20日收30万');
    expect([noContract.outcome, noContract.text.includes('还没有合同')]).toEqual(['REJECTED', true]);
    expect(await counts()).toEqual(before);
    expect(await suite.db.prisma.customer.count({ where: { name: '明珠医院' } })).toBe(0);
    // A payment now: the contract owes 45万, the latest plan (30万) stays unpaid, the 尾款 keeps 15万.
    await send('北辰物流又到账15万');
    plans = await listPlans(suite.db.prisma, { userIds: [suite.world.rep.id] });
    expect(plans.map((p) => [p.label, p.unpaid])).toEqual([['尾款', 100000], ['二期款', 300000]]);
    // The same words again minutes later are taken for a resend and refused; said anew, a second payment.
    expect((await send('北辰物流又到账15万')).text).toContain('没有重复记录');
    await send('北辰物流今天又收到回款15万');
    plans = await listPlans(suite.db.prisma, { userIds: [suite.world.rep.id] });
    expect(plans.map((p) => [p.label, p.unpaid])).toEqual([['尾款', 0], ['二期款', 300000]]);
  });

  it('丢单 keeps the reason and competitor, cancels the deal’s open tasks and the hot flag; undo restores all', async () => {
    const { c, o } = await openDeal('蓝鲸科技', { hot: true });
    for (const title of ['发最终报价', '约技术交流']) await suite.db.prisma.task.create({ data: { title, assigneeId: suite.world.rep.id, customerId: c.id, dueAt: new Date(NOW.getTime() + DAY) } });
    const r = await send('蓝鲸科技丢了，输给了华为，对方便宜20%');
    expect(r.text).toContain('丢单原因：输给了华为，对方便宜20%（竞品：华为）');
    expect(r.text).toContain('已取消该客户的 2 个待办：发最终报价、约技术交流');
    const lost = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([lost.status, lost.lostReason, lost.lostCompetitor]).toEqual(['LOST', '输给了华为，对方便宜20%', '华为']);
    expect((await suite.db.prisma.task.findMany()).map((t) => t.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).hot).toBe(false);
    await send('撤销');
    const back = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([back.status, back.lostReason, back.lostCompetitor]).toEqual(['OPEN', null, null]);
    expect((await suite.db.prisma.task.findMany()).map((t) => t.status)).toEqual(['OPEN', 'OPEN']);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).hot).toBe(true);
  });

  it('a loss while the customer has another open deal keeps (and lists) the tasks; a reason sent afterwards is stored on that loss', async () => {
    const { c, o } = await openDeal('蓝鲸科技');
    await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.manager.id, title: '蓝鲸二期', stage: 'PROPOSAL' } });
    await suite.db.prisma.task.create({ data: { title: '回访采购部', assigneeId: suite.world.rep.id, customerId: c.id } });
    const r = await send('蓝鲸科技没戏了');
    expect(r.text).toContain('丢单原因未说明');
    expect(r.text).toContain('1 个待办保留：回访采购部');
    expect((await suite.db.prisma.task.findFirstOrThrow()).status).toBe('OPEN');
    const why = await send('丢单原因：客户最后选了用友');
    expect(why.outcome).toBe('APPLIED');
    expect(why.text).toContain('丢单原因：客户最后选了用友（竞品：用友）');
    const lost = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([lost.lostReason, lost.lostCompetitor]).toEqual(['客户最后选了用友', '用友']);
    expect((await suite.db.prisma.task.findFirstOrThrow()).status).toBe('OPEN');
    await send('撤销');
    expect((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } })).lostReason).toBeNull();
    // The same form is recognised whatever the parser makes of it (here: a parse with no intent).
    const other = await send('丢单原因：预算被砍了');
    expect(other.text).toContain('丢单原因：预算被砍了');
    expect((await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } })).lostReason).toBe('预算被砍了');
  });
});
