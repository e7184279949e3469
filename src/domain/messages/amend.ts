// A message that adds to the question still waiting ("这是哪个客户？") instead of answering it. Reps
// often send one more line before they answer: a detail of the same story ("对了，预算30万",
// "他们下周要看方案") or a fix of what they just said ("不对，金额是50万"). Handled as a message of
// its own, the detail would ask a second question (dropping the first message) or be filed on no
// customer, and the fix would go to an older record. Instead both go into the waiting draft: the
// question is asked again with the same options, nothing is written, and the reply says what was
// added — the answer then stores the draft with everything in it (docs/conversation.md).
import { recordSinceQuestion } from './answer.js';
import type { ParsedMessage, ParsedOpportunity } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import { customersByContactMention } from '../customers/byContact.js';
import { speaksOfThem } from '../customers/previous.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { stageLabel } from '../stages.js';
import { hasOpportunityInfo } from '../opportunities.js';
import { candidateLabel, hasCustomerFacts, questionText } from './ask.js';
import { saveDraft, type Draft } from './drafts.js';

const DETAIL_INTENTS = new Set<ParsedMessage['intent']>(['log_activity', 'create_task', 'update_opportunity', 'mark_hot']);
/** Deal fields a fix can set on the waiting message. */
const DRAFT_FIELDS = new Set(['amount', 'stage', 'expected_close_date']);

export type Amendment = { kind: 'detail' } | { kind: 'fix' } | { kind: 'fixElsewhere' };

/**
 * What `p` does to the waiting draft: a detail (no customer of its own, no contact event of its
 * own, no contact of theirs named by full name, and something the draft can carry), a fix of a
 * deal figure, or another fix (that the draft cannot take: the rep is asked to answer first).
 * Null: a message of its own, handled as usual — a new visit with no customer still replaces the
 * draft (and says so), and once the rep has stored a record since the question, a detail or fix
 * is about that record.
 */
export async function draftAmendment(db: Tx, draft: Draft, userId: string, p: ParsedMessage, text: string): Promise<Amendment | null> {
  const a = amendmentOf(draft, p, text);
  if (!a) return null;
  if (await recordSinceQuestion(db, draft, userId)) return null;
  // "刘兵说预算批了" names a contact of theirs: that is a message of its own (filed by contact).
  if (a.kind === 'detail' && (await customersByContactMention(db, userId, text)).length) return null;
  return a;
}

function amendmentOf(draft: Draft, p: ParsedMessage, text: string): Amendment | null {
  if (draft.parsed.parts.length >= 2 || p.parts.length >= 2) return null;
  // A fix naming the waiting message's own customer ("Globex金额是9万不是8万") is a fix of it too.
  if (p.intent === 'correction' && p.correction && (!p.customer || namesDraftCustomer(draft, p.customer.name))) return DRAFT_FIELDS.has(p.correction.field) ? { kind: 'fix' } : { kind: 'fixElsewhere' };
  if (!DETAIL_INTENTS.has(p.intent) || p.customer) return null;
  // A visit, call or meeting of its own is another event, not a detail of this one.
  if (p.activity && p.activity.type !== 'OTHER') return null;
  // A step alone is the rep's own to-do ("明天上午交周报") unless it speaks of the customer
  // ("另外他们下周三要看演示").
  const facts = hasOpportunityInfo(p.opportunity) || p.hot !== null || p.contacts.length > 0;
  return facts || (p.nextSteps.length > 0 && speaksOfThem(text)) ? { kind: 'detail' } : null;
}

