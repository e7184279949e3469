// Nudges that ask back (issue 14.3), on both databases, through the scheduler and the real rule
// parser: a hot-customer nudge or a stalled-deal alert ends with "下一步是什么？", and the rep's next
// message, naming no customer, is filed on that customer (a task, a lost deal with its reason),
// undoable like any message. Once the rep has written something else, an old nudge captures nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/index.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { RecordingChannel, at, createOrg, customer, dbPairs, outboundFor, type Org } from './helpers.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await dbPairs())('nudges that ask back on $kind', ({ create }) => {
  const suite = useTestDb(create, { reset: true });
  let org: Org;
  let ch: RecordingChannel;
  let sched: Scheduler;
  let clock: Date;
  let bot: SalesAssistant;
  let n = 0;
  const say = (text: string) => bot.handleMessage({ platform: 'CONSOLE', externalId: `nr-${++n}`, senderId: 'rep', text });

  beforeEach(async () => {
    org = await createOrg(suite.db.a.prisma);
    ch = new RecordingChannel();
    sched = new Scheduler({ db: suite.db.a, outbound: outboundFor(ch) });
    clock = at('2026-11-24T09:00:00+08:00');
    bot = new SalesAssistant(makeContext(suite.db.a.prisma, { now: () => clock, timezone: 'Asia/Shanghai' }), { parser: ruleParser, log: () => {} });
  });

  it('the answer to a hot-customer nudge becomes a task on that customer; a later message is not captured', async () => {
    const db = suite.db.a.prisma;
    const c = await customer(db, org.rep, '岚山重工', { hot: true, hotSince: at('2026-11-10T09:00:00+08:00'), lastContactAt: at('2026-11-18T10:00:00+08:00') });
    await sched.tick(clock);
    const nudge = ch.to(`user:${org.rep}`).find((d) => d.text.startsWith('🔥'));
    expect(nudge?.text).toContain('下一步是什么？');
    expect(nudge?.text).toContain('我会记在 岚山重工 名下');

    clock = at('2026-11-24T09:20:00+08:00');
    const reply = await say('周四下午约他们技术部开个会');
    expect(reply.text.split('\n')[0]).toBe('↪️ 回复刚才的提醒，记在 岚山重工 名下：');
    const tasks = await db.task.findMany({ where: { assigneeId: org.rep } });
    expect(tasks.map((t) => [t.customerId, t.dueAt?.toISOString()])).toEqual([[c.id, at('2026-11-26T14:00:00+08:00').toISOString()]]);

    // The rep has written since the nudge: the next message is no answer to it any more — its
    // "他们" is the customer of the record just made (a follow-up, docs/conversation.md), said so.
    const again = await say('周五上午约他们开个会');
    expect(again.text).not.toContain('回复刚才的提醒');
    expect(again.text).toContain('接上一条记录');
    expect(await db.task.count({ where: { customerId: c.id } })).toBe(2);

    // Undo reverts the answer like any message.
    await say('撤销');
    await say('撤销');
    expect(await db.task.count({ where: { assigneeId: org.rep } })).toBe(0);
  });

  it('the answer to a stalled-deal alert can lose the deal with its reason; a named customer is never redirected', async () => {
    const db = suite.db.a.prisma;
    const c = await customer(db, org.rep, '鹭岛食品');
    const other = await customer(db, org.rep, '澄江水务');
    await db.opportunity.create({ data: { customerId: c.id, ownerId: org.rep, title: '鹭岛食品 冷库监控', stage: 'NEGOTIATION', amount: 260000, stageEnteredAt: at('2026-11-01T10:00:00+08:00') } });
    await sched.tick(clock);
    const alert = ch.to(`user:${org.rep}`).find((d) => d.text.startsWith('🐢'));
    expect(alert?.text).toContain('我会记在 鹭岛食品 名下');

    clock = at('2026-11-24T10:00:00+08:00');
    const named = await say('澄江水务下周二约了演示');
    expect(named.text).not.toContain('回复刚才的提醒');
    expect(await db.task.count({ where: { customerId: other.id } })).toBe(1);

    // After that message the alert is no longer what the rep is answering.
    const late = await say('丢单了，原因是对方预算砍了');
    expect(late.text).not.toContain('回复刚才的提醒');
    expect((await db.opportunity.findFirst({ where: { customerId: c.id } }))?.stage).toBe('NEGOTIATION');
  });

  it('a stalled-deal alert answered at once: 丢单 with its reason lands on that deal', async () => {
    const db = suite.db.a.prisma;
    const c = await customer(db, org.rep, '鹭岛食品');
    await db.opportunity.create({ data: { customerId: c.id, ownerId: org.rep, title: '鹭岛食品 冷库监控', stage: 'NEGOTIATION', amount: 260000, stageEnteredAt: at('2026-11-01T10:00:00+08:00') } });
    await sched.tick(clock);
    clock = at('2026-11-24T10:00:00+08:00');
    const reply = await say('丢单了，原因是对方预算砍了');
    expect(reply.text.split('\n')[0]).toBe('↪️ 回复刚才的提醒，记在 鹭岛食品 名下：');
    const deal = await db.opportunity.findFirst({ where: { customerId: c.id } });
    expect(deal?.stage).toBe('LOST');
  });

  it('after a visit step the rep is asked how it went; the answer is the visit, at its time, plus what it says', async () => {
    const db = suite.db.a.prisma;
    const c = await customer(db, org.rep, '岚山重工', { lastContactAt: at('2026-11-18T10:00:00+08:00') });
    await db.task.create({ data: { title: '拜访岚山重工孔科长', dueAt: at('2026-11-24T14:00:00+08:00'), assigneeId: org.rep, customerId: c.id } });
    // A step already reported gets no question.
    const reported = await customer(db, org.rep, '澄江水务', { lastContactAt: at('2026-11-24T13:30:00+08:00') });
    await db.task.create({ data: { title: '上门演示', dueAt: at('2026-11-24T14:00:00+08:00'), assigneeId: org.rep, customerId: reported.id } });

    await sched.tick(at('2026-11-24T15:59:00+08:00'));
    const asked = () => ch.to(`user:${org.rep}`).filter((d) => d.text.startsWith('📝'));
    expect(asked()).toHaveLength(0);
    await sched.tick(at('2026-11-24T16:00:00+08:00'));
    expect(asked().map((d) => d.text)).toEqual(['📝 岚山重工「拜访岚山重工孔科长」（11月24日 14:00）怎么样了？直接回复几句，我会记成这次的跟进记录。']);

    clock = at('2026-11-24T16:30:00+08:00');
    expect((await say('好的')).text).not.toContain('回复刚才的提醒'); // an acknowledgement is no report
    // "好的" was a message since the question, so it no longer captures anything: simulate a fresh one.
    await db.push.updateMany({ where: { kind: 'visit_followup' }, data: { sentAt: at('2026-11-24T16:31:00+08:00'), createdAt: new Date() } });
    clock = at('2026-11-24T16:40:00+08:00');
    const reply = await say('聊得挺顺，孔科长认可方案，下周一前给他们报价');
    expect(reply.text.split('\n')[0]).toBe('↪️ 回复刚才的提醒，记在 岚山重工 名下：');
    const acts = await db.activity.findMany({ where: { customerId: c.id } });
    expect(acts.map((a) => [a.type, a.occurredAt.toISOString()])).toEqual([['VISIT', at('2026-11-24T14:00:00+08:00').toISOString()]]);
    const steps = await db.task.findMany({ where: { customerId: c.id, status: 'OPEN', title: { contains: '报价' } } });
    expect(steps.map((t) => t.dueAt?.toISOString())).toEqual([at('2026-11-30T09:00:00+08:00').toISOString()]);
  });
});
