// 王强这个月的业绩怎么样 / 我的业绩: one rep's period at a glance — won money against the target,
// money collected against the 回款计划, pipeline added and moved, follow-ups and customers, the
// open pipeline and their place among the reps the asker can see. Without a person, a manager gets
// the same per rep as a table. Every figure comes from the same functions as the other reports.
// Money is per currency (money/totals.ts); target progress, rank and order count the team's
// reporting currency only, other currencies are shown beside it and noted as left out.
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, fmtPercent, type Lang } from '../i18n.js';
import { resolvePeriod } from '../analytics/periods.js';
import { computeRankings } from '../analytics/rankings.js';
import { resolveScope } from '../analytics/scope.js';
import { renderTable } from '../analytics/table.js';
import { targetPeriodOf, userTargets } from '../analytics/targets.js';
import { plannedByUser } from '../deals/paymentPlans.js';
import { computeDailyReport, type DailyReportRow } from '../reports/daily.js';
import { visibleUserIds } from '../users.js';
import { computeClosing } from './closingDeals.js';
import { amountsOf, DEFAULT_CURRENCY, fmtAmounts, foreignNote, NO_AMOUNTS, addAmounts, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

function personLines(r: DailyReportRow, lang: Lang, x: { target: number | null; planned: Amounts; openCount: number; openAmount: Amounts; closingCount: number; closingAmount: Amounts; rank: { place: number; of: number } | null }, cur = DEFAULT_CURRENCY): string[] {
  const zh = lang === 'zh';
  const t = (n: number) => fmtMoney(n, lang, cur);
  const m = (a: Amounts) => fmtAmounts(a, lang, cur);
  const note = x.target || x.rank ? foreignNote(r.wonAmounts, cur, lang, { zh: x.target ? '目标完成率' : '排名', en: x.target ? 'target attainment' : 'ranking' }) : null;
  const target = x.target
    ? zh
      ? `（目标 ${t(x.target)}，完成 ${fmtPercent(r.wonAmount / x.target)}，还差 ${t(Math.max(0, x.target - r.wonAmount))}）`
      : ` (target ${t(x.target)}, ${fmtPercent(r.wonAmount / x.target)} attained, ${t(Math.max(0, x.target - r.wonAmount))} to go)`
    : zh ? '（未设目标）' : ' (no target set)';
  return zh
    ? [
        `• 赢单：${r.won} 单 ${m(r.wonAmounts)}${target}`,
        `• 回款：${m(r.receivedAmounts)}（本期计划回款 ${m(x.planned)}）`,
        `• 新增商机：${r.newOpportunities} 个 ${m(r.newPipelineAmounts)} · 推进 ${r.advancedOpportunities} · 丢单 ${r.lost}`,
        `• 跟进：${r.activityTotal} 次，涉及 ${r.customers.length} 家客户 · 新客户 ${r.newCustomers}`,
        `• 在途商机：${x.openCount} 个 ${m(x.openAmount)}，其中本期预计成交 ${x.closingCount} 个 ${m(x.closingAmount)}`,
        ...(x.rank ? [`• 赢单排名：第 ${x.rank.place} 名（共 ${x.rank.of} 名销售）`] : []),
        `• 待办：完成 ${r.tasksDone} · 逾期 ${r.tasksOverdue}`,
        ...(note ? [note] : []),
      ]
    : [
        `• Won: ${r.won} deal(s), ${m(r.wonAmounts)}${target}`,
        `• Collected: ${m(r.receivedAmounts)} (planned for the period: ${m(x.planned)})`,
        `• New deals: ${r.newOpportunities}, ${m(r.newPipelineAmounts)} · advanced ${r.advancedOpportunities} · lost ${r.lost}`,
        `• Follow-ups: ${r.activityTotal} with ${r.customers.length} customers · new customers ${r.newCustomers}`,
        `• Open pipeline: ${x.openCount} deal(s), ${m(x.openAmount)}; ${x.closingCount} (${m(x.closingAmount)}) expected to close in the period`,
        ...(x.rank ? [`• Won-amount rank: #${x.rank.place} of ${x.rank.of} reps`] : []),
        `• Tasks: ${r.tasksDone} done · ${r.tasksOverdue} overdue`,
        ...(note ? [note] : []),
      ];
}

export const performanceQuery: IntentHandler = async (db, env) => {
  const { lang, tz, now } = env;
  const zh = lang === 'zh';
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, now, tz, lang);
  const range = { start: period.start, end: period.end, asOf: period.end < now ? period.end : now };
  const pk = targetPeriodOf(q?.period ?? null, now, tz);
  const single = scope.scope.person ?? (env.user.role === 'REP' ? { id: env.user.id, displayName: env.user.displayName } : null);
  const ids = single ? [single.id] : await repIds(db, scope.scope.userIds);
  if (!ids.length) return { text: zh ? '范围内没有销售人员。' : 'Nobody in scope.', outcome: 'ANSWERED' };
  const currency = teamReportingCurrency(env.user.team);
  const [rows, targets, planned] = await Promise.all([
    computeDailyReport(db, ids, range, currency),
    pk ? userTargets(db, ids, pk) : Promise.resolve(new Map<string, number>()),
    plannedByUser(db, ids, period.start, period.end),
  ]);
  if (single) {
    const r = rows[0];
    const [open, closing, rankRows] = await Promise.all([
      db.opportunity.groupBy({ by: ['currency'], where: { ownerId: single.id, status: 'OPEN' }, _count: { _all: true }, _sum: { amount: true } }),
      computeClosing(db, { userIds: [single.id], start: period.start, end: period.end, limit: 0, currency }),
      computeRankings(db, { userIds: await visibleUserIds(db, env.user), start: period.start, end: period.end, currency }),
    ]);
    const me = rankRows.find((x) => x.userId === single.id);
    const lines = personLines(r, lang, {
      target: targets.get(single.id) ?? null,
      planned: planned.get(single.id) ?? NO_AMOUNTS,
      openCount: open.reduce((n, o) => n + o._count._all, 0),
      openAmount: amountsOf(open.map((o) => ({ currency: o.currency, amount: o._sum.amount }))),
      closingCount: closing.count,
      closingAmount: closing.totalAmounts,
      rank: me && rankRows.length > 1 ? { place: me.rank.wonAmount, of: rankRows.length } : null,
    }, currency);
    const title = zh ? `📈 ${single.displayName} · ${period.label}业绩` : `📈 ${single.displayName} · performance ${period.label}`;
    return { text: [title, ...lines].join('\n'), outcome: 'ANSWERED' };
  }
  const h = zh ? ['姓名', '赢单', '目标', '完成率', '回款', '计划回款', '新商机', '跟进', '客户'] : ['Name', 'Won', 'Target', 'Attained', 'Collected', 'Planned', 'New deals', 'Follow-ups', 'Customers'];
  const sorted = [...rows].sort((a, b) => b.wonAmount - a.wonAmount || b.activityTotal - a.activityTotal || a.displayName.localeCompare(b.displayName, 'zh'));
  const table = renderTable(
    [{ header: h[0], max: 12 }, ...h.slice(1).map((header) => ({ header, align: 'right' as const }))],
    sorted.map((r) => {
      const t = targets.get(r.userId) ?? null;
      const m = (a: Amounts) => fmtAmounts(a, lang, currency);
      return [r.displayName, m(r.wonAmounts), t === null ? '—' : fmtMoney(t, lang, currency), fmtPercent(t ? r.wonAmount / t : null), m(r.receivedAmounts), m(planned.get(r.userId) ?? NO_AMOUNTS), String(r.newOpportunities), String(r.activityTotal), String(r.customers.length)];
    }),
  );
  const won = addAmounts(...rows.map((r) => r.wonAmounts));
  const received = addAmounts(...rows.map((r) => r.receivedAmounts));
  const m = (a: Amounts) => fmtAmounts(a, lang, currency);
  const foot = zh ? `合计：赢单 ${m(won)} · 回款 ${m(received)}` : `Total: won ${m(won)} · collected ${m(received)}`;
  const note = foreignNote(won, currency, lang, { zh: '排序和完成率', en: 'order and attainment' });
  const title = zh ? `📈 ${scope.scope.label} · ${period.label}业绩` : `📈 ${scope.scope.label} · performance ${period.label}`;
  return { text: [title, table, foot, ...(note ? [note] : [])].join('\n'), outcome: 'ANSWERED' };
};

/** The reps among `userIds` (null = all), active first-come order. */
async function repIds(db: Parameters<IntentHandler>[0], userIds: string[] | null): Promise<string[]> {
  const users = await db.user.findMany({ where: { role: 'REP', active: true, ...(userIds ? { id: { in: userIds } } : {}) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  return users.map((u) => u.id);
}
