// A message that only says how the rep feels ("今天好累啊，跑了一天", "忙死了今天", "so tired today")
// is chatter: it names no customer and states no business fact, so it is neither a visit to ask a
// customer for nor a reply to a waiting question. The words are data (vocab/moods.ts).
import { escapeRegExp } from './text.js';
import { DAY_SPENT_ZH, MOOD_FILLERS_ZH, MOODS_EN, MOODS_ZH } from './vocab/moods.js';

const byLength = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length);
const alt = (xs: string[]) => byLength(xs).map(escapeRegExp).join('|');
const DAY_SPENT = new RegExp(alt(DAY_SPENT_ZH), 'g');
const FILLERS = new RegExp(alt(MOOD_FILLERS_ZH), 'g');
const MOOD = new RegExp(`^(?:${alt(MOODS_ZH)})+$`);

// 'filler': only interjections or time words ("唉", "今天") — fine beside a feeling, nothing alone.
function moodClause(clause: string): boolean | 'filler' {
  if (MOODS_EN.test(clause)) return /[a-z]/i.test(clause);
  let rest = clause.replace(DAY_SPENT, '\u0000');
  const spent = rest.includes('\u0000');
  rest = rest.replace(/\u0000/g, '');
  // Feelings are matched before fillers are dropped so that 好累 / 死了 keep their meaning.
  const feelings = rest.replace(FILLERS, '');
  if (!feelings) return spent || 'filler';
  return MOOD.test(feelings);
}

/** True when every clause of the message is a feeling or a day spent ("今天好累啊，跑了一天"). */
export function isMoodOnly(s: string): boolean {
  const clauses = s.split(/[\s,，。.!！~～;；…]+/).filter(Boolean);
  const kinds = clauses.map(moodClause);
  return clauses.length <= 4 && kinds.some((k) => k === true) && kinds.every((k) => k !== false);
}
