// Nudges that ask back (issue 14.3). A stalled-deal alert or a hot-customer nudge ends with
// "下一步是什么？"; the rep's next message, when it names no customer, is the answer and is filed on
// THAT customer — a task, a stage change, 丢单 with its reason, a visit — exactly like a normal
// message (same handlers, same undo), with a first line saying where it went. It only applies while
// the nudge is the last thing between the bot and the rep: sent within NUDGE_REPLY_HOURS (default
// 12) and no message from the rep since. Anything else (a customer named, several customers, a
// question, a hand-over) is handled as usual, and an older nudge never captures a message.
// The question after a visit or meeting step (tasks/briefing.ts visitFollowUps) works the same
// way, and its answer is also that visit's activity: "聊得不错，下周给他们报价" logs the visit (at the
// step's time) and the next step.
import type { ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { hasOpportunityInfo } from '../opportunities.js';

export const ASKING_NUDGES = ['stalled', 'hot', 'visit_followup'] as const;

export function nudgeReplyHours(): number {
  const n = Number(process.env.NUDGE_REPLY_HOURS);
  return Number.isFinite(n) && n > 0 ? n : 12;
}

/** The question a nudge ends with, naming where the answer will be filed. */
export function askNextStep(customerName: string, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `下一步是什么？直接回复即可（如“下周二约他们开会”“阶段改成谈判”“丢单了，原因是价格”），我会记在 ${customerName} 名下。`
    : `What is the next step? Just reply (e.g. "meeting with them next Tuesday", "stage is negotiation", "lost it, price"), and I will file it on ${customerName}.`;
}

const INTENTS = new Set<ParsedMessage['intent']>(['log_activity', 'create_task', 'update_opportunity', 'mark_hot', 'correction', 'record_deal']);
const DEAL_FIELDS = new Set(['amount', 'stage', 'expected_close_date']);

/** Does the message say something about one customer without naming it? */
function wantsACustomer(p: ParsedMessage): boolean {
  if (!INTENTS.has(p.intent) || p.customer || p.parts.length) return false;
  if (p.nextSteps.some((s) => s.assignee)) return false; // a hand-over to a colleague
  if (p.intent === 'correction') return !!p.correction && DEAL_FIELDS.has(p.correction.field);
  return !!p.activity || p.nextSteps.length > 0 || hasOpportunityInfo(p.opportunity) || p.hot !== null || p.contacts.length > 0 || !!p.deal;
}

interface Answered {
  customer: { id: string; name: string };
  /** For the question after a visit: the step it asked about. */
  visit?: { title: string; dueAt: Date };
}

const QUESTION = /[?？]\s*$|^(?:什么|怎么|为什么|哪|谁|多少)|吗\s*[?？]?$/;
// "好的", "收到", "ok": an acknowledgement is no report of a visit.
const ACK = /^(?:好的?|好滴|收到|嗯+|哦+|ok(?:ay)?|知道了|明白|谢谢|thanks?|got it|sure)[!！。.~～\s]*$/i;

function saysSomething(text: string): boolean {
  const t = text.trim();
  return !ACK.test(t) && ((t.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 4 || t.split(/\s+/).length >= 3);
}

/** The nudge this message answers (its customer, and the visit when it asked about one), or null. */
export async function nudgeBeingAnswered(db: Tx, env: HandlerEnv): Promise<Answered | null> {
  const p = env.parsed;
  const forACustomer = wantsACustomer(p);
  // Free words about how a visit went ("聊得不错") parse as nothing; they still answer that question.
  const aboutAVisit = !forACustomer && !p.customer && !p.parts.length && ['unknown', 'log_activity', 'create_task'].includes(p.intent) && !QUESTION.test(env.rawText.trim()) && saysSomething(env.rawText);
  if (!forACustomer && !aboutAVisit) return null;
  const since = new Date(env.now.getTime() - nudgeReplyHours() * 3_600_000);
  const push = await db.push.findFirst({
    where: { recipient: `user:${env.user.id}`, kind: { in: forACustomer ? [...ASKING_NUDGES] : ['visit_followup'] }, status: 'SENT', sentAt: { gte: since, lte: env.now } },
    orderBy: { sentAt: 'desc' },
  });
  if (!push?.sentAt) return null;
  // The rep has written since the nudge was queued: this message is no longer the answer. (Both
  // stamps are the database's own clock; sentAt above is the scheduler's.)
  const later = await db.inboundMessage.count({ where: { senderId: env.user.id, createdAt: { gt: push.createdAt }, id: { not: env.inboundId } } });
  if (later) return null;
  const [kind, key] = push.periodKey.split(':');
  const task = kind === 'visited' ? await db.task.findUnique({ where: { id: key }, select: { customerId: true, title: true, dueAt: true } }) : null;
  const customerId = kind === 'opp' ? (await db.opportunity.findUnique({ where: { id: key }, select: { customerId: true } }))?.customerId : kind === 'hot' ? key : task?.customerId;
  if (!customerId) return null;
  const customer = await db.customer.findFirst({ where: { id: customerId, ownerId: env.user.id }, select: { id: true, name: true } });
  if (!customer) return null;
  return { customer, ...(task?.dueAt ? { visit: { title: task.title, dueAt: task.dueAt } } : {}) };
}

/** The answer to "how did it go": the visit itself is the activity, at the step's time. */
function asVisit(p: ParsedMessage, visit: { title: string; dueAt: Date }, rawText: string, now: Date): ParsedMessage {
  if (p.activity || p.intent === 'correction') return p;
  const type = /会|演示|宣讲|汇报|demo|meeting|presentation|workshop|review/i.test(visit.title) ? 'MEETING' : 'VISIT';
  const at = new Date(Math.min(visit.dueAt.getTime(), now.getTime()));
  return { ...p, intent: 'log_activity', activity: { type, occurredAt: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), summary: rawText.trim().slice(0, 500) } };
}

/**
 * Runs `handle` with the nudged customer filled in when this message answers a nudge, and says
 * so on the reply's first line; otherwise runs it unchanged.
 */
export async function answerNudge(db: Tx, env: HandlerEnv, handle: (env: HandlerEnv) => Promise<HandlerResult>): Promise<HandlerResult> {
  const answered = await nudgeBeingAnswered(db, env);
  if (!answered) return handle(env);
  const { customer, visit } = answered;
  const named: ParsedMessage = { ...env.parsed, customer: { name: customer.name, evidence: 'clear' } };
  const res = await handle({ ...env, parsed: visit ? asVisit(named, visit, env.rawText, env.now) : named });
  const note = env.lang === 'zh' ? `↪️ 回复刚才的提醒，记在 ${customer.name} 名下：` : `↪️ Your answer to the reminder, filed on ${customer.name}:`;
  return { ...res, text: `${note}\n${res.text}` };
}
