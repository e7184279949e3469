// One truth for money on a generated history (run inside generated.test.ts, on its data, both databases): every report (rankings, funnel,
// targets, forecast, 日报 summed day by day, 月报, receivables, RFM, the customer outcomes) gives
// the same won and collected totals, equal to plain loops over the generated rows. Also 回款计划
// (unpaid parts, overdue, reminders), receivables ageing, deals closing, forgotten customers and
// the loss analysis, each against an independent computation (expected.ts).
import { amountIn } from '../../src/domain/money/totals.js';
import { beforeEach, expect, it } from 'vitest';
import { computeFunnel } from '../../src/domain/analytics/funnel.js';
import { computeForecast } from '../../src/domain/analytics/forecast.js';
import { computeLostAnalysis } from '../../src/domain/analytics/lostAnalysis.js';
import { computeRankings, nonRepWon } from '../../src/domain/analytics/rankings.js';
import { computeReceivables } from '../../src/domain/analytics/receivables.js';
import { computeRfm } from '../../src/domain/analytics/rfm.js';
import { attainment } from '../../src/domain/analytics/targets.js';
import { parsePeriodKey } from '../../src/domain/analytics/periods.js';
import { listPlans, plannedByUser } from '../../src/domain/deals/paymentPlans.js';
import { paymentReminders } from '../../src/domain/deals/paymentReminders.js';
import { loadTeams } from '../../src/domain/pushes/team.js';
import { computeClosing } from '../../src/domain/queries/closingDeals.js';
import { computeForgotten } from '../../src/domain/queries/forgotten.js';
import { computeDailyReport } from '../../src/domain/reports/daily.js';
import { touchesByUser } from '../../src/domain/reports/touches.js';
import { fromLocal } from '../../src/domain/time.js';
import type { TestDb } from '../helpers/db.js';
import { DAY, NOV, NOW, Q1_2027, type GData } from './dataset.js';
import { expectedClosing, expectedForgotten, expectedLost, expectedPlanUnpaid, expectedReceivables, loosePaymentsIn, paidBy, scopeOf, within, wonBy } from './expected.js';

const TZ = 'Asia/Shanghai';
const FORGOTTEN = { hot: 7, big: 7, deal: 14, signed: 30, prospect: 30 };

