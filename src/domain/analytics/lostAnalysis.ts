// 丢单原因分析: deals lost in the period (default this quarter) in scope, by reason category
// (a reason may name several: "被竞品低价抢走" is price and competitor), by the competitor named,
// each against the previous period of the same length, and the latest losses in the reps' words.
// Lost money is summed per currency (money/totals.ts), the team's reporting currency first; the
// order of reasons and competitors breaks ties on the reporting-currency amount.
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { formatDate, toLocal, fromLocal } from '../time.js';
import { LOST_CATEGORIES, LOST_CATEGORY_LABEL, lostCategories, type LostCategory } from '../deals/lostReasons.js';
import { resolvePeriod, type Range } from './periods.js';
import { resolveScope } from './scope.js';
import { scopeWhere } from './sql.js';
import { renderTable, truncate } from './table.js';
import { amountIn, amountsOf, DEFAULT_CURRENCY, fmtAmounts, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

export interface LostDeal {
  id: string;
  customer: string;
  owner: string;
  amount: number;
  currency: string;
  reason: string | null;
  competitor: string | null;
  closedAt: Date;
  categories: LostCategory[];
}

/** `amount`: the reporting-currency part of `amounts`. */
export interface LostAnalysis {
  deals: LostDeal[];
  total: { count: number; amount: number; amounts: Amounts };
  previousCount: number;
  byCategory: Array<{ category: LostCategory; count: number; amount: number; amounts: Amounts; previous: number }>;
  byCompetitor: Array<{ competitor: string; count: number; amount: number; amounts: Amounts; previous: number }>;
  withoutReason: number;
  currency: string;
}

async function lostIn(db: Tx, userIds: string[] | null, start: Date, end: Date): Promise<LostDeal[]> {
  if (userIds && !userIds.length) return [];
  const rows = await db.opportunity.findMany({
    where: { ownerId: scopeWhere(userIds), status: 'LOST', closedAt: { gte: start, lt: end } },
    select: { id: true, amount: true, currency: true, lostReason: true, lostCompetitor: true, closedAt: true, customer: { select: { name: true } }, owner: { select: { displayName: true } } },
    orderBy: [{ closedAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map((o) => ({
    id: o.id,
    customer: o.customer.name,
    owner: o.owner.displayName,
    amount: o.amount === null ? 0 : Number(o.amount),
    currency: o.currency,
    reason: o.lostReason,
    competitor: o.lostCompetitor,
    closedAt: o.closedAt!,
    categories: o.lostReason ? lostCategories(o.lostReason) : [],
  }));
}

export async function computeLostAnalysis(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; previousStart: Date; currency?: string }): Promise<LostAnalysis> {
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  const money = (list: LostDeal[]) => {
    const amounts = amountsOf(list);
    return { amount: amountIn(amounts, cur), amounts };
  };
  const [deals, previous] = await Promise.all([lostIn(db, opts.userIds, opts.start, opts.end), lostIn(db, opts.userIds, opts.previousStart, opts.start)]);
  const byCategory = LOST_CATEGORIES.map((category) => {
    const mine = deals.filter((d) => d.categories.includes(category));
    return { category, count: mine.length, ...money(mine), previous: previous.filter((d) => d.categories.includes(category)).length };
  }).filter((c) => c.count || c.previous);
  const names = [...new Set([...deals, ...previous].map((d) => d.competitor).filter((c): c is string => !!c))];
  const byCompetitor = names
    .map((competitor) => {
      const mine = deals.filter((d) => d.competitor === competitor);
      return { competitor, count: mine.length, ...money(mine), previous: previous.filter((d) => d.competitor === competitor).length };
    })
    .sort((a, b) => b.count - a.count || b.amount - a.amount || a.competitor.localeCompare(b.competitor, 'zh'));
  return {
    deals,
    total: { count: deals.length, ...money(deals) },
    previousCount: previous.length,
    byCategory: byCategory.sort((a, b) => b.count - a.count || b.amount - a.amount),
    byCompetitor,
    withoutReason: deals.filter((d) => !d.reason).length,
    currency: cur,
  };
}

export function formatLostAnalysis(a: LostAnalysis, lang: Lang, title: string, tz: string, previousLabel: string): string {
  const zh = lang === 'zh';
  const lines = [title];
  if (!a.total.count) {
    lines.push(zh ? `这个期间没有丢单（${previousLabel} ${a.previousCount} 个）。` : `No deals lost in this period (${previousLabel.toLowerCase()}: ${a.previousCount}).`);
    return lines.join('\n');
  }
  const m = (x: Amounts) => fmtAmounts(x, lang, a.currency);
  lines.push(zh ? `丢单 ${a.total.count} 个，金额 ${m(a.total.amounts)}${a.withoutReason ? `（${a.withoutReason} 个没有记录原因）` : ''}` : `${a.total.count} deals lost, ${m(a.total.amounts)}${a.withoutReason ? ` (${a.withoutReason} without a reason)` : ''}`);
  const h = zh ? ['原因', '单数', '金额', previousLabel] : ['Reason', 'Deals', 'Amount', previousLabel];
  if (a.byCategory.length) {
    lines.push(zh ? '按原因（一单可有多个原因）：' : 'By reason (a loss can have several):');
    lines.push(
      renderTable(
        [{ header: h[0] }, { header: h[1], align: 'right' }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }],
        a.byCategory.map((c) => [LOST_CATEGORY_LABEL[c.category][lang], String(c.count), m(c.amounts), String(c.previous)]),
      ),
    );
  }
  if (a.byCompetitor.length) {
    const hc = zh ? ['竞品', '单数', '金额', previousLabel] : ['Competitor', 'Deals', 'Amount', previousLabel];
    lines.push(zh ? '按竞品：' : 'By competitor:');
    lines.push(
      renderTable(
        [{ header: hc[0], max: 16 }, { header: hc[1], align: 'right' }, { header: hc[2], align: 'right' }, { header: hc[3], align: 'right' }],
        a.byCompetitor.map((c) => [c.competitor, String(c.count), m(c.amounts), String(c.previous)]),
      ),
    );
  }
  lines.push(zh ? '最近丢单：' : 'Latest losses:');
  for (const d of a.deals.slice(0, 10)) {
    lines.push(`• ${formatDate(d.closedAt, lang, tz)} ${d.customer}（${d.owner}）${fmtMoney(d.amount, lang, d.currency)}${zh ? '：' : ': '}${d.reason ? truncate(d.reason, 40) : zh ? '未记录原因' : 'no reason recorded'}`);
  }
  return lines.join('\n');
}

/** This quarter in `tz` (the default span for loss analysis: a month holds too few losses). */
function thisQuarter(now: Date, tz: string, lang: Lang): Range {
  const l = toLocal(now, tz);
  const q0 = Math.floor((l.month - 1) / 3) * 3 + 1;
  return { start: fromLocal(tz, l.year, q0, 1), end: fromLocal(tz, l.year, q0 + 3, 1), label: lang === 'zh' ? '本季度' : 'this quarter' };
}

export const lostReasonsQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = q?.period ? resolvePeriod(q.period, env.now, env.tz, env.lang) : thisQuarter(env.now, env.tz, env.lang);
  const previousStart = new Date(period.start.getTime() - (period.end.getTime() - period.start.getTime()));
  const a = await computeLostAnalysis(db, { userIds: scope.scope.userIds, start: period.start, end: period.end, previousStart, currency: teamReportingCurrency(env.user.team) });
  const zh = env.lang === 'zh';
  const title = zh ? `📉 ${scope.scope.label} · ${period.label}丢单原因分析` : `📉 ${scope.scope.label} · why deals were lost, ${period.label}`;
  return { text: formatLostAnalysis(a, env.lang, title, env.tz, zh ? '上期' : 'Previous'), outcome: 'ANSWERED' };
};
