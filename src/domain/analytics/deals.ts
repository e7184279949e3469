// 签约 / 回款 by chat: "方舟电子签约40万，首付款20万已到". Writes a Contract and/or Payment for
// the sender's customer, closes the customer's open opportunity as won, refreshes the lifecycle,
// and logs every write so "撤销" reverts the whole message.
import type { Contract, Customer, Opportunity, User } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { findOrCreateCustomer } from '../customers.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, LIFECYCLE_LABEL, t, type Lang } from '../i18n.js';
import { changeStage, findOpenOpportunity } from '../opportunities.js';
import { getStages, stageLabel } from '../stages.js';
import { refreshLifecycle, type LifecycleChange } from './lifecycle.js';
import { num } from './sql.js';

export interface DealInput {
  contractAmount: number | null;
  paymentAmount: number | null;
  currency: string;
  at: Date;
  inboundId: string | null;
}

export interface DealResult {
  customer: Customer;
  customerCreated: boolean;
  contract: Contract | null;
  payment: { id: string; amount: number; contractId: string | null } | null;
  /** Outstanding on the contract the payment went to (after it). */
  outstanding: number | null;
  won: Opportunity | null;
  lifecycle: LifecycleChange | null;
}

/** Oldest contract of the customer that is not fully paid (payments go there when none is named). */
export async function oldestOpenContract(db: Tx, customerId: string): Promise<{ id: string; outstanding: number } | null> {
  const rows = await db.$queryRaw<Array<{ id: string; outstanding: unknown }>>(Prisma.sql`
    SELECT c.id, (c.amount - COALESCE(SUM(p.amount), 0))::text AS outstanding
      FROM "Contract" c LEFT JOIN "Payment" p ON p."contractId" = c.id
     WHERE c."customerId" = ${customerId}
     GROUP BY c.id, c.amount, c."signedAt"
    HAVING c.amount - COALESCE(SUM(p.amount), 0) > 0
     ORDER BY c."signedAt" ASC, c.id ASC LIMIT 1`);
  return rows.length ? { id: rows[0].id, outstanding: num(rows[0].outstanding) } : null;
}

async function outstandingOf(db: Tx, contractId: string): Promise<number> {
  const c = await db.contract.findUniqueOrThrow({ where: { id: contractId }, select: { amount: true } });
  const paid = await db.payment.aggregate({ where: { contractId }, _sum: { amount: true } });
  return Number(c.amount) - num(paid._sum.amount);
}

/** Records a contract and/or payment for `owner`'s customer. Everything goes through `log`. */
export async function recordDeal(db: Tx, owner: User, customerName: string, input: DealInput, log: ChangeLog): Promise<DealResult> {
  const match = await findOrCreateCustomer(db, owner, customerName, log, input.at);
  const customer = match.customer;
  let contract: Contract | null = null;
  let won: Opportunity | null = null;
  if (input.contractAmount !== null) {
    const open = await findOpenOpportunity(db, customer.id, owner.id);
    contract = await db.contract.create({
      data: { customerId: customer.id, ownerId: owner.id, opportunityId: open?.id ?? null, amount: input.contractAmount, currency: input.currency, signedAt: input.at, inboundId: input.inboundId },
    });
    log.created('contract', contract.id);
    const wonStage = getStages().find((s) => s.closes === 'WON');
    if (open && wonStage) {
      if (open.amount === null || Number(open.amount) !== input.contractAmount) {
        log.updated('opportunity', open.id, { amount: open.amount, currency: open.currency });
        await db.opportunity.update({ where: { id: open.id }, data: { amount: input.contractAmount, currency: input.currency } });
      }
      won = await changeStage(db, open, wonStage.key, owner, input.at, log);
    }
  }
  let payment: DealResult['payment'] = null;
  let outstanding: number | null = null;
  if (input.paymentAmount !== null) {
    const contractId = contract?.id ?? (await oldestOpenContract(db, customer.id))?.id ?? null;
    const p = await db.payment.create({ data: { customerId: customer.id, contractId, amount: input.paymentAmount, receivedAt: input.at, inboundId: input.inboundId } });
    log.created('payment', p.id);
    payment = { id: p.id, amount: input.paymentAmount, contractId };
    if (contractId) outstanding = await outstandingOf(db, contractId);
  } else if (contract) {
    outstanding = Number(contract.amount);
  }
  const lifecycle = await refreshLifecycle(db, customer, log);
  return { customer, customerCreated: match.created, contract, payment, outstanding, won, lifecycle };
}

export function dealReply(r: DealResult, lang: Lang, currency: string): string {
  const zh = lang === 'zh';
  const money = (n: number) => fmtMoney(n, lang, currency);
  const lines: string[] = [];
  lines.push(zh ? `✅ 已记录 · ${r.customer.name}${r.customerCreated ? '（新建客户）' : ''}` : `✅ Recorded · ${r.customer.name}${r.customerCreated ? ' (new customer)' : ''}`);
  if (r.contract) lines.push(zh ? `签约：${money(Number(r.contract.amount))}` : `Contract: ${money(Number(r.contract.amount))}`);
  if (r.payment) lines.push(zh ? `回款：${money(r.payment.amount)}${r.payment.contractId ? '' : '（未关联合同）'}` : `Payment: ${money(r.payment.amount)}${r.payment.contractId ? '' : ' (no contract on file)'}`);
  if (r.outstanding !== null) lines.push(zh ? `合同待回款：${money(Math.max(0, r.outstanding))}` : `Still to collect on the contract: ${money(Math.max(0, r.outstanding))}`);
  if (r.won) lines.push(zh ? `商机：${r.won.title} → ${stageLabel(r.won.stage, lang)}` : `Opportunity: ${r.won.title} → ${stageLabel(r.won.stage, lang)}`);
  if (r.lifecycle) lines.push(zh ? `客户阶段：${LIFECYCLE_LABEL[r.lifecycle.from].zh} → ${LIFECYCLE_LABEL[r.lifecycle.to].zh}` : `Customer stage: ${LIFECYCLE_LABEL[r.lifecycle.from].en} → ${LIFECYCLE_LABEL[r.lifecycle.to].en}`);
  lines.push(zh ? '说错了可以发“撤销”。' : 'Send "undo" if this is wrong.');
  return lines.join('\n');
}

/** The record_deal intent. */
export const dealHandler: IntentHandler = async (db, env) => {
  const { parsed } = env;
  if (!parsed.customer) return { text: t(env.lang, 'noCustomerForDeal'), outcome: 'REJECTED' };
  const deal = parsed.deal;
  if (!deal || (deal.contractAmount === null && deal.paymentAmount === null)) {
    return {
      text: env.lang === 'zh' ? '请说明签约金额或回款金额，例如：“方舟电子签约40万，首付款20万已到”。没有记录任何内容。' : 'Please give the contract or payment amount, e.g. "signed Acme for 400k, 200k payment received". Nothing was recorded.',
      outcome: 'REJECTED',
    };
  }
  const r = await recordDeal(db, env.user, parsed.customer.name, { contractAmount: deal.contractAmount, paymentAmount: deal.paymentAmount, currency: deal.currency, at: env.now, inboundId: env.inboundId }, env.log);
  const text = dealReply(r, env.lang, deal.currency);
  const [title, ...lines] = text.split('\n');
  return { text, outcome: 'APPLIED', card: { inboundId: env.inboundId, title, lines: lines.slice(0, -1), actions: ['confirm', 'undo'] } };
};
