// Money amounts, always returned in whole units of the stated currency (yuan by default).
// A number only counts as money when it carries a unit (万/亿/k/m/w), a currency mark, or sits
// right after a money cue word (预计/预算/budget…) — that is what keeps dates, phone numbers,
// percentages and head counts out.
import { MAX_AMOUNT } from '../schema.js';
import { isTheirAsk } from './asks.js';
import { parseChineseNumber } from './numbers.js';
import { escapeRegExp } from './text.js';
import { PRESENT_TOO, RIVAL_ACTS } from './vocab/competitors.js';

export interface Amount {
  value: number;
  currency: string;
  start: number;
  end: number;
  raw: string;
  /** A money cue word stands right before it (预计 30万). */
  cued: boolean;
}

const ARABIC = new RegExp(
  // Not inside another number ("1,250" is one number; "了,25万" after a comma is a new one).
  '(?<![\\d./:\\-A-Za-z])(?<!\\d,)' +
    '(?:(?<pre>[¥$€]|US\\$|RMB|CNY|USD|人民币|美元)\\s?)?' +
    '(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)' +
    '(?:\\s?(?:个(?=亿))?(?<unit>千万|百万|亿|万|千|[kKwW](?![A-Za-z])|[mM](?![A-Za-z])|million(?![A-Za-z])|thousand(?![A-Za-z])|mn(?![A-Za-z])))?' +
    '(?:\\s?(?<post>元|块钱|块|美元|美金|刀(?!片)|dollars?(?![A-Za-z])|usd(?![A-Za-z])|rmb(?![A-Za-z])|cny(?![A-Za-z])|yuan(?![A-Za-z])))?',
  'gi',
);
// "两个亿" is 两亿: a measure word may stand before 亿.
const CHINESE = /(?<![零一二两三四五六七八九十百千万亿点])(?<cn>[一二两三四五六七八九十][零一二两三四五六七八九十百千万亿点]*(?:个(?=亿))?[万亿][零一二两三四五六七八九十百千]?)(?<post>元|块钱|块)?/g;

const UNIT: Record<string, number> = { 千万: 1e7, 百万: 1e6, 亿: 1e8, 万: 1e4, 千: 1e3, k: 1e3, w: 1e4, m: 1e6, million: 1e6, mn: 1e6, thousand: 1e3 };

/** What follows a bare number and makes it a date, a time, a count or a ratio. */
const NOT_MONEY_AFTER = /^\s?(?:%|％|percent|个|家|人|次|位|台|套|件|条|天|日|号|月|年|周|小时|分|秒|点|岁|倍|成|折|days?\b|weeks?\b|months?\b|years?\b|hours?\b|mins?\b|minutes?\b|pcs\b|people\b|users?\b|seats?\b|licen[cs]es?\b|[:/\-.]\d)/i;
const CUE_BEFORE = /(?:预计|预算|金额|报价|合同额|合同金额|合同|大概|大约|约|估计|总价|价格|总额|单价|改成|改为|应该是|应为|是|为|budget|deal size|worth|around|about|approx\.?|amount|value|price|for|of|is|to|be)\s*[:：]?\s*$/i;
const STRONG_CUE_BEFORE = /(?:预计|预算|金额|报价|合同额|合同金额|大概|大约|约|估计|总价|价格|总额|budget|deal size|worth|around|about|approx\.?|amount|price)\s*[:：]?\s*(?:是|为|在|有)?\s*$/i;
const PHONE = /^1[3-9]\d{9}$/;

function currencyOf(pre: string | undefined, post: string | undefined): string | null {
  const t = `${pre ?? ''}${post ?? ''}`.toLowerCase();
  if (!t) return null;
  if (t.includes('$') || t.includes('usd') || t.includes('美') || t.includes('dollar') || t.includes('刀')) return 'USD';
  if (t.includes('€')) return 'EUR';
  return 'CNY';
}

/** Money amounts in `s`, up to the storable cap (MAX_AMOUNT); bigger ones are left out. */
export function findAmounts(s: string): Amount[] {
  return scanAmounts(s).filter((a) => a.value <= MAX_AMOUNT);
}

