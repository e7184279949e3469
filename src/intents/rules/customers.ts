// Customer names, found by where they stand in the sentence rather than by a list of companies.
// The message is segmented into words (./segment.ts); a name is a run of name-like words
//   - after a verb whose object is a customer (拜访了X, 去了一趟X, 回访一下X, 催X, call X),
//   - before what belongs to a customer (X的王总, X的采购部, X的报价, X那边, X两家, X王总),
//   - at the start of a deal update (X 报价→谈判, X输单, X阶段改成方案, X热点),
//   - after a label (客户：X), or
//   - ending in an organisation word (…药业, …银行, …Logistics; ./vocab/organizations.ts).
// Each candidate collects evidence from these positions; known customers of the sender win.
// Command and time words (提醒我, 帮我, call, 明天, 月底前, 一下) are never part of a name because
// they are boundaries, not because a name list says so.
import type { CustomerEvidence } from '../schema.js';
import { isCommonWord, isDictionaryWord, tokenize, type Token } from './segment.js';
import { BRAND_SET } from './vocab/brands.js';
import { ALSO_CONSIDERING, COMPARING, COMPETITOR_WORDS, PRESENT_TOO, RIVAL_ACTS } from './vocab/competitors.js';
import { THIRD_PARTY_WORDS } from './vocab/thirdParties.js';
const DESCRIPTORS_SORTED = [...NAME_DESCRIPTORS].sort((a, b) => b.length - a.length);
const EN_TITLE_END = new RegExp(`\\s(?:${['CEO', 'CTO', 'CFO', 'CIO', 'COO', 'CMO', 'CRO', 'VP', 'GM', 'President', 'Founder'].join('|')})$`);
// A person's name (a capitalised word or two, or two to three Chinese characters), then a bracketed name.
const BRACKETED_ORG = /(?:(?<![A-Za-z])[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[\u4e00-\u9fff]{2,3})\s*[(（]\s*((?:[A-Z][\w&'’.-]*)(?:\s+[A-Z][\w&'’.-]*){0,3}|[\u4e00-\u9fff]{2,10}(?:公司|集团|科技|电子|物流|医院|银行|教育|食品|能源|环保|制造|软件|股份))\s*[)）]/g;
const BRACKET_TITLE = new RegExp(`^(?:${[...JOB_TITLES_EN, ...JOB_TITLES].filter((t) => t.length >= 2).map(escapeRegExp).join('|')}|IT|HR|PM|VP)(?:\\s|$)`, 'i');
import { findMentions, leadNameAt } from './people.js';
import { findTimeExprs } from './dates.js';
import { findAmounts } from './amounts.js';
import { getStages } from '../../domain/stages.js';
import { clip, escapeRegExp } from './text.js';
import { DEPARTMENT_STEMS, DEPARTMENT_SUFFIXES } from './vocab/departments.js';
import { BRANCH_WORDS, INSTITUTION_SUFFIXES_ZH, NAME_DESCRIPTORS, NOT_A_CUSTOMER, ORG_SUFFIXES_EN, ORG_SUFFIXES_ZH, WEAK_ORG_SUFFIXES_ZH } from './vocab/organizations.js';
import { ON as HOT_ON } from './hot.js';
import { ENGLISH_GIVEN_NAMES, HONORIFICS, JOB_TITLES, JOB_TITLES_EN } from './vocab/people.js';
import { PLACE_NAMES } from './vocab/places.js';
import { DELIVERABLES, DOCUMENT_NOUNS } from './vocab/documents.js';
import { COMMON_VERBS, CUSTOMER_LABELS, CUSTOMER_VERBS, CUSTOMER_VERBS_EN, DEAL_WORDS, DEAL_WORDS_EN, NAME_ENDERS, NOT_ORG_EN, OBJECT_VERBS, VERB_PARTICLES } from './vocab/positions.js';

export interface Found {
  name: string;
  start: number;
  end: number;
}

export interface CustomerCandidate extends Found {
  evidence: CustomerEvidence;
  score: number;
  /** Other spans that name the same customer (立讯 for 立讯精密). */
  mentions: Array<{ start: number; end: number }>;
}

/** Character ranges already taken by people, times and amounts: never part of a name. */
export interface Blocked {
  start: number;
  end: number;
  kind: 'person' | 'time' | 'amount';
}

const set = (xs: string[]) => new Set(xs);
const ORG_ZH = set([...ORG_SUFFIXES_ZH, ...INSTITUTION_SUFFIXES_ZH]);
const WEAK_ORG = set(WEAK_ORG_SUFFIXES_ZH);
const BRANCH = set(BRANCH_WORDS);
const INSTITUTION = set(INSTITUTION_SUFFIXES_ZH);
const ORG_ZH_SORTED = [...ORG_ZH].sort((a, b) => b.length - a.length);
const ORG_EN = set(ORG_SUFFIXES_EN.map((w) => w.replace(/\.$/, '')));
const ORG_EN_LOWER = set([...ORG_EN].map((w) => w.toLowerCase()));
const NOT_CUSTOMER = set(NOT_A_CUSTOMER.map((w) => w.toLowerCase()));
const PAPERS = set([...DELIVERABLES, ...DOCUMENT_NOUNS].map((w) => w.toLowerCase()));
// A person's, place's or organisation's name, or an abbreviation (jieba's tags): never an everyday word.
const PROPER_TAG = /^n[rstz]|^ns|^s$|^j/;
const NOT_ORG = set(NOT_ORG_EN);
const GIVEN = set(ENGLISH_GIVEN_NAMES);
const VERBS = set(CUSTOMER_VERBS);
const COMMON_V = set(COMMON_VERBS);
const OBJ_VERBS = set(OBJECT_VERBS);
const PARTICLES = set(VERB_PARTICLES);
const ENDERS = set(NAME_ENDERS);
const DEAL = set(DEAL_WORDS);
const DEAL_EN = set(DEAL_WORDS_EN.map((w) => w.toLowerCase()));
const TITLES = set([...JOB_TITLES, ...Object.keys(HONORIFICS)]);
const DEPT_RE = new RegExp(`^(?:${DEPARTMENT_STEMS.map(escapeRegExp).join('|')})?(?:${DEPARTMENT_SUFFIXES.map(escapeRegExp).join('|')})$`);
const DEPT_FULL = new RegExp(`^(?:${DEPARTMENT_STEMS.map(escapeRegExp).join('|')})(?:${DEPARTMENT_SUFFIXES.map(escapeRegExp).join('|')})$`);
const LABEL_RE = new RegExp(`(?:^|[\\s,，;；。])(?:(?:${CUSTOMER_LABELS.map(escapeRegExp).join('|')})\\s*[:：]|客户(?:是|叫|为)|(?:客户|公司|单位|企业|厂家?)\\s*[,，]?\\s*(?:名字)?叫做?)\\s*`, 'gi');
const CJK = /[\u4e00-\u9fff]/;
const CALLED_NEW = /(?:一(?:家|个)\s*)?(?:新客户|老客户|潜在客户|意向客户|新接触的客户)(?:是|叫)?\s*[:：]?\s*(?=[\u4e00-\u9fffA-Z])/g;
// "浙大二院跑了一趟": a trip reported after the place it went to.
const TRIP_AFTER = /^(?:跑|走|去|来)了?(?:一趟|一次|一圈)/;
const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;
// Single characters that can never be inside a customer's name, whatever jieba tags them.
const STOP_CHARS = new Set([...'的了和跟与在是给把对向去到见约说要想让被从等也都就还又很挺会吗呢吧啊着过个这那我你他她它其该每各某有没不聊开做发打谈签跑及或而但并且再才只叫回问催讲请陪']);
// Quantities and counters: 一家, 两个, 几位 — not names (三只松鼠 keeps its numeral).
const COUNTER = /^[一二两三四五六七八九十几数多每这那]+(?:家|个|位|次|趟|下|些|点|天|周|月|年|人|名|台|套|件|条|轮|场|遍|版|份|批|单|期|款|种|块)$/;
const PLACE_TAGS = /^(?:ns)$/;
const PLACES = new Set(PLACE_NAMES);
const TITLE_TAIL = new RegExp(`(?:${[...JOB_TITLES].filter((t) => /[\\u4e00-\\u9fff]{2,}/.test(t)).join('|')})$`);
// A department word glued to a title ("技术总监", "采购部经理", "IT负责人") is the person's role: it
// ends the company's name before it ("立讯精密技术总监周工" is 立讯精密's 技术总监), even when the
// department word also ends company names (技术, 信息, 工程). Titles of two or more characters that
// do not open with a department of their own ("数据采购经理" is 数据's 采购经理; "工程项目经理" stays):
// "华为技术李总" keeps its honorific reading in ./people.ts.
const ROLE_TITLE_AFTER_STEM = new RegExp(`^(?:${DEPARTMENT_SUFFIXES.map(escapeRegExp).join('|')})?(?:${JOB_TITLES.filter((t) => [...t].length >= 2 && !DEPARTMENT_STEMS.some((d) => t.startsWith(d))).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`);
const DEPT_STEM_SET = new Set(DEPARTMENT_STEMS);
function roleStemAt(s: string, tokens: Token[], k: number): boolean {
  const t = tokens[k];
  // A strong organisation word stays the company's: "华星科技总监何总" is 华星科技's 总监.
  return Boolean(t) && DEPT_STEM_SET.has(t.word) && (!ORG_ZH.has(t.word) || weakOrg(t.word)) && ROLE_TITLE_AFTER_STEM.test(s.slice(t.end, t.end + 8));
}
const TIME_WORDS = new Set(['现在', '目前', '最近', '当时', '之前', '之后', '以后', '以前', '刚才', '刚刚', '今年', '明年', '去年', '年底', '年前', '年后', '年初', '月底', '月初', '上午', '下午', '晚上', '中午', '早上', '今天', '明天', '后天', '昨天', '前天', '周末', '节前', '节后', '会上', '会后', '当天', '随后', '马上', '立刻', '尽快']);
// Words right after a name that show it is an organisation: 立讯那边, 富士康两家, 京东方那单.
const CALLED_CUSTOMER = /^(?:这个|那个|这家|那家)\s*客户/;
const RIGHT_AHEAD = /^(?:那边|这边|那里|这儿|那儿|两家|一家|三家|几家|那单|这单|那份|这份|那个单子?|这个单子?|那个项目|这个项目|(?:那个|这个)\s*(?:商机|单|项目|订单|客户|事|没戏|黄了|搞定|稳了|悬了))/;
// Talking to or doing something for an organisation: "给X发NDA", "和X开会", "跟X沟通".
const COMM_VERB = /^(?:发|打电话|打了|打个|通电话|通了|送|寄|做|演示|开会|开了|开个|聊|谈|沟通|交流|确认|回复|回个|签|报价|汇报|介绍|对接|碰|约|吃饭|吃了|见面|视频|开视频|电话)/;
const HOT_GLOBAL = new RegExp(HOT_ON.source, 'gi');
const HOT_AT = new RegExp(`^\\s*(?:${HOT_ON.source})`, 'i');
// Things, not companies, when a name would end in them.
const GENERIC_END = /(?:系统|平台|项目|方案|产品|设备|软件|模块|需求|问题|清单|阶段|进度|接口|部分|费用|价格|报价|材料|资料|文档|报告|样品|合同|标书|文件|证书|协议|说明书|白皮书|手册|报表|发票|图纸|(?:参数|报价|对比|明细|进度|排期|统计|调研)表)$/;
const MAX_NAME = 20;
// Between a deal's subject and its stage: adverbs of when (现在, 已经) and verbs of reaching it (到, 进入).
const STAGE_LEAD = new Set(['现在', '目前', '已经', '已', '也', '还', '都', '就', '快', '马上', '终于', '总算', '基本', '正式', '到', '到了', '进入', '进到', '推进到', '推到', '走到', '在', '处于', '进了']);
const STAGE_REACH = /(?:到了?|进入|进到|推进到|推到|走到|在|处于|进了)\s*$/;
const COUNT_OF: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, two: 2, three: 3, four: 4, five: 5 };
const LIST_HEAD = /(?:[两二三四五六七八九十几多]\s*(?:家|个|位)(?:客户|公司|单位)?|几个客户|(?<![a-z])(?:two|three|four|five|several|[2-9])\s+(?:customers|accounts|clients|companies|prospects)(?![a-z]))[^：:;；。\n]{0,16}[：:]/i;

