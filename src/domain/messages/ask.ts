// "Ask instead of guessing": before a logged message writes anything, decide whether its customer
// is sure enough. Facts that belong to a customer (a contact, an amount / stage / close date, a
// hot flag) are never written to a guessed customer nor dropped: when no customer is named, the
// name is a doubtful new one, several known customers match, or the parser itself was unsure,
// the bot asks ONE question and keeps the message as a pending draft (drafts.ts) that the next
// answer completes (answer.ts). A personal task or a plain activity without such facts is never
// held up by a question.
import type { Customer } from '../../generated/prisma/client.js';
import type { ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import { customerAsked } from '../ingest/told.js';
import { customerKey, KNOWN_CUSTOMER_NAMES, ownCustomerMatches, ownNearMisses, PARTIAL_LIMIT } from '../customers.js';
import { coreName } from '../../intents/rules/customers.js';
import { pinyinSyllables } from '../text.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import type { Lang } from '../i18n.js';
import { hasOpportunityInfo } from '../opportunities.js';
import { customersByContactMention, soleCustomer, type ContactMention } from '../customers/byContact.js';
import { previousRecordCustomers, speaksOfThem } from '../customers/previous.js';
import { draftTimeoutMinutes, quote, replacedText, saveDraft, type Candidate, type DraftReason } from './drafts.js';

/** Below this parser confidence, customer facts are confirmed before they are written. */
export const LOW_CONFIDENCE = 0.5;
/** Marks a parse completed by an answer: it is never asked about again. */
export const ANSWERED_SOURCE_SUFFIX = '+answer';
const MAX_CANDIDATES = PARTIAL_LIMIT - 1;

const INGEST_INTENTS = new Set<ParsedMessage['intent']>(['log_activity', 'create_task', 'update_opportunity', 'mark_hot']);

/**
 * Does the message carry facts that only make sense on a customer? A deal figure or a hot flag,
 * or people met in an activity. People named in a task ("明天给王总打电话") are part of its title:
 * a task alone never needs a customer.
 */
export function hasCustomerFacts(p: ParsedMessage): boolean {
  return hasOpportunityInfo(p.opportunity) || p.hot !== null || (p.contacts.length > 0 && !!p.activity);
}

/** "让张三明天回访方舟电子": a hand-over only links an existing customer, never creates one. */
function handOverOnly(p: ParsedMessage): boolean {
  return p.nextSteps.length > 0 && p.nextSteps.every((s) => s.assignee) && !p.activity && !hasCustomerFacts(p);
}

export interface CustomerMatches {
  exact: Customer | null;
  partial: Customer[];
}

/** The sender's customers a typed name could mean: the exact normalised one, else partial ones. */
export async function matchCustomers(db: Tx, ownerId: string, name: string): Promise<CustomerMatches> {
  // Up to MAX_CANDIDATES options, and whether there are more (PARTIAL_LIMIT is one more).
  return ownCustomerMatches(db, ownerId, customerKey(name));
}

/** A customer of theirs as a numbered option of the question. */
const existing = (c: Pick<Customer, 'id' | 'name'>): Candidate => ({ kind: 'existing', customerId: c.id, name: c.name });

/**
 * Customers a message without a name is likely about: those of the contacts it names (parsed, or
 * one of their contacts' full names written in it), then the latest touched.
 */
async function likelyCustomers(db: Tx, ownerId: string, p: ParsedMessage, mentioned: ContactMention[] = []): Promise<Candidate[]> {
  const names = p.contacts.map((c) => c.name.trim()).filter(Boolean);
  const byContact = names.length
    ? await db.customer.findMany({ where: { ownerId, contacts: { some: { name: { in: names } } } }, orderBy: { updatedAt: 'desc' }, take: MAX_CANDIDATES })
    : [];
  const fromText = mentioned.filter((m) => !byContact.some((c) => c.id === m.customerId)).map((m) => ({ id: m.customerId, name: m.customerName }));
  const known = [...byContact, ...fromText.filter((c, i) => fromText.findIndex((o) => o.id === c.id) === i)];
  const recent = known.length
    ? []
    : await db.customer.findMany({ where: { ownerId }, orderBy: [{ lastContactAt: { sort: 'desc', nulls: 'last' } }, { updatedAt: 'desc' }], take: 3 });
  return [...known, ...recent].slice(0, MAX_CANDIDATES).map(existing);
}

export interface AskDecision {
  reason: DraftReason;
  candidates: Candidate[];
  /** The name the rep typed, when there was one. */
  typed: string | null;
}

/**
 * Whether `p` must be confirmed before it is written, and with which options. Null: write it
 * (a pure task whose customer is only a weak guess is written without it: see dropWeakGuess).
 */
export async function decideAsk(db: Tx, ownerId: string, p: ParsedMessage, mentioned: ContactMention[] = [], text = '', matched?: CustomerMatches): Promise<AskDecision | null> {
  if (!INGEST_INTENTS.has(p.intent) || p.parts.length >= 2 || p.source.endsWith(ANSWERED_SOURCE_SUFFIX) || handOverOnly(p)) return null;
  // The customer's price position ("他们还价95万", "they countered at 95k") is about one deal: it
  // is worth nothing on no customer, so it is asked about like a deal fact.
  const facts = hasCustomerFacts(p) || (!!p.activity && customerAsked(text));
  const unsure = p.confidence < LOW_CONFIDENCE && facts;
  // Nothing in it needs a customer: storing it without one is a fair option to offer.
  const none: Candidate[] = facts ? [] : [{ kind: 'none' }];
  if (!p.customer) {
    // A visit, call or meeting with no customer ("今天拜访了，聊得不错") is asked about too, with
    // "no customer" as an option (an internal meeting); a note or a bare task is not held up.
    const contact = !!p.activity && p.activity.type !== 'OTHER' && p.intent === 'log_activity';
    if (!facts && !contact) return null;
    return { reason: 'none', candidates: [...(await likelyCustomers(db, ownerId, p, mentioned)), ...none], typed: null };
  }
  const typed = p.customer.name.trim();
  const m = matched ?? (await matchCustomers(db, ownerId, typed));
  if (m.exact) return unsure ? { reason: 'unsure', candidates: [existing(m.exact), ...none], typed } : null;
  if (m.partial.length >= 2) {
    return { reason: 'ambiguous', candidates: [...m.partial.slice(0, MAX_CANDIDATES).map(existing), { kind: 'new', name: typed }, ...none], typed };
  }
  if (m.partial.length === 1) return unsure ? { reason: 'unsure', candidates: [existing(m.partial[0]), { kind: 'new', name: typed }, ...none], typed } : null;
  // A new name one typo away from a customer of theirs: a duplicate customer would split its
  // history and deals, so ask which one (the rep answers 新建 when it really is another company).
  // (The same statement reads the 撞单 look-alikes a new customer by this name is checked for.)
  const near = [...(await ownNearMisses(db, ownerId, customerKey(typed))), ...(await ownByPinyin(db, ownerId, typed))];
  if (near.length) return { reason: 'similar', candidates: [...near.slice(0, MAX_CANDIDATES).map(existing), { kind: 'new', name: typed }, ...none], typed };
  // A new customer: created only from a clear name.
  if (p.customer.evidence === 'weak') {
    // A pure task is not held up for its customer: it is stored without one (the reply says so).
    if (!facts && !p.activity) return null;
    // "给刘兵打了个电话": the doubtful name may be a contact of theirs — offer that customer first.
    const viaContact = await db.customer.findMany({ where: { ownerId, lifecycle: { not: 'LOST' }, contacts: { some: { name: typed } } }, orderBy: { updatedAt: 'desc' }, take: MAX_CANDIDATES });
    return { reason: 'weak', candidates: [...viaContact.map(existing), { kind: 'new', name: typed }, ...none], typed };
  }
  return unsure ? { reason: 'unsure', candidates: [{ kind: 'new', name: typed }, ...none], typed } : null;
}

/**
 * "Visited Fangzhou Electronics…" from a rep who has 方舟电子: the English spelling of one of their
 * customers, its short form in pinyin (pinyin-pro) followed by anything (an English industry
 * word). Only names written in Latin letters are compared; short forms under 4 letters never match.
 */
async function ownByPinyin(db: Tx, ownerId: string, typed: string): Promise<Customer[]> {
  if (!/^[A-Za-z][A-Za-z .&'-]+$/.test(typed)) return [];
  const latin = typed.toLowerCase().replace(/[^a-z]/g, '');
  const rows = await db.customer.findMany({ where: { ownerId, lifecycle: { not: 'LOST' } }, select: { id: true, name: true }, orderBy: { updatedAt: 'desc' }, take: KNOWN_CUSTOMER_NAMES });
  const hits = rows.filter((r) => {
    const core = coreName(r.name).replace(/[^\u4e00-\u9fff]/g, '');
    if ([...core].length < 2) return false;
    const sound = pinyinSyllables(core).join('');
    return sound.length >= 4 && latin.startsWith(sound);
  });
  return hits.length ? db.customer.findMany({ where: { id: { in: hits.slice(0, MAX_CANDIDATES).map((h) => h.id) } } }) : [];
}

/** A pure task whose customer is only a weak new guess: the guess is left out, not created. */
export async function dropWeakGuess(db: Tx, ownerId: string, p: ParsedMessage): Promise<ParsedMessage> {
  if (!p.customer || p.customer.evidence !== 'weak' || hasCustomerFacts(p) || p.activity || p.parts.length >= 2 || p.source.endsWith(ANSWERED_SOURCE_SUFFIX) || handOverOnly(p)) return p;
  const m = await matchCustomers(db, ownerId, p.customer.name);
  return m.exact || m.partial.length ? p : { ...p, customer: null };
}

export function candidateLabel(c: Candidate, lang: Lang): string {
  if (c.kind === 'existing') return c.name;
  if (c.kind === 'new') return lang === 'zh' ? `新建客户“${c.name}”` : `New customer "${c.name}"`;
  return lang === 'zh' ? '不关联客户，直接保存' : 'No customer, store it as is';
}

/** The question: one short line, numbered options, how to cancel, and that nothing is stored yet. */
export function questionText(lang: Lang, d: AskDecision, text: string, replaced: string | null): { text: string; title: string; lines: string[] } {
  const zh = lang === 'zh';
  const why = {
    none: zh ? '没看出是哪个客户。' : 'I could not tell which customer this is about.',
    weak: zh ? `不确定“${d.typed}”是不是客户名。` : `I am not sure "${d.typed}" is a customer's name.`,
    ambiguous: zh ? `“${d.typed}”能对上好几个客户。` : `"${d.typed}" matches several customers.`,
    unsure: zh ? `没太确定是“${d.typed}”。` : `I am not sure this is "${d.typed}".`,
    similar: zh ? `“${d.typed}”和你已有的客户名字很像，是同一家吗？` : `"${d.typed}" looks like a customer you already have. The same one?`,
  }[d.reason];
  const title = zh
    ? `❓ 这是哪个客户？回复客户名即可${d.candidates.length ? '；也可回复序号' : ''}`
    : `❓ Which customer is this? Reply with the customer's name${d.candidates.length ? ', or a number' : ''}`;
  const options = d.candidates.map((c, i) => `${i + 1}. ${candidateLabel(c, lang)}`);
  const mins = draftTimeoutMinutes();
  const footer = zh
    ? `回复“取消”放弃。这条消息暂未保存（${mins} 分钟内有效）：“${quote(text, 40)}”`
    : `Reply "cancel" to drop it. Nothing is stored yet (waits ${mins} minutes): "${quote(text, 40)}"`;
  const lines = [why, ...options, footer, ...(replaced ? [replaced] : [])];
  return { title, lines, text: [title, ...lines].join('\n') };
}

/**
 * Called at the top of the ingest: asks (saving the draft in this message's transaction) when the
 * customer is not sure, and returns the question; else returns the parse to write (a weak
 * customer guess on a pure task left out).
 */
export async function askInsteadOfGuessing(db: Tx, env: HandlerEnv): Promise<{ reply: HandlerResult } | { parsed: ParsedMessage; viaContact?: string; viaPrevious?: boolean }> {
  const byContact = await fileByContact(db, env.user.id, env.parsed, env.rawText);
  if (byContact.via) return { parsed: byContact.parsed, viaContact: byContact.via };
  // (A contact of theirs named by full name decides instead, or asks when several customers share it.)
  const previous = byContact.mentioned.length ? null : await fileByPrevious(db, env);
  if (previous) return previous;
  const narrowed = await narrowByContact(db, env.user.id, env.parsed);
  if ('parsed' in narrowed) return narrowed;
  const decision = await decideAsk(db, env.user.id, env.parsed, byContact.mentioned, env.rawText, narrowed.matches);
  if (!decision) return { parsed: await dropWeakGuess(db, env.user.id, env.parsed) };
  return { reply: await ask(db, env, decision) };
}

/**
 * A follow-up that names no customer but speaks of one ("他们下周要看方案", "那边预算批了50万",
 * "they want a demo") right after a record (customers/previous.ts): filed on that record's
 * customer when it filed exactly one, the reply saying so; asked about, with the record's
 * customers as the options, when it filed several. A visit, call or meeting of its own is another
 * event and is asked about as usual; so is a follow-up with no record right before it.
 */
async function fileByPrevious(db: Tx, env: HandlerEnv): Promise<{ parsed: ParsedMessage; viaPrevious: true } | { reply: HandlerResult } | null> {
  const p = env.parsed;
  if (!INGEST_INTENTS.has(p.intent) || p.parts.length >= 2 || p.customer || p.source.endsWith(ANSWERED_SOURCE_SUFFIX) || handOverOnly(p)) return null;
  if (p.activity && p.activity.type !== 'OTHER') return null;
  if (!speaksOfThem(env.rawText)) return null;
  const customers = await previousRecordCustomers(db, env.user.id, env.inboundId);
  if (!customers?.length) return null;
  if (customers.length === 1) {
    // "Spoke with Kevin about the pilot, they…": talking with someone who is not one of that
    // customer's people is another conversation, asked about as usual.
    const names = [...new Set(p.contacts.map((c) => c.name.trim()).filter(Boolean))];
    if (p.activity && names.length && (await db.contact.count({ where: { customerId: customers[0].id, name: { in: names } } })) < names.length) return null;
    return { parsed: { ...p, customer: { name: customers[0].name, evidence: 'known' } }, viaPrevious: true };
  }
  const none: Candidate[] = hasCustomerFacts(p) ? [] : [{ kind: 'none' }];
  return { reply: await ask(db, env, { reason: 'none', candidates: [...customers.slice(0, MAX_CANDIDATES).map(existing), ...none], typed: null }) };
}

/**
 * A message that names no sure customer but one of the rep's contacts by full name (customers/
 * byContact.ts): filed on that contact's customer when the name belongs to exactly one of them —
 * also when the parser took the person for a doubtful company name ("给邵宁打了个电话"). The
 * reply says which contact decided it. Several customers: returned as `mentioned`, offered first.
 */
async function fileByContact(db: Tx, ownerId: string, p: ParsedMessage, text: string): Promise<{ parsed: ParsedMessage; via?: string; mentioned: ContactMention[] }> {
  const open = INGEST_INTENTS.has(p.intent) && p.parts.length < 2 && !p.source.endsWith(ANSWERED_SOURCE_SUFFIX) && !handOverOnly(p);
  const unnamed = !p.customer || p.customer.evidence === 'weak';
  if (!open || !unnamed) return { parsed: p, mentioned: [] };
  const mentioned = await customersByContactMention(db, ownerId, text);
  const sole = soleCustomer(mentioned);
  // A weak name that is not the contact itself may be a real new company: that is for decideAsk.
  if (!sole || (p.customer && !mentioned.some((m) => m.contactName === p.customer!.name.trim()))) return { parsed: p, mentioned };
  // "Sarah" for Sarah Lee: the parsed given name is that contact.
  const named = p.contacts.map((c) => (sole.contactName.startsWith(`${c.name.trim()} `) ? { ...c, name: sole.contactName } : c));
  const contacts = named.some((c) => c.name.trim() === sole.contactName)
    ? named.filter((c, i) => named.findIndex((o) => o.name.trim() === c.name.trim()) === i)
    : [...named, { name: sole.contactName, title: null, role: 'OTHER' as const }];
  return { parsed: { ...p, customer: { name: sole.customerName, evidence: 'known' }, contacts }, via: sole.contactName, mentioned };
}

/**
 * "和方舟的赵总通了电话" when the rep has 方舟科技 and 方舟电子: a short name that fits several of
 * their customers, and a person of the message (any form, 赵总 too) who is a contact at exactly one
 * of them — that one. Among the customers the name already narrowed it to, the contact is no
 * guess; the reply says which contact decided it. Anything else: the matches it read (the
 * question follows).
 */
async function narrowByContact(db: Tx, ownerId: string, p: ParsedMessage): Promise<{ parsed: ParsedMessage; viaContact: string } | { matches?: CustomerMatches }> {
  const names = p.contacts.map((c) => c.name.trim()).filter((n) => n.length >= 2);
  if (!p.customer || !names.length || !INGEST_INTENTS.has(p.intent) || p.parts.length >= 2 || p.source.endsWith(ANSWERED_SOURCE_SUFFIX)) return {};
  // Read once: decideAsk goes on with these matches when the contact settles nothing.
  const m = await matchCustomers(db, ownerId, p.customer.name.trim());
  if (m.exact || m.partial.length < 2) return { matches: m };
  const having = await db.contact.findMany({
    where: { customerId: { in: m.partial.map((c) => c.id) }, name: { in: names }, customer: { lifecycle: { not: 'LOST' } } },
    select: { customerId: true, name: true },
  });
  const ids = new Set(having.map((h) => h.customerId));
  if (ids.size !== 1) return { matches: m };
  const customer = m.partial.find((c) => c.id === having[0].customerId)!;
  return { parsed: { ...p, customer: { name: customer.name, evidence: 'known' } }, viaContact: having[0].name };
}

/**
 * A signing or a payment ("签了，合同110万", "尾款到了") with no customer: the same question, with
 * the rep's customers that have an open deal first (latest touched), else the likely ones. The
 * answer runs the deal again on the chosen customer (assistant.ts picks the handler by intent).
 */
export async function askForDealCustomer(db: Tx, env: HandlerEnv): Promise<HandlerResult> {
  // A payment plan alone belongs to a signed contract: those customers come first.
  const planOnly = !!env.parsed.deal?.plannedPayments.length && env.parsed.deal.contractAmount === null && env.parsed.deal.paymentAmount === null;
  const signed = planOnly
    ? await db.customer.findMany({ where: { ownerId: env.user.id, contracts: { some: {} } }, orderBy: { updatedAt: 'desc' }, take: MAX_CANDIDATES })
    : [];
  const open = await db.customer.findMany({
    where: { ownerId: env.user.id, opportunities: { some: { ownerId: env.user.id, status: 'OPEN' } } },
    orderBy: { updatedAt: 'desc' },
    take: MAX_CANDIDATES,
  });
  const withDeal = [...signed, ...open.filter((c) => !signed.some((x) => x.id === c.id))].slice(0, MAX_CANDIDATES);
  const candidates: Candidate[] = withDeal.length
    ? withDeal.map(existing)
    : await likelyCustomers(db, env.user.id, env.parsed);
  return ask(db, env, { reason: 'none', candidates, typed: null });
}

/** Saves the draft (in this message's transaction) and returns the question. */
async function ask(db: Tx, env: HandlerEnv, decision: AskDecision): Promise<HandlerResult> {
  const { replaced } = await saveDraft(db, { userId: env.user.id, askInboundId: env.inboundId, text: env.rawText, parsed: env.parsed, reason: decision.reason, candidates: decision.candidates }, env.now);
  const q = questionText(env.lang, decision, env.rawText, replaced ? replacedText(env.lang, replaced.text) : null);
  return {
    text: q.text,
    outcome: 'ASKED',
    card: { inboundId: env.inboundId, title: q.title, lines: q.lines, actions: ['undo'], choices: decision.candidates.map((c) => candidateLabel(c, env.lang)) },
  };
}
