// Clause roles and next steps. Each clause is either a next step (future action), an expected
// close date ("预计12月签约"), or plain narrative (what happened). Activity detection and the
// summary only look at narrative clauses, which is what keeps "明天给刘总打电话" from being
// logged as a call that already happened. The time rules live in dates.ts.
import type { ParsedNextStep } from '../schema.js';
import { addDays, at, findTimeExprs, iso, resolveTime, todayOf, type TimeCtx, type TimeExpr } from './dates.js';
import { findMentions, leadNameAt } from './people.js';
import { findCustomers } from './customers.js';
import { JOB_TITLES } from './vocab/people.js';
import { clip, escapeRegExp, tidy, type Clause } from './text.js';
import { DECIDING_MEETINGS, EVENT_NOUNS, EVENT_OWNERS, TAKES_PLACE } from './vocab/events.js';
import { ARRANGED_MEETINGS } from './vocab/activities.js';
import { SPEECH_VERBS } from './vocab/dictation.js';
import { THIRD_PARTY_WORDS } from './vocab/thirdParties.js';
import { CONCESSION_STARTS, CUSTOMER_BUYS, CUSTOMER_PAYS, OUR_PUSH, TERMS_ASKED, WANTED_WITH } from './vocab/demands.js';
import { tokenize } from './segment.js';
import { DELIVERABLES } from './vocab/documents.js';

export type ClauseKind = 'step' | 'close' | 'plain';

export interface ClassifiedClause extends Clause {
  kind: ClauseKind;
  times: TimeExpr[];
  /** For kind 'close': the resolved expected close date. */
  closeAt?: Date;
  /**
   * Where the customer side's own words or plans start in a plain clause ("客户说|下周要开会",
   * "他们|月底前走完审批"): what follows is theirs — never our step, never the time of our
   * activity, and, while still to come (theirFuture), no activity of ours either.
   */
  theirsFrom?: number;
  /**
   * Where a plain clause with no past marker names a time after today ("明天方舟电子开会讨论方案",
   * "下周二X来访"): what follows is ahead, so no activity of ours happened there.
   */
  aheadFrom?: number;
  /** An item of a list of meetings arranged ("约了两个客户：|海天明天上午"): whom, and when. */
  arrangedItem?: boolean;
}