/** Registers the checks in the caller's describe block; `ctx()` gives its database and generated data. */
export function moneyChecks(ctx: () => { db: TestDb; g: GData }) {
  let db: TestDb;
  let g: GData;
  beforeEach(() => ({ db, g } = ctx()));

  it('the history has what the checks need: won deals with and without contracts, contracts that differ from their deal, plans, losses with reasons', () => {
    const won = g.opps.filter((o) => o.status === 'WON');
    expect(won.some((o) => !g.contracts.some((k) => k.opportunityId === o.id))).toBe(true);
    expect(g.contracts.some((k) => k.amount !== g.opps.find((o) => o.id === k.opportunityId)!.amount)).toBe(true);
    expect(g.plans.length).toBeGreaterThan(3);
    expect(g.opps.some((o) => o.lost?.competitor)).toBe(true);
    expect(g.contracts.some((k) => within(k.signedAt, NOV.start, NOV.end)) || won.some((o) => within(o.closedAt, NOV.start, NOV.end))).toBe(true);
  });

  for (const who of ['admin', 'mgrEast', 'repA'] as const) {
    it(`every report gives the same won and collected totals for November (${who})`, async () => {
      const ids = scopeOf(g, who);
      const scope = who === 'admin' ? null : ids;
      const won = ids.reduce((a, id) => a + wonBy(g, id, NOV.start, NOV.end), 0);
      const paid = ids.reduce((a, id) => a + paidBy(g, id, NOV.start, NOV.end), 0);
      expect(won).toBeGreaterThan(0);

      const ranking = await computeRankings(db.prisma, { userIds: scope, start: NOV.start, end: NOV.end });
      const rankingTotal = ranking.reduce((a, r) => a + r.wonAmount, 0) + amountIn(await nonRepWon(db.prisma, scope, NOV.start, NOV.end), 'CNY');
      const funnel = await computeFunnel(db.prisma, { userIds: scope, start: NOV.start, end: NOV.end, now: NOW });
      const targets = await attainment(db.prisma, scope, parsePeriodKey('2026-11')!, TZ);
      const forecast = await computeForecast(db.prisma, { userIds: scope, start: NOV.start, end: NOV.end });
      const receivables = await computeReceivables(db.prisma, { userIds: scope, start: NOV.start, end: NOV.end, now: NOW, tz: TZ });
      const month = await computeDailyReport(db.prisma, ids, { start: NOV.start, end: NOV.end, asOf: NOW });
      const days = [];
      for (let d = 1; d <= 30; d++) {
        const start = fromLocal(TZ, 2026, 11, d);
        days.push(...(await computeDailyReport(db.prisma, ids, { start, end: fromLocal(TZ, 2026, 11, d + 1), asOf: NOW })));
      }
      const touches = await touchesByUser(db.prisma, ids, NOV.start, NOV.end);
      const touchWon = [...touches.values()].flat().flatMap((t) => t.outcomes).reduce((a, o) => a + (o.kind === 'won' ? o.amount : 0), 0);
      const rfm = await computeRfm(db.prisma, { userIds: scope, windowStart: NOV.start, asOf: NOV.end, baselines: { recencyDays: 90, frequency: 2, monetary: 100000, windowDays: 365 } });

      expect({
        ranking: rankingTotal,
        funnel: funnel.stages.find((s) => s.key === 'WON')!.amount,
        targets: targets.reduce((a, r) => a + r.won, 0),
        forecast: forecast.won,
        receivables: receivables.wonInPeriod,
        monthReport: month.reduce((a, r) => a + r.wonAmount, 0),
        dailyReports: days.reduce((a, r) => a + r.wonAmount, 0),
        customerOutcomes: touchWon,
        rfmMinusLoosePayments: rfm.segments.reduce((a, s) => a + s.monetary, 0) - loosePaymentsIn(g, ids, NOV.start, NOV.end),
      }).toEqual({ ranking: won, funnel: won, targets: won, forecast: won, receivables: won, monthReport: won, dailyReports: won, customerOutcomes: won, rfmMinusLoosePayments: won });
      expect({
        targets: targets.reduce((a, r) => a + r.paid, 0),
        receivables: receivables.receivedInPeriod,
        monthReport: month.reduce((a, r) => a + r.received, 0),
        dailyReports: days.reduce((a, r) => a + r.received, 0),
      }).toEqual({ targets: paid, receivables: paid, monthReport: paid, dailyReports: paid });
    }, 120_000);
  }

  it('回款计划: the unpaid part of every plan, the overdue list and what is planned in the period', async () => {
    const unpaid = expectedPlanUnpaid(g);
    const rows = await listPlans(db.prisma, { userIds: null, limit: 10_000 });
    expect(new Map(rows.map((p) => [p.id, p.unpaid]))).toEqual(unpaid);
    // Some plans are paid off, some partly, some untouched: the checks below are not vacuous.
    expect([...unpaid.values()].some((v) => v === 0)).toBe(true);
    expect(g.plans.some((p) => unpaid.get(p.id)! === p.amount)).toBe(true);
    const today = fromLocal(TZ, 2026, 11, 23);
    const overdue = await listPlans(db.prisma, { userIds: scopeOf(g, 'mgrEast'), dueBefore: today, openOnly: true, limit: 10_000 });
    const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
    const expOverdue = g.plans.filter((p) => p.dueAt < today && unpaid.get(p.id)! > 0 && scopeOf(g, 'mgrEast').includes(owner.get(p.customerId)!)).map((p) => p.id).sort();
    expect(overdue.map((p) => p.id).sort()).toEqual(expOverdue);
    expect(expOverdue.length).toBeGreaterThan(0);
    const planned = await plannedByUser(db.prisma, null, NOV.start, NOV.end);
    for (const id of scopeOf(g, 'admin')) {
      const exp = g.plans.filter((p) => owner.get(p.customerId) === id && within(p.dueAt, NOV.start, NOV.end)).reduce((a, p) => a + p.amount, 0);
      expect([id, amountIn(planned.get(id), 'CNY')]).toEqual([id, exp]);
    }
  });

  it('payment reminders: before the due date, on it, and once overdue (owner and manager)', async () => {
    const unpaid = expectedPlanUnpaid(g);
    const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
    const u = g.users;
    const managerOf = (id: string) => (id === u.repD.id ? u.mgrNorth.id : [u.repA.id, u.repB.id, u.repC.id, u.idle.id].includes(id) ? u.mgrEast.id : null);
    // Days are local: today 2026-11-23; "before" = due 11-24 … 11-26 (3 days); overdue up to 30 days back.
    const start = (d: number) => fromLocal(TZ, 2026, 11, d);
    const open = g.plans.filter((p) => unpaid.get(p.id)! > 0);
    const kindOf = (due: Date) => (due < new Date(start(23).getTime() - 30 * DAY) ? null : due < start(23) ? 'payment_overdue' : due < start(24) ? 'payment_due' : due < start(27) ? 'payment_upcoming' : null);
    const expected: string[] = [];
    for (const p of open) {
      const kind = kindOf(p.dueAt);
      if (!kind) continue;
      const o = owner.get(p.customerId)!;
      expected.push(`${kind}|${o}|${p.id}`);
      if (kind === 'payment_overdue' && managerOf(o)) expected.push(`${kind}|${managerOf(o)}|${p.id}`);
    }
    const planned = [];
    for (const team of await loadTeams(db.prisma)) planned.push(...(await paymentReminders(db.prisma, NOW, team)));
    const got = planned.map((p) => `${p.kind}|${p.recipient.kind === 'user' ? p.recipient.userId : ''}|${p.periodKey.split(':')[1]}`);
    expect(got.sort()).toEqual(expected.sort());
    // Every kind occurs, so the comparison above is not vacuous.
    expect(new Set(got.map((x) => x.split('|')[0]))).toEqual(new Set(['payment_overdue', 'payment_due', 'payment_upcoming']));
  });

  it('receivables by age (0–30 / 31–60 / 61–90 / 90+ days since signing)', async () => {
    for (const who of ['admin', 'mgrEast'] as const) {
      const r = await computeReceivables(db.prisma, { userIds: who === 'admin' ? null : scopeOf(g, who), start: NOV.start, end: NOV.end, now: NOW, tz: TZ });
      const aging = Object.fromEntries(Object.entries(r.aging).map(([k, v]) => [k, { count: v.count, amount: v.amount }]));
      expect(aging).toEqual(expectedReceivables(g, scopeOf(g, who)).aging);
    }
  });

  it('deals closing this month and next quarter', async () => {
    for (const [s, e] of [[NOV.start, NOV.end], [Q1_2027.start, Q1_2027.end]] as const) {
      const c = await computeClosing(db.prisma, { userIds: scopeOf(g, 'mgrEast'), start: s, end: e, limit: 1000 });
      const x = expectedClosing(g, scopeOf(g, 'mgrEast'), s, e);
      expect(c.deals.map((d) => d.id).sort()).toEqual(x.ids);
      expect(c.total).toBe(x.total);
      expect(c.weighted).toBeCloseTo(x.weighted, 2);
    }
  });

  it('forgotten customers per level, and with one number of days', async () => {
    const rows = await computeForgotten(db.prisma, { userIds: null, now: NOW, thresholds: FORGOTTEN });
    const exp = expectedForgotten(g, scopeOf(g, 'admin'), FORGOTTEN);
    expect(rows.map((r) => [r.customerId, r.level, r.days]).sort()).toEqual(exp.map((r) => [r.id, r.level, r.days]).sort());
    expect(new Set(exp.map((r) => r.level)).size).toBeGreaterThan(1);
    const twenty = await computeForgotten(db.prisma, { userIds: scopeOf(g, 'repA'), now: NOW, thresholds: FORGOTTEN, days: 20 });
    expect(twenty.map((r) => r.customerId).sort()).toEqual(expectedForgotten(g, scopeOf(g, 'repA'), FORGOTTEN, 20).map((r) => r.id).sort());
  });

  it('丢单原因 analysis by category and competitor, against the previous period', async () => {
    const s = new Date('2026-08-01T00:00:00+08:00');
    const e = new Date('2026-12-01T00:00:00+08:00');
    const prev = new Date(s.getTime() - (e.getTime() - s.getTime()));
    const a = await computeLostAnalysis(db.prisma, { userIds: null, start: s, end: e, previousStart: prev });
    const x = expectedLost(g, scopeOf(g, 'admin'), s, e);
    expect(x.count).toBeGreaterThan(1);
    expect([a.total.count, a.total.amount, a.withoutReason]).toEqual([x.count, x.amount, x.withoutReason]);
    expect(Object.fromEntries(a.byCategory.filter((c) => c.count).map((c) => [c.category, c.count]))).toEqual(x.byCategory);
    expect(Object.fromEntries(a.byCompetitor.filter((c) => c.count).map((c) => [c.competitor, c.count]))).toEqual(x.byCompetitor);
  });
}
