// The outbox: exactly-once recording, claim-based delivery, retry with backoff, permanent failure,
// and two scheduler instances on one database (PGlite and PostgreSQL).
import { beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, deliverDue, enqueue, requeueFailed } from '../../src/domain/pushes/outbox.js';
import { acquireLease, releaseLease, withJobLock } from '../../src/domain/pushes/locks.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { RecordingChannel, at, createOrg, dbPairs, outboundFor, pushRows, task, type DbPair, type Org } from './helpers.js';
import { useTestDb } from '../helpers/suite.js';

const payload = (userId: string, text: string) => ({ recipient: { kind: 'user' as const, userId }, message: { text }, tz: 'Asia/Shanghai', quiet: { start: '21:00', end: '08:00' } });

describe.each(await dbPairs())('outbox on $kind', ({ create }) => {
  const suite = useTestDb(create, { reset: true });
  let org: Org;
  beforeEach(async () => {
    org = await createOrg(suite.db.a.prisma);
  });

  it('records a push once per (kind, recipient, periodKey), also when two clients race', async () => {
    const r = { kind: 'user' as const, userId: org.rep };
    const results = await Promise.all([
      enqueue(suite.db.a.prisma, 'digest', r, 'digest:2026-11-23', payload(org.rep, 'A')),
      enqueue(suite.db.b.prisma, 'digest', r, 'digest:2026-11-23', payload(org.rep, 'B')),
      enqueue(suite.db.a.prisma, 'digest', r, 'digest:2026-11-23', payload(org.rep, 'C')),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await enqueue(suite.db.b.prisma, 'digest', r, 'digest:2026-11-24', payload(org.rep, 'D'))).toBe(true);
    const rows = await pushRows(suite.db.a.prisma);
    expect(rows.map((x) => [x.kind, x.recipient, x.periodKey, x.status])).toEqual([
      ['digest', `user:${org.rep}`, 'digest:2026-11-23', 'PENDING'],
      ['digest', `user:${org.rep}`, 'digest:2026-11-24', 'PENDING'],
    ]);
  });

  it('a failing channel is retried with exponential backoff until it succeeds; the row is never dropped', async () => {
    const ch = new RecordingChannel();
    const outbound = outboundFor(ch);
    const t0 = at('2026-11-23T10:00:00+08:00');
    await enqueue(suite.db.a.prisma, 'digest', { kind: 'user', userId: org.rep }, 'digest:2026-11-23', payload(org.rep, '早上好'), { notBefore: t0 });
    ch.failures = 3;

    let r = await deliverDue(suite.db.a.prisma, outbound, t0);
    expect(r).toMatchObject({ sent: 0, retried: 1 });
    let row = (await pushRows(suite.db.a.prisma))[0];
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'platform API returned 503' });
    expect(row.nextAttempt.getTime() - t0.getTime()).toBe(60_000);

    // Not due yet 59 s later: nothing is attempted.
    r = await deliverDue(suite.db.a.prisma, outbound, new Date(t0.getTime() + 59_000));
    expect(ch.attempts).toBe(1);

    const t1 = new Date(t0.getTime() + 60_000);
    await deliverDue(suite.db.a.prisma, outbound, t1);
    row = (await pushRows(suite.db.a.prisma))[0];
    expect(row).toMatchObject({ status: 'PENDING', attempts: 2 });
    expect(row.nextAttempt.getTime() - t1.getTime()).toBe(120_000);

    const t2 = new Date(t1.getTime() + 120_000);
    await deliverDue(suite.db.a.prisma, outbound, t2);
    row = (await pushRows(suite.db.a.prisma))[0];
    expect(row).toMatchObject({ status: 'PENDING', attempts: 3 });
    expect(row.nextAttempt.getTime() - t2.getTime()).toBe(240_000);

    const t3 = new Date(t2.getTime() + 240_000);
    r = await deliverDue(suite.db.a.prisma, outbound, t3);
    expect(r.sent).toBe(1);
    row = (await pushRows(suite.db.a.prisma))[0];
    expect(row).toMatchObject({ status: 'SENT', attempts: 4, lastError: null });
    expect(row.sentAt?.getTime()).toBe(t3.getTime());
    expect(ch.sent.map((d) => [d.to, d.text])).toEqual([[`user:${org.rep}`, '早上好']]);

    // Sent rows are never sent again.
    await deliverDue(suite.db.a.prisma, outbound, new Date(t3.getTime() + 86_400_000));
    expect(ch.sent).toHaveLength(1);
  });

  it('backoff doubles and is capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('an unreachable recipient is marked FAILED (kept, with the error) and can be requeued', async () => {
    const ch = new RecordingChannel();
    ch.reachable = new Set([org.rep2]);
    const t0 = at('2026-11-23T10:00:00+08:00');
    await enqueue(suite.db.a.prisma, 'digest', { kind: 'user', userId: org.rep }, 'digest:2026-11-23', payload(org.rep, 'x'), { notBefore: t0 });
    const r = await deliverDue(suite.db.a.prisma, outboundFor(ch), t0);
    expect(r.failed).toBe(1);
    const row = (await pushRows(suite.db.a.prisma))[0];
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toContain('no channel can reach');
    // A process without the recipient's channel (the CLI) leaves the row for one that has it.
    await enqueue(suite.db.a.prisma, 'digest', { kind: 'user', userId: org.rep }, 'digest:2026-11-24', payload(org.rep, 'y'), { notBefore: t0 });
    const left = await deliverDue(suite.db.a.prisma, outboundFor(ch), t0, { unreachable: 'leave' });
    expect(left).toMatchObject({ left: 1, failed: 0 });
    const kept = (await pushRows(suite.db.a.prisma)).find((x) => x.periodKey === 'digest:2026-11-24')!;
    expect(kept).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(kept.nextAttempt.getTime()).toBe(t0.getTime());
    ch.reachable = null;
    await deliverDue(suite.db.a.prisma, outboundFor(ch), t0);
    expect(ch.sent.map((d) => d.text)).toEqual(['y']);
    ch.clear();
    expect(await requeueFailed(suite.db.a.prisma, t0)).toBe(1);
    await deliverDue(suite.db.a.prisma, outboundFor(ch), t0);
    expect(ch.sent.map((d) => d.to)).toEqual([`user:${org.rep}`]);
  });

  it('a push that comes due in quiet hours is held until they end, without counting an attempt', async () => {
    const ch = new RecordingChannel();
    const t = at('2026-11-23T22:30:00+08:00');
    await enqueue(suite.db.a.prisma, 'digest', { kind: 'user', userId: org.rep }, 'k', payload(org.rep, 'late'), { notBefore: t });
    const r = await deliverDue(suite.db.a.prisma, outboundFor(ch), t);
    expect(r).toMatchObject({ held: 1, sent: 0 });
    const row = (await pushRows(suite.db.a.prisma))[0];
    expect(row).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(row.nextAttempt.toISOString()).toBe(at('2026-11-24T08:00:00+08:00').toISOString());
    await deliverDue(suite.db.a.prisma, outboundFor(ch), at('2026-11-24T07:59:00+08:00'));
    expect(ch.sent).toHaveLength(0);
    await deliverDue(suite.db.a.prisma, outboundFor(ch), at('2026-11-24T08:00:00+08:00'));
    expect(ch.sent.map((d) => d.text)).toEqual(['late']);
  });

  it('two deliverers racing over the same rows send each row exactly once', async () => {
    const chA = new RecordingChannel();
    const chB = new RecordingChannel();
    chA.delayMs = chB.delayMs = 5;
    const t = at('2026-11-23T10:00:00+08:00');
    const users = [org.rep, org.rep2, org.manager];
    for (const u of users) for (let i = 0; i < 4; i++) await enqueue(suite.db.a.prisma, 'digest', { kind: 'user', userId: u }, `k${i}`, payload(u, `${u}-${i}`), { notBefore: t });
    const [ra, rb] = await Promise.all([deliverDue(suite.db.a.prisma, outboundFor(chA), t), deliverDue(suite.db.b.prisma, outboundFor(chB), t)]);
    expect(ra.sent + rb.sent).toBe(12);
    const texts = [...chA.sent, ...chB.sent].map((d) => d.text).sort();
    expect(texts).toEqual(users.flatMap((u) => [0, 1, 2, 3].map((i) => `${u}-${i}`)).sort());
    expect((await pushRows(suite.db.a.prisma)).every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
  });

  it('a SENDING row whose sender died is picked up again after the lease', async () => {
    const t = at('2026-11-23T10:00:00+08:00');
    await enqueue(suite.db.a.prisma, 'digest', { kind: 'user', userId: org.rep }, 'k', payload(org.rep, 'x'), { notBefore: t });
    // Simulate a crash right after claiming.
    await suite.db.a.prisma.push.updateMany({ data: { status: 'SENDING', nextAttempt: new Date(t.getTime() + 5 * 60_000) } });
    const ch = new RecordingChannel();
    await deliverDue(suite.db.a.prisma, outboundFor(ch), new Date(t.getTime() + 60_000));
    expect(ch.sent).toHaveLength(0);
    await deliverDue(suite.db.a.prisma, outboundFor(ch), new Date(t.getTime() + 5 * 60_000));
    expect(ch.sent).toHaveLength(1);
  });

  it('job lock: only one holder at a time; released afterwards', async () => {
    if (suite.db.kind === 'pglite') {
      expect(await acquireLease(suite.db.a.prisma, 'x', 'A', 60_000)).toBe(true);
      expect(await acquireLease(suite.db.a.prisma, 'x', 'B', 60_000)).toBe(false);
      await releaseLease(suite.db.a.prisma, 'x', 'A');
      expect(await acquireLease(suite.db.a.prisma, 'x', 'B', 60_000)).toBe(true);
      await releaseLease(suite.db.a.prisma, 'x', 'B');
    }
    let inside = 0;
    let maxInside = 0;
    const body = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await new Promise((r) => setTimeout(r, 150));
      inside--;
      return 1;
    };
    const [x, y] = await Promise.all([
      withJobLock(suite.db.a, 'job', { holder: 'A' }, body),
      withJobLock(suite.db.b, 'job', { holder: 'B' }, body),
    ]);
    expect([x.ran, y.ran].filter(Boolean)).toHaveLength(1);
    expect(maxInside).toBe(1);
    const z = await withJobLock(suite.db.b, 'job', { holder: 'B' }, body);
    expect(z.ran).toBe(true);
  });

  it('TWO scheduler instances ticking the same minute on one database send every push once', async () => {
    // Due reminders for three people, a digest morning, and the weekly ranking (Monday 09:00).
    await task(suite.db.a.prisma, org.rep, '给刘总打电话', at('2026-11-23T08:55:00+08:00'), '今天上午');
    await task(suite.db.a.prisma, org.rep2, '发方案', at('2026-11-23T09:00:00+08:00'));
    await task(suite.db.a.prisma, org.manager, '审合同', at('2026-11-23T08:59:00+08:00'));
    const chA = new RecordingChannel();
    const chB = new RecordingChannel();
    chA.delayMs = chB.delayMs = 3;
    const mk = (db: DbPair['a'], ch: RecordingChannel, id: string) => new Scheduler({ db, outbound: outboundFor(ch), instanceId: id });
    const A = mk(suite.db.a, chA, 'A');
    const B = mk(suite.db.b, chB, 'B');
    const now = at('2026-11-23T09:00:00+08:00');
    const [ra, rb] = await Promise.all([A.tick(now), B.tick(now)]);
    // Whoever lost the lock only delivered; a second round (the next minute) adds nothing.
    await Promise.all([A.tick(new Date(now.getTime() + 60_000)), B.tick(new Date(now.getTime() + 60_000))]);
    const all = [...chA.sent, ...chB.sent];
    const keys = all.map((d) => d.to + ' ' + d.text.split('\n')[0]);
    expect(new Set(keys).size).toBe(keys.length);
    const rows = await pushRows(suite.db.a.prisma);
    expect(rows.length).toBe(all.length);
    expect(rows.every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
    // Exactly: 3 reminders, the weekly ranking to the team chat, digests for the 3 with tasks.
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => r.recipient).sort()).toEqual([org.rep, org.rep2, org.manager].map((u) => `user:${u}`).sort());
    expect(rows.filter((r) => r.kind === 'weekly_ranking').map((r) => [r.recipient, r.periodKey])).toEqual([['chat:console:yibu', 'weekly:2026-W47']]);
    expect(ra.scanned || rb.scanned).toBe(true);

    // And without the lock at all (both instances plan and deliver the same job concurrently),
    // the unique key and the delivery claim still give exactly one send.
    await task(suite.db.a.prisma, org.rep, '第二个', at('2026-11-23T09:05:00+08:00'));
    const later = at('2026-11-23T09:05:00+08:00');
    chA.clear();
    chB.clear();
    const runs = await Promise.all([A.runJob('reminders', later), B.runJob('reminders', later), A.runJob('reminders', later)]);
    expect(runs.map((r) => r.planned)).toEqual([1, 1, 1]);
    expect(runs.reduce((s, r) => s + r.enqueued, 0)).toBe(1);
    await Promise.all([A.deliver(later), B.deliver(later)]);
    expect([...chA.sent, ...chB.sent].map((d) => [d.to, d.text.split('\n')[0]])).toEqual([[`user:${org.rep}`, '⏰ 待办提醒：第二个']]);
  });
});
