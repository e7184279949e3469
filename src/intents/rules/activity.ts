// What happened: the activity type and a short summary. Only narrative clauses count — a call
// planned for tomorrow is a next step, not an activity.
import type { ParsedActivity } from '../schema.js';
import { theirFuture, type ClassifiedClause } from './nextSteps.js';
import { clip, tidy } from './text.js';
import { DETAIL_AFTER } from './contactDetails.js';
import { escapeRegExp } from './text.js';
import { SENT_THINGS, SENT_THINGS_EN, SENT_VERBS, VISIT_WORDS, VISIT_WORDS_EN } from './vocab/activities.js';

const alt = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
// 去 of a visit ("去了", "去过") is not the direction of something sent or handed up: "报价发过去了",
// "样品寄出去了", "方案报上去了", "邮件发去了" went there, the rep did not.
const SENT_AWAY_BEFORE = '(?<![发寄送传递报交转][过出上进回]?)';
const visitAlt = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map((w) => (w.startsWith('去') ? SENT_AWAY_BEFORE : '') + escapeRegExp(w)).join('|');

type ActivityType = ParsedActivity['type'];

// What is shipped, after the verb: "(them) (the|some|two) samples" — a whole word.
const SHIPPED_OBJECT = `\\s+(?:(?:them|him|her|over)\\s+)?(?:the\\s+|some\\s+|a\\s+|an\\s+|our\\s+|\\d+\\s+|two\\s+|three\\s+)?(?:${alt(SENT_THINGS_EN)})(?![a-z])`;

// How reps say what kind of contact it was (the visit words are data: vocab/activities.ts). Order
// matters where words overlap: a video call is a meeting, "微信电话" is WeChat; their people watching
// or hearing our demo or presentation (看了演示, 听了方案汇报) is a meeting as our giving it is. Meals and drinks with a customer, and text messages (短信), count as OTHER;
// so does sending them samples or materials, the thing said before the verb or after it ("样品已经寄出了").
const TYPE_RE = new RegExp(
  [
    '(?<VISIT0>(?<![a-z])(?:in-person|in person|face[- ]to[- ]face)(?![a-z]))',
    '(?<MEETING>视频(?:聊|会|通话|了)|电话会议?|视频会议?|腾讯会议|飞书会议|钉钉会议|线上会议?|开了?(?:[一二两三四五六七八九十几半]?[个场次])?\\s?(?:zoom|teams|google meet|webex|腾讯会议|飞书会议|视频会?|线上会|电话会|会)|开了?[^\\s,，。;；!！?？]{0,8}?的?会(?![员计所长展])|开会|会议|(?:技术)?交流会|评审会|研讨会|沟通会|碰头会|启动会|汇报会|做了?(?:产品|方案|系统)?(?:演示|demo|汇报|宣讲)|(?:演示|讲解|宣讲)(?:了|过)|(?:看|听|参加|观看|旁听)(?:了|过)[^\\s,，。;；!！?？]{0,8}?(?:演示|demo|汇报|讲解|宣讲|路演)|demo会|(?<![a-z])(?:meeting|zoom(?: call| meeting)?|teams(?: call| meeting)?|google meet|webex|video call|conference call|workshop|demo(?:ed)?|presentation|presented)(?![a-z]))',
    `(?<VISIT>${visitAlt(VISIT_WORDS)}|碰了个?头|去(?=[^,，。;；\\s]{2,14}?(?:聊了|谈了|找|见了|开了?会|交流))|刚从[^,，。;；]{2,14}?出来|(?<![a-z])(?:${alt(VISIT_WORDS_EN)}|met(?! by))(?![a-z]))`,
    '(?<WECHAT>加微信|加了微信|微信|企微|企业微信|(?<![a-z])(?:wechat|weixin|whatsapp|wecom|wx|vx|v信)(?![a-z]))',
    '(?<CALL>打了?(?:个|一个|通)?语音(?:电话)?|打给(?=[^,，。;；]{1,16}(?:[,，。;；]|$))|打过去了|语音通话|打电话|打了电话|打了个电话|通了电话|通了个电话|来电|回电|电话|致电|通话|(?<![a-z])(?:had a call|phone call|call(?:ed)?|phoned|rang|spoke (?:to|with) .{0,30}(?:on|over) the phone|on the phone|over the phone|by phone|tel)(?![a-z]))',
    // ("Mailed samples to X" went by post: a thing shipped, below.)
    `(?<EMAIL>发邮件|发了邮件|邮件|(?<![a-z])(?:e-?mail(?:ed)?|mailed(?!${SHIPPED_OBJECT})|got an email|sent an email)(?![a-z]))`,
    `(?<OTHER>(?:${alt(SENT_THINGS)})[^,，。;；?？]{0,10}?(?:${alt(SENT_VERBS)})(?:给[^,，。;；了]{1,8})?了(?![^,，。;；]*(?:吗|[?？]))|(?:发|回)了?(?:个|条|一条)?短信|(?:寄|送|递|快递|邮寄)了(?:一些|几份|[一二两三四五六七八九十几\\d]+\\s*[份套批台箱本个件盒])?(?:${alt(SENT_THINGS)})|短信(?:里|上|中|说|联系)|(?<![a-z])(?:texted|sent (?:him |her |them )?a text|sms(?:ed)?)(?![a-z])|(?<![a-z])(?:shipped|sent|mailed|couriered|posted|dropped off|fedexed|delivered|handed over)${SHIPPED_OBJECT}|聊了|沟通了|交流了|谈了|聊过|(?<![没未不再])(?:跟进|联系)了(?!\s*(?:吗|没|几|多少|哪))|面聊|接待了?|认识了|一起吃的|吃的饭|(?:碰到|遇到|碰见|遇见|偶遇)了?(?=[^,，。;；]{0,14}(?:的|总|经理|工|老|小|主任))|吃了?(?:个|顿)?(?:饭|午饭|晚饭|早饭|便饭)|吃饭|喝了?(?:顿|个)?(?:酒|茶|咖啡)|下午茶|饭局|视频了|(?<![a-z])(?:talked|spoke|chatted|discussed|coffee|lunch|dinner|drinks|breakfast)(?![a-z]))`,
  ].join('|'),
  'gi',
);
// A messaging app as the product a customer uses or we connect to (在用/用的是/换成/对接 企业微信, 微信
// 小程序/支付/公众号) is no channel of contact — unless a verb of talking follows ("用微信聊了").
const IN_USE_BEFORE = /(?:在用|正在用|用的是|用的|一直用|之前用|目前用|现在用|还在用|换成|换到|迁到|迁移到|对接|接入|打通|替换掉?|集成|上了|部署了?)\s*$/;
const PRODUCT_AFTER = /^(?:小程序|公众号|服务号|支付|生态|开放平台|接口|审批|后台|的?(?:系统|平台|账号|版本|功能))/;
const TALK_AFTER = /^\s*(?:上|里)?\s*(?:聊|沟通|联系|说|发|问|约|通知|跟进|回复|交流)/;
// 电话13812345678 / 电话是138… / 电话号码 / 微信liubing88 is contact data, not a call or a chat.
const CALL_FALSE = /^号码/;

