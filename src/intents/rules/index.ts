// Offline rule-based parser: Chinese and English sales chat → ParsedMessage, no network, no key.
// Each concern lives in its own file; this one decides the intent. Intent precedence when
// several apply: undo > help > correction > set_target > query > record_deal > log_activity >
// mark_hot > update_opportunity > create_task > unknown.
import { getStages, stageByKey, withStageSnapshot } from '../../domain/stages.js';
import { DEFAULT_TZ, toLocal } from '../../domain/time.js';
import { ParsedMessageSchema, type MessageParser, type ParseContext, type ParsedContact, type ParsedCorrection, type ParsedCustomerPart, type ParsedMessage, type ParsedMessageInput, type ParsedNextStep, type ParsedOpportunity } from '../schema.js';
import { buildSummary, detectActivity, fallbackSummary, inTheirWords } from './activity.js';
import { findAmounts, isBound, pickAmount, type Amount } from './amounts.js';
import { isTheirAsk } from './asks.js';
import { ADMITS_ERROR, findCorrection, findRoleCorrection, uncued } from './corrections.js';
import { coreName, findCustomers, findKnownCustomer, pickCustomers, type Blocked, type CustomerCandidate } from './customers.js';
import { isMoodOnly } from './moods.js';
import { findMentions, findPeople, type PeopleResult } from './people.js';
import { at, findTimeExprs, iso, resolveTime, todayOf, addDays, type TimeCtx } from './dates.js';
import { findDeal } from './deals.js';
import { isDictated, splitDictated } from './dictation.js';
import { findHot } from './hot.js';
import { isHelp, isUndo } from './intents.js';
import { classifyClauses, eventOnly, extractSteps, isFillerFragment, joinTimeTails, spaceHeadOf, type ClassifiedClause } from './nextSteps.js';
import { findQuery, isBareQuestion } from './queries.js';
import { findGrade, findQualification, findStage } from './stages.js';
import { findTarget } from './targets.js';
import { detectLanguage, escapeRegExp, normalize, splitClauses } from './text.js';

const MAX_CLAUSES = 60;

type ParsedCustomerPartInput = Omit<ParsedCustomerPart, 'opportunity' | 'nextSteps'> & { opportunity: ParsedOpportunity | null; nextSteps: ParsedNextStep[] };

// The parser's own shape before zod fills defaults (customer evidence, parts).
type Draft = Omit<ParsedMessageInput, 'source'>;

function empty(lang: 'zh' | 'en'): Draft {
  return {
    intent: 'unknown',
    language: lang,
    activity: null,
    customer: null,
    contacts: [],
    opportunity: null,
    nextSteps: [],
    hot: null,
    hotNote: null,
    correction: null,
    query: null,
    deal: null,
    target: null,
    parts: [],
    confidence: 0.2,
  };
}

const tzOk = new Map<string, boolean>();
function safeTz(tz: string | undefined): string {
  if (!tz) return DEFAULT_TZ;
  let ok = tzOk.get(tz);
  if (ok === undefined) {
    try {
      toLocal(new Date(0), tz);
      ok = true;
    } catch {
      ok = false;
    }
    tzOk.set(tz, ok);
  }
  return ok ? tz : DEFAULT_TZ;
}

// A plan word, then a verb, then 几 + a measure: "去拜访一下几个老客户", "准备约几家经销商".
const FEW_PLANNED = /(?:去|要|准备|打算|计划|再|先|想|得|会|顺便|顺路|顺带)[^,，。;；?？]{0,8}?(?<![有是共])几(?:个|家|位|次|趟)(?![^,，。;；]*(?:[?？]|吗|呢))/;
const MEANINGFUL = /[\p{L}\p{N}]/u;
const NOTE_REQUEST = /提醒一下|提醒我|提醒下|^\s*(?:提醒|待办|备忘)\s*[:：]|帮我记|记一下|记个|记得|别忘了?|remind\s*(?:me|我)|help me remember|note to self|(?<![a-z])don'?t forget(?![a-z])/i;
const SOCIAL = /^(?:辛苦(?:了|啦|你了|大家了)?|谢谢(?:你|啦|了)?|多谢|感谢|好的|好滴|收到(?:了|啦)?|晚安|早安?|早上好|下午好|晚上好|哈+|嗯+|(?:明天|回头|下次|周一|待会儿?|晚点|一会儿?)见|再见|拜拜|88|ok(?:ay)?|thanks?(?: you)?|thx|bye|see (?:you|ya)(?: tomorrow| later| soon)?|good (?:night|morning)|cheers|you too|[👍🙏😊😄👌]+)$/iu;
// A question to the bot: a question mark, or a question word at the end or before the mark.
const ASKING = /[?？]\s*$|(?:有哪些|哪些|多少|几个|几家|几单|几次|吗|呢|怎么样了?|如何|到哪一步了?|进展如何|啥情况|什么情况|是谁|有没有)\s*[?？。!！]*$|(?:几|多少|哪个|哪些|哪家|什么)[家个单次位件笔条]?[\u4e00-\u9fff]{0,4}?(?:了|呢|啊)?\s*[?？。!！]*$|^(?:what|which|who|how many|how much|show me|list|tell me|where|when)\b/i;
// …about the business (else it is chatter: "今天中午吃啥").
const BUSINESS = /单|客户|商机|业绩|阶段|进展|漏斗|排名|排行|回款|合同|拜访|目标|预测|签|报价|项目|订单|热点|停滞|跟进|流失|待办|日报|周报|(?<![a-z])(?:pipeline|deals?|customers?|accounts?|forecast|quota|revenue|targets?|visits?|tasks?|rankings?|leads?)(?![a-z])/i;

