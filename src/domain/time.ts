// Wall-clock arithmetic in a named time zone without a date library. Everything user-facing
// (fuzzy times, "today", push schedules) is defined in the team's zone, default Asia/Shanghai;
// instants are stored as UTC. Works for DST zones too: local -> instant resolves gaps forward.

export const DEFAULT_TZ = 'Asia/Shanghai';

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday (ISO). */
  weekday: number;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function toLocal(instant: Date, tz = DEFAULT_TZ): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday] ?? 1,
  };
}

/** Offset of `tz` from UTC at `instant`, in minutes (Shanghai: +480). */
export function tzOffsetMinutes(instant: Date, tz = DEFAULT_TZ): number {
  const l = toLocal(instant, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant at which the wall clock in `tz` shows the given local time. Out-of-range fields
 * roll over (day 32 -> next month), which makes "+N days" arithmetic trivial for callers.
 */
export function fromLocal(
  tz: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  let offset = tzOffsetMinutes(new Date(guess), tz);
  let instant = guess - offset * 60000;
  // Second pass settles instants near a DST switch.
  const offset2 = tzOffsetMinutes(new Date(instant), tz);
  if (offset2 !== offset) {
    offset = offset2;
    instant = guess - offset * 60000;
  }
  return new Date(instant);
}

/** Start of the local day containing `instant`, shifted by `addDays`. */
export function startOfLocalDay(instant: Date, tz = DEFAULT_TZ, addDays = 0): Date {
  const l = toLocal(instant, tz);
  return fromLocal(tz, l.year, l.month, l.day + addDays);
}

/** Local calendar date as YYYY-MM-DD (used for period keys and day grouping). */
export function localDateKey(instant: Date, tz = DEFAULT_TZ): string {
  const l = toLocal(instant, tz);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** ISO-8601 string with the zone's offset, e.g. 2026-11-23T10:00:00+08:00 (for humans and the CLI). */
export function formatIsoLocal(instant: Date, tz = DEFAULT_TZ): string {
  const l = toLocal(instant, tz);
  const off = tzOffsetMinutes(instant, tz);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)}T${p(l.hour)}:${p(l.minute)}:${p(l.second)}${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}

/** Short human form: "11月24日 09:00" / "Nov 24 09:00". */
export function formatShort(instant: Date, lang: 'zh' | 'en', tz = DEFAULT_TZ): string {
  const l = toLocal(instant, tz);
  const hm = `${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
  if (lang === 'zh') return `${l.month}月${l.day}日 ${hm}`;
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][l.month - 1];
  return `${mon} ${l.day} ${hm}`;
}

export function formatDate(instant: Date, lang: 'zh' | 'en', tz = DEFAULT_TZ): string {
  const l = toLocal(instant, tz);
  return lang === 'zh' ? `${l.year}年${l.month}月${l.day}日` : localDateKey(instant, tz);
}

export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / 86_400_000);
}