export interface ActivityHit {
  type: ActivityType;
  clauseIndex: number;
}

// "电话跟华星王总约了下周一见面", "微信上和刘兵约好周三演示": the meeting is a step, and the call or
// the WeChat that arranged it happened now.
const ARRANGED_BY = /^(?:今天|刚才|刚刚|上午|下午|晚上)?\s*(?:打了?(?:个|通)?)?(?<ch>电话|微信|视频)(?:上|里)?\s*(?:跟|和|与|同|联系了?)?[^,，。;；]{0,16}?约(?:了|好了?)/;

// "王总电话里说下周一要我们交方案", "她微信上问能不能周五前发报价", "打电话来说…": what the customer
// asks of us is a step, and the call or message that carried it happened now — when it is told
// before any time (not "明天微信上说一下", which is planned).
const REPORTED_BY = /(?<ch>电话|微信|视频|邮件)(?:里|上|中)(?:跟我|和我|对我|给我)?(?:说|讲|问|提到|通知|表示|反馈|交代)|打了?(?:个|通)?(?<ch2>电话)(?:过)?来(?:说|问|通知)|(?<ch3>来电)(?:说|问|通知|表示)/;
const channelType = (ch: string): ActivityType => (ch === '微信' ? 'WECHAT' : ch === '视频' ? 'MEETING' : ch === '邮件' ? 'EMAIL' : 'CALL');

