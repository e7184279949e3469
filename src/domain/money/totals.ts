// Money totals per currency. Deals, contracts and plans carry a currency (an English rep's "$80k"
// is 80000 USD), so a total is never one number: it is an amount per currency, summed in SQL per
// currency (GROUP BY currency, or FILTER) and printed with the team's reporting currency first and
// the others beside it — "45万元 + $80,000" / "¥450,000 + $80,000". Nothing is converted: there are
// no exchange rates here, so orderings and comparisons by money (ranking order, target progress,
// forecast against target, top deals) use the reporting-currency amount only and say what they
// left out (foreignNote). Every answer that prints a sum of money prints it with fmtAmounts.
import { fmtMoney, type Lang } from '../i18n.js';

/** Currency code → amount, e.g. { CNY: 450000, USD: 80000 }. A missing currency is 0. */
export type Amounts = Readonly<Record<string, number>>;

export const NO_AMOUNTS: Amounts = Object.freeze({});

export const DEFAULT_CURRENCY = 'CNY';

/** Rows of a per-currency SQL sum → Amounts (null currencies are the default; zero amounts are dropped). */
export function amountsOf(rows: Iterable<{ currency: string | null | undefined; amount: unknown }>): Amounts {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const v = toNumber(r.amount);
    if (!v) continue;
    const c = r.currency || DEFAULT_CURRENCY;
    out[c] = (out[c] ?? 0) + v;
  }
  return tidy(out);
}

/** Rows of a per-key, per-currency SQL sum (GROUP BY key, currency) → key → Amounts. */
export function amountsByKey<R extends { currency: string | null | undefined; amount: unknown }, K>(rows: Iterable<R>, key: (row: R) => K): Map<K, Amounts> {
  const lists = new Map<K, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = lists.get(k);
    if (list) list.push(r);
    else lists.set(k, [r]);
  }
  return new Map([...lists].map(([k, list]) => [k, amountsOf(list)]));
}

/** Sums of several totals, currency by currency. */
export function addAmounts(...list: Array<Amounts | null | undefined>): Amounts {
  const out: Record<string, number> = {};
  for (const a of list) for (const [c, v] of Object.entries(a ?? {})) out[c] = (out[c] ?? 0) + v;
  return tidy(out);
}

/** The amount in one currency (the reporting one, for orderings and comparisons). */
export function amountIn(a: Amounts | null | undefined, currency: string): number {
  return a?.[currency] ?? 0;
}

/** Everything but `currency`: what a comparison in that currency leaves out. */
export function otherThan(a: Amounts | null | undefined, currency: string): Amounts {
  return tidy(Object.fromEntries(Object.entries(a ?? {}).filter(([c]) => c !== currency)));
}

export function isZero(a: Amounts | null | undefined): boolean {
  return !a || Object.values(a).every((v) => !v);
}

/** The currencies of a total, the reporting currency first, then the others by code. */
export function currenciesOf(a: Amounts, reporting: string): string[] {
  return Object.keys(a)
    .filter((c) => a[c])
    .sort((x, y) => (x === reporting ? -1 : y === reporting ? 1 : x.localeCompare(y)));
}

/**
 * "45万元 + $80,000" (zh) / "¥450,000 + $80,000" (en): the reporting currency first, the others
 * beside it, never added together. An empty total prints as 0 in the reporting currency; a total
 * with only foreign money prints that alone ("$80,000").
 */
export function fmtAmounts(a: Amounts | null | undefined, lang: Lang, reporting = DEFAULT_CURRENCY): string {
  const list = currenciesOf(a ?? NO_AMOUNTS, reporting);
  if (!list.length) return fmtMoney(0, lang, reporting);
  return list.map((c) => fmtMoney(a![c], lang, c)).join(' + ');
}

/**
 * The note for a comparison made in the reporting currency only: "另有外币 $80,000 未计入排名" /
 * "Not in the ranking: $80,000 in other currencies"; null when nothing was left out.
 */
export function foreignNote(a: Amounts | null | undefined, reporting: string, lang: Lang, what: Record<Lang, string>): string | null {
  const rest = otherThan(a, reporting);
  if (isZero(rest)) return null;
  const money = currenciesOf(rest, reporting).map((c) => fmtMoney(rest[c], lang, c)).join(lang === 'zh' ? '、' : ', ');
  return lang === 'zh' ? `另有外币 ${money} 未计入${what.zh}（不换算汇率）` : `Not in the ${what.en}: ${money} in other currencies (not converted)`;
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String(v));
}

function tidy(a: Record<string, number>): Amounts {
  // Sums of decimals in floating point: round to cents so 0.1 + 0.2 prints as 0.3, drop zeros.
  const out: Record<string, number> = {};
  for (const [c, v] of Object.entries(a)) {
    const r = Math.round(v * 100) / 100;
    if (r) out[c] = r;
  }
  return out;
}
