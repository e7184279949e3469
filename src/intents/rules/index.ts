// Offline rule-based parser: Chinese and English sales chat → ParsedMessage, no network, no key.
// Each concern lives in its own file; this one decides the intent. Intent precedence when
// several apply: undo > help > correction > set_target > query > record_deal > log_activity >
// mark_hot > update_opportunity > create_task > unknown.
import { DEFAULT_TZ, toLocal } from '../../domain/time.js';
import { ParsedMessageSchema, type MessageParser, type ParseContext, type ParsedMessage, type ParsedMessageInput, type ParsedOpportunity } from '../schema.js';
import { buildSummary, detectActivity, fallbackSummary } from './activity.js';
import { findAmounts, pickAmount, type Amount } from './amounts.js';
import { findCorrection } from './corrections.js';
import { findCustomer, findEnglishCustomerLoose, findKnownCustomer, findSuffixCustomers } from './customers.js';
import { findContacts } from './contacts.js';
import { at, iso, resolveTime, todayOf, addDays, type TimeCtx } from './dates.js';
import { findDeal } from './deals.js';
import { findHot } from './hot.js';
import { isHelp, isUndo } from './intents.js';
import { classifyClauses, extractSteps } from './nextSteps.js';
import { findQuery } from './queries.js';
import { findGrade, findQualification, findStage } from './stages.js';
import { findTarget } from './targets.js';
import { detectLanguage, normalize, splitClauses } from './text.js';

const MAX_CLAUSES = 60;

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

const MEANINGFUL = /[\p{L}\p{N}]/u;

function analyse(raw: string, ctx: ParseContext, c: TimeCtx): Draft {
  const s = normalize(raw);
  const lang = detectLanguage(s);
  const base = empty(lang);
  if (!s) return { ...base, confidence: 0.05 };
  if (isUndo(s)) return { ...base, intent: 'undo', confidence: 0.95 };
  if (isHelp(s)) return { ...base, intent: 'help', confidence: 0.95 };
  if (!MEANINGFUL.test(s)) return { ...base, confidence: 0.05 };

  const correction = findCorrection(s, c);
  if (correction) return { ...base, intent: 'correction', correction, confidence: 0.9 };

  const amounts = findAmounts(s);
  const target = findTarget(s, amounts, ctx.knownUsers, lang, c);
  if (target) return { ...base, intent: 'set_target', target, confidence: target.userName || target.team ? 0.9 : 0.75 };

  // Real reports have a handful of clauses; the cap keeps pasted lists linear and fast.
  const clauses = splitClauses(s).slice(0, MAX_CLAUSES);
  const classified = classifyClauses(clauses, c);
  const activityHit = detectActivity(classified);
  const deal = findDeal(clauses, amounts);
  const hot = findHot(s);
  const steps = extractSteps(classified, c);
  const customer = findCustomer(s, ctx.knownCustomers) ?? (lang === 'en' ? findEnglishCustomerLoose(s) : null);
  const opportunity = findOpportunity(classified, amounts, s, c);

  const query = findQuery(s, c, lang, ctx.knownCustomers, ctx.knownUsers);
  const evidence = Boolean(activityHit || deal || hot || steps.length || opportunity);
  if (query && (query.kind !== 'other' || !evidence)) {
    const isCustomer = query.kind === 'customer' && query.subject;
    return {
      ...base,
      intent: 'query',
      query,
      customer: isCustomer ? { name: query.subject! } : null,
      confidence: query.kind === 'other' ? 0.6 : 0.9,
    };
  }

  const contacts = findContacts(s, [customer?.name ?? '', ...(ctx.knownUsers ?? [])].filter(Boolean));
  const common = {
    ...base,
    customer: customer ? { name: customer.name } : null,
    contacts,
    nextSteps: steps,
    hot: hot ? hot.hot : null,
    hotNote: hot?.note ?? null,
  };

  if (deal) {
    const stage = opportunity?.stage ?? null;
    return {
      ...common,
      intent: 'record_deal',
      deal,
      opportunity: stage || deal.contractAmount ? { ...emptyOpp(), stage, amount: deal.contractAmount, currency: deal.currency, expectedCloseDate: null } : null,
      confidence: customer ? 0.9 : 0.75,
    };
  }

  if (activityHit) {
    const occurredAt = occurred(classified, c);
    const who = customer?.name ?? contacts[0]?.name ?? null;
    const summary =
      buildSummary({ clauses: classified, amounts, customer: customer?.name ?? null, contactNames: contacts.map((x) => x.name), lang }) ||
      fallbackSummary(activityHit.type, who, lang, s);
    return {
      ...common,
      intent: 'log_activity',
      activity: { type: activityHit.type, occurredAt: iso(c, occurredAt), summary },
      opportunity,
      confidence: customer || contacts.length ? 0.9 : 0.7,
    };
  }

  if (hot) return { ...common, intent: 'mark_hot', opportunity, confidence: customer ? 0.9 : 0.6 };
  if (opportunity) return { ...common, intent: 'update_opportunity', opportunity, confidence: customer ? 0.85 : 0.6 };
  if (steps.length) return { ...common, intent: 'create_task', opportunity, confidence: steps.some((x) => x.dueAt) ? 0.85 : 0.7 };

  // A bare customer name is most likely "show me this customer".
  const alone = findKnownCustomer(s, ctx.knownCustomers) ?? findSuffixCustomers(s)[0];
  if (alone && alone.name.length >= s.replace(/[\s?？。.!！]/g, '').length) {
    return { ...base, intent: 'query', customer: { name: alone.name }, query: { kind: 'customer', subject: alone.name, period: null, days: null }, confidence: 0.6 };
  }
  return { ...base, customer: customer ? { name: customer.name } : null, confidence: 0.3 };
}

function emptyOpp(): ParsedOpportunity {
  return { stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null };
}

function findOpportunity(classified: ReturnType<typeof classifyClauses>, amounts: Amount[], s: string, c: TimeCtx): ParsedOpportunity | null {
  let stage: string | null = null;
  let closeAt: Date | null = null;
  for (const cl of classified) {
    if (cl.kind === 'step') continue;
    // "10月10日左右签单" is when it should close, not a won deal.
    if (cl.kind !== 'close') stage = findStage(cl.text) ?? stage;
    if (cl.kind === 'close' && cl.closeAt && !closeAt) closeAt = cl.closeAt;
  }
  const amount = pickAmount(amounts);
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

/** When the activity happened: the first past-or-today time word in the narrative, else now. */
function occurred(classified: ReturnType<typeof classifyClauses>, c: TimeCtx): Date {
  const endOfToday = at(c, addDays(todayOf(c), 1)).getTime();
  for (const cl of classified) {
    if (cl.kind !== 'plain') continue;
    for (const e of cl.times) {
      const t = resolveTime(e, 'past', c);
      if (t && t.getTime() < endOfToday) return t;
    }
  }
  return c.now;
}

export function parseRules(text: string, ctx: ParseContext): ParsedMessage {
  const c: TimeCtx = { now: ctx.now, tz: safeTz(ctx.timezone) };
  let draft: Draft;
  try {
    draft = analyse(typeof text === 'string' ? text : '', ctx, c);
  } catch (err) {
    // Never let odd input take the bot down; the warning keeps the bug visible.
    process.emitWarning(`rule parser failed: ${(err as Error)?.message ?? err}`, 'RuleParserWarning');
    draft = { ...empty('zh'), confidence: 0 };
  }
  return ParsedMessageSchema.parse({ ...draft, source: 'rule' });
}

export const ruleParser: MessageParser = { name: 'rule', parse: async (t, c) => parseRules(t, c) };
