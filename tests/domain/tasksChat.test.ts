// Tasks and customers by chat (issue 10), both databases, through the assistant's one entry point:
// finishing and postponing tasks by the number of the last list the bot sent, a message saying a
// step was done closing the matching task, 新建客户 / 标记失效, and questions that never write.
// Every write is undone by "撤销". Sentences go through the rule parser unless stubbed (English
// logs, which the LLM parser handles in production).
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseRules } from '../../src/intents/rules/index.js';
import type { MessageParser, ParsedMessage } from '../../src/intents/schema.js';
import { buildDigest } from '../../src/domain/reminders.js';
import { testDatabases } from '../helpers/db.js';
import { counts, parsed, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const HOUR = 3_600_000;

const STUB = new Map<string, ParsedMessage>([
  ['sent the signed contract over to Hongda Logistics', parsed({ intent: 'log_activity', language: 'en', customer: { name: '宏达物流' }, activity: { type: 'EMAIL', occurredAt: '2026-11-24T10:00:00+08:00', summary: 'sent the signed contract' } })],
  ['which customers should I visit next week?', parsed({ intent: 'create_task', language: 'en', nextSteps: [{ title: 'which customers should I visit', dueAt: '2026-11-30T09:00:00+08:00', dueLabel: 'next week' }] })],
  ['下周该先跑哪几家客户？', parsed({ intent: 'create_task', nextSteps: [{ title: '跑哪几家客户', dueAt: '2026-11-30T09:00:00+08:00', dueLabel: '下周' }] })],
]);
const parser: MessageParser = { name: 'mixed', parse: async (text, ctx) => STUB.get(text) ?? parseRules(text, ctx) };

describe.each(await testDatabases())('tasks and customers by chat ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let clock: Date;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `t${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });
  const open = () => suite.db.prisma.task.findMany({ where: { status: 'OPEN' }, orderBy: { title: 'asc' } });
  const byTitle = (title: string) => suite.db.prisma.task.findFirstOrThrow({ where: { title } });

  beforeEach(async () => {
    clock = NOW;
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => clock }), { parser, log: () => {} });
  });

  async function customer(name: string, ownerId = suite.world.rep.id, extra: { hot?: boolean } = {}) {
    return suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId, ...extra } });
  }
  async function task(title: string, dueAt: Date | null, customerId: string | null = null, assigneeId = suite.world.rep.id) {
    return suite.db.prisma.task.create({ data: { title, dueAt, customerId, assigneeId } });
  }

  it('完成 N closes the task shown as N in the last list, even after new tasks shifted the order; bad numbers change nothing; 撤销 reopens', async () => {
    const hd = await customer('宏达物流');
    await task('给宏达物流发合同', new Date(NOW.getTime() + 48 * HOUR), hd.id);
    await task('整理季度拜访计划', null);
    await task('给云帆软件的陈总回电话', new Date(NOW.getTime() + 4 * HOUR));
    const list = await send('我的待办');
    expect(list.text).toContain('1. 给云帆软件的陈总回电话');
    expect(list.text).toContain('2. 给宏达物流发合同 · 宏达物流');
    expect(list.text).toContain('3. 整理季度拜访计划');
    expect(list.text).toContain('“完成 1”');

    // A new, earlier task would now be first in the list; "2" still means what the rep saw.
    await send('今天下午三点给宏达物流的刘经理打个电话');
    const r = await send('第2条完成了');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('✅ 已完成：\n• 给宏达物流发合同 · 宏达物流');
    expect((await byTitle('给宏达物流发合同')).status).toBe('DONE');

    const again = await send('完成 2');
    expect(again.outcome).toBe('REJECTED');
    expect(again.text).toContain('第 2 条“给宏达物流发合同”已经完成了');
    const tooFar = await send('完成第7条');
    expect(tooFar.text).toContain('上次的待办列表只有 3 条，没有第 7 条');
    // Several at once are all-or-nothing.
    const mixed = await send('1、7 都搞定了');
    expect(mixed.text).toContain('没有标记任何待办');
    expect((await byTitle('给云帆软件的陈总回电话')).status).toBe('OPEN');

    const undo = await send('撤销');
    expect(undo.outcome).toBe('UNDO');
    const reopened = await byTitle('给宏达物流发合同');
    expect([reopened.status, reopened.completedAt]).toEqual(['OPEN', null]);
  });

  it('English: "done 1" and "2 done" after "my tasks"; a number with no list shows the list and asks', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'en-US' } });
    await task('prepare the demo deck', new Date(NOW.getTime() + 2 * HOUR));
    await task('book the meeting room', new Date(NOW.getTime() + 30 * HOUR));
    const first = await send('done 1');
    expect(first.outcome).toBe('REJECTED');
    expect(first.text).toContain('I have not sent you a task list yet');
    expect(first.text).toContain('1. prepare the demo deck');
    expect((await open()).length).toBe(2);
    // That reply was a numbered list: its numbers now count.
    const d1 = await send('2 done');
    expect(d1.text).toBe('✅ Done:\n• book the meeting room\nSend "undo" to reopen.');
    const list = await send('my tasks');
    expect(list.text).toContain('Your open tasks (1)');
    expect((await send('done 1')).text).toContain('prepare the demo deck');
    expect((await open()).length).toBe(0);
  });

  it('第N条推迟到… moves the due time with the date rules (reminder re-armed); without a number it takes the task just reminded of, else asks; 撤销 restores', async () => {
    const yf = await customer('云帆软件');
    const demo = await task('去云帆软件演示', new Date(NOW.getTime() + 4 * HOUR), yf.id);
    const call = await task('回访蓝鲸数据', new Date(NOW.getTime() + 28 * HOUR));
    await suite.db.prisma.task.update({ where: { id: demo.id }, data: { remindedAt: NOW, dueLabel: '今天下午' } });
    await send('我的待办');
    const r = await send('第1条推迟到下周一');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('⏰ 已推迟：去云帆软件演示 · 云帆软件');
    expect(r.text).toContain('（下周一）');
    let moved = await byTitle('去云帆软件演示');
    expect([moved.dueAt?.toISOString(), moved.dueLabel, moved.remindedAt]).toEqual(['2026-11-30T01:00:00.000Z', '下周一', null]);
    await send('撤销');
    moved = await byTitle('去云帆软件演示');
    expect([moved.dueAt?.toISOString(), moved.dueLabel, moved.remindedAt?.toISOString()]).toEqual([demo.dueAt!.toISOString(), '今天下午', NOW.toISOString()]);

    // No number, two open tasks, a list of two as the last thing sent: ask, write nothing.
    const ask = await send('延期到明天下午');
    expect(ask.outcome).toBe('REJECTED');
    expect(ask.text).toContain('要推迟哪一条？');
    expect(ask.text).toContain('第2条推迟到周五');

    // A reminder about 回访蓝鲸数据 went out after that list: now it is the one meant.
    clock = new Date(NOW.getTime() + HOUR);
    await suite.db.prisma.push.create({ data: { kind: 'reminder', recipient: `user:${suite.world.rep.id}`, periodKey: `task:${call.id}:${call.dueAt!.toISOString()}`, payload: {}, status: 'SENT', sentAt: clock } });
    const later = await send('延期到明天下午');
    expect(later.text).toContain('⏰ 已推迟：回访蓝鲸数据');
    expect((await byTitle('回访蓝鲸数据')).dueAt?.toISOString()).toBe('2026-11-25T06:00:00.000Z'); // 明天下午 = 14:00

    // A time that is no time gets a clear answer; a sentence that goes on is a sales message.
    const bad = await send('推迟到回头');
    expect(bad.text).toContain('没看懂“回头”是什么时间');
    const log = await send('推迟到周五再去云帆软件演示');
    expect(log.text).not.toContain('已推迟');
  });

  it('"搞定了" right after a reminder closes the task it was about; with nothing recent it asks which', async () => {
    const a = await task('给海川建材寄样品', new Date(NOW.getTime() - HOUR));
    await task('约蓝鲸数据的王总吃饭', new Date(NOW.getTime() + 30 * HOUR));
    const ask = await send('搞定了');
    expect(ask.outcome).toBe('REJECTED');
    expect(ask.text).toContain('完成的是哪一条？');
    clock = new Date(NOW.getTime() + 2 * HOUR);
    await suite.db.prisma.push.create({ data: { kind: 'reminder', recipient: `user:${suite.world.rep.id}`, periodKey: `task:${a.id}:${a.dueAt!.toISOString()}`, payload: {}, status: 'SENT', sentAt: clock } });
    const r = await send('搞定了');
    expect(r.text).toBe('✅ 已完成：\n• 给海川建材寄样品\n发送“撤销”可恢复。');
    expect((await open()).map((k) => k.title)).toEqual(['约蓝鲸数据的王总吃饭']);
  });

  it('"给X的合同已经发了" closes the sender’s matching open task on X, alone or inside a visit log; two matches ask which; questions and plans close nothing', async () => {
    const hd = await customer('宏达物流');
    const yf = await customer('云帆软件');
    await task('给宏达物流发合同', new Date(NOW.getTime() + 24 * HOUR), hd.id);
    await task('宏达物流现场演示', new Date(NOW.getTime() + 72 * HOUR), hd.id);
    await task('发报价单', new Date(NOW.getTime() + 24 * HOUR), yf.id);
    await task('确认云帆软件的付款方式', null, yf.id);
    // Someone else's task on a customer of the same name is never touched.
    const other = await customer('宏达物流', suite.world.rep2.id);
    await task('给宏达物流发合同', null, other.id, suite.world.rep2.id);

    expect((await send('给宏达物流的合同发了吗？')).text).not.toContain('已完成');
    const plan = await send('明天下午去宏达物流做现场演示');
    expect(plan.text).not.toContain('已完成待办');
    expect(await suite.db.prisma.task.count({ where: { status: 'DONE' } })).toBe(0);
    await send('撤销');

    const only = await send('给宏达物流的合同已经发了');
    expect(only.outcome).toBe('APPLIED');
    expect(only.text).toContain('✅ 已完成待办：给宏达物流发合同 · 宏达物流');
    const done = await suite.db.prisma.task.findMany({ where: { status: 'DONE' } });
    expect(done.map((k) => [k.title, k.assigneeId])).toEqual([['给宏达物流发合同', suite.world.rep.id]]);

    const before = await counts(suite.db.prisma);
    const visit = await send('今天下午拜访了云帆软件的陈总，报价单也发过去了，预计20万');
    expect(visit.outcome).toBe('APPLIED');
    expect(visit.text).toContain('• 活动：拜访 · 云帆软件');
    expect(visit.text).toContain('✅ 已完成待办：发报价单 · 云帆软件');
    expect(visit.text.trim().endsWith('或“不是刘兵，是刘冰”。')).toBe(true);
    expect((await counts(suite.db.prisma)).activities).toBe(before.activities + 1);
    expect((await byTitle('确认云帆软件的付款方式')).status).toBe('OPEN');

    // 撤销 takes back the visit and reopens the task together.
    await send('撤销');
    expect((await byTitle('发报价单')).status).toBe('OPEN');
    expect((await counts(suite.db.prisma)).activities).toBe(before.activities);

    // A different kind of step on the same words does not close it.
    const confirm = await send('拜访了云帆软件，确认了报价单里的数量');
    expect(confirm.text).not.toContain('已完成待办');
    expect((await byTitle('发报价单')).status).toBe('OPEN');
  });

  it('a task on no customer whose title names it is closed too (a % or _ in a name is a character, not a wildcard)', async () => {
    await customer('海川_建材');
    await task('给海川_建材寄样品', null, null);
    // Same words, but the title names another company whose name the LIKE wildcard would fit.
    await task('给海川X建材寄样品', null, null);
    const r = await send('海川_建材的样品寄出去了');
    expect(r.text).toContain('✅ 已完成待办：给海川_建材寄样品');
    expect((await byTitle('给海川_建材寄样品')).status).toBe('DONE');
    expect((await byTitle('给海川X建材寄样品')).status).toBe('OPEN');
  });

  it('two tasks that both match: none closed, both listed, and "完成 N" picks one', async () => {
    const hd = await customer('宏达物流');
    await task('给宏达物流发合同初稿', new Date(NOW.getTime() + 24 * HOUR), hd.id);
    await task('给宏达物流发合同盖章版', new Date(NOW.getTime() + 48 * HOUR), hd.id);
    const r = await send('宏达物流的合同寄出去了');
    expect(r.text).toContain('有 2 条待办都对得上');
    expect(r.text).toContain('1. 给宏达物流发合同初稿');
    expect(r.text).toContain('2. 给宏达物流发合同盖章版');
    expect(await suite.db.prisma.task.count({ where: { status: 'DONE' } })).toBe(0);
    await send('完成 2');
    expect((await byTitle('给宏达物流发合同盖章版')).status).toBe('DONE');
    expect((await byTitle('给宏达物流发合同初稿')).status).toBe('OPEN');
  });

  it('English log that reports a step done closes the task and says so in English', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'en-US' } });
    const hd = await customer('宏达物流');
    await task('send contract to Hongda', null, hd.id);
    const r = await send('sent the signed contract over to Hongda Logistics');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('✅ Task done: send contract to Hongda · 宏达物流');
    expect((await byTitle('send contract to Hongda')).status).toBe('DONE');
  });

  it('新建客户 creates a customer the parser does not know; own duplicate says it exists, another rep’s warns 撞单; 撤销 removes it', async () => {
    const r = await send('新建客户 蓝鲸数据');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('✅ 已新建客户：蓝鲸数据');
    const c = await suite.db.prisma.customer.findFirstOrThrow();
    expect([c.name, c.ownerId]).toEqual(['蓝鲸数据', suite.world.rep.id]);
    const dup = await send('新增客户：蓝鲸数据');
    expect(dup.text).toContain('你已经有客户“蓝鲸数据”');
    expect(await suite.db.prisma.customer.count()).toBe(1);
    const clash = await send('添加客户 蓝鲸数据科技有限公司', 'rep2');
    expect(clash.outcome).toBe('APPLIED');
    expect(clash.text).toContain('⚠️ 撞单提醒：客户“蓝鲸数据”已由 李娜 跟进');
    await send('撤销', 'rep2');
    expect(await suite.db.prisma.customer.count()).toBe(1);
    await suite.db.prisma.user.update({ where: { id: suite.world.rep2.id }, data: { locale: 'en-US' } });
    const en = await send('new customer Northwind Traders', 'rep2');
    expect(en.text).toContain('✅ New customer: Northwind Traders');
    expect((await send('new customer x', 'rep2')).text).toContain('not a usable customer name');
  });

  it('X标记失效 drops the customer from lists, hot lists and the digest; others’ customers are refused to a rep, allowed to their manager; 撤销 restores', async () => {
    const lj = await customer('蓝鲸数据', suite.world.rep.id, { hot: true });
    await customer('云帆软件');
    await customer('海川建材', suite.world.rep2.id);
    const r = await send('蓝鲸数据 标记为无效');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('已把客户“蓝鲸数据”标记为失效');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: lj.id } })).lifecycle).toBe('LOST');
    const mine = await send('我的客户');
    expect(mine.text).toContain('云帆软件');
    expect(mine.text).not.toContain('蓝鲸数据 ');
    expect(mine.text).toContain('另有 1 家失效客户未列出');
    expect((await send('热点客户')).text).not.toContain('蓝鲸数据');
    const digest = await buildDigest(suite.db.prisma, NOW, { id: suite.world.rep.id, displayName: '李娜', lang: 'zh' }, 'Asia/Shanghai');
    expect(digest?.text ?? '').not.toContain('蓝鲸数据');
    expect((await send('蓝鲸数据标记失效')).text).toContain('已经是失效状态');

    const refused = await send('海川建材标记失效');
    expect(refused.outcome).toBe('REJECTED');
    expect(refused.text).toContain('不是你负责的客户');
    const byManager = await send('把海川建材设为失效', 'manager');
    expect(byManager.text).toContain('（王强 的客户）');
    await send('撤销', 'manager');
    const revived = await send('蓝鲸数据恢复有效');
    expect(revived.text).toContain('✅ 已恢复客户“蓝鲸数据”：潜在');
    await send('撤销', 'rep');
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: lj.id } })).lifecycle).toBe('LOST');
    await send('撤销', 'rep');
    const lifecycles = await suite.db.prisma.customer.findMany({ select: { name: true, lifecycle: true }, orderBy: { name: 'asc' } });
    expect(lifecycles.every((c) => c.lifecycle === 'POTENTIAL')).toBe(true);

    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'en-US' } });
    const en = await send('mark 云帆软件 as inactive');
    expect(en.text).toContain('✅ Marked "云帆软件" inactive');
    expect((await send('mark Nobody Ltd inactive')).text).toBe('No customer "Nobody Ltd" found. Nothing was changed.');
  });

  it('questions never create records: unanswerable ones get examples for the asker’s role; every example is answered', async () => {
    const before = await counts(suite.db.prisma);
    const mgr = await send('我们组谁最拼', 'manager');
    expect(mgr.outcome).toBe('ANSWERED');
    expect(mgr.text).toContain('这个问题我还回答不了（没有记录任何内容）');
    expect(mgr.text).toContain('“本月排名”');
    expect(mgr.text).toContain('“李娜本月业绩如何”');
    // A question the parser maps to an answer is answered, not listed.
    const closing = await send('这个月要签的单子有哪些', 'manager');
    expect(closing.text).toContain('这个期间没有预计成交的商机');
    const enMgr = await send("what's our win rate this year?", 'manager');
    expect(enMgr.text).toContain('"ranking this month"');
    const rep = await send('上个月回款率多少');
    expect(rep.text).toContain('“我的待办”');
    expect(rep.text).not.toContain('本月排名');
    const asTask = await send('下周该先跑哪几家客户？');
    expect(asTask.outcome).toBe('ANSWERED');
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'en-US' } });
    const en = await send('which customers should I visit next week?');
    expect(en.text).toContain('I cannot answer that yet (nothing was recorded)');
    expect(en.text).toContain('"my tasks"');
    const after = await counts(suite.db.prisma);
    expect([after.customers, after.contacts, after.opportunities, after.activities, after.tasks]).toEqual([before.customers, before.contacts, before.opportunities, before.activities, before.tasks]);

    // The examples offered are questions the assistant answers (never the list again).
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { locale: 'zh-CN' } });
    for (const [who, reply] of [['manager', mgr.text], ['rep', rep.text]] as const) {
      for (const example of [...reply.matchAll(/“([^”]+)”/g)].map((m) => m[1]).filter((e) => e !== '帮助')) {
        const answer = await send(example, who);
        expect(answer.text, example).not.toContain('回答不了');
        expect(answer.text, example).not.toContain('没太明白');
      }
    }
    for (const [who, reply] of [['manager', enMgr.text], ['rep', en.text]] as const) {
      for (const example of [...reply.matchAll(/"([^"]+)"/g)].map((m) => m[1]).filter((e) => e !== 'help')) {
        const answer = await send(example, who);
        expect(answer.text, example).not.toContain('cannot answer');
        expect(answer.text, example).not.toContain('did not understand');
      }
    }
  });
});
