// A contact's phone number and WeChat ID as reps write them: "他手机是13912345678", "刘兵的电话是
// 138 1234 5678", "微信liubing88", "WeChat: amy_chen". The words before the value are data
// (vocab/people.ts); ../people.ts gives each value to its owner (the person named right before,
// the person a 他/她 stands for, or the one person of the message). A cue word followed by such a
// value is contact data, never a call or a WeChat conversation (../activity.ts).
import { escapeRegExp } from './text.js';
import { PHONE_CUES, WECHAT_CUES } from './vocab/people.js';

export interface ContactDetail {
  kind: 'phone' | 'wechat';
  value: string;
  /** Where the cue (or the bare number) starts, and where the value ends. */
  start: number;
  end: number;
}

const alt = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
// Mainland mobiles (with +86, spaces or dashes between groups) and landlines with area code.
const PHONE = '(?:\\+?86[-\\s]?)?1[3-9]\\d(?:[-\\s]?\\d{4}){2}|0\\d{2,3}-\\d{7,8}(?:-\\d{1,5})?';
const WECHAT_ID = '[A-Za-z][-_A-Za-z0-9]{5,19}';
const LINK = '\\s*(?:号码?)?\\s*(?:是|为|:|：|(?<![A-Za-z])is(?![A-Za-z]))?\\s*';
const DETAIL_RE = new RegExp(
  `(?<![A-Za-z])(?<cue>${alt(PHONE_CUES)}|${alt(WECHAT_CUES)})(?<link>${LINK})(?<val>${PHONE}|${WECHAT_ID})(?![-_A-Za-z0-9])`,
  'gi',
);
const BARE_MOBILE_RE = new RegExp(`(?<![\\d+])(?:\\+?86[-\\s]?)?1[3-9]\\d(?:[-\\s]?\\d{4}){2}(?!\\d)`, 'g');
const WECHAT_CUE_RE = new RegExp(`^(?:${alt(WECHAT_CUES)})$`, 'i');
const PHONE_VALUE_RE = new RegExp(`^(?:${PHONE})$`);

/** "电话是13812345678", "微信liubing88" right after a channel word: data, not a conversation. */
export const DETAIL_AFTER = new RegExp(`^${LINK}(?:${PHONE}|(?=[A-Za-z_-]*[\\d_-])${WECHAT_ID}(?![-_A-Za-z0-9]))`, 'i');

/** A mobile number as digits ("138 1234 5678" → 13812345678, +86 kept); a landline as written. */
function normalPhone(v: string): string {
  return /^(?:\+?86[-\s]?)?1/.test(v) ? v.replace(/[\s-]/g, '') : v;
}

/** Every phone number and WeChat ID in `s`. */
export function findContactDetails(s: string): ContactDetail[] {
  const out: ContactDetail[] = [];
  for (const m of s.matchAll(DETAIL_RE)) {
    const g = m.groups!;
    const wechat = WECHAT_CUE_RE.test(g.cue);
    const isPhone = PHONE_VALUE_RE.test(g.val);
    // A phone cue takes only a number; an ID with no link word needs a digit or _/- in it
    // ("微信Jennifer说…" is a chat with Jennifer, "微信liubing88" an ID).
    if (!wechat && !isPhone) continue;
    if (wechat && !isPhone && !g.link.trim() && !/[\d_-]/.test(g.val)) continue;
    const start = m.index!;
    out.push({ kind: wechat ? 'wechat' : 'phone', value: isPhone ? normalPhone(g.val) : g.val, start, end: start + m[0].length });
  }
  for (const m of s.matchAll(BARE_MOBILE_RE)) {
    const start = m.index!;
    if (out.some((d) => start < d.end && start + m[0].length > d.start)) continue;
    out.push({ kind: 'phone', value: normalPhone(m[0]), start, end: start + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}
