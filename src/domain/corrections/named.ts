// A correction or change that names its customer ("把蓝湾酒店的金额改成18万", "远大能源阶段改成报价")
// edits THAT customer's records — the sender's open deal on it (else their latest deal there), its
// contacts, the sender's latest activity and open task there — never whatever the last message
// was about. The customer must be one of the sender's own: a name they do not have changes
// nothing and gets a clear answer (it is never created by a correction).
import type { Customer } from '../../generated/prisma/client.js';
import type { ParsedCorrection, ParsedMessage } from '../../intents/schema.js';
import type { Change } from '../changes.js';
import type { Tx } from '../context.js';
import { findOwnCustomer } from '../customers.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';

/** A rule-parser change to a named customer's deal: update_opportunity that keeps its correction. */
export function isNamedChange(p: ParsedMessage): boolean {
  return p.intent === 'update_opportunity' && !!p.correction && !!p.customer && p.parts.length === 0;
}

// "浦发信用卡中心那单", "蓝湾酒店这个单子": the words for the deal are not part of the name.
const DEAL_WORDS = /\s*(?:的)?(?:那|这)?(?:个)?(?:单子|单|商机|项目)$/;

/** The sender's own customer by the name the message gives, or null. */
export async function findNamedCustomer(db: Tx, env: HandlerEnv, name: string): Promise<Customer | null> {
  const found = await findOwnCustomer(db, env.user.id, name);
  if (found) return found;
  const bare = name.replace(DEAL_WORDS, '').trim();
  return bare && bare !== name ? findOwnCustomer(db, env.user.id, bare) : null;
}

export function notYourCustomer(env: HandlerEnv, name: string): HandlerResult {
  return {
    text: env.lang === 'zh'
      ? `没有找到你的客户“${name}”，没有做任何修改。请检查客户名（发“我的客户”可查看），或先记录一次对这家客户的跟进。`
      : `You have no customer called "${name}", so nothing was changed. Check the name (send "my customers" to see them), or log a visit to that customer first.`,
    outcome: 'REJECTED',
  };
}

/** That customer's records in the shape of a change log, as `references` (undo never touches them). */
export async function namedChanges(db: Tx, env: HandlerEnv, customer: Customer): Promise<{ changes: Change[]; hasDeal: boolean }> {
  const ownerId = env.user.id;
  const opp =
    (await db.opportunity.findFirst({ where: { customerId: customer.id, ownerId, status: 'OPEN' }, orderBy: { updatedAt: 'desc' } })) ??
    (await db.opportunity.findFirst({ where: { customerId: customer.id, ownerId }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] }));
  const contacts = await db.contact.findMany({ where: { customerId: customer.id }, select: { id: true } });
  const activity = await db.activity.findFirst({ where: { customerId: customer.id, authorId: ownerId }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], select: { id: true } });
  const task = await db.task.findFirst({ where: { customerId: customer.id, assigneeId: ownerId, status: 'OPEN' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
  const ref = (model: Change['model'], id: string): Change => ({ op: 'ref', model, id });
  return {
    hasDeal: !!opp,
    changes: [
      ref('customer', customer.id),
      ...(opp ? [ref('opportunity', opp.id)] : []),
      ...contacts.map((c) => ref('contact', c.id)),
      ...(activity ? [ref('activity', activity.id)] : []),
      ...(task ? [ref('task', task.id)] : []),
    ],
  };
}

/** The deal fields a named change sets, amount first (a refusal about money comes before any write). */
export function dealCorrections(p: ParsedMessage): ParsedCorrection[] {
  const o = p.opportunity;
  const out: ParsedCorrection[] = [];
  if (o?.amount != null) out.push({ field: 'amount', from: null, to: String(o.amount) });
  if (o?.expectedCloseDate) out.push({ field: 'expected_close_date', from: null, to: o.expectedCloseDate });
  if (o?.stage) out.push({ field: 'stage', from: null, to: o.stage });
  return out.length ? out : p.correction ? [p.correction] : [];
}
