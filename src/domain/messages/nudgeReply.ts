// Nudges that ask back (issue 14.3). A stalled-deal alert or a hot-customer nudge ends with
// "下一步是什么？"; the rep's next message, when it names no customer, is the answer and is filed on
// THAT customer — a task, a stage change, 丢单 with its reason, a visit — exactly like a normal
// message (same handlers, same undo), with a first line saying where it went. It only applies while
// the nudge is the last thing between the bot and the rep: sent within NUDGE_REPLY_HOURS (default
// 12) and no message from the rep since. Anything else (a customer named, several customers, a
// question, a hand-over) is handled as usual, and an older nudge never captures a message.
import type { ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { hasOpportunityInfo } from '../opportunities.js';

export const ASKING_NUDGES = ['stalled', 'hot'] as const;

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

/** The customer of the nudge this message answers, or null. */
export async function nudgeBeingAnswered(db: Tx, env: HandlerEnv): Promise<{ id: string; name: string } | null> {
  if (!wantsACustomer(env.parsed)) return null;
  const since = new Date(env.now.getTime() - nudgeReplyHours() * 3_600_000);
  const push = await db.push.findFirst({
    where: { recipient: `user:${env.user.id}`, kind: { in: [...ASKING_NUDGES] }, status: 'SENT', sentAt: { gte: since, lte: env.now } },
    orderBy: { sentAt: 'desc' },
  });
  if (!push?.sentAt) return null;
  // The rep has written since: this message is no longer the answer.
  const later = await db.inboundMessage.count({ where: { senderId: env.user.id, createdAt: { gt: push.sentAt }, id: { not: env.inboundId } } });
  if (later) return null;
  const [kind, key] = push.periodKey.split(':');
  const customerId = kind === 'opp' ? (await db.opportunity.findUnique({ where: { id: key }, select: { customerId: true } }))?.customerId : kind === 'hot' ? key : null;
  if (!customerId) return null;
  const customer = await db.customer.findFirst({ where: { id: customerId, ownerId: env.user.id }, select: { id: true, name: true } });
  return customer;
}

/**
 * Runs `handle` with the nudged customer filled in when this message answers a nudge, and says
 * so on the reply's first line; otherwise runs it unchanged.
 */
export async function answerNudge(db: Tx, env: HandlerEnv, handle: (env: HandlerEnv) => Promise<HandlerResult>): Promise<HandlerResult> {
  const customer = await nudgeBeingAnswered(db, env);
  if (!customer) return handle(env);
  const res = await handle({ ...env, parsed: { ...env.parsed, customer: { name: customer.name, evidence: 'clear' } } });
  const note = env.lang === 'zh' ? `↪️ 回复刚才的提醒，记在 ${customer.name} 名下：` : `↪️ Your answer to the reminder, filed on ${customer.name}:`;
  return { ...res, text: `${note}\n${res.text}` };
}
