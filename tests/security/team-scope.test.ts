// A rep (or manager) of team B can never read or change team A's data, whatever command they
// send. Team A's data carries distinctive markers; every command that exists is sent by team B
// people through the real rule parser, and (1) no reply contains a marker they did not type
// themselves, (2) team A's rows are byte-for-byte unchanged afterwards. Positive controls show
// that EVERY read command, sent by team A, does surface team A's data (a marker it did not type,
// or the command's own evidence snippet), so each of the checks can fail.
import { beforeAll, describe, expect, it } from 'vitest';
import { SalesAssistant, type CardAction } from '../../src/domain/assistant.js';
import { sameCompany } from '../../src/domain/conflictRules.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey } from '../../src/domain/customers.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { parseRules, ruleParser } from '../../src/intents/rules/index.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 Shanghai
const MARKERS = ['甲秘客户', '刘秘密', '777', '甲队销售'];
const VISIT_A = '今天拜访了甲秘客户科技的刘秘密(技术负责人),预计777万,明天发方案';

// [command, query kind, evidence]: what team A's answer shows of team A's data. Without an
// evidence snippet, any marker the command does not contain; the activity summary names the
// person asked about, so its evidence is the count of visits.
const READS: Array<[string, string, string?]> = [
  ['客户 甲秘客户科技', 'customer'],
  ['我的待办', 'my_tasks'],
  ['本月漏斗', 'funnel', '50万元'],
  ['本月排名', 'ranking'],
  ['哪些单子停滞超过14天', 'stalled'],
  ['甲队销售这周拜访了几家', 'activity_summary', '拜访了 1 家客户'],
  ['目标完成率', 'target'],
  ['下季度预测', 'forecast'],
  ['哪些客户可能流失', 'churn'],
  ['RFM 客户分层', 'rfm'],
  ['应收情况', 'receivables'],
  ['我的热点客户', 'hot_customers'],
  ['今天的日报', 'daily_report'],
  ['本月能签哪些单子', 'closing_deals'],
  ['甲队销售这个月业绩如何', 'performance', '赢单：1 单 50万元'],
  ['甲队销售手上有哪些客户', 'customers'],
  ['甲队销售的热点客户', 'hot_customers'],
  ['哪些客户没人跟进', 'forgotten_customers'],
  ['本周的周报', 'period_report'],
  ['丢单原因分析', 'lost_reasons'],
  ['哪些回款逾期了', 'payment_plans'],
];
const WRITES: Array<[string, string]> = [
  ['金额改成1万', 'correction'],
  ['不是刘秘密,是刘公开', 'correction'],
  ['撤销', 'undo'],
  ['甲秘客户科技设为热点客户', 'mark_hot'],
  ['签约甲秘客户科技合同50万，首付款20万已到', 'record_deal'],
  ['设置本月目标 甲队销售 50万', 'set_target'],
  ['甲秘客户科技进入报价阶段，金额99万', 'update_opportunity'],
  ['又去了甲秘客户科技，进入报价阶段，金额99万', 'log_activity'],
  ['明天给刘秘密打电话', 'create_task'],
  // A manager's hand-over is a task with an assignee; a nudge is recognised by the domain (tasks/nudge.ts).
  ['让甲队销售明天回访甲秘客户科技', 'create_task'],
  ['催一下甲队销售', 'unknown'],
  ['甲秘客户科技丢单了，输给了对手', 'update_opportunity'],
];
const SENDERS_B = ['wx-b', 'wx-bm'] as const;

/** Everything of team A's that any command could touch, in a stable order. */
async function snapshotA(prisma: PrismaClient, teamA: string) {
  const users = (await prisma.user.findMany({ where: { teamId: teamA }, select: { id: true } })).map((u) => u.id);
  const mine = { ownerId: { in: users } };
  const [customers, opportunities, contacts, tasks, activities, contracts, payments, targets, inbound, stages] = await Promise.all([
    prisma.customer.findMany({ where: mine, orderBy: { id: 'asc' } }),
    prisma.opportunity.findMany({ where: mine, orderBy: { id: 'asc' } }),
    prisma.contact.findMany({ where: { customer: mine }, orderBy: { id: 'asc' } }),
    prisma.task.findMany({ where: { assigneeId: { in: users } }, orderBy: { id: 'asc' } }),
    prisma.activity.findMany({ where: { authorId: { in: users } }, orderBy: { id: 'asc' } }),
    prisma.contract.findMany({ where: { customer: mine }, orderBy: { id: 'asc' } }),
    prisma.payment.findMany({ where: { customer: mine }, orderBy: { id: 'asc' } }),
    prisma.target.findMany({ where: { OR: [{ userId: { in: users } }, { teamId: teamA }] }, orderBy: { id: 'asc' } }),
    prisma.inboundMessage.findMany({ where: { senderId: { in: users } }, select: { id: true, undone: true, changes: true }, orderBy: { id: 'asc' } }),
    prisma.stageChange.findMany({ where: { opportunity: mine }, orderBy: { id: 'asc' } }),
  ]);
  // Activities of anyone on A's customers too (a write from B must not attach to them).
  const onACustomers = await prisma.activity.count({ where: { customer: mine } });
  return JSON.stringify({ customers, opportunities, contacts, tasks, activities, contracts, payments, targets, inbound, stages, onACustomers });
}

