// Turning one parsed message into records. Runs inside the message's transaction, so either
// everything it lists in the reply was written, or nothing was.
import type { Customer } from '../generated/prisma/client.js';
import type { Tx } from './context.js';
import { createActivity } from './activities.js';
import { upsertContacts, type ContactResult } from './contacts.js';
import { findOrCreateCustomer, type CustomerMatch } from './customers.js';
import { keepOtherProjectApart } from './ingest/otherProject.js';
import { askAboutClosedDeal } from './ingest/closedDeal.js';
import { notTheirCustomer } from './ingest/notTheirs.js';
import { customerAsked, toldBy } from './ingest/told.js';
import type { HandlerEnv, HandlerResult, IntentHandler } from './handlerTypes.js';
import { t } from './i18n.js';
import { findAmounts } from '../intents/rules/amounts.js';
import { statedPast } from '../intents/rules/index.js';
import { applyOpportunity, findOpenOpportunity, hasOpportunityInfo, type OpportunityResult } from './opportunities.js';
import { ingestReply } from './ingestReply.js';
import { taskRows, writeTaskRows } from './tasks.js';
import { lostReasonFollowUp } from './deals/lostFollowUp.js';
import { findCustomerForAssignee, pushAssignment, resolveAssignees } from './tasks/assignment.js';
import { setHot } from './ingest/hot.js';
import { ingestParts, isMultiCustomer } from './ingest/parts.js';
import { askInsteadOfGuessing } from './messages/ask.js';
import { colleagueCustomer } from './customers/colleague.js';
import { notStoredLines, notStoredSection } from './messages/dropped.js';

export interface IngestSummary {
  customer: CustomerMatch | null;
  contacts: ContactResult[];
  opportunity: OpportunityResult | null;
  activity: { type: string; occurredAt: Date; summary: string } | null;
  /** `assignee`: the colleague the task was handed to (and pushed to), when not the sender. */
  tasks: Array<{ title: string; dueAt: Date | null; dueLabel: string | null; assignee?: string }>;
  hot: { value: boolean; note: string | null } | null;
  /** The colleague whose customer this is (a manager's visit made with that rep). */
  colleague?: string;
  /** The contact whose customer this is, when the message named the contact and not the customer. */
  viaContact?: string;
  /** The customer is that of the rep's previous record (a follow-up said with 他们/那边/they). */
  viaPrevious?: boolean;
  /** The existing customer a handed-over task was linked to (nothing about it was written). */
  linkedCustomer?: string;
  /** Understood but not stored, with why (messages/dropped.ts): shown in the reply. */
  notStored?: string[];
}

