// Managers act from chat, both databases: "让王强…" hands a task to a rep (scope-checked, pushed to
// them through the outbox, reported back when done), "催一下王强" nudges their overdue tasks, and
// deal alerts (won, lost with reason, big new deal, a stage moving back) reach the manager or the
// team chat as the team's settings say — planned by the scheduler, delivered once.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { renderPlanned } from '../../src/cli/commands/push.js';
import { parseRules } from '../../src/intents/rules/index.js';
import type { MessageParser, ParsedMessage, ParsedMessageInput } from '../../src/intents/schema.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { testDatabases } from '../helpers/db.js';
import { parsed, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { RecordingChannel } from '../schedulers/helpers.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 Shanghai
const DAY = 86_400_000;
const opp = (o: Partial<NonNullable<ParsedMessageInput['opportunity']>>) => ({ stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null, ...o });

// Hand-built parses for some sentences (the contract's nextSteps[].assignee), the rule parser for the rest.
const STUB = new Map<string, ParsedMessage>([
  ['安排王强周三下午去金桥电子演示', parsed({ intent: 'create_task', customer: { name: '金桥电子' }, nextSteps: [{ title: '去金桥电子演示', dueAt: '2026-11-25T14:00:00+08:00', dueLabel: '周三下午', assignee: '王强' }] })],
  ['让赵六明天拜访金桥电子', parsed({ intent: 'create_task', customer: { name: '金桥电子' }, nextSteps: [{ title: '拜访金桥电子', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: '明天', assignee: '赵六' }] })],
  ['让钱多多明天拜访金桥电子', parsed({ intent: 'create_task', customer: { name: '金桥电子' }, nextSteps: [{ title: '拜访金桥电子', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: '明天', assignee: '钱多多' }] })],
  ['天元科技定了，合同60万', parsed({ intent: 'update_opportunity', customer: { name: '天元科技' }, opportunity: opp({ stage: 'WON', amount: 600000 }) })],
  ['长河能源丢单，被金蝶低价截走', parsed({ intent: 'update_opportunity', customer: { name: '长河能源' }, opportunity: opp({ stage: 'LOST', lostReason: '被金蝶低价截走' }) })],
  ['今天见了东湖银行的周行长，项目预算80万', parsed({ intent: 'log_activity', activity: { type: 'VISIT', occurredAt: '2026-11-23T10:00:00+08:00', summary: '见了周行长' }, customer: { name: '东湖银行' }, opportunity: opp({ amount: 800000 }) })],
  ['今天见了小米粒商店，预算8万', parsed({ intent: 'log_activity', activity: { type: 'VISIT', occurredAt: '2026-11-23T10:00:00+08:00', summary: '见了老板' }, customer: { name: '小米粒商店' }, opportunity: opp({ amount: 80000 }) })],
  ['远山化工退回方案阶段了', parsed({ intent: 'update_opportunity', customer: { name: '远山化工' }, opportunity: opp({ stage: 'PROPOSAL' }) })],
]);
const parser: MessageParser = { name: 'mixed', parse: async (text, ctx) => STUB.get(text) ?? parseRules(text, ctx) };

describe.each(await testDatabases())('managers act from chat; deal alerts ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let clock: Date;
  let seq = 0;
  const send = (text: string, who: keyof World = 'manager') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `g${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });
  const pushes = (kind: string) => suite.db.prisma.push.findMany({ where: { kind }, orderBy: { createdAt: 'asc' } });

  beforeEach(async () => {
    clock = NOW;
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => clock }), { parser, log: () => {} });
  });

  async function customerOf(userId: string, name: string) {
    return suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId: userId, createdAt: new Date(NOW.getTime() - 30 * DAY) } });
  }
  async function dealOf(userId: string, name: string, stage = 'NEGOTIATION', amount = 600000) {
    const c = await customerOf(userId, name);
    return suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: userId, title: name, stage, amount, createdAt: new Date(NOW.getTime() - 30 * DAY), stageEnteredAt: new Date(NOW.getTime() - 9 * DAY) } });
  }

  it('让王强… by the rule-parser directive: a task for 王强 on his customer, pushed to him; the manager gets no customer of his own; undo takes both back', async () => {
    const c = await customerOf(suite.world.rep2.id, '金桥电子');
    const r = await send('让王强后天上午回访金桥电子');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('交给 王强（已推送）');
    const task = await suite.db.prisma.task.findFirstOrThrow();
    expect([task.assigneeId, task.assignedById, task.customerId, task.title, task.dueAt?.toISOString()]).toEqual([suite.world.rep2.id, suite.world.manager.id, c.id, '回访金桥电子', '2026-11-25T01:00:00.000Z']);
    expect(await suite.db.prisma.customer.count({ where: { ownerId: suite.world.manager.id } })).toBe(0);
    const [push] = await pushes('task_assigned');
    expect([push.recipient, push.periodKey]).toEqual([`user:${suite.world.rep2.id}`, `task-assigned:${task.id}`]);
    expect((push.payload as { message: { text: string } }).message.text).toBe('📌 张经理 给你安排了待办：回访金桥电子 · 金桥电子\n时间：11月25日 09:00（后天上午）');
    await send('撤销');
    expect([await suite.db.prisma.task.count(), (await pushes('task_assigned')).length]).toEqual([0, 0]);
  });

  it('nextSteps[].assignee from the parser works the same; assigning outside one’s scope or to nobody writes nothing', async () => {
    await customerOf(suite.world.rep2.id, '金桥电子');
    const ok = await send('安排王强周三下午去金桥电子演示');
    expect(ok.text).toContain('去金桥电子演示 · 截止 11月25日 14:00（周三下午） · 交给 王强（已推送）');
    expect((await suite.db.prisma.task.findFirstOrThrow()).assigneeId).toBe(suite.world.rep2.id);
    const before = [await suite.db.prisma.task.count(), await suite.db.prisma.push.count(), await suite.db.prisma.customer.count()];
    const outside = await send('让赵六明天拜访金桥电子');
    expect([outside.outcome, outside.text]).toEqual(['REJECTED', '你不能给“赵六”安排待办（不在你可以管理的范围内）。没有记录任何内容。']);
    const nobody = await send('让钱多多明天拜访金桥电子');
    expect(nobody.text).toContain('没有找到名为“钱多多”的同事');
    // A rep may only give tasks to themself.
    const rep = await send('安排王强周三下午去金桥电子演示', 'rep');
    expect(rep.outcome).toBe('REJECTED');
    expect([await suite.db.prisma.task.count(), await suite.db.prisma.push.count(), await suite.db.prisma.customer.count()]).toEqual(before);
  });

  it('the assignee completing the task is reported back to the manager once', async () => {
    await customerOf(suite.world.rep2.id, '金桥电子');
    await send('让王强后天上午回访金桥电子');
    const task = await suite.db.prisma.task.findFirstOrThrow();
    const ch = new RecordingChannel();
    const sched = new Scheduler({ db: suite.db, outbound: new Outbound([ch]), now: () => clock });
    clock = new Date(NOW.getTime() + 3600_000);
    const done = await bot.handleAction({ platform: 'CONSOLE', senderId: 'rep2', action: 'task_done', targetId: task.id });
    expect(done.outcome).toBe('APPLIED');
    await sched.tick(new Date(clock.getTime() + 60_000));
    await sched.tick(new Date(clock.getTime() + 120_000));
    expect(ch.to(`user:${suite.world.manager.id}`).map((d) => d.text)).toEqual(['✅ 王强 完成了你安排的待办：回访金桥电子 · 金桥电子（11月23日 11:00）']);
    expect(ch.to(`user:${suite.world.rep2.id}`).map((d) => d.text.split('\n')[0])).toEqual(['📌 张经理 给你安排了待办：回访金桥电子 · 金桥电子']);
  });

  it('催一下王强: his overdue tasks are pushed to him; nothing overdue, nothing sent; reps cannot nudge others; other 催 sentences are not nudges', async () => {
    const none = await send('催一下王强');
    expect(none.text).toBe('👍 王强 目前没有逾期待办，没有发送提醒。');
    await suite.db.prisma.task.create({ data: { title: '寄送样品', assigneeId: suite.world.rep2.id, dueAt: new Date(NOW.getTime() - 3 * DAY) } });
    await suite.db.prisma.task.create({ data: { title: '更新报价单', assigneeId: suite.world.rep2.id, dueAt: new Date(NOW.getTime() + DAY) } });
    const r = await send('催一下王强');
    expect(r.text).toContain('已提醒 王强 处理 1 个逾期待办：寄送样品');
    const [p] = await pushes('task_nudge');
    expect(p.recipient).toBe(`user:${suite.world.rep2.id}`);
    expect((p.payload as { message: { text: string } }).message.text).toBe('⏰ 张经理 提醒你尽快处理逾期待办（1）：\n• 寄送样品 · 11月20日 10:00（已逾期3天）');
    expect((await send('催一下王强', 'rep')).text).toBe('你没有权限查看或修改这部分数据。');
    const other = await send('催一下金桥电子的回款');
    expect(other.text).not.toContain('已提醒');
    expect((await pushes('task_nudge')).length).toBe(1);
  });

  it('deal alerts: won, lost with its reason, a big new deal, a deal moving back — to the manager, once, never to the actor', async () => {
    await dealOf(suite.world.rep.id, '天元科技');
    await dealOf(suite.world.rep.id, '长河能源', 'QUOTATION', 300000);
    await send('天元科技定了，合同60万', 'rep');
    await send('长河能源丢单，被金蝶低价截走', 'rep');
    await send('今天见了东湖银行的周行长，项目预算80万', 'rep');
    await send('今天见了小米粒商店，预算8万', 'rep'); // below the 50万 line: no alert
    const ch = new RecordingChannel();
    const sched = new Scheduler({ db: suite.db, outbound: new Outbound([ch]), now: () => clock });
    await sched.tick(new Date(NOW.getTime() + 60_000));
    await sched.tick(new Date(NOW.getTime() + 120_000));
    const alerts = () => ch.to(`user:${suite.world.manager.id}`).map((d) => d.text).filter((t) => /^(?:🎉|❌|💼|↩️)/u.test(t));
    expect(alerts().sort()).toEqual(
      ['🎉 赢单：李娜 签下 天元科技，60万元', '❌ 丢单：李娜 的 长河能源（30万元），原因：被金蝶低价截走', '💼 新大单：李娜 新建商机 东湖银行，80万元（初步接触）'].sort(),
    );
    expect(ch.to(`user:${suite.world.rep.id}`)).toHaveLength(0);
    // A deal moving back is reported; one the manager moved back himself is not reported to him.
    await dealOf(suite.world.rep.id, '远山化工', 'NEGOTIATION', 450000);
    const his = await dealOf(suite.world.rep.id, '青松建材', 'NEGOTIATION');
    clock = new Date(NOW.getTime() + 10 * 60_000);
    await send('远山化工退回方案阶段了', 'rep');
    await suite.db.prisma.stageChange.create({ data: { opportunityId: his.id, fromStage: 'NEGOTIATION', toStage: 'QUOTATION', changedAt: clock, changedById: suite.world.manager.id } });
    await sched.tick(new Date(clock.getTime() + 60_000));
    expect(alerts().filter((t) => t.startsWith('↩️'))).toEqual(['↩️ 商机倒退：李娜 的 远山化工 从谈判退回方案（45万元）']);
  });

  it('alert settings per team: to the team chat, a higher big-deal line, or off; the dry run shows them', async () => {
    await suite.db.prisma.team.update({ where: { id: suite.world.teamId }, data: { chatTarget: 'console:yibu', settings: { dealAlerts: { to: 'chat', bigDealAmount: 1000000, events: ['won', 'big'] } } } });
    await dealOf(suite.world.rep.id, '天元科技');
    await dealOf(suite.world.rep.id, '长河能源', 'QUOTATION', 300000);
    await send('天元科技定了，合同60万', 'rep');
    await send('长河能源丢单，被金蝶低价截走', 'rep');
    await send('今天见了东湖银行的周行长，项目预算80万', 'rep');
    const sched = new Scheduler({ db: suite.db, outbound: new Outbound([new RecordingChannel()]), now: () => clock });
    const planned = await sched.plan('alerts', new Date(NOW.getTime() + 60_000));
    expect(planned.map((p) => [p.kind, p.recipient])).toEqual([['deal_won', { kind: 'chat', target: 'console:yibu' }]]);
    expect(renderPlanned(planned[0], new Date(NOW.getTime() + 60_000))).toMatch(/^→ console:yibu <chat:console:yibu> · deal_won · deal:\S+\n {2}🎉 赢单：李娜 签下 天元科技，60万元$/);
    await suite.db.prisma.team.update({ where: { id: suite.world.teamId }, data: { settings: { dealAlerts: { to: 'off' } } } });
    expect(await sched.plan('alerts', new Date(NOW.getTime() + 60_000))).toEqual([]);
  });
});
