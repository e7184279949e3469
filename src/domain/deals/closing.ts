// What closing a deal does, whichever message closed it (a visit report, 签约, a correction):
//  • won: the contract exists — when the deal has an amount and no contract yet, one is written
//    at that amount (deals/won.ts: won money is contracts); the customer's lifecycle follows;
//    the customer stops being hot (signing ends the 🔥 nudges);
//  • lost: the reason and the competitor it names are kept for 丢单原因 analysis; the deal's open
//    tasks (the owner's open tasks on that customer) are cancelled when the customer has no other
//    open deal, otherwise kept and listed so the rep can decide; the customer stops being hot
//    when nothing is left open.
// Every write goes through the message's change log, so "撤销" reverts it with the rest.
import type { Contract, Customer, Opportunity, Task } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { refreshLifecycle, type LifecycleChange } from '../analytics/lifecycle.js';
import { forgetCustomersIn } from '../customers.js';
import { fmtMoney, LIFECYCLE_LABEL } from '../i18n.js';
import { lostCompetitor } from './lostReasons.js';
import { linkEarlierPayments, linkedPaymentsLine, type LinkedPayments } from './earlierPayments.js';

export interface WonEffects {
  /** The contract written because the deal was won with an amount and had none. */
  contractCreated: Contract | null;
  /** Won with no amount anywhere: no contract could be written; the reply asks for it. */
  contractMissing: boolean;
  hotEnded: boolean;
  lifecycle: LifecycleChange | null;
  /** Payments recorded before any contract, linked to the contract written here. */
  linked?: LinkedPayments | null;
}

export interface LostEffects {
  reason: string | null;
  competitor: string | null;
  tasksCancelled: Array<Pick<Task, 'id' | 'title'>>;
  /** Open tasks kept because the customer has another open deal. */
  tasksKept: Array<Pick<Task, 'id' | 'title'>>;
  hotEnded: boolean;
}

async function endHot(db: Tx, customer: Pick<Customer, 'id' | 'hot' | 'hotNote' | 'hotSince'>, log: ChangeLog): Promise<boolean> {
  if (!customer.hot) return false;
  log.updated('customer', customer.id, { hot: customer.hot, hotNote: customer.hotNote, hotSince: customer.hotSince });
  await db.customer.update({ where: { id: customer.id }, data: { hot: false, hotSince: null } });
  forgetCustomersIn(db);
  return true;
}

export async function afterWon(db: Tx, opp: Opportunity, now: Date, log: ChangeLog): Promise<WonEffects> {
  let contractCreated: Contract | null = null;
  const hasContract = (await db.contract.count({ where: { opportunityId: opp.id } })) > 0;
  const amount = opp.amount === null ? 0 : Number(opp.amount);
  if (!hasContract && amount > 0) {
    contractCreated = await db.contract.create({
      data: { customerId: opp.customerId, opportunityId: opp.id, ownerId: opp.ownerId, amount, currency: opp.currency, signedAt: now },
    });
    log.created('contract', contractCreated.id);
  }
  const linked = contractCreated ? await linkEarlierPayments(db, contractCreated, log) : null;
  const customer = await db.customer.findUniqueOrThrow({ where: { id: opp.customerId } });
  const lifecycle = await refreshLifecycle(db, customer, log);
  const hotEnded = await endHot(db, customer, log);
  return { contractCreated, contractMissing: !hasContract && amount <= 0, hotEnded, lifecycle, linked };
}