// Still to come in the customer's words: a will-word ("要开会", "会来", "they'll"), and no past marker.
const FUTURE_WORD = /要|会(?![议谈面见])|将|准备|打算|计划|想|可以|能|争取|(?<![a-z])(?:will|'ll|going to|plan(?:s|ning)? to|want(?:s)? to|would like to|intend(?:s)? to)(?![a-z])/i;
const THEIR_PAST = /了|过(?![来去两几段阵一])|(?<![a-z])(?:had|held|did|was|were|visited|met|called)(?![a-z])/i;

/**
 * Is what the customer side says or plans in `cl` (from theirsFrom) still to come? A future time
 * ("下周", "周三") or a will-word before `upTo` in their part, and nothing marking it past.
 */
export function theirFuture(cl: ClassifiedClause, upTo = cl.text.length): boolean {
  if (cl.theirsFrom === undefined) return false;
  const theirs = cl.text.slice(cl.theirsFrom);
  if (THEIR_PAST.test(theirs)) return false;
  const timed = cl.times.some((t) => !t.pastOnly && !t.neutral && t.start >= cl.theirsFrom! && t.start < upTo);
  return timed || FUTURE_WORD.test(stripTimes(cl.text.slice(cl.theirsFrom, upTo), cl.times.filter((t) => t.start >= cl.theirsFrom! && t.end <= upTo), cl.theirsFrom));
}

const HEADER = /帮我记(?:一下|下|几件事|几个事|几条|几个待办)?(?=\s|[:：,，]|$)|^\s*(?:提醒|待办|备忘)(?:清单|列表|事项)?\s*[:：]|(?<![a-z])(?:help me remember|note to self|reminder\s*:)|记几件事|下一步(?:(?:计划|安排|工作)(?:是|如下|(?=\s*(?:[:：,，]|$))))?|下步|接下来|后续(?:(?:计划|安排|工作)(?:是|如下|(?=\s*(?:[:：,，]|$))))?|待办事项|下次跟进|跟进计划|^\s*(?:this week|today|tomorrow)\s*:|(?<![a-z])(?:next steps?|next\s*:|action items?|to-?do)(?![a-z])/i;
const CUE_START =
  /^(?:(?:我|我们|我方|咱们)\s*)?(?:还|再|也|就|得)?(?:需要|要|得|准备|计划|打算|安排|待|约了|记得|别忘了?|提醒我|争取|会|将)|^(?:(?:i|we)\s*)?(?:will|'ll|need to|needs to|have to|has to|going to|plan to|must|should|gonna|agreed to|promised to|committed to|offered to)(?![a-z])|^(?:remind me to|remember to|to do|todo|follow[- ]up|please|sending|following up|scheduling|preparing)(?![a-z])/i;
const ACTION_ZH =
  /^(?:顺便|顺路|顺带|另外|同时)?(?:再|先|去|来|尽快|一起|马上|赶紧|要|得|需要)?(?:过去|跑一趟|复测|调研|技术交流|交流|POC|demo|演示|给到|过方案|讲方案|当面聊|见面|发|送|打|约|去|做|准备|提交|跟进|回访|安排|拜访|演示|确认|沟通|联系|签|出|提供|寄|报价|汇报|见|开|交|整理|催|上门|讨论|碰|拿|落实|推进|组织|邀请|培训|测试|部署|上线|给|和|跟|与|请|帮|核对|修改|更新|对接|申请|走访|登门|面谈|致电|回复|答复|带|陪|把|参加|参与|递交|提供|补|补齐|改|写|做|回|收|寄回|盖章|签字|跑|飞|出差|驻场|搞定|完成|电话|微信|视频|邮件|finish|send|call|visit|prepare|submit|email|ping|follow|schedule|book)/i;
const ACTION_EN =
  /^(?:to\s+)?(?:send|call|ring|phone|email|schedule|follow|prepare|submit|visit|meet|book|arrange|confirm|share|review|demo|deliver|set up|check|contact|reach out|draft|finali[sz]e|sign|ping|update|present|invite|get|do|write|ship|resend|negotiate|run|hold|set|give|provide|bring)(?:ing|s)?(?![a-z])/i;
// (…and 来 of taking it on: "我来安排接待", "我们来准备资料".)
const OUR_NEXT = /^(?:我们|咱们|我方|我)(?:这边)?\s*(?:再|先|马上|尽快|赶紧|随后|稍后|晚点|待会儿?|来(?!了|过))\s*/;
// "Later" with no date: the step has no due time, only these words as its label.
// (这两天/这几天 too, in a plan: "我这两天整理一下需求"; a subject may come first. So is an ordinal
// period of a plan with no calendar date: "我第一周去拜访一下", "头两天先熟悉产品".)
const LATER = /^(?:(?:我们|咱们|我)\s*)?(过两天|过几天|过段时间|过阵子|改天|回头|找时间|抽空|这两天|这几天|第[一二三四五六七八九十\d]{1,2}(?:周|天|个月|个星期)|头(?:一|两|三|几)(?:周|天|个月))\s*/;
// A meeting arranged for later ("约了下周见面", "定在周五演示") is a step although 了 is past.
// (…the customer may have arranged it with us: "下周三约了我们做产品演示", "周五安排我们过去交流".)
const ARRANGED = /^(?:约了|约好了?|定了|安排了|邀请了?)\s*(?:(?:我们|我|咱们|我方|我司)\s*)?(?:(?:去|过去|过来|来|上门|一起)\s*)?(?:(?:做|搞|开)\s*(?:个|一次|一场|一下)?\s*)?(?:产品|方案|系统|技术)?(?:见面|碰面|面谈|开会|开个会|会议|演示|交流|拜访|上门|吃饭|饭局|汇报|宣讲|培训|demo|POC)/i;
const ARRANGED_THEN_TIME = new RegExp(`${ARRANGED.source.slice(1)}[^,，。;；]{0,8}[,，]\\s*$`, 'i');
const PLAN_BEFORE_TIME = /(?:约了|约好了?|约在|定了|定在|定好了?|安排了|安排在|说好了?|改到|改约到?|推到)\s*(?:(?<=约了|约好了?|定了|安排了)\s*(?:我们|咱们|我方|我司))?\s*$/;
const PAST_MARK = /了|(?<!不)过(?![来去两几段阵一])|(?<![a-z])(?:visited|met|called|had|sent|emailed|spoke|talked|was|were|did|went|discussed)(?![a-z])/i;
// Words that close a deal or decide it — a decision deadline is the expected close date.
const CLOSE_VERB =
  /签约|签单|签合同|签下|签框架|成交|落地|下单|下(?:第一批|首批|一批|第一笔)单|(?:给|发|下)\s?PO|完成选型|选型结束|敲定|选定|定下来|定标|定供应商|确定供应商|确定下来|出(?:中标)?结果|拍板|采购到位|完成采购|做决定|(?:下|出)\s?PO|PO[^,，。;；]{0,6}下|(?<!标)签(?!到|字|回)|(?<![一确决约预规固制稳肯指设限搞没未])定(?![金位制期义律时价做要点向稿])|(?<![a-z])(?:close|closing|sign|signing|signature|signed off|decision|decide|decides|pick a vendor|choose a vendor|award|vote|choos(?:e|ing) (?:between|among|a|the|their)|pick(?:ing)? (?:between|a|the) (?:vendor|supplier|partner)|select(?:ing)? (?:a|the) (?:vendor|supplier|partner))(?![a-z])/i;
const CLOSE_VERB_ALL = new RegExp(CLOSE_VERB.source, 'gi');
// Going live (上线, 投产, go live) lands the project: a close date when said at the scale of a
// month, a quarter or the year ("明年二季度上线", "年底前上线"); on a day it is a task ("周三上线测试环境").
// An event, then 再/才 before the decision verb: "回来再定", "开完会再定", "看完方案才拍板", "评审之后再签".
const WAITS_FOR_EVENT = /(?:回来|回国|回公司|返岗|复工|到岗|出院|休完假|开完|看完|研究完?|讨论完?|评估完?|商量完?|测完|试完|审完|评审|汇报|[\u4e00-\u9fff]完)[^,，。;；]{0,8}?(?:之后|以后|后)?\s*(?:再|才)\s*$|(?:之后|以后)\s*(?:再|才)\s*$/;
const LANDING_VERB_ALL = /上线|投产|(?<![a-z])go(?:es|ing)?[- ]live(?![a-z])/gi;
const COARSE_TIME = ['quarter', 'quarterRel', 'enQuarter', 'monthPart', 'yearEdge', 'enYear', 'enMonth', 'enMonEdge', 'holiday', 'lunar'];
const isCoarse = (t: TimeExpr) => t.tokens.every(({ g }) => COARSE_TIME.some((k) => g[k]) || (g.monthEdge && /底|末/.test(g.monthEdge)) || (g.monthRel && !g.mrd));
const CLOSE_CUE = /预计|估计|争取|有望|应该|计划|可能|大概|左右|目标是|expected|expect|should|aim|target|likely|plan|forecast|wants? to|by|pushed|moved/i;
// "签约推到1月20号", "pushed the decision to January 8".
const CLOSE_MOVED = /(?:推到|推迟到|延到|延期到|改到|改成|定在|放到|挪到|(?<![a-z])(?:pushed|moved|postponed|slipped)(?: \w+){0,3} to)\s*$/i;
// The customer asks something of us: 让我们…, 要求我们…, asked for…, wants our…
const ASK_US = /(?:让|要求|请|希望|需要|叫|催)(?:我们|我|咱们|我方|我司)|(?<![主只重不])要\s?(?:我们|咱们|我方|我司)|(?<![a-z])(?:asked (?:us )?(?:for|to)|asks? (?:us )?(?:for|to)|wants? (?:our|us to|a|an|the|to see (?:a|an|the|our))|requested|would like (?:a|an|the|our)|would like to see (?:a|an|the|our)|needs? (?:our|a|an|the|some|(?:\w+ )?(?:docs?|documents?|files?|pricing|prices|quotes?|proposals?|contracts?|specs?|samples?|references?|case stud(?:y|ies)|sow|nda|msa|rfp response))|expects? (?:our|a|an|the)|(?:is |are )?due (?:by|on|next|this|tomorrow|mon|tue|wed|thu|fri)|needed by|needs to go out|goes out|go out|going out|to go out)(?![a-z])|['’]d like (?:to see )?(?:a|an|the|our)(?![a-z])|想要|希望(?:在)?[^,，。]{0,10}(?:拿到|看到|收到)/i;
// …or says they want something we make: "她说这周内要一版报价".
const WANTS_DELIVERABLE = /要(?:一版|一份|一个|个|份)?\s?(?:报价单?|方案|合同|样品|样机|资料|演示|测试账号|对比表|proposal|quote|deck|demo)/i;
// The customer side wants to see something of ours ("他们想下周二看演示", "客户希望月底前看看方案"):
// with a time ahead, giving it to them is our step.
// (The side word alone is their side too: "天成物流那边想下周三看一下演示"; so is one of their
// people who says it: "刘兵说下周要看方案".)
const THEY_WISH = /^(?:(?:[^\s,，。；;]{0,10}?(?:那边|这边)?\s*)?(?:他们|她们|对方|客户|甲方|他|她)|(?!我|咱们)[^\s,，。；;]{1,10}?(?:那边|这边)|(?!我|咱们)[^,，。；;]{1,12}?(?:说|表示|提到|反馈|透露))(?:(?![不没别])[^,，。;；]){0,8}?(?:想|希望|想要|要)\s*(?:先|再)?\s*(?:看看|看|听听|听|了解)(?:一下|下)?\s*(?:我们的|你们的)?\s*(?:演示|demo|方案|报价单?|样品|样机|案例|产品|POC)/i;
const WISH_LEAD = /^(?:(?:[^\s,，。；;]{0,10}?(?:那边|这边)?\s*)?(?:他们|她们|对方|客户|甲方|他|她)(?:那边|这边)?|(?!我|咱们)[^\s,，。；;]{1,10}?(?:那边|这边)|(?!我|咱们)[^,，。；;]{1,12}?(?:说|表示|提到|反馈|透露)(?:他们|她们|对方)?)\s*(?:想|希望|想要|要)\s*(?:先|再)?\s*(?:看看|看|听听|听|了解)(?:一下|下)?\s*(?:我们的|你们的)?\s*/;
// …and in English: "they want a demo next Tuesday" → demo.
// (The subject may be a company or a person of theirs in several words, or what one of them said,
// perhaps after where: "Acme Corp wants to see our proposal", "Tom at Acme said they'd like to see
// the demo", "Over at Acme they'd like…". Capitalised words only: no /i.)
const WISH_LEAD_EN = /^(?!(?:I|We|we|i)\s)(?:(?:[Oo]ver\s+)?(?:at|At)\s+(?:[A-Z][\w&'’.-]*\s+){1,4},?\s*)?(?:(?:[A-Z][\w&'’.-]*\s+(?:(?:at|from|of)\s+)?){1,5}(?:said|says|mentioned|told (?:me|us))\s+(?:that\s+)?)?(?:[Tt]hey|[Hh]e|[Ss]he|[Tt]he (?:customer|client)|(?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’.-]*)(?:\s+(?:would|['’]d)\s+like|['’]d\s+like|\s+(?:want|wants|would like|asked for|requested|need|needs))\s+(?:to see\s+)?(?:a|an|the|our)?\s*(?=[a-z])/;
// A person of theirs who opens the clause and wishes or requires ("恒通物流孙静想下周看演示", "华信科技
// 的周敏希望周五前拿到报价") is the subject, as 他 would be: the wish and the title read the same.
const WISHES_AFTER = /^\s*(?:想要|想|希望|要求|需要)/;
function theirPersonAsPronoun(text: string): string {
  const lead = (at: number) => /^[^\s,，。；;我]{0,10}?的?$/.test(text.slice(0, at));
  for (const m of findMentions(text)) {
    if (!lead(m.start) || !WISHES_AFTER.test(text.slice(m.end))) continue;
    return `他${text.slice(m.end)}`;
  }
  // (…also a bare full name right after the company: "恒通物流孙静想…".)
  const w = /想要|想|希望|要求|需要/.exec(text);
  for (const len of [3, 2]) {
    const at = w ? w.index - len : -1;
    const m = at > 0 && lead(at) ? leadNameAt(text, at, true) : null;
    if (m && m.end === w!.index) return `他${text.slice(m.end)}`;
  }
  return text;
}
// The customer requires something by a date: "对方要求周五前出方案", "客户希望下周一前提供报价".
const REQUIRES = /(?:要求|希望|需要|想要|让)[^,，。;；]{0,10}?(?:出|发|给|提供|提交|报|寄|做|交|准备|安排|演示)/;
// Reported speech: a deadline in it is the customer's ("她说周五前给回复") unless it asks us.
// (English: a pronoun, a title or a capitalised name other than I/We: "their CFO said", "Acme said".)
const SPEECH = /(?:他|她|对方|客户|他们|她们)(?:说|表示|讲|提到|反馈|回复说)|(?<![a-z])(?:he|she|they) (?:said|says|mentioned)(?![a-z])|(?<![A-Za-z])(?!(?:I|We|We've|I've)\s)(?:[A-Z][\w'’&.-]*|(?:their|the) [a-z]+|C[A-Z]O) (?:said|says|mentioned|told (?:me|us))(?![a-z])/;
// A person of theirs by name or title who speaks: "何总的助理小周说何总下周出差", "采购经理说图纸下周给".
// A verb of ours before them makes them the object ("跟王总说下周再报价"), not the speaker.
const SPEAKS = new RegExp(`^\\s*(?:${[...SPEECH_VERBS, '告诉我', '回复说', '提了'].map(escapeRegExp).join('|')})`);
const SIDE_SPEAKER = /^(?!我|咱)[^\s,，。；;]{1,12}?(?:那边|这边|方面)/;
function namedSpeech(text: string): { index: number; 0: string } | null {
  const speakers = [...findMentions(text), ...[...text.matchAll(new RegExp(BARE_TITLE.source, 'g'))].map((m) => ({ start: m.index!, end: m.index! + m[0].length }))];
  // …or the customer itself, by its name or its side ("蓝海那边说月底前给答复", "华信说周五前给结果"):
  // what a company says of its own doings is as much theirs as what one of its people says.
  const side = SIDE_SPEAKER.exec(text);
  if (side) speakers.push({ start: 0, end: side[0].length });
  const org = findCustomers(text).find((x) => /^\s*$/.test(text.slice(0, x.start)));
  if (org) speakers.push({ start: org.start, end: org.end });
  for (const p of speakers.sort((a, b) => a.start - b.start)) {
    const verb = SPEAKS.exec(text.slice(p.end));
    if (!verb || OBJECT_BEFORE.test(text.slice(0, p.start).replace(/的/g, '')) || /我们|我|咱们/.test(text.slice(0, p.start))) continue;
    return { index: p.start, 0: text.slice(p.start, p.end + verb[0].length) };
  }
  return null;
}

// What the customer demands as a concession ("要我们降10%", "要求我们下月再让5个点"): their position, not our step.
const CONCESSION = new RegExp(`^(?:把[^,，。;；\\s]{1,6}?)?(?:${[...CONCESSION_STARTS].sort((a, b) => b.length - a.length).join('|')})`);
function demandsConcession(text: string, times: TimeExpr[]): boolean {
  const m = ASK_US.exec(text);
  if (!m || /^[a-z]/i.test(m[0])) return false;
  const rest = tidy(stripTimes(text.slice(m.index + m[0].length), times.filter((t) => t.start >= m.index + m[0].length), m.index + m[0].length)).replace(/^[\s在于]+/, '');
  return CONCESSION.test(rest);
}

// The terms they ask for ("客户要求分三期", "对方要求下个月分两批交货"): their condition, not our step.
const TERMS_DEMAND = /(?:要求|希望|坚持|提出|想要|提了)(?!我们|咱们|我方|我)/;
const TERMS = new RegExp(`^(?:(?:先|再|都|能|可以|最好)\\s*)*(?:${TERMS_ASKED.join('|')})`);
function asksTerms(text: string, times: TimeExpr[]): number {
  const m = TERMS_DEMAND.exec(text);
  if (!m || /(?:我们|我|咱们)\s*$/.test(text.slice(0, m.index))) return -1;
  const from = m.index + m[0].length;
  return TERMS.test(tidy(stripTimes(text.slice(from), times.filter((t) => t.start >= from), from)).replace(/^\s+/, '')) ? m.index : -1;
}

// Our own commitment: "我们周五前寄样", "我们答应周四前书面回复".
const OUR_SIDE = /(?:^|[\s,，])(?:我们|我|咱们|我方)(?:这边)?(?:得|要|需要|会|答应|准备|计划|打算|争取|负责|先|尽快)?/;

// The customer side as the subject opening a clause (after the customer's name or 那边).
const THEY_START = /^(?:[^\s,，。；;]{0,10}?(?:那边|这边|方面)\s*)?(?:他们|她们|对方|客户|甲方|老板|领导|他|她)(?:那边|这边|自己|内部)?\s*/;
// A person first is the subject only when no verb of ours governs them ("给王总打电话", "约周工").
const OBJECT_BEFORE = /[给跟和与同约找见访联问催帮向对把让叫请陪带送]/;
const OURS_TO_DO = /(?:我们|咱们|我方|我司|我)(?:这边)?\s*(?:得|要|需要|必须|会|答应|准备|计划|打算|争取|负责|先|尽快|去|来|把|再|过去|提供|出|发|给|做|报|寄|安排)/;

// What a person of theirs does on their side: speaks, decides, travels, asks upward. A named
// person opening a clause is its subject only with one of these after them (and a time): in a
// spaced note "见了采购主管 小管 礼拜五之前把样册寄给她", 小管 ends the last fragment instead.
const THEIR_DOING = /^(?:去|来|到|飞|出国|回国|外出|说|表示|讲|提到|反馈|回复|答应|承诺|告诉|透露|那边|自己|会|要|打算|准备|计划|想|出差|休假|请假|不在|回来|考虑|商量|研究|讨论|汇报|请示|走流程|审批|开会|定|决定|确认|评估|看看|给(?:答复|回复|反馈|消息|结果|回话))/;
// "他是技术负责人 …": a description of the person, not what they will do.
const DESCRIBES = /^\s*(?:是|叫|姓|的|也是|就是|负责)/;

// "晨光印务那边下周开会讨论报价": the customer's side as the subject, then something only they do
// (their meetings, reviews, approvals) — not "X那边需要再去一趟", which is ours.
const SIDE_START = /^[^\s,，。；;]{1,12}?(?:那边|这边|方面)\s*/;
const ONLY_THEIRS = /^(?:(?:还|也|都|会|要|将|准备|打算|计划|想|得)\s*)*(?:开会|开个会|内部|讨论|研究|商量|考虑|评估|评审|审批|走流程|汇报|请示|决定|出差|休假|放假|盘点|招标|换人|调整)/;
const ONLY_THEIRS_ANYWHERE = new RegExp(ONLY_THEIRS.source.replace(/^\^/, ''));

// A supplier, agent or partner opening the clause (vocab/thirdParties.ts): "代理商深圳锐捷说下个月帮
// 我们推两个项目", "供应商恒丰答应月底前补货". What it says or promises is theirs, never our step.
const THIRD_PARTY_LEAD = new RegExp(`^\\s*(?:(?:我们|我司|我方|咱们|客户|他们)的)?(?:${[...THIRD_PARTY_WORDS].filter((w) => /[\u4e00-\u9fff]/.test(w)).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?:那边|这边)?`);
const THIRD_PARTY_DOES = /^(?:(?:说|表示|答应|承诺|讲|提到|反馈|透露)(?:了|过)?|(?:会|要|将|准备|打算|计划|负责|愿意|可以|能)?\s*帮(?:我们|我|咱们|我司|忙)|会|要|将|准备|打算|计划|负责|答应|承诺)/;

/** Where a third party opening `text` as its subject ends (before what it says or does), or -1. */
function thirdPartySubjectEnd(text: string): number {
  const m = THIRD_PARTY_LEAD.exec(text);
  if (!m) return -1;
  for (let i = m[0].length; i <= Math.min(text.length, m[0].length + 12); i++) {
    if (i > m[0].length && /[\s,，。；;!！?？]/.test(text[i - 1])) break;
    const after = text.slice(i);
    if (THIRD_PARTY_DOES.test(tidy(stripTimes(after, findTimeExprs(after))).replace(/^\s+/, ''))) return i;
  }
  return -1;
}

/** Where the customer-side subject opening `text` ends, or -1 when the clause does not open with one. */
function theirSubjectEnd(text: string): number {
  const side = SIDE_START.exec(text);
  if (side && ONLY_THEIRS.test(tidy(stripTimes(text.slice(side[0].length), findTimeExprs(text.slice(side[0].length)))))) return side[0].length;
  // "方舟电子下周开会讨论方案": the customer itself as the subject, then what only they do.
  if (ONLY_THEIRS_ANYWHERE.test(text)) {
    const org = findCustomers(text).find((x) => x.start === 0 || /^\s*$/.test(text.slice(0, x.start)));
    const rest = org ? text.slice(org.end) : '';
    if (org && ONLY_THEIRS.test(tidy(stripTimes(rest, findTimeExprs(rest))).replace(/^\s+/, ''))) return org.end;
  }
  const they = THEY_START.exec(text);
  if (they) return DESCRIBES.test(text.slice(they[0].length)) || /^(?:他|她)(?:们)?的/.test(text.slice(they[0].length - 2)) ? -1 : they[0].length;
  // A person by name (王总, 刘兵), or by title alone (厂长, 采购经理).
  const first = findMentions(text)[0] ?? titleAt(text);
  if (!first || first.start > 8 || OBJECT_BEFORE.test(text.slice(0, first.start))) return -1;
  const after = text.slice(first.end);
  return THEIR_DOING.test(tidy(stripTimes(after, findTimeExprs(after))).replace(/^\s+/, '')) ? first.end : -1;
}

const BARE_TITLE = new RegExp(`(?:${[...JOB_TITLES].filter((t) => /^[\u4e00-\u9fff]{2,}$/.test(t)).sort((a, b) => b.length - a.length).join('|')})`);

/** A job title standing for a person ("厂长说…"), within the first words of `text`. */
function titleAt(text: string): { start: number; end: number } | undefined {
  const m = BARE_TITLE.exec(text.slice(0, 12));
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

// A cue word is stripped only as a word of its own: 要求, 会议, 得到, 待定 keep their first character.
const CUE_STRIP =
  /^(?:我|我们|我方|咱们)这边\s*|^(?:(?:我|我们|我方|咱们)\s*)?(?:还|再|也|就)?(?:需要|要(?!求|点|素|是)|得(?!到|知|出)|准备|计划|打算|安排|待(?!遇|定|办)|记得|别忘了?|提醒我|争取|会(?!议|谈|员|签|上|面|后)|将)\s*|^(?:(?:i|we)\s*)?(?:will|'ll|need to|needs to|have to|has to|going to|plan to|must|should|gonna)\s+|^(?:remind me to|to do:?|todo:?|please)\s+/i;
const STEP_SPLIT = /并且|并|然后|、|;|(?<![a-z])(?:and then|then)(?![a-z])/i;
const JOINER = /(?:和|及|以及|, and|(?<![a-z])and)(?![a-z])/gi;

// A plan stated after a topic: "<customers> 都要 <action>", "恒通那边需要再去一趟". The topic must not
// be someone speaking ("客户说要…" is theirs) and the cue must be followed by something we do.
const MID_CUE = /(?:都|也|还|就|得)?(?:需要|要|准备|计划|打算|安排)/g;
function topicThenCue(lead: string): boolean {
  MID_CUE.lastIndex = 0;
  for (let m = MID_CUE.exec(lead); m; m = MID_CUE.exec(lead)) {
    if (m.index === 0) continue;
    const topic = lead.slice(0, m.index);
    if (SPEECH.test(topic) || /说|表示|觉得|认为|问|(?<![a-z])(?:said|says|asked)(?![a-z])/i.test(topic)) return false;
    if (isAction(tidy(lead.slice(m.index + m[0].length)))) return true;
  }
  return false;
}

// "要50台", "需要两套设备": a quantity (and at most a short noun) is what the customer wants to
// buy, not a step of ours; "要两套样机寄给…" goes on and is one.
const QUANTITY_AFTER_CUE = /^\s*(?:\d+|[一二两三四五六七八九十百千几]+)\s*(?:台|套|个|件|份|批|箱|吨|张|把|辆|部|组|块|只|颗|条|米|units?|pcs|sets?|seats?|licen[cs]es?)[\u4e00-\u9fff]{0,4}\s*$/i;

/** "让我们过两天给个排期表": what follows the ask (after a "later" word) is something we do. */
function askedAction(lead: string): boolean {
  const m = ASK_US.exec(lead);
  if (!m) return false;
  const rest = tidy(lead.slice(m.index + m[0].length));
  const later = LATER.exec(rest);
  return isAction(later ? rest.slice(later[0].length) : rest);
}

function isAction(s: string): boolean {
  const t = s.replace(/^[\s,:：]+/, '').replace(/^(?:(?:我们|我方|咱们|我)\s*)/, '');
  return ACTION_ZH.test(t) || ACTION_EN.test(t);
}

// "下周把报价发了", "年前把合同签了": 把, a thing and a verb with 了 at the end, under a time that can
// only be ahead — get it done by then, not done already.
const BA_DONE = /把[^，。,；;了]{1,20}?[\u4e00-\u9fff]了\s*$/;
function doneBy(text: string, times: TimeExpr[]): boolean {
  const rest = stripTimes(text, times);
  return times.some((t) => !t.pastOnly && !t.neutral) && BA_DONE.test(rest) && rest.indexOf('了') === rest.lastIndexOf('了');
}

/** Is a clause told in the past (了, 过, visited…)? Its time words do not count: "过完年再约" is ahead. */
function pastMarked(text: string, times: TimeExpr[]): boolean {
  return PAST_MARK.test(times.length ? stripTimes(text, times) : text);
}

function stripTimes(s: string, times: TimeExpr[], offset = 0): string {
  let out = s;
  for (const e of [...times].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start - offset) + ' ' + out.slice(e.end - offset);
  }
  return out;
}

/** Words that make a whole message a to-do: 提醒我…, 记一下…, 待办…, remind me…, Tasks: … */
export const TASK_CUE = /提醒一下|提醒我|提醒下|remind\s*(?:me|我)|记一下|记个|记得|帮我记|待办|备忘|别忘了?|(?<![a-z])(?:to-?do|reminder|tasks?\s*[:：]|don'?t forget)(?![a-z])/i;

/** A fragment that is only a time, a header or a label ("上午", "待办 周三前", "下一步："). */
// …and so does a spaced 把 with its object but not yet its verb ("把 报价 | 发给 他").
const OPEN_END = /(?:去|来|给|跟|和|与|把|对|向|说|要|想|让我们|让我|预算|大概|大约|约|在|是|的|叫|姓|准备|打算|我们|咱们|我方|把\s+[\u4e00-\u9fff]{1,6})$/;

// In a note spaced word by word ("小管 礼拜五 之前 把 样册 寄给 她") a time that ends a fragment
// heads the action in the next one.
const HEADED = /^(?:(?:我们|我方|咱们|我)\s*)?(?:把|给|再|先|去|要|得|需要|准备|安排|约)/;

/** Where the time that ends `frag` starts, when it stands on its own and heads `next`; else -1. */
export function spaceHeadOf(frag: string, next: string): number {
  const times = findTimeExprs(frag);
  const last = times[times.length - 1];
  if (!last || last.pastOnly || last.neutral || frag.slice(last.end).trim() !== '') return -1;
  if (last.start > 0 && !/\s$/.test(frag.slice(0, last.start))) return -1;
  return HEADED.test(next) || isAction(next) ? last.start : -1;
}

export function isFillerFragment(text: string): boolean {
  let t = text;
  for (const e of [...findTimeExprs(t)].sort((a, b) => b.start - a.start)) t = t.slice(0, e.start) + t.slice(e.end);
  t = t.replace(HEADER, '').replace(TASK_CUE, '').replace(/^[\u4e00-\u9fff]{1,4}[:：]\s*$/, '').replace(/然后|那个|这个|就是|嗯+|呃+/g, '');
  // A fragment that stops before its object ("让我们去 做个演示", "预算 大概 六十万") goes on in the next.
  if (OPEN_END.test(text.trim())) return true;
  return (t.match(/[\u3400-\u9fff]/g)?.length ?? 0) < 2 && !/[A-Za-z]{3,}/.test(t);
}

// What may stand around a time in a clause that says only when: "最晚周五前吧", "tomorrow at the latest".
const TIME_ONLY_REST = /^(?:\s|最晚|最迟|最好|尽量|争取|大概|大约|之?前|以前|左右|前后|吧|啊|呀|呢|哈|吧|的时候|之内|以内|(?<![a-z])(?:by|before|on|at|around|end of|the|latest|at the latest|ideally|or so|if possible|please|pls)(?![a-z]))*$/i;

/** A clause that says only when ("明天下午", "周五前", "tomorrow morning"), with at least one time. */
function timeOnly(text: string): boolean {
  const times = findTimeExprs(text);
  return times.length > 0 && !times.every((t) => t.neutral) && TIME_ONLY_REST.test(tidy(stripTimes(text, times)).replace(/[,.!?，。！？~～]/g, ' '));
}

// "约了两个客户", "约好了三家": meetings arranged, counted; the items follow.
const ARRANGED_LIST = /^(?:(?:今天|刚才|刚刚|上午|下午|我)\s*)?约(?:了|好了?)\s*(?:[两二三四五六七八九十几]\s*(?:家|个|位)(?:客户|公司|单位)?)$/;
/** Only whom, with no verb: "海天", "华星科技的王总". */
function onlyWhom(lead: string): boolean {
  return lead.length > 0 && lead.length <= 16 && !isAction(lead) && !PAST_MARK.test(lead) && tokenize(lead).every((t) => !/^v/.test(t.tag) || t.tag === 'vn');
}
// "约了安徽华源的赵总": only 约 and whom (no time, no action of its own).
const ARRANGED_WITH = /^约(?:了|好了?)?\s*(?![了好])([^,，。;；\s]{2,16})$/;
const ARRANGED_WHAT = new RegExp(`^\\s*(?:再|一起|去)?\\s*(?:${[...ARRANGED_MEETINGS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`);
function arrangedWith(text: string): boolean {
  return ARRANGED_WITH.test(text) && !findTimeExprs(text).length;
}
/** A clause that opens with a time still ahead, then a meeting ("周四吃饭", "明天下午见面"). */
function arrangedWhenWhat(text: string): boolean {
  const t = findTimeExprs(text)[0];
  return !!t && t.start === 0 && !t.pastOnly && !t.neutral && ARRANGED_WHAT.test(text.slice(t.end)) && !PAST_MARK.test(text);
}

/**
 * A time said after a comma at the end of what to do ("给刘兵回电话，明天下午", "把报价发给周工，周五前",
 * "call Raj back, tomorrow morning") is the time of the clause before it: the two become one clause,
 * so a future time makes it a step and a past one dates what happened. Only a clause with no time
 * of its own takes it.
 */
export function joinTimeTails(s: string, clauses: Clause[]): Clause[] {
  const out: Clause[] = [];
  for (const cl of clauses) {
    const prev = out[out.length - 1];
    const sameSentence = prev && !/[;；。!！?？\n]/.test(s.slice(prev.end, cl.start));
    // …and one said first ("明天下午，给刘兵回电话") is the time of the clause after it.
    const tail = sameSentence && timeOnly(cl.text) && !findTimeExprs(prev.text).length && !timeOnly(prev.text);
    const head = sameSentence && timeOnly(prev.text) && !findTimeExprs(cl.text).length && (out.length === 1 || !timeOnly(s.slice(out[out.length - 2].start, out[out.length - 2].end)));
    // "约了X的赵总，明天下午见面": whom it was arranged with, then when and what — one step.
    const arranged = sameSentence && arrangedWith(prev.text) && arrangedWhenWhat(cl.text);
    if (tail || head || arranged) {
      out[out.length - 1] = { text: s.slice(prev.start, cl.end), start: prev.start, end: cl.end };
    } else out.push(cl);
  }
  return out;
}

// Someone other than us, then a verb of telling or promising: "华信说", "远航的采购答应".
const REPLY_SPEAKER = /^(?!我|咱)[^,，。;；]{1,12}?(?:说|表示|反馈|回复说|答应|承诺)(?:了)?/;
// What only the side that was asked gives back: an answer, feedback, a result.
const THEIR_REPLY = /^(?:(?:再|就|会|能|才|尽快|争取|可以)\s*)*(?:给(?:我们|我|个|一个)?\s*(?:答复|回复|反馈|回话|回音|准信|结果|消息|意见)|(?:出|有|定)(?:个|一个)?\s*结果|回复(?!客户|他|她)|答复(?!客户|他|她)|反馈(?:意见|结果)?$)/;

// "月底前打首款", "首付款下周一打过来": the customer pays — theirs, not a step of ours.
const THEY_PAY = new RegExp(`^(?:(?:他们|她们|对方|客户|甲方|财务|他|她)\\s*)?(?:(?:先|再|就|会|要|能|可以|才|争取|尽量|应该|说|答应|承诺)\\s*)*(?:把\\s*)?(?:${CUSTOMER_PAYS.join('|')})`);

// "准备二期再采购一批", "明年再增购两百套": the customer buys — theirs, not a step of ours.
const THEY_BUY = new RegExp(`(?:${CUSTOMER_BUYS.join('|')})(?=\\s*(?:[一二两三四五六七八九十百千几\\d]|个|些|批|套|台|$))`);
const WE_PUSH = new RegExp(`(?:${OUR_PUSH.join('|')})`);
function theyBuy(lead: string): boolean {
  const m = THEY_BUY.exec(lead);
  return !!m && !WE_PUSH.test(lead.slice(0, m.index));
}

// "他们的招标文件下周出", "对方的预算月底批下来", "他们的合同下周盖章寄回": their thing, then it comes
// out or comes back — theirs, not our step.
const THEIR_THING_COMES = /^(?:他们|她们|对方|客户|甲方)(?:那边|这边)?的(?:(?!我|咱)[\u4e00-\u9fffA-Za-z]){1,10}?\s*(?:(?:才|就|会|要|能|应该|可能|估计|预计|大概|也|还|最快|最晚)\s*)*(?:(?:出来|出|下来|定下来|发布|公布|挂网|批下来|批|到位|走完|盖章|盖好章|签字|签好字?|寄回|寄回来|回传|返回|发回)\s*){1,2}$/;

const alt = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
// "公司年会下周五开", "部门周会明天上午开", "公司团建定在下周六": the event is the subject and only takes
// place — no one of ours acts, so it is no step (and, still to come, no activity).
const EVENT_CLAUSE = new RegExp(`^(?:(?:${alt(EVENT_OWNERS)})的?)?(?:${alt(EVENT_NOUNS)})(?:的时间)?\\s*(?:(?:是|也|就|会|要|将|都)\\s*)*(?:${alt(TAKES_PLACE)})?\\s*(?:了)?$`);
// "下周开会定供应商": a time before the customer's meeting dates the meeting; the decision follows it.
const DECIDED_AT_MEETING = new RegExp(`(?:${alt(DECIDING_MEETINGS)})`);

/** True when `text` only says when an event of ours takes place (no action of the rep's). */
export function eventOnly(text: string, times: TimeExpr[]): boolean {
  return times.length > 0 && EVENT_CLAUSE.test(tidy(stripTimes(text, times)).replace(/\s+/g, ''));
}

/** A decision verb after a time and the event it waits for ("老板下周回来再定"). */
function decisionWaits(text: string, times: TimeExpr[]): boolean {
  for (const verb of text.matchAll(CLOSE_VERB_ALL)) {
    if (times.some((t) => !t.pastOnly && t.end <= verb.index! && (WAITS_FOR_EVENT.test(text.slice(t.end, verb.index!)) || DECIDED_AT_MEETING.test(text.slice(t.end, verb.index!))))) return true;
  }
  return false;
}

function closeAt(cl: Clause, times: TimeExpr[], prevHadCloseVerb: boolean, c: TimeCtx): Date | null {
  const future = times.filter((t) => !t.pastOnly && !t.neutral);
  if (!future.length) return null;
  // Every close verb counts: "定了 这周内签" — the time belongs to 签, not to 定.
  const verbs = [...cl.text.matchAll(CLOSE_VERB_ALL), ...[...cl.text.matchAll(LANDING_VERB_ALL)].map((m) => Object.assign(m, { landing: true }))];
  for (const verb of verbs) {
    for (const t of future) {
      if ('landing' in verb && !isCoarse(t)) continue;
      // "老板下周回来再定", "下周开完会再定": the time is when something else happens; the decision
      // waits for it and has no date of its own.
      if (t.end <= verb.index! && WAITS_FOR_EVENT.test(cl.text.slice(t.end, verb.index!))) continue;
      // "下周开会定供应商": the time is their meeting's; the decision taken there has no date of its own.
      if (t.end <= verb.index! && DECIDED_AT_MEETING.test(cl.text.slice(t.end, verb.index!))) continue;
      const before = t.end <= verb.index!;
      const between = before ? cl.text.slice(t.end, verb.index!) : cl.text.slice(verb.index! + verb[0].length, t.start);
      // "年底前定供应商", "下周四拍板", "预计12月签约" — or "签约推到1月20号", "decision by Dec 18".
      const near = before ? /^[\s,]*(?:左右|前后|之前|以前|前|才|就|要|能|会|得|再|必须|肯定|应该|可以|才能|就能|要能|能够)*\s*$/.test(between) || between.length <= 4 || /^\s*(?:要|得|会|必须|争取)?\s*把[^,，。;；]{1,12}$/.test(between) : CLOSE_MOVED.test(between) || /^\s*(?:dates?\s*(?:is\s*|to\s*|:\s*)?)?(?:(?:is |was )?(?:expected|planned|scheduled)?\s*(?:by|on|in|for|around|before)?)\s*$/i.test(between);
      if (near || CLOSE_CUE.test(cl.text)) return resolveTime(t, 'close', c);
    }
  }
  // "就能签，预计月底前": the cue and the time in a clause of their own, the verb just before.
  if (prevHadCloseVerb && /^\s*(?:预计|估计|争取|大概|应该)/.test(cl.text) && tidy(stripTimes(cl.text, times)).replace(/预计|估计|争取|大概|应该|能|可以|左右/g, '').length <= 2) return resolveTime(future[0], 'close', c);
  return null;
}

export function classifyClauses(clauses: Clause[], c: TimeCtx): ClassifiedClause[] {
  let inSteps = false;
  // After a future step ("下月初去成都跑一圈，拜访四川航空"), an action with no past marker is still the plan.
  let planning = false;
  let prevCloseVerb = false;
  const taskMode = clauses.some((cl) => TASK_CUE.test(cl.text));
  const endOfToday = at(c, addDays(todayOf(c), 1)).getTime();
  // A plain clause keeps where its first time after today is, when nothing in it is past.
  const plain = (base: ClassifiedClause, extra: Partial<ClassifiedClause> = {}): ClassifiedClause => {
    if (pastMarked(base.text, base.times)) return { ...base, ...extra };
    const ahead = base.times.find((t) => !t.pastOnly && !t.neutral && (resolveTime(t, 'past', c)?.getTime() ?? 0) >= endOfToday);
    return { ...base, ...extra, ...(ahead ? { aheadFrom: ahead.start } : {}) };
  };
  // The end of the last clause that reported their words, to see a dictated piece that goes on with them.
  let saidUpTo = -1;
  const said = (cl: ClassifiedClause): ClassifiedClause => ((saidUpTo = cl.end), cl);
  // After a counted heading of meetings arranged ("约了两个客户："), an item that is only whom and
  // a time ahead ("海天明天上午") is one of those meetings: a step.
  let arrangedList = false;
  return clauses.map((cl) => {
    const listed = arrangedList;
    if (ARRANGED_LIST.test(cl.text.trim())) {
      arrangedList = true;
      return { ...cl, kind: 'plain', times: findTimeExprs(cl.text) };
    }
    const goesOnSaying = saidUpTo >= 0 && cl.start === saidUpTo;
    // The clause right after their words, across a comma ("他说老板是决策人，|月底前给答复").
    const afterSaying = saidUpTo >= 0 && cl.start - saidUpTo <= 2;
    saidUpTo = -1;
    const times = findTimeExprs(cl.text);
    const future = times.filter((t) => !t.pastOnly);
    const base: ClassifiedClause = { ...cl, kind: 'plain', times };
    const firstFuture = future[0];
    const hadCloseVerb = prevCloseVerb;
    prevCloseVerb = CLOSE_VERB.test(cl.text);
    const header = HEADER.exec(cl.text);
    if (header) inSteps = true;
    const text = header ? cl.text.slice(header.index + header[0].length) : cl.text;
    if (inSteps && tidy(text)) return { ...base, kind: 'step' };
    const lead = tidy(stripTimes(cl.text, times).replace(TASK_CUE, ' '));
    if (listed && firstFuture && !firstFuture.neutral && !pastMarked(cl.text, times) && onlyWhom(lead)) return { ...base, kind: 'step', arrangedItem: true };
    if (listed && !firstFuture) arrangedList = false;
    // "公司年会下周五开": an event of ours that only takes place — nobody's step, no activity.
    if (!TASK_CUE.test(cl.text) && eventOnly(cl.text, times)) return plain(base);
    const past = (pastMarked(cl.text, times) && !doneBy(cl.text, times)) || times.some((t) => t.pastOnly);
    // "代理商深圳锐捷说下个月帮我们推两个项目": a supplier, agent or partner as the subject — what it
    // says or promises is theirs, unless what is said is ours to do ("代理商说我们下周去拜访").
    const party = TASK_CUE.test(cl.text) ? -1 : thirdPartySubjectEnd(cl.text);
    if (party >= 0) {
      const words = tidy(stripTimes(cl.text.slice(party), times.filter((t) => t.start >= party), party)).replace(/^\s*(?:说|表示|讲|提到|反馈|透露)(?:了|过)?\s*/, '');
      if (!/^(?:我们|咱们|我方|我司|我)/.test(words)) return (/^\s*(?:说|表示|讲|提到|反馈|透露)/.test(cl.text.slice(party)) ? said : (x: ClassifiedClause) => x)(plain(base, { theirsFrom: party }));
    }
    // "客户要我们下个月降价5%": the customer's demand, noted as theirs.
    const demand = ASK_US.exec(cl.text);
    if (demand && demandsConcession(cl.text, times)) return plain(base, { theirsFrom: demand.index });
    const terms = asksTerms(cl.text, times);
    if (terms >= 0) return plain(base, { theirsFrom: terms });
    const asked = ASK_US.test(cl.text) || (SPEECH.test(cl.text) && WANTS_DELIVERABLE.test(cl.text)) || (firstFuture !== undefined && (REQUIRES.test(cl.text) || THEY_WISH.test(lead) || THEY_WISH.test(theirPersonAsPronoun(lead))));
    // A to-do or something the customer asks of us is our next step, even with a signing verb in it.
    if ((TASK_CUE.test(cl.text) && !past) || (asked && (firstFuture || isAction(lead) || askedAction(lead)))) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    const close = closeAt(cl, times, hadCloseVerb, c);
    if (close && !/(?:我们|我)(?:去|过去)签/.test(cl.text)) return { ...base, kind: 'close', closeAt: close };
    // "下周开完会再定供应商": the customer's decision waits for their event — no date, and not our step.
    if (!close && decisionWaits(cl.text, times)) {
      // …still marked as theirs when they are the subject ("王总说下周开会定供应商").
      const said = SPEECH.exec(cl.text);
      const subject = said ? said.index + said[0].length : theirSubjectEnd(cl.text);
      return plain(base, subject >= 0 ? { theirsFrom: subject } : {});
    }
    // A deadline in the customer's words is theirs ("她说周五前给回复"), not ours.
    const speech = SPEECH.exec(cl.text);
    if (speech && !OUR_SIDE.test(cl.text.slice(speech.index + 3))) return said(plain(base, { theirsFrom: speech.index + speech[0].length }));
    // …and in the words of a person of theirs named or titled ("小周说何总下周出差"), unless what is
    // said is ours to do ("王总说下周我们过去演示").
    const named = namedSpeech(cl.text);
    if (named) {
      const words = cl.text.slice(named.index + named[0].length);
      if (!OUR_SIDE.test(words) && !OURS_TO_DO.test(tidy(stripTimes(words, findTimeExprs(words))))) return said(plain(base, { theirsFrom: named.index + named[0].length }));
    }
    // A dictated run cut right after what they said ("王总说方案没问题|下周给我们答复"): the piece
    // glued to it, with no subject or cue of ours, goes on with their words.
    // …with no subject and only a reply to give ("月底前给答复", "两周内出结果"): still what they said.
    if (afterSaying && !TASK_CUE.test(cl.text) && THEIR_REPLY.test(tidy(stripTimes(cl.text, times)))) return said(plain(base, { theirsFrom: 0 }));
    // Anyone not of ours who says they will give an answer ("华信说周五前给结果", "远航的采购答应月底前
    // 给回复"): the answer is theirs to give — something we wait for, not our step.
    const replySaid = !TASK_CUE.test(cl.text) ? REPLY_SPEAKER.exec(cl.text) : null;
    const replyAt = replySaid ? replySaid[0].length : 0;
    if (replySaid && THEIR_REPLY.test(tidy(stripTimes(cl.text.slice(replyAt), times.filter((t) => t.start >= replyAt), replyAt)))) return said(plain(base, { theirsFrom: replyAt }));
    if (goesOnSaying && !OUR_SIDE.test(cl.text) && !OURS_TO_DO.test(tidy(stripTimes(cl.text, times))) && !/^(?:我们|我|咱们|我方)/.test(tidy(stripTimes(cl.text, times)))) return said(plain(base, { theirsFrom: 0 }));
    // So is what the customer side plans: "周工说下周二给答复", "他们这个月底前出采购申请",
    // "王总下周出差" — the subject is them (a pronoun, or a person of theirs named first), and
    // nothing in it is ours to do ("王总说我们周五前报价" stays our step).
    if (!TASK_CUE.test(cl.text) && !OUR_SIDE.test(cl.text) && (THEY_PAY.test(lead) || theyBuy(lead) || THEIR_THING_COMES.test(lead.replace(/\s+/g, '')))) return plain(base, { theirsFrom: 0 });
    const theirs = theirSubjectEnd(cl.text);
    if (theirs >= 0) {
      const rest = cl.text.slice(theirs);
      if (!OURS_TO_DO.test(tidy(stripTimes(rest, findTimeExprs(rest))))) return plain(base, { theirsFrom: theirs });
    }
    if ((CUE_START.test(lead) || CUE_START.test(tidy(cl.text))) && !QUANTITY_AFTER_CUE.test(lead.replace(CUE_START, ''))) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    // "我再约他们技术聊一下接口", "我先把报价改一版": us, then 再/先/马上 and an action, nothing past —
    // what we do next, even with no time.
    const next = OUR_NEXT.exec(lead);
    if (next && !past && isAction(lead.slice(next[0].length))) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    // "远航和恒通两家这周都要再跑一趟": the customers as the topic, then the cue and an action.
    if (!past && topicThenCue(lead)) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    // "过两天再跟进一下小刘": later, with no date — still a step.
    const later = LATER.exec(lead);
    if (later && !past && isAction(lead.slice(later[0].length))) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    // "<who> <when> <action>" ("中晟下周再约") and "约了/定在 <when> <action>" ("约了下周见面") plan.
    if (firstFuture && !firstFuture.neutral) {
      const before = cl.text.slice(0, firstFuture.start);
      const after = tidy(cl.text.slice(firstFuture.end));
      // "约了下周见面", and "下周二约了演示" (the time first, then what was arranged).
      // …and "约了演示，周四下午": what was arranged, then its time in a clause of its own.
      const arranged =
        (PLAN_BEFORE_TIME.test(before) && (after === '' || isAction(after) || /^(?:见面|碰面|面谈|开会|会议|演示|交流)/.test(after))) ||
        ARRANGED.test(after) ||
        (after === '' && ARRANGED_THEN_TIME.test(before));
      if (arranged || (!past && isAction(after) && !PAST_MARK.test(before) && !SPEECH.test(before))) {
        planning = true;
        return { ...base, kind: 'step' };
      }
    }
    // "我下午寄过去", "我们晚上发给他": we, a part of today (neutral alone), then an action with
    // nothing past — what we are about to do.
    const weLater = firstFuture?.neutral && !past && /^(?:我们|咱们|我方|我)(?:这边)?\s*$/.test(cl.text.slice(0, firstFuture.start).trim()) && isAction(tidy(cl.text.slice(firstFuture.end)));
    if (weLater) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    const ours = OUR_SIDE.test(cl.text) && firstFuture && !firstFuture.neutral;
    if (firstFuture && !firstFuture.neutral && !past && (isAction(lead) || taskMode || ours)) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    if ((planning || taskMode) && !past && isAction(lead)) return { ...base, kind: 'step' };
    if (past) planning = false;
    return plain(base);
  });
}

function splitParts(s: string): string[] {
  const parts: string[] = [];
  for (const chunk of s.split(STEP_SPLIT)) {
    // 和/and only split when both sides are actions: "发方案和报价单" is one step.
    let rest = chunk;
    JOINER.lastIndex = 0;
    for (let m = JOINER.exec(rest); m; m = JOINER.exec(rest)) {
      const right = rest.slice(m.index + m[0].length);
      const rightNoTime = tidy(stripTimes(right, findTimeExprs(right)));
      if (m.index > 0 && isAction(rightNoTime) && !nounAtStart(rightNoTime) && tidy(rest.slice(0, m.index))) {
        parts.push(rest.slice(0, m.index));
        rest = right;
        JOINER.lastIndex = 0;
      }
    }
    parts.push(rest);
  }
  return parts;
}

/**
 * Does `s` start with a noun whose first characters only look like an action word — 报价单 (报价),
 * 发票 (发), 方案书? "把方案和报价单发给吴工", "合同和发票寄给刘总": the 和 joins two things, not two
 * steps. A word the action list names whole (电话, 邮件, 拜访) stays an action.
 */
function nounAtStart(s: string): boolean {
  const t = s.replace(/^[\s,:：]+/, '').replace(/^(?:(?:我们|我方|咱们|我)\s*)/, '');
  const verb = ACTION_ZH.exec(t);
  const first = tokenize(t).find((k) => k.word.trim());
  return !!verb && !!first && /^n/.test(first.tag) && first.word.length > verb[0].length;
}

const SUBJECT = /^(?:我们|咱们|我方|我司|我)(?:这边|自己)?\s*(?=[\u4e00-\u9fff])(?!的)/;
function withoutSubject(title: string): string {
  return tidy(title.replace(SUBJECT, '')) || title;
}

// 安排 and 准备 only announce the plan when a verb follows ("安排去拜访", "准备演示"); with a thing
// after them they are the action itself: "安排POC", "准备标书", "安排一下培训" (→ 安排培训).
const CUE_AS_VERB = /^(?:(?:我|我们|我方|咱们)(?:这边)?\s*)?(?:还|再|也|就)?(?:需要|要|得|会)?\s*(安排|准备)\s*(?:一下|下)?\s*/;
function cueIsTheAction(title: string): string | null {
  const m = CUE_AS_VERB.exec(title);
  if (!m) return null;
  const rest = title.slice(m[0].length);
  const first = tokenize(rest).find((t) => t.word.trim());
  if (!first || (/^v/.test(first.tag) && first.tag !== 'vn') || /^(?:去|来|再|先|给|跟|和|与|把|到|在|一起|约|找|见|打|发|送|寄|做|出)/.test(rest)) return null;
  return `${m[1]}${rest}`;
}

// A verb said with no object ("发", "寄过去", "发给他们"): what is sent was named earlier with the same
// verb ("先发个报价" → 发报价). Measure words between verb and object are dropped ("个", "一份").
const BARE_REST = /^(?:了|一下|下)?(?:过去|过来|出去|回去)?(?:给(?:他们|她们|他|她|对方|客户|人家))?(?:过去)?(?:一下)?$/;
const MEASURE_ONLY = /^(?:个|份|一个|一份|一版|一下|下|了|过|一套)$/;
function withObjectSaidBefore(title: string, before: string[]): string {
  return objectSaidBefore(title, before).title;
}

// A note-taking request alone ("先记一下", "帮我记下"): nothing to do.
const NOTE_ONLY = /^(?:先|再|帮我|麻烦)?\s*(?:记|记录|备忘|备注|登记)(?:一下|下|个|着)?$/;
// An adverb before a bare verb ("再打", "先发"): kept in front of the verb and its object.
const ADVERB_FIRST = /^(?:再|先|也|还|就|马上|赶紧|尽快|晚点|回头)(?=[\u4e00-\u9fff])/;
// Verbs said bare after their thing ("报价明天给", "合同下周寄").
const BARE_LAST = /^(?:给|发|寄|送|交|签|回|报|做|出|递|传)$/;
/** "天成物流的报价给" → "给天成物流的报价": a thing (nouns only) then a bare verb reads verb first. */
function objectFirst(title: string): string {
  const toks = tokenize(title).filter((t) => t.word.trim());
  const last = toks[toks.length - 1];
  if (!last || toks.length < 2 || !BARE_LAST.test(last.word)) return title;
  const thing = toks.slice(0, -1);
  if (!thing.some((t) => /^(?:n|nz|vn|nt)$/.test(t.tag) || (t.tag === 'a' && t.word.length >= 2)) || thing.some((t) => /^v/.test(t.tag) && t.tag !== 'vn') || thing.some((t) => /^(?:r|p|d)$/.test(t.tag))) return title;
  return `${last.word}${title.slice(0, last.start).trim()}`;
}

// "方案要再改一版，下周五前给他": a verb of handing over with only a pronoun after it — the thing is
// the last thing we send named before (vocab/documents.ts DELIVERABLES), the pronoun the last
// person named before: "把方案给李总".
const HANDED_TO_THEM = /^(给|交给|发给|带给|送给|递给|寄给)(他们|她们|他|她|对方|人家)(?:了|一下|过去)?$/;
const DELIVERABLE_WORDS = new RegExp(`(?:${[...DELIVERABLES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`, 'g');
function handedToThem(title: string, before: string[]): { title: string; from: number } | null {
  const m = HANDED_TO_THEM.exec(title);
  if (!m) return null;
  for (let n = before.length - 1; n >= 0; n--) {
    const things = before[n].match(DELIVERABLE_WORDS);
    if (!things) continue;
    const people = before.slice(0, n + 1).flatMap((t) => findMentions(t));
    const whom = people.length && /^(?:他|她|对方|人家)$/.test(m[2]) ? people[people.length - 1].name : m[2];
    return { title: `把${things[things.length - 1]}${m[1]}${whom}`, from: n };
  }
  return null;
}

/** withObjectSaidBefore, and which of `before` gave the object (-1: none). */
function objectSaidBefore(title: string, before: string[]): { title: string; from: number } {
  const found = sameVerbObject(title, before);
  return found.from >= 0 ? found : (handedToThem(title, before) ?? found);
}

function sameVerbObject(title: string, before: string[]): { title: string; from: number } {
  const tokens = tokenize(title);
  // (jieba glues 给 or a direction to the verb: 发给/vn 他们, 寄过去/v.)
  const glued = tokens[0] && /^[发寄送传递交](?:给|过去|过来|出去)$/.test(tokens[0].word) ? { word: tokens[0].word[0], tag: 'v', end: tokens[0].start + 1 } : null;
  const verb = glued ?? tokens[0];
  if (!verb || verb.tag !== 'v' || verb.word.length > 2 || !BARE_REST.test(title.slice(verb.end))) return { title, from: -1 };
  const rest = title.slice(verb.end).replace(/^(?:了|一下|下)?(?:过去|过来|出去|回去)?/, '');
  const texts = [...before].reverse();
  for (const [n, text] of texts.entries()) {
    const toks = tokenize(text);
    for (let i = toks.length - 1; i >= 0; i--) {
      // "给刘总打电话": jieba keeps a verb with its object as one word (打电话) — the object is its rest,
      // and whom it was for (给刘总) goes with it.
      const compound = toks[i].word.length > verb.word.length && toks[i].word.startsWith(verb.word) && /^(?:l|v|vn)$/.test(toks[i].tag) && /^(?:电话|视频|邮件|微信|报价|方案|合同)$/.test(toks[i].word.slice(verb.word.length));
      if (compound) return { title: `${recipientBefore(toks, i)}${toks[i].word}${title.slice(verb.end)}`, from: before.length - 1 - n };
      if (i === toks.length - 1) continue;
      // (jieba glues an adverb to a one-character verb: 先寄, 再发; or 给 to it: 发给.)
      if (toks[i].word !== verb.word && !(toks[i].word.length === verb.word.length + 1 && toks[i].word.endsWith(verb.word) && /^[先再也还就要]/.test(toks[i].word)) && !(toks[i].word === `${verb.word}给`)) continue;
      const obj = objectAfter(toks, toks[i].word === `${verb.word}给` ? toks.length : i + 1);
      if (obj) return { title: `${verb.word}${obj.kept}${obj.words}${title.slice(verb.end)}`, from: before.length - 1 - n };
      // "方案发给王总了": the thing before the verb, opening the clause.
      const topic = i > 0 && toks.slice(0, i).every((t) => /^(?:n|nz|vn|a)$/.test(t.tag)) ? toks.slice(0, i).map((t) => t.word).join('') : '';
      if (topic && /^(?:n|nz|vn)$/.test(toks[i - 1].tag)) return { title: `${verb.word}${topic}${title.slice(verb.end)}`, from: before.length - 1 - n };
    }
  }
  // "客户想先看合同模板，我们明天发过去" → "发合同模板": what the customer wants to see or have,
  // said with their verb (vocab/demands.ts WANTED_WITH), is what we send.
  for (const [n, text] of texts.entries()) {
    const toks = tokenize(text);
    for (let i = toks.length - 2; i >= 0; i--) {
      if (!WANTED_WITH.includes(toks[i].word)) continue;
      const obj = objectAfter(toks, i + 1);
      if (obj) return { title: `${verb.word}${obj.words}${rest}`, from: before.length - 1 - n };
    }
  }
  return { title, from: -1 };
}

/** "给方舟电子刘总" right before the verb at `i` (a 给/跟/和/向 with only names and nouns after it), or ''. */
function recipientBefore(toks: ReturnType<typeof tokenize>, i: number): string {
  for (let k = i - 1; k >= Math.max(0, i - 6); k--) {
    if (/^(?:给|跟|和|向)$/.test(toks[k].word)) return toks.slice(k, i).map((t) => t.word).join('');
    if (!/^(?:n|nz|nr|nt|ns|zg|b|ng|eng|j|uj)$/.test(toks[k].tag)) return '';
  }
  return '';
}

/** The object after a verb: measure words (kept unless only 个/一份…), then nouns. */
function objectAfter(toks: ReturnType<typeof tokenize>, from: number): { kept: string; words: string } | null {
  let j = from;
  const kept: string[] = [];
  while (j < toks.length && (/^[mq]$/.test(toks[j].tag) || MEASURE_ONLY.test(toks[j].word))) {
    if (!MEASURE_ONLY.test(toks[j].word)) kept.push(toks[j].word);
    j++;
  }
  const obj: string[] = [];
  // (whose thing: "刘总电话" — 刘/zg 总/b 电话/n)
  let k = j;
  while (k < toks.length && k - j < 3 && /^(?:nr|zg|b|ng)$/.test(toks[k].tag)) k++;
  if (k > j && /^(?:n|nz|vn)$/.test(toks[k]?.tag ?? '')) while (j < k) obj.push(toks[j++].word);
  // (an adjective-tagged noun before a noun is part of it: 合同/a 模板/n; a noun jieba takes for a
  // name goes on one: 技术/n 白皮书/nr)
  while (j < toks.length && (/^(?:n|nz|vn|eng|nt)$/.test(toks[j].tag) || (toks[j].tag === 'a' && /^(?:n|nz|vn)$/.test(toks[j + 1]?.tag ?? '')) || (obj.length > 0 && /^(?:nr|ng|j|zg|b)$/.test(toks[j].tag)))) obj.push(toks[j++].word);
  return obj.length ? { kept: kept.join(''), words: obj.join('') } : null;
}

export function extractSteps(classified: ClassifiedClause[], c: TimeCtx): ParsedNextStep[] {
  const steps: ParsedNextStep[] = [];
  // The clause each step came from.
  const origins: ClassifiedClause[] = [];
  // A time said first in a clause of its own heads the steps that follow it ("明天，给A打电话，给B发报价").
  let heading: { dueAt: string | null; dueLabel: string | null } | null = null;
  // The time of an event still ahead told just before ("华星科技王总下周二来我们公司参观，|我要订会议室"):
  // our steps for it, with no time of their own, are due by then.
  let eventAhead: { dueAt: string | null; dueLabel: string | null } | null = null;
  for (const cl of classified) {
    if (cl.kind !== 'step') {
      heading = null;
      eventAhead = aheadOf(cl, c);
      continue;
    }
    const header = HEADER.exec(cl.text);
    const text = header ? cl.text.slice(header.index + header[0].length) : cl.text;
    const own = findTimeExprs(text).filter((t) => !t.pastOnly);
    const lead = /^([^,，]+)[,，]/.exec(text);
    let inherited: { dueAt: string | null; dueLabel: string | null } = own.length ? { dueAt: null, dueLabel: null } : heading ?? eventAhead ?? { dueAt: null, dueLabel: null };
    // (A "later" word of the step's own — 过两天, 第二周 — says more than the event's time.)
    const byEvent = !own.length && !heading && eventAhead !== null;
    if (own.length) heading = null;
    if (lead && own[0]?.start === 0 && timeOnly(lead[1])) {
      const at = resolveTime(own[0], 'future', c);
      if (at) heading = { dueAt: iso(c, at), dueLabel: own[0].label };
    }
    for (const part of splitParts(text)) {
      const times = findTimeExprs(part).filter((t) => !t.pastOnly);
      // A time before 的 qualifies a thing ("把这周的拜访记录补上"): it stays in the title.
      let title = tidy(stripTimes(part, times.filter((t) => !/^\s*的/.test(part.slice(t.end)))));
      const planned = cueIsTheAction(title);
      if (planned) title = planned;
      else for (let i = 0; i < 3; i++) {
        const next = tidy(title.replace(CUE_STRIP, ''));
        if (next === title) break;
        title = next;
      }
      // "要我们下周一前补…" → "补…": we are who does every step; the pronoun left over is no part of it.
      // (…and so is "我" alone: "我再约他们技术" → "再约他们技术"; "我的…" is not a subject.)
      title = withoutSubject(title);
      // "我来安排接待" → "安排接待": 来 of taking it on is no part of the action.
      if (/^来/.test(title) && isAction(title.slice(1))) title = tidy(title.slice(1));
      // "把合同寄给刘兵，最晚下周三": what stood around the time in its own clause is not the step.
      const tail = /[,，][^,，]*$/.exec(title);
      if (tail && tail.index > 0 && TIME_ONLY_REST.test(tail[0].slice(1))) title = tidy(title.slice(0, tail.index));
      title = tidy(title.replace(/^(?:to|by|on|at)\s+/i, '').replace(/\s+(?:to|by|on|at|before)$/i, ''));
      // "帮我记几个待办：给泰和集团发合同" — the request to note it down is not part of the step.
      title = tidy(title.replace(/^[^:：]{0,12}(?:待办|提醒|备忘|记一下|记个|记得)[^:：]{0,6}[:：]\s*/, '').replace(/^(?:提醒我|提醒一下|记得|别忘了?)\s*/, '')) || title;
      // "对方要求周五前出方案" → "出方案": who asked is not part of what to do.
      title = tidy(theirPersonAsPronoun(title).replace(/^(?:(?:对方|客户|他们|她们|他|她)\s*(?:说)?\s*(?:要求|希望|需要|想要|让|请)|(?:要求|希望|想要))\s*(?:我们|我|咱们)?\s*/, '')) || title;
      // "天成物流那边说下周我们过去演示" → "过去演示": who said it is not part of what we do.
      title = withoutSubject(tidy(title.replace(/^(?!我|咱)[^,，。;；]{1,14}?(?:说|表示|提到|反馈|讲)\s*(?=(?:我们|咱们|我方|我(?!的))\s*[\u4e00-\u9fff])/, ''))) || title;
      // "他们想看演示" → "演示", "they want a demo" → "demo": their wish names what we give.
      title = tidy(title.replace(WISH_LEAD, '').replace(WISH_LEAD_EN, '')) || title;
      // (…"客户希望月底前看看方案": once who wished is gone, seeing it is still no part of the thing.)
      title = tidy(title.replace(/^(?:先|再)?\s*(?:看看|看一下|看下|听听|听一下|了解一下)\s*(?:我们的|你们的)?\s*(?=演示|demo|方案|报价|样品|样机|案例|产品|POC)/i, '')) || title;
      // "对方想要周五前拿到报价" → "报价": their receiving it is not what we do.
      title = tidy(title.replace(/^(?:拿到|收到|看到)\s*/, '')) || title;
      // "让我们过两天给个排期表" → "给个排期表" (过两天 becomes the label below).
      // Whoever asked ("孔总让我们…", "对方请我们…", "说要我们…") is not part of what to do either.
      title = tidy(title.replace(/^[^,，。;；]{0,12}?(?:(?:让|请|叫)(?:我们|我|咱们)|要(?:我们|咱们))\s*/, '')) || title;
      // "需要我们的报价和资质文件" → "报价和资质文件": no 的 left where the asker was.
      title = tidy(title.replace(/^的\s*(?=[\u4e00-\u9fffA-Za-z])/, '')) || title;
      const laterWord = times.length ? null : LATER.exec(title);
      if (laterWord) title = withoutSubject(tidy(title.slice(laterWord[0].length)) || title);
      // "约了下周见面" → "见面": the arranging words before the time are not the step.
      const t0 = times[0];
      if (t0 && PLAN_BEFORE_TIME.test(part.slice(0, t0.start))) title = tidy(part.slice(t0.end)) || title;
      // "蓝海医药下周三约了我们做产品演示" → "做产品演示": the customer who arranged it with us is not the step.
      const invitedBy = /^(?!我|咱)[^,，。;；]{0,16}?(?:约了|约好了?|定了|安排了?|邀请了?)\s*(?:我们|咱们|我方|我司)\s*/.exec(title);
      const invitedTo = invitedBy ? title.slice(invitedBy[0].length) : '';
      if (invitedBy && (isAction(invitedTo) || ARRANGED.test(`约了${invitedTo}`))) title = tidy(invitedTo) || title;
      // "约了X的赵总，明天下午见面" → "和X的赵总见面".
      const whom = t0 ? /^约(?:了|好了?)?\s*(?![了好])([^,，。;；\s]{2,16})[\s,，]*$/.exec(part.slice(0, t0.start)) : null;
      if (whom && ARRANGED_WHAT.test(part.slice(t0.end))) title = /^\s*(?:去|过去)/.test(part.slice(t0.end)) ? tidy(part.slice(t0.end)) : `和${whom[1]}${tidy(part.slice(t0.end))}`;
      // "约了演示，周四下午" → "演示", as "约了周四下午演示" is.
      const what = t0 && !tidy(part.slice(t0.end)) ? new RegExp(ARRANGED.source.slice(1), 'i').exec(part.slice(0, t0.start)) : null;
      if (what && ARRANGED_THEN_TIME.test(part.slice(0, t0.start))) title = tidy(what[0].replace(/^(?:约了|约好了?|定了|安排了)\s*/, '')) || title;
      // "约了两个客户：海天明天上午" → "和海天见面", as "约了海天，明天上午见面" is.
      if (cl.arrangedItem && t0) title = `和${tidy(part.slice(0, t0.start) + part.slice(t0.end))}见面`;
      // A time taken out of the middle leaves no gap between Chinese words ("中晟 再约" → "中晟再约").
      title = title.replace(/([\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/g, '$1');
      if (!title || !/[\p{L}\p{N}]/u.test(title)) continue;
      // "先记一下", "记一下": a request to note the message down is no step of its own.
      if (NOTE_ONLY.test(title)) continue;
      // "天成物流的报价明天给" → "给天成物流的报价": the thing said first, the bare verb last.
      title = objectFirst(title);
      // "对方说先发个报价，我们周四前发": a bare verb takes its object from where it was said before.
      // (…after an adverb too: "打了刘总电话没人接，晚点再打" → "再打刘总电话".)
      const earlier = classified.slice(0, classified.indexOf(cl));
      const adverb = ADVERB_FIRST.exec(title)?.[0] ?? '';
      const filled = objectSaidBefore(title.slice(adverb.length), earlier.map((x) => x.text).concat(text.slice(0, Math.max(0, text.indexOf(part)))));
      if (filled.from >= 0 || !adverb) title = adverb + filled.title;
      // "客户要求周五前提供方案，我们周四发过去": the ask and our sending are one step — ours, at our time.
      const asked = filled.from >= 0 && filled.from < earlier.length && earlier[filled.from].kind === 'step' ? earlier[filled.from] : null;
      if (asked) for (let k = steps.length - 1; k >= 0; k--) if (origins[k] === asked) (steps.splice(k, 1), origins.splice(k, 1));
      let due = inherited;
      if (times[0]) {
        const at = resolveTime(times[0], 'future', c);
        if (at) due = { dueAt: iso(c, at), dueLabel: times[0].label };
      }
      if (laterWord && (!due.dueAt || (byEvent && !times[0]))) due = { dueAt: null, dueLabel: laterWord[1] };
      inherited = due;
      steps.push({ title: clip(title, 500), dueAt: due.dueAt, dueLabel: due.dueLabel, assignee: null });
      origins.push(cl);
      if (steps.length >= 20) return steps;
    }
  }
  return steps;
}

/** The time of a plain clause's event of theirs still ahead (aheadFrom), as a due time, or null. */
function aheadOf(cl: ClassifiedClause, c: TimeCtx): { dueAt: string | null; dueLabel: string | null } | null {
  if (cl.kind !== 'plain' || cl.aheadFrom === undefined) return null;
  // Only an event of theirs: their words, or someone not of ours before its time ("王总下周二来…");
  // our own plan said in passing ("下个月接手西北区") dates nothing else.
  const who = tidy(cl.text.slice(0, cl.aheadFrom));
  if (cl.theirsFrom === undefined && (who.length < 2 || /^(?:我|咱)/.test(who))) return null;
  const t = cl.times.find((x) => x.start === cl.aheadFrom);
  const at = t ? resolveTime(t, 'future', c) : null;
  return t && at ? { dueAt: iso(c, at), dueLabel: t.label } : null;
}