function analyse(raw: string, ctx: ParseContext, c: TimeCtx): Draft {
  const s = normalize(raw);
  const lang = detectLanguage(s);
  const base = empty(lang);
  if (!s) return { ...base, confidence: 0.05 };
  if (isUndo(s)) return { ...base, intent: 'undo', confidence: 0.95 };
  if (isHelp(s)) return { ...base, intent: 'help', confidence: 0.95 };
  if (!MEANINGFUL.test(s)) return { ...base, confidence: 0.05 };
  // "辛苦啦 明天见", "thanks, see you tomorrow": every clause a social formula — nothing to record.
  if (s.split(/[\s,，。.!！~～;；]+/).filter(Boolean).every((part) => SOCIAL.test(part))) return { ...base, confidence: 0.3 };
  // "今天好累啊，跑了一天": only how the day felt — chatter, no visit and no customer to ask for.
  if (isMoodOnly(s)) return { ...base, confidence: 0.3 };

  // "which customers have not been followed up": a question is never a correction.
  const asks = /^(?:which|what|who|how|when|where|show|list)\b/i.test(s) || /[?？]\s*$/.test(s) || isBareQuestion(s.trim());
  const role = asks ? null : findRoleCorrection(s);
  if (role) {
    // Only a company named before the person ("方舟电子的刘兵…") says whose contact it is; words
    // of the title ("调任技术总监") are never a customer.
    const whoAt = s.indexOf(role.contact.name);
    const named = pickCustomers(s, findCustomers(s, ctx.knownCustomers ?? []).filter((x) => whoAt < 0 || x.end <= whoAt)).single;
    return { ...base, intent: 'correction', correction: role.correction, contacts: [role.contact], customer: named && named.evidence !== 'weak' ? { name: named.name, evidence: named.evidence } : null, confidence: 0.85 };
  }
  const correction = asks ? null : findCorrection(s, c);
  if (correction) {
    const view = correctionView(correction);
    // "美团的单子阶段改成谈判" names its customer and admits no mistake: a change to that deal.
    // The words that cue the fix ("更正一下金额：…") are nobody's name.
    const named = pickCustomers(s, findCustomers(s, ctx.knownCustomers ?? [])).single ?? labelledSubject(uncued(s).text);
    // A name opening the sentence with its deal's field ("安踏的金额改成88万") is the subject even
    // when the name alone would be weak evidence.
    // …and so is one with its side word ("汇博那边阶段改成谈判", "金泰这边的金额改成…").
    const subject = named && new RegExp(`(?:^|把|将)\\s*${escapeRegExp(named.name)}\\s*(?:那边|这边|那家|这家)?\\s*[，,]?\\s*(?:的|那单|这单|那个单子)?\\s*(?:商机|单子|金额|阶段|项目|合同|预计|签约|成交)`).test(s);
    const sure = named && (named.evidence !== 'weak' || subject) ? named : null;
    const change = sure && !ADMITS_ERROR.test(s) && view.opportunity;
    // The change keeps its correction (the domain then edits that customer's deal, never creates
    // the customer); other deal facts of the message ("预计下月初签，阶段改成报价") come along.
    if (change) return { ...base, intent: 'update_opportunity', customer: { name: sure.name, evidence: sure.evidence }, opportunity: withOtherFacts(view.opportunity, s, c), correction, confidence: 0.85 };
    const about = view.customer ?? (sure ? { name: sure.name, evidence: sure.evidence } : null);
    return { ...base, ...view, opportunity: sure && !view.customer ? withOtherFacts(view.opportunity, s, c) : view.opportunity, customer: about, intent: 'correction', correction, confidence: 0.9 };
  }

  const amounts = findAmounts(s);
  const target = findTarget(s, amounts, ctx.knownUsers, lang, c);
  if (target) return { ...base, intent: 'set_target', target, confidence: target.userName || target.team ? 0.9 : 0.75 };

  // Real reports have a handful of clauses; the cap keeps pasted lists linear and fast.
  // A dictated run with no punctuation is split where the rep would have put commas (dictation.ts).
  const clauses = clausesOf(s, isDictated(raw.trim().replace(/[。.!！?？~～]+$/, '')));
  const classified = classifyClauses(clauses, c);
  const facts = factsOf(classified, amounts, s, c);
  // "刘兵说他们老板想把价格压到25万": the customer's price position is news from the customer — a
  // remark to log (其他); its figure is never the deal's amount (asks.ts).
  if (!facts.activityHit && !facts.deal && !facts.opportunity && !ASKING.test(s) && amounts.some((a) => isTheirAsk(s, a))) facts.activityHit = { type: 'OTHER', clauseIndex: 0 };

  // A form-like report ("客户：X 方式：电话 联系人：…") is a log even though it starts like a lookup.
  const form = (s.match(/(?:^|[\s,，;；])[\u4e00-\u9fff]{2,4}[:：]/g) ?? []).length >= 2;
  // "帮我记几件事 …", "提醒我…": a request to note things down is no question, whatever it contains.
  const noteThis = NOTE_REQUEST.test(s) && !/[?？]\s*$/.test(s);
  // "我第一周去拜访一下几个老客户": 几 after a plan to do something is "a few", not "how many".
  const plansFew = FEW_PLANNED.test(s) && !/[?？]|吗|呢\s*[。!！]*$/.test(s);
  const query = form || noteThis || plansFew ? null : findQuery(s, c, lang, ctx.knownCustomers, ctx.knownUsers);
  const evidence = Boolean(facts.activityHit || facts.deal || facts.hot || facts.steps.length || facts.opportunity);
  // A question never becomes a task or a record: "这个月要签的单子有哪些" asks, it does not plan.
  const questionShaped = !form && !plansFew && ASKING.test(s);
  const asking = questionShaped && !facts.activityHit && !facts.deal;
  if (asking && !query) {
    if (!BUSINESS.test(s)) return { ...base, confidence: 0.3 };
    return { ...base, intent: 'query', query: { kind: 'other', subject: null, period: null, days: null }, confidence: 0.5 };
  }
  // "spoke with Jordan and their CRO, who holds the budget" reports a call; it asks nothing.
  // "Pipeline update for Birchwood: now in negotiation, 132k" states a deal's facts: no question.
  // But a request for an analysis or a list ("本季度丢单原因分析", "赢单统计") names a stage as its
  // subject: it states nothing.
  const wantsReport = /(?:分析|统计|汇总|排行|排名|列表|清单|明细)\s*[?？]?$/.test(s) || (query?.kind === 'lost_reasons' && !facts.activityHit && facts.opportunity?.amount == null);
  const statesDeal = !wantsReport && Boolean(facts.opportunity && (facts.opportunity.stage || facts.opportunity.amount !== null) && (facts.activityHit || facts.opportunity.stage));
  const reportNotQuestion = query && !questionShaped && ((['activity_summary', 'other', 'customer'].includes(query.kind) && facts.activityHit) || statesDeal);
  // A question about nothing in the business ("今晚吃啥") is chatter, not a query.
  if (query && query.kind === 'other' && !BUSINESS.test(s) && !evidence) return { ...base, confidence: 0.3 };
  if (query && !reportNotQuestion && (query.kind !== 'other' || !evidence || asking)) {
    const isCustomer = query.kind === 'customer' && query.subject;
    return {
      ...base,
      intent: 'query',
      query,
      customer: isCustomer ? { name: query.subject!, evidence: 'clear' } : null,
      confidence: query.kind === 'other' ? 0.6 : 0.9,
    };
  }

  // "让张三明天回访方舟电子": a step for a colleague, who is no customer contact.
  const handOver = assigneeOf(s, ctx.knownUsers ?? []);
  const assignee = handOver?.name ?? null;
  // Who: people, times and amounts are found first so that a customer's name never swallows them.
  const mentions = findMentions(s);
  const blocked: Blocked[] = [
    ...(handOver ? [{ start: handOver.start, end: handOver.end, kind: 'person' as const }] : []),
    ...mentions.map((m) => ({ start: m.start, end: m.end, kind: 'person' as const })),
    ...findTimeExprs(s).map((t) => ({ start: t.start, end: t.end, kind: 'time' as const })),
    ...amounts.map((a) => ({ start: a.start, end: a.end, kind: 'amount' as const })),
  ];
  // Without a hand-over these are exactly the message's own people, times and amounts: the
  // default, shared with the query rules' pass over the same message.
  const allCandidates = findCustomers(s, ctx.knownCustomers ?? [], handOver ? blocked : undefined);
  const pick = pickCustomers(s, allCandidates);
  const customerNames = [pick.single, ...pick.several].filter(Boolean).map((x) => x!.name).concat(pick.competitors, pick.thirdParties);
  const customerEnds = [pick.single, ...pick.several].filter(Boolean).flatMap((x) => [x!.end, ...x!.mentions.map((m) => m.end)]);
  const found = findPeople(s, ctx.knownUsers ?? [], customerNames, customerEnds);
  // "用友的小王也在": someone introduced with a competitor (vocab/competitors.ts) is theirs, never
  // the customer's contact; the words stay in the summary. So is someone of a supplier, agent or
  // partner (vocab/thirdParties.ts): "供应商华东电缆的刘经理".
  const rivals = [...pick.competitors, ...pick.thirdParties].map((x) => new RegExp(`${escapeRegExp(x)}\\s*(?:那边|这边)?的?\\s*[^,，。;；\\s]{0,6}?$`));
  const ofRival = (name: string) => [...s.matchAll(new RegExp(escapeRegExp(name), 'g'))].every((m) => rivals.some((r) => r.test(s.slice(Math.max(0, m.index! - 24), m.index!))));
  const people = rivals.length ? { ...found, contacts: found.contacts.filter((x) => !ofRival(x.name)), spans: found.spans.filter((x) => !ofRival(x.name)) } : found;
  const customer = pick.single ? { name: pick.single.name, evidence: pick.single.evidence } : null;
  const parts = pick.several.length >= 2 ? partsOf(pick.several, allCandidates, classified, amounts, people, s, c) : [];

  const steps = assignee
    ? (facts.steps.length ? facts.steps : stepsOfWhole(s, c)).map((x) => ({ ...x, title: x.title.replace(new RegExp(`^(?:(?:让|叫|安排|交给|派)?\\s*|(?:please\\s+)?(?:ask|tell|have|get|let)\\s+)${escapeRegExp(assignee)}\\s*(?:to\\s+)?`, 'i'), '') || x.title, assignee }))
    : facts.steps;
  const common = {
    ...base,
    customer,
    contacts: assignee ? people.contacts.filter((p) => p.name !== assignee) : people.contacts,
    nextSteps: steps,
    hot: facts.hot ? facts.hot.hot : null,
    hotNote: facts.hot?.note ?? null,
    parts,
  };
  // Several customers: no single deal to update; each part carries its own.
  const opportunity = parts.length ? null : withLostReason(facts.opportunity, s, customer?.name ?? null);
  const sure = (x: number) => (customer?.evidence === 'weak' ? Math.min(x, 0.6) : x);

  // A hand-over is a task for the colleague, not a report of what happened.
  if (assignee) return { ...common, intent: 'create_task', opportunity, confidence: sure(0.8) };

  // (Several customers: each part carries its own deal facts; the message is a log of each.)
  if (facts.deal && !parts.length) {
    // A contract signed now is a won deal (the team's own "won" stage when it has its own list).
    const stage = opportunity?.stage ?? (facts.deal.contractAmount ? (getStages().find((x) => x.closes === 'WON')?.key ?? null) : null);
    // The visit or call the signing was told in is an activity of its own ("Quick call with Tom at
    // Alpine Foods - they signed!"): kept, not dropped for the deal.
    const activity = facts.activityHit && facts.activityHit.type !== 'OTHER'
      ? {
          type: facts.activityHit.type,
          occurredAt: iso(c, occurred(classified, c)),
          // The deal's figures stay in the words: the contract and its payments are their own records.
          summary: buildSummary({ clauses: classified, amounts: [], customer: customer?.name ?? null, contactNames: people.contacts.map((x) => x.name), lang }) || fallbackSummary(facts.activityHit.type, customer?.name ?? people.contacts[0]?.name ?? null, lang, s),
        }
      : null;
    return {
      ...common,
      intent: 'record_deal',
      deal: facts.deal,
      activity,
      opportunity: stage || facts.deal.contractAmount ? { ...emptyOpp(), stage, amount: facts.deal.contractAmount, currency: facts.deal.currency } : null,
      confidence: sure(customer ? 0.9 : 0.75),
    };
  }

  if (facts.activityHit) {
    const occurredAt = occurred(classified, c);
    const who = customer?.name ?? people.contacts[0]?.name ?? null;
    const summary =
      // Only the figure stored as the deal's amount leaves the text; a competitor's price, a unit
      // price or a range stays in the activity, where the rep can still read it.
      // (…and a ceiling stays with its words, "预算15万以内", so the note never claims a firm figure.)
      buildSummary({ clauses: classified, amounts: amounts.filter((a) => a.value === opportunity?.amount && !isBound(s, a)), customer: customer?.name ?? null, contactNames: people.contacts.map((x) => x.name), lang }) ||
      fallbackSummary(facts.activityHit.type, who, lang, s);
    return {
      ...common,
      intent: 'log_activity',
      activity: { type: facts.activityHit.type, occurredAt: iso(c, occurredAt), summary },
      opportunity,
      confidence: sure(customer || parts.length || people.contacts.length ? 0.9 : 0.7),
    };
  }

  if (facts.hot) return { ...common, intent: 'mark_hot', opportunity, confidence: sure(customer ? 0.9 : 0.6) };
  // "青松环保预计12月20日签，阶段改成报价": a clause that changes a field makes the update a change
  // of that customer's deal (the domain then never creates the customer).
  const change = customer ? classified.map((cl) => findCorrection(cl.text, c)).find((x) => x && x.field !== 'customer_name' && x.field !== 'contact_name') ?? null : null;
  if (opportunity) return { ...common, intent: 'update_opportunity', opportunity, correction: change, confidence: sure(customer ? 0.85 : 0.6) };
  // "A预计35万，B预计90万": each customer's deal update is in its part, as for one customer.
  if (parts.some((x) => x.opportunity)) return { ...common, intent: 'update_opportunity', opportunity: null, confidence: 0.8 };
  if (steps.length) return { ...common, intent: 'create_task', opportunity, confidence: sure(steps.some((x) => x.dueAt) ? 0.85 : 0.7) };

  // A bare customer name is most likely "show me this customer".
  const alone = findKnownCustomer(s, ctx.knownCustomers) ?? (customer && customer.evidence !== 'weak' ? { name: customer.name } : null);
  if (alone && alone.name.length >= s.replace(/[\s?？。.!！]/g, '').length) {
    return { ...base, intent: 'query', customer: { name: alone.name, evidence: 'clear' }, query: { kind: 'customer', subject: alone.name, period: null, days: null }, confidence: 0.6 };
  }
  // "刘兵的电话是138…": a contact's details with nothing else — the contact, for the assistant to file or
  // ask about; "X的财务刘总说发票收到了": a remark with nothing to record but who said it, which the
  // assistant may keep as a note on that customer (with the person).
  return { ...base, customer, contacts: common.contacts, confidence: 0.3 };
}

