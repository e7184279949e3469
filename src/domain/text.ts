// User text inside limits and queries: lengths in characters as people count them (code points,
// so an emoji is one, not two UTF-16 units), cutting without splitting a character, and LIKE
// patterns built from user text with % and _ taken literally.
import { pinyin } from 'pinyin-pro';

/** Length in code points ("😀" is 1). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The first `max` code points of `s` (never half of a surrogate pair). */
export function clipChars(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ === max) break;
    out += ch;
  }
  return out;
}

/**
 * Escapes LIKE wildcards so user text matches literally in Prisma `contains`/`startsWith`
 * (which put the value into a LIKE pattern unescaped): "%%" must not match every name.
 * Backslash is PostgreSQL's default LIKE escape character.
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Names are few and repeat (customers, colleagues): each is spelled out once per process.
const SYLLABLES = new Map<string, string[]>();

/** The toneless pinyin syllables of a text ("方舟" → ["fang", "zhou"]), via pinyin-pro. */
export function pinyinSyllables(text: string): string[] {
  let out = SYLLABLES.get(text);
  if (!out) {
    out = pinyin(text, { toneType: 'none', type: 'array' });
    if (SYLLABLES.size > 20_000) SYLLABLES.clear();
    SYLLABLES.set(text, out);
  }
  return out;
}

/**
 * Do two names sound the same in Mandarin (toneless pinyin)? 刘兵 / 刘冰, 方舟 / 方洲: the typo a
 * pinyin input method makes — the same name misspelled, not another one. `fuzzy`: also the
 * near-sounds of fuzzy pinyin (华心 / 华星).
 */
export function soundsAlike(a: string, b: string, fuzzy = false): boolean {
  if (!/\p{Script=Han}/u.test(a) || !/\p{Script=Han}/u.test(b)) return false;
  const sound = (x: string) => (fuzzy ? pinyinSyllables(x).map(fuzzySyllable) : pinyinSyllables(x)).join(' ');
  return sound(a) === sound(b);
}

/**
 * The pairs a pinyin input method's fuzzy mode treats as one (and many speakers do not tell
 * apart): zh/z, ch/c, sh/s, n/l, h/f; ang/an, eng/en, ing/in. 华心 / 华星 (xin / xing).
 */
function fuzzySyllable(s: string): string {
  return s.replace(/^zh/, 'z').replace(/^ch/, 'c').replace(/^sh/, 's').replace(/^n/, 'l').replace(/^h(?=u)/, 'f').replace(/ang$/, 'an').replace(/eng$/, 'en').replace(/ing$/, 'in');
}

