/*
 * Time words → instants. All wall-clock arithmetic happens in ctx.timezone through
 * domain/time.ts, so "明天 09:00" is 09:00 where the team is, DST included.
 *
 * FUZZY NEXT-STEP TIMES (mode 'future'; schedulers and reminders rely on these — change with care)
 *   今天稍后 / 稍后 / 等会 / 待会 / later today  → now + 2h, capped at 23:00 today
 *   今天 (no part of day, no clock)              → same as "later today"
 *   今晚 / tonight                               → today 20:00; if now ≥ 20:00 → now + 1h
 *   明天 / tomorrow                              → tomorrow 09:00
 *     明天上午 09:00 · 明天中午 12:00 · 明天下午 14:00 · 明晚 / 明天晚上 20:00 · 明早 09:00
 *   后天 → +2 days 09:00 · 大后天 → +3 days 09:00
 *   本周内 / 这周 / this week / end of week      → Friday 18:00 of the current ISO week;
 *                                                  if already past → Sunday 20:00 of this week;
 *                                                  if that is past too → now + 1h
 *   周末 / 这周末 / 这个周末 / this weekend         → Saturday 10:00 of this ISO week (下周末 / next weekend:
 *                                                  the next week's); said on Saturday or Sunday → as "今天";
 *                                                  in mode 'past' on a weekday: last Saturday
 *   下周 / next week                             → Monday 09:00 of the next ISO week
 *   下周内 / 下周之内                             → Friday 18:00 of the next ISO week
 *   三天内 / 一周之内 / 两个月以内                → the last day of that span 18:00
 *   过两天 / 过一两天 → +2 days 09:00 · 过几天 / 过两三天 → +3 days 09:00 (steps only)
 *   下周X / next Tuesday                         → weekday X of the next ISO week, 09:00
 *   周X / 本周X / this Friday / by Friday / on Friday
 *                                                → weekday X of this ISO week 09:00 if still ahead
 *                                                  of now, else the same weekday next week
 *   下月 / 下个月 / next month / 下月初           → 1st of next month 09:00
 *   月底 / 月末 / 本月 / end of month             → last day of this month 18:00
 *                                                  (already past → last day of next month 18:00)
 *   下月底                                       → last day of next month 18:00
 *   月初 / 下月初                                → today is after the 5th: 1st of next month 09:00;
 *                                                  1st–5th: the 5th of this month 18:00
 *   月中 / 月中旬                                → 15th 09:00 (this month, else next month)
 *   下月中旬 / 下个月上旬 / 下月下旬             → the 15th / 1st / 21st of that month 09:00
 *   年底 / 年末 / end of year                    → 31 Dec 18:00 this year
 *   10月15日 / 12/15 / Dec 15 / 2026-12-15       → that date 09:00; year = this year, or next year
 *                                                  when the date is more than 30 days in the past
 *   15号                                         → the 15th 09:00 of this month, next month if past
 *   12月 (month only) / 12月初 / 12月中 / 12月底 → 1st 09:00 / 1st 09:00 / 15th 09:00 / last day 18:00
 *   part of day on a day (一早/清早 = 上午): 上午 09:00 · 中午 12:00 · 下午 14:00 · 晚上 20:00 · 早上 09:00
 *   an explicit clock time always wins (明天下午3点 → 15:00, 3点半 → 15:30 with 下午);
 *   a bare hour 1–6 without 上午/下午 is read as afternoon (下班前 meetings, not 3 a.m.)
 *   a part of day or clock with no day means today; if that moment has passed → now + 1h
 *
 * EXPECTED CLOSE DATES (mode 'close') use the same rules, except that a month on its own
 *   ("12月签约", "本月签") means the last day of that month 18:00 — a deal "in December" is
 *   late if it is not signed by the end of December.
 *   A quarter on its own likewise ("明年一季度落地", "Q1签约", "下季度签") is its last day 18:00;
 *   as a step time it is the quarter's first day 09:00 (季度末 / end of quarter: the last day).
 *   A quarter without a year that is already over is next year's; 明年/后年/今年 before a month,
 *   a date or a quarter set its year.
 *
 * WHEN SOMETHING HAPPENED (mode 'past', activity.occurredAt)
 *   no time words / 刚才 / 刚刚 / just now / 今天 alone → ctx.now
 *   a day with a part of day → 上午 10:00 · 中午 12:00 · 下午 15:00 · 傍晚 17:00 · 晚上 19:00
 *   another day without part (昨天, 上周五, 10月15日) → 10:00 that day
 *   周X without 上/下 → the most recent such day (today included)
 *   explicit dates: this year, or last year when more than 30 days in the future
 */
import { formatIsoLocal, fromLocal, toLocal } from '../../domain/time.js';
import { smallNumber } from './numbers.js';
import { tokenize } from './segment.js';

export type TimeMode = 'past' | 'future' | 'close';

export interface TimeCtx {
  now: Date;
  tz: string;
}

interface LDate {
  y: number;
  m: number;
  d: number;
}

export function mkDate(y: number, m: number, d: number): LDate {
  const t = new Date(Date.UTC(y, m - 1, d));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
export function addDays(a: LDate, n: number): LDate {
  return mkDate(a.y, a.m, a.d + n);
}
export function isoWeekday(a: LDate): number {
  const w = new Date(Date.UTC(a.y, a.m - 1, a.d)).getUTCDay();
  return w === 0 ? 7 : w;
}
export function mondayOf(a: LDate): LDate {
  return addDays(a, 1 - isoWeekday(a));
}
export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
// Intl-based zone conversion is the parser's hottest path, and a message asks for the same few
// instants over and over (today, 09:00 tomorrow…). Small memo tables keep the benchmark honest.
const MEMO_MAX = 4096;
const todayMemo = new Map<string, LDate>();
const atMemo = new Map<string, Date>();
const isoMemo = new Map<string, string>();
function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (m.size >= MEMO_MAX) m.clear();
  m.set(k, v);
  return v;
}

