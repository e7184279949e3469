// A message about several customers ("今天跑了三家：A…；B…；C…") becomes one record set per
// customer: each part (parsed.parts) gets its own customer, contacts, deal, hot flag, next steps
// and its own activity — one activity per customer, summarised with that customer's share of the
// words, so each customer's timeline shows only what was said about it. Facts the parser could
// not tie to one customer are never filed on a guess: steps become tasks without a customer,
// contacts and a hot flag are named in the reply as not recorded; a part whose customer name is
// only a guess (and none of the sender's) is left out and named too. Everything is written in the
// message's transaction with one change log, so "撤销" reverts the message as a whole.
import type { ParsedCustomerPart, ParsedNextStep } from '../../intents/schema.js';
import { activityTypeOf } from '../../intents/rules/activity.js';
import { createActivity } from '../activities.js';
import { upsertContacts } from '../contacts.js';
import type { Tx } from '../context.js';
import { findOrCreateCustomer, findOwnCustomer } from '../customers.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { t } from '../i18n.js';
import type { IngestSummary } from '../ingest.js';
import { setHot } from './hot.js';
import { keepOtherProjectApart } from './otherProject.js';
import { partsReply, type UnplacedFacts } from '../ingestReply.js';
import { applyOpportunity, hasOpportunityInfo } from '../opportunities.js';
import { createTasks } from '../tasks.js';
import { unrecordedAmountLines } from '../messages/dropped.js';
import { pushAssignment, type Assignee } from '../tasks/assignment.js';

/** Two or more customers, each with its own part: the message is filed per customer. */
export function isMultiCustomer(env: HandlerEnv): boolean {
  return env.parsed.parts.length >= 2;
}

const sameStep = (a: ParsedNextStep, b: ParsedNextStep) => a.title === b.title && a.dueAt === b.dueAt;

/**
 * `steps` and `assignees` are the message's steps (the union of the parts' and any that name no
 * single customer) with whom each is for, as the ingest resolved them before writing anything.
 */