/** Money amounts in `s` over the cap ("预计九千万亿"): the assistant refuses such a message clearly. */
export function oversizeAmounts(s: string): Amount[] {
  return scanAmounts(s).filter((a) => !(a.value <= MAX_AMOUNT));
}

function scanAmounts(s: string): Amount[] {
  const out: Amount[] = [];
  ARABIC.lastIndex = 0;
  for (let m = ARABIC.exec(s); m; m = ARABIC.exec(s)) {
    const g = m.groups!;
    const start = m.index;
    const end = start + m[0].length;
    const digits = g.num.replace(/,/g, '');
    const base = Number(digits);
    if (!Number.isFinite(base)) continue;
    const unitKey = g.unit ? g.unit.toLowerCase() : '';
    const currency = currencyOf(g.pre, g.post);
    const before = s.slice(Math.max(0, start - 12), start);
    const cued = STRONG_CUE_BEFORE.test(before);
    if (!unitKey && !currency) {
      if (PHONE.test(digits) || digits.length > 12) continue;
      if (NOT_MONEY_AFTER.test(s.slice(end, end + 8))) continue;
      if (!CUE_BEFORE.test(before) || base < 100) continue;
    } else if (!unitKey && NOT_MONEY_AFTER.test(s.slice(end, end + 8)) && !g.post) continue;
    const value = Math.round(base * (UNIT[unitKey] ?? 1) * 100) / 100;
    if (!(value > 0)) continue;
    out.push({ value, currency: currency ?? 'CNY', start, end, raw: m[0].trim(), cued });
  }
  CHINESE.lastIndex = 0;
  for (let m = CHINESE.exec(s); m; m = CHINESE.exec(s)) {
    const value = parseChineseNumber(m.groups!.cn.replace('个', ''));
    if (value === null || value <= 0) continue;
    const start = m.index;
    if (out.some((a) => a.start <= start && start < a.end)) continue;
    const before = s.slice(Math.max(0, start - 12), start);
    out.push({ value, currency: 'CNY', start, end: start + m[0].length, raw: m[0], cued: STRONG_CUE_BEFORE.test(before) });
  }
  return out.sort((a, b) => a.start - b.start);
}