function isBlockedAt(blocked: Blocked[], a: number, b: number): Blocked | undefined {
  return blocked.find((x) => a < x.end && b > x.start);
}

/** Can this token be part of a customer's name? */
function nameLike(t: Token): boolean {
  const w = t.word;
  if (PUNCT_OR_SPACE.test(w)) return false;
  if (/^[A-Za-z]/.test(w)) {
    // In Chinese text a company written in Latin letters is capitalised (Bosch, IBM, Shopee);
    // lowercase words are the rep's English (call, visit, finish, remind).
    return /^[A-Z0-9]/.test(w) && !NOT_ORG.has(w);
  }
  if (/^\d/.test(w)) return false;
  if (w.length === 1) return CJK.test(w) && !STOP_CHARS.has(w);
  // A word made only of function characters ("打了个", "给了", "说过") is a verb phrase, not a name.
  if (CJK.test(w) && [...w].every((ch) => STOP_CHARS.has(ch))) return false;
  if (ORG_ZH.has(w) || t.tag === 'nt') return true;
  // A doubled verb ("看看", "聊聊", "问问") is something the rep does, never inside a name.
  if ([...w].length === 2 && w[0] === w[1] && /^v/.test(t.tag)) return false;
  if (ENDERS.has(w) || PARTICLES.has(w) || VERBS.has(w) || OBJ_VERBS.has(w) || COMMON_V.has(w) || DEAL.has(w) || TITLES.has(w) || DEPT_FULL.test(w)) return false;
  if (NOT_CUSTOMER.has(w) || COUNTER.test(w)) return false;
  // Function words, pronouns, time words, adverbs and set phrases end a name. Verbs do not by
  // their tag alone: the segmenter tags unknown brands as verbs (联想/v, 安踏/v, 立白/v).
  if (TIME_WORDS.has(w)) return false;
  if (/^(?:r|p|c|u|uj|ul|uz|ug|uv|ud|y|e|o|q|zg)$/.test(t.tag)) return false;
  // Adverbs, adjectives and set phrases end a name when they are everyday words (已经, 马上); a rare
  // one is usually an unknown brand the segmenter mis-tagged (鼎新/d, 立白/v).
  if (/^(?:d|ad|vd|a|l|f|tg)$/.test(t.tag) && isCommonWord(w)) return false;
  return true;
}

interface Span {
  start: number;
  end: number;
  from: number; // token index
  to: number; // token index, exclusive
}

/** Strip words that cannot begin or end a name (一下, 的, a leading place is kept). */
// A rep's description before a name is not part of it: "新客户远大能源", "另一家蓝海船舶".
// So is how it relates to another company: "子公司星云物流", "旗下的华星软件" (see PARENT_AFTER).
const DESCRIPTOR = /^(?:新客户|老客户|潜在客户|意向客户|新接触的|新认识的|另一家|另外一家|另外那家|另一个客户|这家|那家|(?:全资|控股)?子公司|孙公司|母公司|总公司|集团下属的?|下属的?(?:公司|企业|单位)?|旗下的?(?:公司|企业)?|关联公司|兄弟公司)/;
const DESCRIPTOR_END = new RegExp(`(?:${DESCRIPTOR.source.slice(1)})\\s*$`);

function trimSpan(tokens: Token[], sp: Span): Span | null {
  let { from, to } = sp;
  // "去了趟客户公司": a verb's measure word (趟, 次, 一趟) opens no name.
  while (to - from > 1 && /^(?:一?趟|一?次|一?回|一?遍)$/.test(tokens[from].word)) from++;
  const text = tokens.slice(from, to).map((t) => t.word).join('');
  const desc = DESCRIPTOR.exec(text)?.[0].length ?? 0;
  if (desc && [...text.slice(desc)].length >= 2) {
    const at = tokens[from].start + desc;
    let k = from;
    while (k < to && tokens[k].end <= at) k++;
    if (k < to && tokens[k].start === at) from = k;
  }
  // "蒙牛总部", "伊利的办事处": where in the company, not part of its name.
  const rest = (end: number) => [...tokens.slice(from, end).map((t) => t.word).join('')].length;
  if (to - from > 1 && /^(?:总部|本部|办公室|办事处|厂区|园区|office|HQ)$/i.test(tokens[to - 1].word) && rest(to - 1) >= 2) {
    to--;
    // "良品铺子武汉总部": and the city of that office.
    while (to - from > 1 && (PLACES.has(tokens[to - 1].word) || tokens[to - 1].tag === 'ns') && rest(to - 1) >= 2) to--;
  }
  // "刚和天成物流的…", "刚跟…": an adverb of the sentence and the word that says "with" open no name.
  if (to - from > 2 && tokens[from].tag === 'd' && /^(?:和|跟|与|同)$/.test(tokens[from + 1].word)) from += 2;
  while (from < to && !nameLike(tokens[from]) && !(tokens[from].word === '和' && to - from >= 2 && tokens[from - 1] && (VERBS.has(tokens[from - 1].word) || tokens[from - 1].word.length === 1))) from++;
  while (to > from && !nameLike(tokens[to - 1])) to--;
  if (to <= from) return null;
  return { from, to, start: tokens[from].start, end: tokens[to - 1].end };
}

function withoutPersonTail(s: string, tokens: Token[], sp: Span): Span {
  // (An organisation word is no given name: 海鸥卫浴; nor one owning what follows: "拜访了宏远张弛的生产部" is a company's.)
  if (endsWithOrg(s.slice(sp.start, sp.end)) || /^\s*的/.test(s.slice(sp.end))) return sp;
  for (let k = sp.to - 1; k > sp.from && sp.end - tokens[k].start <= 3; k--) {
    const at = tokens[k].start;
    if ([...s.slice(sp.start, at)].length < 2 || !CJK.test(s[at])) continue;
    // "烟台张裕", "嘉兴闻泰": a city before it — the name is the brand there. What stays must end
    // in a word of a name, and no everyday word runs inside the person's name (同|程旅行).
    if (tokens.slice(sp.from, k).every((x) => PLACE_TAGS.test(x.tag) || PLACES.has(x.word))) continue;
    if (!nameLike(tokens[k - 1]) || [...tokens[k - 1].word].length < 2) continue;
    if (tokens.slice(k + 1, sp.to).some((x) => [...x.word].length >= 2 && !/^nr/.test(x.tag) && isCommonWord(x.word))) continue;
    const m = leadNameAt(s, at, true);
    if (m && m.end === sp.end && !BRAND_SET.has(m.name) && !BRAND_SET.has(s.slice(sp.start, sp.end))) return { from: sp.from, to: k, start: sp.start, end: tokens[k - 1].end };
  }
  return sp;
}

function spanText(s: string, sp: Span): string {
  return s.slice(sp.start, sp.end).trim();
}

/** Is the name only a place (昆山, 苏州) or only generic words? Then it is no customer. */
let stageLabels: { stages: ReturnType<typeof getStages>; words: Set<string> } | undefined;
/** The team's stage names and their synonyms, with or without 阶段 (CJK ones; English names are ordinary words). */
function isStageLabel(name: string): boolean {
  const stages = getStages();
  if (stageLabels?.stages !== stages) {
    const words = new Set<string>();
    for (const st of stages) for (const w of [st.zh, ...st.synonyms]) if (/[\u4e00-\u9fff]/.test(w) && [...w].length >= 2) words.add(w).add(`${w}阶段`);
    stageLabels = { stages, words };
  }
  return stageLabels.words.has(name);
}

export function rejectName(s: string, tokens: Token[], sp: Span, anchoredRight = false, strong = false): boolean {
  const name = spanText(s, sp);
  if (!name) return true;
  const chars = [...name.replace(/\s+/g, '')];
  if (chars.length < 2 && !/^[A-Z]{2,}$/.test(name)) return true;
  if (chars.length > MAX_NAME) return true;
  if (NOT_CUSTOMER.has(name.toLowerCase()) || DEPARTMENT_STEMS.includes(name) || COUNTER.test(name) || TITLES.has(name) || TITLE_TAIL.test(name)) return true;
  // Whom the deal was lost to ("输给了宝信软件", "被鼎捷抢走") is a rival, not the customer.
  const lead = s.slice(0, sp.start);
  // …and so is one compared with us ("比较我们和SAP的方案", "华为云的报价比我们低").
  if (/(?:我们|我司|咱们|我方)\s*(?:和|跟|与|同)\s*$/.test(lead) || /^\s*(?:的[^,，。;；]{0,6})?比(?:我们|我司|咱们|我方)/.test(s.slice(sp.end))) return true;
  if (/(?:输给|败给|丢给)了?\s*$/.test(lead) || (/被\s*$/.test(lead) && /^\s*(?:抢|截|撬|拿走)/.test(s.slice(sp.end)))) return true;
  // A stage's own label ("现在到商务谈判了", "进到方案阶段") is where the deal is, never who it is with.
  if (isStageLabel(name)) return true;
  // A city or province on its own ("去了嘉兴的丰华纸业": 嘉兴 is where) is never the customer.
  if (PLACES.has(name.replace(/(?:市|省|区|县)$/, ''))) return true;
  const inner = tokens.slice(sp.from, sp.to).filter((t) => !/^\s+$/.test(t.word));
  // A place (昆山, 苏州) is where we went, unless something of the customer's follows (洋河的商机).
  if (!anchoredRight && inner.every((t) => PLACE_TAGS.test(t.tag) && !ORG_ZH.has(t.word) && !BRAND_SET.has(t.word))) return true;
  // A product, not a company: "确认了保洁机器人的需求", "实训设备约220万", "换一批数控设备".
  const lastWord = inner[inner.length - 1]?.word ?? '';
  if (weakOrg(lastWord) || GENERIC_END.test(name)) {
    const before = s.slice(Math.max(0, sp.start - 4), sp.start);
    const after = s.slice(sp.end, sp.end + 6);
    // "X的采购" is also X's buyer: for a name ending in an industry word (中泰化学) only a buying
    // verb before it or a price right after makes it a product.
    const productAfter = GENERIC_END.test(name) && /^的\s*(?:需求|采购(?![部科处员经主总])|预算|报价|价格|数量|方案)|^\s*(?:采购(?![部科处员经主总])|预算|报价|价格|数量)/.test(after);
    // …or a count of it, or a verb of handing it over ("补一份资质材料", "提交两份检测材料").
    if (/(?:采购|购买|买|上|换|做|确认了?|需要|要|想要|引进|部署|试用|选型|一批|一套|一台|几台|[一两二三四五几多每]?(?:份|批|套|些|项|张|本|册)|补充?|提供|提交|递交|准备|整理)\s*$/.test(before) || /^\s*(?:约|大约|大概|预算|总价|报价)?\s*[\d一二三四五六七八九十两百千万亿]/.test(after) || productAfter) return true;
  }
  // A branch with only a place before it ("北京总部", "苏州工厂", "华东区") is where, not who.
  const nonBranch = inner.filter((t) => !BRANCH.has(t.word) && !/^(?:华东|华南|华北|华中|西南|西北|东北|华西)区?$/.test(t.word) && !/区$/.test(t.word));
  if (inner.some((t) => BRANCH.has(t.word) || /区$/.test(t.word)) && nonBranch.every((t) => PLACE_TAGS.test(t.tag) || (t.word.length === 1 && !CJK.test(t.word)))) return true;
  // A department (工艺部, 信号部, 设备处) is inside a customer, not one.
  if (isDepartmentWord(inner[inner.length - 1]?.word ?? '') && !endsWithOrg(name)) return true;
  if (inner.every((t) => NOT_CUSTOMER.has(t.word.toLowerCase()) || ORG_ZH.has(t.word) || orgCompound(t.word) !== null)) return true;
  if (/^[A-Za-z]/.test(name) && name.split(/\s+/).every((w) => NOT_ORG.has(w) || GIVEN.has(w))) return true;
  // A generic noun at the end ("MES系统", "这个项目") is a thing, not a company.
  const last = inner[inner.length - 1]?.word ?? '';
  if ((NOT_CUSTOMER.has(last.toLowerCase()) || GENERIC_END.test(last)) && !ORG_ZH.has(last) && !orgCompound(last)) return true;
  // One everyday word ("预计", "谈判", "方式", "希望") is not a name; a rare one may be a brand (格力, 立白).
  if (!strong && inner.length === 1 && [...inner[0].word].length > 1 && isCommonWord(inner[0].word) && !ORG_ZH.has(inner[0].word) && !/^(?:nr|nrt|nz|nt|ns|j)$/.test(inner[0].tag)) return true;
  if (inner.length === 1 && /^(?:b|m|q|mq)$/.test(inner[0].tag)) return true;
  // "展会上", "工地里", "会议中": a place where something happened, not who.
  if (inner.length > 1 && /^[上里中内外旁边]$/.test(inner[inner.length - 1].word)) return true;
  return false;
}