export async function ingestParts(db: Tx, env: HandlerEnv, steps: ParsedNextStep[], assignees: Assignee[]): Promise<HandlerResult> {
  const { parsed, user } = env;
  const used = new Set<number>();
  // Each part's step takes the message step it came from (and so its assignee).
  const place = (part: ParsedCustomerPart) =>
    part.nextSteps.map((step) => {
      const i = steps.findIndex((s, k) => !used.has(k) && sameStep(s, step));
      if (i >= 0) used.add(i);
      return { step: i >= 0 ? steps[i] : step, assignee: i >= 0 ? assignees[i] : user };
    });
  // A guessed name (evidence weak) that is none of the sender's customers is never created: that
  // part is left out and named in the reply, so the rep can say it again.
  const unsure = new Set<number>();
  for (const [n, part] of parsed.parts.entries()) {
    if (part.customer.evidence === 'weak' && !(await findOwnCustomer(db, user.id, part.customer.name))) unsure.add(n);
  }
  if (unsure.size === parsed.parts.length) return { text: t(env.lang, 'unknown'), outcome: 'REJECTED' };
  const placed = parsed.parts.map(place);
  const summaries: IngestSummary[] = [];
  const seen = new Map<string, IngestSummary>();

  const logsActivity = !!parsed.activity && parsed.intent === 'log_activity';
  for (const [n, part] of parsed.parts.entries()) {
    if (unsure.has(n)) continue;
    // Named only in passing ("明天把A和B的报价都发了"): nothing to file on it, so it is not created.
    if (!logsActivity && !part.contacts.length && !hasOpportunityInfo(part.opportunity) && part.hot === null && !placed[n].length) continue;
    const match = await findOrCreateCustomer(db, user, part.customer.name, env.log, env.now);
    const customer = match.customer;
    // Two parts naming the same customer (远大 and 远大能源) add to one record set.
    let summary = seen.get(customer.id);
    if (!summary) {
      summary = { customer: match, contacts: [], opportunity: null, activity: null, tasks: [], hot: null };
      seen.set(customer.id, summary);
      summaries.push(summary);
    }
    if (part.contacts.length) summary.contacts.push(...(await upsertContacts(db, customer.id, part.contacts, env.log)));
    // Another project or order of a customer with an open deal ("二期签了20万") is kept apart, named.
    const notes: string[] = [];
    const opportunity = hasOpportunityInfo(part.opportunity) && !match.created ? await keepOtherProjectApart(db, customer.id, user.id, part.opportunity!, part.summary ?? '', env.lang, notes) : part.opportunity;
    if (notes.length) summary.notStored = [...(summary.notStored ?? []), ...notes];
    if (hasOpportunityInfo(opportunity)) summary.opportunity = await applyOpportunity(db, user, customer, opportunity!, env.now, env.log);
    if (part.hot !== null) {
      await setHot(db, env, await db.customer.findUniqueOrThrow({ where: { id: customer.id } }), part.hot, null);
      summary.hot = { value: part.hot, note: null };
    }
    if (logsActivity && parsed.activity && !summary.activity) {
      const activity = await createActivity(
        db,
        {
          authorId: user.id, customerId: customer.id, opportunity: summary.opportunity?.opportunity.id ?? { openOf: user.id }, inboundId: env.inboundId, rawText: env.rawText,
          // Each customer at the time the rep gave it ("上午A…，下午B…"), else the message's.
          // …and of the kind its own words say ("上午拜访了A…，晚上又给B打了电话": a visit and a call).
          parsed: {
            ...parsed.activity,
            type: part.activityType ?? ((part.summary && activityTypeOf(part.summary)) || parsed.activity.type),
            occurredAt: part.occurredAt ?? parsed.activity.occurredAt,
            summary: part.summary?.trim() || sharedWords(parsed.activity.summary, parsed.parts.filter((o) => o !== part).map((o) => o.summary ?? '')),
          },
        },
        env.log,
      );
      summary.activity = { type: activity.type, occurredAt: activity.occurredAt, summary: activity.summary };
    }
    summary.tasks.push(...(await writeTasks(db, env, customer, placed[n])));
    // A figure said about this customer but not stored as its deal's amount is named under it.
    const unrecorded = unrecordedAmountLines(part.summary ?? '', part.opportunity?.amount != null, env.lang);
    if (unrecorded.length) summary.notStored = [...(summary.notStored ?? []), ...unrecorded];
  }

  // Steps said about several customers at once (or none): kept, but on no customer.
  // (Steps of a left-out part were matched above and are left out with it.)
  const rest = steps.map((step, i) => ({ step, assignee: assignees[i] })).filter((_, i) => !used.has(i));
  const unplaced: UnplacedFacts = {
    tasks: await writeTasks(db, env, null, rest),
    contacts: parsed.contacts.filter((c) => !parsed.parts.some((p) => p.contacts.some((x) => x.name === c.name))).map((c) => c.name),
    hot: parsed.hot !== null && !parsed.parts.some((p) => p.hot !== null) ? parsed.hot : null,
    unsure: [...unsure].map((n) => ({ name: parsed.parts[n].customer.name, words: parsed.parts[n].summary })),
  };

  if (env.log.empty) return { text: t(env.lang, 'unknown'), outcome: 'REJECTED' };
  const reply = partsReply(summaries, unplaced, env);
  const anyActivity = summaries.some((s) => s.activity);
  return {
    text: reply.text,
    outcome: 'APPLIED',
    card: anyActivity ? { inboundId: env.inboundId, title: reply.title, lines: reply.lines, actions: ['confirm', 'undo'] } : undefined,
  };
}

async function writeTasks(db: Tx, env: HandlerEnv, customer: { id: string; name: string } | null, items: Array<{ step: ParsedNextStep; assignee: Assignee }>): Promise<IngestSummary['tasks']> {
  if (!items.length) return [];
  const { user } = env;
  const tasks = await createTasks(
    db,
    { assigneeId: user.id, customerId: customer?.id ?? null, inboundId: env.inboundId, steps: items.map((x) => x.step), assigneeIds: items.map((x) => x.assignee.id), assignedById: user.id },
    env.log,
  );
  const out: IngestSummary['tasks'] = [];
  for (const [i, task] of tasks.entries()) {
    const assignee = items[i].assignee;
    if (assignee.id !== user.id) await pushAssignment(db, task, assignee, user, customer?.name ?? null, env.now, env.log);
    out.push({ title: task.title, dueAt: task.dueAt, dueLabel: task.dueLabel, ...(assignee.id !== user.id ? { assignee: assignee.displayName } : {}) });
  }
  return out;
}

/**
 * A customer named only in the message's shared words ("今天见了A和B，B那边说预算120万不变"): its
 * activity carries those words, never another customer's own clauses (what B's person said).
 */
function sharedWords(whole: string, others: string[]): string {
  let s = whole;
  // Clause by clause: the whole message's summary leaves out what became steps or the amount.
  const clauses = others.flatMap((x) => x.split(/[，,；;。]/)).map((x) => x.trim()).filter((x) => x.length >= 2).sort((a, b) => b.length - a.length);
  for (const c of clauses) s = s.split(c).join('');
  s = s.replace(/([，,；;])(?:\s*[，,；;])+/g, '$1').replace(/^[，,；;、\s]+|[，,；;、\s]+$/g, '');
  return s || whole;
}
