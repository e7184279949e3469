// Text plumbing shared by every rule: normalisation, language guess and clause splitting.
import { TYPOS } from './vocab/typos.js';
// Everything downstream works on the normalised string, so full-width punctuation and digits
// (，（）：１２) only need one spelling in the rule regexes.

/**
 * Chat messages are short; anything past this is pasted noise. Capping keeps the worst case
 * bounded for the benchmark and for hostile input, whatever the regexes below do.
 */
export const MAX_PARSE_CHARS = 2000;

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\uFEFF]/g;
// Terminal colour codes pasted from logs (\x1b[31m) would otherwise read as "31m" = 31 million.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]?/g;
const SPACES = /[ \t\u00A0\u3000]+/g;
const TYPO_RE = new RegExp(Object.keys(TYPOS).sort((a, b) => b.length - a.length).join('|'), 'g');

export function normalize(raw: string): string {
  let s = typeof raw === 'string' ? raw : '';
  if (s.length > MAX_PARSE_CHARS) s = s.slice(0, MAX_PARSE_CHARS);
  s = s.replace(ANSI, ' ');
  s = s.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  s = s.replace(/\uFFE5/g, '¥').replace(/[\u3010\u300C\u300E]/g, '(').replace(/[\u3011\u300D\u300F]/g, ')');
  s = s.replace(CONTROL, ' ').replace(/\r\n?/g, '\n').replace(SPACES, ' ');
  s = s.replace(TYPO_RE, (t) => TYPOS[t] ?? t);
  // Dictated notes: fillers go ("喂", "那个", "这个" before a noun), "然后" starts a new clause.
  // Spoken fillers standing alone between spaces ("跟 那个 滴滴的 小周", "嗯 司机培训的系统").
  s = s.replace(/(?<=^|\s)(?:那个|这个|嗯+|呃+|额+|啊+)(?=\s|$)/g, ' ').replace(/\s{2,}/g, ' ').trim();
  s = s.replace(/^(?:喂|嗯+|呃+|啊+)[,，\s]*/, '').replace(/(?:那个|这个)(?=[\u4e00-\u9fffA-Za-z])(?![月周星礼季年]|\s*(?:客户|单子?|项目|商机|订单|合同|事))/g, '').replace(/(?<=[\u4e00-\u9fff])然后(?=[\u4e00-\u9fff])/g, '，');
  // "12 月底", "500 万", "3 点": a space inside a number and its unit is not a word break.
  s = s.replace(/(\d)\s+(?=[月日号点万亿元块千百])/g, '$1').replace(/(月)\s+(?=\d)/g, '$1');
  return s.trim();
}

const CJK = /[\u3400-\u9fff]/g;
const LATIN = /[A-Za-z]/g;

/** 'en' when Latin letters clearly dominate; a few English words inside Chinese stay 'zh'. */
export function detectLanguage(s: string): 'zh' | 'en' {
  const cjk = s.match(CJK)?.length ?? 0;
  const latin = s.match(LATIN)?.length ?? 0;
  if (latin === 0) return 'zh';
  return latin > cjk * 3 ? 'en' : 'zh';
}

export interface Clause {
  text: string;
  start: number;
  end: number;
}

// A comma between digit groups (300,000) and a dot in a number or an abbreviation (Co. / Mr.)
// are not clause breaks. A colon after a count heading ("跑了三家：", "回访了3个客户:", "开了两个会：", "跟两个客户聊了：") is: what
// follows is the first item, not part of the heading. A middle dot or a bar separates notes.
// A spaced dash (" - ", " — ") or a Chinese dash (——) separates notes too ("Call with X - she needs Y").
// A list's item number ("下一步：1. 发报价 2. 安排POC", "1、…；2、…", "(1)…", "①…") is a break too,
// and no part of the item: after the start, a space or punctuation, before a word that is not a
// digit (so 1.2亿 and 3、4台 stay numbers); "1." not after an English word ("by Dec 14.").
const CLAUSE_BREAK = /(?<=^|[:：,，;；。\s])(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[、)](?!\d)|[一二三四五六七八九十]、(?![一二两三四五六七八九十\d])|[\u2460-\u2473])\s*|(?<=^|[:：,，;；。]|(?<![A-Za-z\d.])\s)\d{1,2}\s*\.(?!\d)\s*|[;。!?？\n；！·•|｜]|(?<=[\d一二两三四五六七八九十几多]\s*(?:家|个|位|户|场|通)[\u4e00-\u9fff]{0,4}\s*)[:：]|(?<=(?<![a-z])(?:two|three|four|five|several|[2-9])\s+(?:customers|accounts|clients|companies|prospects|meetings|calls)(?:\s+[a-z]+){0,2}\s*):|\s+[-–—]{1,2}\s+|——|,(?!\d{3}(?!\d))|\.(?=\s|$)(?<!\b(?:Co|Inc|Ltd|Corp|Mr|Ms|Mrs|Dr|St|Jr|vs|No)\.)/g;

