// 回款计划 / 哪些回款逾期了: the planned payments in the asker's scope that still have something
// unpaid — overdue ones (due before today) first, then those due in the period asked (default the
// next 30 days). Whether a plan is paid is derived from the contract's payments (deals/paymentPlans.ts).
// Unpaid totals are per currency (money/totals.ts), each plan in its own.
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { formatDate, startOfLocalDay } from '../time.js';
import { formatOverdue } from '../analytics/receivables.js';
import { resolveScope } from '../analytics/scope.js';
import { renderTable } from '../analytics/table.js';
import { listPlans, type PlanRow } from '../deals/paymentPlans.js';
import { amountsOf, DEFAULT_CURRENCY, fmtAmounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

function upcomingTable(rows: PlanRow[], lang: Lang, tz: string): string {
  const zh = lang === 'zh';
  const h = zh ? ['客户', '负责人', '计划', '应回款日', '计划金额', '未回款'] : ['Customer', 'Owner', 'Plan', 'Due', 'Planned', 'Unpaid'];
  return renderTable(
    [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2], max: 12 }, { header: h[3] }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }],
    rows.map((p) => [p.customer, p.owner, p.label ?? '—', formatDate(p.dueAt, lang, tz), fmtMoney(p.amount, lang, p.currency), fmtMoney(p.unpaid, lang, p.currency)]),
  );
}

/** Overdue and upcoming plans of `userIds` as a message; `window` defaults to the next 30 days. */
export async function planOverview(db: Tx, o: { userIds: string[] | null; label: string; lang: Lang; tz: string; now: Date; window?: { start: Date; end: Date; label: string } | null; currency?: string }): Promise<string> {
  const { lang, tz, now } = o;
  const zh = lang === 'zh';
  const today = startOfLocalDay(now, tz);
  const from = o.window ? new Date(Math.max(o.window.start.getTime(), today.getTime())) : today;
  const until = o.window ? o.window.end : startOfLocalDay(now, tz, 31);
  const [overdue, upcoming] = await Promise.all([
    listPlans(db, { userIds: o.userIds, dueBefore: today, openOnly: true, limit: 50 }),
    listPlans(db, { userIds: o.userIds, dueFrom: from, dueBefore: until, openOnly: true, limit: 50 }),
  ]);
  const span = o.window?.label ?? (zh ? '未来30天' : 'the next 30 days');
  const lines = [zh ? `💵 ${o.label} · 回款计划` : `💵 ${o.label} · payment plans`];
  const unpaid = (rows: PlanRow[]) => fmtAmounts(amountsOf(rows.map((p) => ({ currency: p.currency, amount: p.unpaid }))), lang, o.currency ?? DEFAULT_CURRENCY);
  if (overdue.length) {
    lines.push(zh ? `⏰ 已逾期 ${overdue.length} 笔，未回款 ${unpaid(overdue)}：` : `⏰ Overdue: ${overdue.length}, ${unpaid(overdue)} unpaid:`);
    lines.push(formatOverdue(overdue, lang, tz, now));
  } else {
    lines.push(zh ? '✅ 没有逾期的回款计划。' : '✅ No overdue payment plans.');
  }
  if (upcoming.length) {
    lines.push(zh ? `📅 ${span}到期 ${upcoming.length} 笔，未回款 ${unpaid(upcoming)}：` : `📅 Due in ${span}: ${upcoming.length}, ${unpaid(upcoming)} unpaid:`);
    lines.push(upcomingTable(upcoming, lang, tz));
  } else {
    lines.push(zh ? `${span}没有到期的回款计划。` : `Nothing planned in ${span}.`);
  }
  return lines.join('\n');
}

export const paymentPlansQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const window = q?.period ? { start: new Date(q.period.start), end: new Date(q.period.end), label: q.period.label } : null;
  return { text: await planOverview(db, { userIds: scope.scope.userIds, label: scope.scope.label, lang: env.lang, tz: env.tz, now: env.now, window, currency: teamReportingCurrency(env.user.team) }), outcome: 'ANSWERED' };
};
