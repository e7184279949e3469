// People on the customer side, and the buying role each one plays. A person is recognised by a
// surname next to an honorific or a job title (王总, 采购经理许志强, 周建国董事长), a nickname
// (小何, 老陈), an introduction (叫李建华, 对接人是吴磊, contact: Steven Wang, named Mei), or an
// English given name. Roles come from cue words (../vocab/roles.ts) attached to the person they
// are about: the name right before ("陆总拍板"), after "是" ("决策人是周建国"), a title in front
// ("CTO Raj Patel"), or the person a 他/她 refers to. Our own colleagues (我们的王经理, 陪老板,
// known users) are never contacts.
import { findTimeExprs } from './dates.js';
import type { ParsedContact } from '../schema.js';
import { isCommonWord, isDictionaryWord, tokenize, wordFrequency, wordStarts } from './segment.js';
import { BRAND_SET } from './vocab/brands.js';
import { clip, escapeRegExp } from './text.js';
import { AMBIGUOUS_SURNAMES, COMPOUND_SURNAMES, ENGLISH_GIVEN_NAMES, HONORIFICS, JOB_TITLES, JOB_TITLES_EN, NOT_NICKNAMES, SURNAMES, VERBS_AFTER_NAME } from './vocab/people.js';
import { ROLE_CUES, ROLE_TITLES } from './vocab/roles.js';
import { findContactDetails } from './contactDetails.js';
import { DEPARTMENT_HONORIFIC_TITLES, DEPARTMENT_STEMS, DEPARTMENT_SUFFIXES, FUNCTIONS_EN } from './vocab/departments.js';
import { NOT_ORG_EN } from './vocab/positions.js';
import { PLACE_NAMES } from './vocab/places.js';
import { BRANCH_WORDS, ORG_SUFFIXES_EN, ORG_SUFFIXES_ZH, WEAK_ORG_SUFFIXES_ZH } from './vocab/organizations.js';

type Role = ParsedContact['role'];

export interface Mention {
  name: string;
  title: string | null;
  start: number;
  end: number;
  /** The surname, for merging 黄经理 into 黄海涛. */
  surname: string | null;
  full: boolean;
}

const byLength = (a: string, b: string) => b.length - a.length;
const alt = (xs: string[]) => [...xs].sort(byLength).map(escapeRegExp).join('|');

// Surnames that are also function words (和, 有, 那…) start no name in running text.
const FUNCTION_CHARS = '和有那后从都能国公于向把被在是以及与或同';
const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${[...SURNAMES].filter((c) => !FUNCTION_CHARS.includes(c)).join('')}])`;
const TRUSTED_SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${[...SURNAMES].filter((c) => !AMBIGUOUS_SURNAMES.includes(c) && !FUNCTION_CHARS.includes(c)).join('')}])`;
const HONORIFIC_ALT = alt(Object.keys(HONORIFICS));
const TITLE_ZH = JOB_TITLES.filter((t) => /[\u4e00-\u9fff]/.test(t));
const TITLE_ALT = alt(TITLE_ZH);
// Titles long enough to follow a full name without being part of the name (周建国董事长, 赵伟经理).
const TITLE_AFTER_NAME_ALT = alt(TITLE_ZH.filter((t) => t.length >= 2 && !['采购', '负责人', '对接人', '联系人', '老师', '老板'].includes(t)).concat(['老师']));
const CJK = /[\u4e00-\u9fff]/;
// A department right before a title belongs to it: 信息科主任, 采购部经理, 信息中心主任, 的采购总监.
const DEPT_STEM_ALT = alt(DEPARTMENT_STEMS);
const DEPT_SUFFIX_CHARS = new Set(DEPARTMENT_SUFFIXES.map((x) => x[0]));
const DEPT_WITH_SUFFIX = new RegExp(`(?:${DEPT_STEM_ALT})(?:${alt(DEPARTMENT_SUFFIXES)})$`);
const DEPT_STEM_WORD = new RegExp(`(?:^|[的了是和与跟同、，,。；;：:\s（(])(${DEPT_STEM_ALT})$`);
const DEPT_STEM_ONLY = new RegExp(`(?:${DEPT_STEM_ALT})$`);
const TITLE_BEFORE = new RegExp(`(?:${TITLE_ALT})$`);

/**
 * The title as the rep wrote it, with the department in front: "科主任" after 信息 is 信息科主任
 * (the title starts with a department word), "经理" after 采购部 is 采购部经理, "总监" after a
 * stand-alone 采购 (的采购总监) is 采购总监. A stem glued to something else (华星科技经理) is not taken.
 */
function withDepartment(s: string, titleStart: number, title: string): string {
  const before = s.slice(Math.max(0, titleStart - 10), titleStart);
  if (DEPT_SUFFIX_CHARS.has(title[0])) {
    const stem = DEPT_STEM_ONLY.exec(before);
    if (stem) return stem[0] + title;
  }
  const dept = departmentEndingAt(s, titleStart, [...title].length >= 2 && !DEPARTMENT_STEMS.some((d) => title.startsWith(d)));
  return dept ? dept + title : title;
}

/** A job title written right before `start` ("采购总监林总", "总经理何总"), with its department. */
function titleEndingAt(s: string, start: number): string | null {
  const m = TITLE_BEFORE.exec(s.slice(Math.max(0, start - 8), start));
  return m ? withDepartment(s, start - m[0].length, m[0]) : null;
}
const DEPT_STEM_SET = new Set(DEPARTMENT_STEMS);
// A stem that also ends company names (科技, 物流, 信息) is a department only after a clear break
// ("的技术王总"): "华星科技刘总" is the company's 刘总.
const ORG_WORDS = new Set([...ORG_SUFFIXES_ZH, ...WEAK_ORG_SUFFIXES_ZH]);

/**
 * The department written right before `start` ("的财务", "采购部", "华星科技财务"), or null. A bare
 * stem counts after a particle or a break, or where the segmenter starts a word with it and it
 * ends no company's name.
 */
function departmentEndingAt(s: string, start: number, titled = false): string | null {
  const before = s.slice(Math.max(0, start - 10), start);
  const suffixed = DEPT_WITH_SUFFIX.exec(before);
  if (suffixed) return suffixed[0];
  const word = DEPT_STEM_WORD.exec(before);
  if (word) return word[1];
  const stem = DEPT_STEM_ONLY.exec(before);
  // A weak one (技术, 信息, 工程: also ordinary nouns) before a written title is the department:
  // "立讯精密技术总监" (../customers.ts ends the name there too); before an honorific it stays the
  // company's ("华为技术李总").
  if (!stem || (ORG_WORDS.has(stem[0]) && !(titled && WEAK_ORG_SUFFIXES_ZH.includes(stem[0])))) return null;
  return wordStarts(s).has(start - stem[0].length) ? stem[0] : null;
}

/** The department of a person written "<department>的<person>" ("人事部的周主任"): one with its suffix only. */
function departmentOfBefore(s: string, start: number): string | null {
  const m = /的\s*$/.exec(s.slice(Math.max(0, start - 3), start));
  if (!m) return null;
  const at = start - m[0].length;
  return DEPT_WITH_SUFFIX.exec(s.slice(Math.max(0, at - 10), at))?.[0] ?? null;
}

/** 工程 + 工程师 → 工程师, 采购部 + 部长 → 采购部长: the department and the title share their seam once. */
function joinTitle(dept: string, tail: string): string {
  for (const k of [2, 1]) if (tail.length > k && dept.endsWith(tail.slice(0, k))) return dept + tail.slice(k);
  return dept + tail;
}

/**
 * The title an honorific form of a name stands for where it is written: a job title written
 * before it wins ("采购总监林总"); a department before it makes it that department's ("财务刘总" →
 * 财务负责人, "研发部李工" → 研发部工程师); else the honorific's own (刘总 → 总经理).
 */
function honorificTitle(s: string, start: number, honorific: string): string | null {
  const written = titleEndingAt(s, start);
  if (written && !DEPT_STEM_SET.has(written)) return written;
  const tail = DEPARTMENT_HONORIFIC_TITLES[honorific];
  const dept = tail === undefined ? null : departmentEndingAt(s, start) ?? departmentOfBefore(s, start);
  if (dept) return joinTitle(dept, tail);
  return written ?? HONORIFICS[honorific] ?? null;
}
const TITLE_END = new RegExp(`(?:${TITLE_ALT}|部|处|科|室|组|中心|线|团队)$`);
const ORG_WORD = new RegExp(`^(?:${alt(ORG_SUFFIXES_ZH.filter((w) => w.length >= 2))})`);
// Organisation words that are never ordinary nouns after a name: 徐工集团 is a company, 冯总技术方面 is not.
const STRONG_ORG_WORD = new RegExp(`^(?:${alt(ORG_SUFFIXES_ZH.filter((w) => w.length >= 2 && !WEAK_ORG_SUFFIXES_ZH.includes(w) && !BRANCH_WORDS.includes(w)))})`);

