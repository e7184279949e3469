// Money in more than one currency: a team whose reps sell in yuan and in dollars. Every answer
// that sums money (ranking, funnel, forecast, activity summary, daily report, targets) keeps the
// dollars apart — printed beside the yuan, never added into them — orders and compares by the
// team's reporting currency only and says what it left out; a team that reports in USD sees
// dollars first. Checked on both databases through the chat (the rule parser) and the compute
// functions, plus the formatter of money/totals.ts on its own.
import { describe, expect, it } from 'vitest';
import { computeForecast, formatForecast } from '../../src/domain/analytics/forecast.js';
import { computeFunnel } from '../../src/domain/analytics/funnel.js';
import { computeRankings } from '../../src/domain/analytics/rankings.js';
import { computeDailyReport, formatRollup } from '../../src/domain/reports/daily.js';
import { addAmounts, amountsOf, fmtAmounts, foreignNote, otherThan } from '../../src/domain/money/totals.js';
import { teamReportingCurrency } from '../../src/domain/teams/settings.js';
import { stageIndex } from '../../src/domain/stages.js';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z'); // Tuesday 11:00 in Shanghai
const HOUR = 3_600_000;
const NOV = { start: new Date('2026-10-31T16:00:00Z'), end: new Date('2026-11-30T16:00:00Z') };
const Q1 = { start: new Date('2026-12-31T16:00:00Z'), end: new Date('2027-03-31T16:00:00Z') };

describe('money totals per currency', () => {
  it('prints the reporting currency first and the others beside it, never one sum', () => {
    const team = amountsOf([{ currency: 'USD', amount: 80000 }, { currency: 'CNY', amount: 300000 }, { currency: 'CNY', amount: '150000.00' }]);
    expect(team).toEqual({ CNY: 450000, USD: 80000 });
    expect(fmtAmounts(team, 'zh', 'CNY')).toBe('45万元 + $80,000');
    expect(fmtAmounts(team, 'en', 'CNY')).toBe('¥450,000 + $80,000');
    expect(fmtAmounts(team, 'en', 'USD')).toBe('$80,000 + ¥450,000');
    expect(fmtAmounts({ USD: 80000 }, 'zh', 'CNY')).toBe('$80,000');
    expect(fmtAmounts({}, 'zh', 'CNY')).toBe('¥0');
    expect(addAmounts({ CNY: 0.1 }, { CNY: 0.2, EUR: 5 })).toEqual({ CNY: 0.3, EUR: 5 });
    expect(otherThan(team, 'CNY')).toEqual({ USD: 80000 });
    expect(foreignNote(team, 'CNY', 'zh', { zh: '排名', en: 'ranking' })).toBe('另有外币 $80,000 未计入排名（不换算汇率）');
    expect(foreignNote({ CNY: 1 }, 'CNY', 'zh', { zh: '排名', en: 'ranking' })).toBeNull();
  });

  it("a team's reporting currency is its settings' currency, CNY when unset or not a currency code", () => {
    expect(teamReportingCurrency({ settings: { currency: 'usd' } })).toBe('USD');
    expect(teamReportingCurrency({ settings: { quietHours: null } })).toBe('CNY');
    expect(teamReportingCurrency({ settings: { currency: 'dollars' } })).toBe('CNY');
    expect(teamReportingCurrency(null)).toBe('CNY');
  });
});

