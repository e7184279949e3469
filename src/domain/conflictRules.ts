// The 撞单 rules — when another holder's customer looks like the same company as a name a rep
// typed — in one place. findConflicts (customers.ts) asks the database with them, using the
// pg_trgm trigram index; the import's in-memory index (imports/conflicts.ts) applies the same
// functions to thousands of rows at once. Keys are normalised names (customerKey): lower-cased,
// legal suffixes and region prefixes stripped, punctuation removed.
//
// Two keys K (new) and E (held by someone else) are the same company when
//   1. they are equal, or
//   2. one contains the other: anywhere when the shorter has 3+ characters ("方舟电子" in
//      "广东方舟电子科技"); as its start or end when it has 2 ("方舟" for "方舟电子", "美团" for
//      "点评美团") — two characters in the middle of a longer name are too often a coincidence, or
//   3. they are near-misses: pg_trgm similarity ≥ 0.4 (shared trigrams ÷ all trigrams of the two),
//      and they carry the same digits and ordinals. 0.4 catches a changed industry word or a
//      one-character typo in a 6-character name (方舟电子科技 / 方舟电子技术 / 方洲电子科技 = 0.40, 方舟电子 /
//      方舟电器 = 0.43) but not two companies sharing a first character and a trade
//      (华宇科技 / 华星科技 = 0.25, 中国建设银行 / 中国工商银行 = 0.27, 方舟电子 / 方舟科技 = 0.25).
//      Digits, Chinese numerals and ordinals (甲乙丙…) are a branch or serial number (一号店 /
//      二号店, 客户1234 / 客户1235, 分公司甲 / 分公司乙): names differing only there are different
//      customers.
// The same rule, for a rep's OWN customers, makes a new name that is a near-miss of one of theirs
// a question instead of a second customer (messages/ask.ts); among their own customers one
// character swapped for a homophone (华兴科技 / 华星科技, the pinyin input method's typo) is asked
// about too (ownNearMisses).
// Keys shorter than 2 characters never conflict.

export const SIMILARITY_THRESHOLD = 0.4;
export const MIN_CONFLICT_KEY = 2;
/** Past this length only the whole key and its 2-character ends are looked up as parts. */
const MAX_PART_KEY = 40;

/**
 * Keys that, held by another rep, count as the same company because they are part of `key` (or
 * are `key`): the key itself, every substring of 3+ characters, the 2-character start and end.
 * findConflicts looks them up with `= ANY(...)` on the B-tree index.
 */
export function keyParts(key: string): string[] {
  if (key.length < MIN_CONFLICT_KEY) return [];
  const out = new Set<string>([key]);
  if (key.length > 2) {
    out.add(key.slice(0, 2));
    out.add(key.slice(-2));
  }
  if (key.length <= MAX_PART_KEY) {
    for (let len = 3; len < key.length; len++) for (let i = 0; i + len <= key.length; i++) out.add(key.slice(i, i + len));
  }
  return [...out];
}

/** Rule 2, one direction: does the existing key `existing` contain the new key `key`? */
export function containsKey(existing: string, key: string): boolean {
  if (key.length < MIN_CONFLICT_KEY || existing.length < key.length) return false;
  if (key.length >= 3) return existing.includes(key);
  return existing.startsWith(key) || existing.endsWith(key);
}

/**
 * The marks that tell numbered siblings apart, in order: digits, Chinese numerals and the ordinal
 * characters 甲乙丙丁… ("客户1234科技" → "1234", "新港二厂" → "二", "共享客户乙" → "乙"). Names differing there are different
 * customers however alike the rest is.
 */
export const MARK_CLASS = '0-9零一二三四五六七八九十两甲乙丙丁戊己庚辛壬癸';
const NOT_MARK = new RegExp(`[^${MARK_CLASS}]`, 'g');
export function marksOf(key: string): string {
  return key.replace(NOT_MARK, '');
}

/** The same, in SQL, for a column or expression. */
export function marksSql(column: string): string {
  return `regexp_replace(${column}, '[^${MARK_CLASS}]', '', 'g')`;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * pg_trgm's trigram set of a string: each run of letters/digits, lower-cased, padded with two
 * spaces in front and one behind, cut into every 3 consecutive characters (show_trgm).
 */
export function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const m of s.toLowerCase().matchAll(WORD)) {
    const w = [...`  ${m[0]} `];
    for (let i = 0; i + 3 <= w.length; i++) out.add(w[i] + w[i + 1] + w[i + 2]);
  }
  return out;
}

/** pg_trgm similarity(): shared trigrams ÷ distinct trigrams of both. */
export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Rule 3. */
export function nearMiss(key: string, existing: string, keyTrigrams = trigrams(key), existingTrigrams = trigrams(existing)): boolean {
  return marksOf(key) === marksOf(existing) && trigramSimilarity(keyTrigrams, existingTrigrams) >= SIMILARITY_THRESHOLD;
}

/** All rules: is a customer keyed `existing` (another holder's) the same company as `key`? */
export function sameCompany(key: string, existing: string): boolean {
  if (key.length < MIN_CONFLICT_KEY) return false;
  return keyParts(key).includes(existing) || containsKey(existing, key) || nearMiss(key, existing);
}