// After a surname + honorific these characters mean it was another word: 刘总结, 施工, 高工艺.
const HONORIFIC_NOT_BEFORE: Record<string, RegExp> = {
  总: /^(?:结|共|体|计|额|价|量|数|之|包|账|线|署|局|部|公司|裁|监|经理|工|和$)/,
  工: /^(?:作|程|厂|期|艺|资|人|具|地|业|序|时|单|件|位|种|商|科|伤|龄)/,
  董: /^(?:事会)/,
  处: /^(?:理|于|在|置|罚|境|分|方)/,
  哥: /^(?:们)/,
};
const HONORIFIC_WORDS = new Set(['施工', '童工', '加工', '分工', '开工', '完工', '员工', '手工', '全总', '高工', '成总', '连总', '化工', '石化工', '到处', '好处', '用处', '难处', '住处', '何处', '各处', '随处', '相处', '长处', '短处', '别处', '此处', '全工']);

const NICKNAME_RE = new RegExp(`(?<![小老])([小老])(${SURNAME})(?!${HONORIFIC_ALT})|(?<![\\u4e00-\\u9fff])(阿)([\\u4e00-\\u9fff])(?=[\\s,，。;；和是说也都聊(（]|$)|(?<=[的长管理员师])(阿)([\\u4e00-\\u9fff])(?=[\\u4e00-\\u9fff\\s,，。;；(（]|$)`, 'g');
const HONORIFIC_RE = new RegExp(`(${SURNAME})(${HONORIFIC_ALT})`, 'g');
// 于, 向, 国… are also surnames, but only count with a title right after a word that can stand
// before a person ("项目部的于经理", "采购部于经理", "见了向总").
const FN_SURNAME_RE = new RegExp(`(?<=[的部科处室组和跟与、]|^|见了|找了|约了)([于向国])(经理|总(?![结共计体部监之而经裁])|工(?![作厂程艺资具业人地])|主任|处长|科长|部长|老师|女士|先生|姐|哥)`, 'g');
// 采购经理许志强 / 主任李红 / 工程师小何 — a title then a full name or nickname.
const TITLE_NAME_RE = new RegExp(`(${TITLE_ALT}|CIO|CTO|CEO|CFO|COO|VP|HR|IT)\\s?((?:[小老]${SURNAME})|(?:${SURNAME}[\\u4e00-\\u9fff]{1,2}))`, 'g');
// 周建国董事长 / 赵伟经理 — a full name then a title.
const NAME_TITLE_RE = new RegExp(`(${TRUSTED_SURNAME}[\\u4e00-\\u9fff]{1,2})(${TITLE_AFTER_NAME_ALT})`, 'g');
// 叫李建华 / 对接人是吴磊 / 联系人：张伟 / 见了李红 — an introduction then a bare full name.
const INTRO_ZH = '(?:名叫|叫做|叫|姓[\\u4e00-\\u9fff]叫|对接人(?:是|为|[:：])?|联系人(?:是|为|[:：])?|负责人(?:是|为|[:：])|见了|见到|会见了?|约了|和|跟|与|同|的|找了?|给|加了|是)';
const INTRO_NAME_RE = new RegExp(`${INTRO_ZH}\\s?(${TRUSTED_SURNAME}[\\u4e00-\\u9fff]{1,2})`, 'g');
const SPACED_NAME_RE = new RegExp(`(?<=\\s)(${TRUSTED_SURNAME}[\\u4e00-\\u9fff]{1,2})(?=\\s|$)`, 'g');
// "他们部长姓周", "采购经理姓林", "对接的是IT部的主管，姓何": a title, then only the surname — the
// person is called by surname and the title's honorific (周部长, 林经理, 何主管), as reps then write.
const TITLE_SURNAME_RE = new RegExp(`(${TITLE_ALT})\\s?[，,]?\\s?(?:也|是)?姓(${SURNAME})(?=$|[\\s,，。;；、!！?？]|的|人|也|是|吧|啊)`, 'g');
const HONORIFIC_TAIL = new RegExp(`(?:${HONORIFIC_ALT})$`);
const PAREN_NAME_RE = new RegExp(`(${SURNAME}[\\u4e00-\\u9fff]{1,2})\\s?\\(\\s?((?:[^()]{0,12}?)(?:${TITLE_ALT}|老板|负责人|决策|拍板|内线|教练|用户|使用|技术|CTO|CIO|CEO|IT)[^()]{0,12})\\)`, 'g');
// What may follow a bare full name.
const AFTER_FULL_NAME = /^(?:$|[\s,.;:!?()、，。；：！？（）]|的|和|与|跟|及|是|说|讲|也|很|都|在|等|他|她|聊|谈|沟通|负责|拍板|表示|反馈|觉得|认为|对|打|通|开|见|确认|介绍|提|问|同意|答应|主管|那边|这边|一起|现场|电话|微信|发|了解|看|商量|碰|面|交流|讨论|参加|参会|出席|来|去|带|陪|作为|算)/;
// A verb that starts a word after a name (回电话, 约了, 回复): the name ends before it.
const VERB_AFTER_NAME = new RegExp(`^(?:${alt(VERBS_AFTER_NAME)})`);
/**
 * May a bare full name end at `pos`? What follows must be a boundary, a particle or a verb — or a
 * time word the segmenter finds there and then one of those ("刘兵上午来访", "孙丽娟昨天说").
 */
function endsName(s: string, pos: number): boolean {
  const ok = (at: number) => AFTER_FULL_NAME.test(s.slice(at, at + 2)) || VERB_AFTER_NAME.test(s.slice(at, at + 4));
  if (ok(pos)) return true;
  const time = tokenize(s).find((t) => t.start === pos && /^t/.test(t.tag) && CJK.test(t.word));
  return !!time && !/^[\s,.;:!?()、，。；：！？（）]/.test(s.slice(time.end, time.end + 1)) && ok(time.end);
}
/** Does the last character of a longer name start a verb instead ("刘兵回电话": 刘兵 + 回电话)? */
const lastCharIsVerb = (s: string, start: number, len: number) => len > 2 && VERB_AFTER_NAME.test(s.slice(start + len - 1, start + len + 3));

const EN_GIVEN = new Set(ENGLISH_GIVEN_NAMES);
const EN_NOT = new Set([...NOT_ORG_EN, ...ORG_SUFFIXES_EN]);
// Capitalised words; O'Brien and Smith-Jones are one word, "Tom's" is Tom + 's.
// Latin letters with accents too: Tomás, Zoë, Şahin.
const EN_WORD = "[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:'[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|-[A-Za-zÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?";
const EN_HONORIFIC_RE = new RegExp(`(?<![A-Za-z])(Mr|Ms|Mrs|Miss|Dr|Prof)\\.?\\s+(${EN_WORD}(?:\\s+${EN_WORD})?)`, 'g');
// Common surnames in pinyin (two-letter ones that are English words — He, Ma, Hu, Yu — left out).
const PINYIN_SURNAMES = 'Zhang|Wang|Li|Zhao|Liu|Chen|Yang|Huang|Zhou|Wu|Xu|Sun|Zhu|Gao|Lin|Guo|Luo|Liang|Song|Zheng|Xie|Han|Tang|Feng|Dong|Xiao|Cheng|Cao|Yuan|Deng|Fu|Shen|Zeng|Peng|Su|Jiang|Cai|Jia|Ding|Wei|Xue|Ye|Yan|Pan|Du|Dai|Xia|Zhong|Tian|Ren|Fang|Shi|Yao|Tan|Liao|Zou|Xiong|Jin|Hao|Kong|Cui|Kang|Mao|Qiu|Qin|Gu|Hou|Shao|Meng|Duan|Lei|Qian|Yin|Qiao|Lai|Gong|Wen|Pang|Fei|Zhai|Ouyang|Situ|Zhuge';
const PINYIN_NAME_RE = new RegExp(`(?<![A-Za-z])(${PINYIN_SURNAMES})\\s+([A-Z][a-z]{1,7})(?![A-Za-z])`, 'g');
const EN_GIVEN_RE = new RegExp(`(?<![A-Za-z])(${EN_WORD})(?![A-Za-z])`, 'g');
// "Desmond at Tan Brothers Engineering", "Carlos from Globex": a person at an organisation.
const EN_AT_ORG_RE = new RegExp(`(?<![A-Za-z])(${EN_WORD}(?:\\s+${EN_WORD})?)\\s+(?:at|from|of)\\s+[A-Z]`, 'g');
const EN_INTRO_RE = new RegExp(
  `(?<![A-Za-z])(?:named|called|contact(?:\\s+is|\\s*[:：]|\\s*是|\\s+(?=${EN_WORD}\\s*[,(]))|contact person(?:\\s+is|\\s*[:：])|talked to|talked with|spoke to|spoke with|email from|call from|message from|met|with|对接人是|联系人是|是)\\s*(${EN_WORD}(?:\\s+${EN_WORD})?)`,
  'g',
);
const EN_ROLE_SUBJECT_RE = new RegExp(`(?<![A-Za-z])(${EN_WORD}(?:\\s+${EN_WORD})?)\\s*,?\\s+(?:is|was|'s|will be|'ll be|who'll be|who is|who signs|signs|owns|handles|runs)\\s+(?:the|our|their|a|an|one)?\\s*(?:final\\s+|main\\s+|day-to-day\\s+|technical\\s+)?(?:decision[- ]maker|technical|tech|champion|coach|end user|user|CTO|CIO|CEO|owner|boss|main contact|contact|off|evaluation|review)`, 'g');
/** "manager" → "[mM]anager": titles match in any case, the name after them stays capitalised. */
function anyCase(words: string[]): string {
  return words.map((w) => escapeRegExp(w).replace(/^([a-z])/, (c) => `[${c}${c.toUpperCase()}]`)).join('|');
}
// "their CTO Raj Patel", "IT lead Marcus Hale", "head nurse, Jo Patel", "HR总监Amy".
const EN_TITLE_NAME_RE = new RegExp(
  `(?<![A-Za-z])(?:${anyCase(JOB_TITLES_EN)}|nurse|coordinator|superintendent|[A-Z]{2,4}|总监|经理|主管|负责人|主任)(?:\\s+(?:of|for)\\s+[a-z]+)?,?\\s*(?:named\\s+|is\\s+)?(${EN_WORD}(?:\\s+${EN_WORD})?)`,
  'g',
);
// "Ahmed (ops manager, …)": a capitalised word with a title in brackets.
const EN_PAREN_RE = new RegExp(`(?<![A-Za-z])(?<!(?:^|\\s)(?:at|from|with)\\s(?:[A-Z][a-z]+\\s)?)(${EN_WORD}(?:\\s+${EN_WORD})?)\\s*\\((?:[^()]{0,20}?)(?:${anyCase(JOB_TITLES_EN)}|user|lead|buyer)`, 'g');

