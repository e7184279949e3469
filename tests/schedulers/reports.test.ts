// 日报 numbers against independent SQL counts, hot nudges and escalation, stalled alerts and the
// weekly list, rankings to the team chat, and the two query handlers.
import { beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { computeDailyReport } from '../../src/domain/reports/daily.js';
import { stalledQuery } from '../../src/domain/queries/stalled.js';
import { dailyReportQuery } from '../../src/domain/queries/dailyReport.js';
import { QUERY_HANDLERS } from '../../src/domain/queries/index.js';
import type { HandlerEnv } from '../../src/domain/handlerTypes.js';
import { parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { RecordingChannel, at, createOrg, customer, dbPairs, outboundFor, pushRows, task, type Org } from './helpers.js';

const DAY_START = '2026-11-23T00:00:00+08:00';
const DAY_END = '2026-11-24T00:00:00+08:00';

async function opp(prisma: PrismaClient, ownerId: string, customerId: string, title: string, stage: string, opts: { amount?: number; createdAt?: Date; stageEnteredAt?: Date; status?: 'OPEN' | 'WON' | 'LOST' } = {}) {
  return prisma.opportunity.create({ data: { ownerId, customerId, title, stage, amount: opts.amount, createdAt: opts.createdAt, stageEnteredAt: opts.stageEnteredAt ?? opts.createdAt, status: opts.status ?? 'OPEN' } });
}
async function move(prisma: PrismaClient, opportunityId: string, fromStage: string | null, toStage: string, changedAt: Date) {
  await prisma.stageChange.create({ data: { opportunityId, fromStage, toStage, changedAt } });
}
async function act(prisma: PrismaClient, authorId: string, type: 'VISIT' | 'CALL' | 'WECHAT' | 'MEETING', occurredAt: Date, customerId?: string) {
  await prisma.activity.create({ data: { authorId, type, occurredAt, summary: 's', rawText: 'r', customerId } });
}

function envFor(user: Awaited<ReturnType<typeof loadUser>>, now: Date, query: { kind: 'stalled' | 'daily_report'; days?: number | null; subject?: string | null }): HandlerEnv {
  return {
    user,
    lang: 'zh',
    tz: 'Asia/Shanghai',
    now,
    parsed: parsed({ intent: 'query', query: { kind: query.kind, subject: query.subject ?? null, period: null, days: query.days ?? null } }),
    rawText: '',
    inboundId: 'x',
  } as unknown as HandlerEnv;
}
const loadUser = (prisma: PrismaClient, id: string) => prisma.user.findUniqueOrThrow({ where: { id }, include: { team: true } });

describe.each(await dbPairs())('reports and nudges on $kind', ({ create }) => {
  const suite = useTestDb(create, { reset: true });
  let org: Org;
  let ch: RecordingChannel;
  let sched: Scheduler;
  let prisma: PrismaClient;

  beforeEach(async () => {
    prisma = suite.db.a.prisma;
    org = await createOrg(prisma);
    ch = new RecordingChannel();
    sched = new Scheduler({ db: suite.db.a, outbound: outboundFor(ch) });
  });

  async function seedDay() {
    const d = (hm: string) => at(`2026-11-23T${hm}:00+08:00`);
    // Customers: rep 2 today (+1 a second before midnight yesterday), rep2 1 today.
    const c1 = await customer(prisma, org.rep, '方舟电子', { createdAt: d('09:00') });
    await customer(prisma, org.rep, '华星科技', { createdAt: d('15:00') });
    await customer(prisma, org.rep, '昨天的客户', { createdAt: at('2026-11-22T23:59:59+08:00') });
    const c4 = await customer(prisma, org.rep2, '远航物流', { createdAt: d('10:00') });
    const old = await customer(prisma, org.rep, '老客户', { createdAt: at('2026-10-01T10:00:00+08:00') });
    // One open deal per customer and owner (a database rule): the second open one is another customer's.
    const old2 = await customer(prisma, org.rep, '老客户乙', { createdAt: at('2026-10-01T10:00:00+08:00') });
    // Activities: rep VISIT×2 + CALL today, a WECHAT at 00:00 tomorrow; rep2 MEETING.
    await act(prisma, org.rep, 'VISIT', d('09:30'), c1.id);
    await act(prisma, org.rep, 'VISIT', d('14:00'), c1.id);
    await act(prisma, org.rep, 'CALL', d('00:00'));
    await act(prisma, org.rep, 'WECHAT', at(DAY_END));
    await act(prisma, org.rep2, 'MEETING', d('11:00'), c4.id);
    // Opportunities: rep new 300k today; an old one advanced twice today (counts once); one moved
    // back; one lost. rep2: new 500k today and an old one won today.
    const o1 = await opp(prisma, org.rep, c1.id, '方舟一期', 'INITIAL_CONTACT', { amount: 300000, createdAt: d('09:30') });
    await move(prisma, o1.id, null, 'INITIAL_CONTACT', d('09:30'));
    const o2 = await opp(prisma, org.rep, old.id, '老客户扩容', 'NEGOTIATION', { amount: 200000, createdAt: at('2026-10-01T10:00:00+08:00') });
    await move(prisma, o2.id, 'INITIAL_CONTACT', 'QUOTATION', d('10:00'));
    await move(prisma, o2.id, 'QUOTATION', 'NEGOTIATION', d('16:00'));
    const o3 = await opp(prisma, org.rep, old2.id, '老客户二期', 'NEEDS_CONFIRMED', { createdAt: at('2026-10-01T10:00:00+08:00') });
    await move(prisma, o3.id, 'PROPOSAL', 'NEEDS_CONFIRMED', d('11:00'));
    const o4 = await opp(prisma, org.rep, old.id, '老客户三期', 'LOST', { createdAt: at('2026-10-01T10:00:00+08:00'), status: 'LOST' });
    await move(prisma, o4.id, 'QUOTATION', 'LOST', d('12:00'));
    await opp(prisma, org.rep2, c4.id, '远航项目', 'INITIAL_CONTACT', { amount: 500000, createdAt: d('10:30') });
    const o6 = await opp(prisma, org.rep2, c4.id, '远航旧单', 'WON', { amount: 400000, createdAt: at('2026-09-01T10:00:00+08:00'), status: 'WON' });
    await move(prisma, o6.id, 'NEGOTIATION', 'WON', d('17:00'));
    // Contracts: rep2 400k today (the contract of the deal won today); rep one yesterday.
    await prisma.contract.create({ data: { customerId: c4.id, ownerId: org.rep2, opportunityId: o6.id, amount: 400000, signedAt: d('17:00') } });
    await prisma.contract.create({ data: { customerId: c1.id, ownerId: org.rep, amount: 100000, signedAt: at('2026-11-22T17:00:00+08:00') } });
    // Tasks: rep done 2 today, 1 yesterday; overdue at 18:30: one due 17:00 today, one last week;
    // one due 20:00 today is not overdue yet.
    await task(prisma, org.rep, 'done1', d('10:00'), null, { status: 'DONE', completedAt: d('10:05') });
    await task(prisma, org.rep, 'done2', d('11:00'), null, { status: 'DONE', completedAt: d('18:00') });
    await task(prisma, org.rep, 'done0', d('11:00'), null, { status: 'DONE', completedAt: at('2026-11-22T18:00:00+08:00') });
    await task(prisma, org.rep, 'late1', d('17:00'));
    await task(prisma, org.rep, 'late2', at('2026-11-16T09:00:00+08:00'));
    await task(prisma, org.rep, 'tonight', d('20:00'), '今晚');
  }

  /** The same numbers, counted with hand-written SQL and literal day bounds. */
  async function independentCounts(userId: string, asOf: string) {
    const q = async (sql: string, ...params: unknown[]) => Number((await prisma.$queryRawUnsafe<Array<{ n: unknown }>>(sql, ...params))[0].n ?? 0);
    const s = DAY_START;
    const e = DAY_END;
    return {
      newCustomers: await q(`select count(*) n from "Customer" where "ownerId"=$1 and "createdAt" >= $2::timestamptz and "createdAt" < $3::timestamptz`, userId, s, e),
      activityTotal: await q(`select count(*) n from "Activity" where "authorId"=$1 and "occurredAt" >= $2::timestamptz and "occurredAt" < $3::timestamptz`, userId, s, e),
      visits: await q(`select count(*) n from "Activity" where "authorId"=$1 and type='VISIT' and "occurredAt" >= $2::timestamptz and "occurredAt" < $3::timestamptz`, userId, s, e),
      newOpportunities: await q(`select count(*) n from "Opportunity" where "ownerId"=$1 and "createdAt" >= $2::timestamptz and "createdAt" < $3::timestamptz`, userId, s, e),
      newPipeline: await q(`select coalesce(sum(amount),0) n from "Opportunity" where "ownerId"=$1 and "createdAt" >= $2::timestamptz and "createdAt" < $3::timestamptz`, userId, s, e),
      // Won money: contracts, plus won deals that have no contract.
      won:
        (await q(`select count(*) n from "Contract" where "ownerId"=$1 and "signedAt" >= $2::timestamptz and "signedAt" < $3::timestamptz`, userId, s, e)) +
        (await q(`select count(*) n from "Opportunity" o where "ownerId"=$1 and status='WON' and "closedAt" >= $2::timestamptz and "closedAt" < $3::timestamptz and not exists (select 1 from "Contract" k where k."opportunityId"=o.id)`, userId, s, e)),
      wonAmount:
        (await q(`select coalesce(sum(amount),0) n from "Contract" where "ownerId"=$1 and "signedAt" >= $2::timestamptz and "signedAt" < $3::timestamptz`, userId, s, e)) +
        (await q(`select coalesce(sum(amount),0) n from "Opportunity" o where "ownerId"=$1 and status='WON' and "closedAt" >= $2::timestamptz and "closedAt" < $3::timestamptz and not exists (select 1 from "Contract" k where k."opportunityId"=o.id)`, userId, s, e)),
      lost: await q(`select count(*) n from "Opportunity" where "ownerId"=$1 and status='LOST' and "closedAt" >= $2::timestamptz and "closedAt" < $3::timestamptz`, userId, s, e),
      tasksDone: await q(`select count(*) n from "Task" where "assigneeId"=$1 and status='DONE' and "completedAt" >= $2::timestamptz and "completedAt" < $3::timestamptz`, userId, s, e),
      tasksOverdue: await q(`select count(*) n from "Task" where "assigneeId"=$1 and status='OPEN' and "dueAt" < $2::timestamptz`, userId, asOf),
    };
  }

  it('日报 numbers equal independent SQL counts; pushed to reps at 18:30 and the roll-up to the manager at 19:00', async () => {
    await seedDay();
    const asOf = '2026-11-23T18:30:00+08:00';
    const rows = await computeDailyReport(prisma, [org.rep, org.rep2], { start: at(DAY_START), end: at(DAY_END), asOf: at(asOf) });
    for (const row of rows) {
      const ind = await independentCounts(row.userId, asOf);
      expect({ ...row, visits: row.activities.VISIT }).toMatchObject(ind);
    }
    // Sanity: the fixture is not trivially zero, and "advanced" follows the funnel order.
    const [rep, rep2] = rows;
    expect([rep.newCustomers, rep.activityTotal, rep.tasksDone, rep.tasksOverdue, rep.advancedOpportunities]).toEqual([2, 3, 2, 2, 1]);
    expect([rep2.won, rep2.wonAmount, rep2.advancedOpportunities, rep2.newPipeline]).toEqual([1, 400000, 1, 500000]);

    await sched.tick(at('2026-11-23T18:29:00+08:00'));
    expect(ch.sent.filter((d) => d.text.startsWith('📝'))).toHaveLength(0);
    await sched.tick(at(asOf));
    const repMsg = ch.to(`user:${org.rep}`).find((d) => d.text.startsWith('📝'))!;
    expect(repMsg.text).toBe(
      [
        '📝 李娜 的日报 · 2026年11月23日',
        '• 新客户：2',
        '• 跟进：3（拜访 2，电话 1）',
        '• 新增商机：1（30万元） · 推进商机：1',
        '• 签约：0（¥0）',
        '• 完成待办：2 · 逾期待办：2',
        // The customers worked on, latest first: what was said and what came of it.
        '客户（3）：',
        '• 老客户：推进到谈判',
        '• 方舟电子（拜访×2）：s → 新商机 30万元',
        '• 老客户乙：退回需求确认',
      ].join('\n'),
    );
    const rep2Msg = ch.to(`user:${org.rep2}`).find((d) => d.text.startsWith('📝'))!.text;
    expect(rep2Msg).toContain('• 签约：1（40万元）');
    expect(rep2Msg).toContain('• 远航物流（会议）：s → 赢单 40万元');
    expect(ch.to(`user:${org.manager}`).filter((d) => d.text.startsWith('📝'))).toHaveLength(0);

    await sched.tick(at('2026-11-23T19:00:00+08:00'));
    const roll = ch.to(`user:${org.manager}`).find((d) => d.text.startsWith('📊'))!;
    expect(roll.text.split('\n').slice(0, 7)).toEqual([
      '📊 团队日报 · 2026年11月23日（2人）', // the manager has nothing on record: not a zero row
      '• 新客户：3',
      '• 跟进：4（拜访 2，电话 1，会议 1）',
      '• 新增商机：2（80万元） · 推进商机：2',
      '• 签约：1（40万元）',
      '• 完成待办：2 · 逾期待办：2',
      '— 个人 —',
    ]);
    expect(roll.text).toContain('李娜：新客户 2 · 跟进 3 · 新商机 1 · 推进 1 · 签约 0（¥0） · 完成 2 · 逾期 2');
    const keys = (await pushRows(prisma)).filter((r) => r.kind.startsWith('daily')).map((r) => [r.kind, r.recipient, r.periodKey]);
    expect(keys).toEqual(
      [
        ['daily', `user:${org.rep}`, 'daily:2026-11-23'],
        ['daily', `user:${org.rep2}`, 'daily:2026-11-23'],
        ['daily_rollup', `user:${org.manager}`, 'daily:2026-11-23'],
      ].sort((a, b) => (a.join() < b.join() ? -1 : 1)),
    );

    // The query answers the same: the rep gets their own report, the manager the roll-up.
    const r1 = await dailyReportQuery(prisma, envFor(await loadUser(prisma, org.rep), at(asOf), { kind: 'daily_report' }));
    expect(r1.text).toBe(repMsg.text);
    const r2 = await QUERY_HANDLERS.daily_report!(prisma, envFor(await loadUser(prisma, org.manager), at('2026-11-23T19:00:00+08:00'), { kind: 'daily_report' }));
    expect(r2.text).toBe(roll.text);
  });

  it('hot customers: nudge the owner at N days, escalate to the manager later, once per day', async () => {
    const now = at('2026-11-23T09:00:00+08:00');
    await customer(prisma, org.rep, '方舟电子', { hot: true, hotNote: '12月10日左右签单', lastContactAt: at('2026-11-20T08:00:00+08:00') }); // 3 days
    await customer(prisma, org.rep, '远航物流', { hot: true, hotNote: '本月底前定合同', lastContactAt: at('2026-11-17T10:00:00+08:00') }); // 5 days
    await customer(prisma, org.rep, '华星科技', { hot: true, lastContactAt: at('2026-11-21T10:00:00+08:00') }); // 1 day: fine
    await customer(prisma, org.rep2, '冷客户', { hot: false, lastContactAt: at('2026-10-01T10:00:00+08:00') });
    await sched.tick(now);
    await sched.tick(new Date(now.getTime() + 60_000));
    const nudges = ch.to(`user:${org.rep}`).filter((d) => d.text.startsWith('🔥 热点客户 ')).map((d) => d.text);
    expect(nudges.sort()).toEqual(
      [
        '🔥 热点客户 方舟电子（12月10日左右签单） 已 3 天没有跟进（上次 2026年11月20日），今天联系一下吧。\n下一步是什么？直接回复即可（如“下周二约他们开会”“阶段改成谈判”“丢单了，原因是价格”），我会记在 方舟电子 名下。',
        '🔥 热点客户 远航物流（本月底前定合同） 已 5 天没有跟进（上次 2026年11月17日），今天联系一下吧。\n下一步是什么？直接回复即可（如“下周二约他们开会”“阶段改成谈判”“丢单了，原因是价格”），我会记在 远航物流 名下。',
      ].sort(),
    );
    expect(ch.to(`user:${org.manager}`).map((d) => d.text)).toEqual(['🚨 李娜 的热点客户 远航物流（本月底前定合同） 已 5 天没有跟进，请关注。']);
    expect(ch.to(`user:${org.rep2}`)).toHaveLength(0);
    const keys = (await pushRows(prisma)).filter((r) => r.kind.startsWith('hot')).map((r) => r.periodKey.replace(/:[a-z0-9]{20,}:/, ':<c>:'));
    expect(keys.sort()).toEqual(['hot-escalate:<c>:2026-11-23', 'hot:<c>:2026-11-23', 'hot:<c>:2026-11-23']);
    // Next morning, still untouched: nudged again (new day key); contact logged: no more.
    await prisma.customer.updateMany({ where: { name: '方舟电子' }, data: { lastContactAt: at('2026-11-23T15:00:00+08:00') } });
    await sched.tick(at('2026-11-24T09:00:00+08:00'));
    const day2 = ch.to(`user:${org.rep}`).filter((d) => d.text.startsWith('🔥 热点客户 ')).slice(2).map((d) => d.text);
    expect(day2).toEqual(['🔥 热点客户 远航物流（本月底前定合同） 已 6 天没有跟进（上次 2026年11月17日），今天联系一下吧。\n下一步是什么？直接回复即可（如“下周二约他们开会”“阶段改成谈判”“丢单了，原因是价格”），我会记在 远航物流 名下。']);
  });

  it('thresholds are per team: hotNudgeDays from Team.settings', async () => {
    await prisma.team.update({ where: { id: org.teamId }, data: { settings: { hotNudgeDays: 7, hotEscalateDays: 10 } } });
    await customer(prisma, org.rep, '远航物流', { hot: true, lastContactAt: at('2026-11-17T10:00:00+08:00') });
    await sched.tick(at('2026-11-23T09:00:00+08:00'));
    expect(ch.sent.filter((d) => d.text.startsWith('🔥 热点客户 '))).toHaveLength(0);
  });

  it('stalled: owner alerted once per stage stint when over the threshold; weekly list to the manager; the query', async () => {
    const c = await customer(prisma, org.rep, '方舟电子');
    const c2 = await customer(prisma, org.rep2, '远航物流');
    // A second open deal needs a second customer (one open deal per customer and owner): same
    // display name, its own record.
    const c3 = await prisma.customer.create({ data: { name: '远航物流', normalizedName: '远航物流二', ownerId: org.rep2 } });
    const now = at('2026-11-23T09:00:00+08:00'); // Monday
    // NEGOTIATION threshold 10: 11 days is over, exactly 10 is not.
    const over = await opp(prisma, org.rep, c.id, '方舟一期', 'NEGOTIATION', { amount: 300000, stageEnteredAt: at('2026-11-12T09:00:00+08:00') });
    await opp(prisma, org.rep2, c2.id, '远航项目', 'NEGOTIATION', { amount: 100000, stageEnteredAt: at('2026-11-13T09:00:00+08:00') });
    await opp(prisma, org.rep2, c3.id, '远航二期', 'PROPOSAL', { amount: 50000, stageEnteredAt: at('2026-11-03T09:00:00+08:00') }); // 20 < 21
    await opp(prisma, org.rep2, c2.id, '已赢', 'WON', { status: 'WON', stageEnteredAt: at('2026-01-01T09:00:00+08:00') });
    await sched.tick(now);
    expect(ch.to(`user:${org.rep}`).map((d) => d.text)).toEqual(['🐢 商机停滞：方舟电子「方舟一期」在谈判阶段已 11 天（超过 10 天），金额 30万元。\n下一步是什么？直接回复即可（如“下周二约他们开会”“阶段改成谈判”“丢单了，原因是价格”），我会记在 方舟电子 名下。']);
    expect(ch.to(`user:${org.rep2}`)).toHaveLength(0);
    expect(ch.to(`user:${org.manager}`).map((d) => d.text)).toEqual(['🐢 本周停滞商机（1）\n• 方舟电子（李娜） · 谈判 11天（阈值10天） · 30万元']);
    // Tuesday: the same stint is not alerted again; rep2's deal is now over (11 days).
    await sched.tick(at('2026-11-24T09:00:00+08:00'));
    expect(ch.to(`user:${org.rep}`)).toHaveLength(1);
    expect(ch.to(`user:${org.rep2}`).map((d) => d.text.split('，')[0])).toEqual(['🐢 商机停滞：远航物流「远航项目」在谈判阶段已 11 天（超过 10 天）']);
    expect(ch.to(`user:${org.manager}`)).toHaveLength(1); // weekly list only on Mondays
    const keys = (await pushRows(prisma)).filter((r) => r.kind === 'stalled').map((r) => r.periodKey);
    expect(keys).toContain(`opp:${over.id}:2026-11-12T01:00:00.000Z`);

    // The query: 14 days as one threshold; without a number, per-stage thresholds.
    const mgr = await loadUser(prisma, org.manager);
    const q14 = await stalledQuery(prisma, envFor(mgr, now, { kind: 'stalled', days: 14 }));
    expect(q14.text).toBe('🐢 停滞超过 14 天的商机（1）\n• 远航物流（王强） · 方案 20天（阈值14天） · 5万元');
    const qDefault = await stalledQuery(prisma, envFor(mgr, at('2026-11-24T09:00:00+08:00'), { kind: 'stalled' }));
    expect(qDefault.text.split('\n')).toEqual(['🐢 停滞商机（2）', '• 方舟电子（李娜） · 谈判 12天（阈值10天） · 30万元', '• 远航物流（王强） · 谈判 11天（阈值10天） · 10万元']);
    // A rep only sees their own deals.
    const repView = await QUERY_HANDLERS.stalled!(prisma, envFor(await loadUser(prisma, org.rep), at('2026-11-24T09:00:00+08:00'), { kind: 'stalled' }));
    expect(repView.text.split('\n')).toEqual(['🐢 停滞商机（1）', '• 方舟电子 · 谈判 12天（阈值10天） · 30万元']);
  });

  it('weekly and monthly rankings go to the team chat for the previous week / month', async () => {
    const c = await customer(prisma, org.rep, '方舟电子', { createdAt: at('2026-11-18T10:00:00+08:00') });
    await act(prisma, org.rep, 'VISIT', at('2026-11-18T10:00:00+08:00'), c.id);
    await act(prisma, org.rep, 'CALL', at('2026-11-22T23:59:00+08:00'), c.id);
    await act(prisma, org.rep2, 'CALL', at('2026-11-23T00:00:00+08:00')); // this week: not in W47
    await sched.tick(at('2026-11-23T09:00:00+08:00'));
    const chat = ch.to('chat:console:yibu');
    expect(chat).toHaveLength(1);
    expect(chat[0].text.split('\n')[0]).toBe('🏅 一部 周排名（2026年11月16日–2026年11月22日）');
    expect(chat[0].text).toMatch(/李娜\s.*\s2 🏆/);
    expect(chat[0].text).toContain('合计：赢单 ¥0 · 新增商机 ¥0 · 新客户 1 · 跟进 2 次');
    // Monthly: on Dec 1 for November (the 3 activities above).
    await sched.tick(at('2026-12-01T09:00:00+08:00'));
    const monthly = ch.to('chat:console:yibu').filter((d) => d.text.includes('月排名'));
    expect(monthly.map((d) => d.text.split('\n')[0])).toEqual(['🏅 一部 2026年11月排名']);
    expect(monthly[0].text).toContain('跟进 3 次');
    const rows = (await pushRows(prisma)).filter((r) => r.kind.endsWith('ranking')).map((r) => [r.kind, r.recipient, r.periodKey]);
    expect(rows).toEqual([
      ['monthly_ranking', 'chat:console:yibu', 'monthly:2026-11'],
      ['weekly_ranking', 'chat:console:yibu', 'weekly:2026-W47'],
    ]);
    // NY has no chat target: its managers get the ranking instead, in English, at 09:00 New York time.
    const ny = ch.to(`user:${org.nyManager}`).filter((d) => d.text.startsWith('🏅'));
    expect(ny).toHaveLength(0);
    await sched.tick(at('2026-11-23T09:00:00-05:00'));
    expect(ch.to(`user:${org.nyManager}`).filter((d) => d.text.startsWith('🏅')).map((d) => d.text.split('\n')[0])).toEqual(['🏅 NY weekly ranking (2026-11-16 – 2026-11-22)']);
  });
});