export function detectActivity(clauses: ClassifiedClause[]): ActivityHit | null {
  // A general word ("跟进了", 聊了) gives way to a channel named in a later clause too: "跟进了X的招标，
  // 电话里葛经理说…" was a call.
  let general: ActivityHit | null = null;
  for (let i = 0; i < clauses.length; i++) {
    const cl = clauses[i];
    const arranged = cl.kind === 'step' ? ARRANGED_BY.exec(cl.text.trim()) : null;
    if (arranged) return { type: channelType(arranged.groups!.ch), clauseIndex: i };
    const reported = cl.kind === 'step' ? REPORTED_BY.exec(cl.text) : null;
    if (reported && !cl.times.some((t) => !t.pastOnly && t.start < reported.index)) {
      const g = reported.groups!;
      return { type: channelType(g.ch ?? g.ch2 ?? g.ch3), clauseIndex: i };
    }
    if (cl.kind !== 'plain') continue;
    TYPE_RE.lastIndex = 0;
    // "Talked to Ana … on the phone", "聊了一下，后来通了电话": a general word ("talked", 聊了)
    // gives way to a specific channel named later in the same clause.
    for (let m = TYPE_RE.exec(cl.text); m; m = TYPE_RE.exec(cl.text)) {
      const g = m.groups!;
      const type = (Object.keys(g).find((k) => g[k] !== undefined)?.replace(/\d+$/, '') ?? undefined) as ActivityType | undefined;
      if (!type) continue;
      const rest = cl.text.slice(m.index + m[0].length);
      if ((type === 'CALL' || type === 'WECHAT') && (CALL_FALSE.test(rest) || DETAIL_AFTER.test(rest))) continue;
      // "他们现在用的是企业微信", "想对接微信小程序": the product they use, not how we were in touch.
      if (type === 'WECHAT' && (PRODUCT_AFTER.test(rest) || (IN_USE_BEFORE.test(cl.text.slice(0, m.index)) && !TALK_AFTER.test(rest)))) continue;
      // "客户说下周要开会讨论方案", "他们月底前来参观": a meeting or visit the customer side speaks of or
      // plans, still to come, has not happened — no activity of that kind (the remark stays in the note).
      if (cl.theirsFrom !== undefined && m.index >= cl.theirsFrom && theirFuture(cl, m.index)) continue;
      // "明天方舟电子开会讨论方案", "下周二X来访": after a time still ahead, with nothing past, it has not happened.
      if (cl.aheadFrom !== undefined && m.index >= cl.aheadFrom) continue;
      if (type === 'OTHER') {
        general ??= { type, clauseIndex: i };
        continue;
      }
      return { type, clauseIndex: i };
    }
  }
  return general;
}

// "他们预算大概45万", "金额要到50万左右", "deal size roughly 50k": the words that only lead to the
// figure (what it is of, a hedge, a verb of reaching it) go with it, and so does a qualifier right
// after it (左右, 上下, or so) — the summary keeps no "要到左右" or "deal size roughly".
const AMOUNT_PHRASE = /(?:(?:这个|这一|这|那个)?(?:项目|单子|这单|一期|二期|三期|期)?\s*(?:对方|客户|他们|对方的|客户的)?(?:预计|预算|金额|合同额|报价|总价|价格|大概|大约|约|估计|要到|能到|能做到|做到|达到|可达|有|(?<![a-z])(?:budget|deal size|deal|amount|value|worth|around|about|approx\.?|approximately|roughly|is|of)(?![a-z]))\s*(?:是|为|在)?\s*){0,4}\s*[:：]?\s*(?:是|为|在)?\s*$/i;
const AMOUNT_AFTER = /^\s*(?:左右|上下|以上|以内|出头|的样子|的规模|(?<![a-z])(?:or so|ish)(?![a-z]))/i;
const PAST_PARTICLE = /(拜访|见|去|走访|登门|上门|面谈|开|打|加|发|通|聊|沟通|交流|谈)了/g;
const ONLY_FILLER = /^(?:预计|预算|大概|大约|约|估计|左右|的|了|和|并|也|还|这个项目|项目|单子|budget|about|around|worth|roughly|the|deal)*$/i;
const HOT_WORDS = /设为热点|设置为热点|标记为?热点|热点客户|重点跟进|取消热点|不再是热点|(?:mark|unmark)\w*\s.*hot|hot (?:customer|account|lead)/i;

/**
 * Is the time at `at` part of what the customer side says or plans ("他说上周就报上去了", "他们月底
 * 来参观") rather than the time of the contact itself? Not when their part is the contact that
 * happened ("刘总昨天来电话", "王总上午来访了").
 */