// Deliberate exception: the 撞单 (two reps on one company) warning names the company and the rep
// who already works it, across teams — that is its purpose. Only that one line may name them, and
// only a company the 撞单 rules match to one the sender holds (the name typed, or a near-miss of
// it); it must carry nothing else of team A's (no contact, amount or stage).
const DUPLICATE_WARNING = /^\s*⚠️ 撞单提醒：客户“([^”]*)”已由 (\S+) 跟进，请确认是否同一家。\s*$/;

function leaked(reply: string, command: string, senderCustomers: string[] = []): string[] {
  const lines = reply.split('\n').filter((line) => {
    const m = line.match(DUPLICATE_WARNING);
    return !(m && (command.includes(m[1]) || senderCustomers.some((n) => sameCompany(customerKey(n), customerKey(m[1])))));
  });
  const rest = lines.join('\n');
  return MARKERS.filter((m) => rest.includes(m) && !command.includes(m));
}

describe.each(await testDatabases())('team isolation on $kind', ({ create }) => {
  const suite = useTestDb(create);
  let bot: SalesAssistant;
  let teamA: string;
  let seq = 0;
  let aInbound: string;
  let aTask: string;
  const send = (senderId: string, text: string) => bot.handleMessage({ platform: 'WECOM', externalId: `sec-${++seq}`, senderId, text });

  beforeAll(async () => {
    const p = suite.db.prisma;
    const a = await p.team.create({ data: { name: '一部' } });
    const b = await p.team.create({ data: { name: '二部' } });
    teamA = a.id;
    const mgrA = await p.user.create({ data: { displayName: '甲队经理', role: 'MANAGER', teamId: a.id, wecomUserId: 'wx-am' } });
    await p.user.create({ data: { displayName: '甲队销售', role: 'REP', teamId: a.id, managerId: mgrA.id, wecomUserId: 'wx-a' } });
    const mgrB = await p.user.create({ data: { displayName: '乙队经理', role: 'MANAGER', teamId: b.id, wecomUserId: 'wx-bm' } });
    await p.user.create({ data: { displayName: '乙队销售', role: 'REP', teamId: b.id, managerId: mgrB.id, wecomUserId: 'wx-b' } });
    bot = new SalesAssistant(makeContext(p, { now: () => NOW }), { parser: ruleParser, parseAmount: parseAmountText, log: () => {} });

    // Team A's data: a visit (customer, contact, deal, task), hot mark, a signed deal, a target.
    const visit = await send('wx-a', VISIT_A);
    expect(visit.outcome).toBe('APPLIED');
    aInbound = visit.inboundId!;
    expect((await send('wx-a', '签约甲秘客户科技合同50万，首付款20万已到')).outcome).toBe('APPLIED');
    // Marked hot after the signing (signing ends a hot flag): hot lists have a team A entry.
    expect((await send('wx-a', '甲秘客户科技设为热点客户,12月10日左右签单')).outcome).toBe('APPLIED');
    await send('wx-am', '设置本月目标 甲队销售 50万');
    aTask = (await p.task.findFirstOrThrow({ where: { assignee: { wecomUserId: 'wx-a' } } })).id;
    // A second customer with an open deal (stalled, valuable, closing next quarter: stalled list
    // and forecast) and a third with two purchases long ago (churn, RFM, receivables).
    // One word away from 甲秘客户科技: the bot asks whether it is the same company; it is not (2 = 新建).
    expect((await send('wx-a', '甲秘客户物流进入谈判阶段，预计777万')).outcome).toBe('ASKED');
    expect((await send('wx-a', '2')).outcome).toBe('APPLIED');
    await p.opportunity.updateMany({ where: { status: 'OPEN' }, data: { expectedCloseDate: new Date('2027-02-15T00:00:00Z'), qualification: 'VALUABLE' } });
    const repA = await p.user.findUniqueOrThrow({ where: { wecomUserId: 'wx-a' } });
    const old = await p.customer.create({ data: { name: '甲秘客户商贸', normalizedName: '甲秘客户商贸', ownerId: repA.id, lifecycle: 'REPEAT', createdAt: new Date('2026-01-05T00:00:00Z') } });
    for (const [signed, paid] of [['2026-02-01', '2026-02-10'], ['2026-05-01', '2026-05-10']]) {
      const k = await p.contract.create({ data: { customerId: old.id, ownerId: repA.id, amount: 300000, signedAt: new Date(`${signed}T02:00:00Z`) } });
      await p.payment.create({ data: { customerId: old.id, contractId: k.id, amount: 100000, receivedAt: new Date(`${paid}T02:00:00Z`) } });
    }
    // An old visit and a long-untouched open deal, so stalled/churn lists have team A entries.
    await p.opportunity.updateMany({ data: { stageEnteredAt: new Date('2026-10-01T00:00:00Z'), updatedAt: new Date('2026-10-01T00:00:00Z') } });
    // A deal closing this month (本月能签哪些单子), a lost one and an overdue instalment of the signed contract (回款逾期).
    const closing = await p.customer.create({ data: { name: '甲秘客户电子', normalizedName: '甲秘客户电子', ownerId: repA.id } });
    await p.opportunity.create({ data: { customerId: closing.id, ownerId: repA.id, title: '甲秘客户电子 商机', stage: 'NEGOTIATION', amount: 120000, expectedCloseDate: new Date('2026-11-28T00:00:00Z') } });
    // A deal lost this quarter with its reason (丢单原因分析).
    const lost = await p.customer.create({ data: { name: '甲秘客户软件', normalizedName: '甲秘客户软件', ownerId: repA.id } });
    await p.opportunity.create({ data: { customerId: lost.id, ownerId: repA.id, title: '甲秘客户软件 商机', stage: 'LOST', status: 'LOST', amount: 90000, closedAt: new Date('2026-11-10T00:00:00Z'), lostReason: '甲秘客户软件嫌价格高' } });
    const signed = await p.contract.findFirstOrThrow({ where: { customer: { name: '甲秘客户科技' } } });
    await p.paymentPlan.create({ data: { customerId: signed.customerId, contractId: signed.id, amount: 300000, dueAt: new Date('2026-11-10T00:00:00Z'), label: '尾款' } });
  });

  it('every command below really is the intent it is meant to exercise (rule parser)', () => {
    const ctx = { now: NOW, timezone: 'Asia/Shanghai', knownUsers: ['甲队销售', '乙队销售'] };
    for (const [text, kind] of READS) expect([text, parseRules(text, ctx).query?.kind]).toEqual([text, kind]);
    for (const [text, intent] of WRITES) expect([text, parseRules(text, ctx).intent]).toEqual([text, intent]);
  });

  it('positive control: EVERY read command, sent by team A, shows team A’s data', async () => {
    const blind: string[] = [];
    for (const [text, , evidence] of READS) {
      const replies = await Promise.all(['wx-a', 'wx-am'].map((who) => send(who, text)));
      const shows = replies.some((r) => (evidence ? r.text.includes(evidence) : leaked(r.text, text).length > 0));
      if (!shows) blind.push(`${text}: ${replies.map((r) => r.text).join(' | ')}`);
    }
    expect(blind).toEqual([]);
  });

  it.each(READS)('read "%s" (%s): team B gets none of team A’s data', async (text, _kind, evidence) => {
    // A question left open by an earlier command is reminded with team B's own earlier words
    // (which may name team A's people): start each command without one.
    await suite.db.prisma.pendingDraft.deleteMany();
    const before = await snapshotA(suite.db.prisma, teamA);
    for (const who of SENDERS_B) {
      const reply = await send(who, text);
      expect(reply.text.length).toBeGreaterThan(0);
      expect(reply.outcome).not.toBe('ERROR');
      expect({ who, text, leaked: leaked(reply.text, text) }).toEqual({ who, text, leaked: [] });
      if (evidence) expect({ who, text, evidence: reply.text.includes(evidence) }).toEqual({ who, text, evidence: false });
    }
    expect(await snapshotA(suite.db.prisma, teamA)).toBe(before);
  });

  it.each(WRITES)('write "%s" (%s): team A’s rows are unchanged and nothing of A is echoed', async (text) => {
    await suite.db.prisma.pendingDraft.deleteMany();
    const before = await snapshotA(suite.db.prisma, teamA);
    for (const who of SENDERS_B) {
      const reply = await send(who, text);
      expect(reply.outcome).not.toBe('ERROR');
      const held = (await suite.db.prisma.customer.findMany({ where: { owner: { wecomUserId: who } }, select: { name: true } })).map((c) => c.name);
      expect({ who, text, leaked: leaked(reply.text, text, held) }).toEqual({ who, text, leaked: [] });
    }
    expect(await snapshotA(suite.db.prisma, teamA)).toBe(before);
  });

  it.each<[CardAction, 'inbound' | 'task', string?]>([
    ['confirm', 'inbound'],
    ['undo', 'inbound'],
    ['edit_amount', 'inbound', '1'],
    ['task_done', 'task'],
    ['task_snooze', 'task'],
  ])('card button %s on team A’s record is refused for team B', async (action, target, value) => {
    const before = await snapshotA(suite.db.prisma, teamA);
    for (const who of SENDERS_B) {
      const reply = await bot.handleAction({ platform: 'WECOM', senderId: who, action, targetId: target === 'inbound' ? aInbound : aTask, value });
      expect(['REJECTED', 'UNDO']).toContain(reply.outcome);
      expect(reply.outcome === 'UNDO' ? reply.text : 'x').not.toContain('已撤销');
      expect(leaked(reply.text, '')).toEqual([]);
    }
    expect(await snapshotA(suite.db.prisma, teamA)).toBe(before);
  });
});
