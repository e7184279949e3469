// Reporting periods: what a question covers ([start, end) instants) and the Target period keys
// ("2026-11" for a month, "2026-Q4" for a quarter), all in the user's time zone.
import type { Period } from '../../intents/schema.js';
import type { Lang } from '../i18n.js';
import { fromLocal, toLocal } from '../time.js';

export interface Range {
  start: Date;
  end: Date;
  /** What to show the reader: 本月 / 2026年11月 / this month. */
  label: string;
}

export function monthRange(tz: string, year: number, month: number): { start: Date; end: Date } {
  return { start: fromLocal(tz, year, month, 1), end: fromLocal(tz, year, month + 1, 1) };
}

export function quarterRange(tz: string, year: number, quarter: number): { start: Date; end: Date } {
  return { start: fromLocal(tz, year, (quarter - 1) * 3 + 1, 1), end: fromLocal(tz, year, quarter * 3 + 1, 1) };
}

export function monthLabel(year: number, month: number, lang: Lang): string {
  return lang === 'zh' ? `${year}年${month}月` : `${year}-${String(month).padStart(2, '0')}`;
}

/** The month containing `now` in `tz`. */
export function thisMonth(now: Date, tz: string, lang: Lang): Range {
  const l = toLocal(now, tz);
  return { ...monthRange(tz, l.year, l.month), label: lang === 'zh' ? '本月' : 'this month' };
}

/** The parsed period, or this month when the question named none. */
export function resolvePeriod(period: Period | null | undefined, now: Date, tz: string, lang: Lang): Range {
  if (!period) return thisMonth(now, tz, lang);
  const start = new Date(period.start);
  const end = new Date(period.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) return thisMonth(now, tz, lang);
  return { start, end, label: period.label || describeRange(start, end, tz, lang) };
}

/** "2026-11" / "2026-Q4" when [start,end) is exactly a month / quarter in tz, else null. */
export function periodKeyOf(start: Date, end: Date, tz: string): string | null {
  const l = toLocal(start, tz);
  if (l.day !== 1 || l.hour !== 0 || l.minute !== 0) return null;
  const m = monthRange(tz, l.year, l.month);
  if (m.start.getTime() === start.getTime() && m.end.getTime() === end.getTime()) return `${l.year}-${String(l.month).padStart(2, '0')}`;
  if ((l.month - 1) % 3 === 0) {
    const q = (l.month - 1) / 3 + 1;
    const r = quarterRange(tz, l.year, q);
    if (r.start.getTime() === start.getTime() && r.end.getTime() === end.getTime()) return `${l.year}-Q${q}`;
  }
  return null;
}

export interface PeriodKey {
  key: string;
  kind: 'month' | 'quarter';
  year: number;
  /** Month 1-12, or quarter 1-4. */
  index: number;
}

export function parsePeriodKey(key: string): PeriodKey | null {
  const m = key.trim().match(/^(\d{4})-(?:(0[1-9]|1[0-2])|[Qq]([1-4]))$/);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { key: `${year}-${m[2]}`, kind: 'month', year, index: Number(m[2]) };
  return { key: `${year}-Q${m[3]}`, kind: 'quarter', year, index: Number(m[3]) };
}

export function rangeOfKey(pk: PeriodKey, tz: string): { start: Date; end: Date } {
  return pk.kind === 'month' ? monthRange(tz, pk.year, pk.index) : quarterRange(tz, pk.year, pk.index);
}

export function keyLabel(pk: PeriodKey, lang: Lang): string {
  if (pk.kind === 'month') return monthLabel(pk.year, pk.index, lang);
  return lang === 'zh' ? `${pk.year}年第${pk.index}季度` : `${pk.year} Q${pk.index}`;
}

/** The month key containing `now` ("2026-11"). */
export function currentMonthKey(now: Date, tz: string): string {
  const l = toLocal(now, tz);
  return `${l.year}-${String(l.month).padStart(2, '0')}`;
}

/** A fallback label for a range nobody named: "11月1日–11月30日". */
export function describeRange(start: Date, end: Date, tz: string, lang: Lang): string {
  const a = toLocal(start, tz);
  const b = toLocal(new Date(end.getTime() - 1), tz);
  return lang === 'zh' ? `${a.month}月${a.day}日–${b.month}月${b.day}日` : `${a.year}-${String(a.month).padStart(2, '0')}-${String(a.day).padStart(2, '0')} – ${b.year}-${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;
}
