// Word segmentation for the rule parser. Chinese has no spaces, so "call远大能源周总" or
// "一下北辰物流" only split correctly with a dictionary: @node-rs/jieba (the jieba segmenter in
// Rust, prebuilt binaries in the npm package, ~15 µs a message) gives word boundaries and parts
// of speech. HMM guessing is off: unknown names come out as single characters, which the name
// rules re-join, instead of being glued to the next word ("跟鑫达" as one "word").
// The parser's own vocabularies (organisation words, titles, departments) are added to the
// dictionary so they are always whole tokens.
import { createRequire } from 'node:module';
import { ORG_SUFFIXES_ZH } from './vocab/organizations.js';
import { HONORIFICS, JOB_TITLES } from './vocab/people.js';
import { DEPARTMENT_STEMS, DEPARTMENT_SUFFIXES } from './vocab/departments.js';
import { CUSTOMER_VERBS, DEAL_WORDS } from './vocab/positions.js';
import { BRAND_SET, WELL_KNOWN_BRANDS } from './vocab/brands.js';

export interface Token {
  word: string;
  /** jieba part of speech (n, v, nr, ns, t, m, x, eng…). */
  tag: string;
  start: number;
  end: number;
}

interface Segmenter {
  tag(s: string, hmm: boolean): Array<{ word: string; tag: string }>;
}

let segmenter: Segmenter | null | undefined;

function load(): Segmenter | null {
  try {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    const j = Jieba.withDict(dict);
    const words = new Set<string>([
      ...ORG_SUFFIXES_ZH,
      ...JOB_TITLES.filter((t) => /[\u4e00-\u9fff]/.test(t)),
      ...Object.keys(HONORIFICS).filter((h) => h.length > 1),
      ...DEAL_WORDS.filter((w) => /[\u4e00-\u9fff]/.test(w)),
      ...CUSTOMER_VERBS,
      '赢单', '输单', '丢单', '签单', '飞单', '跑单', '热点', '标热点',
    ]);
    for (const stem of DEPARTMENT_STEMS) for (const suf of DEPARTMENT_SUFFIXES) words.add(stem + suf);
    const lines = [...words].filter((w) => w.length > 1).map((w) => `${w} 50000 n`);
    // Well-known companies stay whole and are tagged as organisations (nt), not people or words.
    for (const b of WELL_KNOWN_BRANDS) if (/[\u4e00-\u9fff]/.test(b)) lines.push(`${b} 50000 nt`);
    j.loadDict(Buffer.from(lines.join('\n'), 'utf8'));
    return j;
  } catch (e) {
    // No prebuilt binary for this platform: fall back to characters and Latin words, which the
    // rules also handle (less precisely). Visible once, never fatal.
    process.emitWarning(`word segmentation unavailable, using characters: ${(e as Error).message}`, 'SegmenterWarning');
    return null;
  }
}

function fallback(s: string): Array<{ word: string; tag: string }> {
  const out: Array<{ word: string; tag: string }> = [];
  for (const m of s.matchAll(/[A-Za-z][A-Za-z'&.-]*|\d+(?:\.\d+)?|\s+|[\s\S]/gu)) out.push({ word: m[0], tag: /^[A-Za-z]/.test(m[0]) ? 'eng' : /^\d/.test(m[0]) ? 'm' : 'x' });
  return out;
}

// The rules ask for the same message's tokens several times (names, people, customers).
const recent = new Map<string, Token[]>();

/** Tokens of `s` with their offsets; the words concatenate back to `s` exactly. */
export function tokenize(s: string): Token[] {
  const hit = recent.get(s);
  if (hit) return hit;
  const tokens = segment(s);
  if (recent.size >= 8) recent.delete(recent.keys().next().value as string);
  recent.set(s, tokens);
  return tokens;
}

const starts = new WeakMap<Token[], Set<number>>();

/** Offsets where a word starts in `s`. */
export function wordStarts(s: string): Set<number> {
  const tokens = tokenize(s);
  let set = starts.get(tokens);
  if (!set) starts.set(tokens, (set = new Set(tokens.map((t) => t.start))));
  return set;
}

function segment(s: string): Token[] {
  if (segmenter === undefined) segmenter = load();
  const raw = segmenter ? segmenter.tag(s, false) : fallback(s);
  const out: Token[] = [];
  let pos = 0;
  for (const { word, tag } of raw) {
    out.push({ word, tag, start: pos, end: pos + word.length });
    pos += word.length;
  }
  return out;
}

let frequent: Map<string, number> | undefined;

/** How often jieba's dictionary has seen `w` (0 when rarer than 50, or not a word). */
export function wordFrequency(w: string): number {
  if (!frequent) {
    frequent = new Map();
    try {
      const require = createRequire(import.meta.url);
      const text = require('node:fs').readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8') as string;
      for (const line of text.split('\n')) {
        const a = line.indexOf(' ');
        if (a < 2 || a > 12) continue;
        const b = line.indexOf(' ', a + 1);
        const n = Number(line.slice(a + 1, b));
        if (n >= 50) frequent.set(line.slice(0, a), n);
      }
    } catch {
      // Without the dictionary every word counts as rare; the position rules still apply.
    }
  }
  return frequent.get(w) ?? 0;
}

/**
 * Everyday words (frequency ≥ 800 in jieba's dictionary: 预计, 谈判, 方式, 希望) — never a
 * customer's name on their own, unlike rare dictionary words that are brands (格力 73, 立白 3).
 */
export function isCommonWord(w: string): boolean {
  return wordFrequency(w) >= 800 && !BRAND_SET.has(w);
}


/** True when `w` is one whole dictionary word (so "小时" is a word, "小何" is not). */
const probes = new Map<string, Token | null>();

export function isDictionaryWord(w: string, tags?: RegExp): boolean {
  // Short probes have their own cache so that they never push the message's own tokens out of the
  // message cache; the same few words come back in message after message.
  let one = probes.get(w);
  if (one === undefined) {
    const t = segment(w);
    one = t.length === 1 && t[0].word === w && t[0].tag !== 'x' ? t[0] : null;
    if (probes.size >= 20_000) probes.clear();
    probes.set(w, one);
  }
  return one !== null && (!tags || tags.test(one.tag));
}