/** The message's clauses; a time said alone after a comma goes with the clause before it. */
function clausesOf(s: string, dictated = false) {
  const split = splitClauses(s, isFillerFragment, spaceHeadOf);
  return joinTimeTails(s, dictated ? splitDictated(s, split) : split).slice(0, MAX_CLAUSES);
}

interface Facts {
  activityHit: ReturnType<typeof detectActivity>;
  deal: ReturnType<typeof findDeal>;
  hot: ReturnType<typeof findHot>;
  steps: ParsedNextStep[];
  opportunity: ParsedOpportunity | null;
}

/** What a set of clauses says: the activity, a deal, hot, next steps and the opportunity. */
function factsOf(classified: ClassifiedClause[], amounts: Amount[], s: string, c: TimeCtx): Facts {
  const text = classified.map((x) => x.text).join('，');
  const inside = amounts.filter((a) => classified.some((cl) => a.start >= cl.start && a.end <= cl.end));
  return {
    activityHit: detectActivity(classified),
    deal: findDeal(classified, inside, c),
    hot: findHot(classified.length === 1 || classified.length === 0 ? (classified[0]?.text ?? s) : text),
    steps: extractSteps(classified, c),
    opportunity: findOpportunity(classified, inside, text, c, s),
  };
}

/**
 * One part per customer of a multi-customer message. Each clause belongs to the customer(s) it
 * names; a clause naming none continues the previous one. Facts in a clause that names several
 * customers ("拜访了A和B两家") are shared only when they are the activity itself; contacts, amounts
 * and steps there stay unassigned (top level only), never guessed onto one customer.
 */
