// 王强这个月的业绩怎么样 / 我的业绩: one rep's period at a glance — won money against the target,
// money collected against the 回款计划, pipeline added and moved, follow-ups and customers, the
// open pipeline and their place among the reps the asker can see. Without a person, a manager gets
// the same per rep as a table. Every figure comes from the same functions as the other reports.
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

function personLines(r: DailyReportRow, lang: Lang, x: { target: number | null; planned: number; openCount: number; openAmount: number; closingCount: number; closingAmount: number; rank: { place: number; of: number } | null }): string[] {
  const zh = lang === 'zh';
  const m = (n: number) => fmtMoney(n, lang);
  const target = x.target
    ? zh
      ? `（目标 ${m(x.target)}，完成 ${fmtPercent(r.wonAmount / x.target)}，还差 ${m(Math.max(0, x.target - r.wonAmount))}）`
      : ` (target ${m(x.target)}, ${fmtPercent(r.wonAmount / x.target)} attained, ${m(Math.max(0, x.target - r.wonAmount))} to go)`
    : zh ? '（未设目标）' : ' (no target set)';
  return zh
    ? [
        `• 赢单：${r.won} 单 ${m(r.wonAmount)}${target}`,
        `• 回款：${m(r.received)}（本期计划回款 ${m(x.planned)}）`,
        `• 新增商机：${r.newOpportunities} 个 ${m(r.newPipeline)} · 推进 ${r.advancedOpportunities} · 丢单 ${r.lost}`,
        `• 跟进：${r.activityTotal} 次，涉及 ${r.customers.length} 家客户 · 新客户 ${r.newCustomers}`,
        `• 在途商机：${x.openCount} 个 ${m(x.openAmount)}，其中本期预计成交 ${x.closingCount} 个 ${m(x.closingAmount)}`,
        ...(x.rank ? [`• 赢单排名：第 ${x.rank.place} 名（共 ${x.rank.of} 名销售）`] : []),
        `• 待办：完成 ${r.tasksDone} · 逾期 ${r.tasksOverdue}`,
      ]
    : [
        `• Won: ${r.won} deal(s), ${m(r.wonAmount)}${target}`,
        `• Collected: ${m(r.received)} (planned for the period: ${m(x.planned)})`,
        `• New deals: ${r.newOpportunities}, ${m(r.newPipeline)} · advanced ${r.advancedOpportunities} · lost ${r.lost}`,
        `• Follow-ups: ${r.activityTotal} with ${r.customers.length} customers · new customers ${r.newCustomers}`,
        `• Open pipeline: ${x.openCount} deal(s), ${m(x.openAmount)}; ${x.closingCount} (${m(x.closingAmount)}) expected to close in the period`,
        ...(x.rank ? [`• Won-amount rank: #${x.rank.place} of ${x.rank.of} reps`] : []),
        `• Tasks: ${r.tasksDone} done · ${r.tasksOverdue} overdue`,
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
  const [rows, targets, planned] = await Promise.all([
    computeDailyReport(db, ids, range),
    pk ? userTargets(db, ids, pk) : Promise.resolve(new Map<string, number>()),
    plannedByUser(db, ids, period.start, period.end),
  ]);
  if (single) {
    const r = rows[0];
    const [open, closing, rankRows] = await Promise.all([
      db.opportunity.aggregate({ where: { ownerId: single.id, status: 'OPEN' }, _count: { _all: true }, _sum: { amount: true } }),
      computeClosing(db, { userIds: [single.id], start: period.start, end: period.end, limit: 0 }),
      computeRankings(db, { userIds: await visibleUserIds(db, env.user), start: period.start, end: period.end }),
    ]);
    const me = rankRows.find((x) => x.userId === single.id);
    const lines = personLines(r, lang, {
      target: targets.get(single.id) ?? null,
      planned: planned.get(single.id) ?? 0,
      openCount: open._count._all,
      openAmount: Number(open._sum.amount ?? 0),
      closingCount: closing.count,
      closingAmount: closing.total,
      rank: me && rankRows.length > 1 ? { place: me.rank.wonAmount, of: rankRows.length } : null,
    });
    const title = zh ? `📈 ${single.displayName} · ${period.label}业绩` : `📈 ${single.displayName} · performance ${period.label}`;
    return { text: [title, ...lines].join('\n'), outcome: 'ANSWERED' };
  }
  const h = zh ? ['姓名', '赢单', '目标', '完成率', '回款', '计划回款', '新商机', '跟进', '客户'] : ['Name', 'Won', 'Target', 'Attained', 'Collected', 'Planned', 'New deals', 'Follow-ups', 'Customers'];
  const sorted = [...rows].sort((a, b) => b.wonAmount - a.wonAmount || b.activityTotal - a.activityTotal || a.displayName.localeCompare(b.displayName, 'zh'));
  const table = renderTable(
    [{ header: h[0], max: 12 }, ...h.slice(1).map((header) => ({ header, align: 'right' as const }))],
    sorted.map((r) => {
      const t = targets.get(r.userId) ?? null;
      return [r.displayName, fmtMoney(r.wonAmount, lang), t === null ? '—' : fmtMoney(t, lang), fmtPercent(t ? r.wonAmount / t : null), fmtMoney(r.received, lang), fmtMoney(planned.get(r.userId) ?? 0, lang), String(r.newOpportunities), String(r.activityTotal), String(r.customers.length)];
    }),
  );
  const won = rows.reduce((s, r) => s + r.wonAmount, 0);
  const foot = zh ? `合计：赢单 ${fmtMoney(won, lang)} · 回款 ${fmtMoney(rows.reduce((s, r) => s + r.received, 0), lang)}` : `Total: won ${fmtMoney(won, lang)} · collected ${fmtMoney(rows.reduce((s, r) => s + r.received, 0), lang)}`;
  const title = zh ? `📈 ${scope.scope.label} · ${period.label}业绩` : `📈 ${scope.scope.label} · performance ${period.label}`;
  return { text: `${title}\n${table}\n${foot}`, outcome: 'ANSWERED' };
};

/** The reps among `userIds` (null = all), active first-come order. */
async function repIds(db: Parameters<IntentHandler>[0], userIds: string[] | null): Promise<string[]> {
  const users = await db.user.findMany({ where: { role: 'REP', active: true, ...(userIds ? { id: { in: userIds } } : {}) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  return users.map((u) => u.id);
}