// Which of several amounts is the deal's: the new value of a change (从95万谈到88万, 25.8万→23万),
// "our part" of a larger project (整个总包1.2亿，我们能做的部分在300万), never a competitor's price
// or a range (20到30万 has no single amount).
const CHANGE_TO = /^\s*(?:万|元)?\s*(?:最后|最终|后来|然后|又|再)?\s*(?:→|->|=>|到|至|降到|降至|压到|压至|谈到|砍到|砍至|改为|改成|调到|调为|调整为|调整到|调成|涨到|涨至|加到|提到|提高到|增加到|减少到|变成|减到|reduced to|down to|up to|drop(?:ped)? to|cut to|raised to|increased to|to)\s*$/i;
// "120万美元？不对，是120k USD": the rep corrects the figure just said.
const SELF_CORRECTED = /^[^\d]{0,8}?(?:不对|错了|说错了|口误|sorry|I mean|no wait)[^\d]{0,4}?(?:是|应该是|应为|改成|I mean|make that|,)?\s*$/i;
// The unitless first end of a range right before an amount: Arabic or Chinese numerals.
const RANGE_FIRST_END = /(?:\d(?:\.\d+)?|(?<![周期拜初第号日月])[零一二两三四五六七八九十百千]+)\s*(?:到|至|-|~|～|—|–|(?<![A-Za-z])to)\s*$/i;
const RANGE_FROM = /(?:从|from)\s*(?:[\d.]+|[零一二两三四五六七八九十百千点]+)\s*(?:到|至|to)\s*$/i;
const RANGE_JOIN = /^\s*(?:万|元|k|w)?\s*(?:到|至|-|~|～|—|–|to)\s*$/i;
const OURS_BEFORE = /(?:我们|我方|我司|咱们)(?:能(?:拿|做|接|分)到?的?|这块|这部分|的部分|分包的?|负责的?|的份额|份额|能拿的?|拿的)[^,，。;；]{0,12}$|(?:our (?:part|share|piece|portion|scope))[^,.;]{0,20}$/i;
// "单线68万 两条136万", "一个场15万 首期合计150万", "$40 per seat": a unit price is not the deal.
const UNIT_PRICE_BEFORE = /(?:单价|单[线台套个条间场件]|每[台套个条间场家人位件]|一[个台套条间场家位件](?:[\u4e00-\u9fff]{0,2})?|(?<![a-z])(?:per (?:unit|seat|user|license|licence|site)|each|apiece|unit price)(?![a-z]))\s*(?:是|为|[:：])?\s*$/i;
const UNIT_PRICE_AFTER = /^\s*(?:\/|每|一)(?:台|套|个|条|件|人|位|间)|^\s*(?:(?:per|a|an|\/)\s*(?:unit|seat|user|license|licence|site))(?![a-z])|^\s*each(?![a-z])/i;
const TOTAL_BEFORE = /(?:整个|整体|总包|总盘子|项目总额|总额|总共|总金额|一共|全部|total|overall|whole)[^,，。;；]{0,8}$/i;
const NOT_OURS_BEFORE = /(?:竞品|竞争对手|对手|友商|别家|另一家(?:公司|厂家|厂商|供应商)?(?=\s*的?\s*(?:报价|价格|出价|报了|给了?|只要|才|便宜|更低|低))|competitor|rival|(?:other|another) vendor|(?:other|another) supplier|the incumbent)[^,，。;；.]{0,12}$/i;
// "浪潮的人也在，他们报价45万", "东软也来投标了，对方报了38万": a clause about a rival being there or
// bidding (vocab/competitors.ts), then 他们/对方 quoting — the rival's price, never our deal's.
const RIVAL_THEN_THEY = new RegExp(`(?:${[...PRESENT_TOO, ...RIVAL_ACTS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})[^,，。;；!！?？]{0,6}[,，;；]\\s*(?:他们|她们|对方|人家)(?:那边)?(?:的)?[^,，。;；]{0,8}$`);
// "报价比我们低10万", "比上一版便宜了3万", "差价5万": a difference between two prices, never a deal's amount.
const DIFFERENCE_BEFORE = /比[^,，。;；]{0,10}?(?:低|高|便宜|贵|少|多)(?:了|出)?\s*$|(?:便宜了|贵了|低了|高了|差了|相差|差价|价差)\s*(?:是|有|大概|约)?\s*$/;
// "二三十万", "十来万", "600来万", "七十万出头", "不到二十万", "1000万以上", "百万级": too vague for one number.
const VAGUE_AFTER = /^\s*(?:来|多|出头|以上|开外|上下浮动|起步|级)/;
const VAGUE_BEFORE = /(?:不到|不足|小于|超过|大于|至少|最少|最多)\s*$/;

// "系统每月3000", "报价12000元，月付", "$2k per month": a monthly fee is not the deal's total (the
// schema has no recurring amount): it stays in the activity's words instead.
const MONTHLY_BEFORE = /(?:每月|每个月|月付|月租|月费|包月|(?<![a-z])(?:per month|monthly|a month)(?![a-z]))\s*(?:是|为|[:：])?\s*$/i;
const MONTHLY_AFTER = /^\s*(?:元|块)?\s*(?:(?:\/|每|一)\s*(?:个)?月|[，,]?\s*(?:月付|按月付?|每月|包月|月租|月费))|^\s*(?:\/\s*(?:month|mo)|(?:per|a)\s+month|monthly)(?![a-z])/i;
export function isMonthly(s: string, a: Amount): boolean {
  return MONTHLY_BEFORE.test(s.slice(Math.max(0, a.start - 8), a.start)) || MONTHLY_AFTER.test(s.slice(a.end, a.end + 10));
}