// An English job title as a phrase: "procurement manager", "IT director", "Head of IT", "CFO".
// Up to two modifiers before the title word (lowercase words or abbreviations such as IT/HR;
// capitalised words only in a capitalised title), and "of/for" + what it heads after it.
const EN_TITLE_WORD = `(?:${anyCase(JOB_TITLES_EN)}|nurse|coordinator|superintendent|C[A-Z]O)`;
const EN_TITLE_MOD_STOP = /^(?:the|their|our|his|her|its|my|your|a|an|with|and|or|met|saw|to|at|from|of|for|in|on|by|called|named|is|was|are|be|as|who|she|he|they|we|i|also|then|today|yesterday)$/i;
const EN_FUNCTION = `(?:${alt(FUNCTIONS_EN)})`;
const FUNCTION_SET = new Set(FUNCTIONS_EN.map((w) => w.toLowerCase()));
const EN_FUNCTION_LEAD_RE = new RegExp(`^${EN_FUNCTION}\\s+(${EN_WORD}(?:\\s+${EN_WORD})?)`);
const EN_TITLE_TAIL = `(?:\\s+${EN_FUNCTION}(?![A-Za-z]))?(?:\\s+(?:of|for)\\s+(?:[A-Z]{2,4}|[A-Za-z][a-z]+)(?:\\s+(?:[A-Z]{2,4}|[a-z]+(?=\\s*(?:[,.;)]|$))))?)?`;
const EN_TITLE_BEFORE_RE = new RegExp(`(?<![A-Za-z'’])((?:[A-Za-z][\\w&-]*\\s+){0,2}?${EN_TITLE_WORD}${EN_TITLE_TAIL})\\s*,?\\s*(?:named\\s+|is\\s+)?$`);
const EN_TITLE_AFTER_RE = new RegExp(`^(?:\\s*,\\s*(?:(?:the|their|its)\\s+)?|\\s+(?:is|was)\\s+(?:the|their|its)\\s+)((?:[A-Za-z][\\w&-]*\\s+){0,2}?${EN_TITLE_WORD}${EN_TITLE_TAIL})(?=\\s*(?:[,.;)!?]|$|\\s(?:at|from|in|with|who|and|over|there|here)\\b))`);
// "…, she is the procurement manager", "he's their CFO": the person just named.
const EN_PRONOUN_TITLE_RE = new RegExp(`(?:^|[.;,!?]\\s*|\\s(?:and|but)\\s+)(?:he|she)\\s*(?:is|was|['’]s)\\s+(?:(?:the|their|our|its)\\s+)?(?:new\\s+)?((?:[A-Za-z][\\w&-]*\\s+){0,2}?${EN_TITLE_WORD}${EN_TITLE_TAIL})(?=\\s*(?:[,.;)!?]|$|\\s(?:at|from|in|there|and|who|over)\\s))`, 'gi');