/** Records why `opp` (already moved to LOST) was lost and (unless `reasonOnly`) tidies what hung off it. */
export async function afterLost(db: Tx, opp: Opportunity, reason: string | null, log: ChangeLog, opts: { reasonOnly?: boolean } = {}): Promise<LostEffects> {
  const text = reason?.trim() ? reason.trim().slice(0, 500) : null;
  const competitor = text ? lostCompetitor(text) : opp.lostCompetitor;
  if (text !== null && (text !== opp.lostReason || competitor !== opp.lostCompetitor)) {
    log.updated('opportunity', opp.id, { lostReason: opp.lostReason, lostCompetitor: opp.lostCompetitor });
    await db.opportunity.update({ where: { id: opp.id }, data: { lostReason: text, lostCompetitor: competitor } });
  }
  if (opts.reasonOnly) return { reason: text ?? opp.lostReason, competitor, tasksCancelled: [], tasksKept: [], hotEnded: false };
  const otherOpen = await db.opportunity.count({ where: { customerId: opp.customerId, status: 'OPEN', id: { not: opp.id } } });
  const tasks = await db.task.findMany({ where: { customerId: opp.customerId, assigneeId: opp.ownerId, status: 'OPEN' }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }], select: { id: true, title: true, status: true } });
  const out: LostEffects = { reason: text ?? opp.lostReason, competitor, tasksCancelled: [], tasksKept: [], hotEnded: false };
  if (otherOpen > 0) {
    out.tasksKept = tasks.map((t) => ({ id: t.id, title: t.title }));
    return out;
  }
  for (const t of tasks) {
    log.updated('task', t.id, { status: t.status });
    await db.task.update({ where: { id: t.id }, data: { status: 'CANCELLED' } });
    out.tasksCancelled.push({ id: t.id, title: t.title });
  }
  out.hotEnded = await endHot(db, await db.customer.findUniqueOrThrow({ where: { id: opp.customerId } }), log);
  return out;
}

/** Reply lines saying what closing the deal did (for every reply that can close one). */
export function closingReplyLines(e: { won?: WonEffects | null; lost?: LostEffects | null }, lang: 'zh' | 'en', currency = 'CNY'): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  const list = (ts: Array<{ title: string }>) => ts.map((x) => x.title).join(zh ? '、' : '; ');
  if (e.won) {
    if (e.won.contractCreated) {
      const amount = fmtMoney(Number(e.won.contractCreated.amount), lang, currency);
      out.push(zh ? `• 合同：${amount}（按商机金额记录，不对请说“金额改成…”）` : `• Contract: ${amount} (the deal amount; say "amount should be …" if wrong)`);
      if (e.won.linked) out.push(`• ${linkedPaymentsLine(e.won.linked, lang, currency)}`);
    }
    if (e.won.contractMissing) out.push(zh ? '⚠️ 赢单但没有金额，未生成合同：请补充，例如“签约金额110万”。' : '⚠️ Won without an amount, so no contract was written: please add it, e.g. "signed for 1.1M".');
    if (e.won.lifecycle) out.push(zh ? `• 客户阶段：${LIFECYCLE_LABEL[e.won.lifecycle.from].zh} → ${LIFECYCLE_LABEL[e.won.lifecycle.to].zh}` : `• Customer stage: ${LIFECYCLE_LABEL[e.won.lifecycle.from].en} → ${LIFECYCLE_LABEL[e.won.lifecycle.to].en}`);
    if (e.won.hotEnded) out.push(zh ? '🔥 已签约，取消热点客户提醒' : '🔥 Signed: no longer a hot customer');
  }
  if (e.lost) {
    const reason = e.lost.reason ? `${e.lost.reason}${e.lost.competitor ? (zh ? `（竞品：${e.lost.competitor}）` : ` (competitor: ${e.lost.competitor})`) : ''}` : null;
    out.push(reason ? (zh ? `• 丢单原因：${reason}` : `• Reason lost: ${reason}`) : zh ? '• 丢单原因未说明：可补充“丢单原因：…”，用于丢单分析。' : '• No reason given: send "lost reason: …" for the loss analysis.');
    if (e.lost.tasksCancelled.length) out.push(zh ? `• 已取消该客户的 ${e.lost.tasksCancelled.length} 个待办：${list(e.lost.tasksCancelled)}` : `• Cancelled ${e.lost.tasksCancelled.length} open task(s) on this customer: ${list(e.lost.tasksCancelled)}`);
    if (e.lost.tasksKept.length) out.push(zh ? `• 该客户还有其他进行中的商机，${e.lost.tasksKept.length} 个待办保留：${list(e.lost.tasksKept)}（不需要的请告诉我取消）` : `• The customer has another open deal, so ${e.lost.tasksKept.length} open task(s) stay: ${list(e.lost.tasksKept)} (tell me which to drop)`);
    if (e.lost.hotEnded) out.push(zh ? '已取消热点客户' : 'No longer a hot customer');
  }
  return out;
}