describe.each(await testDatabases())('yuan and dollars in one team on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  /** A customer visited today with a new deal, as the chat would have written it. */
  async function newDeal(owner: 'rep' | 'rep2', name: string, amount: number, currency: string, close = new Date('2027-02-15T04:00:00Z')) {
    const ownerId = suite.world[owner].id;
    const at = new Date(NOW.getTime() - 2 * HOUR);
    const { prisma } = suite.db;
    const c = await prisma.customer.create({ data: { name, normalizedName: name, ownerId, createdAt: at } });
    const o = await prisma.opportunity.create({
      data: { customerId: c.id, ownerId, title: name, stage: 'INITIAL_CONTACT', amount, currency, qualification: 'VALUABLE', expectedCloseDate: close, createdAt: at, stageEnteredAt: at },
    });
    await prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: null, toStage: 'INITIAL_CONTACT', changedAt: at, changedById: ownerId } });
    await prisma.activity.create({ data: { authorId: ownerId, customerId: c.id, opportunityId: o.id, type: 'VISIT', rawText: `拜访了${name}`, summary: `拜访${name}`, occurredAt: at } });
  }

  /** A deal won today with its contract. */
  async function wonDeal(owner: 'rep' | 'rep2', name: string, amount: number, currency: string) {
    const ownerId = suite.world[owner].id;
    const at = new Date(NOW.getTime() - HOUR);
    const { prisma } = suite.db;
    const c = await prisma.customer.create({ data: { name, normalizedName: name, ownerId, createdAt: new Date(NOW.getTime() - 60 * 24 * HOUR) } });
    const o = await prisma.opportunity.create({
      data: { customerId: c.id, ownerId, title: name, stage: 'WON', status: 'WON', amount, currency, closedAt: at, createdAt: new Date(NOW.getTime() - 50 * 24 * HOUR) },
    });
    await prisma.contract.create({ data: { customerId: c.id, ownerId, opportunityId: o.id, amount, currency, signedAt: at } });
  }

  /** 李娜: 30万 and $60,000 of new deals, 10万 won; 王强: $150,000 won. */
  async function mixedTeam() {
    await newDeal('rep', '云杉医疗', 300000, 'CNY');
    await newDeal('rep', 'Harborview Logistics', 60000, 'USD');
    await wonDeal('rep', '启明制造', 100000, 'CNY');
    await wonDeal('rep2', 'Northwind Freight', 150000, 'USD');
  }

  it('the ranking orders by yuan, shows the dollars beside them and says they were left out', async () => {
    await mixedTeam();
    const rows = await computeRankings(suite.db.prisma, { userIds: [suite.world.rep.id, suite.world.rep2.id], start: NOV.start, end: NOV.end });
    expect(rows.map((r) => [r.displayName, r.wonAmount, r.wonAmounts, r.newPipelineAmounts])).toEqual([
      ['李娜', 100000, { CNY: 100000 }, { CNY: 300000, USD: 60000 }],
      ['王强', 0, { USD: 150000 }, {}],
    ]);
    const r = await chat.send('本月团队排名', 'manager');
    expect(r.outcome).toBe('ANSWERED');
    const lines = r.text.split('\n');
    // 李娜 ranks first on yuan; 王强's dollars are shown in his row, not counted as 15万.
    expect(lines.findIndex((l) => l.includes('李娜'))).toBeLessThan(lines.findIndex((l) => l.includes('王强')));
    expect(lines.find((l) => l.includes('王强'))).toContain('$150,000');
    expect(lines.find((l) => l.includes('李娜'))).toContain('30万元 + $60,000');
    expect(r.text).toContain('合计：赢单 10万元 + $150,000 · 新增商机 30万元 + $60,000');
    expect(r.text).toContain('另有外币 $150,000 未计入赢单排名');
    expect(r.text).toContain('另有外币 $60,000 未计入新增商机排名');
    expect(r.text).not.toMatch(/25万元|36万元|15万元|6万元/);
  });

  it('the funnel keeps a dollar amount per stage beside the yuan, from the running totals and from a scan alike', async () => {
    await mixedTeam();
    const opts = { userIds: null, start: NOV.start, end: NOV.end, now: NOW };
    const [f, scan] = await Promise.all([computeFunnel(suite.db.prisma, opts), computeFunnel(suite.db.prisma, { ...opts, via: 'scan' })]);
    const first = f.stages.find((s) => s.key === 'INITIAL_CONTACT')!;
    expect([first.count, first.amount, first.amounts]).toEqual([2, 300000, { CNY: 300000, USD: 60000 }]);
    expect(f.stages.find((s) => s.key === 'WON')!.amounts).toEqual({ CNY: 100000, USD: 150000 });
    expect([f.openAmount, f.openAmounts]).toEqual([300000, { CNY: 300000, USD: 60000 }]);
    expect(scan.stages.map((s) => s.amounts)).toEqual(f.stages.map((s) => s.amounts));
    const stored = await suite.db.prisma.openDealSummary.findMany({ where: { n: { not: 0 } }, orderBy: { currency: 'asc' } });
    expect(stored.map((s) => [s.currency, s.n, Number(s.amount)])).toEqual([['CNY', 1, 300000], ['USD', 1, 60000]]);

    const r = await chat.send('本月漏斗', 'manager');
    expect(r.text).toMatch(/初步接触\s+2\s+30万元 \+ \$60,000/);
    expect(r.text).toContain('在途合计：2 个商机，30万元 + $60,000');
    expect(r.text).not.toContain('36万元');
  });

  it('the forecast adds won and weighted money per currency and lists yuan deals first', async () => {
    await newDeal('rep', '云杉医疗', 300000, 'CNY');
    await newDeal('rep', 'Harborview Logistics', 600000, 'USD');
    const f = await computeForecast(suite.db.prisma, { userIds: null, start: Q1.start, end: Q1.end });
    expect([f.pipeline, f.pipelineAmounts, f.commitAmounts]).toEqual([300000, { CNY: 300000, USD: 600000 }, { CNY: 300000, USD: 600000 }]);
    // The bigger dollar deal does not go ahead of the yuan one: top deals are ordered in yuan.
    expect(f.commit.map((c) => [c.customer, c.currency])).toEqual([['云杉医疗', 'CNY'], ['Harborview Logistics', 'USD']]);
    const text = formatForecast(f, 'zh', '预测', 'Asia/Shanghai', (k) => stageIndex(k));
    expect(text).toContain('在途总额 30万元 + $600,000');
    expect(text).toContain('$600,000');
    expect(text).not.toContain('90万元');
  });

  it('the activity summary and the daily roll-up show the dollar deal in dollars', async () => {
    await mixedTeam();
    const summary = await chat.send('李娜这周拜访了哪些客户', 'manager');
    expect(summary.outcome).toBe('ANSWERED');
    expect(summary.text).toContain('新商机 $60,000');
    expect(summary.text).not.toContain('新商机 6万元');

    const day = { start: new Date('2026-11-23T16:00:00Z'), end: new Date('2026-11-24T16:00:00Z'), asOf: NOW };
    const rows = await computeDailyReport(suite.db.prisma, [suite.world.rep.id, suite.world.rep2.id], day);
    expect(rows.map((r) => [r.newPipelineAmounts, r.wonAmounts])).toEqual([[{ CNY: 300000, USD: 60000 }, { CNY: 100000 }], [{}, { USD: 150000 }]]);
    const text = formatRollup(rows, 'zh', day.start, 'Asia/Shanghai');
    expect(text).toContain('• 新增商机：2（30万元 + $60,000）');
    expect(text).toContain('• 签约：2（10万元 + $150,000）');
    expect(text).toContain('王强：新客户 0 · 跟进 0 · 新商机 0 · 推进 0 · 签约 1（$150,000）');
    expect(text).not.toMatch(/25万元|36万元/);
  });

  it('targets count yuan toward the yuan target and note the dollars left out', async () => {
    await mixedTeam();
    await suite.db.prisma.target.create({ data: { period: '2026-11', userId: suite.world.rep2.id, amount: 500000 } });
    const r = await chat.send('本月目标完成情况', 'manager');
    expect(r.outcome).toBe('ANSWERED');
    const wang = r.text.split('\n').find((l) => l.includes('王强'))!;
    expect(wang).toContain('$150,000');
    expect(wang).toContain('0.0%');
    expect(r.text).toContain('另有外币 $150,000 未计入目标完成率');
  });

  it('a team reporting in USD ranks by dollars and prints them first', async () => {
    await mixedTeam();
    await suite.db.prisma.team.update({ where: { id: suite.world.teamId }, data: { settings: { currency: 'USD' } } });
    const r = await chat.send('本月团队排名', 'manager');
    const lines = r.text.split('\n');
    expect(lines.findIndex((l) => l.includes('王强'))).toBeLessThan(lines.findIndex((l) => l.includes('李娜')));
    expect(lines.find((l) => l.includes('李娜'))).toContain('$60,000 + 30万元');
    expect(r.text).toContain('合计：赢单 $150,000 + 10万元');
    expect(r.text).toContain('另有外币 10万元 未计入赢单排名');
    const funnel = await chat.send('本月漏斗', 'manager');
    expect(funnel.text).toContain('在途合计：2 个商机，$60,000 + 30万元');
  });
});