export function splitClauses(s: string, isFiller: (text: string) => boolean = () => false, headOf: (frag: string, next: string) => number = () => -1): Clause[] {
  const out: Clause[] = [];
  let last = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(s); m; m = CLAUSE_BREAK.exec(s)) {
    pushClause(s, last, m.index, out);
    last = m.index + m[0].length;
  }
  pushClause(s, last, s.length, out);
  return out.flatMap((cl) => splitOnSpaces(s, cl, isFiller, headOf));
}

// WeCom notes often use spaces instead of commas: "去了鑫源五金 老板林总 要货急 月底前要第一批".
// A space between two Chinese characters is a soft break; a fragment that is only a time, a
// label or a word or two ("上午", "待办 周三前", "拜访") stays with what follows it.
const SOFT_BREAK = /(?<=[\u3400-\u9fff)）])\s+(?=[\u3400-\u9fff(（])/g;
// Words that never start a clause: the end of a time or a range said before the space.
const CONTINUES = /^(?:之前|以前|之后|以后|之间|之内|以内|左右|前后|为止)/;

function splitOnSpaces(s: string, cl: Clause, isFiller: (text: string) => boolean, headOf: (frag: string, next: string) => number): Clause[] {
  const parts: Clause[] = [];
  let from = cl.start;
  SOFT_BREAK.lastIndex = 0;
  const text = s.slice(cl.start, cl.end);
  for (let m = SOFT_BREAK.exec(text); m; m = SOFT_BREAK.exec(text)) {
    const end = cl.start + m.index;
    // "礼拜五 之前 把样册寄给她", "四五十万 之间": what follows only ends the words before it.
    if (CONTINUES.test(text.slice(m.index + m[0].length))) continue;
    const frag = s.slice(from, end);
    const cjk = frag.match(/[\u3400-\u9fff]/g)?.length ?? 0;
    if (cjk < 3 || isFiller(frag)) continue; // keep it with the next fragment
    // "…电话里说 下周一 | 要 我们 提交": a time ending the fragment heads the next one and goes with it.
    const head = headOf(frag, text.slice(m.index + m[0].length));
    if (head >= 0) {
      const before = frag.slice(0, head);
      if ((before.match(/[\u3400-\u9fff]/g)?.length ?? 0) >= 3 && !isFiller(before)) {
        parts.push({ text: before.trim(), start: from, end: from + head });
        from += head;
      }
      continue;
    }
    parts.push({ text: frag.trim(), start: from, end });
    from = cl.start + m.index + m[0].length;
  }
  const last = s.slice(from, cl.end);
  // A short tail ("预计 12月15号 签", "下周二 去 学校 演示") belongs to the fragment before it.
  if (parts.length && (last.match(/[\u3400-\u9fff]/g)?.length ?? 0) < 3 && !/[A-Za-z]{3,}/.test(last)) {
    const prev = parts.pop()!;
    parts.push({ text: s.slice(prev.start, cl.end).trim(), start: prev.start, end: cl.end });
  } else parts.push({ text: last.trim(), start: from, end: cl.end });
  return parts.filter((p) => p.text);
}

function pushClause(s: string, from: number, to: number, out: Clause[]): void {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(s[a])) a++;
  while (b > a && /\s/.test(s[b - 1])) b--;
  if (b > a) out.push({ text: s.slice(a, b), start: a, end: b });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Trim spaces and punctuation a removed phrase leaves behind. */
export function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.:;、，。：；!?！？\-—~·]+/, '')
    .replace(/[\s,.:;、，。：；\-—~·]+$/, '')
    .trim();
}

export function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

export const HAS_CJK = /[\u3400-\u9fff]/;
