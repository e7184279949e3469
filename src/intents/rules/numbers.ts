// Chinese numerals as reps type them: 三十万, 一百二十万, 十五万五 (= 15.5万), 两千万, 三点五万.

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Below 万: "一千五" means 1500 — a trailing digit after a unit takes the next lower unit, which
 * is how people abbreviate. `implied` is that unit when the section follows 万/亿 ("十五万五").
 */
function section(s: string, implied: number): number | null {
  if (!s) return 0;
  if (s.includes('点')) {
    const [a, b] = s.split('点');
    const ip = section(a, 1);
    if (ip === null || !b || ![...b].every((c) => c in DIGIT)) return null;
    return Number(`${ip}.${[...b].map((c) => DIGIT[c]).join('')}`);
  }
  let total = 0;
  let digit = -1;
  let lastUnit = 0;
  let zero = false;
  for (const ch of s) {
    if (ch in DIGIT) {
      if (DIGIT[ch] === 0) zero = true;
      else if (digit > 0) return null; // "三五" is not a number here
      digit = DIGIT[ch];
    } else if (ch in SMALL_UNIT) {
      const u = SMALL_UNIT[ch];
      total += (digit < 0 ? 1 : digit) * u;
      digit = -1;
      lastUnit = u;
    } else return null;
  }
  if (digit > 0) total += digit * (zero ? 1 : lastUnit === 0 ? implied : Math.max(1, lastUnit / 10));
  return total;
}

export function parseChineseNumber(s: string): number | null {
  if (!s) return null;
  const yi = s.lastIndexOf('亿');
  if (yi >= 0) {
    const hi = parseChineseNumber(s.slice(0, yi)) ?? (yi === 0 ? 1 : null);
    if (hi === null) return null;
    const rest = s.slice(yi + 1);
    const lo = rest ? belowYi(rest, true) : 0;
    return lo === null ? null : hi * 1e8 + lo;
  }
  return belowYi(s, false);
}

function belowYi(s: string, afterYi: boolean): number | null {
  const wan = s.indexOf('万');
  if (wan >= 0) {
    const hi = wan === 0 ? 1 : section(s.slice(0, wan), 1);
    const rest = s.slice(wan + 1);
    const lo = rest ? section(rest, 1000) : 0;
    if (hi === null || lo === null) return null;
    return hi * 1e4 + lo;
  }
  return section(s, afterYi ? 1e7 : 1);
}

/** Small numbers in dates and clock times: 十二, 二十三, 三, or ASCII digits. */
export function smallNumber(s: string | undefined): number | null {
  if (!s) return null;
  if (/^\d+$/.test(s)) return Number(s);
  const n = parseChineseNumber(s);
  return n === null || !Number.isFinite(n) ? null : n;
}
