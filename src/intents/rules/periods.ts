// Reporting periods for queries and targets: [start, end) in ctx.timezone, ISO with offset.
// Weeks are ISO weeks (Monday–Monday), quarters are calendar quarters.
import type { Period } from '../schema.js';
import { addDays, at, iso, mkDate, mondayOf, todayOf, type TimeCtx } from './dates.js';

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const PERIOD_RE = new RegExp(
  [
    '(?<today>今天|今日|(?<![a-z])today(?![a-z]))',
    '(?<yesterday>昨天|昨日|(?<![a-z])yesterday(?![a-z]))',
    '(?<zh>(?<zp>本|这|上|下|当)个?(?<zu>周|星期|礼拜|月|季度|季))',
    '(?<thisYear>今年|本年度?)',
    '(?<lastYear>去年|上一?年度?)',
    '(?<nextYear>明年|下一?年度?)',
    '(?<en>(?<![a-z])(?<ep>this|last|next|previous|current)\\s+(?<eu>week|month|quarter|year)(?![a-z]))',
    '(?<q>(?<![a-z0-9])(?<qy>20\\d{2})?\\s?(?:q|第)(?<qn>[1-4一二三四])(?:季度)?(?![0-9]))',
  ].join('|'),
  'gi',
);

export function periodFor(unit: Unit, offset: number, label: string, c: TimeCtx): Period {
  const t = todayOf(c);
  let start;
  let end;
  if (unit === 'day') {
    start = addDays(t, offset);
    end = addDays(start, 1);
  } else if (unit === 'week') {
    start = addDays(mondayOf(t), 7 * offset);
    end = addDays(start, 7);
  } else if (unit === 'month') {
    start = mkDate(t.y, t.m + offset, 1);
    end = mkDate(t.y, t.m + offset + 1, 1);
  } else if (unit === 'quarter') {
    const q0 = Math.floor((t.m - 1) / 3) * 3 + 1;
    start = mkDate(t.y, q0 + 3 * offset, 1);
    end = mkDate(t.y, q0 + 3 * offset + 3, 1);
  } else {
    start = mkDate(t.y + offset, 1, 1);
    end = mkDate(t.y + offset + 1, 1, 1);
  }
  return { start: iso(c, at(c, start)), end: iso(c, at(c, end)), label };
}

const ZH_UNIT: Record<string, Unit> = { 周: 'week', 星期: 'week', 礼拜: 'week', 月: 'month', 季度: 'quarter', 季: 'quarter' };
const CN_Q: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

/** The first period the text names, or null. */
export function findPeriod(s: string, c: TimeCtx): Period | null {
  PERIOD_RE.lastIndex = 0;
  const m = PERIOD_RE.exec(s);
  if (!m) return null;
  const g = m.groups!;
  const label = m[0].trim();
  if (g.today) return periodFor('day', 0, label, c);
  if (g.yesterday) return periodFor('day', -1, label, c);
  if (g.zh) {
    const off = g.zp === '上' ? -1 : g.zp === '下' ? 1 : 0;
    return periodFor(ZH_UNIT[g.zu!], off, label, c);
  }
  if (g.thisYear) return periodFor('year', 0, label, c);
  if (g.lastYear) return periodFor('year', -1, label, c);
  if (g.nextYear) return periodFor('year', 1, label, c);
  if (g.en) {
    const p = g.ep!.toLowerCase();
    const off = p === 'last' || p === 'previous' ? -1 : p === 'next' ? 1 : 0;
    return periodFor(g.eu!.toLowerCase() as Unit, off, label, c);
  }
  if (g.q) {
    const t = todayOf(c);
    const y = g.qy ? Number(g.qy) : t.y;
    const n = CN_Q[g.qn!] ?? Number(g.qn);
    const start = mkDate(y, (n - 1) * 3 + 1, 1);
    const end = mkDate(y, n * 3 + 1, 1);
    return { start: iso(c, at(c, start)), end: iso(c, at(c, end)), label };
  }
  return null;
}

export function thisMonth(lang: 'zh' | 'en', c: TimeCtx): Period {
  return periodFor('month', 0, lang === 'zh' ? '本月' : 'this month', c);
}
