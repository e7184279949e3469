// Reminders and the morning digest with a controllable clock: due/overdue boundaries, quiet
// hours and 今晚, Asia/Shanghai vs America/New_York across the 2026-11-01 DST change.
import { beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/schedulers/index.js';
import { dueOccurrence } from '../../src/schedulers/jobs.js';
import { DEFAULT_SETTINGS, inQuietHours, quietHoursEnd } from '../../src/schedulers/config.js';
import { handleTaskAction } from './actions.js';
import { RecordingChannel, at, createOrg, customer, dbPairs, outboundFor, pushRows, task, type Org } from './helpers.js';
import { useTestDb } from '../helpers/suite.js';

describe('quiet hours and schedule arithmetic (pure)', () => {
  it('21:00–08:00 wraps midnight; boundaries are [start, end)', () => {
    const q = { start: '21:00', end: '08:00' };
    const tz = 'Asia/Shanghai';
    expect(inQuietHours(at('2026-11-23T20:59:00+08:00'), tz, q)).toBe(false);
    expect(inQuietHours(at('2026-11-23T21:00:00+08:00'), tz, q)).toBe(true);
    expect(inQuietHours(at('2026-11-24T07:59:00+08:00'), tz, q)).toBe(true);
    expect(inQuietHours(at('2026-11-24T08:00:00+08:00'), tz, q)).toBe(false);
    expect(quietHoursEnd(at('2026-11-23T22:00:00+08:00'), tz, q).toISOString()).toBe(at('2026-11-24T08:00:00+08:00').toISOString());
    expect(quietHoursEnd(at('2026-11-24T02:00:00+08:00'), tz, q).toISOString()).toBe(at('2026-11-24T08:00:00+08:00').toISOString());
  });

  it('quiet hours end at 08:00 local on both sides of the New York DST change', () => {
    const q = { start: '21:00', end: '08:00' };
    // Sat 2026-10-31 22:00 EDT (-04:00) -> Sun 2026-11-01 08:00 EST (-05:00): 11 hours, not 10.
    const end = quietHoursEnd(at('2026-10-31T22:00:00-04:00'), 'America/New_York', q);
    expect(end.toISOString()).toBe('2026-11-01T13:00:00.000Z');
    // Shanghai has no DST: the same wall-clock rule is always 00:00Z.
    expect(quietHoursEnd(at('2026-10-31T22:00:00+08:00'), 'Asia/Shanghai', q).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('team jobs fire in the team zone, within the catch-up window, on the right days', () => {
    const s = DEFAULT_SETTINGS;
    // Monday 2026-11-02 08:30 in New York is 13:30Z after the DST change (it was 12:30Z the week before).
    expect(dueOccurrence('digest', at('2026-11-02T12:30:00Z'), 'America/New_York', s)).toBeNull();
    expect(dueOccurrence('digest', at('2026-11-02T13:30:00Z'), 'America/New_York', s)).toBe('2026-11-02');
    expect(dueOccurrence('digest', at('2026-10-30T12:30:00Z'), 'America/New_York', s)).toBe('2026-10-30');
    // Shanghai: 08:30 local is 00:30Z every day.
    expect(dueOccurrence('digest', at('2026-11-02T00:29:00Z'), 'Asia/Shanghai', s)).toBeNull();
    expect(dueOccurrence('digest', at('2026-11-02T00:30:00Z'), 'Asia/Shanghai', s)).toBe('2026-11-02');
    expect(dueOccurrence('digest', at('2026-11-02T02:29:00Z'), 'Asia/Shanghai', s)).toBe('2026-11-02');
    expect(dueOccurrence('digest', at('2026-11-02T02:30:00Z'), 'Asia/Shanghai', s)).toBeNull(); // window (120 min) over
    // Weekends are not workdays by default; weekly jobs only on Monday; monthly only on the 1st.
    expect(dueOccurrence('digest', at('2026-11-01T00:30:00Z'), 'Asia/Shanghai', s)).toBeNull();
    expect(dueOccurrence('weeklyRanking', at('2026-11-23T01:00:00Z'), 'Asia/Shanghai', s)).toBe('2026-11-23');
    expect(dueOccurrence('weeklyRanking', at('2026-11-24T01:00:00Z'), 'Asia/Shanghai', s)).toBeNull();
    expect(dueOccurrence('monthlyRanking', at('2026-12-01T01:00:00Z'), 'Asia/Shanghai', s)).toBe('2026-12-01');
    expect(dueOccurrence('monthlyRanking', at('2026-12-02T01:00:00Z'), 'Asia/Shanghai', s)).toBeNull();
    expect(dueOccurrence('dailyReport', at('2026-11-23T10:30:00Z'), 'Asia/Shanghai', { ...s, disabled: ['dailyReport'] })).toBeNull();
  });
});

describe.each(await dbPairs())('reminders on $kind', ({ create }) => {
  const suite = useTestDb(create, { reset: true });
  let org: Org;
  let ch: RecordingChannel;
  let sched: Scheduler;
  const rem = (u: string) => ch.to(`user:${u}`).filter((d) => d.text.startsWith('⏰'));

  beforeEach(async () => {
    org = await createOrg(suite.db.a.prisma);
    ch = new RecordingChannel();
    sched = new Scheduler({ db: suite.db.a, outbound: outboundFor(ch) });
  });

  it('fires exactly at the due minute, not a minute before, and only once', async () => {
    const t = await task(suite.db.a.prisma, org.rep, '给王总打电话', at('2026-11-24T09:00:00+08:00'), '明天');
    await sched.tick(at('2026-11-24T08:59:00+08:00'));
    expect(rem(org.rep)).toHaveLength(0);
    await sched.tick(at('2026-11-24T09:00:00+08:00'));
    expect(rem(org.rep).map((d) => d.text)).toEqual(['⏰ 待办提醒：给王总打电话\n时间：11月24日 09:00（明天）']);
    expect(rem(org.rep)[0].message.buttons).toEqual([
      { label: '完成', action: 'task_done', targetId: t.id },
      { label: '推迟到明天', action: 'task_snooze', targetId: t.id },
    ]);
    await sched.tick(at('2026-11-24T09:01:00+08:00'));
    await sched.tick(at('2026-11-24T10:00:00+08:00'));
    expect(rem(org.rep)).toHaveLength(1);
    const rows = await pushRows(suite.db.a.prisma);
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => [r.recipient, r.periodKey, r.status])).toEqual([[`user:${org.rep}`, `task:${t.id}:2026-11-24T01:00:00.000Z`, 'SENT']]);
    expect((await suite.db.a.prisma.task.findUniqueOrThrow({ where: { id: t.id } })).remindedAt?.toISOString()).toBe(at('2026-11-24T09:00:00+08:00').toISOString());
  });

  it('snoozing creates a new due time and therefore a new reminder; done tasks are not reminded', async () => {
    const t = await task(suite.db.a.prisma, org.rep, '发方案', at('2026-11-24T10:00:00+08:00'));
    const done = await task(suite.db.a.prisma, org.rep, '已完成的事', at('2026-11-24T10:00:00+08:00'), null, { status: 'DONE', completedAt: at('2026-11-24T09:00:00+08:00') });
    await sched.tick(at('2026-11-24T10:00:00+08:00'));
    expect(rem(org.rep).map((d) => d.message.buttons?.[0].targetId)).toEqual([t.id]);
    await handleTaskAction(suite.db.a.prisma, 'rep', 'task_snooze', t.id, at('2026-11-24T10:05:00+08:00'));
    await sched.tick(at('2026-11-25T08:59:00+08:00'));
    expect(rem(org.rep)).toHaveLength(1);
    await sched.tick(at('2026-11-25T09:00:00+08:00'));
    expect(rem(org.rep)).toHaveLength(2);
    expect(rem(org.rep)[1].text).toContain('11月25日 09:00');
    const keys = (await pushRows(suite.db.a.prisma)).filter((r) => r.kind === 'reminder').map((r) => r.periodKey);
    expect(keys).toEqual([`task:${t.id}:2026-11-24T02:00:00.000Z`, `task:${t.id}:2026-11-25T01:00:00.000Z`]);
    expect(keys.some((k) => k.includes(done.id))).toBe(false);
  });

  it('a task due 22:00 is held until 08:00; a 今晚 task is sent at its time even inside quiet hours', async () => {
    await task(suite.db.a.prisma, org.rep, '整理报价单', at('2026-11-24T22:00:00+08:00'), '周二晚上10点');
    await task(suite.db.a.prisma, org.rep2, '给刘总回电话', at('2026-11-24T20:00:00+08:00'), '今晚');
    await task(suite.db.a.prisma, org.rep2, '发微信确认', at('2026-11-24T22:30:00+08:00'), '今晚10点半');
    await sched.tick(at('2026-11-24T20:00:00+08:00'));
    expect(rem(org.rep2).map((d) => d.text.split('\n')[0])).toEqual(['⏰ 待办提醒：给刘总回电话']);
    await sched.tick(at('2026-11-24T22:00:00+08:00'));
    expect(rem(org.rep)).toHaveLength(0);
    const held = (await pushRows(suite.db.a.prisma)).find((r) => r.recipient === `user:${org.rep}` && r.kind === 'reminder')!;
    expect(held.status).toBe('PENDING');
    expect(held.nextAttempt.toISOString()).toBe(at('2026-11-25T08:00:00+08:00').toISOString());
    await sched.tick(at('2026-11-24T22:30:00+08:00'));
    expect(rem(org.rep2).map((d) => d.text.split('\n')[0])).toEqual(['⏰ 待办提醒：给刘总回电话', '⏰ 待办提醒：发微信确认']);
    await sched.tick(at('2026-11-25T07:59:00+08:00'));
    expect(rem(org.rep)).toHaveLength(0);
    await sched.tick(at('2026-11-25T08:00:00+08:00'));
    expect(rem(org.rep).map((d) => d.text)).toEqual(['⏰ 待办提醒：整理报价单\n时间：11月24日 22:00（周二晚上10点）']);
  });

  it('a team can move or disable quiet hours', async () => {
    await suite.db.a.prisma.team.update({ where: { id: org.teamId }, data: { settings: { quietHours: null } } });
    await task(suite.db.a.prisma, org.rep, '深夜任务', at('2026-11-24T23:00:00+08:00'));
    await sched.tick(at('2026-11-24T23:00:00+08:00'));
    expect(rem(org.rep)).toHaveLength(1);
  });

  it('time zones: reminders, digests and quiet hours use each team zone, across the New York DST change', async () => {
    // John (New York) has a task due Sat 2026-10-31 22:00 EDT: held to Sun 08:00 EST = 13:00Z.
    await task(suite.db.a.prisma, org.nyRep, 'Send the quote', at('2026-10-31T22:00:00-04:00'), 'Saturday night');
    await sched.tick(at('2026-11-01T02:00:00Z'));
    expect(rem(org.nyRep)).toHaveLength(0);
    await sched.tick(at('2026-11-01T12:00:00Z')); // 07:00 EST — an hour before 08:00 local
    expect(rem(org.nyRep)).toHaveLength(0);
    await sched.tick(at('2026-11-01T13:00:00Z'));
    expect(rem(org.nyRep).map((d) => d.text)).toEqual(['⏰ Reminder: Send the quote\nDue: Oct 31 22:00 (Saturday night)']);
    expect(rem(org.nyRep)[0].message.buttons?.map((b) => b.label)).toEqual(['Done', 'Snooze']);

    // Monday 2026-11-02: Shanghai's digest goes at 00:30Z, New York's at 13:30Z (08:30 EST).
    await task(suite.db.a.prisma, org.rep, '拜访客户', at('2026-11-02T15:00:00+08:00'));
    await task(suite.db.a.prisma, org.nyRep, 'Demo', at('2026-11-02T15:00:00-05:00'));
    const digests = () => ch.sent.filter((d) => d.text.startsWith('☀️')).map((d) => d.to);
    await sched.tick(at('2026-11-02T00:30:00Z'));
    expect(digests()).toEqual([`user:${org.rep}`]);
    await sched.tick(at('2026-11-02T12:30:00Z')); // 07:30 in New York
    expect(digests()).toEqual([`user:${org.rep}`]);
    await sched.tick(at('2026-11-02T13:30:00Z'));
    expect(digests()).toEqual([`user:${org.rep}`, `user:${org.nyRep}`]);
    const ny = ch.to(`user:${org.nyRep}`).find((d) => d.text.startsWith('☀️'))!;
    expect(ny.text).toContain('📋 Today (1)\n  • Demo · Nov 2 15:00');
    const keys = (await pushRows(suite.db.a.prisma)).filter((r) => r.kind === 'digest').map((r) => r.periodKey);
    expect(keys).toEqual(['digest:2026-11-02', 'digest:2026-11-02']);
  });

  it('overdue tasks roll into the next morning digest, with today\'s tasks and hot customers', async () => {
    await task(suite.db.a.prisma, org.rep, '发合同', at('2026-11-23T17:00:00+08:00'), '今天下班前');
    await task(suite.db.a.prisma, org.rep, '老任务', at('2026-11-18T09:00:00+08:00'));
    await task(suite.db.a.prisma, org.rep, '回访', at('2026-11-24T14:00:00+08:00'));
    await task(suite.db.a.prisma, org.rep, '下周的事', at('2026-11-30T09:00:00+08:00'));
    await customer(suite.db.a.prisma, org.rep, '方舟电子', { hot: true, hotNote: '12月10日左右签单', lastContactAt: at('2026-11-20T10:00:00+08:00') });
    await customer(suite.db.a.prisma, org.rep, '华星科技', { hot: true, hotNote: null as unknown as string });
    await sched.tick(at('2026-11-24T08:30:00+08:00'));
    const d = ch.to(`user:${org.rep}`).filter((x) => x.text.startsWith('☀️'));
    expect(d).toHaveLength(1);
    expect(d[0].text).toBe(
      [
        '☀️ 早上好，李娜！今日待办摘要',
        '⚠️ 已逾期（2）',
        '  • 老任务 · 11月18日 09:00',
        '  • 发合同 · 11月23日 17:00（今天下班前）',
        '📋 今天（1）',
        '  • 回访 · 11月24日 14:00',
        '🔥 热点客户（2）',
        '  • 华星科技 · 从未联系',
        '  • 方舟电子 · 12月10日左右签单 · 3天未联系',
      ].join('\n'),
    );
    // rep2 and the manager have nothing: no empty digest.
    expect(ch.to(`user:${org.rep2}`)).toHaveLength(0);
    expect(ch.to(`user:${org.manager}`)).toHaveLength(0);
  });

  it('long-overdue tasks get no individual reminder (no flood after an outage), only the digest', async () => {
    await task(suite.db.a.prisma, org.rep, '很久以前', at('2026-11-23T09:00:00+08:00'));
    await task(suite.db.a.prisma, org.rep, '刚刚到期', at('2026-11-23T20:00:00+08:00'));
    await sched.tick(at('2026-11-23T21:30:00+08:00'));
    // 12 h lookback: 09:00 is 12.5 h ago. 20:00 is due; 21:30 is quiet so it waits to 08:00.
    await sched.tick(at('2026-11-24T08:00:00+08:00'));
    expect(rem(org.rep).map((d) => d.text.split('\n')[0])).toEqual(['⏰ 待办提醒：刚刚到期']);
  });
});