/** Drop modifiers before the title word that are not part of a title ("met the IT director" → IT director). */
function cleanEnTitle(t: string): string | null {
  const words = t.trim().split(/\s+/);
  const head = words.findIndex((w) => new RegExp(`^${EN_TITLE_WORD}$`).test(w));
  if (head < 0) return null;
  let from = head;
  const capsTitle = /^[A-Z]/.test(words[head]);
  while (from > 0) {
    const w = words[from - 1];
    if (EN_TITLE_MOD_STOP.test(w) || /['’]/.test(w)) break;
    if (/^[A-Z][a-z]/.test(w) && !capsTitle && !FUNCTION_SET.has(w.toLowerCase())) break;
    from--;
  }
  return words.slice(from).join(' ');
}

/** An English title written right before a name ("their CFO Hank", "procurement lead Emma Wong"). */
function enTitleBefore(s: string, start: number): string | null {
  const m = enTitleMatchBefore(s, start);
  return m ? m.title : null;
}

/** The title before a name and where it starts; "小邹是IT lead, Fiona…": a title said of someone else, then a comma, is not hers. */
function enTitleMatchBefore(s: string, start: number): { title: string; at: number } | null {
  const from = Math.max(0, start - 40);
  const m = EN_TITLE_BEFORE_RE.exec(s.slice(from, start));
  const title = m ? cleanEnTitle(m[1]) : null;
  if (!m || !title) return null;
  const at = from + m.index + m[1].length - title.length;
  const said = /(?:是|为|(?<![A-Za-z])(?:is|was|are|as)\s+(?:(?:the|their|our|a|an)\s+)?)\s*$/i.test(s.slice(Math.max(0, at - 16), at));
  if (said && /[,，]/.test(m[0].slice(m[1].length))) return null;
  return { title, at };
}

/** An English title in apposition after a name ("John Smith, Head of IT", "Raj, the CTO,"). */
function enTitleAfter(s: string, end: number): string | null {
  const m = EN_TITLE_AFTER_RE.exec(s.slice(end, end + 50));
  return m ? cleanEnTitle(m[1]) : null;
}

const EN_IN_ZH_RE = new RegExp(`(?:[的是和跟给找约与]|见了|联系了?|对接人)\\s?(${EN_WORD}(?:\\s${EN_WORD})?)(?=[\\u4e00-\\u9fff,.，。、\\s]|$)`, 'g');

const EN_ORG_AFTER = new RegExp(`^\\s+(?:${ORG_SUFFIXES_EN.map(escapeRegExp).join('|')})(?![a-z])`);
const EN_SURNAME_AFTER = new RegExp(`^\\s+(${EN_WORD})(?![A-Za-z])`);
const HONORIFIC_START = new RegExp(`^(?:${HONORIFIC_ALT})`);
// Messages are short; a wall of names is capped so that the work stays linear.
const MAX_MENTIONS = 60;

function enOk(name: string): boolean {
  const words = name.split(/\s+/);
  return !words.some((w) => EN_NOT.has(w));
}

/** The given name "Kevin Zhang" keeps a capitalised surname only when it is not an org word. */
function trimEnglish(name: string): string {
  const words = name.split(/\s+/);
  while (words.length > 1 && EN_NOT.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/** Every match of `re`, also overlapping ones ("采购经理许志强": 采购+经理许 fails, 经理+许志强 fits). */
function* allMatches(re: RegExp, s: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    yield m;
    re.lastIndex = m.index + 1;
  }
}

function fullNameOk(name: string, strict = false, titled = false): boolean {
  if (/[了的个是在和与着过吗呢吧啊也都就还又很把被从向对给跟说我你他她它们]/.test(name.slice(1))) return false;
  if (ORG_WORD.test(name.slice(1)) || ORG_WORD.test(name.slice(2))) return false;
  // A dictionary word that is not a person's name (方面, 时间, 周五, 高兴) is not a name, nor is a
  // surname before an ordinary word (程 + 旅行); given names jieba knows as names (志强, 海涛) are fine.
  if (titled ? isCommonWord(name) : isDictionaryWord(name, /^(?!nr)/)) return false;
  // "采购周四来": a time word (POS t: 周四, 月底, 星期三) is never a name, even after a title.
  if (isDictionaryWord(name, /^t/)) return false;
  // "约了周三见面": a time word (周三, 周末) opens no name.
  if (name.length > 2 && isDictionaryWord(name.slice(0, 2), /^t/)) return false;
  const given = name.slice(COMPOUND_SURNAMES.some((c) => name.startsWith(c)) ? 2 : 1);
  if (strict && given.length === 2 && isDictionaryWord(given, /^(?:v|vn|vd|a|ad|an|d|t|f|m|q|r|p|c|u\w*)$/)) return false;
  return true;
}

/**
 * Does a word start at `pos`? "实施经理" is 实施 + 经理, so 施经理 is no person; "同程旅行" is
 * 同程 + 旅行. Checked on a small window around the position with the segmenter.
 */
function startsWord(s: string, pos: number): boolean {
  if (pos === 0 || !CJK.test(s[pos - 1])) return true;
  return wordStarts(s).has(pos);
}

// Three characters or more: two-character places (金华, 常德, 安康) are also people's full names.
const PLACES_LONGEST_FIRST = [...PLACE_NAMES].filter((p) => CJK.test(p) && [...p].length >= 3).sort((a, b) => b.length - a.length);
/** Does a place name start where the mention does and run at least as far? */
function placeCovers(s: string, m: Mention): boolean {
  return PLACES_LONGEST_FIRST.some((p) => p.length >= m.end - m.start && s.startsWith(p, m.start));
}

let lastMentions: { s: string; out: Mention[] } | undefined;

/** Every person mentioned in `s` (memoised: the customer rules ask for the same message). */
export function findMentions(s: string): Mention[] {
  if (lastMentions?.s === s) return lastMentions.out;
  const out = mentionsOf(s);
  lastMentions = { s, out };
  return out;
}

function mentionsOf(s: string): Mention[] {
  const out: Mention[] = [];
  const free = (a: number, b: number) => !out.some((m) => a < m.end && b > m.start);
  const add = (m: Mention) => {
    if (m.name && out.length < MAX_MENTIONS && free(m.start, m.end)) out.push(m);
  };

  // English first: "Ms. Green", "Kevin Zhang", names after an introduction (only where there is any).
  const latin = /[A-Z][a-z]/.test(s);
  for (const m of latin ? s.matchAll(EN_HONORIFIC_RE) : []) {
    const start = m.index!;
    const tail = trimEnglish(m[2]);
    // Keep the name as written: "Mr Tan" and "Mr. Tan" are both right.
    const name = s.slice(start, start + m[0].indexOf(m[2]) + tail.length);
    add({ name, title: null, start, end: start + name.length, surname: null, full: true });
  }
  for (const re of latin ? [EN_TITLE_NAME_RE, EN_PAREN_RE, EN_INTRO_RE, EN_ROLE_SUBJECT_RE, EN_AT_ORG_RE] : []) {
    for (const m of s.matchAll(re)) {
      let name = trimEnglish(m[1]);
      let start = m.index! + m[0].indexOf(m[1]);
      // "VP Ops Linda Marsh": the function the title heads is not the first name.
      const fn = re === EN_TITLE_NAME_RE ? EN_FUNCTION_LEAD_RE.exec(s.slice(start)) : null;
      if (fn) {
        name = trimEnglish(fn[1]);
        start += fn[0].length - fn[1].length;
      }
      if (!name || !enOk(name.split(/\s+/)[0])) continue;
      const after = s.slice(start + name.length, start + name.length + 20);
      // "with Orion Robotics" is a company: an org word follows, or it is not a known given name and an org word is near.
      if (EN_ORG_AFTER.test(after)) continue;
      if (re === EN_INTRO_RE && !EN_GIVEN.has(name.split(/\s+/)[0]) && !/named|contact|talked|spoke|对接人|联系人/i.test(m[0])) continue;
      // "Desmond at Tan Brothers": only after a verb of contact ("WhatsApp'd Desmond at…"), or a known given name.
      if (re === EN_AT_ORG_RE && !EN_GIVEN.has(name.split(/\s+/)[0]) && !/(?:'d|ed|with|to|met|saw|called|rang|pinged|messaged)\s*$/i.test(s.slice(Math.max(0, start - 12), start))) continue;
      add({ name, title: null, start, end: start + name.length, surname: null, full: name.includes(' ') });
    }
  }
  // An English name in Chinese text after a word that introduces a person: "拼多多的Momo发报价单".
  for (const m of latin ? s.matchAll(EN_IN_ZH_RE) : []) {
    const name = m[1];
    const start = m.index! + m[0].length - name.length;
    const after = s.slice(start + name.length, start + name.length + 6);
    if (!enOk(name) || ORG_WORD.test(after) || /^(?:中国|国际|集团|公司|团队|的)/.test(after) || tokenize(after)[0]?.tag === 'ns') continue;
    // "Shopee的Kelly" is a person after 的; "给Initech发了" could be a company — only known given names then.
    if (!/的\s?$/.test(m[0].slice(0, m[0].length - name.length)) && !EN_GIVEN.has(name.split(' ')[0])) continue;
    add({ name, title: null, start, end: start + name.length, surname: null, full: name.includes(' ') });
  }
  for (const m of latin ? s.matchAll(EN_GIVEN_RE) : []) {
    if (!EN_GIVEN.has(m[1])) continue;
    const start = m.index!;
    // "Kevin Zhang", "Tom Hill": a capitalised surname may follow.
    const sur = EN_SURNAME_AFTER.exec(s.slice(start + m[1].length));
    const second = sur && !EN_NOT.has(sur[1]) ? sur[1] : undefined;
    const name = second ? `${m[1]} ${second}` : m[1];
    const after = s.slice(start + name.length, start + name.length + 20);
    if (EN_ORG_AFTER.test(after)) continue;
    add({ name, title: null, start, end: start + name.length, surname: null, full: Boolean(second) });
  }

  // Pinyin names surname first, as Chinese colleagues write them in English: "Zhao Lei", "Chen Yiwei".
  for (const m of latin ? s.matchAll(PINYIN_NAME_RE) : []) {
    const given = m[2];
    if (EN_NOT.has(given) || EN_GIVEN.has(given) || !/(?:[aeiou]|n|ng|r)$/.test(given)) continue;
    const start = m.index!;
    const name = `${m[1]} ${given}`;
    if (EN_ORG_AFTER.test(s.slice(start + name.length, start + name.length + 20))) continue;
    add({ name, title: null, start, end: start + name.length, surname: m[1], full: true });
  }

  // Chinese: title + name, name + title, surname + honorific, nicknames, introductions.
  for (const m of allMatches(TITLE_NAME_RE, s)) {
    let name = m[2];
    const start = m.index! + m[0].length - name.length;
    // "总经理何总": 何 + an honorific is the honorific form, found below.
    if (HONORIFIC_START.test(name.slice(1))) continue;
    // "采购部王经理来电", "主任来访": a verb right after the title is what they did, not a name.
    if (VERB_AFTER_NAME.test(s.slice(start, start + 4))) continue;
    if (!/^[小老]/.test(name)) {
      // 黄海涛和 / 李红， — try the longer given name first.
      let ok = false;
      for (const len of [name.length, name.length - 1]) {
        if (len < 2) break;
        const cand = name.slice(0, len);
        if (lastCharIsVerb(s, start, len)) continue;
        if (endsName(s, start + len) && fullNameOk(cand, false, true)) {
          name = cand;
          ok = true;
          break;
        }
      }
      if (!ok) continue;
    } else if (NOT_NICKNAMES.includes(name)) continue;
    add({ name, title: withDepartment(s, m.index!, m[1]), start, end: start + name.length, surname: /^[小老]/.test(name) ? name.slice(1) : name[0], full: !/^[小老]/.test(name) });
  }
  for (const m of allMatches(NAME_TITLE_RE, s)) {
    const name = m[1];
    const start = m.index!;
    const prev = s[start - 1] ?? '';
    // The name must start at a word edge: "采购李经理" is 李经理, not 购李.
    if (CJK.test(prev) && !/[的了是见和与跟及、叫]/.test(prev)) continue;
    if (!fullNameOk(name) || !startsWord(s, start)) continue;
    add({ name, title: m[2], start, end: start + m[0].length, surname: name[0], full: true });
  }
  for (const m of allMatches(HONORIFIC_RE, s)) {
    const start = m.index!;
    const end = start + m[0].length;
    const h = m[2];
    const word = m[0];
    if (HONORIFIC_WORDS.has(word) || !startsWord(s, start)) continue;
    // "徐工集团": an honorific followed by an organisation word is a company's name.
    if (STRONG_ORG_WORD.test(s.slice(end, end + 6))) continue;
    const notBefore = HONORIFIC_NOT_BEFORE[h];
    if (notBefore && notBefore.test(s.slice(end, end + 4))) continue;
    // "小王总" is still 王总; "老板林总" is 林总. A title written in front wins over the one the
    // honorific implies ("采购总监林总" is a 采购总监, not a 总经理), and so does a department
    // ("财务刘总" is the finance head).
    add({ name: word, title: honorificTitle(s, start, h), start, end, surname: m[1], full: false });
  }
  for (const m of allMatches(FN_SURNAME_RE, s)) {
    const start = m.index!;
    add({ name: m[0], title: honorificTitle(s, start, m[2]), start, end: start + m[0].length, surname: m[1], full: false });
  }
  for (const m of s.matchAll(NICKNAME_RE)) {
    const name = m[1] ? m[1] + m[2] : m[3] ? m[3] + m[4] : m[5] + m[6];
    const start = m.index!;
    if (NOT_NICKNAMES.some((w) => s.startsWith(w, start)) || !startsWord(s, start)) continue;
    // A nickname follows a particle, a title or a department ("工程师小何", "品质部老蒋", "的小杨"),
    // not another name character ("江小白" is a brand).
    const prev = s.slice(Math.max(0, start - 4), start);
    if (CJK.test(prev.slice(-1)) && !/[的和与跟同是了见找约给叫及或还让请带陪着对向把被、]$|一下$/.test(prev) && !TITLE_END.test(prev)) continue;
    // 小马哥 is fine, 小时候 is not: a dictionary word starting here that is longer than the nickname.
    if (isDictionaryWord(s.slice(start, start + 3)) || isCommonWord(name)) continue;
    add({ name, title: null, start, end: start + name.length, surname: m[2] ?? null, full: false });
  }
  // WeCom notes with spaces for commas: "微信 顺丰 吴磊 说…", "明天约 蒙牛 刘洋 过方案".
  for (const m of s.matchAll(SPACED_NAME_RE)) {
    const name = m[1];
    const start = m.index! + m[0].indexOf(name);
    if (start === 0 || isDictionaryWord(name) || !fullNameOk(name, true)) continue;
    add({ name, title: null, start, end: start + name.length, surname: name[0], full: true });
  }
  for (const m of allMatches(TITLE_SURNAME_RE, s)) {
    const h = HONORIFIC_TAIL.exec(m[1]);
    if (!h) continue;
    // The mention spans the title too: a role word inside it ("技术总监姓黄") is this person's.
    const bare = withDepartment(s, m.index!, m[1]);
    const ofDept = bare === m[1] ? departmentOfBefore(s, m.index!) : null;
    const title = ofDept ? joinTitle(ofDept, m[1]) : bare;
    const titleEnd = m.index! + m[1].length;
    const start = s.slice(Math.max(0, titleEnd - title.length), titleEnd) === title ? titleEnd - title.length : m.index!;
    // "老板，姓柯，柯总说…": the person is named again by surname — that mention takes the title.
    const again = out.find((x) => x.surname === m[2]);
    if (again) {
      again.title ??= title;
      continue;
    }
    add({ name: m[2] + h[0], title, start, end: m.index! + m[0].length, surname: m[2], full: false });
  }
  // 黄海（IT负责人）, 周敏(老板): a name with its title in brackets, whatever the name also means.
  for (const m of allMatches(PAREN_NAME_RE, s)) {
    const name = m[1];
    const start = m.index!;
    if (!startsWord(s, start) || /[了的个是在和与着过吗呢吧啊也都就还又很]/.test(name.slice(1))) continue;
    add({ name, title: m[2], start, end: start + name.length, surname: name[0], full: true });
  }
  for (const m of allMatches(INTRO_NAME_RE, s)) {
    const cand = m[1];
    const start = m.index! + m[0].length - cand.length;
    for (const len of [cand.length, cand.length - 1]) {
      if (len < 2) break;
      const name = cand.slice(0, len);
      if (lastCharIsVerb(s, start, len) || !endsName(s, start + len)) continue;
      if (!fullNameOk(name, true) || isDictionaryWord(s.slice(start, start + len + 1)) || !startsWord(s, start)) continue;
      // "的项目预算": a word of the sentence runs across the end (项目|预算) — no name ends there.
      if (start + len < s.length && !wordStarts(s).has(start + len) && isDictionaryWord(s.slice(start, start + 2), /^(?!nr)/)) continue;
      add({ name, title: null, start, end: start + len, surname: name[0], full: true });
      break;
    }
  }
  // "刘兵今天回复说报价可以接受", "上午去了X，孙丽娟说预算批了": a bare full name opening a clause,
  // right before what a person does (a verb that may follow a name, after perhaps a time word or
  // an adverb the segmenter tags: 今天, 刚才, 已经). A particle or a break right after it is not
  // enough here ("王府井的…" is a place), and dictionary words are no names.
  for (const at of clauseStarts(s)) {
    const m = leadNameAt(s, at);
    if (m) add(m);
  }
  // "对接人叫阿依古丽", "联系人是工程部的鲍国庆": after an explicit introduction (and perhaps a
  // department), a word the segmenter knows as a person's name is one, whatever its surname.
  const toks = tokenize(s);
  toks.forEach((t, i) => {
    if (!/^nr/.test(t.tag) || !CJK.test(t.word)) return;
    // A lone surname the segmenter split from its given name ("鲍/nr 国庆/t").
    const next = toks[i + 1];
    const joined = [...t.word].length === 1 && next && next.start === t.end && /^[\u4e00-\u9fff]{1,2}$/.test(next.word) ? { word: t.word + next.word, end: next.end } : { word: t.word, end: t.end };
    const n = [...joined.word].length;
    if (n < 2 || n > 4) return;
    if (!NAMED_BEFORE.test(s.slice(Math.max(0, t.start - 16), t.start))) return;
    if (!endsName(s, joined.end)) return;
    add({ name: joined.word, title: null, start: t.start, end: joined.end, surname: null, full: true });
  });
  // "刘兵的电话是138…", "王建国微信wang_jg": a name right before a phone number or WeChat ID.
  for (const d of findContactDetails(s)) {
    const before = s.slice(Math.max(0, d.start - 6), d.start);
    const m = DETAIL_OWNER_RE.exec(before);
    if (!m) continue;
    const start = d.start - before.length + m.index;
    const name = m[1];
    if (!fullNameOk(name, true) || !startsWord(s, start) || lastCharIsVerb(s, start, name.length)) continue;
    add({ name, title: null, start, end: start + name.length, surname: name[0], full: true });
  }
  // "李宁的电商部", "屈臣氏的Joyce": a well-known company is not a person, whatever its surname.
  // A place written where the name stands (王府井, 张家港, 陆家嘴: a surname and a place) is where.
  // "见了沙钢的王总": a bare two-character "name" that owns someone by honorific is their company
  // (people do not have a 王总 of their own; "何总的助理小周" has a title first).
  const ownsBoss = (m: Mention) =>
    m.full && !m.title && [...m.name].length === 2 && CJK.test(m.name) && !isDictionaryWord(m.name, /^nr/) &&
    out.some((o) => o !== m && o.title && /^(?:总|总经理|经理|工|主任|总监|董|厂长|院长|处|局|部长|科长)/.test(o.name.slice(1)) && /^的\s*$/.test(s.slice(m.end, o.start)));
  return out.filter((m) => !BRAND_SET.has(m.name) && !placeCovers(s, m) && !ownsBoss(m)).sort((a, b) => a.start - b.start);
}


const LEAD_NAME_RE = new RegExp(`^${TRUSTED_SURNAME}[\\u4e00-\\u9fff]{1,2}`);

/**
 * A bare full name starting at `at` (a clause start, or right after the customer's name: "方舟电子
 * 刘兵说…"), perhaps after time words, when what a person does follows it (see mentionsOf).
 */
export function leadNameAt(s: string, at: number, afterCustomer = false): Mention | null {
  let lead = at;
  // "今天刘兵说…": time words before the name.
  for (const t of toksFrom(s, at)) {
    if (t.start !== lead || !/^t/.test(t.tag)) break;
    lead = t.end;
  }
  const m = LEAD_NAME_RE.exec(s.slice(lead, lead + 4));
  if (!m) return null;
  for (const len of [m[0].length, m[0].length - 1]) {
    if (len < 2) break;
    const name = s.slice(lead, lead + len);
    if (lastCharIsVerb(s, lead, len) || !fullNameOk(name) || isDictionaryWord(s.slice(lead, lead + len + 1)) || !startsWord(s, lead)) continue;
    // A frequent word the dictionary also lists as a name (陈述 763, 林立 695) is the word; people's
    // names are rare there (张建国 13, 李娜 438).
    if (wordFrequency(name) >= 500) continue;
    // Right after the customer's name the name may also end at a break ("拜访了X张建国，…").
    if (!actsAfter(s, lead + len) && !(afterCustomer && endsName(s, lead + len))) continue;
    return { name, title: null, start: lead, end: lead + len, surname: name[0], full: true };
  }
  return null;
}

/** Where the clauses of `s` start (after a break and the spaces after it). */
function clauseStarts(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i <= s.length; i++) {
    if (i > 0 && !isBreak(s, i - 1)) continue;
    let k = i;
    while (/\s/.test(s[k] ?? '')) k++;
    if (k < s.length && CJK.test(s[k]) && out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

function toksFrom(s: string, at: number) {
  return tokenize(s).filter((t) => t.start >= at).slice(0, 4);
}

/**
 * Does what a person does follow `pos` ("说", "回复说", "打电话", "已经确认了")? Time words and
 * adverbs may come first (今天, 刚才, 已经); a particle, a conjunction or a break is not enough.
 */
function actsAfter(s: string, pos: number): boolean {
  let at = pos;
  for (const t of toksFrom(s, pos)) {
    if (t.start !== at || !/^(?:t|d)/.test(t.tag) || !CJK.test(t.word)) break;
    at = t.end;
  }
  if (/^[的和与跟及或、\s,.;:!?()，。；：！？（）]/.test(s.slice(at, at + 1))) return false;
  return endsName(s, at);
}

const DETAIL_OWNER_RE = new RegExp(`(${TRUSTED_SURNAME}(?:(?!的)[\\u4e00-\\u9fff]){1,2})\\s?的?\\s?$`);
const NAMED_BEFORE = /(?:名叫|叫做|叫|对接人|联系人|负责人|接口人)(?:是|为|叫|[:：])?\s*(?:[\u4e00-\u9fff]{1,6}(?:部|科|处|室|组|中心|办)的)?\s*$/;

// ---------------------------------------------------------------------------------------------
// Colleagues: mentions that are on our side.

const OUR_SIDE_BEFORE = /(?:我们的?|我司的?|我方的?|咱们的?|我们公司的?|本公司的?|同事|陪(?:着|同)?|带上|带着|带了|叫上|和我们的?|跟我们的?|our|my colleague|with our|brought)\s*(?:[\u4e00-\u9fff]{0,6}?(?:经理|总监|工程师|售前|顾问|同事))?\s*$/i;

const OUR_SIDE_AFTER = new RegExp(`^\\s*,\\s*(?:our|my)\\s+(?:own\\s+)?(?:colleague|(?:[A-Za-z][\\w&-]*\\s+){0,2}?${EN_TITLE_WORD}|(?:pre-?sales|sales|solutions?)(?:\\s+[a-z]+)?)\\b`, 'i');

// "我和李娜一起去了方舟电子", "孙敏跟我一块儿拜访了…": whoever goes along with the rep to the
// customer is on our side — 一起 and a going or meeting verb after them (not "我和李娜聊了", where
// she is whom the rep talked to).
const WENT_TOGETHER = /^\s*(?:一起|一块儿?|一道|一同)\s*(?:去|到|过去|拜访|上门|走访|跑|见|参加|陪)/;
const ME_WITH_BEFORE = /(?<![自])(?:我|我们)\s*(?:和|跟|与|同)\s*$/;
const WITH_ME_AFTER = /^\s*(?:和|跟|与|同)\s*(?:我|我们)(?=\s*(?:一起|一块儿?|一道|一同))/;

// "小李和天成物流的马丽聊了报价", "王刚跟天成物流马丽见了面": a person opening the clause who meets
// the customer's person is on our side — the customer's people are named with their company.
const OPENS_CLAUSE = /(?:^|[,，。;；!！?？\s])(?:今天|昨天|前天|上午|下午|中午|晚上|刚才|刚刚)?\s*$/;
function meetsTheirPerson(s: string, m: Mention, all: Mention[], customerNames: string[]): boolean {
  if (!OPENS_CLAUSE.test(s.slice(0, m.start))) return false;
  const w = /^\s*(?:和|跟|与|同)\s*/.exec(s.slice(m.end));
  if (!w) return false;
  const at = m.end + w[0].length;
  const name = customerNames.filter((c) => c && s.startsWith(c, at)).sort((a, b) => b.length - a.length)[0];
  if (!name) return false;
  const de = /^\s*(?:的)?\s*/.exec(s.slice(at + name.length))![0].length;
  return all.some((o) => o !== m && o.start === at + name.length + de);
}

function isColleague(s: string, m: Mention, knownUsers: string[]): boolean {
  if (knownUsers.some((u) => u && (u === m.name || (m.full && u.includes(m.name))))) return true;
  const before = s.slice(Math.max(0, m.start - 12), m.start);
  const after = s.slice(m.end, m.end + 16);
  if (ME_WITH_BEFORE.test(s.slice(0, m.start)) && WENT_TOGETHER.test(after)) return true;
  if (WITH_ME_AFTER.test(after) && WENT_TOGETHER.test(after.replace(WITH_ME_AFTER, ''))) return true;
  // "Dana Ross, our account manager": an apposition that makes the person one of ours.
  if (OUR_SIDE_AFTER.test(s.slice(m.end, m.end + 50))) return true;
  // "with our implementation manager Kate": our + an English title before the name.
  const t = /^[A-Z]/.test(m.name) ? enTitleMatchBefore(s, m.start) : null;
  if (t && /(?<![A-Za-z])(?:our|my)\s+$/i.test(s.slice(Math.max(0, t.at - 8), t.at))) return true;
  return OUR_SIDE_BEFORE.test(before);
}

// ---------------------------------------------------------------------------------------------
// Roles.

const CUE_RES: Array<[Exclude<Role, 'OTHER'>, RegExp]> = ROLE_CUES.map(([r, src]) => [r, new RegExp(src, 'gi')]);
const TITLE_ROLE_RES: Array<[Exclude<Role, 'OTHER'>, RegExp]> = ROLE_TITLES.map(([r, src]) => [r, new RegExp(src, 'i')]);
// Pronouns that stand for the person just named, with what may link them to the cue.
const PRONOUN_LEAD = /(?:他|她|对方|此人|这位|这个人|(?<![A-Za-z])(?:he|she|who)(?![A-Za-z]))\s*(?:也|就|才|应该|算|其实|主要)?\s*(?:是|为|算是|来|负责|管|['’]s|['’]ll be|(?<![A-Za-z])(?:is|was|will be|owns|handles|signs)(?![A-Za-z]))?\s*(?:我们的?|他们的?|对方的?|那边的?|the|our|their|a|an|one)?\s*(?:[\u4e00-\u9fff]{0,3}|[a-z-]{0,12}\s?|(?<=是)[\u4e00-\u9fffA-Za-z0-9]{1,8}?的)$/i;
// Between a name and its cue: "是", "是我们的", "算是", "负责", "就是具体", "is the".
const LINK = /^[\s,]*(?:也|就|才|应该|算|正好|其实|目前|主要)?\s*(?:是|为|算是|属于|作为|当|来|负责|管|['’]s|['’]ll be|(?<![A-Za-z])(?:is|was|as|will be|who['’]ll be|who is|who|owns|handles|signs)(?![A-Za-z]))?\s*(?:我们的?|他们的?|对方的?|那边的?|their|our|the|a|an|one)?\s*(?:[\u4e00-\u9fff]{0,3}|[a-z-]{0,12}\s?)$/i;
// Between a cue and the name it introduces: "CTO Raj", "技术负责人是戈工", "主管技术的副总陶总".
// English: "Priya from the ops side will be the end user" — a linking verb at the end of the gap.
const EN_TAIL_LINK = /(?:['’]s|['’]ll be|(?<![A-Za-z])(?:is|was|will be|owns|handles|runs|signs)(?![A-Za-z]))\s+(?:basically\s+|really\s+|now\s+|effectively\s+)?(?:the|our|their|a|an|one)?\s*(?:[a-z-]+\s){0,2}$/i;
const CUE_TO_NAME = /^\s*(?:是|为|[:：,]|(?<![A-Za-z])is(?![A-Za-z])|的[\u4e00-\u9fff]{0,4}?)?\s*$/;
const SPEECH = /(?:说|讲|表示|提到|透露|觉得|认为|告诉|问|(?<![A-Za-z])(?:says|said|told|thinks)(?![A-Za-z]))/;
const ROLE_TITLE_CUE = /^(?:技术负责人|技术总监|技术主管|IT负责人|信息化负责人|CTO|CIO|决策人|决策者|内线|线人|教练)$/i;

function roleOfTitle(title: string | null): Exclude<Role, 'OTHER'> | null {
  if (!title) return null;
  for (const [role, re] of TITLE_ROLE_RES) if (re.test(title.trim())) return role;
  return null;
}

/** The buying role a title or role word states by itself ("技术负责人", "决策人", "CTO"), else OTHER. */
export function roleOfWords(words: string): Role {
  const t = words.trim();
  const byTitle = roleOfTitle(t);
  if (byTitle) return byTitle;
  for (const [role, re] of CUE_RES) {
    re.lastIndex = 0;
    if (re.test(t)) return role;
  }
  return 'OTHER';
}

/** `s` without the spaces between two Chinese characters, and where each character came from. */
function despace(s: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (/\s/.test(s[i]) && CJK.test(s[i - 1] ?? '') && /[\s\u4e00-\u9fff]/.test(s[i + 1] ?? '')) {
      let k = i;
      while (/\s/.test(s[k] ?? '')) k++;
      if (CJK.test(s[k] ?? '')) {
        i = k - 1;
        continue;
      }
    }
    text += s[i];
    map.push(i);
  }
  return { text, map };
}

/** A clause break: punctuation, or spaces between Chinese words (WeCom notes use them as commas). */
function isBreak(s: string, i: number): boolean {
  const ch = s[i];
  if (ch === '.') {
    // "Dr. Kim", "Mrs. Alvarez", "J. Smith", "3.5M" are not sentence ends.
    const word = s.slice(Math.max(0, i - 5), i).replace(/^.*[^A-Za-z]/, '');
    return !/^(?:Mr|Ms|Mrs|Miss|Dr|Prof|St|Jr|Co|Inc|Ltd|[A-Z])$/.test(word) && !/\d/.test(s[i + 1] ?? '');
  }
  if (/[,;!?，。；！？\n:：]/.test(ch)) return true;
  return ch === ' ' && CJK.test(s[i - 1] ?? '') && CJK.test(s[i + 1] ?? '');
}

function hasBreak(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (isBreak(s, i)) return true;
  return false;
}

interface Assigned {
  mention: number;
  role: Exclude<Role, 'OTHER'>;
  /** 1: implied by a title next to the name (CTO Raj); 2: stated ("周总是拍板的"). Stated wins. */
  strength: 1 | 2;
}

/** Which mention each role cue in `s` is about. */
function assignRoles(s: string, mentions: Mention[]): Assigned[] {
  const out: Assigned[] = [];
  const clauseStart = (i: number) => {
    let k = i;
    while (k > 0 && !isBreak(s, k - 1)) k--;
    return k;
  };
  const clauseEnd = (i: number) => {
    let k = i;
    while (k < s.length && !isBreak(s, k)) k++;
    return k;
  };
  const indexed = mentions.map((x, i) => ({ x, i }));
  // Every cue, the longer one winning where two overlap ("技术方面说了算" is technical, not "说了算").
  // Cues are read with the spaces between Chinese words removed: WeCom notes write "技术 负责 人".
  const { text: flat, map } = despace(s);
  const cues: Array<{ role: Exclude<Role, 'OTHER'>; m: RegExpExecArray }> = [];
  for (const [role, re] of CUE_RES) {
    re.lastIndex = 0;
    for (let f = re.exec(flat); f; f = re.exec(flat)) {
      const start = map[f.index];
      const end = map[f.index + f[0].length - 1] + 1;
      cues.push({ role, m: Object.assign([s.slice(start, end)], { index: start, input: s, groups: undefined }) as RegExpExecArray });
    }
  }
  const kept = cues.filter((a) => !cues.some((b) => b !== a && b.m[0].length > a.m[0].length && b.m.index <= a.m.index && b.m.index + b.m[0].length >= a.m.index + a.m[0].length));
  for (const { role, m } of kept) {
    {
      const cueStart = m.index;
      const cueEnd = m.index + m[0].length;
      if (mentions.some((x) => cueStart >= x.start && cueStart < x.end)) continue;
      // 0. Inside brackets right after a name: "Nina (store ops, the day-to-day user)", "刘兵(技术负责人)".
      const open = Math.max(s.lastIndexOf('(', cueStart), s.lastIndexOf('（', cueStart));
      if (open >= 0 && !/[)）]/.test(s.slice(open, cueStart))) {
        const owner = indexed.filter(({ x }) => x.end <= open && open - x.end <= 1).pop();
        if (owner) {
          out.push({ mention: owner.i, role, strength: 2 });
          continue;
        }
      }
      // 0b. "决策在行政总监Rita那里", "决策权归王总": the person named right after.
      if (/(?:在|归|找)$/.test(m[0])) {
        const holder = indexed.find(({ x }) => x.start >= cueEnd && x.start - cueEnd <= 12 && !hasBreak(s, cueEnd, x.start));
        if (holder) {
          out.push({ mention: holder.i, role, strength: 2 });
          continue;
        }
      }
      const from = clauseStart(cueStart);
      const tight = /^(?:老板|大老板|the boss)$/i.test(m[0]);
      // "赵敏和她老板", "他们老板", "her boss": someone else's boss — another person, unnamed.
      if (tight && /(?:他|她|他们|她们|对方|(?<![A-Za-z])(?:his|her|their))\s*的?\s*$/i.test(s.slice(Math.max(0, cueStart - 6), cueStart))) continue;
      const before = indexed.filter(({ x }) => x.end <= cueStart && x.start >= from);
      const nearest = before[before.length - 1];
      const linked = nearest && LINK.test(s.slice(nearest.x.end, cueStart)) && !SPEECH.test(s.slice(nearest.x.end, cueStart));
      // 1. A title-like cue right before a name: "CTO Raj Patel", "技术负责人是戈工", "老板林总".
      const next = indexed.find(({ x }) => x.start >= cueEnd && x.start - cueEnd <= 6 && CUE_TO_NAME.test(s.slice(cueEnd, x.start)) && (!hasBreak(s, cueEnd, x.start) || (/^,\s+$/.test(s.slice(cueEnd, x.start)) && /^[A-Za-z]/.test(m[0]))));
      if (next && (!linked || tight || ROLE_TITLE_CUE.test(m[0].trim()))) {
        out.push({ mention: next.i, role, strength: /^\s*(?:是|为|[:：]|is)/i.test(s.slice(cueEnd, next.x.start)) ? 2 : 1 });
        continue;
      }
      // 2. The name before it in the same clause: "陆总拍板", "李工负责技术评估", "小杨是我们的教练".
      if (nearest) {
        const gap = s.slice(nearest.x.end, cueStart);
        const pronoun = /(?:他|她|(?<![A-Za-z])(?:he|she)(?![A-Za-z]))/i.test(gap);
        // "Tom Baker, who'll use the tablets daily": a relative clause right after the name.
        if (linked || (!tight && [...gap].length <= 10 && !pronoun && !SPEECH.test(gap)) || (!pronoun && gap.length <= 40 && EN_TAIL_LINK.test(gap)) || /^\s*,?\s*who(?:['’]ll|\s+will|\s+would)?\s*$/i.test(gap)) {
          out.push({ mention: nearest.i, role, strength: 2 });
          continue;
        }
      }
      // 2b. English apposition: "Victor Osei, owns the technical evaluation", "Jo Patel, who'll be the main user".
      const prev = indexed.filter(({ x }) => x.end <= cueStart).pop();
      if (prev && !nearest) {
        const gap = s.slice(prev.x.end, cueStart);
        // "Daniel Reyes, the COO and decision maker": a title, then "and" the cue.
        const appositive = /^\s*,\s*(?:the|our|their|a|an)\s+(?:[A-Za-z-]+\s+){0,3}and\s+(?:the\s+|a\s+)?$/i.test(gap);
        if (gap.length <= 40 && (gap.match(/,/g) ?? []).length <= 1 && !/[.;。；]/.test(gap) && (appositive || (/^\s*,\s*(?:who\s+|who['’]ll\s+|and\s+)?/i.test(gap) && EN_TAIL_LINK.test(gap)) || /^\s*,\s*who(?:['’]ll|\s+will|\s+would)?\s*$/i.test(gap))) {
          out.push({ mention: prev.i, role, strength: 2 });
          continue;
        }
      }
      if (tight && !/(?:(?:he|she)['’]s|[他她](?:就|才|也|正好)?是)\s*$/i.test(s.slice(Math.max(0, cueStart - 8), cueStart))) continue;
      // 2c. A clause with no subject: "老周管门店系统，是实际用的人", "…，算是自己人了" — the person before.
      if (!before.length && /^\s*(?:(?:一直|一向|始终|总是|也|都|还|又|就|经常|确实|其实|私下)\s*)*(?:(?:(?:愿意|可以|能|想|答应)\s*(?:当|做|作)|是|算是|就是|也是|算|属于|负责|管)|(?:在里面|在内部|在那边)?\s*$)/.test(s.slice(from, cueStart))) {
        const prior = indexed.filter(({ x }) => x.end <= from).pop();
        if (prior) {
          out.push({ mention: prior.i, role, strength: 2 });
          continue;
        }
      }
      // 3. A pronoun: "他拍板", "她是使用方", "技术方面他来定", "He's our champion" — the last person named.
      const lead = s.slice(from, cueStart);
      const inCue = /(?:他|她)/.test(m[0]);
      // English: "he's the medical director and the final decision maker" — the pronoun opens the sentence.
      const enPron = /(?:^|[.;!?]\s*|,\s*|\s[-–—]\s*)(?:he|she)(?:['’]s|['’]ll| is| was| will be| still)?\b[^.;!?]{0,60}$/i.exec(s.slice(Math.max(0, cueStart - 70), cueStart));
      const pron = PRONOUN_LEAD.exec(lead) ?? (enPron && /^[A-Za-z]/.test(m[0]) ? enPron : null);
      // "他说老板…" reports speech about someone else; "祝总说这事她拍板" is about 祝总 herself.
      if ((pron || inCue) && !(pron && SPEECH.test(lead.slice(pron.index)))) {
        const prior = indexed.filter(({ x }) => x.end <= cueStart);
        if (prior.length) {
          out.push({ mention: prior[prior.length - 1].i, role, strength: 2 });
          continue;
        }
      }
      // 3b. "局里拍板的是他": the cue, then a pronoun for the person just named.
      if (/^\s*的?\s*(?:是|就是)\s*(?:他|她)/.test(s.slice(cueEnd))) {
        const prior = indexed.filter(({ x }) => x.end <= cueStart).pop();
        if (prior) {
          out.push({ mention: prior.i, role, strength: 2 });
          continue;
        }
      }
      // 4. "决策人是周建国董事长": the name after a 是 a little further on.
      const after = indexed.find(({ x }) => x.start >= cueEnd && x.start - cueEnd <= 12 && /^(?:[\u4e00-\u9fff]{0,4}?的?\s*(?:是|为|[:：]|(?<![A-Za-z])is(?![A-Za-z]))|(?:\s+[a-z]+){0,2}\s+is\s)/.test(s.slice(cueEnd)) && !hasBreak(s, cueEnd, x.start));
      if (after) {
        out.push({ mention: after.i, role, strength: 2 });
        continue;
      }
      // 5. An appositive clause of its own: "叫马晓东，技术负责人，…" — the person just named.
      const end = clauseEnd(cueEnd);
      if (s.slice(from, end).trim().length <= m[0].length + 4 && !indexed.some(({ x }) => x.start >= from && x.start < end)) {
        const prior = indexed.filter(({ x }) => x.end <= from && from - x.end <= 3);
        if (prior.length) {
          out.push({ mention: prior[prior.length - 1].i, role, strength: 2 });
          continue;
        }
      }
      // 6. A title with no name yet, named a little later: "跟X的技术总监通了个电话 叫冯志远".
      const named = indexed.find(({ x }) => x.start > cueEnd && x.start - cueEnd <= 20 && /(?:叫|名叫|叫做|姓\S)\s*$/.test(s.slice(Math.max(cueEnd, x.start - 4), x.start)));
      if (named && !indexed.some(({ x }) => x.start > cueEnd && x.start < named.x.start)) out.push({ mention: named.i, role, strength: 1 });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const MAX_CONTACTS = 20;

export interface PeopleResult {
  contacts: ParsedContact[];
  /** Where each contact was mentioned (for splitting a message by customer). */
  spans: Array<{ name: string; start: number; end: number }>;
}

/** The customer-side people in `s` with their roles. `exclude`: colleagues and customer names. */
export function findPeople(s: string, knownUsers: string[] = [], customerNames: string[] = [], customerEnds: number[] = []): PeopleResult {
  // "方舟电子刘兵说…": a full name right after the customer's name opens what is said about them.
  const found = findMentions(s);
  const after = customerEnds
    .map((at) => (found.some((m) => m.start <= at && m.end > at) ? null : leadNameAt(s, at, true)))
    .filter((m): m is Mention => !!m && !found.some((o) => m.start < o.end && m.end > o.start));
  const all = after.length ? [...found, ...after].sort((a, b) => a.start - b.start) : found;
  // "due Jan 10", "by May 3rd": a word of a date is no person (Jan, May, June are names too).
  const times = /[A-Za-z]/.test(s) ? findTimeExprs(s) : [];
  const inTime = (m: Mention) => /^[A-Za-z]/.test(m.name) && times.some((t) => m.start >= t.start && m.end <= t.end);
  // "润丰老板": a surname that is the customer's own last character is no surname (丰老板) — the
  // customer's boss, unnamed.
  const straddles = (m: Mention) => customerEnds.some((e) => m.start < e && m.end > e);
  const mentions = all.filter((m) => !inTime(m) && !straddles(m) && !isColleague(s, m, knownUsers) && !meetsTheirPerson(s, m, all, customerNames) && !customerNames.some((c) => c && c.includes(m.name) && m.name.length < c.length));
  const roles = assignRoles(s, mentions);
  // Merge mentions of one person: exact name, "Raj" into "Raj Patel", 黄经理 into 黄海涛.
  const canonical: number[] = mentions.map((_, i) => i);
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    for (let j = 0; j < mentions.length; j++) {
      if (i === j || canonical[j] !== j) continue;
      const o = mentions[j];
      const same =
        (o.name === m.name && j < i) ||
        (o.full && !m.full && m.surname && o.surname === m.surname && !/^[小老]/.test(m.name) && mentions.filter((x) => x.full && x.surname === m.surname).length === 1) ||
        (/^[A-Z]/.test(m.name) && !m.name.includes(' ') && o.name.startsWith(`${m.name} `));
      if (same) {
        canonical[i] = j;
        break;
      }
    }
  }
  const byIndex = new Map<number, ParsedContact>();
  const spans: PeopleResult['spans'] = [];
  for (let i = 0; i < mentions.length; i++) {
    const c = canonical[i];
    const m = mentions[i];
    let contact = byIndex.get(c);
    if (!contact) {
      if (byIndex.size >= MAX_CONTACTS) continue;
      const head = mentions[c];
      contact = { name: clip(head.name, 100), title: head.title ? clip(head.title, 100) : null, role: roleOfTitle(head.title) ?? 'OTHER' };
      byIndex.set(c, contact);
    }
    if (!contact.title && m.title) contact.title = clip(m.title, 100);
    if (contact.role === 'OTHER') contact.role = roleOfTitle(m.title) ?? 'OTHER';
    spans.push({ name: contact.name, start: m.start, end: m.end });
  }
  // A title in brackets right after the name says it best: "刘兵(技术负责人)", "John Smith (CTO)";
  // so does an English apposition: "Jane Doe, the decision maker,".
  for (let i = 0; i < mentions.length; i++) {
    const rest = s.slice(mentions[i].end);
    const p = /^\s*\(\s*([^()]{1,30}?)\s*\)/.exec(rest) ?? /^,\s*(?:the|our|their)\s+([a-z][a-z -]{2,30}?)\s*(?=[,.;]|$)/.exec(rest);
    const contact = byIndex.get(canonical[i]);
    if (p && contact && !/^\d+$/.test(p[1])) contact.title = clip(p[1], 100);
  }
  // English titles: before the name ("their IT director Bill"), in apposition after it ("John
  // Smith, Head of IT"), or said with a pronoun right after ("…, she is the procurement manager").
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    const contact = byIndex.get(canonical[i]);
    if (!contact || contact.title || !/^[A-Z]/.test(m.name)) continue;
    const t = enTitleBefore(s, m.start) ?? enTitleAfter(s, m.end);
    if (t) contact.title = clip(t, 100);
    if (t && contact.role === 'OTHER') contact.role = roleOfTitle(t) ?? 'OTHER';
  }
  for (const pm of s.matchAll(EN_PRONOUN_TITLE_RE)) {
    const at = pm.index! + pm[0].length - pm[1].length;
    const prior = mentions.map((x, i) => ({ x, i })).filter(({ x }) => x.end <= pm.index!).pop();
    const contact = prior && byIndex.get(canonical[prior.i]);
    const t = cleanEnTitle(pm[1]);
    if (!contact || contact.title || !t || !/^[A-Z]/.test(prior.x.name) || at - prior.x.end > 80) continue;
    contact.title = clip(t, 100);
    if (contact.role === 'OTHER') contact.role = roleOfTitle(t) ?? 'OTHER';
  }
  // A title word right before the mention that states a role: "老板林总", "CTO Raj Patel".
  for (let i = 0; i < mentions.length; i++) {
    const before = s.slice(Math.max(0, mentions[i].start - 8), mentions[i].start).trim();
    const t = /(老板|董事长|总裁|CTO|CIO|CEO|技术总监|技术负责人|IT负责人)\s*$/i.exec(before);
    const role = t ? roleOfTitle(t[1]) : null;
    const contact = byIndex.get(canonical[i]);
    if (role && contact && contact.role === 'OTHER') contact.role = role;
    if (t && contact && !contact.title) contact.title = t[1];
  }
  // A phone number or WeChat ID goes to the person named right before it ("刘兵的电话是…"), the
  // person a 他/她 stands for ("他手机是…"), else the last person named before it, else the only one.
  for (const d of findContactDetails(s)) {
    const prior = mentions.map((x, i) => ({ x, i })).filter(({ x }) => x.end <= d.start);
    const owner = prior.length ? prior[prior.length - 1].i : mentions.length === 1 || new Set(canonical).size === 1 ? 0 : -1;
    const contact = owner >= 0 ? byIndex.get(canonical[owner]) : undefined;
    if (!contact) continue;
    if (d.kind === 'phone' && !contact.phone) contact.phone = d.value;
    if (d.kind === 'wechat' && !contact.wechat) contact.wechat = d.value;
  }
  const strength = new Map<ParsedContact, number>();
  for (const a of roles) {
    const contact = byIndex.get(canonical[a.mention]);
    if (!contact || (strength.get(contact) ?? 0) > a.strength) continue;
    contact.role = a.role;
    strength.set(contact, a.strength);
  }
  // "Landmark Tech CEO Mark Li", "Lisa (Brightwave)": the customer's name glued before a title, or
  // in brackets after the name, is whose person it is — never part of the title.
  for (const contact of byIndex.values()) {
    if (!contact.title) continue;
    const org = customerNames.filter((n) => n.length >= 2 && contact.title!.toLowerCase().startsWith(n.toLowerCase())).sort((a, b) => b.length - a.length)[0];
    if (!org) continue;
    const rest = contact.title.slice(org.length).replace(/^[\s的'’s]+/, '').trim();
    if (rest) contact.title = clip(rest, 100);
    else if (s.includes(`(${contact.title})`) || s.includes(`（${contact.title}）`)) contact.title = null;
  }
  return { contacts: [...byIndex.values()], spans };
}