/** log_activity, create_task, update_opportunity and mark_hot share this path. */
export const ingestHandler: IntentHandler = async (db, env): Promise<HandlerResult> => {
  const { user } = env;
  const needsCustomer = env.parsed.intent === 'mark_hot' || env.parsed.intent === 'update_opportunity';
  // Several customers in one message are written part by part (ingest/parts.ts), never asked about as one.
  const multi = isMultiCustomer(env);
  if (needsCustomer && !env.parsed.customer && !multi) {
    const lost = await lostReasonFollowUp(db, env);
    if (lost) return lost;
  }
  // Customer facts with no sure customer: ask and keep a draft (messages/ask.ts), never guess.
  const gate = await askInsteadOfGuessing(db, env);
  if ('reply' in gate) return gate.reply;
  const parsed = gate.parsed;
  if (needsCustomer && !parsed.customer && !multi) return { text: t(env.lang, 'customerRequired'), outcome: 'REJECTED' };

  const steps = parsed.nextSteps.length || parsed.intent !== 'create_task'
    ? parsed.nextSteps
    : [{ title: env.rawText.trim().slice(0, 200), dueAt: null, dueLabel: null, assignee: null }];
  // Who each step is for is settled before anything is written: a refusal must leave no trace.
  const who = await resolveAssignees(db, user, steps, env.lang);
  if (!who.ok) return { text: who.text, outcome: 'REJECTED' };
  // A pure hand-over ("让张三明天回访方舟电子的周工") records nothing about the customer for the
  // sender: the task goes on the assignee's customer, and a contact it names is filed there.
  const handOverOnly = steps.length > 0 && who.assignees.every((a) => a.id !== user.id) && !parsed.activity && !hasOpportunityInfo(parsed.opportunity) && parsed.hot === null;

  // Several customers: one record set each (ingest/parts.ts).
  if (isMultiCustomer(env) && !handOverOnly) return ingestParts(db, env, steps, who.assignees);

  const summary: IngestSummary = { customer: null, contacts: [], opportunity: null, activity: null, tasks: [], hot: null };
  const notes: string[] = [];
  let customer: Customer | null = null;
  if ('viaContact' in gate) summary.viaContact = gate.viaContact;
  if ('viaPrevious' in gate) summary.viaPrevious = gate.viaPrevious;
  if (parsed.customer && handOverOnly) {
    customer = await findCustomerForAssignee(db, user, who.assignees[0].id, parsed.customer.name);
    if (customer) summary.linkedCustomer = customer.name;
    if (customer && parsed.contacts.length) summary.contacts = await upsertContacts(db, customer.id, parsed.contacts, env.log);
  } else if (parsed.customer) {
    // A manager's visit made with a rep ("陪李娜拜访了方舟电子") goes on the rep's customer and deal.
    const joint = await colleagueCustomer(db, user, parsed.customer.name, env.rawText);
    if (joint) summary.colleague = joint.owner.displayName;
    // A deal update or hot flag alone about a customer the rep does not have is never a new one.
    if (!joint && !parsed.activity && (parsed.intent === 'update_opportunity' || parsed.intent === 'mark_hot')) {
      const refusal = await notTheirCustomer(db, env, parsed);
      if (refusal) return refusal;
    }
    summary.customer = joint ? { customer: joint.customer, created: false, conflicts: [] } : await findOrCreateCustomer(db, user, parsed.customer.name, env.log, env.now);
    customer = summary.customer.customer;
    const newCustomer = summary.customer.created;
    if (parsed.contacts.length) summary.contacts = await upsertContacts(db, customer.id, parsed.contacts, env.log);
    if (hasOpportunityInfo(parsed.opportunity)) {
      const dealOwner = joint?.owner ?? user;
      let opportunity = newCustomer ? parsed.opportunity : await keepOtherProjectApart(db, customer.id, dealOwner.id, parsed.opportunity, env.rawText, env.lang, notes);
      // (The deal read with the customer is the rep's own: a visit with a colleague reads the colleague's.)
      const openDeal = joint ? undefined : summary.customer.openDeal;
      // Only a closed deal of the rep's: a bare figure may mean it or a new one — asked, not opened.
      if (!newCustomer && !openDeal && hasOpportunityInfo(opportunity)) opportunity = await askAboutClosedDeal(db, customer, dealOwner.id, opportunity, env.rawText, env.lang, notes, openDeal === null);
      if (hasOpportunityInfo(opportunity)) summary.opportunity = await applyOpportunity(db, dealOwner, customer, opportunity, env.now, env.log, { newCustomer, ...(openDeal !== undefined ? { openDeal } : {}) });
    }
    if (parsed.hot !== null) {
      await setHot(db, env, customer, parsed.hot, parsed.hotNote);
      summary.hot = { value: parsed.hot, note: parsed.hotNote };
    }
  }

  // "华星科技的王总说预算批了，预计85万", "刘兵说他们下周可以安排演示，让我们周三前发方案": someone of
  // theirs told the rep — a contact was made. It is logged (type 其他, the rep's words) so the
  // customer's last contact, follow-up lists and activity counts see it, and what they said beyond
  // the step (their own plans) is kept.
  const heard = !parsed.activity && !handOverOnly && customer && (parsed.intent === 'update_opportunity' || parsed.intent === 'create_task') && (toldBy(parsed.contacts, env.rawText) || customerAsked(env.rawText));
  const activityParse = parsed.activity && parsed.intent === 'log_activity'
    ? parsed.activity
    // …when they told it: the time the rep says ("昨天刘总说…"), else the message's.
    : heard ? { type: 'OTHER' as const, occurredAt: statedPast(env.rawText, { now: env.now, timezone: env.tz }) ?? env.now.toISOString(), summary: env.rawText.trim().slice(0, 200) } : null;
  // The next steps' rows, written with the activity when there is one (one statement for both).
  const stepRows = taskRows({ assigneeId: user.id, customerId: customer?.id ?? null, inboundId: env.inboundId, steps, assigneeIds: who.assignees.map((a) => a.id), assignedById: user.id });
  let stepsWritten = false;
  if (activityParse) {
    // The deal this message wrote, else the customer's open deal (read by the insert itself).
    const opportunity = summary.opportunity ? summary.opportunity.opportunity.id : customer ? { openOf: customer.ownerId } : null;
    const activity = await createActivity(
      db,
      { authorId: user.id, customerId: customer?.id ?? null, opportunity, inboundId: env.inboundId, rawText: env.rawText, parsed: activityParse },
      env.log,
      stepRows?.insert,
    );
    stepsWritten = true;
    summary.activity = { type: activity.type, occurredAt: activity.occurredAt, summary: activity.summary };
  }

  if (stepRows) {
    const tasks = await writeTaskRows(db, stepRows, env.log, stepsWritten);
    summary.tasks = [];
    for (const [i, task] of tasks.entries()) {
      const assignee = who.assignees[i];
      if (assignee.id !== user.id) await pushAssignment(db, task, assignee, user, customer?.name ?? null, env.now, env.log);
      summary.tasks.push({ title: task.title, dueAt: task.dueAt, dueLabel: task.dueLabel, ...(assignee.id !== user.id ? { assignee: assignee.displayName } : {}) });
    }
  }

  // Understood but not stored (no customer for a contact, an unknown stage…): listed in the reply.
  // A deal the message left alone still has its amount named next to a figure not taken for it.
  // (Read only when the text has a figure: most messages have none, issue 15.)
  const openDeal = !summary.opportunity && customer && findAmounts(env.rawText).length ? await findOpenOpportunity(db, customer.id, customer.ownerId) : null;
  summary.notStored = [...notes, ...notStoredLines(env.parsed, parsed, { ...summary, openDeal }, env.lang, env.rawText)];
  if (env.log.empty) {
    // Parsed as a log but nothing to store (e.g. a bare company name): say so instead of "recorded".
    const why = notStoredSection(summary.notStored, env.lang);
    return { text: why.length ? [t(env.lang, 'nothingStored'), ...why].join('\n') : t(env.lang, 'unknown'), outcome: 'REJECTED' };
  }
  const reply = ingestReply(summary, env);
  return {
    text: reply.text,
    outcome: 'APPLIED',
    card: summary.activity ? { inboundId: env.inboundId, title: reply.title, lines: reply.lines, actions: ['confirm', 'undo', 'edit_amount'] } : undefined,
  };
};
