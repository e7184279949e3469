// Corrections to the sender's last record. `to` is normalised the way the record stores it:
// amounts as a plain yuan number string, stages and activity types as keys, dates as ISO.
import type { ParsedContact, ParsedCorrection } from '../schema.js';
import { findMentions, roleOfWords } from './people.js';
import { HONORIFICS, JOB_TITLES, SURNAMES } from './vocab/people.js';
import { isDictionaryWord } from './segment.js';
import { activityTypeOf } from './activity.js';
import { findAmounts } from './amounts.js';
import { findSuffixCustomers } from './customers.js';
import { findTimeExprs, iso, resolveTime, type TimeCtx } from './dates.js';
import { lookupStage } from './stages.js';
import { clip, tidy } from './text.js';

const CHANGE = '(?:改成|改为|换成|更正为|更改为|修改为|应该是|应是|应为|是|=|(?<![a-z])(?:should be|should read|is actually|is|to|was)(?![a-z]))';
const FIELD_RE: Array<[ParsedCorrection['field'], RegExp]> = [
  ['expected_close_date', new RegExp(`(?:预计)?(?:成交|签约|签单|结单|关单|下单)(?:日期|时间)|(?<![a-z])(?:expected )?close date(?![a-z])\\s*${CHANGE}?`, 'i')],
  ['due_at', new RegExp(`(?:下次|下一次)?(?:跟进|截止|提醒|待办|任务)(?:时间|日期)|下次跟进|下一步(?:时间)?|(?<![a-z])(?:due(?: date)?|deadline)(?![a-z])`, 'i')],
  ['amount', /金额|报价|预算|合同额|合同金额|(?<![a-z])(?:amount|budget|deal size|value|price)(?![a-z])/i],
  ['customer_name', /客户(?:名称|名字|名)?|公司(?:名称|名字|名)?|(?<![a-z])(?:customer|company|client|account)(?: name)?(?![a-z])/i],
  ['contact_name', /联系人(?:名字|姓名)?|名字|姓名|(?<![a-z])(?:contact(?: name)?|name)(?![a-z])/i],
  ['stage', /阶段|(?<![a-z])stage(?![a-z])/i],
  ['activity_type', /类型|活动类型|(?<![a-z])(?:activity )?type(?![a-z])/i],
];
const FIELD_CHANGE = new RegExp(`^\\s*(?:应该)?\\s*(?:其实(?:应该)?是|实际(?:上)?是|改成|改为|换成|更正为|更改为|修改为|调整为|调整成|更新为|更新成|变更为|变更成|调成|改到|推到|应该是|应是|应为|=|(?<![a-z])(?:should be|should read|is actually|changed? to|to)(?![a-z]))\\s*`, 'i');
const FROM_VALUE = /^\s*(?:由|从)\s*(?<from>[^,，;；\s]{1,15}?)\s*(?=改成|改为|换成|调整为|调整成|更新为|更新成|变更为|变更成|调成|改到|推到)/;
const SWAP_PATTERNS = [
  /^(?:不是|并不是)\s*(?<from>[^,，;；]+?)\s*[,，;；]?\s*(?:而是|是|应该是|应为)\s*(?<to>.+)$/,
  /^(?<from>[^,，;；]+?)\s*(?:写错了|错了|打错了|记错了)\s*[,，;；]?\s*(?:应该是|应为|是|改成|改为)\s*(?<to>.+)$/,
  /^(?:是|应该是)\s*(?<to>[^,，;；]+?)\s*[,，;；]?\s*(?:不是|而不是)\s*(?<from>.+)$/,
  /^(?:it'?s|it was|it is)?\s*not\s+(?<from>[^,;]+?)\s*[,;]?\s*(?:but|it'?s|it was|it is)\s+(?<to>.+)$/i,
  /^(?:it'?s|it was|it is)\s+(?:a\s+)?(?<to>[^,;]+?)\s*[,;]?\s*not\s+(?:a\s+)?(?<from>.+)$/i,
  /^(?:is\s+|should be\s+)?(?<to>[^,;]+?)\s*[,;]?\s+not\s+(?<from>[^,;]+)$/i,
  /^(?<from>[^,;]+?)\s+(?:is|was) (?:a )?typo\s*[,;]?\s*(?:it'?s|should be|use)\s+(?<to>.+)$/i,
];
const ANY_CHANGE = /^(?:改成|改为|修改为|更改为|更正为|应该是|应为|是)\s*(?<to>.+)$/;

function clean(s: string): string {
  return tidy(s.replace(/^(?:a|an|the)\s+/i, '').replace(/[了吧啊哈呢]+$/, ''));
}

function asAmount(s: string): string | null {
  const a = findAmounts(/^\d+(?:\.\d+)?$/.test(s.trim()) ? `金额 ${s}` : s)[0];
  return a ? String(a.value) : null;
}

function asTime(s: string, mode: 'close' | 'future', c: TimeCtx): string | null {
  const e = findTimeExprs(s)[0];
  const at = e ? resolveTime(e, mode, c) : null;
  return at ? iso(c, at) : null;
}

function typed(field: ParsedCorrection['field'], raw: string, c: TimeCtx): string | null {
  const v = clean(raw);
  if (!v) return null;
  switch (field) {
    case 'amount':
      return asAmount(v);
    case 'stage':
      return lookupStage(v) ?? clip(v, 100);
    case 'activity_type':
      return activityTypeOf(v);
    case 'expected_close_date':
      return asTime(v, 'close', c);
    case 'due_at':
      return asTime(v, 'future', c);
    default:
      return clip(v, 200);
  }
}

/** Which field a bare "不是X,是Y" is about, judged from the values themselves. */
function inferField(from: string, to: string): ParsedCorrection['field'] {
  if (activityTypeOf(to) && activityTypeOf(from)) return 'activity_type';
  if (lookupStage(to) && lookupStage(from)) return 'stage';
  if (findAmounts(to).length) return 'amount';
  if (findSuffixCustomers(to).length || findSuffixCustomers(from).length) return 'customer_name';
  return 'contact_name';
}

// "改一下", "刚才那条的", "上一条" — where the rep points at the record being corrected.
const POINTER = /^(?:(?:麻烦|请|帮我|帮忙)?\s*(?:(?:更正|纠正|修正|修改)(?:一下|下)?(?![为成到])|改(?:一下|下|一改))|抱歉|不好意思|correction|fix|sorry|oops|my bad|actually|刚才|刚刚|上一条|上条|前一条)\s*(?:那条|这条|的|记录)?\s*(?:的)?\s*[:：,，\-–—]?\s*/i;
// The admission that something is wrong: "写错了", "不对", "有误", "typo".
const WRONG = /^\s*(?:写错了|写错|说错了|说错|错了|搞错了|记错了|打错了|填错了|弄错了|不对|有误|有问题|(?<![a-z])(?:is wrong|was wrong|wrong|typo)(?![a-z]))\s*[,，;；]?\s*/i;

/**
 * The message without the words that point at the last record or admit a mistake, in any order
 * and number ("刚才说错了，", "上一条写错了，", "改一下，"), and whether there were any: after such a
 * cue a field's new value needs no change verb ("改一下，预算是60万", "更正：金额60万").
 */
export function uncued(s: string): { text: string; cued: boolean } {
  let text = s.trim();
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(WRONG, '').replace(POINTER, '');
  }
  // 刚才 / 上一条 alone only point ("刚才客户来电：…" is a report); a cue names the fix or the mistake.
  const cue = s.trim().slice(0, s.trim().length - text.length);
  return { text, cued: /更正|纠正|修正|修改|改|错|不对|有误|(?<![a-z])(?:wrong|typo|fix|correction|sorry|oops|my bad|actually)(?![a-z])/i.test(cue) };
}

function swap(text: string, field: ParsedCorrection['field'] | null, c: TimeCtx): ParsedCorrection | null {
  for (const re of SWAP_PATTERNS) {
    const m = re.exec(text);
    if (!m?.groups) continue;
    const fromRaw = clean(m.groups.from.replace(/^(?:客户|联系人|阶段|金额)/, ''));
    const toRaw = clean(m.groups.to);
    if (!fromRaw || !toRaw || fromRaw.length > 20 || toRaw.length > 30 || text.length > 60) continue;
    const f = field ?? inferField(fromRaw, toRaw);
    const to = typed(f, toRaw, c);
    if (!to) continue;
    const from = f === 'contact_name' || f === 'customer_name' ? fromRaw : typed(f, fromRaw, c) ?? fromRaw;
    return { field: f, from: clip(from, 200), to };
  }
  return null;
}

// Between a field and its new value: pointers and admissions ("改一下，刚才说错了，", "on the last entry -").
const BETWEEN = /^(?:\s|[,，;；:：\-–—]|改一下|改下|刚才|刚刚|我|说错了|写错了|错了|搞错了|记错了|打错了|填错了|不对|有误|(?<![a-z])(?:on|in|for|the|last|previous|entry|record|one|is|was|wrong|it)(?![a-z]))+/i;

// "刘兵不是技术负责人，是采购", "王总是采购，不是财务": a person, then the wrong and the right title.
const ROLE_SWAP = [
  /^(?:[^,，;；\s]{2,12}?的)?(?<who>[^,，;；\s的]{2,8}?)\s*(?:不是|并不是|不是做)\s*(?<from>[^,，;；]{1,12}?)\s*[,，;；]?\s*(?:而是|是|应该是)\s*(?<to>[^,，;；]{1,12}?)\s*[。.!！]?$/,
  /^(?:[^,，;；\s]{2,12}?的)?(?<who>[^,，;；\s的]{2,8}?)\s*(?:是|应该是)\s*(?<to>[^,，;；]{1,12}?)\s*[,，;；]?\s*(?:不是|而不是)\s*(?<from>[^,，;；]{1,12}?)\s*[。.!！]?$/,
];

// "刘兵升职了，现在是副总", "方舟电子的周工已经调任技术总监了", "王芳新任采购经理": the person's title
// changed — no wrong value, the new title only (it must read as a title: see titleLike).
const NEW_TITLE = /^(?:[^,，;；\s]{2,12}?的)?(?<who>[^,，;；\s的]{2,8}?)\s*(?:(?:升职|升官|高升|调岗|转岗|换岗|被提拔|提拔|升)了\s*[,，]?\s*)?(?:现在|已经|目前|如今|刚刚|刚|新)\s*(?:被)?(?:是|升为|升任|升成|升到|提为|提拔为|调任|调为|改任|当上了?|做了|成了|任|接任)\s*(?<to>[^,，;；。]{1,12}?)\s*(?:了)?\s*[。.!！]?$|^(?:[^,，;；\s]{2,12}?的)?(?<who2>[^,，;；\s的]{2,8}?)\s*(?:升职|高升|被提拔|提拔|调任|升任|升为|改任|接任)(?:成|为|到|了)?\s*(?<to2>[^,，;；。]{1,12}?)\s*(?:了)?\s*[。.!！]?$/;

const CUED_TITLE = /^(?:[^,，;；\s]{2,12}?的)?(?<who>[^,，;；\s的]{2,8}?)\s*(?:其实|实际上|应该|应)?\s*(?:是|为)\s*(?<to>[^,，;；。]{1,12}?)\s*[。.!！]?$/;

/** A contact's title corrected: the person must be a name the message itself shows as a person. */
export function findRoleCorrection(s: string): { correction: ParsedCorrection; contact: ParsedContact } | null {
  const { text: bare, cued } = uncued(s);
  const text = bare.replace(/^联系人\s*/, '');
  // After a cue, "何经理是技术负责人" / "刘兵其实是采购" states the right title.
  const stated = cued ? CUED_TITLE.exec(text) : null;
  if (stated?.groups) {
    const { who } = stated.groups;
    const to = clean(stated.groups.to);
    if (isPersonName(who, to) && titleLike(to) && !notATitle(to)) {
      return { correction: { field: 'contact_role', from: null, to: clip(to, 100) }, contact: { name: clip(who, 100), title: clip(to, 100), role: roleOfWords(to) } };
    }
  }
  const changed = NEW_TITLE.exec(text);
  if (changed?.groups) {
    const who = changed.groups.who ?? changed.groups.who2;
    const to = clean((changed.groups.to ?? changed.groups.to2 ?? '').replace(/^(?:我们|我方|咱们|我司)的?/, ''));
    if (who && to && isPersonName(who, to) && titleLike(to) && !notATitle(to)) {
      return { correction: { field: 'contact_role', from: null, to: clip(to, 100) }, contact: { name: clip(who, 100), title: clip(to, 100), role: roleOfWords(to) } };
    }
  }
  for (const re of ROLE_SWAP) {
    const m = re.exec(text);
    if (!m?.groups) continue;
    const who = m.groups.who;
    const person = isPersonName(who, m.groups.from) || isPersonName(who, m.groups.to);
    // Values of other fields ("金额不是45万，是54万", "阶段不是报价，是谈判") are not titles.
    if (FIELD_RE.some(([, re]) => re.test(who)) || [m.groups.from, m.groups.to].some(notATitle)) continue;
    const from = clean(m.groups.from);
    const to = clean(m.groups.to);
    if (!person || !from || !to || from === to) continue;
    // Both sides are titles or role words, not names ("不是刘兵，是刘冰" is a name swap).
    if (findMentions(to).some((x) => x.name === to)) continue;
    return { correction: { field: 'contact_role', from: clip(from, 100), to: clip(to, 100) }, contact: { name: clip(who, 100), title: clip(to, 100), role: roleOfWords(to) } };
  }
  return null;
}

const titleLike = (v: string) => roleOfWords(v) !== 'OTHER' || JOB_TITLES.some((t) => t.length >= 2 && v.endsWith(t)) || Object.values(HONORIFICS).includes(v);
/** A value of another field (an amount, a time, a stage, a kind of activity), never a title. */
const notATitle = (v: string) => findAmounts(v).length > 0 || findTimeExprs(v).length > 0 || !!lookupStage(v) || !!activityTypeOf(v);

/** `who` is shown as a person by the message: a mention, or a surname-first name beside a title. */
function isPersonName(who: string, title: string): boolean {
  const nameShaped = /^[\u4e00-\u9fff]{2,3}$/.test(who) && SURNAMES.includes(who[0]);
  return findMentions(who).some((x) => x.name === who) || (nameShaped && (!isDictionaryWord(who) || titleLike(title)));
}

// "改到下周四", "时间改成下周四", "样机改成下周一寄", "报价推到周五再给": a step moved to a new time,
// with the thing it is about when named (the domain picks that step of the last record). Short,
// the time right after the moving word and at most a verb after it: "方案推到下周五发给方舟电子" is a
// new step, not a move.
const MOVE = /^(?<about>[^，,。；;\s]{0,10}?)\s*(?:的)?\s*(?:时间|日期)?\s*(?:改成|改为|改到|推到|推迟到|延到|延后到|延期到|挪到|提前到|换到|调到|调整到|放到|moved? (?:it )?to|push(?:ed)? (?:it )?to|postpone(?:d)? (?:it )?to)\s*(?<rest>.+)$/i;
const STEP_WORDS = /^(?:待办|任务|跟进|提醒|截止|下一步|这个|那个|这条|那条|it|the task|the follow-up)?$/i;

function movedStep(text: string, c: TimeCtx): ParsedCorrection | null {
  // "设备招标推迟到2月中旬了", "被推到下周": news that something of theirs moved, not a command.
  if (text.length > 24 || /了\s*[。.!！~]*$|被|已经?/.test(text)) return null;
  const m = MOVE.exec(text.trim());
  if (!m?.groups) return null;
  // (Its own time words are the old time: "明天的拜访改到后天" is about 拜访.)
  let about = m.groups.about;
  for (const t of findTimeExprs(about).reverse()) about = about.slice(0, t.start) + about.slice(t.end);
  about = about.replace(/^的|(?:的|时间|日期)+$/g, '').trim();
  // The deal's close date ("签约时间改到下个月") is a field of its own.
  if (/签约|签单|成交|结单|关单|下单|(?<![a-z])close(?![a-z])/i.test(about)) return null;
  const rest = m.groups.rest;
  const e = findTimeExprs(rest)[0];
  if (!e || e.start > 1) return null;
  const tail = rest.slice(e.end).replace(/^(?:前|之前|以前|再|去|来)+/, '');
  if ([...tail].length > 4 || /\d/.test(tail)) return null;
  const at = resolveTime(e, 'future', c);
  if (!at) return null;
  return { field: 'due_at', from: null, to: iso(c, at), ...(STEP_WORDS.test(about) ? {} : { about: clip(about, 100) }) };
}

export function findCorrection(s: string, c: TimeCtx): ParsedCorrection | null {
  let { text, cued } = uncued(s);
  const moved = movedStep(text, c);
  if (moved) return moved;
  // With a field named first ("签约时间错了，改成下个月初"), the field decides; else the values do.
  const labelled = FIELD_RE.some(([, re]) => (re.exec(text)?.index ?? 99) <= 12);
  const plain = labelled ? null : swap(text, null, c);
  if (plain) return plain;
  for (const [field, re] of FIELD_RE) {
    const m = re.exec(text);
    if (!m || m.index > 12) continue;
    // Reject "客户是做制造的" style narrative: a correction is a short command.
    if (text.length > 60) return null;
    let rest = text.slice(m.index + m[0].length);
    const wrong = WRONG.exec(rest) ?? (BETWEEN.exec(rest)?.[0].match(/错|不对|有误|wrong/i) ? BETWEEN.exec(rest) : null);
    if (wrong) rest = rest.slice(wrong[0].length);
    else rest = rest.replace(BETWEEN, (x) => (/改|错|不对|wrong|entry|record/i.test(x) ? '' : x));
    // "联系人写错了 是贺总 不是何总", "签约日期不是12月8号，是12月16号".
    const sw = swap(rest.trim(), field, c);
    if (sw) return sw;
    // "金额从15万改成18万": the old value between the field and the change word.
    const was = FROM_VALUE.exec(rest);
    if (was) rest = rest.slice(was[0].length);
    // "the close date should be Jan 12": the field's own match ended with the change word.
    const saidChange = new RegExp(`${CHANGE}\\s*$`, 'i').test(m[0]);
    const ch = FIELD_CHANGE.exec(rest) ?? (wrong || saidChange || cued ? /^\s*(?:应该是|应是|应为|是|为)?\s*/.exec(rest) : null);
    if (!ch) continue;
    const to = typed(field, rest.slice(ch[0].length), c);
    const from = was ? typed(field, was.groups!.from, c) ?? clip(clean(was.groups!.from), 200) : null;
    if (to) return { field, from, to };
  }
  text = text.replace(WRONG, '');
  const any = ANY_CHANGE.exec(text);
  if (any?.groups && text.length <= 40) {
    const v = any.groups.to;
    const amount = asAmount(v);
    if (amount) return { field: 'amount', from: null, to: amount };
    // A time first: "是下周五前出方案" moves the step (方案 in it is no stage).
    const due = asTime(v, 'future', c);
    if (due) return { field: 'due_at', from: null, to: due };
    const stage = lookupStage(v);
    if (stage) return { field: 'stage', from: null, to: stage };
    const type = activityTypeOf(v);
    if (type) return { field: 'activity_type', from: null, to: type };
  }
  return null;
}

/** Words that say the rep is fixing a mistake rather than reporting a change. */
export const ADMITS_ERROR = /错|不对|有误|其实|实际上|(?<![a-z])actually(?![a-z])|多打|少打|多写|少写|打多了|写多了|不是.{1,20}是|是.{1,20}不是|应该是|应为|更正|纠正|改一下|写成|typo|wrong|mistake|should be|meant/i;