const norm = (n: string) => n.toLowerCase().replace(/[\s'’.,，。]/g, '');

/** Does `name` name the customer the waiting message was about (as typed, or offered as new)? */
function namesDraftCustomer(draft: Draft, name: string): boolean {
  const typed = [draft.parsed.customer?.name, ...draft.candidates.map((c) => (c.kind === 'new' ? c.name : undefined))];
  return typed.some((t) => !!t && norm(t) === norm(name));
}

function mergeOpportunity(a: ParsedOpportunity | null, b: ParsedOpportunity | null): ParsedOpportunity | null {
  if (!a || !b) return b ?? a;
  return {
    stage: b.stage ?? a.stage,
    amount: b.amount ?? a.amount,
    currency: b.amount !== null ? b.currency : a.currency,
    expectedCloseDate: b.expectedCloseDate ?? a.expectedCloseDate,
    qualification: b.qualification ?? a.qualification,
    grade: b.grade ?? a.grade,
    lostReason: b.lostReason ?? a.lostReason,
  };
}

// The draft keeps the stronger of the two kinds: a logged contact event carries everything else.
const RANK: Partial<Record<ParsedMessage['intent'], number>> = { log_activity: 4, update_opportunity: 3, mark_hot: 2, create_task: 1 };

/** The waiting message with the detail added: the later figure wins, people and steps add up. */
export function mergeDetail(draft: ParsedMessage, detail: ParsedMessage): ParsedMessage {
  const intent = (RANK[detail.intent] ?? 0) > (RANK[draft.intent] ?? 0) ? detail.intent : draft.intent;
  const contacts = [...draft.contacts, ...detail.contacts.filter((c) => !draft.contacts.some((d) => d.name === c.name))];
  return {
    ...draft,
    intent,
    activity: draft.activity ?? detail.activity,
    contacts,
    opportunity: mergeOpportunity(draft.opportunity, detail.opportunity),
    nextSteps: [...draft.nextSteps, ...detail.nextSteps],
    hot: detail.hot ?? draft.hot,
    hotNote: detail.hotNote ?? draft.hotNote,
  };
}

/** The draft's parse with a deal figure fixed ("不对，金额是50万"). */
function applyFix(draft: ParsedMessage, fix: NonNullable<ParsedMessage['correction']>): ParsedMessage | null {
  const opp: ParsedOpportunity = draft.opportunity ?? { stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null };
  if (fix.field === 'amount') {
    const n = Number(fix.to);
    if (!Number.isFinite(n) || n < 0) return null;
    return { ...draft, opportunity: { ...opp, amount: n } };
  }
  if (fix.field === 'stage') return { ...draft, opportunity: { ...opp, stage: fix.to as ParsedOpportunity['stage'] } };
  if (fix.field === 'expected_close_date') return { ...draft, opportunity: { ...opp, expectedCloseDate: fix.to } };
  return null;
}

/** "金额 50万" / "阶段 报价": what the fix set, for the reply. */
function fixLabel(fix: NonNullable<ParsedMessage['correction']>, p: ParsedMessage, lang: Lang): string {
  const zh = lang === 'zh';
  if (fix.field === 'amount') return `${zh ? '金额' : 'amount'} ${fmtMoney(p.opportunity?.amount ?? Number(fix.to), lang, p.opportunity?.currency ?? 'CNY')}`;
  if (fix.field === 'stage') return `${zh ? '阶段' : 'stage'} ${stageLabel(String(fix.to), lang)}`;
  return `${zh ? '预计成交' : 'expected close'} ${String(fix.to).slice(0, 10)}`;
}

/**
 * Adds the message to the waiting draft (in this message's transaction) and asks the question
 * again; nothing else is written. The draft now waits under this message (its card's buttons).
 */
export async function amendDraft(db: Tx, env: HandlerEnv, draft: Draft, a: Amendment): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const p = env.parsed;
  let parsed: ParsedMessage | null = null;
  let added: string;
  if (a.kind === 'detail') {
    parsed = mergeDetail(draft.parsed, p);
    added = zh ? `📎 已补充到等待确认的消息里：“${env.rawText.trim()}”` : `📎 Added to the message waiting for its customer: "${env.rawText.trim()}"`;
  } else if (a.kind === 'fix') {
    parsed = applyFix(draft.parsed, p.correction!);
    if (!parsed) return notAdded(env, draft);
    added = zh ? `✏️ 已改到等待确认的消息里：${fixLabel(p.correction!, parsed, env.lang)}` : `✏️ Changed in the message waiting for its customer: ${fixLabel(p.correction!, parsed, env.lang)}`;
  } else {
    return notAdded(env, draft);
  }
  // Facts that need a customer take away "store it without one".
  const candidates = hasCustomerFacts(parsed) ? draft.candidates.filter((c) => c.kind !== 'none') : draft.candidates;
  const text = `${draft.text}\n${env.rawText.trim()}`;
  await saveDraft(db, { userId: draft.userId, askInboundId: env.inboundId, text, parsed, reason: draft.reason, candidates }, env.now);
  const typed = draft.parsed.customer?.name ?? null;
  const q = questionText(env.lang, { reason: draft.reason, candidates, typed }, text, null);
  const nothing = zh ? '（还没有保存任何内容）' : '(Nothing is stored yet.)';
  return {
    text: [`${added}${zh ? '' : ' '}${nothing}`, q.text].join('\n'),
    outcome: 'ASKED',
    card: { inboundId: env.inboundId, title: q.title, lines: [added, ...q.lines], actions: ['undo'], choices: candidates.map((c) => candidateLabel(c, env.lang)) },
  };
}

/** A fix the waiting message cannot take: nothing is done, and the question is still open. */
function notAdded(env: HandlerEnv, draft: Draft): HandlerResult {
  const zh = env.lang === 'zh';
  const q = questionText(env.lang, { reason: draft.reason, candidates: draft.candidates, typed: draft.parsed.customer?.name ?? null }, draft.text, null);
  const head = zh
    ? '上一条消息还在等你确认客户，这条没有记录，也没有改动任何记录。请先回答下面的问题，再发这条。'
    : 'The previous message still waits for its customer; this one was not recorded and nothing was changed. Answer the question below first, then send it again.';
  return { text: [head, q.text].join('\n'), outcome: 'REJECTED' };
}
