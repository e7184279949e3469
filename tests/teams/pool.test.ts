// 公海 with a controllable clock: the scheduler's tick applies the team's rules once per local
// day (also with two instances on one database), warns owners before, and reps claim from the
// pool by chat within the limit — two reps racing for one customer cannot both get it.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey } from '../../src/domain/customers.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { StubParser, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { RecordingChannel, dbPairs, outboundFor } from '../schedulers/helpers.js';

const OCT1 = new Date('2026-10-01T00:00:00+08:00');

describe.each(await dbPairs())('公海 rules and claims on $kind', ({ kind, create }) => {
  const suite = useTestDb(create, { world: true });
  let clock: Date;
  let assistant: SalesAssistant;
  let ch: RecordingChannel;
  let seq = 0;
  const prisma = () => suite.db.a.prisma;
  const say = (who: string, text: string) => assistant.handleMessage({ platform: 'CONSOLE', externalId: `p${++seq}`, senderId: who, text });
  const scheduler = (db = suite.db.a, id = 'a') => new Scheduler({ db, outbound: outboundFor(ch), now: () => clock, instanceId: id, log: () => {} });
  const add = (ownerId: string, name: string, extra: { level?: string; lastContactAt?: Date; lifecycle?: 'SIGNED' } = {}) =>
    prisma().customer.create({ data: { name, normalizedName: customerKey(name), ownerId, ownerSince: OCT1, createdAt: OCT1, ...extra } });
  const ownerOf = async (id: string) => (await prisma().customer.findUniqueOrThrow({ where: { id }, include: { owner: true } })).owner;

  beforeEach(async () => {
    await prisma().team.update({ where: { id: suite.world.teamId }, data: { chatTarget: 'console:yibu' } });
    clock = new Date('2026-11-22T12:00:00+08:00');
    ch = new RecordingChannel();
    assistant = new SalesAssistant(makeContext(prisma(), { now: () => clock }), { parser: new StubParser(), log: () => {} });
    // Rules set by the manager in chat, stored in Team.settings like every other setting.
    expect((await say('mgr', '团队 一部 公海 30天未跟进 提前3天提醒 每人每天领取2个')).outcome).toBe('APPLIED');
    expect((await say('mgr', '团队 一部 公海 A级 60天未跟进')).outcome).toBe('APPLIED');
  });

  it('returns stale customers at the team’s pool time, once per day, and warns owners before', async () => {
    const stale = await add(suite.world.rep.id, '北辰仪器', { lastContactAt: new Date('2026-10-20T10:00:00+08:00') });
    const levelA = await add(suite.world.rep.id, '东岳重工', { level: 'A', lastContactAt: new Date('2026-10-20T10:00:00+08:00') });
    const soon = await add(suite.world.rep.id, '南湖药业', { lastContactAt: new Date('2026-10-26T10:00:00+08:00') });
    const signed = await add(suite.world.rep.id, '西岭电力', { lifecycle: 'SIGNED' });
    const otherTeam = await add(suite.world.outsider.id, '中原物流');

    // 06:59 local: not yet the pool time (07:00).
    clock = new Date('2026-11-23T06:59:00+08:00');
    await scheduler().tick(clock);
    expect((await ownerOf(stale.id)).poolTeamId).toBeNull();

    clock = new Date('2026-11-23T07:00:00+08:00');
    await scheduler().tick(clock);
    expect((await ownerOf(stale.id)).poolTeamId).toBe(suite.world.teamId);
    for (const c of [levelA, soon, signed]) expect((await ownerOf(c.id)).id).toBe(suite.world.rep.id);
    expect((await ownerOf(otherTeam.id)).id).toBe(suite.world.outsider.id);
    const ev = await prisma().customerEvent.findFirstOrThrow({ where: { customerId: stale.id } });
    expect(ev).toMatchObject({ kind: 'POOL_RETURN', fromUserId: suite.world.rep.id, actorId: null });

    // Notices wait for the end of quiet hours (08:00) like every push.
    expect(ch.sent).toHaveLength(0);
    await scheduler().deliver(new Date('2026-11-23T08:00:00+08:00'));
    const toRep = ch.to(`user:${suite.world.rep.id}`).map((d) => d.text);
    expect(toRep.find((t) => t.includes('退回了公海'))).toContain('北辰仪器');
    const warn = toRep.find((t) => t.includes('即将退回公海'));
    expect(warn).toContain('南湖药业');
    expect(warn).not.toContain('东岳重工');
    expect(ch.to('chat:console:yibu').some((d) => d.text.includes('北辰仪器'))).toBe(true);

    // Later in the catch-up window, a fresh instance (no memo), and the second database client:
    // the PoolRun row makes every further run that day a no-op.
    const sent = ch.sent.length;
    clock = new Date('2026-11-23T07:40:00+08:00');
    await scheduler(suite.db.a, 'fresh').tick(clock);
    await scheduler(suite.db.b, 'b').tick(clock);
    expect(await prisma().poolRun.count()).toBe(1);
    expect(await prisma().customerEvent.count()).toBe(1);
    expect(ch.sent.length).toBe(sent);

    // Three days later the warned customer (no follow-up since 10-26) returns too.
    clock = new Date('2026-11-26T07:05:00+08:00');
    await scheduler().tick(clock);
    expect((await ownerOf(soon.id)).poolTeamId).toBe(suite.world.teamId);
    expect((await ownerOf(levelA.id)).id).toBe(suite.world.rep.id);
    expect(await prisma().poolRun.count()).toBe(2);
  });

  it('two instances ticking at the same moment apply the rules once', async () => {
    const names = ['甲一科技', '甲二科技', '甲三科技', '甲四科技'];
    for (const n of names) await add(suite.world.rep.id, n, { lastContactAt: new Date('2026-10-02T10:00:00+08:00') });
    clock = new Date('2026-11-23T07:01:00+08:00');
    await Promise.all([scheduler(suite.db.a, 'a').tick(clock), scheduler(suite.db.b, 'b').tick(clock)]);
    expect(await prisma().poolRun.count()).toBe(1);
    expect(await prisma().customerEvent.count({ where: { kind: 'POOL_RETURN' } })).toBe(names.length);
    await Promise.all([scheduler(suite.db.a, 'a').deliver(new Date('2026-11-23T08:00:00+08:00')), scheduler(suite.db.b, 'b').deliver(new Date('2026-11-23T08:00:00+08:00'))]);
    expect(ch.to(`user:${suite.world.rep.id}`).filter((d) => d.text.includes('退回了公海'))).toHaveLength(1);
  });

  it('reps see the pool and claim within the daily limit; a claimed customer’s clock restarts', async () => {
    const holder = await prisma().user.create({ data: { displayName: '公海·一部', role: 'REP', active: false, teamId: suite.world.teamId, poolTeamId: suite.world.teamId } });
    for (const n of ['晨光文具', '暮色家居', '星辰影业']) await add(holder.id, n, { lastContactAt: new Date('2026-09-01T10:00:00+08:00') });
    clock = new Date('2026-11-23T15:00:00+08:00');
    const list = await say('rep2', '公海里有哪些客户');
    expect(list.outcome).toBe('ANSWERED');
    for (const n of ['晨光文具', '暮色家居', '星辰影业']) expect(list.text).toContain(n);

    expect((await say('rep2', '领取 晨光文具')).outcome).toBe('APPLIED');
    expect((await say('rep2', '领取暮色家居')).outcome).toBe('APPLIED');
    const third = await say('rep2', '领取 星辰影业');
    expect(third.outcome).toBe('REJECTED');
    expect(third.text).toContain('上限');
    const claimed = await prisma().customer.findFirstOrThrow({ where: { name: '晨光文具' } });
    expect(claimed).toMatchObject({ ownerId: suite.world.rep2.id, ownerSince: clock });

    // Next morning the claimed customers are not returned although their last contact is old.
    clock = new Date('2026-11-24T07:00:00+08:00');
    await scheduler().tick(clock);
    expect((await ownerOf(claimed.id)).id).toBe(suite.world.rep2.id);
    // A new day, a new allowance.
    expect((await say('rep2', '领取 星辰影业')).outcome).toBe('APPLIED');
    expect((await say('rep2', '领取 不存在公司')).outcome).toBe('REJECTED');
  });

  it('LIKE wildcards in a claimed or transferred name match only themselves', async () => {
    const holder = await prisma().user.create({ data: { displayName: '公海·一部', role: 'REP', active: false, teamId: suite.world.teamId, poolTeamId: suite.world.teamId } });
    const pooled = await add(holder.id, '青松家具');
    const mine = await add(suite.world.rep.id, '白桦木业');
    clock = new Date('2026-11-23T15:00:00+08:00');
    for (const text of ['领取 %', '领取 __', '领取 青%']) {
      const r = await say('rep2', text);
      expect({ text, outcome: r.outcome }).toEqual({ text, outcome: 'REJECTED' });
    }
    expect((await ownerOf(pooled.id)).id).toBe(holder.id);
    for (const text of ['把%转给李娜', '退回公海 %']) {
      const r = await say(text.startsWith('把') ? 'mgr' : 'rep', text);
      expect({ text, applied: r.outcome === 'APPLIED' }).toEqual({ text, applied: false });
    }
    expect((await ownerOf(mine.id)).id).toBe(suite.world.rep.id);
  });

  it.runIf(kind === 'postgres')('two reps claiming the same customer at once: exactly one gets it', async () => {
    const holder = await prisma().user.create({ data: { displayName: '公海·一部', role: 'REP', active: false, teamId: suite.world.teamId, poolTeamId: suite.world.teamId } });
    const c = await add(holder.id, '抢手科技');
    clock = new Date('2026-11-23T15:00:00+08:00');
    const other = new SalesAssistant(makeContext(suite.db.b.prisma, { now: () => clock }), { parser: new StubParser(), log: () => {} });
    const [a, b] = await Promise.all([
      assistant.handleMessage({ platform: 'CONSOLE', externalId: 'race-a', senderId: 'rep', text: '领取 抢手科技' }),
      other.handleMessage({ platform: 'CONSOLE', externalId: 'race-b', senderId: 'rep2', text: '领取 抢手科技' }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(['APPLIED', 'REJECTED']);
    const winner = a.outcome === 'APPLIED' ? suite.world.rep.id : suite.world.rep2.id;
    expect((await ownerOf(c.id)).id).toBe(winner);
    expect(await prisma().customerEvent.count({ where: { kind: 'CLAIM' } })).toBe(1);
  });

  it('a rep releases a customer to the pool and undo takes it back', async () => {
    const c = await add(suite.world.rep.id, '白鹭航运');
    const r = await say('rep', '把白鹭航运退回公海');
    expect(r.outcome).toBe('APPLIED');
    expect((await ownerOf(c.id)).poolTeamId).toBe(suite.world.teamId);
    const undo = new SalesAssistant(makeContext(prisma(), { now: () => clock }), { parser: new StubParser().on('撤销', parsed({ intent: 'undo' })), log: () => {} });
    expect((await undo.handleMessage({ platform: 'CONSOLE', externalId: 'undo-1', senderId: 'rep', text: '撤销' })).outcome).toBe('UNDO');
    expect((await ownerOf(c.id)).id).toBe(suite.world.rep.id);
  });
});
