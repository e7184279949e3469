// Edge cases with hand-built data and hand-computed answers: ties, one rep, a deal that skipped
// stages, no data; the target CLI; lifecycle marking; the text tables.
import { describe, expect, it } from 'vitest';
import { ChangeLog, revertChanges } from '../../src/domain/changes.js';
import { computeFunnel } from '../../src/domain/analytics/funnel.js';
import { lifecycleCounts, markCustomerLost, reviveCustomer, formatPools } from '../../src/domain/analytics/lifecycle.js';
import { recordDeal } from '../../src/domain/deals/record.js';
import { competitionRanks, computeRankings, formatRankings } from '../../src/domain/analytics/rankings.js';
import { periodKeyOf, parsePeriodKey } from '../../src/domain/analytics/periods.js';
import { displayWidth, renderTable } from '../../src/domain/analytics/table.js';
import { analyticsConfig } from '../../src/domain/analytics/config.js';
import { runTarget } from '../../src/cli/commands/target.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const NOV = { start: new Date('2026-10-31T16:00:00Z'), end: new Date('2026-11-30T16:00:00Z') };
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY);

describe('text tables and periods (no database)', () => {
  it('pads by display width so CJK columns line up', () => {
    expect(displayWidth('张三')).toBe(4);
    expect(displayWidth('Ab张')).toBe(4);
    const t = renderTable([{ header: '姓名' }, { header: 'N', align: 'right' }], [['张三丰', '1'], ['Li', '20']]);
    const lines = t.split('\n');
    expect(lines).toEqual(['姓名     N', '------  --', '张三丰   1', 'Li      20']);
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
  });
  it('competition ranks: ties share a place and the next place is skipped', () => {
    expect(competitionRanks([5, 9, 5, 1])).toEqual([2, 1, 2, 4]);
    expect(competitionRanks([3, 3, 1])).toEqual([1, 1, 3]);
    expect(competitionRanks([])).toEqual([]);
  });
  it('period keys only for whole months and quarters in the zone', () => {
    expect(periodKeyOf(NOV.start, NOV.end, 'Asia/Shanghai')).toBe('2026-11');
    expect(periodKeyOf(new Date('2026-12-31T16:00:00Z'), new Date('2027-03-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-Q1');
    expect(periodKeyOf(new Date('2026-11-22T16:00:00Z'), new Date('2026-11-29T16:00:00Z'), 'Asia/Shanghai')).toBeNull();
    expect(parsePeriodKey('2026-q4')?.key).toBe('2026-Q4');
    expect(parsePeriodKey('2026-13')).toBeNull();
  });
  it('RFM and churn baselines: env defaults, team settings override', () => {
    expect(analyticsConfig(null, {}).rfm).toEqual({ recencyDays: 90, frequency: 2, monetary: 100000, windowDays: 365 });
    const cfg = analyticsConfig({ settings: { rfm: { monetary: 5000 }, churnFactor: 2 } }, { RFM_RECENCY_DAYS: '30', CHURN_FACTOR: '1.2' });
    expect([cfg.rfm.recencyDays, cfg.rfm.monetary, cfg.churnFactor]).toEqual([30, 5000, 2]);
    expect(analyticsConfig(null, { RFM_FREQUENCY: 'abc' }).rfm.frequency).toBe(2);
  });
});

describe.each(await testDatabases())('analytics edge cases ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });

  const customer = (ownerId: string, name: string, createdAt = at(100)) => suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId, createdAt } });
  const activity = async (authorId: string, n: number) => {
    const c = await customer(authorId, `c-${authorId}-${n}`);
    for (let i = 0; i < n; i++) await suite.db.prisma.activity.create({ data: { type: 'CALL', occurredAt: at(1 + i), summary: 's', rawText: 's', authorId, customerId: c.id } });
  };

  it('ties in rankings: 2, 2, 0 activities rank 1, 1, 3 and every rep in scope is listed (managers are not ranked)', async () => {
    await activity(suite.world.rep.id, 2);
    await activity(suite.world.rep2.id, 2);
    const third = await suite.db.prisma.user.create({ data: { displayName: '孙七', role: 'REP', teamId: suite.world.teamId, consoleName: 'rep3' } });
    const rows = await computeRankings(suite.db.prisma, { userIds: [suite.world.manager.id, suite.world.rep.id, suite.world.rep2.id, third.id], start: NOV.start, end: NOV.end });
    const rank = Object.fromEntries(rows.map((r) => [r.displayName, r.rank.activities]));
    expect(rank).toEqual({ 李娜: 1, 王强: 1, 孙七: 3 });
    const text = formatRankings(rows, 'zh', '🏅 本月排名');
    expect(text.split('\n')[0]).toBe('🏅 本月排名');
    expect(text).toContain('合计：赢单 ¥0 · 新增商机 ¥0 · 新客户 0 · 跟进 4 次');
  });

  it('one rep, no data: listed with zeros; an empty scope gives no rows', async () => {
    const rows = await computeRankings(suite.db.prisma, { userIds: [suite.world.rep.id], start: NOV.start, end: NOV.end });
    expect(rows.map((r) => [r.displayName, r.activities, r.newCustomers, r.newPipeline, r.wonAmount, r.rank.wonAmount])).toEqual([['李娜', 0, 0, 0, 0, 1]]);
    expect(await computeRankings(suite.db.prisma, { userIds: [], start: NOV.start, end: NOV.end })).toEqual([]);
    const admin = await computeRankings(suite.db.prisma, { userIds: null, start: NOV.start, end: NOV.end });
    expect(admin.map((r) => r.displayName).sort()).toEqual(['李娜', '王强', '赵六'].sort());
  });

  it('a deal that skipped stages counts as having passed them; days in stage follow the history', async () => {
    const c = await customer(suite.world.rep.id, '跳级客户');
    const o = await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, title: 'x', stage: 'QUOTATION', amount: 100000, stageEnteredAt: at(4), createdAt: at(10) } });
    await suite.db.prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: null, toStage: 'INITIAL_CONTACT', changedAt: at(10) } });
    await suite.db.prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: 'INITIAL_CONTACT', toStage: 'QUOTATION', changedAt: at(4) } });
    const c2 = await customer(suite.world.rep.id, '停在初步接触');
    await suite.db.prisma.opportunity.create({ data: { customerId: c2.id, ownerId: suite.world.rep.id, title: 'y', stage: 'INITIAL_CONTACT', amount: 50000, stageEnteredAt: at(2), createdAt: at(2) } });
    const f = await computeFunnel(suite.db.prisma, { userIds: [suite.world.rep.id], start: NOV.start, end: NOV.end, now: NOW });
    const s = Object.fromEntries(f.stages.map((x) => [x.key, x]));
    expect([s.INITIAL_CONTACT.count, s.INITIAL_CONTACT.amount, s.QUOTATION.count, s.QUOTATION.amount]).toEqual([1, 50000, 1, 100000]);
    // Both reached 初步接触; only the skipper reached 需求确认/方案/报价; nobody went further.
    expect(f.stages.slice(0, 5).map((x) => x.reached)).toEqual([2, 1, 1, 1, 0]);
    expect(f.stages.slice(0, 5).map((x) => x.conversion)).toEqual([0.5, 1, 1, 0, null]);
    // 初步接触 stays: 6 days (skipper, from history) and 2 days (no history rows: from stageEnteredAt).
    expect(s.INITIAL_CONTACT.avgDays).toBeCloseTo(4, 6);
    expect(s.QUOTATION.avgDays).toBeCloseTo(4, 6);
    expect(s.NEEDS_CONFIRMED.avgDays).toBeNull();
    expect([f.openCount, f.openAmount]).toEqual([2, 150000]);
  });

  it('lifecycle: lost stays lost until bought again; pools are derived from the state; changes are undoable', async () => {
    const rep = await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } });
    const c = await customer(suite.world.rep.id, '方舟电子');
    const log = new ChangeLog();
    expect(await markCustomerLost(suite.db.prisma, c, log)).toEqual({ from: 'POTENTIAL', to: 'LOST' });
    expect(await lifecycleCounts(suite.db.prisma, [suite.world.rep.id])).toEqual({ POTENTIAL: 0, SIGNED: 0, REPEAT: 0, LOST: 1 });
    await revertChanges(suite.db.prisma, log.entries);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lifecycle).toBe('POTENTIAL');
    await markCustomerLost(suite.db.prisma, c, new ChangeLog());
    const lost = await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } });
    expect(await reviveCustomer(suite.db.prisma, lost, new ChangeLog())).toEqual({ from: 'LOST', to: 'POTENTIAL' });
    await markCustomerLost(suite.db.prisma, { id: c.id, lifecycle: 'POTENTIAL' }, new ChangeLog());
    const r = await recordDeal(suite.db.prisma, rep, '方舟电子', { contractAmount: 100000, paymentAmount: null, currency: 'CNY', at: NOW, inboundId: null }, new ChangeLog());
    expect(r.lifecycle).toEqual({ from: 'LOST', to: 'SIGNED' });
    expect(formatPools(await lifecycleCounts(suite.db.prisma, null), 'zh')).toBe('客户池：潜在客户池 0 · 成交客户池 1 · 失效客户池 0（潜在 0 · 签约 1 · 重复购买 0 · 失效 0）');
  });

  it('target CLI: set by name and team, show attainment, split the rest of a team target over reps', async () => {
    const o = { now: NOW, tz: 'Asia/Shanghai', lang: 'zh' as const };
    expect(await runTarget(suite.db.prisma, ['set', '李娜', '50万', '--period', '2026-11'], o)).toEqual([0, '🎯 已设置 李娜 2026年11月目标：50万元']);
    expect((await runTarget(suite.db.prisma, ['set', '李娜', '55万'], o))[1]).toBe('🎯 已设置 李娜 2026年11月目标：55万元（原 50万元）');
    expect((await runTarget(suite.db.prisma, ['set', '--team', '一部', '1000000'], o))[0]).toBe(0);
    expect((await runTarget(suite.db.prisma, ['set', '没这人', '1万'], o))).toEqual([1, '没有找到名为“没这人”的同事，请检查姓名。']);
    expect((await runTarget(suite.db.prisma, ['set', '李娜', 'abc'], o))[0]).toBe(2);
    expect((await runTarget(suite.db.prisma, ['show', '--period', '2026-13'], o))[0]).toBe(2);
    const [code, out] = await runTarget(suite.db.prisma, ['split', '--team', '一部'], o);
    expect(code).toBe(0);
    // 100万 - 55万 = 45万 for the one rep of 一部 without a target (王强); the manager is not a rep.
    expect(out).toBe('🎯 已设置 王强 2026年11月目标：45万元');
    const targets = await suite.db.prisma.target.findMany({ where: { userId: { not: null } }, include: { user: true } });
    expect(targets.map((t) => [t.user!.displayName, Number(t.amount)]).sort()).toEqual([['李娜', 550000], ['王强', 450000]]);
    const [, shown] = await runTarget(suite.db.prisma, ['show', '--team', '一部'], o);
    expect(shown).toContain('团队 一部：目标 100万元 · 已成交 ¥0（0.0%）· 回款 ¥0（计划 ¥0）· 差额 100万元；个人目标合计 100万元');
    // Quarter attainment sums the monthly targets when the quarter has none of its own.
    const [, q] = await runTarget(suite.db.prisma, ['show', '--period', '2026-Q4'], o);
    expect(q.split('\n').find((l) => l.startsWith('李娜'))!.split(/\s{2,}/)[1]).toBe('55万元');
  });
});