function partsOf(several: CustomerCandidate[], all: CustomerCandidate[], classified: ClassifiedClause[], amounts: Amount[], people: PeopleResult, s: string, c: TimeCtx): ParsedCustomerPartInput[] {
  // A later clause may name a customer by its short form ("远大那边预计50万" after 远大能源).
  const aliases = new Map(several.map((x) => [x, shortForms(x, several)]));
  const byAlias = (cl: ClassifiedClause, x: CustomerCandidate) => (aliases.get(x) ?? []).some((a) => cl.text.includes(a) && !all.some((o) => o !== x && o.mentions.some((m) => m.start >= cl.start && m.start < cl.end && o.name.includes(a))));
  const named = (cl: ClassifiedClause, list: CustomerCandidate[]) => list.filter((x) => x.mentions.some((m) => m.start >= cl.start && m.start < cl.end) || (list === several && byAlias(cl, x)));
  // A clause naming some other organisation (even one we are unsure of) continues nobody; one
  // that speaks of them together ("把两家的报价都发出去", "both want a demo") belongs to all of them.
  // A person introduced with a customer ("方舟电子的刘兵和华星科技的王总") is that customer's: a
  // later clause about them ("刘兵说预算30万不变") belongs to that customer's part.
  const personOwner = ownersOfPeople(several, people, s);
  // (The name said again is that person, even where it alone would not be recognised as a name.)
  const byPerson = (cl: ClassifiedClause) => [...new Set([...personOwner].filter(([name]) => cl.text.includes(name)).map(([, owner]) => owner))];
  const owners = classified.map((cl) => (named(cl, several).length ? named(cl, several) : named(cl, all).length ? [null] : TOGETHER.test(cl.text) ? several : []));
  let current: Array<CustomerCandidate | null> = [];
  const clausesOf = new Map<CustomerCandidate, ClassifiedClause[]>();
  // The clauses before the first one of any single customer: the list's heading ("今天见了两个客户：").
  const heading: ClassifiedClause[] = [];
  classified.forEach((cl, i) => {
    // A clause naming no customer but someone met at one ("…；刘兵还要一份方案") goes back to it.
    const who = owners[i].length ? [] : byPerson(cl);
    if (owners[i].length) current = owners[i];
    else if (who.length) current = who;
    if (!clausesOf.size && (current.length !== 1 || !current[0])) heading.push(cl);
    if (current.length !== 1 || !current[0]) return;
    const list = clausesOf.get(current[0]) ?? [];
    list.push(cl);
    clausesOf.set(current[0], list);
    // Whoever is first named in a clause of one customer is that customer's from now on.
    for (const sp of people.spans) {
      if (sp.start >= cl.start && sp.start < cl.end && !personOwner.has(sp.name) && people.spans.find((x) => x.name === sp.name) === sp) personOwner.set(sp.name, current[0]);
    }
  });
  const whole = extractSteps(classified, c);
  const headed = detectActivity(heading)?.type ?? null;
  return several.map((cand) => {
    const mine = clausesOf.get(cand) ?? [];
    const f = factsOf(mine, amounts, s, c);
    // The heading's verb ("见了两个客户：", "开了会：") is every item's kind of contact; an item's own
    // specific channel ("…，晚上又给B打了电话") wins, a general word of its own ("谈了试点") does not.
    const own = f.activityHit?.type ?? null;
    const activityType = own && own !== 'OTHER' ? own : (headed ?? own);
    const contacts = people.contacts.filter((p) => {
      const owner = personOwner.get(p.name);
      if (owner) return owner === cand;
      const first = people.spans.find((sp) => sp.name === p.name);
      return first && mine.some((cl) => first.start >= cl.start && first.start < cl.end);
    });
    const summary = mine.map((cl) => cl.text).join('，') || null;
    const when = statedTime(mine, c);
    return {
      customer: { name: cand.name, evidence: cand.evidence },
      occurredAt: when ? iso(c, when) : null,
      activityType,
      summary: summary ? summary.slice(0, 500) : null,
      contacts,
      opportunity: f.opportunity,
      // A step takes the time the whole message gives it (a heading time said before the list).
      nextSteps: f.steps.map((st) => (st.dueAt ? st : (whole.find((w) => w.title === st.title && w.dueAt) ?? st))),
      hot: f.hot ? f.hot.hot : null,
    };
  });
}

