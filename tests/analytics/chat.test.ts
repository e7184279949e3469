// Deals, targets and manager questions end to end through the assistant and the real rule
// parser: records written, lifecycle moves, undo, role scope and refusals, reply tables.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import type { World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 Shanghai
const DAY = 86_400_000;

describe.each(await testDatabases())('deals, targets and questions in chat ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `a${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
  });

  async function openDeal(ownerId: string, name: string, stage = 'NEGOTIATION', amount = 350000) {
    const c = await suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId, createdAt: new Date(NOW.getTime() - 30 * DAY) } });
    const o = await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId, title: name, stage, amount, probability: 80, createdAt: new Date(NOW.getTime() - 30 * DAY) } });
    return { c, o };
  }

  it('签约 + 回款 closes the open deal as won, links the payment, sets 签约; more → 重复购买; undo reverts each step', async () => {
    const { c, o } = await openDeal(suite.world.rep.id, '方舟电子');
    const r1 = await send('方舟电子签约40万, 首付款20万已到');
    expect(r1.outcome).toBe('APPLIED');
    expect(r1.text).toContain('签约：40万元');
    expect(r1.text).toContain('回款：20万元');
    expect(r1.text).toContain('合同待回款：20万元');
    expect(r1.text).toContain('客户阶段：潜在 → 签约');
    const contract = await suite.db.prisma.contract.findFirstOrThrow({ include: { payments: true } });
    expect([contract.customerId, contract.opportunityId, Number(contract.amount), contract.signedAt.toISOString()]).toEqual([c.id, o.id, 400000, NOW.toISOString()]);
    expect(contract.payments.map((p) => Number(p.amount))).toEqual([200000]);
    const won = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([won.status, won.stage, Number(won.amount), won.closedAt?.toISOString()]).toEqual(['WON', 'WON', 400000, NOW.toISOString()]);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('SIGNED');

    // A later payment without a contract named goes to the contract still owed money.
    const r2 = await send('方舟电子回款20万');
    expect(r2.text).toContain('合同待回款：¥0');
    expect(await suite.db.prisma.payment.count({ where: { contractId: contract.id } })).toBe(2);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('SIGNED');

    const r3 = await send('方舟电子又签约10万');
    expect(r3.text).toContain('签约 → 重复购买');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('REPEAT');

    await send('撤销');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('SIGNED');
    expect(await suite.db.prisma.contract.count()).toBe(1);
    await send('撤销');
    expect(await suite.db.prisma.payment.count()).toBe(1);
    await send('撤销');
    expect(await suite.db.prisma.contract.count()).toBe(0);
    expect(await suite.db.prisma.payment.count()).toBe(0);
    const back = await suite.db.prisma.opportunity.findUniqueOrThrow({ where: { id: o.id } });
    expect([back.status, back.stage, Number(back.amount), back.closedAt]).toEqual(['OPEN', 'NEGOTIATION', 350000, null]);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('POTENTIAL');
    expect(await suite.db.prisma.stageChange.count()).toBe(0);
  });

  it('a payment for a new customer with no contract is recorded, but signs nothing: the customer stays 潜在 and the reply says so', async () => {
    const r = await send('星河科技回款5万');
    expect(r.outcome).toBe('APPLIED');
    const cust = await suite.db.prisma.customer.findFirstOrThrow({ include: { payments: true } });
    expect([cust.name, cust.lifecycle, cust.payments.length, cust.payments[0].contractId]).toEqual(['星河科技', 'POTENTIAL', 1, null]);
    expect(r.text).toContain('未关联合同');
    expect(r.text).toContain('客户阶段没有改');
  });

  it('targets: a manager sets and changes a rep target (one row, undoable); team targets do not duplicate on NULL', async () => {
    const r1 = await send('设置本月目标 李娜 50万', 'manager');
    expect(r1.outcome).toBe('APPLIED');
    expect(r1.text).toContain('李娜 2026年11月目标：50万元');
    await send('设置本月目标 李娜 60万', 'manager');
    const rows = await suite.db.prisma.target.findMany();
    expect(rows.map((t) => [t.period, t.userId, t.teamId, Number(t.amount)])).toEqual([['2026-11', suite.world.rep.id, null, 600000]]);
    await send('撤销', 'manager');
    expect(Number((await suite.db.prisma.target.findFirstOrThrow()).amount)).toBe(500000);

    await send('设置本月团队目标 100万', 'manager');
    const r2 = await send('设置一部本月目标 120万', 'manager');
    expect(r2.text).toContain('团队 一部');
    expect(r2.text).toContain('尚有 70万元 未分解到个人');
    const team = await suite.db.prisma.target.findMany({ where: { teamId: suite.world.teamId } });
    expect(team.map((t) => [t.userId, Number(t.amount)])).toEqual([[null, 1200000]]);
  });

  it('targets: reps cannot set them, managers only inside their team, unknown names are named as such', async () => {
    expect((await send('设置本月目标 李娜 50万', 'rep')).text).toContain('只有经理或管理员');
    expect((await send('设置本月目标 赵六 50万', 'manager')).text).toBe('你没有权限查看或修改这部分数据。');
    expect((await send('设置本月目标 钱多多 50万', 'manager')).text).toContain('没有找到名为“钱多多”的同事');
    expect(await suite.db.prisma.target.count()).toBe(0);
    expect((await send('设置本月目标 赵六 50万', 'admin')).outcome).toBe('APPLIED');
  });

  it('目标完成率: attainment from won amount and payments, gap, per rep and team line', async () => {
    await send('设置本月目标 李娜 50万', 'manager');
    await send('设置本月目标 王强 20万', 'manager');
    await send('设置本月团队目标 100万', 'manager');
    await openDeal(suite.world.rep.id, '方舟电子');
    await send('方舟电子签约40万, 首付款10万已到', 'rep');
    expect((await send('蓝海科技签约25万', 'rep2')).outcome).toBe('APPLIED');
    // Last month's contract must not count.
    const old = await suite.db.prisma.customer.create({ data: { name: '旧客户', normalizedName: '旧客户', ownerId: suite.world.rep.id } });
    await suite.db.prisma.contract.create({ data: { customerId: old.id, ownerId: suite.world.rep.id, amount: 999999, signedAt: new Date('2026-10-20T02:00:00Z') } });
    const r = await send('目标完成率', 'manager');
    const line = (name: string) => r.text.split('\n').find((l) => l.startsWith(name))!;
    // 李娜: 40万 of 50万 = 80.0%, paid 10万 = 20.0%, nothing planned, gap 10万. 王强: 25万 of 20万 = 125.0%, gap 0.
    expect(line('李娜').split(/\s{2,}/)).toEqual(['李娜', '50万元', '40万元', '80.0%', '10万元', '20.0%', '¥0', '10万元']);
    expect(line('王强').split(/\s{2,}/)).toEqual(['王强', '20万元', '25万元', '125.0%', '¥0', '0.0%', '¥0', '¥0']);
    expect(r.text).toContain('团队 一部：目标 100万元 · 已成交 65万元（65.0%）· 回款 10万元（计划 ¥0）· 差额 35万元；个人目标合计 70万元，尚有 30万元 未分解到个人');
    // A rep sees only their own line.
    const mine = await send('目标完成率', 'rep');
    expect(mine.text).toContain('李娜');
    expect(mine.text).not.toContain('王强');
  });

  it('scope: reps asking about others and managers asking outside their team are refused; unknown names say so', async () => {
    const c = await suite.db.prisma.customer.create({ data: { name: '甲公司', normalizedName: '甲公司', ownerId: suite.world.rep2.id } });
    await suite.db.prisma.activity.create({ data: { type: 'VISIT', occurredAt: new Date(NOW.getTime() - 3600_000), summary: 's', rawText: 's', authorId: suite.world.rep2.id, customerId: c.id } });
    const refused = await send('王强这周拜访了几家', 'rep');
    expect(refused.text).toBe('你没有权限查看或修改这部分数据。');
    expect(refused.outcome).toBe('REJECTED');
    expect((await send('赵六这周拜访了几家', 'manager')).text).toBe('你没有权限查看或修改这部分数据。');
    expect((await send('钱多多这周拜访了几家', 'manager')).text).toContain('没有找到名为“钱多多”的同事');
    const ok = await send('王强这周拜访了几家', 'manager');
    expect(ok.text).toContain('王强 拜访了 1 家客户（拜访 1 次），共跟进 1 次');
    expect((await send('赵六这周拜访了几家', 'admin')).text).toContain('赵六 拜访了 0 家客户');
    // A rep's ranking lists only themself.
    const rank = await send('本月排名', 'rep');
    expect(rank.text).toContain('李娜');
    expect(rank.text).not.toMatch(/王强|赵六|张经理/);
    // A manager's ranking lists the team (with zero rows), never the other team.
    const team = await send('本月排名', 'manager');
    expect(team.text).toMatch(/王强/);
    expect(team.text).toMatch(/李娜/);
    expect(team.text).not.toContain('赵六');
  });

  it('every manager question answers in zh and en without errors on an empty database', async () => {
    for (const q of ['本月漏斗', '本月排名', '目标完成率', '下季度预测', '哪些客户可能流失', 'RFM客户分层', '回款情况', '李娜这周拜访了几家']) {
      const r = await send(q, 'manager');
      expect([q, r.outcome]).toEqual([q, 'ANSWERED']);
    }
    expect((await send('本月漏斗', 'manager')).text).toContain('这个期间没有商机');
    expect((await send('哪些客户可能流失', 'manager')).text).toContain('暂无流失预警');
    expect((await send('RFM客户分层', 'manager')).text).toContain('还没有成交或回款记录');
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { locale: 'en-US' } });
    const en = await send('pipeline this month by stage', 'manager');
    expect(en.text).toContain('No opportunities in this period.');
    await openDeal(suite.world.rep.id, 'Acme', 'QUOTATION', 100000);
    const en2 = await send('pipeline this month by stage', 'manager');
    expect(en2.text).toMatch(/Quotation\s+1\s+¥100,000/);
    expect(en2.text).toContain('Open pipeline: 1 deals, ¥100,000');
  });
});