// "预算15万以内", "under 50k": a ceiling. The figure is kept as the amount (what the deal can be at
// most), but the words that say so stay in the activity's summary: the record must not read as a
// firm figure.
const BOUND_AFTER = /^\s*(?:元|块)?\s*(?:以内|之内|以下|封顶|为上限|是上限|上限)/;
const BOUND_BEFORE = /(?:上限|封顶|(?<![a-z])(?:under|below|up to|at most|no more than|capped at|max(?:imum)?)(?![a-z]))\s*(?:是|为|[:：])?\s*$/i;
export function isBound(s: string, a: Amount): boolean {
  return BOUND_AFTER.test(s.slice(a.end, a.end + 6)) || BOUND_BEFORE.test(s.slice(Math.max(0, a.start - 12), a.start));
}

/** The opportunity amount of a text, or null when it is a range, vague, or not ours. */
export function pickAmount(amounts: Amount[], s?: string): Amount | null {
  if (!s) return amounts.find((a) => a.cued) ?? amounts[0] ?? null;
  // The customer's wish or counter-offer (asks.ts) is never the deal's amount, but it may be
  // where a change starts ("他们还价70万 最后谈到73万").
  const theirs = new Set(amounts.filter((a) => isTheirAsk(s, a)));
  const candidates = amounts.filter((a, i) => {
    const before = s.slice(Math.max(0, a.start - 20), a.start);
    const next = amounts[i + 1];
    const prev = amounts[i - 1];
    if (NOT_OURS_BEFORE.test(before) || RIVAL_THEN_THEY.test(s.slice(Math.max(0, a.start - 40), a.start)) || DIFFERENCE_BEFORE.test(before) || isMonthly(s, a) || VAGUE_AFTER.test(s.slice(a.end, a.end + 3)) || VAGUE_BEFORE.test(before)) return false;
    // "40到50万", "十五到二十万", "15 to 20万": the first end has no unit of its own, so it is not an
    // amount — still a range. A weekday or a date (周五到…, 初五到…) is no first end; 从A到B is a change.
    if (RANGE_FIRST_END.test(before) && !RANGE_FROM.test(before)) return false;
    // A range: both ends are dropped.
    if (next && RANGE_JOIN.test(s.slice(a.end, next.start)) && !/(?:从|from)\s*$/i.test(before)) return false;
    if (prev && RANGE_JOIN.test(s.slice(prev.end, a.start)) && !/(?:从|from)\s*$/i.test(s.slice(Math.max(0, prev.start - 5), prev.start))) return false;
    return true;
  });
  // 从A…到B / A→B: the new value — unless that is only what the customer wants.
  for (let i = candidates.length - 1; i > 0; i--) {
    const a = candidates[i - 1];
    const b = candidates[i];
    const gap = s.slice(a.end, b.start);
    if (!theirs.has(b) && (CHANGE_TO.test(gap.replace(/[了啦]/g, '')) || SELF_CORRECTED.test(gap))) return b;
  }
  const usable = candidates.filter((a) => !theirs.has(a));
  const ours = usable.find((a) => OURS_BEFORE.test(s.slice(Math.max(0, a.start - 24), a.start)));
  if (ours) return ours;
  const isUnitPrice = (a: Amount) => UNIT_PRICE_BEFORE.test(s.slice(Math.max(0, a.start - 8), a.start)) || UNIT_PRICE_AFTER.test(s.slice(a.end, a.end + 10));
  const whole = usable.filter((a) => !isUnitPrice(a));
  // With unit prices beside it, the figure that is no unit price is the deal's total.
  if (whole.length && whole.length < usable.length) return whole.find((a) => a.cued) ?? whole[whole.length - 1];
  // Only a unit price ("单价1200，要400台"): the deal's amount was not said.
  if (usable.length && !whole.length) return null;
  const parts = usable.filter((a) => !TOTAL_BEFORE.test(s.slice(Math.max(0, a.start - 12), a.start)));
  const pool = parts.length ? parts : usable;
  return pool.find((a) => a.cued) ?? pool[0] ?? null;
}