function isDepartmentWord(w: string): boolean {
  return DEPARTMENT_SUFFIXES.includes(w) || DEPT_FULL.test(w) || /^(?:事业部|事业群)$/.test(w);
}

function endsWithOrg(name: string, strongOnly = false): boolean {
  const w = ORG_ZH_SORTED.find((x) => name.endsWith(x) && name.length > x.length);
  if (w && strongOnly && WEAK_ORG.has(w)) return false;
  if (w) {
    const brand = [...name.slice(0, name.length - w.length)].length;
    return brand >= (INSTITUTION.has(w) ? 1 : 2) || /^[A-Za-z]/.test(name);
  }
  const last = (name.split(/\s+/).pop() ?? '').replace(/[.,]$/, '');
  return name.includes(' ') && (ORG_EN.has(last) || ORG_EN.has(last.replace(/s$/, '')));
}

interface Raw {
  sp: Span;
  score: number;
}

/** After an organisation word: do the next words reach a department (迈瑞医疗 海外事业部)? */
function reachesDepartment(s: string, tokens: Token[], from: number): boolean {
  for (let k = from; k < tokens.length && k < from + 4; k++) {
    const w = tokens[k].word;
    if (DEPT_FULL.test(w) || DEPARTMENT_SUFFIXES.includes(w) || /(?:事业部|事业群|分公司|子公司)$/.test(w)) return true;
    if (!nameLike(tokens[k])) return false;
  }
  return false;
}

let stageWords: { src: unknown; words: Set<string> } | undefined;
/** The team's stage labels (报价, 谈判, 赢单…): "农夫山泉 谈判→赢单" names the customer first. */
function STAGE_WORDS(): Set<string> {
  const stages = getStages();
  if (stageWords?.src !== stages) stageWords = { src: stages, words: new Set(stages.flatMap((x) => [x.zh, ...x.synonyms]).filter((w) => /[\u4e00-\u9fff]/.test(w))) };
  return stageWords.words;
}

/**
 * An organisation word, a word ending in one (招商银行), what the segmenter knows as an
 * organisation (中国联通/nt), or a trade the dictionary keeps whole that is made of organisation
 * words (建筑材料 = 建筑 + 材料, 食品贸易; 信息技术 = two weak ones, see weakOrg).
 */
function isOrgToken(t: Token): boolean {
  if (ORG_ZH.has(t.word) || t.tag === 'nt') return true;
  if (!(t.word.length > 2 && CJK.test(t.word))) return false;
  return ORG_ZH_SORTED.some((w) => w.length >= 2 && t.word.endsWith(w) && !WEAK_ORG.has(w)) || orgCompound(t.word) !== null;
}

/**
 * Is `word` two or more organisation words end to end? 'strong' when one of them is a strong
 * one (建筑材料), 'weak' when all are also ordinary nouns (信息技术 = 信息 + 技术), else null.
 */
function orgCompound(word: string, strongSeen = false, parts = 0): 'strong' | 'weak' | null {
  if (!word) return parts >= 2 ? (strongSeen ? 'strong' : 'weak') : null;
  let best: 'strong' | 'weak' | null = null;
  for (const w of ORG_ZH_SORTED) {
    if (w.length < 2 || !word.startsWith(w)) continue;
    const r = orgCompound(word.slice(w.length), strongSeen || !WEAK_ORG.has(w), parts + 1);
    if (r === 'strong') return r;
    best ??= r;
  }
  return best;
}

/** An organisation word that is also an ordinary noun (技术, 材料), alone or compounded (信息技术). */
function weakOrg(word: string): boolean {
  return WEAK_ORG.has(word) || orgCompound(word) === 'weak';
}

/** Index of the token that starts at or contains char offset `pos`. */
function tokenAt(tokens: Token[], pos: number): number {
  for (let i = 0; i < tokens.length; i++) if (tokens[i].end > pos) return i;
  return tokens.length;
}

function skipSpaces(tokens: Token[], i: number, dir: 1 | -1): number {
  let k = i;
  while (k >= 0 && k < tokens.length && /^[\s🔥❤️⭐️✅]+$/u.test(tokens[k].word)) k += dir;
  return k;
}

/** Name-like tokens from `i` rightwards (English words may be joined by single spaces). */
function walkRight(s: string, tokens: Token[], i: number, blocked: Blocked[]): Span | null {
  let k = i;
  let to = i;
  while (k < tokens.length) {
    const t = tokens[k];
    if (isBlockedAt(blocked, t.start, t.end)) break;
    if (/^ $/.test(t.word) && /^[A-Z]/.test(tokens[k - 1]?.word ?? '') && /^[A-Z&]/.test(tokens[k + 1]?.word ?? '') && nameLike(tokens[k + 1] ?? t)) {
      k++;
      continue;
    }
    // An ordinary noun followed by an organisation word is inside the name ("回访甲秘客户科技").
    const nounInOrg = k > i && /^(?:n|nz|vn)$/.test(t.tag) && NOT_CUSTOMER.has(t.word) && t.word.length > 1 && tokens[k + 1] && isOrgToken(tokens[k + 1]) && !isBlockedAt(blocked, tokens[k + 1].start, tokens[k + 1].end);
    if (!nameLike(t) && !nounInOrg) break;
    // jieba's set phrases with 了 ("吃了饭/l") are what was done, never part of a name.
    if (k > i && /了/.test(t.word)) break;
    k++;
    to = k;
    if (s.slice(tokens[i].start, tokens[to - 1].end).length > MAX_NAME) break;
  }
  return to > i ? { from: i, to, start: tokens[i].start, end: tokens[to - 1].end } : null;
}

/**
 * Name-like tokens ending right before token `i`. With `allowVerb` (a strong anchor on the right,
 * such as 的 + a person) one dictionary verb may be part of the name: 联想 in "给联想的Tina".
 */
function walkLeft(s: string, tokens: Token[], i: number, blocked: Blocked[], allowVerb = false, fromOrg = false): Span | null {
  let k = i - 1;
  let from = i;
  let verbs = 0;
  while (k >= 0) {
    const t = tokens[k];
    if (isBlockedAt(blocked, t.start, t.end)) break;
    if (allowVerb && verbs === 0 && /^v/.test(t.tag) && t.word.length > 1 && !VERBS.has(t.word) && !OBJ_VERBS.has(t.word) && !PARTICLES.has(t.word) && !DEAL.has(t.word) && CJK.test(t.word)) {
      verbs++;
      from = k;
      k--;
      continue;
    }
    if (/^ $/.test(t.word) && /^[A-Z&]/.test(tokens[k + 1]?.word ?? '') && /^[A-Za-z]/.test(tokens[k - 1]?.word ?? '') && nameLike(tokens[k - 1])) {
      k--;
      continue;
    }
    // 和 inside a brand ("润和置业", "协和医院"): a single character before it, not a word ("A和B").
    // Not a place word after a channel: "微信上和X", "电话里和X" (上/里/中 end where it happened).
    // …but not when what follows 和 is a whole company on its own ("王刚和天成物流的马丽": a person,
    // then "with", then the company — a brand and its organisation word after 和, not 医院 alone).
    const inner和 = t.word === '和' && tokens[k - 1] && tokens[k - 1].word.length === 1 && !/^[上里中]$/.test(tokens[k - 1].word) && nameLike(tokens[k - 1]) && !isBlockedAt(blocked, tokens[k - 1].start, tokens[k - 1].end) && !endsWithOrg(s.slice(tokens[k + 1]?.start ?? t.end, (tokens[i] && ORG_ZH.has(tokens[i].word) ? tokens[i] : tokens[i - 1]).end));
    // 和 opening a brand right after a verb of visiting ("拜访和信证券").
    const lead和 = t.word === '和' && (from < i || ORG_ZH.has(tokens[i]?.word ?? '')) && tokens[k - 1] && VERBS.has(tokens[k - 1].word);
    // Walking back from an organisation word, ordinary nouns are part of the name ("甲秘客户科技").
    const nounInOrg = fromOrg && /^(?:n|nz|nt|vn|j)$/.test(t.tag) && NOT_CUSTOMER.has(t.word) && t.word.length > 1 && !['公司', '单位', '集团'].includes(t.word) && tokens[k - 1] && nameLike(tokens[k - 1]);
    if (!nameLike(t) && !inner和 && !lead和 && !nounInOrg) break;
    from = k;
    k--;
    if (lead和) break;
    if (s.slice(tokens[from].start, tokens[i - 1].end).length > MAX_NAME) break;
  }
  return from < i ? { from, to: i, start: tokens[from].start, end: tokens[i - 1].end } : null;
}

