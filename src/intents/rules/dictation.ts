// Clauses of a dictated message. Voice input and hurried typing often come with no punctuation
// at all: "今天上午去了方舟电子见了刘总他们对方案挺满意下个月初签合同金额八十五万让我们下周三之前
// 把合同发给他" is one run, so the activity, the close date and our step would share one clause and
// garble each other. This splits such a run where a rep would have put a comma: before a cue word
// (让我们, 我们要, 他说, 另外… — vocab/dictation.ts), before a time expression, and before a person
// who speaks (…刘总说), using jieba's word boundaries, and never right after a word that takes what
// follows as its object or its time (约了|下周二, 跟|他们, 预计|下个月). Only messages with no
// punctuation at all are split this way, so punctuated messages parse exactly as before.
import { findTimeExprs } from './dates.js';
import { findMentions } from './people.js';
import { tokenize, type Token } from './segment.js';
import type { Clause } from './text.js';
import { CLAUSE_CUES, GLUE_BEFORE, SPEECH_VERBS, SUBJECT_CUES } from './vocab/dictation.js';
import { CUSTOMER_VERBS } from './vocab/positions.js';

const CJK = /[\u3400-\u9fff]/g;
const cjk = (s: string) => s.match(CJK)?.length ?? 0;
const PUNCT = /[,，。.;；!！?？、:：\n…~～()（）"“”]/;
// A run shorter than this is a clause as it is.
const MIN_RUN = 14;
// The least a clause keeps on either side of a break.
const MIN_SIDE = 4;
const MIN_TAIL = 3;

const CUES = [...CLAUSE_CUES].sort((a, b) => b.length - a.length);
const SUBJECTS = new Set(SUBJECT_CUES);
const GLUE = [...GLUE_BEFORE].sort((a, b) => b.length - a.length);
const SPEECH = new RegExp(`^(?:${SPEECH_VERBS.join('|')})`);
// Our own vocabulary is loaded into the segmenter as nouns (segment.ts), so its verbs are named here.
const VERB_WORDS = new Set(CUSTOMER_VERBS);

/** True for a message written with no punctuation, long enough to hold several clauses. */
export function isDictated(raw: string): boolean {
  return !PUNCT.test(raw) && cjk(raw) >= MIN_RUN;
}

/** Splits each clause of a dictated message at its cue words, times and speakers. */
export function splitDictated(s: string, clauses: Clause[]): Clause[] {
  return clauses.flatMap((cl) => (cjk(cl.text) >= MIN_RUN ? splitRun(s, cl) : [cl]));
}

const JOINS = new Set(['和', '跟', '与', '同']);
const PLACE_VERB = /(?:去|到|来|回|在|从|往|赴|跑|拜访)(?:了|过|了一趟|一趟|了趟)?\s*$/;
const JOINED_TO_PREV = /^\s*[和跟与同及、]\s*[\u4e00-\u9fff]{0,5}$/;

function splitRun(s: string, cl: Clause): Clause[] {
  const text = cl.text;
  const tokens = tokenize(text);
  const starts = new Set(tokens.map((t) => t.start));
  const ends = new Set(tokens.map((t) => t.end));
  const breaks = new Set<number>();
  const prevToken = (at: number): Token | undefined => tokens.find((t) => t.end === at);
  // A word before `at` that takes what follows (its object, its time, what is said).
  const mentions = findMentions(text);
  // "约了华星王总和|他们老板": a joining word right after a person is a word of its own even where the
  // segmenter glued it to the title (总和), so the list of people is never cut there.
  const afterPerson = (at: number) => mentions.some((m) => m.end === at);
  const glued = (at: number) => {
    const before = text.slice(0, at);
    return GLUE.some((g) => before.endsWith(g) && (starts.has(at - g.length) || (JOINS.has(g) && afterPerson(at - g.length))));
  };
  // "约了青松环保|刘工明天下午开会": the company's name between the verb and its person — the verb
  // still governs the person (only nouns, at most a name's length, in between).
  const governedAcrossCompany = (at: number) => {
    let k = at;
    for (let t = prevToken(k); t && /^(?:n|j|nz|nt|ns|eng)/.test(t.tag) && at - t.start <= 10; t = prevToken(k)) k = t.start;
    // (A verb of going takes the place, not the person: "去了青松环保|孙总下周来我司".)
    if (PLACE_VERB.test(text.slice(Math.max(0, k - 4), k))) return false;
    return k < at && k > 0 && (/^(?:v|ul|uz|p)/.test(prevToken(k)?.tag ?? '') || glued(k));
  };
  // "约了青松环保孙总与技术部刘工|明天下午开会": a person joined to one before (和/跟/与/同/及/、, perhaps
  // with their department or title) is in that person's list: the list's first person decides.
  const listHead = (m: { start: number; end: number }): { start: number; end: number } => {
    const prev = mentions.find((p) => p.end < m.start && JOINED_TO_PREV.test(text.slice(p.end, m.start)));
    return prev ? listHead(prev) : m;
  };

  for (const t of tokens) {
    if (t.start === 0) continue;
    const rest = text.slice(t.start);
    const cue = CUES.find((c) => rest.startsWith(c) && ends.has(t.start + c.length));
    if (!cue || glued(t.start)) continue;
    // 见了|他们老板, 给|他们: a pronoun right after a verb is its object.
    if (SUBJECTS.has(cue) && /^(?:v|ul|uz|p)/.test(prevToken(t.start)?.tag ?? '')) continue;
    breaks.add(t.start);
  }
  // "然后" said between two words (normalize() leaves a comma there) ends a clause.
  for (const m of text.matchAll(/[,，]\s*/g)) breaks.add(m.index! + m[0].length);
  for (const e of findTimeExprs(text)) {
    if (e.start === 0 || !starts.has(e.start) || glued(e.start)) continue;
    // A time right after a person: "…方舟电子刘总下周签合同" — the person is its subject and opens
    // the clause, unless a verb governs them ("见了刘总|下周签合同": the break comes after them).
    const named = mentions.find((m) => m.end === e.start);
    const who = named ? listHead(named) : undefined;
    if (who) {
      // "小周说|何总下周出差": a person after a verb of speaking is not its object but the subject
      // of what is said, so they open the clause with their time.
      const said = SPEECH.test(prevToken(who.start)?.word ?? '');
      const governed = !said && (/^(?:v|ul|uz|p)/.test(prevToken(who.start)?.tag ?? '') || glued(who.start) || governedAcrossCompany(who.start));
      breaks.add(governed ? e.start : who.start);
      continue;
    }
    breaks.add(e.start);
  }
  for (const m of mentions) {
    if (m.start === 0 || !starts.has(m.start) || !SPEECH.test(text.slice(m.end)) || glued(m.start)) continue;
    if (/^(?:v|ul|uz|p)/.test(prevToken(m.start)?.tag ?? '')) continue;
    breaks.add(m.start);
  }

  // A clause says something: what comes before a break needs a verb of its own ("晨光印务那边|下周
  // 开会", "宏晟和瑞丰两家|下周都要…" are a topic and its predicate, one clause).
  // A time with words after it is an event ("下个月中旬签合同": 签合同 is one of our nouns).
  const predicate = (a: number, b: number) =>
    tokens.some((t) => t.start >= a && t.end <= b && (/^(?:v|ul|uz)/.test(t.tag) || VERB_WORDS.has(t.word))) ||
    findTimeExprs(text.slice(a, b)).some((e) => cjk(text.slice(a, b).slice(e.end)) >= 2);
  const out: Clause[] = [];
  let from = 0;
  for (const b of [...breaks].sort((x, y) => x - y)) {
    if (cjk(text.slice(from, b)) < MIN_SIDE || cjk(text.slice(b)) < MIN_TAIL || !predicate(from, b)) continue;
    out.push(piece(s, cl, from, b));
    from = b;
  }
  out.push(piece(s, cl, from, text.length));
  return out;
}

function piece(s: string, cl: Clause, from: number, to: number): Clause {
  let a = cl.start + from;
  let b = cl.start + to;
  while (a < b && /\s/.test(s[a])) a++;
  while (b > a && /\s/.test(s[b - 1])) b--;
  while (b > a && /[\s,，]/.test(s[b - 1])) b--;
  return { text: s.slice(a, b), start: a, end: b };
}