export function inTheirWords(cl: ClassifiedClause, at: number): boolean {
  if (cl.theirsFrom === undefined || at < cl.theirsFrom) return false;
  const theirs = cl.text.slice(cl.theirsFrom);
  if (SAID_BEFORE.test(cl.text.slice(0, cl.theirsFrom)) || SAID_AFTER.test(theirs)) return true;
  return theirFuture(cl) || activityTypeOf(theirs) === null;
}
// What they said is reported: everything in it is theirs, whatever it contains.
const SAID_BEFORE = /(?:说|表示|讲|提到|反馈|回复说|透露|(?<![a-z])(?:said|says|mentioned|told (?:me|us))(?![a-z]))\s*$/i;
const SAID_AFTER = /^\s*(?:那边|这边)?\s*(?:说|表示|讲|提到|反馈|回复说|透露|告诉)/;

export interface SummaryInput {
  clauses: ClassifiedClause[];
  amounts: Array<{ start: number; end: number }>;
  customer: string | null;
  contactNames: string[];
  lang: 'zh' | 'en';
}

/** The narrative clauses minus time words, parentheses and amounts: "拜访方舟电子刘兵，对报价有顾虑". */
export function buildSummary(inp: SummaryInput): string {
  const parts: string[] = [];
  for (const cl of inp.clauses) {
    if (cl.kind !== 'plain' || HOT_WORDS.test(cl.text)) continue;
    // A time in the customer's own words is part of what they said ("王总说月底来参观"): it stays.
    // …and so does one still ahead ("提醒他明天的现场验收"): neither is when the contact happened.
    const cuts: Array<[number, number]> = cl.times.filter((t) => !inTheirWords(cl, t.start) && t.start < (cl.aheadFrom ?? Infinity)).map((t) => [t.start, t.end]);
    for (const a of inp.amounts) {
      if (a.start < cl.start || a.end > cl.end) continue;
      const lead = AMOUNT_PHRASE.exec(cl.text.slice(0, a.start - cl.start));
      const after = AMOUNT_AFTER.exec(cl.text.slice(a.end - cl.start));
      cuts.push([lead ? lead.index : a.start - cl.start, a.end - cl.start + (after ? after[0].length : 0)]);
    }
    let t = cl.text;
    for (const [a, b] of cuts.sort((x, y) => y[0] - x[0])) t = t.slice(0, a) + ' ' + t.slice(b);
    t = t.replace(/\([^()]*\)/g, ' ');
    t = t.replace(PAST_PARTICLE, '$1');
    if (inp.customer) for (const n of inp.contactNames) t = t.replace(`${inp.customer}的${n}`, `${inp.customer}${n}`);
    t = tidy(t.replace(/\s{2,}/g, ' '));
    if (inp.lang === 'zh') t = t.replace(/\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+/g, '');
    if (!t || ONLY_FILLER.test(t) || !/[\p{L}\p{N}]/u.test(t)) continue;
    parts.push(t);
  }
  return clip(parts.join(inp.lang === 'zh' ? '，' : ', '), 500);
}

const TYPE_WORD: Record<ActivityType, [string, string]> = {
  VISIT: ['拜访', 'Visited'],
  CALL: ['电话沟通', 'Call with'],
  WECHAT: ['微信沟通', 'WeChat with'],
  MEETING: ['会议', 'Meeting with'],
  EMAIL: ['邮件沟通', 'Emailed'],
  OTHER: ['沟通', 'Talked with'],
};

/** Used when every clause was captured elsewhere, so the summary is never empty. */
export function fallbackSummary(type: ActivityType, who: string | null, lang: 'zh' | 'en', raw: string): string {
  const [zh, en] = TYPE_WORD[type];
  if (who) return lang === 'zh' ? `${zh}${who}` : `${en} ${who}`;
  return clip(tidy(raw) || (lang === 'zh' ? zh : en), 500);
}

/** The activity type a word names ("电话" → CALL), for corrections like "是电话不是拜访". */
export function activityTypeOf(text: string): ActivityType | null {
  TYPE_RE.lastIndex = 0;
  const m = TYPE_RE.exec(text);
  if (!m) return null;
  const g = m.groups!;
  return (Object.keys(g).find((k) => g[k] !== undefined)?.replace(/\d+$/, '') as ActivityType | undefined) ?? null;
}
