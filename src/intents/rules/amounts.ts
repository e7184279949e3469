// Money amounts, always returned in whole units of the stated currency (yuan by default).
// A number only counts as money when it carries a unit (万/亿/k/m/w), a currency mark, or sits
// right after a money cue word (预计/预算/budget…) — that is what keeps dates, phone numbers,
// percentages and head counts out.
import { MAX_AMOUNT } from '../schema.js';
import { parseChineseNumber } from './numbers.js';

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
  '(?<![\\d.,/:\\-A-Za-z])' +
    '(?:(?<pre>[¥$€]|US\\$|RMB|CNY|USD|人民币|美元)\\s?)?' +
    '(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)' +
    '(?:\\s?(?<unit>千万|百万|亿|万|千|[kKwW](?![A-Za-z])|[mM](?![A-Za-z])|million(?![A-Za-z])|thousand(?![A-Za-z])|mn(?![A-Za-z])))?' +
    '(?:\\s?(?<post>元|块钱|块|美元|美金|刀(?!片)|dollars?(?![A-Za-z])|usd(?![A-Za-z])|rmb(?![A-Za-z])|cny(?![A-Za-z])|yuan(?![A-Za-z])))?',
  'gi',
);
const CHINESE = /(?<![零一二两三四五六七八九十百千万亿点])(?<cn>[一二两三四五六七八九十][零一二两三四五六七八九十百千万亿点]*[万亿][零一二两三四五六七八九十百千]?)(?<post>元|块钱|块)?/g;

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
    const value = parseChineseNumber(m.groups!.cn);
    if (value === null || value <= 0) continue;
    const start = m.index;
    if (out.some((a) => a.start <= start && start < a.end)) continue;
    const before = s.slice(Math.max(0, start - 12), start);
    out.push({ value, currency: 'CNY', start, end: start + m[0].length, raw: m[0], cued: STRONG_CUE_BEFORE.test(before) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The opportunity amount: a cued one first, else the first one mentioned. */
export function pickAmount(amounts: Amount[]): Amount | null {
  return amounts.find((a) => a.cued) ?? amounts[0] ?? null;
}