// Between a customer and its person: nothing, 的, 那边的, a title ("的采购经理"), "'s" — never a
// conjunction, a clause break or a verb of going elsewhere.
const OWNER_BEFORE = /^\s*(?:['’]s?|的|那边的?|这边的?)?\s*(?:[^\s和与及跟同、，,;；。:：]{0,8}?|(?:[A-Za-z-]+\s+){1,3})\s*$/;
const JOINER_EN = /(?:^|\s)(?:and|or|with|then|plus|&)(?:\s|$)/i;
// "Raj from Acme", "Mei at Birchwood": the customer after the person.
const OWNER_AFTER = /^\s*,?\s*(?:from|at|of)\s+(?:the\s+)?$/i;

/**
 * The customer each person of a multi-customer message was introduced with: the one named right
 * before them (方舟电子的刘兵, 华星科技王总, Acme's CTO Raj) or right after (Raj from Acme). A
 * person tied to two customers belongs to neither.
 */
function ownersOfPeople(several: CustomerCandidate[], people: PeopleResult, s: string): Map<string, CustomerCandidate> {
  const out = new Map<string, CustomerCandidate | null>();
  const mentions = several.flatMap((cand) => cand.mentions.map((m) => ({ cand, ...m })));
  for (const sp of people.spans) {
    const between = (a: number, b: number) => people.spans.some((o) => o !== sp && o.start >= a && o.end <= b) || mentions.some((m) => m.start >= a && m.end <= b);
    const before = mentions.filter((m) => m.end <= sp.start && OWNER_BEFORE.test(s.slice(m.end, sp.start)) && !JOINER_EN.test(s.slice(m.end, sp.start)) && !between(m.end, sp.start)).sort((a, b) => b.end - a.end)[0];
    const after = before ? undefined : mentions.filter((m) => m.start >= sp.end && OWNER_AFTER.test(s.slice(sp.end, m.start))).sort((a, b) => a.start - b.start)[0];
    const owner = (before ?? after)?.cand;
    if (!owner) continue;
    const known = out.get(sp.name);
    out.set(sp.name, known === undefined || known === owner ? owner : null);
  }
  return new Map([...out].filter((e): e is [string, CustomerCandidate] => e[1] !== null));
}

// Words for several customers at once: a count of companies, "each", "both".
const TOGETHER = /[两二三四五六七八九十几多各每]\s*(?:家|个客户|位客户)|这几家|那几家|(?<![a-z])(?:both|all of them|each of them|all (?:two|three|four|five) of them|each customer)(?![a-z])/i;

/** Short forms of a customer's name that no other customer of the message shares (远大 for 远大能源). */
function shortForms(x: CustomerCandidate, several: CustomerCandidate[]): string[] {
  const core = coreName(x.name);
  const forms = [core, [...core].slice(0, 2).join('')].filter((f) => [...f].length >= 2 && /[\u4e00-\u9fff]/.test(f) && f !== x.name);
  return [...new Set(forms)].filter((f) => !several.some((o) => o !== x && (o.name.includes(f) || coreName(o.name).includes(f))));
}

// "拼多多 预计成交日期改到下周五", "比亚迪的金额调一下": the words before the field are its owner.
const FIELD_OWNER = /^([^\s,，:：的]{2,12}?)\s*(?:那边|这边)?\s*[，,]?\s*(?:的|那个|这个)?\s*(?:单子|商机|项目)?\s*(?:的)?\s*(?:预计)?(?:金额|阶段|成交日期|签约日期|签单日期|签单时间|签约时间|成交时间|预算|报价)/;

function labelledSubject(s: string): { name: string; evidence: 'weak' | 'clear' } | null {
  const m = FIELD_OWNER.exec(s);
  // "合同金额改成45万", "回款金额改成…": the field's own words, never a customer.
  if (!m || !/[\u4e00-\u9fffA-Za-z]{2,}/.test(m[1]) || /^(?:刚才|刚刚|上一条|这条|那条|预计|客户|联系人|我们|他们|对方|合同|回款|首付|尾款|预付|付款|收款|签约|成交|商机|单子|项目|报价)/.test(m[1])) return null;
  return { name: m[1], evidence: 'clear' };
}

/** A named change plus the deal facts its other clauses state; the change itself wins. */
function withOtherFacts(opp: ParsedOpportunity | null, s: string, c: TimeCtx): ParsedOpportunity | null {
  const classified = classifyClauses(clausesOf(s), c);
  const whole = findOpportunity(classified, findAmounts(s), classified.map((x) => x.text).join('，'), c, s);
  if (!opp || !whole) return opp;
  return {
    ...opp,
    stage: opp.stage ?? whole.stage,
    amount: opp.amount ?? whole.amount,
    currency: opp.amount !== null ? opp.currency : whole.currency,
    expectedCloseDate: opp.expectedCloseDate ?? whole.expectedCloseDate,
  };
}

/** The corrected value shown where the field lives (so the CLI and the reply can show it). */
function correctionView(x: ParsedCorrection): { opportunity: ParsedOpportunity | null; contacts: ParsedContact[]; customer: { name: string; evidence: 'clear' } | null } {
  const opp = (patch: Partial<ParsedOpportunity>) => ({ ...emptyOpp(), ...patch });
  switch (x.field) {
    case 'amount':
      return { opportunity: Number.isFinite(Number(x.to)) ? opp({ amount: Number(x.to) }) : null, contacts: [], customer: null };
    case 'stage':
      return { opportunity: opp({ stage: x.to }), contacts: [], customer: null };
    case 'expected_close_date':
      return { opportunity: opp({ expectedCloseDate: x.to }), contacts: [], customer: null };
    case 'contact_name':
      return { opportunity: null, contacts: [{ name: x.to.slice(0, 100), title: null, role: 'OTHER' }], customer: null };
    case 'customer_name':
      return { opportunity: null, contacts: [], customer: { name: x.to, evidence: 'clear' } };
    default:
      return { opportunity: null, contacts: [], customer: null };
  }
}

function emptyOpp(): ParsedOpportunity {
  return { stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null };
}

function findOpportunity(classified: ClassifiedClause[], amounts: Amount[], s: string, c: TimeCtx, original: string): ParsedOpportunity | null {
  let stage: string | null = null;
  let closeAt: Date | null = null;
  for (const cl of classified) {
    if (cl.kind === 'step') continue;
    // "10月10日左右签单" is when it should close, not a won deal.
    if (cl.kind !== 'close') stage = findStage(cl.text) ?? stage;
    if (cl.kind === 'close' && cl.closeAt && !closeAt) closeAt = cl.closeAt;
  }
  // A loss keeps the deal's amount: a figure in a loss message ("预算只有20万，选了别家") is part
  // of why it was lost (the reason keeps it), never the lost deal's new amount.
  const lost = stage !== null && stageByKey(stage)?.closes === 'LOST';
  const amount = lost ? null : pickAmount(amounts, original);
  const qualification = findQualification(s);
  const grade = findGrade(s);
  if (!stage && !amount && !closeAt && !qualification && !grade) return null;
  return {
    stage,
    amount: amount?.value ?? null,
    currency: amount?.currency ?? 'CNY',
    expectedCloseDate: closeAt ? iso(c, closeAt) : null,
    qualification,
    grade,
    lostReason: null,
  };
}

// 让/叫/安排 + a colleague + what to do: a manager hands a step to someone.
const ASSIGN = /^(?:请|麻烦)?\s*(?:让|叫|安排|交给|派)\s*([\u4e00-\u9fff]{2,3}?|[A-Z][a-z]+)\s*(?=明天|后天|今天|今晚|下周|本周|这周|周[一二三四五六日]|月底|尽快|马上|去|跟进|回访|拜访|联系|给|打|发|准备|处理|约|负责|再)/;

const ASSIGN_LEAD = /^(?:请|麻烦)?\s*(?:让|叫|安排|交给|派)\s*/;

// "Ask Lina to call Acme tomorrow", "Tell Wang Qiang to visit 远航物流 on Monday": only a colleague
// the sender can see counts (a customer can be asked to do things too).
const ASSIGN_EN = /^(?:please\s+)?(?:ask|tell|have|get|let)\s+/i;
const ASSIGN_EN_STEP = /^(?:please\s+)?(?:ask|tell|have|get|let)\s+.+?\s+to\s+/i;

/** The colleague a hand-over names, and where the name sits in the message. */
function assigneeOf(s: string, knownUsers: string[]): { name: string; start: number; end: number } | null {
  const en = ASSIGN_EN.exec(s);
  if (en) {
    const after = s.slice(en[0].length);
    const known = [...knownUsers].filter((u) => u.length >= 2 && after.toLowerCase().startsWith(`${u.toLowerCase()} to `)).sort((a, b) => b.length - a.length)[0];
    if (known) return { name: after.slice(0, known.length), start: en[0].length, end: en[0].length + known.length };
  }
  // A registered colleague right after the lead word, whatever the shape of the name ("甲队销售", "小王").
  const lead = ASSIGN_LEAD.exec(s);
  if (lead) {
    const after = s.slice(lead[0].length);
    const known = [...knownUsers].filter((u) => u.length >= 2 && after.startsWith(u)).sort((a, b) => b.length - a.length)[0];
    if (known && after.length > known.length) return { name: known, start: lead[0].length, end: lead[0].length + known.length };
  }
  const name = assigneeName(s, knownUsers);
  if (!name) return null;
  const start = s.indexOf(name);
  return { name, start, end: start + name.length };
}

function assigneeName(s: string, knownUsers: string[]): string | null {
  const m = ASSIGN.exec(s);
  if (!m) return null;
  const name = m[1];
  // A colleague the sender can see, or at least a name-shaped word (the domain checks it).
  const known = knownUsers.find((u) => u === name || (u.length >= 2 && name.startsWith(u)));
  return known ?? (/^[\u4e00-\u9fff]{2,3}$|^[A-Z][a-z]+$/.test(name) ? name : null);
}

/** The whole message as one step when it is a hand-over with no step words of its own. */
function stepsOfWhole(s: string, c: TimeCtx): ParsedNextStep[] {
  const times = findTimeExprs(s).filter((t) => !t.pastOnly);
  const at = times[0] ? resolveTime(times[0], 'future', c) : null;
  const title = s.replace(ASSIGN, '').replace(ASSIGN_EN_STEP, '').replace(times[0]?.label ?? '\u0000', '').replace(/\s{2,}/g, ' ').trim() || s;
  return [{ title: title.slice(0, 500), dueAt: at ? iso(c, at) : null, dueLabel: times[0]?.label ?? null, assignee: null }];
}

// Why a deal was lost, in the rep's words: what follows the loss ("输单，被本地的一家公司低价抢走了").
const LOSS = /输单|丢单|丢了|输了|输给了?|黄了|没戏了?|凉了|落标|没中标|未中标|被抢走|(?<![a-z])(?:lost(?: the deal)?|went with|chose)(?![a-z])/i;

function withLostReason(opp: ParsedOpportunity | null, s: string, customer: string | null): ParsedOpportunity | null {
  if (!opp || opp.stage !== (getStages().find((x) => x.closes === 'LOST')?.key ?? 'LOST')) return opp;
  const m = LOSS.exec(s);
  if (!m) return opp;
  let reason = s.slice(m.index + m[0].length);
  if (customer) reason = reason.replace(customer, '');
  reason = reason.replace(/^[\s了,，。.!！:：;；\-—]+/, '').replace(/[\s。.!！]+$/, '');
  if (/^(?:went with|chose)/i.test(m[0])) reason = `${m[0]} ${reason}`;
  // "输给了岛津": whom it was lost to is the reason.
  else if (m[0].startsWith('输给')) reason = `输给${reason}`;
  return { ...opp, lostReason: reason ? reason.slice(0, 500) : null };
}

/**
 * When the activity happened: the first past-or-today time word in the narrative, else now —
 * never later than the message itself ("下午去了…" sent at 13:39 happened by 13:39).
 */
function occurred(classified: ReturnType<typeof classifyClauses>, c: TimeCtx): Date {
  return statedTime(classified, c) ?? c.now;
}

// A speaker and their verb of telling after a time ("昨天|方舟电子王总说…", "上午|刘兵来电话说…").
const TOLD_AFTER = /^\s*[^,，。;；\s]{1,16}?(?:说|表示|反馈|提到|透露|讲|告诉(?:我|我们)|回复|来电|打电话来)/;
const TOLD_RIGHT_AFTER = /^\s*(?:跟我|和我|对我|跟我们|和我们)?(?:说|表示|反馈|提到|透露|讲|告诉(?:我|我们)|回复|来电|打电话来)/;
const TOLD_BEFORE = /说|表示|反馈|提到|透露|讲|告诉|回复/;
/** Does the time `e` of `text` say when one of theirs told the rep (before the speaker, or between them and the telling)? */
// English: "Yesterday, Tom from Acme said…", "Tom from Acme told me yesterday…".
const TOLD_AFTER_EN = /^\s*,?\s*(?:[A-Z][\w&'’.-]*\s+(?:(?:at|from|of)\s+)?){1,6}(?:said|says|mentioned|told (?:me|us)|called to say|confirmed|let (?:me|us) know)(?![a-z])/;
const TOLD_BEFORE_EN = /^(?:[A-Z][\w&'’.-]*\s+(?:(?:at|from|of)\s+)?){1,6}(?:said|mentioned|told (?:me|us)|let (?:me|us) know|called (?:me|us)?\s*to say)\s*$/;
function toldAt(text: string, e: { start: number; end: number }): boolean {
  const before = text.slice(0, e.start);
  // (…or right between the speaker and the telling: "方舟电子王总昨天说…".)
  if (!/[^\s]/.test(before)) return TOLD_AFTER.test(text.slice(e.end)) || TOLD_AFTER_EN.test(text.slice(e.end));
  return (TOLD_RIGHT_AFTER.test(text.slice(e.end)) && !TOLD_BEFORE.test(before)) || TOLD_BEFORE_EN.test(before.trim() + ' ');
}
/** The first past time the narrative clauses state (never later than now), or null. */
// …and a time something is moved to ("招标推迟到1月中旬", "改到下周", "定在周五") is when it will be.
const AHEAD_BEFORE = /(?:要|会|将|估计|预计|可能|得|等|拖|推|推迟|延|延迟|延期|延后|顺延|改|提前|挪|放|定|安排|争取|计划)(?:到|在|至)?\s*$/;
// "节后再谈", "年后才定", "月底再说": what is put off to that time — ahead, whichever way the time
// word could be read (a time only of the past, 昨天再去了一趟, is not put off).
const PUT_OFF_AFTER = /^\s*(?:再(?!次|度)|才|还要|还会|另行)/;
function statedTime(classified: ReturnType<typeof classifyClauses>, c: TimeCtx, told = false): Date | null {
  const endOfToday = at(c, addDays(todayOf(c), 1)).getTime();
  for (const cl of classified) {
    // "昨天王总说合同定在周五签", "昨天刘兵说让我们周五前报价": what they said is a signing date or a
    // step, but the time before the speaker is when the rep heard it — only a time already past
    // (昨天, 上午), never one ahead, and only before the telling.
    // (Only for a record of what they told, with no activity of its own: a visit or call the
    // message reports is not dated by when someone said something.)
    if (cl.kind !== 'plain') {
      if (!told) continue;
      const e = cl.times[0];
      if (!e || !toldAt(cl.text, e) || (!e.pastOnly && PUT_OFF_AFTER.test(cl.text.slice(e.end)))) continue;
      const t = resolveTime(e, 'past', c);
      if (t && (e.pastOnly || e.neutral) && t.getTime() < endOfToday) return t.getTime() > c.now.getTime() ? c.now : t;
      continue;
    }
    for (const e of cl.times) {
      // "他说上周就报上去了": a time in the customer's own words dates what they did, not our activity.
      // …but a time right before the telling itself ("方舟电子王总昨天说…") is when they told it.
      if (inTheirWords(cl, e.start) && !(told && toldAt(cl.text, e))) continue;
      // "估计要到年后", "可能拖到下月": a time said to be ahead never dates what happened.
      if (AHEAD_BEFORE.test(cl.text.slice(0, e.start)) || (!e.pastOnly && PUT_OFF_AFTER.test(cl.text.slice(e.end)))) continue;
      // A deadline ("due Jan 10", "by Friday", "12月15日前付") is when something must happen, not when it did.
      if (/^(?:due|by|before|until|till|no later than)\b/i.test(e.label) || /^\s*(?:前|之前|以前)?\s*(?:付|支付|付清|结清|到账|回款)/.test(cl.text.slice(e.end))) continue;
      const t = resolveTime(e, 'past', c);
      if (t && t.getTime() < endOfToday) return t.getTime() > c.now.getTime() ? c.now : t;
    }
  }
  return null;
}

/**
 * Why a message the parser found nothing to record in has nothing to record, when the rules can
 * tell: an event of our own that only takes place ("公司年会下周五开" — no customer, nothing for the
 * rep to do), or what the customer side plans ("王总说下周开会定供应商" — their meeting, not ours,
 * and no signing date). The domain says so instead of "not understood".
 */
export function whyNothing(text: string, ctx: Pick<ParseContext, 'now' | 'timezone'>): { kind: 'our_event' | 'their_plan'; when: string | null } | null {
  const s = normalize(typeof text === 'string' ? text : '');
  if (!s) return null;
  const c: TimeCtx = { now: ctx.now, tz: safeTz(ctx.timezone) };
  const classified = classifyClauses(clausesOf(s, isDictated(s)), c);
  if (!classified.length || classified.some((cl) => cl.kind !== 'plain')) return null;
  const when = classified.flatMap((cl) => cl.times).find((t) => !t.pastOnly)?.label ?? null;
  if (classified.every((cl) => eventOnly(cl.text, cl.times))) return { kind: 'our_event', when };
  if (classified.every((cl) => cl.theirsFrom !== undefined)) return { kind: 'their_plan', when };
  return null;
}

/**
 * When what the message reports happened, when it says so: the first past time of its narrative
 * (never later than now; a time in the customer's own words is theirs), as ISO, else null. For
 * records the domain makes from a message with no activity of its own — what one of their people
 * told the rep ("昨天方舟电子刘总说预算批了…"), a note — which otherwise take the message's time.
 */
export function statedPast(text: string, ctx: Pick<ParseContext, 'now' | 'timezone'>): string | null {
  const s = normalize(typeof text === 'string' ? text : '');
  if (!s) return null;
  const c: TimeCtx = { now: ctx.now, tz: safeTz(ctx.timezone) };
  const when = statedTime(classifyClauses(clausesOf(s, isDictated(s)), c), c, true);
  return when ? iso(c, when) : null;
}

export function parseRules(text: string, ctx: ParseContext): ParsedMessage {
  const c: TimeCtx = { now: ctx.now, tz: safeTz(ctx.timezone) };
  let draft: Draft;
  try {
    draft = withStageSnapshot(() => analyse(typeof text === 'string' ? text : '', ctx, c));
  } catch (err) {
    // Never let odd input take the bot down; the warning keeps the bug visible.
    process.emitWarning(`rule parser failed: ${(err as Error)?.message ?? err}`, 'RuleParserWarning');
    draft = { ...empty('zh'), confidence: 0 };
  }
  return ParsedMessageSchema.parse({ ...draft, source: 'rule' });
}

export const ruleParser: MessageParser = { name: 'rule', parse: async (t, c) => parseRules(t, c) };
