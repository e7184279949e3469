// 本周周报 / 本月月报 / 李娜的周报 / 团队月报: the 日报 over a week or month — the figures, then the
// customers worked on with a one-line summary and outcome each. A 周报 also sends the 8-week
// trend (activities, new customers, won money per week) as a chart. A rep (or a named person) gets
// theirs; a manager without a name gets the team: totals, then every person with their customers.
// Money prints per currency, the team's reporting currency first (money/totals.ts).
import type { IntentHandler } from '../handlerTypes.js';
import { resolvePeriod } from '../analytics/periods.js';
import { resolveScope } from '../analytics/scope.js';
import { plannedByUser } from '../deals/paymentPlans.js';
import { fmtAmounts, isZero } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';
import { computeDailyReport, formatDailyReport, formatRollup, rollupRows } from '../reports/daily.js';
import { rollupUserIds } from '../reports/pushes.js';
import { trendChart } from '../analytics/charts.js';
import { computeWeeklyTrend } from '../analytics/trend.js';

export const periodReportQuery: IntentHandler = async (db, env) => {
  const { lang, tz, now, user } = env;
  const zh = lang === 'zh';
  const q = env.parsed.query;
  const scope = await resolveScope(db, user, q?.subject, lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, now, tz, lang);
  const range = { start: period.start, end: period.end, asOf: period.end < now ? period.end : now };
  const weekly = period.end.getTime() - period.start.getTime() <= 8 * 86_400_000;
  const kind = !weekly ? (zh ? '月报' : 'monthly report') : zh ? '周报' : 'weekly report';
  // A 周报 comes with the weekly trend up to that week, drawn as a chart.
  const trend = async (userIds: string[], who: string) =>
    weekly ? trendChart(await computeWeeklyTrend(db, { userIds, until: new Date(range.asOf.getTime() - 1), tz, currency }), lang, zh ? `${who} · 最近8周趋势` : `${who} · last 8 weeks`, tz, currency) : null;
  const currency = teamReportingCurrency(user.team);
  const person = scope.scope.person ?? (user.role === 'REP' ? { id: user.id, displayName: user.displayName } : null);
  if (person) {
    const [row] = await computeDailyReport(db, [person.id], range, currency);
    const planned = (await plannedByUser(db, [person.id], period.start, period.end)).get(person.id);
    const title = zh ? `🗓️ ${person.displayName} 的${kind} · ${period.label}` : `🗓️ ${person.displayName} · ${kind} · ${period.label}`;
    const text = formatDailyReport(row, lang, period.start, tz, title, currency);
    const plan = !isZero(planned) ? `\n${zh ? `• 本期计划回款：${fmtAmounts(planned, lang, currency)}` : `• Planned collections in the period: ${fmtAmounts(planned, lang, currency)}`}` : '';
    return { text: text.replace(/(\n• 完成待办[^\n]*|\n• Tasks done[^\n]*)/, `$1${plan}`), outcome: 'ANSWERED', chart: await trend([person.id], person.displayName) };
  }
  const ids = scope.scope.team ? (await rollupUserIds(db, user)).filter((id) => scope.scope.userIds!.includes(id)) : await rollupUserIds(db, user);
  const rows = rollupRows(await computeDailyReport(db, ids, range, currency));
  const label = scope.scope.team?.name ?? (zh ? '团队' : 'Team');
  const title = zh ? `📊 ${label}${kind} · ${period.label}（${rows.length}人）` : `📊 ${label} ${kind} · ${period.label} (${rows.length} people)`;
  return { text: formatRollup(rows, lang, period.start, tz, title, 8, currency), outcome: 'ANSWERED', chart: await trend(ids, label) };
};