export function todayOf(c: TimeCtx): LDate {
  const k = `${c.tz}|${c.now.getTime()}`;
  const hit = todayMemo.get(k);
  if (hit) return hit;
  const l = toLocal(c.now, c.tz);
  return remember(todayMemo, k, { y: l.year, m: l.month, d: l.day });
}
export function at(c: TimeCtx, d: LDate, h = 0, min = 0): Date {
  const k = `${c.tz}|${d.y}-${d.m}-${d.d} ${h}:${min}`;
  const hit = atMemo.get(k);
  if (hit) return new Date(hit.getTime());
  return new Date(remember(atMemo, k, fromLocal(c.tz, d.y, d.m, d.d, h, min)).getTime());
}
export function iso(c: TimeCtx, d: Date): string {
  const k = `${c.tz}|${d.getTime()}`;
  return isoMemo.get(k) ?? remember(isoMemo, k, formatIsoLocal(d, c.tz));
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

const ZH_NUM = '\\d{1,2}|[一二三四五六七八九十两]{1,3}';
const MONTHS_EN =
  'january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec';
const WEEKDAYS_EN = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';

// One alternation, longest/most specific first; named groups say which rule fired. A month in
// Chinese numerals is never the tail of a larger number ("百分之四十月底前付": 四十, then 月底).
const TIME_RE = new RegExp(
  [
    '(?<ymd>(?<y1>20\\d{2})[-/.年](?<m1>1[0-2]|0?[1-9])[-/.月](?<d1>3[01]|[12]\\d|0?[1-9])[日号]?)',
    `(?<md>(?<![\\d.])(?<!(?<!周|星期|礼拜)[一二三四五六七八九十两百千之])(?:(?<yr2>明年|今年|后年))?(?<m2>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?<d2>3[01]|[12]\\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]?)`,
    '(?<mdSlash>(?<![\\d/.:])(?<m3>1[0-2]|0?[1-9])/(?<d3>3[01]|[12]\\d|0?[1-9])(?![\\d/]))',
    `(?<monthPart>(?<![\\d.个])(?<!(?<!周|星期|礼拜)[一二三四五六七八九十两百千之])(?:(?<yr4>明年|今年|后年))?(?<m4>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?(?<mp>底|末|初|中旬|中|上旬|下旬)?)`,
    '(?<dayNum>(?<![\\d月/.])(?<d5>3[01]|[12]\\d|[1-9])号)',
    // 12.20之前 / 12.20号: a month.day date only where a deadline word follows (12.5万 is money).
    '(?<mdDot>(?<![\\d.])(?<m6>1[0-2]|0?[1-9])\\.(?<d6>3[01]|[12]\\d|0?[1-9])(?=\\s*(?:之前|以前|前|号|日|截止|到期)))',
    '(?<holiday>元旦|国庆节?|五一|劳动节|圣诞节?|春节|中秋节?|端午节?|(?<![a-z])(?:new year|christmas)(?![a-z]))',
    // The Spring Festival by its everyday names (年前签 / 年后再议 / 过完年), and "the holiday" with
    // no name (节前 / 节后: the next one). 年前/年后/节前/节后 count only as one word of their own in
    // the segmentation ("三年前", "去年前三季度" and "环节前" are other words).
    '(?<lunar>过完年|过了年|过年(?:前|后|以前|之前|以后|之后)?|年前|年后|节前|节后)',
    '(?<rel>今天稍后|稍后|等会儿?|等一会儿?|待会儿?|一会儿|晚点|晚些时候)',
    '(?<dayp>今早|今晚|今夜|明早|明晚|昨晚)',
    '(?<day>大后天|后天|明天|明日|今天|今日|昨天|昨日|前天)',
    '(?<offWork>(?:今天)?下班前|今天之内|今日内|(?<![a-z])(?:by )?(?:cob|close of business)(?![a-z]))',
    '(?<wd>(?<wdp>下下|下|上|本|这)?个?(?:周|星期|礼拜)(?<wdn>[一二三四五六日天1-7]))',
    '(?<week>(?<wkp>下下|下|上|本|这)个?(?:周|星期|礼拜)(?<wkin>内|之内|末)?)',
    // A weekend without 这/下: "周末把方案发过去", "这个周末", "over the weekend".
    '(?<weekend>(?<![下上本这])(?:这个|本个)?周末|(?<![a-z])(?:(?<enWkend>this|next|last|over the|by the|the) )?weekend(?![a-z]))',
    '(?<monthRel>(?<mrp>下|上|本|这)个?月(?:(?<mrs>上旬|中旬|下旬|底|末|初|中)|(?<mrd>3[01]|[12]\\d|0?[1-9])[号日])?)',
    // "一周后", "三天以后", "两个月之后": an offset from today.
    '(?<offset>(?<![\\d.])(?<on>[1-9]\\d?|[一两二三四五六七八九十]|半)(?<ou>天|周|个星期|个礼拜|个月)(?:后|以后|之后))',
    // "三天内", "一周之内", "两个月以内": by the end of that span (its last day 18:00).
    '(?<within>(?<![\\d.])(?<wn>[1-9]\\d?|[一两二三四五六七八九十]|半)(?<wu>天|周|个星期|个礼拜|个月)(?:内|之内|以内))',
    // "过两天再联系", "过几天去拜访": a few days on (几 / 两三: three), 09:00.
    '(?<later>过(?<ln>一两|两三|[一两二三四五几])天)',
    // A quarter: 一季度, 明年Q1, 第二季度末, 2027Q1, 下季度, Q3 2027, next quarter, end of Q2.
    '(?<quarter>(?:(?<qyr>明年|今年|后年)|(?<qy1>20\\d{2})\\s?年?\\s?)?(?:第?(?<qzh>[一二三四1-4])季度|(?<![A-Za-z])[Qq](?<qq>[1-4])(?![0-9A-Za-z])(?:\\s?季度)?(?:\\s(?<qy2>20\\d{2})(?!\\d))?)(?<qe>末|底|初)?)',
    '(?<quarterRel>(?<qrp>下|本|这|上)个?季度?(?<qre>末|底|初)?(?![一二三四1-4]))',
    '(?<enQuarter>(?<![a-z])(?:(?<enQp>this|next|last)\\s+quarter|end of (?:the |this )?quarter|eoq)(?![a-z]))',
    '(?<monthEdge>月底|月末|月初|月中旬|月中)',
    '(?<yearEdge>年底|年末)',
    '(?<part>上午|早上|早晨|一大早|大清早|一早|清早|中午|下午|傍晚|晚上|夜里)',
    '(?<enClock>(?<![\\d.:])(?:(?<eh>1[0-2]|0?[1-9])(?::(?<em>[0-5]\\d))?\\s*(?<ap>am|pm|a\\.m\\.|p\\.m\\.)|(?<eh2>[01]?\\d|2[0-3]):(?<em2>[0-5]\\d))(?![\\d]))',
    `(?<clock>(?<![\\d.])(?<ch>${ZH_NUM})(?:点|:|：|时)(?<cm>半|一刻|三刻|[0-5]\\d(?:分)?|[1-9]分|[一二三四五]?十?[一二三四五六七八九]?分)?)`,
    '(?<now>刚才|刚刚|方才)',
    '(?<enRel>(?<![a-z])(?:later today|later this (?:afternoon|evening)|end of (?:the )?day|eod)(?![a-z]))',
    '(?<enDayp>(?<![a-z])(?:tonight|this morning|this afternoon|this evening)(?![a-z]))',
    '(?<enDay>(?<![a-z])(?:the day after tomorrow|tomorrow|tmrw?|2morrow|today|yesterday|ytd)(?![a-z]))',
    `(?<enWdNext>(?<![a-z])(?<enWdn2>${WEEKDAYS_EN}|mon|tue|tues|wed|thu|thur|thurs|fri)\\.?\\s+next week(?![a-z]))`,
    `(?<enWd>(?<![a-z])(?:(?<enWdp>next|last|this|coming)\\s+)?(?<enWdn>${WEEKDAYS_EN})(?![a-z]))`,
    // Fri, Wed, Thurs — abbreviations only after by/on/this/next/before/until or capitalised.
    '(?<enWdAbbr>(?:(?<enWdAp>next|this|coming|by|on|before|until|till)\\s+(?<enWdA1>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)|(?<enWdA2>Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri))\\.?(?![a-z]))',
    '(?<enWeek>(?<![a-z])(?:(?<enWkp>this|next|last)\\s+week|end of (?:the |this )?week|eow)(?![a-z]))',
    '(?<enMonth>(?<![a-z])(?:(?<enMp>this|next|last)\\s+month|end of (?:the |this )?month|(?<enMe2>end of next month)|eom|beginning of next month)(?![a-z]))',
    '(?<enYear>(?<![a-z])(?:end of (?:the |this )?year|year[- ]end|eoy)(?![a-z]))',
    `(?<enMonEdge>(?<![a-z])(?:(?<enEdge>end|beginning|start|middle|mid)(?:\\s+of)?[\\s-]+(?<enMon3>${MONTHS_EN})|(?<enEdge2>early|mid|late)[\\s-]+(?<enMon4>${MONTHS_EN}))(?![a-z]))`,
    `(?<enDate>(?<![a-z])(?:(?<enMon1>${MONTHS_EN})\\.?\\s+(?<enD1>3[01]|[12]\\d|0?[1-9])(?:st|nd|rd|th)?(?!\\d)|(?<enD2>3[01]|[12]\\d|0?[1-9])(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<enMon2>${MONTHS_EN}))(?![a-z]))`,
    '(?<enPart>(?<![a-z])(?:morning|afternoon|evening|noon)(?![a-z]))',
    '(?<enNow>(?<![a-z])just now(?![a-z]))',
  ].join('|'),
  'gi',
);

const WEEKDAY_ZH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const MONTH_EN: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
type Part = 'morning' | 'noon' | 'afternoon' | 'dusk' | 'evening';
const PART_ZH: Record<string, Part> = { 上午: 'morning', 早上: 'morning', 早晨: 'morning', 一早: 'morning', 一大早: 'morning', 清早: 'morning', 大清早: 'morning', 中午: 'noon', 下午: 'afternoon', 傍晚: 'dusk', 晚上: 'evening', 夜里: 'evening' };
const PAST_HOUR: Record<Part, number> = { morning: 10, noon: 12, afternoon: 15, dusk: 17, evening: 19 };
const FUTURE_HOUR: Record<Part, number> = { morning: 9, noon: 12, afternoon: 14, dusk: 18, evening: 20 };

interface Token {
  start: number;
  end: number;
  g: Record<string, string | undefined>;
}

export interface TimeExpr {
  start: number;
  end: number;
  /** The rep's own words including 前/之前/以前 or by/before. */
  label: string;
  tokens: Token[];
  /** Only backward-looking words (昨天, 上周五, 刚才): never a next-step time. */
  pastOnly: boolean;
  /** 今天/刚才/part of day only: could be either direction. */
  neutral: boolean;
}

const GAP_JOIN = /^\s*(?:的|at|on|in the|,)?\s*$/i;
const SUFFIX = /^\s*(?:之前|以前|前|左右|之内|以内|内|为止)/;
const PREFIX_EN = /(?:^|\s)(?:by|before|until|till|no later than|on|at|due)\s+$/i;

function isPastToken(g: Token['g']): boolean {
  const t = (g.day ?? g.dayp ?? '') as string;
  if (/昨|前天/.test(t)) return true;
  if (g.now || g.enNow) return true;
  if (g.enDay && /yesterday/i.test(g.enDay)) return true;
  if (g.wdp === '上' || g.wkp === '上' || g.mrp === '上') return true;
  if (g.enWdp && /last/i.test(g.enWdp)) return true;
  if (g.enWkp && /last/i.test(g.enWkp)) return true;
  if (g.enMp && /last/i.test(g.enMp)) return true;
  return false;
}
function isNeutralToken(g: Token['g']): boolean {
  return Boolean(g.part || g.enPart || g.clock || g.enClock || g.day === '今天' || g.day === '今日' || (g.enDay && /today/i.test(g.enDay)) || (g.enDayp && /this (morning|afternoon)/i.test(g.enDayp)));
}

/** Every time expression in `s`, adjacent words merged (明天 下午 3点 → one expression). */
function insideName(s: string, start: number, end: number): boolean {
  const tokens = tokenize(s);
  const t = tokens.find((x) => x.start <= start && x.end >= end);
  if (t && /^nr/.test(t.tag) && (t.start < start || t.end > end)) return true;
  // "鲍/nr 国庆/t": a surname right before it.
  const prev = tokens.find((x) => x.end === start);
  return Boolean(prev && prev.tag === 'nr' && [...prev.word].length === 1);
}

/** Is s[start, end) one word of the segmentation ("年前/t" yes; "三年/m 前/f" no)? */
function isOwnWord(s: string, start: number, end: number): boolean {
  return tokenize(s).some((t) => t.start === start && t.end === end);
}

// After a holiday: 春节后, 国庆之后, 节后 (the end, not the day itself).
const AFTER_HOLIDAY = /^\s*(?:以后|之后|过后|后)/;

// The rules ask for the time words of the same text (a clause, the message) about ten times per
// message: the last few answers are kept (a fresh array each time; the expressions are read-only).
const recentTimes: Array<{ s: string; out: TimeExpr[] }> = [];

export function findTimeExprs(s: string): TimeExpr[] {
  const hit = recentTimes.find((r) => r.s === s);
  if (hit) return hit.out.slice();
  const out = timeExprsOf(s);
  recentTimes.unshift({ s, out });
  if (recentTimes.length > 8) recentTimes.pop();
  return out.slice();
}

function timeExprsOf(s: string): TimeExpr[] {
  const toks: Token[] = [];
  TIME_RE.lastIndex = 0;
  for (let m = TIME_RE.exec(s); m; m = TIME_RE.exec(s)) {
    if (m[0].length === 0) {
      TIME_RE.lastIndex++;
      continue;
    }
    const g = m.groups as Token['g'];
    // "一点" / "两点" are also "a little" / "two points": a Chinese-numeral hour needs a part of day or day word in front.
    if (g.clock && g.ch && !/^\d/.test(g.ch)) {
      const prev = toks[toks.length - 1];
      if (!prev || prev.end !== m.index || !(prev.g.part || prev.g.day || prev.g.dayp)) continue;
    }
    // A bare ASCII hour must look like a clock: 3点 yes, 3:2 score no.
    if (g.clock && g.ch && /^\d/.test(g.ch) && /[:：]$/.test(m[0]) && !g.cm) continue;
    // A holiday inside a person's name ("鲍国庆", "李元旦") is no date.
    if (g.holiday && /[\u4e00-\u9fff]/.test(m[0]) && insideName(s, m.index, m.index + m[0].length)) continue;
    if (g.lunar && !g.lunar.startsWith('过') && !isOwnWord(s, m.index, m.index + m[0].length)) continue;
    toks.push({ start: m.index, end: m.index + m[0].length, g });
  }
  const out: TimeExpr[] = [];
  for (const t of toks) {
    const cur = out[out.length - 1];
    if (cur && GAP_JOIN.test(s.slice(cur.end, t.start))) {
      cur.tokens.push(t);
      cur.end = t.end;
    } else out.push({ start: t.start, end: t.end, label: '', tokens: [t], pastOnly: false, neutral: false });
  }
  for (const e of out) {
    const suf = SUFFIX.exec(s.slice(e.end, e.end + 4)) ?? (e.tokens[e.tokens.length - 1].g.holiday ? AFTER_HOLIDAY.exec(s.slice(e.end, e.end + 4)) : null);
    if (suf) e.end += suf[0].length;
    const pre = PREFIX_EN.exec(s.slice(Math.max(0, e.start - 20), e.start));
    if (pre) e.start -= pre[0].replace(/^\s/, '').length;
    e.label = s.slice(e.start, e.end).trim();
    e.pastOnly = e.tokens.some((t) => isPastToken(t.g));
    // "今天晚上" is 今晚 said in two words: tonight is still ahead of a message typed by day, as 今晚 is.
    const tonight = e.tokens.some((t) => t.g.day === '今天' || t.g.day === '今日') && e.tokens.some((t) => t.g.part && /晚上|夜里|傍晚/.test(t.g.part));
    e.neutral = !e.pastOnly && !tonight && e.tokens.every((t) => isNeutralToken(t.g));
  }
  return out;
}

interface Clock {
  h: number;
  m: number;
  ap?: 'am' | 'pm';
}

function parseClock(g: Token['g']): Clock | null {
  if (g.clock) {
    const h = smallNumber(g.ch);
    if (h === null || h > 24) return null;
    let m = 0;
    const cm = g.cm ?? '';
    if (cm === '半') m = 30;
    else if (cm === '一刻') m = 15;
    else if (cm === '三刻') m = 45;
    else if (cm) m = smallNumber(cm.replace('分', '')) ?? 0;
    return { h, m: m > 59 ? 0 : m };
  }
  if (g.enClock) {
    if (g.eh) {
      const ap = /^p/i.test(g.ap ?? '') ? 'pm' : 'am';
      return { h: Number(g.eh), m: Number(g.em ?? 0), ap };
    }
    return { h: Number(g.eh2), m: Number(g.em2 ?? 0) };
  }
  return null;
}

function clockHour(c: Clock, part: Part | null, mode: TimeMode): [number, number] {
  let h = c.h;
  if (c.ap === 'pm' && h < 12) h += 12;
  else if (c.ap === 'am' && h === 12) h = 0;
  else if (!c.ap) {
    if ((part === 'afternoon' || part === 'evening' || part === 'dusk') && h < 12) h += 12;
    else if (part === 'noon' && h < 6) h += 12;
    else if (!part && h >= 1 && h <= 6 && mode !== 'past') h += 12;
  }
  return [h % 24, c.m];
}

type Weekday = { n: number; rel: 'next' | 'last' | 'this' | 'nextnext' };

/** Resolve one expression; null when the words carry no usable time. */
export function resolveTime(e: TimeExpr, mode: TimeMode, c: TimeCtx): Date | null {
  const now = c.now.getTime();
  const today = todayOf(c);
  let day: LDate | null = null;
  let defHM: [number, number] | null = null;
  let fixed: Date | null = null;
  let part: Part | null = null;
  let clock: Clock | null = null;
  let weekday: Weekday | null = null;
  let isToday = false;
  let explicitYear = true;
  let tonight = false;
  let laterToday = false;
  let thisWeek = false;
  let dayOfMonthOnly = false;
  // A calendar date said with it ("周一十二月三号") is what counts: the weekday never moves it, even
  // when the two disagree.
  let calendarDate = false;

  for (const { g } of e.tokens) {
    if (g.ymd) ((day = mkDate(Number(g.y1), Number(g.m1), Number(g.d1))), (calendarDate = true));
    else if (g.md || g.mdSlash || g.enDate) {
      const mo = g.md ? smallNumber(g.m2) : g.mdSlash ? Number(g.m3) : MONTH_EN[(g.enMon1 ?? g.enMon2 ?? '').toLowerCase().slice(0, 3)];
      const dd = g.md ? smallNumber(g.d2) : g.mdSlash ? Number(g.d3) : Number(g.enD1 ?? g.enD2);
      if (!mo || !dd || mo > 12 || dd > 31) continue;
      const y = today.y + yearOffset(g.yr2);
      day = { y, m: mo, d: Math.min(dd, lastDayOfMonth(y, mo)) };
      explicitYear = Boolean(g.yr2);
      calendarDate = true;
    } else if (g.mdDot) {
      const mo = Number(g.m6);
      const dd = Number(g.d6);
      day = { y: today.y, m: mo, d: Math.min(dd, lastDayOfMonth(today.y, mo)) };
      explicitYear = false;
      calendarDate = true;
    } else if (g.holiday || g.lunar) {
      const word = g.holiday?.toLowerCase() ?? (g.lunar!.startsWith('节') ? null : '春节');
      const side = /(?:前|之前|以前)$/.test(e.label) ? 'before' : /(?:后|以后|之后|过后)$/.test(e.label) || /^过[完了]年/.test(g.lunar ?? '') ? 'after' : 'on';
      const found = holiday(word, today, mode);
      if (!found) continue;
      // "元旦前" is by the last working day before it: the day before; "春节后" is the first day
      // after the days off (HOLIDAY_DAYS).
      day = side === 'before' ? addDays(found.day, -1) : side === 'after' ? addDays(found.day, HOLIDAY_DAYS[found.name] ?? 1) : found.day;
    } else if (g.enMonEdge) {
      const mo = MONTH_EN[(g.enMon3 ?? g.enMon4 ?? '').toLowerCase().slice(0, 3)];
      const edge = (g.enEdge ?? g.enEdge2 ?? '').toLowerCase();
      if (!mo) continue;
      explicitYear = false;
      if (edge === 'end' || edge === 'late') ((day = { y: today.y, m: mo, d: lastDayOfMonth(today.y, mo) }), (defHM = [18, 0]));
      else if (edge === 'middle' || edge === 'mid') day = { y: today.y, m: mo, d: 15 };
      else day = { y: today.y, m: mo, d: 1 };
    } else if (g.monthPart) {
      const mo = smallNumber(g.m4);
      if (!mo || mo > 12) continue;
      const mp = g.mp ?? '';
      const y = today.y + yearOffset(g.yr4);
      explicitYear = Boolean(g.yr4);
      if (mp === '底' || mp === '末' || (!mp && mode === 'close')) {
        day = { y, m: mo, d: lastDayOfMonth(y, mo) };
        defHM = [18, 0];
      } else if (mp === '中' || mp === '中旬') day = { y, m: mo, d: 15 };
      else if (mp === '下旬') day = { y, m: mo, d: 21 };
      else day = { y, m: mo, d: 1 };
    } else if (g.quarter || g.quarterRel || g.enQuarter) {
      // Like a month on its own: a close date is the quarter's last day, a step its first day
      // (季度末/end of quarter: the last day). Without a year, a quarter already over is next year's.
      const cur = Math.floor((today.m - 1) / 3) + 1;
      let y = today.y;
      let q = cur;
      const edge = g.qe ?? g.qre ?? (g.enQuarter && /end|eoq/i.test(g.enQuarter) ? '末' : '');
      if (g.quarter) {
        q = smallNumber(g.qzh ?? g.qq) ?? cur;
        const yy = g.qy1 ?? g.qy2;
        if (yy) y = Number(yy);
        else if (g.qyr) y += yearOffset(g.qyr);
        else if (mode !== 'past' && q < cur) y += 1;
        else if (mode === 'past' && q > cur) y -= 1;
      } else {
        const p = (g.qrp ?? g.enQp ?? '').toLowerCase();
        const shift = p === '下' || p === 'next' ? 1 : p === '上' || p === 'last' ? -1 : 0;
        const n = y * 4 + (cur - 1) + shift;
        y = Math.floor(n / 4);
        q = (n % 4) + 1;
      }
      if (q < 1 || q > 4) continue;
      const last = q * 3;
      if (edge === '末' || edge === '底' || (!edge && mode === 'close')) {
        day = { y, m: last, d: lastDayOfMonth(y, last) };
        defHM = [18, 0];
      } else day = { y, m: last - 2, d: 1 };
    } else if (g.offset) {
      const end = spanEnd(today, g.on!, g.ou!);
      if (!end) continue;
      day = end;
    } else if (g.within) {
      const end = spanEnd(today, g.wn!, g.wu!);
      if (!end) continue;
      day = end;
      defHM = [18, 0];
    } else if (g.later) {
      if (mode === 'past') continue;
      day = addDays(today, /^(?:一两|两|二)$/.test(g.ln!) ? 2 : g.ln === '一' ? 1 : 3);
    } else if (g.dayNum) {
      const dd = Number(g.d5);
      day = { y: today.y, m: today.m, d: Math.min(dd, lastDayOfMonth(today.y, today.m)) };
      dayOfMonthOnly = true;
    } else if (g.rel || g.enRel) {
      if (mode === 'past') fixed = c.now;
      else laterToday = true;
    } else if (g.dayp || g.enDayp) {
      const t = (g.dayp ?? g.enDayp ?? '').toLowerCase();
      if (t === '今早' || t === 'this morning') ((day = today), (part = 'morning'), (isToday = true));
      else if (t === 'this afternoon') ((day = today), (part = 'afternoon'), (isToday = true));
      else if (t === '今晚' || t === '今夜' || t === 'tonight' || t === 'this evening') {
        day = today;
        part = 'evening';
        isToday = true;
        tonight = mode !== 'past';
      } else if (t === '明早') ((day = addDays(today, 1)), (part = 'morning'));
      else if (t === '明晚') ((day = addDays(today, 1)), (part = 'evening'));
      else if (t === '昨晚') ((day = addDays(today, -1)), (part = 'evening'));
    } else if (g.offWork) {
      day = today;
      defHM = [18, 0];
    } else if (g.enWdAbbr) {
      const short = (g.enWdA1 ?? g.enWdA2 ?? '').toLowerCase().slice(0, 3);
      const p = (g.enWdAp ?? '').toLowerCase();
      weekday = { n: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(short) + 1, rel: p === 'next' ? 'next' : 'this' };
    } else if (g.enWdNext) {
      const short = g.enWdn2!.toLowerCase().slice(0, 3);
      weekday = { n: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(short) + 1, rel: 'next' };
    } else if (g.day || g.enDay) {
      const t = (g.day ?? g.enDay ?? '').toLowerCase();
      const off = t === '大后天' ? 3 : t === '后天' || t === 'the day after tomorrow' ? 2 : t === '明天' || t === '明日' || t === 'tomorrow' || t === 'tmr' || t === 'tmrw' || t === '2morrow' ? 1 : t === '昨天' || t === '昨日' || t === 'yesterday' || t === 'ytd' ? -1 : t === '前天' ? -2 : 0;
      day = addDays(today, off);
      isToday = off === 0;
    } else if (g.wd || g.enWd) {
      const n = g.wd ? WEEKDAY_ZH[g.wdn!] ?? Number(g.wdn) : WEEKDAYS_EN.split('|').indexOf(g.enWdn!.toLowerCase()) + 1;
      const p = (g.wdp ?? g.enWdp ?? '').toLowerCase();
      weekday = { n, rel: p === '下下' ? 'nextnext' : p === '下' || p === 'next' ? 'next' : p === '上' || p === 'last' ? 'last' : 'this' };
    } else if (g.week || g.enWeek) {
      const t = (g.week ?? g.enWeek ?? '').toLowerCase();
      const p = g.wkp ?? g.enWkp?.toLowerCase() ?? (t.startsWith('end of') || t === 'eow' ? 'this' : '');
      // Within a whole week — "下周内发方案" — is by its Friday 18:00, as 本周内 is: late only once
      // the week's working days are over. (下周 alone stays its Monday, for a close date too.)
      const byWeekEnd = mode !== 'past' && (g.wkin === '内' || g.wkin === '之内');
      if (p === '下下') {
        day = addDays(mondayOf(today), 14);
        if (g.wkin === '末') ((day = addDays(day, 5)), (defHM = [10, 0]));
        else if (byWeekEnd) ((day = addDays(day, 4)), (defHM = [18, 0]));
      } else if (p === '下' || p === 'next') {
        day = addDays(mondayOf(today), 7);
        if (g.wkin === '末') ((day = addDays(day, 5)), (defHM = [10, 0]));
        else if (byWeekEnd) ((day = addDays(day, 4)), (defHM = [18, 0]));
      } else if (p === '上' || p === 'last') day = addDays(mondayOf(today), -7);
      else if (g.wkin === '末') {
        day = addDays(mondayOf(today), 5);
        defHM = [10, 0];
        // 这周末 said on Saturday or Sunday: later today, like 周末 — never a Saturday already gone.
        if (mode !== 'past' && cmp(day, today) <= 0) ((day = today), (isToday = true));
      }
      else if (mode !== 'past') thisWeek = true;
    } else if (g.weekend) {
      // Saturday 10:00 of this week (like 这周末); something that happened "周末" on a weekday was
      // the weekend just gone.
      const p = (g.enWkend ?? '').toLowerCase();
      const sat = addDays(mondayOf(today), 5);
      day = p === 'next' ? addDays(sat, 7) : p === 'last' || (mode === 'past' && isoWeekday(today) < 6) ? addDays(sat, -7) : sat;
      defHM = [10, 0];
      // Said during the weekend, a step "周末" is still today: later today, never a passed Saturday.
      if (mode !== 'past' && p !== 'next' && p !== 'last' && cmp(sat, today) <= 0) ((day = today), (isToday = true));
    } else if (g.monthRel || g.enMonth) {
      const t = (g.monthRel ?? g.enMonth ?? '').toLowerCase();
      const p = g.mrp ?? g.enMp?.toLowerCase() ?? (t.includes('next') ? 'next' : 'this');
      const s = g.mrs ?? (t.startsWith('end of') || t === 'eom' ? '底' : t.startsWith('beginning') ? '初' : '');
      const base = p === '下' || p === 'next' ? mkDate(today.y, today.m + 1, 1) : p === '上' || p === 'last' ? mkDate(today.y, today.m - 1, 1) : mkDate(today.y, today.m, 1);
      const isThis = !(p === '下' || p === 'next' || p === '上' || p === 'last');
      if (s === '底' || s === '末' || (isThis && !s && mode !== 'past')) {
        day = { ...base, d: lastDayOfMonth(base.y, base.m) };
        defHM = [18, 0];
        if (isThis && mode !== 'past' && at(c, day, 18).getTime() <= now) day = mkDate(base.y, base.m + 2, 0);
      } else if (s === '中' || s === '中旬') day = { ...base, d: 15 };
      else if (s === '下旬') day = { ...base, d: 21 };
      else if ((s === '初' || s === '上旬') && isThis) fixed = monthStart(c, today);
      else if (g.mrd) day = { ...base, d: Math.min(Number(g.mrd), lastDayOfMonth(base.y, base.m)) };
      else day = base;
    } else if (g.monthEdge) {
      const t = g.monthEdge;
      if (t === '月底' || t === '月末') {
        day = { ...today, d: lastDayOfMonth(today.y, today.m) };
        defHM = [18, 0];
        if (mode !== 'past' && at(c, day, 18).getTime() <= now) day = mkDate(today.y, today.m + 2, 0);
      } else if (t === '月初') fixed = monthStart(c, today);
      else {
        day = { ...today, d: 15 };
        if (mode !== 'past' && today.d > 15) day = mkDate(today.y, today.m + 1, 15);
      }
    } else if (g.yearEdge || g.enYear) {
      day = { y: today.y, m: 12, d: 31 };
      defHM = [18, 0];
    } else if (g.part || g.enPart) {
      const t = (g.part ?? g.enPart ?? '').toLowerCase();
      part = PART_ZH[t] ?? (t === 'morning' ? 'morning' : t === 'noon' ? 'noon' : t === 'afternoon' ? 'afternoon' : 'evening');
    } else if (g.clock || g.enClock) {
      clock = parseClock(g) ?? clock;
    } else if (g.now || g.enNow) {
      fixed = c.now;
    }
  }

  if (fixed && !clock && !part) return fixed;

  if (laterToday && !day && !clock && !part) return laterTodayInstant(c);
  if (mode !== 'past' && thisWeek && !day && !weekday) {
    const mon = mondayOf(today);
    const fri = at(c, addDays(mon, 4), 18);
    if (fri.getTime() > now) return fri;
    const sun = at(c, addDays(mon, 6), 20);
    return sun.getTime() > now ? sun : new Date(now + HOUR);
  }

  const hm = (): [number, number] => {
    if (clock) return clockHour(clock, part, mode);
    if (part) return mode === 'past' ? [PAST_HOUR[part], 0] : [FUTURE_HOUR[part], 0];
    return defHM ?? (mode === 'past' ? [10, 0] : [9, 0]);
  };

  if (weekday && calendarDate) weekday = null;
  if (weekday) {
    const mon = mondayOf(today);
    const [h, mi] = hm();
    if (weekday.rel === 'next') day = addDays(mon, 7 + weekday.n - 1);
    else if (weekday.rel === 'nextnext') day = addDays(mon, 14 + weekday.n - 1);
    else if (weekday.rel === 'last') day = addDays(mon, -7 + weekday.n - 1);
    else {
      day = addDays(mon, weekday.n - 1);
      if (mode === 'past') {
        if (cmp(day, today) > 0) day = addDays(day, -7);
      } else if (at(c, day, h, mi).getTime() <= now) day = addDays(day, 7);
    }
    if (mode === 'past' && !clock && !part && cmp(day, today) === 0) return c.now;
    return at(c, day, h, mi);
  }

  if (!day) {
    if (!clock && !part) return null;
    day = today;
    isToday = true;
  }

  if (!explicitYear) {
    const cand = at(c, day, 9).getTime();
    if (mode !== 'past' && cand < now - 30 * DAY) day = { ...day, y: day.y + 1 };
    else if (mode === 'past' && cand > now + 30 * DAY) day = { ...day, y: day.y - 1 };
    day = { ...day, d: Math.min(day.d, lastDayOfMonth(day.y, day.m)) };
  }
  if (dayOfMonthOnly) {
    if (mode !== 'past' && cmp(day, today) < 0) day = mkDate(today.y, today.m + 1, day.d);
    else if (mode === 'past' && cmp(day, today) > 0) day = mkDate(today.y, today.m - 1, day.d);
  }

  if (isToday && !clock && !part) return mode === 'past' ? c.now : laterTodayInstant(c);
  if (tonight && !clock) {
    const t = at(c, day, 20);
    return t.getTime() > now ? t : new Date(now + HOUR);
  }
  const [h, mi] = hm();
  const out = at(c, day, h, mi);
  if (mode !== 'past' && isToday && out.getTime() <= now) return new Date(now + HOUR);
  // Before dawn the rep's day is still the one before: "下午拜访了…" or "今天晚上10点和王总吃饭"
  // written at 02:00 is yesterday afternoon / 22:00, not now.
  if (mode === 'past' && isToday && out.getTime() > now && toLocal(c.now, c.tz).hour < DAY_STARTS_AT) return at(c, addDays(day, -1), h, mi);
  return out;
}

/** The local hour at which a rep's "today" begins for what they report (before it, it is yesterday's). */
const DAY_STARTS_AT = 5;

/** The day `n` (一, 两, 3, 半) `unit`s (天, 周, 个星期, 个礼拜, 个月) after `today`, or null for no number. */
function spanEnd(today: LDate, count: string, unit: string): LDate | null {
  const n = count === '半' ? 0.5 : smallNumber(count);
  if (!n) return null;
  if (unit === '天') return addDays(today, n);
  if (unit === '个月') return n === 0.5 ? addDays(today, 15) : mkDate(today.y, today.m + n, today.d);
  return addDays(today, Math.round(7 * n));
}

// Lunar holidays by year (Gregorian dates); the table is data and is extended as years go by.
const LUNAR: Record<string, Record<number, [number, number]>> = {
  春节: { 2026: [2, 17], 2027: [2, 6], 2028: [1, 26], 2029: [2, 13], 2030: [2, 3] },
  中秋: { 2026: [9, 25], 2027: [9, 15], 2028: [10, 3], 2029: [9, 22], 2030: [9, 12] },
  端午: { 2026: [6, 19], 2027: [6, 9], 2028: [5, 28], 2029: [6, 16], 2030: [6, 5] },
};

const FIXED_HOLIDAYS: Record<string, [number, number]> = { 元旦: [1, 1], 'new year': [1, 1], 国庆: [10, 1], 五一: [5, 1], 劳动: [5, 1], 圣诞: [12, 25], christmas: [12, 25] };
/** The public holidays "节前 / 节后" with no name can mean: the next of these. */
const NAMELESS_HOLIDAY = ['元旦', '春节', '五一', '端午', '中秋', '国庆'];
/** Days from a holiday's date to the first working day after its days off (approximate; the yearly 调休 differs). */
const HOLIDAY_DAYS: Record<string, number> = { 春节: 7, 国庆: 7, 五一: 5, 劳动: 5 };

/**
 * The occurrence of a holiday a sentence means, or null when its year is not in the table: the
 * next one (today counts), or in mode 'past' the last one. `word` null: the nearest public holiday.
 */
function holiday(word: string | null, today: LDate, mode: TimeMode): { day: LDate; name: string } | null {
  const known = (w: string) => w in FIXED_HOLIDAYS || w in LUNAR;
  const names = word === null ? NAMELESS_HOLIDAY : [known(word) ? word : word.replace(/节$/, '')];
  let best: { day: LDate; name: string } | null = null;
  for (const name of names) {
    for (const y of [today.y - 1, today.y, today.y + 1]) {
      const md = FIXED_HOLIDAYS[name] ?? LUNAR[name]?.[y];
      if (!md) continue;
      const d = mkDate(y, md[0], md[1]);
      const ok = mode === 'past' ? cmp(d, today) <= 0 : cmp(d, today) >= 0;
      if (ok && (!best || (mode === 'past' ? cmp(d, best.day) > 0 : cmp(d, best.day) < 0))) best = { day: d, name };
    }
  }
  return best;
}

/** 明年 +1, 后年 +2, 今年 or nothing 0. */
function yearOffset(w: string | undefined): number {
  return w === '明年' ? 1 : w === '后年' ? 2 : 0;
}

function cmp(a: LDate, b: LDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function laterTodayInstant(c: TimeCtx): Date {
  const now = c.now.getTime();
  const cap = at(c, todayOf(c), 23).getTime();
  const t = Math.min(now + 2 * HOUR, cap);
  return new Date(t > now ? t : now + HOUR);
}

function monthStart(c: TimeCtx, today: LDate): Date {
  if (today.d <= 5) return at(c, { ...today, d: 5 }, 18);
  return at(c, mkDate(today.y, today.m + 1, 1), 9);
}