function isClauseStart(tokens: Token[], i: number, s: string): boolean {
  // A description before the name ("老客户杭州联华华商…") does not move the clause start.
  const before = s.slice(0, tokens[i]?.start ?? 0).replace(DESCRIPTOR_END, '');
  return !/[^\s,，;；。:：!！?？\n]/.test(before.slice(-1)) || /^\s*$/.test(before) || /[,，;；。:：!！?？\n]\s*$/.test(before);
}

/** Does a clause open at `at` (after punctuation, not merely a space: "见了 机电所所长 晏总")? */
function opensClause(s: string, at: number): boolean {
  const before = s.slice(0, at).replace(DESCRIPTOR_END, '');
  return /^\s*$/.test(before) || /[,，;；。:：!！?？\n]\s*$/.test(before);
}

/** Chinese (and mixed) candidates from positions in the sentence. */
const RIVAL_ACTS_GLOBAL = new RegExp([...RIVAL_ACTS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
const AGAINST_US_GLOBAL = /(?:和|跟|与|还是)\s*(?:我们|我司|我方|咱们)/g;
const COMPARED_NEAR = new RegExp(`(?:${[...COMPARING].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})[^,，。;；]{1,10}$`);
export function positional(s: string, tokens: Token[], blocked: Blocked[]): Raw[] {
  const out: Raw[] = [];
  const push = (sp: Span | null, score: number, anchoredRight = false, strong = false) => {
    if (!sp) return;
    let t = trimSpan(tokens, sp);
    // "拜访了天成马丽，聊了报价": a person's full name closing the span (a surname and one or two
    // characters, then a break or what a person does) is who was met there, not part of the name.
    if (t) t = withoutPersonTail(s, tokens, t);
    // "拜访了华为技术总监李明": a name that stands on its own loses the department that opens the role.
    if (t && t.to - t.from > 1 && roleStemAt(s, tokens, t.to - 1) && !rejectName(s, tokens, t, anchoredRight, strong)) t = { ...t, to: t.to - 1, end: tokens[t.to - 2].end };
    // A head office named with it ("安踏晋江总部") says it is a company.
    const office = t && t.end < sp.end && /^[\u4e00-\u9fffA-Za-z]*(?:总部|本部|办事处|office|HQ)$/i.test(s.slice(t.end, sp.end)) ? 2 : 0;
    if (t && !rejectName(s, tokens, t, anchoredRight, strong)) out.push({ sp: t, score: score + office });
    // "中联重科泵送事业部": a department named with its company — the company is before it.
    if (t && t.to - t.from > 1 && isDepartmentWord(tokens[t.to - 1].word) && !endsWithOrg(spanText(s, t))) {
      for (let k = t.to - 1; k > t.from + 1; k--) {
        const cut: Span = { from: t.from, to: k, start: t.start, end: tokens[k - 1].end };
        const head = tokens[t.from];
        if ([...head.word].length >= 2 && !head.tag.startsWith('v') && !isCommonWord(head.word) && !rejectName(s, tokens, cut, true, strong)) {
          out.push({ sp: cut, score: score - 2 });
          break;
        }
      }
    }
    // "顺丰华南区手持终端": the company is what comes before its region or branch.
    if (t) {
      for (let k = t.from + 1; k < t.to - 1; k++) {
        const w = tokens[k].word;
        if (!(BRANCH.has(w) || /^(?:华东|华南|华北|华中|西南|西北|东北)区?$/.test(w) || (/区$/.test(w) && w.length <= 4))) continue;
        const cut: Span = { from: t.from, to: k + 1, start: t.start, end: tokens[k].end };
        if (!rejectName(s, tokens, cut, true, strong)) out.push({ sp: cut, score: score - 1 });
        break;
      }
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = t.word;
    const lower = w.toLowerCase();
    // Left anchors: a customer verb (and its particles), a preposition, an English verb in Chinese text.
    const strongVerb = VERBS.has(w) || (/^[a-z]+$/.test(w) && ['call', 'visit', 'meet', 'ping', 'email', 'remind', 'follow', 'demo', 'finish', 'contact'].includes(lower));
    const weakVerb = OBJ_VERBS.has(w);
    if (strongVerb || weakVerb) {
      let k = i + 1;
      while (k < tokens.length && (PARTICLES.has(tokens[k].word) || /^\s+$/.test(tokens[k].word) || (/^[一]?[趟下次]$/.test(tokens[k].word)))) k++;
      const sp = walkRight(s, tokens, k, blocked);
      if (sp) {
        const right = rightEvidence(s, tokens, sp.to, blocked);
        const owner = right === 0 && tokens[skipSpaces(tokens, sp.to, 1)]?.word === '的' ? 1 : 0;
        push(sp, (strongVerb ? 3 : 1) + right + owner, right >= 2);
        // "去了呼和浩特的蒙牛总部": the place is where; the name after its 的 is who.
        const d = skipSpaces(tokens, sp.to, 1);
        if (tokens[d]?.word === '的' && tokens.slice(sp.from, sp.to).every((x) => (PLACE_TAGS.test(x.tag) || PLACES.has(x.word)) && !BRAND_SET.has(x.word))) {
          const there = walkRight(s, tokens, d + 1, blocked);
          if (there) push(there, (strongVerb ? 3 : 1) + rightEvidence(s, tokens, there.to, blocked) + 1, true);
        }
      }
    }
    // Right anchors: 的 + what a customer owns, a person, 那边/两家, a deal word at clause start.
    if (w === '的' || w === '之') {
      const owned = ownedAfter(s, tokens, i + 1, blocked);
      if (owned) {
        const sp = walkLeft(s, tokens, i, blocked, owned >= 3);
        push(sp, owned + (sp && isClauseStart(tokens, sp.from, s) ? 1 : 0), true, owned >= 3);
      }
    }
    // "伊利这个客户…": the rep names it as a customer outright.
    if (RIGHT_AHEAD.test(s.slice(t.start, t.start + 6)) && i > 0 && nameLike(tokens[i - 1])) push(walkLeft(s, tokens, i, blocked), CALLED_CUSTOMER.test(s.slice(t.start, t.start + 6)) ? 5 : 2, true);
    const person = blocked.find((b) => b.kind === 'person' && b.start === t.start);
    if (person && i > 0 && nameLike(tokens[i - 1])) push(walkLeft(s, tokens, i, blocked), 2, true);
    // "中联重科IT负责人陈工": a title written between the company and its person, at the start of a
    // clause (after 见了 it is a part of the place: "见了货站经理Alan", "见了猪场数字化负责人路总").
    else if (person && i > 1) {
      for (let j = Math.max(1, i - 3); j < i; j++) {
        if (!TITLE_PHRASE.test(s.slice(tokens[j].start, t.start)) || !nameLike(tokens[j - 1]) || TITLES.has(tokens[j - 1].word)) continue;
        const sp = walkLeft(s, tokens, j, blocked);
        if (sp && opensClause(s, sp.start)) push(sp, 2, true);
        break;
      }
    }
    if (DEAL.has(w) || STAGE_WORDS().has(w) || /^(?:→|->|=>)$/.test(w) || (i > 0 && TRIP_AFTER.test(s.slice(t.start, t.start + 6)))) {
      const k = skipSpaces(tokens, i - 1, -1);
      const sp = k >= 0 ? walkLeft(s, tokens, k + 1, blocked) : null;
      if (sp && isClauseStart(tokens, sp.from, s)) push(sp, 3, true);
      else if (sp) push(sp, 1);
      // "汇博现在到商务谈判了", "远大已经进入报价阶段": the subject opening the clause, then an adverb
      // and a verb of reaching the stage, before the stage itself.
      if (STAGE_WORDS().has(w)) {
        let j = k;
        while (j > 0 && (STAGE_LEAD.has(tokens[j].word) || /^\s+$/.test(tokens[j].word))) j--;
        const subject = j < k && STAGE_REACH.test(s.slice(tokens[j + 1].start, t.start)) ? walkLeft(s, tokens, j + 1, blocked) : null;
        if (subject && isClauseStart(tokens, subject.from, s)) push(subject, 3, true);
      }
    }
  }
  // A rival by what it does ("东软也来投标了", "远大能源在比较金蝶和我们"; vocab/competitors.ts): the
  // name before it is a candidate, which pickCustomers then files as a competitor, never the customer.
  for (const m of [...s.matchAll(RIVAL_ACTS_GLOBAL), ...[...s.matchAll(AGAINST_US_GLOBAL)].filter((x) => COMPARED_NEAR.test(s.slice(Math.max(0, x.index! - 12), x.index!)))]) {
    const k = skipSpaces(tokens, tokenAt(tokens, m.index!) - 1, -1);
    const sp = k >= 0 ? walkLeft(s, tokens, k + 1, blocked) : null;
    if (sp) push(sp, 3, true);
  }
  // Hot phrases: "三只松鼠🔥 标热点", "红星美凯龙 重点跟进", "X设为热点客户" — the subject before them.
  for (const m of s.matchAll(HOT_GLOBAL)) {
    const lead = /(?:把|将)?\s*$/.exec(s.slice(0, m.index!));
    const k = skipSpaces(tokens, tokenAt(tokens, m.index!) - 1, -1);
    const sp = k >= 0 ? walkLeft(s, tokens, k + 1, blocked) : null;
    if (sp) push(sp, isClauseStart(tokens, sp.from, s) || lead?.[0] ? 3 : 2, true);
  }
  // Topic first, WeCom style: "格力 稳了…", "老乡鸡 今天去合肥总部…", "华住 标hot" — a name, then a space.
  const first = /^([^\s,，:：]{2,12})\s+\S/.exec(s);
  if (first && CJK.test(first[1])) {
    const end = tokenAt(tokens, first[1].length);
    const sp = walkRight(s, tokens, 0, blocked);
    if (sp && sp.to === end) push(sp, 2);
  }
  // A list announced by its count ("和两家客户开了会：A…；B…", "跑了三家：…"): each item opens with its
  // customer, whatever follows the name (a brand with no verb after it is still who the item is about).
  const list = LIST_HEAD.exec(s);
  if (list) {
    const from = list.index + list[0].length;
    // Items end at a semicolon or a new line; with none, at a comma when the commas cut exactly as
    // many items as the heading counts ("约了两个客户：海天明天上午，李锦记周五下午").
    const rest = s.slice(from);
    const count = COUNT_OF[/[两二三四五六七八九十]|two|three|four|five/i.exec(list[0])?.[0].toLowerCase() ?? ''];
    const commas = [...rest.replace(/[。.!！\s]+$/, '').matchAll(/[,，]/g)];
    const cuts = /[;；\n]/.test(rest) || !count || commas.length + 1 !== count ? [...rest.matchAll(/[;；\n]/g)] : commas;
    const starts = [from, ...cuts.map((m) => from + m.index! + 1)];
    for (const at of starts) {
      let k = skipSpaces(tokens, tokenAt(tokens, at), 1);
      // "…；上午美的暖通孙经理…", "…；中午和格力吃了饭": the item's time and a preposition come before its customer.
      while (k >= 0 && k < tokens.length - 1 && (isBlockedAt(blocked, tokens[k].start, tokens[k].end)?.kind === 'time' || /^(?:和|跟|与|同|在|去|到)$/.test(tokens[k].word) || /^\s+$/.test(tokens[k].word))) k++;
      if (k >= 0 && k < tokens.length && tokens[k].start >= at) push(walkRight(s, tokens, k, blocked), 5);
    }
  }
  // "刚从迈瑞出来": where the rep just came out of.
  for (const m of s.matchAll(/从\s*(?=[^,，。;；\s]{2,14}?出来)/g)) {
    const k = tokenAt(tokens, m.index! + m[0].length);
    const sp = walkRight(s, tokens, k, blocked);
    if (sp && /^\s*出来/.test(s.slice(sp.end))) push(sp, 3, true);
  }
  // Labels: "客户：中联重科", "标热点：宁德时代"; and the rep calling it a customer right before its
  // name: "拜访了新客户北斗导航", "新客户星瀚航电，约了下周见面".
  for (const m of [...s.matchAll(LABEL_RE), ...s.matchAll(CALLED_NEW)]) {
    const i = tokenAt(tokens, m.index! + m[0].length);
    push(walkRight(s, tokens, i, blocked), 5);
  }
  // Organisation words: walk left from each (a chain such as 中国人寿江苏分公司 is one name).
  for (let i = 0; i < tokens.length; i++) {
    // A branch word (总部, 工厂, 分行) only extends an organisation's name; it does not make one.
    if (!isOrgToken(tokens[i]) || BRANCH.has(tokens[i].word)) continue;
    // "华为技术总监": 技术 opens the role, the company is before it.
    if (weakOrg(tokens[i].word) && roleStemAt(s, tokens, i)) {
      const sp = walkLeft(s, tokens, i, blocked);
      if (sp && opensClause(s, sp.start)) push(sp, 2, true);
      continue;
    }
    let end = i + 1;
    while (end < tokens.length && (ORG_ZH.has(tokens[end].word) || (PLACE_TAGS.test(tokens[end].tag) && ORG_ZH.has(tokens[end + 1]?.word ?? ''))) && !(weakOrg(tokens[end].word) && roleStemAt(s, tokens, end))) end++;
    const whole = tokens[i].word.length > 2 && !ORG_ZH.has(tokens[i].word); // 招商银行, 中国联通: one token
    // "数据接口", "技术负责人": a word that is also an ordinary noun continues into another noun.
    const after = tokens[end];
    const dealNext = after && (DEAL.has(after.word) || STAGE_WORDS().has(after.word) || /^(?:需求|那边|这边|这单|那单)/.test(s.slice(after.start, after.start + 2)));
    if (weakOrg(tokens[end - 1].word) && after && !dealNext && nameLike(after) && CJK.test(after.word) && !ORG_ZH.has(after.word) && after.word.length > 1 && !DEPT_RE.test(after.word) && !reachesDepartment(s, tokens, end)) continue;
    const sp = walkLeft(s, tokens, i, blocked, false, true) ?? (whole ? { from: i, to: i, start: tokens[i].start, end: tokens[i].start } : null);
    // "拜访了东方希望集团", "东方希望集团采购部王经理": an everyday verb inside a brand (希望, 需要) only
    // stays in the name when something anchors the whole as a customer — a visiting verb before
    // it, or its department or person after it ("宝钢需要集团审批" stays 宝钢).
    const stop = (sp ? sp.from : i) - 1;
    const verbIn = tokens[stop];
    // (A verb of visiting or contact — 拜访, 约见 — is what the rep did there, never inside a brand.)
    if (verbIn && stop > 0 && COMMON_V.has(verbIn.word) && !VERBS.has(verbIn.word) && [...verbIn.word].length === 2 && CJK.test(verbIn.word) && !isBlockedAt(blocked, verbIn.start, verbIn.end)) {
      // (南方/东方/西部 — a direction opening a brand — count as name words here.)
      let from = stop;
      while (from > 0 && (nameLike(tokens[from - 1]) || (/^(?:f|s)$/.test(tokens[from - 1].tag) && [...tokens[from - 1].word].length >= 2)) && !isBlockedAt(blocked, tokens[from - 1].start, tokens[from - 1].end)) from--;
      const head = from < stop ? { from, to: stop, start: tokens[from].start, end: tokens[stop - 1].end } : null;
      const before = head ? skipSpaces(tokens, head.from - 1, -1) : -1;
      const leftVerb = before >= 0 && (VERBS.has(tokens[before].word) || (PARTICLES.has(tokens[before].word) && VERBS.has(tokens[skipSpaces(tokens, before - 1, -1)]?.word ?? '')));
      if (head && tokens.slice(head.from, stop).every((x) => [...x.word].length >= 2 || head.to - head.from >= 2) && (leftVerb || rightEvidence(s, tokens, end, blocked) >= 2)) {
        // Pushed as it is: trimming would take the verb (and a direction word) off its edge again.
        const whole: Span = { from: head.from, to: end, start: head.start, end: tokens[end - 1].end };
        if (!rejectName(s, tokens, whole, true)) out.push({ sp: whole, score: (weakOrg(tokens[end - 1].word) ? 1 : 4) + rightEvidence(s, tokens, end, blocked) });
        i = end - 1;
        continue;
      }
    }
    if (!sp) continue;
    const full: Span = { from: sp.from, to: end, start: sp.start, end: tokens[end - 1].end };
    // A word that is also an ordinary noun (技术, 设备, 医疗) is weaker evidence than 银行 or 集团.
    const base = weakOrg(tokens[end - 1].word) ? 1 : 4;
    if (endsWithOrg(s.slice(full.start, full.end)) || tokens[i].tag === 'nt') push(full, base + rightEvidence(s, tokens, end, blocked), true);
    i = end - 1;
  }
  return out;
}

const TITLE_AHEAD = new RegExp(`^(?:(?:${DEPARTMENT_STEMS.map(escapeRegExp).join('|')})(?:${DEPARTMENT_SUFFIXES.map(escapeRegExp).join('|')})?)?\\s*(?:${[...TITLES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`, 'i');
const TITLE_PHRASE = new RegExp(`^${TITLE_AHEAD.source.slice(1)}\\s*$`, 'i');
const DEPT_AHEAD = new RegExp(`^(?:[A-Za-z]{1,15}\\s?|(?![见去到和跟与给在是了的说要把对向])[\\u4e00-\\u9fff]{1,4}?)(?:${DEPARTMENT_SUFFIXES.map(escapeRegExp).join('|')})(?![\\u4e00-\\u9fff]{0,1}(?:长|主任|经理))|^(?:${DEPARTMENT_STEMS.map(escapeRegExp).join('|')})(?:${DEPARTMENT_SUFFIXES.map(escapeRegExp).join('|')})`);
const DEAL_OBJECT = /^(?:资料|材料|文档|清单|问题|技术问题|项目|单子|商机|订单|金额|预算|阶段|预计金额|成交日期|签约时间|报价|报价单|合同|合同条款|方案|样品|标书|招标|投标|二期|三期|款|尾款|首付款|回款|发票|评审会|进度|账期|proposal|deck|quote|contract|PO|RFP|demo|pilot|deal|renewal)/i;

/** After 的 (token `i` on): 3 for a person, title or department, 2 for a deal object, else 0. */
function ownedAfter(s: string, tokens: Token[], i: number, blocked: Blocked[]): number {
  const k = skipSpaces(tokens, i, 1);
  const t = tokens[k];
  if (!t) return 0;
  if (blocked.some((b) => b.kind === 'person' && b.start === t.start)) return 3;
  const rest = s.slice(t.start, t.start + 12);
  if (TITLE_AHEAD.test(rest) || DEPT_AHEAD.test(rest)) return 3;
  if (DEAL_OBJECT.test(rest) || /^(?:人(?!的|$|,|，)|团队|同事|员工|领导|老板)/.test(rest)) return 2;
  // "国泰君安的年度复盘材料", "楚天激光的tech clarification", "ABB的quotation": a deliverable of theirs.
  const phrase = /^[^\s,，。;；!?！？]{1,12}/.exec(rest)?.[0] ?? '';
  if (/(?:材料|资料|方案|报价单?|合同|清单|样品|样机|标书|订单|复盘|review|quotation|quote|proposal|deck|clarification|contract|rfq|rfp|po|demo|poc|nda|msa|sow)$/i.test(phrase) || /^[a-z]/i.test(phrase)) return 2;
  return 0;
}

function walkStart(s: string, tokens: Token[], i: number, blocked: Blocked[]): number {
  return walkLeft(s, tokens, i, blocked)?.from ?? i;
}

/**
 * Evidence from what follows a name: 的 + person/department, a person or department right
 * after (X采购的小姜, X信息部), 那边, a deal or hot word, or a verb of talking to someone
 * ("给安克创新发NDA", "和X开会").
 */
function rightEvidence(s: string, tokens: Token[], to: number, blocked: Blocked[]): number {
  const k = skipSpaces(tokens, to, 1);
  const t = tokens[k];
  if (!t) return 0;
  if (blocked.some((b) => b.kind === 'person' && b.start === t.start)) return 2;
  if (t.word === '的') return Math.min(2, ownedAfter(s, tokens, k + 1, blocked));
  if (RIGHT_AHEAD.test(s.slice(t.start, t.start + 6)) || DEPT_FULL.test(t.word)) return 2;
  const rest = s.slice(t.start, t.start + 12);
  if (TITLE_AHEAD.test(rest) || DEPT_AHEAD.test(rest) || HOT_AT.test(rest) || DEAL.has(t.word)) return 2;
  if (COMM_VERB.test(rest)) return 2;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// English.

const EN_NAME_RUN = /(?<![A-Za-z'])([A-Z][\w&'-]*(?:\.(?=\w))?(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z][\w&'-]*(?:\.(?=\w))?){0,4})/g;
const EN_VERB_BEFORE = new RegExp(`(?:^|[^A-Za-z])(?:${[...CUSTOMER_VERBS_EN].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\\s+(?:the\\s+)?$`, 'i');
const EN_OWNED_AFTER = /^(?:'s?|’s?)?\s+(?:deal|account|opportunity|opp|renewal|contract|PO|team|ops|CTO|CEO|CIO|CFO|principal|folks|people|office|procurement|IT|engineering|facilities|project|pilot|POC|stage)\b|^(?:'s|’s|')\s/i;

// (…also with an adverb between: "Brightwave has signed", "Acme finally closed".)
const EN_DEAL_AFTER = new RegExp(`^\\s+(?:(?:has|have|just|finally|officially|already)\\s+)*(?:${[...DEAL_EN].join('|')})\\b`, 'i');

const EN_LEAD_VERB = /^(?:[A-Z][a-z]+ed|Rang|Met|Saw|Went|Sent|Got|Had|Set|Send|Call|Visit|Ping|Email|Meet|Lost|Won|Popped|Dropped|Spoke|Talked|Caught|Flag|Mark|Quick|Recap|Update|Note|FYI|Re)$/;

function english(s: string, blocked: Blocked[]): Raw[] {
  const out: Raw[] = [];
  if (!/[A-Z]/.test(s)) return out;
  for (const m of s.matchAll(EN_NAME_RUN)) {
    let words = m[1].split(/\s+/);
    let start = m.index!;
    // "Pembroke Foods' Leeds site": the owner ends at the possessive.
    const poss = words.findIndex((w) => /['’]s?$/.test(w));
    if (poss >= 0) words = words.slice(0, poss + 1);
    // Strip sentence-initial verbs and tools ("Visited", "Flag", "Had", "Teams").
    while (words.length && (NOT_ORG.has(words[0].replace(/[.,]$/, '')) || EN_LEAD_VERB.test(words[0]) || /^(?:and|of|&)$/i.test(words[0]))) {
      start = s.indexOf(words[1] ?? '', start + words[0].length);
      words = words.slice(1);
    }
    // Trailing tool names, joiners and stray capitals ("… Group S$26,500": S is the currency).
    while (words.length && (NOT_ORG.has(words[words.length - 1].replace(/['’]s?$|[.,]$/, '')) || /^(?:and|of|&|[A-Z])$/i.test(words[words.length - 1]))) words = words.slice(0, -1);
    if (!words.length || start < 0) continue;
    // "Northwind Logistics and Mei": a person found first ends the name before the joiner.
    const person = blocked.find((b) => b.kind === 'person' && b.start > start && b.start < start + words.join(' ').length);
    if (person) {
      words = s.slice(start, person.start).trim().split(/\s+/);
      while (words.length && /^(?:and|of|&)$/i.test(words[words.length - 1])) words = words.slice(0, -1);
      if (!words.length) continue;
    }
    let name = words.join(' ').replace(/['’]s?$/, '').replace(/[.,]$/, '');
    if (GIVEN.has(words[0]) && !endsWithOrg(name)) continue;
    if (words.every((w) => /^[A-Z]{2,5}s?$/.test(w)) && !endsWithOrg(name) && words.length === 1 && /^(?:NDA|API|ERP|CRM|PO|MES|LMS|RFP|POC|IT|HR|VP|CEO|CTO)$/.test(words[0])) continue;
    const end = start + name.length;
    if (isBlockedAt(blocked, start, end)) continue;
    const before = s.slice(Math.max(0, start - 24), start);
    // "send the MSA to…", "our NDA": an abbreviation after an article is a document, not a company.
    if (words.length === 1 && /^[A-Z]{2,5}s?$/.test(words[0]) && /(?:^|\s)(?:the|a|an|our|their|your|this|that)\s+$/i.test(before)) continue;
    // "Lenovo北京", "Nike上海office的Jerry": a brand, then where (its office there).
    const place = CJK.test(s.slice(end, end + 1)) ? placeAt(s, end) : 0;
    if (CJK.test(s.slice(end, end + 1)) && CJK.test(s) && !place) continue; // mixed text: the Chinese rules handle "Airbnb中国"
    const after = s.slice(end + place, end + place + 24).replace(/^\s*(?:office|分公司|办公室|办事处|总部|团队)\s*/i, '');
    let score = place ? 2 : 0;
    if (endsWithOrg(name)) score += 4;
    if (EN_VERB_BEFORE.test(before) || /(?:跟|和|与|给|拜访了?|去了|见了|约了|联系了?)\s*$/.test(before)) score += 3;
    if (place && /^\s*的/.test(after)) score += 2;
    if (EN_OWNED_AFTER.test(after) || EN_DEAL_AFTER.test(after) || /^['’]s?(?![a-z])/.test(s.slice(end, end + 2))) score += 3;
    if (/^\s*$/.test(before) || /[.;:\n]\s*$/.test(before)) score += endsWithOrg(name) ? 3 : 1;
    if (score < 3) continue;
    name = clip(name, 200);
    out.push({ sp: { start, end, from: -1, to: -1 }, score });
  }
  return out;
}

/** Length of the city or region name starting at `at` (北京, 上海), or 0. */
function placeAt(s: string, at: number): number {
  for (let n = 4; n >= 2; n--) if (PLACES.has(s.slice(at, at + n))) return n;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Known customers: the sender's own list wins, also by a short form (立讯 for 立讯精密).

const CORE_STRIP = new RegExp(`(?:${ORG_ZH_SORTED.map(escapeRegExp).join('|')})+$`);

const coreMemo = new Map<string, string>();

/** "方舟电子科技有限公司" → "方舟电子科技"… → "方舟": the part people say. */
export function coreName(name: string): string {
  const hit = coreMemo.get(name);
  if (hit !== undefined) return hit;
  if (coreMemo.size > 20000) coreMemo.clear();
  const core = computeCore(name);
  coreMemo.set(name, core);
  return core;
}

function computeCore(name: string): string {
  // "Northwind Traders", "Acme Robotics Inc.": the brand before the organisation words (latinCore).
  if (/^[A-Za-z]/.test(name)) {
    const core = latinCore(name);
    return core ? name.trim().slice(0, core.length) : name;
  }
  let core = name.replace(/(?:股份有限公司|有限责任公司|有限公司|集团|公司)$/, '');
  const stripped = core.replace(CORE_STRIP, '');
  if ([...stripped].length >= 2) core = stripped;
  return core;
}

// Generic legal-form words: "方舟公司" may still be 方舟电子; "方舟科技" is another company.
const LEGAL_FORM = new Set(['公司', '集团', '有限公司', '股份有限公司', '有限责任公司', '总公司']);

/**
 * The sender's customers the message names: by full name, or by its short form ("方舟" for
 * 方舟电子) when that stands on its own. A short form followed by another industry word
 * ("方舟科技", "金桥物流") is a different company; a short form two customers share ("金桥" for
 * 金桥建材 and 金桥物流) names neither for sure: it is reported as `ambiguous`, typed as written.
 */
function knownMatches(s: string, known: string[]): Array<Found & { known: string; ambiguous?: boolean }> {
  const lower = s.toLowerCase();
  const out: Array<Found & { known: string; ambiguous?: boolean }> = [];
  const byCore = new Map<string, Array<Found & { known: string }>>();
  for (const { name, full, core } of knownForms(known, lower)) {
    const i = lower.indexOf(full);
    if (i >= 0) {
      out.push({ name, known: name, start: i, end: i + name.length });
      continue;
    }
    if (!core) continue;
    const at = coreAt(s, lower, core, name);
    if (at < 0) continue;
    const key = `${at}:${core.length}`;
    byCore.set(key, [...(byCore.get(key) ?? []), { name, known: name, start: at, end: at + core.length }]);
  }
  for (const hits of byCore.values()) {
    // A full-name mention elsewhere in the message settles which one it is.
    const named = hits.filter((h) => out.some((o) => o.known === h.known));
    if (named.length) continue;
    // "今天见了恒通物流和方舟电子……恒通比较急" (the rep has 恒通制造): the short form is that of
    // the other company the message names in full, never silently their customer of that form.
    if (hits.every((h) => namesOtherWithCore(s, lower, lower.slice(h.start, h.end), h.known))) continue;
    if (hits.length === 1) out.push(hits[0]);
    else {
      const typed = s.slice(hits[0].start, hits[0].end);
      out.push({ name: typed, known: typed, start: hits[0].start, end: hits[0].end, ambiguous: true });
    }
  }
  return out;
}

type KnownForm = { name: string; full: string; core: string | null };
// Per name too: a rep's list is read afresh after each change to it (a new array with nearly the
// same names), and every list of every rep goes through here. Bounded; the oldest go first.
const FORM_OF_NAME = new Map<string, KnownForm>();
const MAX_FORMS = 50_000;

function formOf(name: string): KnownForm {
  let f = FORM_OF_NAME.get(name);
  if (!f) {
    const full = name.toLowerCase();
    const core = /^[A-Za-z]/.test(name) ? latinCore(name) : coreName(name).toLowerCase();
    f = { name, full, core: [...core].length < 2 || core === full ? null : core };
    FORM_OF_NAME.set(name, f);
    if (FORM_OF_NAME.size > MAX_FORMS) FORM_OF_NAME.delete(FORM_OF_NAME.keys().next().value as string);
  }
  return f;
}

/**
 * The known customers' names, lower-cased, with their short forms (null when none), that can be
 * in the message `lower` at all: a short form is the start of its name (coreName strips from the
 * end), so a name whose first character is not in the message is passed over without working out
 * its forms — at start-up, a rep's list of up to 500 names would cost its first message that.
 */
function knownForms(known: string[], lower: string): KnownForm[] {
  let names = trimmedOf.get(known);
  if (!names) trimmedOf.set(known, (names = known.map((k) => k?.trim()).filter((name): name is string => Boolean(name))));
  const out: KnownForm[] = [];
  for (const name of names) if (lower.includes(name[0].toLowerCase())) out.push(formOf(name));
  return out;
}
const trimmedOf = new WeakMap<string[], string[]>();

/**
 * "Brightwave Analytics" → "brightwave", "Northwind Ltd" → "northwind": an English name without
 * its trailing organisation words, when that leaves a word of four letters or more; else ''.
 */
function latinCore(name: string): string {
  const words = name.trim().split(/\s+/);
  let n = words.length;
  const orgWord = (w: string) => ORG_EN_LOWER.has(w) || ORG_EN_LOWER.has(w.replace(/ies$/, 'y')) || ORG_EN_LOWER.has(w.replace(/s$/, ''));
  while (n > 1 && (orgWord(words[n - 1].replace(/[.,]+$/, '').toLowerCase()) || /^(?:&|and|of)$/i.test(words[n - 1]))) n--;
  const core = words.slice(0, n).join(' ');
  return n < words.length && core.replace(/[^A-Za-z]/g, '').length >= 4 ? core.toLowerCase() : '';
}

/** Where the short form `core` of known customer `name` stands on its own in the message, or -1. */
function coreAt(s: string, lower: string, core: string, name: string): number {
  for (let i = lower.indexOf(core); i >= 0; i = lower.indexOf(core, i + 1)) {
    const next = s.slice(i + core.length);
    // "方舟" in "方舟电子" of another company (English: "Acme" in "Acmex").
    if (/^[A-Za-z]/.test(core) && /^[A-Za-z]/.test(next)) continue;
    if (/^[A-Za-z]/.test(core)) {
      // An English short form is a capitalised word of its own ("the Brightwave budget"), and
      // "Brightwave Labs" is another company than Brightwave Analytics.
      if (/[A-Za-z]$/.test(s.slice(0, i)) || !/^[A-Z]/.test(s[i])) continue;
      const word = /^\s+([A-Za-z]+)/.exec(next)?.[1]?.toLowerCase();
      if (word && ORG_EN_LOWER.has(word) && !name.toLowerCase().includes(word)) continue;
      return i;
    }
    const org = ORG_ZH_SORTED.find((w) => next.startsWith(w));
    if (org && !LEGAL_FORM.has(org) && !name.endsWith(org) && !name.includes(org)) continue;
    return i;
  }
  return -1;
}

/**
 * Does the message name another company by the short form `core` of known customer `name` followed
 * by an industry word of its own ("恒通物流" when the customer is 恒通制造)?
 */
function namesOtherWithCore(s: string, lower: string, core: string, name: string): boolean {
  for (let i = lower.indexOf(core); i >= 0; i = lower.indexOf(core, i + 1)) {
    const next = s.slice(i + core.length);
    if (/^[A-Za-z]/.test(core)) {
      // "Brightwave Logistics" when the customer is Brightwave Analytics.
      const word = /^\s+([A-Za-z]+)/.exec(next)?.[1]?.toLowerCase();
      if (word && ORG_EN_LOWER.has(word) && !name.toLowerCase().includes(word)) return true;
      continue;
    }
    const org = ORG_ZH_SORTED.find((w) => next.startsWith(w));
    if (org && !LEGAL_FORM.has(org) && !name.endsWith(org) && !name.includes(org)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

// One company said two ways: one name inside the other (立讯 / 立讯精密), or the same short form
// where one adds only a legal form (方舟公司 / 方舟电子). Two different industry words after the
// same short form are two companies (华星科技 / 华星软件 — often a group and its subsidiary).
const LEGAL_ONLY = /^(?:股份有限公司|有限责任公司|有限公司|集团|公司|总公司)*$/;
const SAME = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y || x.includes(y) || y.includes(x)) return true;
  const cx = coreName(a).toLowerCase();
  const cy = coreName(b).toLowerCase();
  if ([...cx].length < 2 || cx !== cy) return false;
  return LEGAL_ONLY.test(x.slice(cx.length)) || LEGAL_ONLY.test(y.slice(cy.length));
};

const recent: Array<{ key: string; known: string[]; out: CustomerCandidate[] }> = [];

/**
 * Every customer the message names, best evidence first, one entry per company (its other
 * mentions in `mentions`). `blocked`: people, times and amounts already found (by default, those
 * the message itself has).
 */
export function findCustomers(s: string, known: string[] = [], blocked?: Blocked[]): CustomerCandidate[] {
  // The query rules and the record rules ask about the same message: answer twice from one pass.
  const key = `${s}\u0000${blocked ? blocked.map((b) => `${b.kind}${b.start}-${b.end}`).join(',') : '*'}`;
  let hit = recent.find((r) => r.key === key && (r.known === known || (!r.known.length && !known.length)));
  if (!hit) {
    hit = { key, known, out: computeCustomers(s, known, blocked ?? defaultBlocked(s)) };
    recent.unshift(hit);
    if (recent.length > 4) recent.pop();
  }
  return hit.out.map((c) => ({ ...c, mentions: [...c.mentions] }));
}

// "华岭光电和丰源食品都约了…": two companies joined by 和/与/及/跟/同 are two names — also where the
// segmenter glued the conjunction to the next word (和丰) and the walk left ran through it. Split
// only where each side is a whole company name on its own (a brand of two or more characters and
// an organisation word), so 协和医院, 润和置业 or 中国银行和平支行 stay whole.
const JOINS = new Set(['和', '与', '及', '跟', '同']);
function splitJoined(s: string, start: number, end: number): Array<{ start: number; end: number }> {
  for (let j = start + 3; j < end - 2; j++) {
    if (!JOINS.has(s[j])) continue;
    if (endsWithOrg(s.slice(start, j), true) && endsWithOrg(s.slice(j + 1, end), true)) return [{ start, end: j }, ...splitJoined(s, j + 1, end)];
  }
  return [{ start, end }];
}

function computeCustomers(s: string, known: string[], blocked: Blocked[]): CustomerCandidate[] {
  const tokens = tokenize(s);
  const raws: Array<{ name: string; start: number; end: number; score: number; known?: boolean }> = [];
  for (const k of knownMatches(s, known)) raws.push({ name: k.known, start: k.start, end: k.end, score: k.ambiguous ? 8 : 10, known: !k.ambiguous });
  for (const r of [...positional(s, tokens, blocked), ...english(s, blocked)]) {
    for (const sp of splitJoined(s, r.sp.start, r.sp.end)) {
      const name = s.slice(sp.start, sp.end).trim();
      raws.push({ name, start: sp.start, end: sp.end, score: r.score + (endsWithOrg(name) && r.score < 4 ? 2 : 0) });
    }
  }
  // "Lisa (Brightwave)", "刘兵（方舟电子）": a company's name in brackets right after a person's is whose
  // person it is — a clear customer (a title in brackets, "Lisa (CTO)", is no company).
  for (const m of s.matchAll(BRACKETED_ORG)) {
    const name = m[1].trim();
    if (BRACKET_TITLE.test(name)) continue;
    const start = m.index! + m[0].indexOf(name);
    if (!raws.some((r) => r.start === start && r.end === start + name.length)) raws.push({ name, start, end: start + name.length, score: 6 });
  }
  // "朋友公司启明星教育": a description said before the name is no part of it; when only the
  // description was taken, the company's name right after it is the candidate.
  for (const r of raws) {
    if (r.known) continue;
    // "Northwind Labs CTO Priya Shah": a job title after an English name is the person's.
    const titled = EN_TITLE_END.exec(r.name);
    if (titled && titled.index > 0) {
      r.name = r.name.slice(0, titled.index).trim();
      r.end = r.start + r.name.length;
      continue;
    }
    // (…or begins inside it: 朋友的|公司鼎丰食品.)
    const inside = DESCRIPTORS_SORTED.map((x) => ({ x, at: s.lastIndexOf(x, r.start) })).find(({ x, at }) => at >= 0 && at < r.start && at + x.length > r.start && at + x.length < r.end);
    if (inside) {
      r.start = inside.at + inside.x.length;
      r.name = s.slice(r.start, r.end).replace(/^的/, '');
      r.start = r.end - r.name.length;
      continue;
    }
    // (…also when the name taken is only the start of the description: 朋友|的公司.)
    const d = DESCRIPTORS_SORTED.find((x) => s.startsWith(x, r.start) && x.length >= r.name.length) ?? DESCRIPTORS_SORTED.find((x) => r.name.startsWith(x));
    if (!d) continue;
    if (d.length > r.name.length) {
      r.end = r.start + d.length;
      r.name = d;
    }
    const rest = r.name.slice(d.length).replace(/^的/, '');
    if ([...rest].length >= 2) {
      r.start = r.end - rest.length;
      r.name = rest;
      continue;
    }
    if (rest) continue;
    const after = s.slice(r.end, r.end + 14);
    for (let len = Math.min(12, after.length); len >= 3; len--) {
      const name = after.slice(0, len);
      if (/^[\u4e00-\u9fffA-Za-z]+$/.test(name) && endsWithOrg(name) && !blocked.some((b) => b.start < r.end + len && b.end > r.end)) {
        r.start = r.end;
        r.end = r.end + len;
        r.name = name;
        break;
      }
    }
  }
  // The same span found several ways adds up; overlapping spans keep the better-supported one.
  const bySpan = new Map<string, (typeof raws)[number]>();
  for (const r of raws) {
    const key = `${r.start}:${r.end}`;
    const prev = bySpan.get(key);
    if (!prev) bySpan.set(key, { ...r });
    else {
      prev.score = Math.max(prev.score, r.score) + 1;
      prev.known ||= r.known;
    }
  }
  const spans = [...bySpan.values()].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
  const kept: typeof spans = [];
  for (const r of spans) {
    const clash = kept.find((k) => r.start < k.end && r.end > k.start);
    if (clash) {
      // A longer name that contains a known or shorter one ("方舟电子科技" vs "方舟电子") is more specific.
      if (!clash.known && r.start <= clash.start && r.end >= clash.end && r.score >= clash.score - 1 && !r.known) {
        clash.score = Math.max(clash.score, r.score);
      }
      continue;
    }
    kept.push(r);
  }
  // One entry per company: 立讯 and 立讯精密 are one.
  const groups: CustomerCandidate[] = [];
  for (const r of kept.sort((a, b) => a.start - b.start)) {
    const g = groups.find((x) => SAME(x.name, r.name));
    if (g) {
      g.mentions.push({ start: r.start, end: r.end });
      if ((r.known && g.evidence !== 'known') || (!g.evidence.startsWith('known') && r.name.length > g.name.length && !r.known && g.evidence !== 'known')) {
        if (r.known) g.evidence = 'known';
        g.name = r.known ? r.name : r.name;
      }
      g.score = Math.max(g.score, r.score) + 1;
      continue;
    }
    groups.push({ name: clip(r.name, 200), start: r.start, end: r.end, score: r.score, evidence: r.known ? 'known' : 'clear', mentions: [{ start: r.start, end: r.end }] });
  }
  for (const g of groups) {
    if (g.evidence !== 'known') g.evidence = g.score >= 5 || endsWithOrg(g.name) ? 'clear' : 'weak';
  }
  // "设备改造签了18万", "系统升级定了": a weak guess that is an everyday thing and an action (设备 +
  // 改造) is what was done, not who. (A brand that is one everyday word — 联想, 理想 — stays.)
  const everyday = (name: string) => {
    if (!/^[\u4e00-\u9fff]+$/.test(name) || BRAND_SET.has(name)) return false;
    const words = tokenize(name);
    return words.length >= 2 && /^v/.test(words[words.length - 1].tag) && isCommonWord(words[words.length - 1].word) && words.every((t) => [...t.word].length >= 2 && isDictionaryWord(t.word) && !PROPER_TAG.test(t.tag));
  };
  // "报价单发给吴工", "技术方案和资料带过去": a weak guess made of a thing we send ends in one.
  const paper = (name: string) => {
    const words = tokenize(name).filter((t) => t.word.trim());
    return words.length > 0 && PAPERS.has(words[words.length - 1].word.toLowerCase()) && words.every((t) => isDictionaryWord(t.word) && !PROPER_TAG.test(t.tag));
  };
  // "…带给马经理": a weak guess that is one verb of the dictionary (带给, 转交) is the action —
  // unless something is said to be its own ("联想的Tina": a brand that is an everyday verb).
  const verb = (name: string, end: number) => {
    if (BRAND_SET.has(name) || /^\s*的/.test(s.slice(end))) return false;
    const words = tokenize(name).filter((t) => t.word.trim());
    return words.length === 1 && /^v/.test(words[0].tag) && words[0].tag !== 'vn' && isDictionaryWord(words[0].word);
  };
  return groups.filter((g) => g.score >= 2 && !(g.evidence === 'weak' && (everyday(g.name) || paper(g.name) || verb(g.name, g.end)))).sort((a, b) => b.score - a.score || a.start - b.start);
}

/** People, times and amounts of `s`, for callers that have not found them already. */
export function defaultBlocked(s: string): Blocked[] {
  return [
    ...findMentions(s).map((m) => ({ start: m.start, end: m.end, kind: 'person' as const })),
    ...findTimeExprs(s).map((t) => ({ start: t.start, end: t.end, kind: 'time' as const })),
    ...findAmounts(s).map((a) => ({ start: a.start, end: a.end, kind: 'amount' as const })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The older single-answer helpers, used by corrections and queries.

export function findKnownCustomer(s: string, known: string[] | undefined): Found | null {
  const hits = knownMatches(s, known ?? []);
  hits.sort((a, b) => b.known.length - a.known.length);
  return hits[0] ? { name: hits[0].known, start: hits[0].start, end: hits[0].end } : null;
}

/** Names that end in an organisation word (Chinese or English), in text order. */
export function findSuffixCustomers(s: string): Found[] {
  return findCustomers(s)
    .filter((c) => endsWithOrg(c.name))
    .map(({ name, start, end }) => ({ name, start, end }))
    .sort((a, b) => a.start - b.start);
}

export function findCustomer(s: string, known: string[] | undefined): Found | null {
  const best = findCustomers(s, known ?? [])[0];
  return best ? { name: best.name, start: best.start, end: best.end } : null;
}

/** English names without an organisation word: "signed Acme for 400k", "customer Acme". */
export function findEnglishCustomerLoose(s: string): Found | null {
  const m = /(?<![A-Za-z])(?:visited|signed|customer|client|account|at|from|with|for)\s+([A-Z][\w&'-]+(?:\s+[A-Z][\w&'-]+){0,2})/.exec(s);
  if (!m) return null;
  const words = m[1].split(/\s+/);
  while (words.length && NOT_ORG.has(words[words.length - 1])) words.pop();
  if (!words.length || NOT_ORG.has(words[0]) || GIVEN.has(words[0])) return null;
  const name = words.join(' ');
  const start = m.index + m[0].indexOf(name);
  return { name, start, end: start + name.length };
}

// ---------------------------------------------------------------------------------------------
// One customer, several, or none.

// The company right before one of these is the parent of another named in the message; right
// after 母公司/总公司 likewise.
const PARENT_AFTER = /^\s*(?:的)?\s*(?:(?:全资|控股)?子公司|孙公司|旗下|下属|控股的|关联公司)/;
const PARENT_BEFORE = /(?:母公司|总公司|上级单位|集团总部)\s*(?:是|叫)?\s*$/;

// Between two mentions: a sentence break, or a comma followed by a new time of day or a "then".
const SENTENCE_BREAK = /[；;。！!？?\n]|[，,]\s*(?:上午|下午|中午|晚上|傍晚|早上|然后|之后|接着|随后|回来路上|回头)(?:又|再)?\s*(?:去|到|跑|拜访|见|约|给|跟|和|打)/;

/** Is `b` named in another sentence than every mention of `a`? */
function ownSentence(s: string, a: CustomerCandidate, b: CustomerCandidate): boolean {
  return a.mentions.every((m) => {
    const [from, to] = m.start < b.start ? [m.end, b.start] : [b.end, m.start];
    return SENTENCE_BREAK.test(s.slice(from, to));
  });
}

function isParentMention(s: string, c: CustomerCandidate): boolean {
  return c.mentions.every((m) => PARENT_AFTER.test(s.slice(m.end, m.end + 8)) || PARENT_BEFORE.test(s.slice(Math.max(0, m.start - 8), m.start)));
}

const altOf = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
const COMPETITOR_BEFORE = new RegExp(`(?:${COMPETITOR_WORDS.filter((w) => /[\u4e00-\u9fff]/.test(w)).map(escapeRegExp).join('|')}|(?<![a-z])(?:${COMPETITOR_WORDS.filter((w) => !/[\u4e00-\u9fff]/.test(w)).map(escapeRegExp).join('|')})(?![a-z]))[^,，。;；.!?！？]{0,10}$`, 'i');
// "他们也在看用友的方案": the customer also looking at a vendor — the verb may have been taken into the name.
const ALSO_LOOKING = new RegExp(`(?:也|还|同时|另外|又)(?:在|有)?\\s*(${altOf(ALSO_CONSIDERING)})?\\s*$`);
const ALSO_VERB_START = new RegExp(`^(?:${altOf(ALSO_CONSIDERING)})`);
// "用友的小王也在", "浪潮的人也在": its people there too.
// (Only its people, to the end of the clause: "华信科技也在用我们的系统" is no rival being there.)
const PRESENT_AFTER = new RegExp(`^\\s*(?:那边)?的\\s*[^,，。;；\\s]{1,6}?\\s*(?:${altOf(PRESENT_TOO)})\\s*(?:[,，。;；!！?？]|$)`);

// "东软也来投标了", "金蝶在跟我们抢这个单": the company itself bidding or fighting for the deal.
const RIVAL_ACTS_AFTER = new RegExp(`^\\s*(?:${altOf(RIVAL_ACTS)})`, 'i');
// "远大能源在比较金蝶和我们": weighed against us.
const COMPARED_BEFORE = new RegExp(`(?:${altOf(COMPARING)})\\s*$`);
const AGAINST_US_AFTER = /^\s*(?:和|跟|与|还是)\s*(?:我们|我司|我方|咱们)/;

/** The competitor a candidate names, by its position (see vocab/competitors.ts), or null. */
function asCompetitor(s: string, c: CustomerCandidate): string | null {
  if (c.evidence === 'known') return null;
  if (COMPETITOR_BEFORE.test(s.slice(Math.max(0, c.start - 14), c.start))) return c.name;
  const before = s.slice(Math.max(0, c.start - 8), c.start);
  const also = ALSO_LOOKING.exec(before);
  if (also && also[1]) return c.name;
  const verb = ALSO_VERB_START.exec(c.name);
  if (verb && c.name.length - verb[0].length >= 2 && also) return c.name.slice(verb[0].length);
  if (PRESENT_AFTER.test(s.slice(c.end, c.end + 16))) return c.name;
  if (RIVAL_ACTS_AFTER.test(s.slice(c.end, c.end + 12))) return c.name;
  if (COMPARED_BEFORE.test(before) && AGAINST_US_AFTER.test(s.slice(c.end, c.end + 6))) return c.name;
  return null;
}
// "跟供应商华东电缆谈了进货价", "我们的代理商是深圳锐捷", "华东电缆是我们的供应商": a company introduced
// as a supplier, agent, partner… (vocab/thirdParties.ts) is no customer.
const THIRD_ZH = THIRD_PARTY_WORDS.filter((w) => /[\u4e00-\u9fff]/.test(w));
const THIRD_EN = THIRD_PARTY_WORDS.filter((w) => !/[\u4e00-\u9fff]/.test(w));
const THIRD_PARTY_BEFORE = new RegExp(`(?:(?:${altOf(THIRD_ZH)})(?:那边|这边)?(?:是|叫|为|[:：]|\\s)*|(?<![a-z])(?:${altOf(THIRD_EN)})s?(?:\\s*[,:]?\\s*))$`, 'i');
const THIRD_PARTY_AFTER = new RegExp(`^\\s*(?:是|作为|当|做)(?:我们|我司|我方|咱们|客户|他们|对方)?(?:的)?(?:${altOf(THIRD_ZH)})`);

/** Is the candidate a third party (our supplier, an agent, a partner) by its position? */
function asThirdParty(s: string, c: CustomerCandidate): boolean {
  if (c.evidence === 'known') return false;
  // "和经销商广源贸易对了库存": the word was taken into the name — the rest is the third party.
  const head = THIRD_ZH.filter((w) => c.name.startsWith(w) && [...c.name].length - [...w].length >= 2).sort((a, b) => b.length - a.length)[0];
  if (head) {
    c.name = c.name.slice(head.length);
    c.start += head.length;
    return true;
  }
  return THIRD_PARTY_BEFORE.test(s.slice(Math.max(0, c.start - 14), c.start)) || THIRD_PARTY_AFTER.test(s.slice(c.end, c.end + 16));
}
const JOINED_BETWEEN = /^\s*[和与及跟同、]\s*$/;
const SEVERAL_WORDS = /(?:[两三四五六七八九几多]家|[两三四五六七八九几多]个(?:客户|公司|单位)|各家|分别|(?<![a-z])(?:two|three|several|both) (?:customers|accounts|clients|companies)(?![a-z]))/i;

export interface CustomerPick {
  /** The customer the message is about, when there is exactly one. */
  single: CustomerCandidate | null;
  /** Two or more customers, each with its own facts (empty otherwise). */
  several: CustomerCandidate[];
  /** Competitors named in the message (never customers). */
  competitors: string[];
  /** Suppliers, agents, partners named in the message (never customers). */
  thirdParties: string[];
}

/**
 * Decide what the candidates mean: competitors ("竞品是万科物业") are dropped; two or more
 * well-supported customers make a multi-customer message; otherwise the best one.
 */
export function pickCustomers(s: string, cands: CustomerCandidate[]): CustomerPick {
  const competitors: string[] = [];
  const thirdParties: string[] = [];
  const named = cands.filter((c) => {
    if (asThirdParty(s, c)) {
      thirdParties.push(c.name);
      return false;
    }
    const rival = asCompetitor(s, c);
    if (rival) {
      competitors.push(rival);
      return false;
    }
    return true;
  });
  // A group named only to place the company the rep dealt with ("华星科技的子公司华星软件",
  // "星云物流是华星旗下的", "华星软件的母公司华星科技") is not what the facts are about: its
  // deal, contacts and budget are not touched. Named alone, it stays the customer.
  const parents = named.filter((c) => named.length > 1 && isParentMention(s, c));
  const kept = parents.length && parents.length < named.length ? named.filter((c) => !parents.includes(c)) : named;
  // Several customers need real evidence for each: known, or an organisation's name in a position
  // of its own. One strong customer with a weak second candidate is one customer.
  const companyLike = (c: CustomerCandidate) => c.evidence === 'known' || (c.evidence === 'clear' && c.score >= 5 && (endsWithOrg(c.name) || c.mentions.length > 1 || c.score >= 6));
  const strong = kept.filter(companyLike);
  const plural = SEVERAL_WORDS.test(s);
  const solid = kept.filter((c) => c.score >= 3 && c.evidence !== 'weak');
  // "华岭光电和丰源食品都约了…": companies joined by 和/与/及/跟/同/、 are all what it is about.
  const joinedTo = (c: CustomerCandidate, o: CustomerCandidate) => JOINED_BETWEEN.test(c.end <= o.start ? s.slice(c.end, o.start) : s.slice(o.end, c.start));
  const orgLike = (c: CustomerCandidate) => c.evidence === 'known' || (c.evidence === 'clear' && endsWithOrg(c.name));
  const joined = kept.filter((c) => orgLike(c) && kept.some((o) => o !== c && orgLike(o) && joinedTo(c, o)));
  const several = plural && solid.length >= 2 ? [...new Set([...strong, ...solid])] : joined.length >= 2 ? [...new Set([...strong, ...joined])] : strong.length >= 2 ? strong : [];
  if (several.length >= 2) return { single: null, several: several.sort((a, b) => a.start - b.start), competitors, thirdParties };
  // "上午去了青柠教育…；下午去了南山冷链，孟总说…": a second company in a sentence of its own is
  // another customer even when its name alone is unsure — its facts must not land on the first.
  // (The domain leaves such an unsure part out and says so rather than create it.)
  // (A lone capitalised word opening an English sentence — "Final", "Great" — is too unsure to count.)
  const opener = (c: CustomerCandidate) => /^[A-Z][a-z]+$/.test(c.name) && /(?:^|[.!?]\s+)$/.test(s.slice(0, c.start));
  const lead = strong[0];
  const other = lead && kept.find((c) => c !== lead && c.evidence !== 'known' && c.score >= 3 && !opener(c) && ownSentence(s, lead, c));
  if (other) return { single: null, several: [lead, other].sort((a, b) => a.start - b.start), competitors, thirdParties };
  // "金龙机械说预算下来了，45万；天马轴承还没消息": two names of the same weight, neither strong, each in
  // a sentence of its own — two customers, never one of them taking the other's facts.
  const clear = kept.filter((c) => c.evidence === 'clear' && c.score >= 3 && !opener(c));
  if (!lead && clear.length >= 2 && ownSentence(s, clear[0], clear[1]) && ownSentence(s, clear[1], clear[0])) return { single: null, several: clear.slice(0, 2).sort((a, b) => a.start - b.start), competitors, thirdParties };
  // Several unsure names of equal weight ("去一趟鞍钢 … 给本钢的… 把攀钢的合同…"): none is "the"
  // customer; picking one would misfile the others.
  const [first, second] = kept.filter((c) => !opener(c));
  if (first && second && first.evidence === 'weak' && second.evidence === 'weak' && first.score - second.score <= 0) return { single: null, several: [], competitors, thirdParties };
  return { single: kept[0] ?? null, several: [], competitors, thirdParties };
}
