// 签约 / 回款 / 回款计划 by chat: "方舟电子签约110万，首付款30万已到，回款计划：12月底收尾款10万".
// One message may sign, pay and plan; every part is kept. Signing writes the contract and makes
// the deal won — the customer's open deal, else a won deal still missing its contract, else a new
// won deal — so a signed contract is always a won deal and a won deal with an amount always has
// its contract (deals/won.ts). Every write is logged, so "撤销" reverts the whole message.
import type { Contract, Customer, Opportunity, User } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { customerKey, findOrCreateCustomer } from '../customers.js';
import type { HandlerEnv, IntentHandler } from '../handlerTypes.js';
import { ACTIVITY_LABEL, fmtMoney, LIFECYCLE_LABEL, t, type Lang } from '../i18n.js';
import { findOpenOpportunity, moveStage } from '../opportunities.js';
import { isOtherProject } from '../ingest/otherProject.js';
import { getStages, stageLabel } from '../stages.js';
import { formatDate, formatShort } from '../time.js';
import { refreshLifecycle, type LifecycleChange } from '../analytics/lifecycle.js';
import { num } from '../analytics/sql.js';
import { askForDealCustomer } from '../messages/ask.js';
import { afterWon, type WonEffects } from './closing.js';
import { addPaymentPlans, planContractFor, type PlannedInput, type PlanResult } from './paymentPlans.js';
import { paymentWarnings } from './paymentChecks.js';
import { linkEarlierPayments, linkedPaymentsLine, type LinkedPayments } from './earlierPayments.js';
import { createActivity } from '../activities.js';
import { upsertContacts } from '../contacts.js';
import { createTasks } from '../tasks.js';
import { contactLine } from '../ingest/contactLine.js';

export interface DealInput {
  contractAmount: number | null;
  paymentAmount: number | null;
  /** The message says the deal is won (stage WON) even if it gives no contract amount. */
  won?: boolean;
  /** Another project or a side order (ingest/otherProject.ts): signed as a won deal of its own. */
  otherProject?: boolean;
  plannedPayments?: PlannedInput[];
  currency: string;
  at: Date;
  inboundId: string | null;
}

export interface DealResult {
  customer: Customer;
  customerCreated: boolean;
  /** The contract this message signed: written now, or written because the deal was won with an amount. */
  contract: Contract | null;
  /** True when the contract amount came from the deal's amount because the message gave none. */
  contractFromDeal: boolean;
  payment: { id: string; amount: number; contractId: string | null } | null;
  /** Outstanding on the contract the payment went to (after it); below 0 when paid beyond it. */
  outstanding: number | null;
  /** The contract the payment went to, when the payments on it now exceed its amount. */
  overpaid: { contractAmount: number; paid: number } | null;
  won: Opportunity | null;
  /** The won deal was opened by this message (signing with no deal on file). */
  wonCreated: boolean;
  wonEffects: WonEffects | null;
  plans: PlanResult | null;
  lifecycle: LifecycleChange | null;
  /** Payments recorded before any contract, linked to the contract this message wrote. */
  linked: LinkedPayments | null;
  /** The open deal a signing of another order left as it was (named in the reply). */
  keptOpen?: Opportunity | null;
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

/** The customer's latest contract, when every one is paid in full (a payment beyond them goes there). */
async function latestContract(db: Tx, customerId: string): Promise<{ id: string } | null> {
  return db.contract.findFirst({ where: { customerId }, orderBy: [{ signedAt: 'desc' }, { id: 'desc' }], select: { id: true } });
}

/** A contract's amount and what has been paid on it. */
async function balanceOf(db: Tx, contractId: string): Promise<{ amount: number; paid: number }> {
  const c = await db.contract.findUniqueOrThrow({ where: { id: contractId }, select: { amount: true } });
  const paid = await db.payment.aggregate({ where: { contractId }, _sum: { amount: true } });
  return { amount: Number(c.amount), paid: num(paid._sum.amount) };
}

/** A deal of this customer and owner that was won recently but has no contract yet ("赢单了", amount to follow). */
async function wonWithoutContract(db: Tx, customerId: string, ownerId: string, now: Date): Promise<Opportunity | null> {
  return db.opportunity.findFirst({
    where: { customerId, ownerId, status: 'WON', contracts: { none: {} }, closedAt: { gte: new Date(now.getTime() - 90 * 86_400_000) } },
    orderBy: { closedAt: 'desc' },
  });
}

/** Signs a contract for `amount`, making the deal it belongs to won. */
async function sign(db: Tx, owner: User, customer: Customer, amount: number, input: DealInput, log: ChangeLog) {
  // Another project or a side order signed ("小单1.2w已经签了"): a won deal of its own; the open
  // deal stays as it is (its amount is named in the reply).
  const open = input.otherProject ? null : await findOpenOpportunity(db, customer.id, owner.id);
  const target = open ?? (input.otherProject ? null : await wonWithoutContract(db, customer.id, owner.id, input.at));
  const contract = await db.contract.create({
    data: { customerId: customer.id, ownerId: owner.id, opportunityId: target?.id ?? null, amount, currency: input.currency, signedAt: input.at, inboundId: input.inboundId },
  });
  log.created('contract', contract.id);
  const linked = await linkEarlierPayments(db, contract, log);
  const wonStage = getStages().find((s) => s.closes === 'WON');
  let won: Opportunity | null = null;
  let wonCreated = false;
  let wonEffects: WonEffects | null = null;
  if (target && (target.amount === null || Number(target.amount) !== amount)) {
    log.updated('opportunity', target.id, { amount: target.amount, currency: target.currency });
    await db.opportunity.update({ where: { id: target.id }, data: { amount, currency: input.currency } });
  }
  if (open && wonStage) {
    const moved = await moveStage(db, open, wonStage.key, owner, input.at, log);
    won = moved.opportunity;
    wonEffects = moved.won ?? null;
  } else if (target) {
    won = await db.opportunity.findUniqueOrThrow({ where: { id: target.id } });
    wonEffects = await afterWon(db, won, input.at, log);
  } else if (wonStage) {
    // Signed with no deal on file: the won deal is opened now, so funnel and alerts see it.
    won = await db.opportunity.create({
      data: {
        customerId: customer.id, ownerId: owner.id, title: customer.name, stage: wonStage.key, amount, currency: input.currency,
        probability: wonStage.probability, status: 'WON', stageEnteredAt: input.at, closedAt: input.at, createdAt: input.at,
      },
    });
    log.created('opportunity', won.id);
    const sc = await db.stageChange.create({ data: { opportunityId: won.id, fromStage: null, toStage: wonStage.key, changedAt: input.at, changedById: owner.id } });
    log.created('stageChange', sc.id);
    await db.contract.update({ where: { id: contract.id }, data: { opportunityId: won.id } });
    wonCreated = true;
    wonEffects = await afterWon(db, won, input.at, log);
  }
  return { contract, won, wonCreated, wonEffects, linked };
}

/** Records a contract, payment and/or payment plans for `owner`'s customer. Everything goes through `log`. */
export async function recordDeal(db: Tx, owner: User, customerName: string, input: DealInput, log: ChangeLog): Promise<DealResult> {
  const match = await findOrCreateCustomer(db, owner, customerName, log, input.at);
  const customer = match.customer;
  const r: DealResult = {
    customer, customerCreated: match.created, contract: null, contractFromDeal: false, payment: null, outstanding: null, overpaid: null,
    won: null, wonCreated: false, wonEffects: null, plans: null, lifecycle: null, linked: null,
  };
  if (input.contractAmount !== null) {
    if (input.otherProject) r.keptOpen = await findOpenOpportunity(db, customer.id, owner.id);
    Object.assign(r, await sign(db, owner, customer, input.contractAmount, input, log));
  } else if (input.won) {
    // "签约了" without an amount: the open deal is won; its own amount becomes the contract.
    const open = await findOpenOpportunity(db, customer.id, owner.id);
    const wonStage = getStages().find((s) => s.closes === 'WON');
    if (open && wonStage) {
      const moved = await moveStage(db, open, wonStage.key, owner, input.at, log);
      r.won = moved.opportunity;
      r.wonEffects = moved.won ?? null;
      r.contract = moved.won?.contractCreated ?? null;
      r.contractFromDeal = !!r.contract;
      r.linked = moved.won?.linked ?? null;
    }
  }
  if (input.paymentAmount !== null) {
    // The contract still owed money; with all paid in full, the latest one — a payment beyond it
    // is money on that contract (the reply says it exceeds it), never a purchase of its own.
    const contractId = r.contract?.id ?? (await oldestOpenContract(db, customer.id))?.id ?? (await latestContract(db, customer.id))?.id ?? null;
    const p = await db.payment.create({ data: { customerId: customer.id, contractId, amount: input.paymentAmount, receivedAt: input.at, inboundId: input.inboundId } });
    log.created('payment', p.id);
    r.payment = { id: p.id, amount: input.paymentAmount, contractId };
    if (contractId) {
      const { amount, paid } = await balanceOf(db, contractId);
      r.outstanding = amount - paid;
      if (paid > amount) r.overpaid = { contractAmount: amount, paid };
    }
  } else if (r.contract) {
    // Earlier payments linked to it count against it.
    const { amount, paid } = r.linked ? await balanceOf(db, r.contract.id) : { amount: Number(r.contract.amount), paid: 0 };
    r.outstanding = amount - paid;
    if (paid > amount) r.overpaid = { contractAmount: amount, paid };
  }
  if (input.plannedPayments?.length) {
    const contract = r.contract ?? (await planContractFor(db, customer.id));
    if (contract) r.plans = await addPaymentPlans(db, { customerId: customer.id, contract, plans: input.plannedPayments, currency: input.currency, inboundId: input.inboundId }, log);
  }
  r.lifecycle = r.wonEffects?.lifecycle ?? (await refreshLifecycle(db, customer, log));
  return r;
}

export function dealReply(r: DealResult, lang: Lang, currency: string, tz: string): string {
  const zh = lang === 'zh';
  const money = (n: number) => fmtMoney(n, lang, currency);
  const lines: string[] = [];
  lines.push(zh ? `✅ 已记录 · ${r.customer.name}${r.customerCreated ? '（新建客户）' : ''}` : `✅ Recorded · ${r.customer.name}${r.customerCreated ? ' (new customer)' : ''}`);
  if (r.contract) {
    const note = r.contractFromDeal ? (zh ? '（按商机金额；不对请说“金额改成…”）' : ' (the deal amount; say "amount should be …" if wrong)') : '';
    lines.push(zh ? `签约：${money(Number(r.contract.amount))}${note}` : `Contract: ${money(Number(r.contract.amount))}${note}`);
  }
  if (r.keptOpen) {
    const kept = r.keptOpen.amount !== null ? fmtMoney(r.keptOpen.amount, lang, r.keptOpen.currency) : null;
    lines.push(zh ? `另一单：记为单独赢单，进行中的商机${kept ? `（${kept}）` : ''}不变` : `Another order: won as a deal of its own; the open deal${kept ? ` (${kept})` : ''} is unchanged`);
  }
  if (r.payment) lines.push(zh ? `回款：${money(r.payment.amount)}${r.payment.contractId ? '' : '（未关联合同）'}` : `Payment: ${money(r.payment.amount)}${r.payment.contractId ? '' : ' (no contract on file)'}`);
  if (r.linked) lines.push(linkedPaymentsLine(r.linked, lang, currency));
  if (r.outstanding !== null) lines.push(zh ? `合同待回款：${money(Math.max(0, r.outstanding))}` : `Still to collect on the contract: ${money(Math.max(0, r.outstanding))}`);
  lines.push(...paymentWarnings(r, lang, currency));
  if (r.plans) {
    for (const p of r.plans.created) {
      const label = p.label ? `${p.label} ` : '';
      lines.push(zh ? `回款计划：${formatDate(p.dueAt, lang, tz)} ${label}${money(Number(p.amount))}` : `Payment plan: ${label}${money(Number(p.amount))} due ${formatDate(p.dueAt, lang, tz)}`);
    }
    if (r.plans.overPlanned > 0) lines.push(zh ? `⚠️ 计划回款合计超出合同待回款 ${money(r.plans.overPlanned)}，请核对。` : `⚠️ Planned payments exceed what is still owed on the contract by ${money(r.plans.overPlanned)}; please check.`);
  }
  if (r.won) lines.push(zh ? `商机：${r.won.title} → ${stageLabel(r.won.stage, lang)}${r.wonCreated ? '（新建）' : ''}` : `Opportunity: ${r.won.title} → ${stageLabel(r.won.stage, lang)}${r.wonCreated ? ' (new)' : ''}`);
  if (r.wonEffects?.contractMissing) lines.push(zh ? '⚠️ 没有合同金额，未生成合同：请补充，例如“签约金额110万”。' : '⚠️ No contract amount, so no contract was written: please add it, e.g. "signed for 1.1M".');
  if (r.wonEffects?.hotEnded) lines.push(zh ? '🔥 已签约，取消热点客户提醒' : '🔥 Signed: no longer a hot customer');
  if (r.lifecycle) lines.push(zh ? `客户阶段：${LIFECYCLE_LABEL[r.lifecycle.from].zh} → ${LIFECYCLE_LABEL[r.lifecycle.to].zh}` : `Customer stage: ${LIFECYCLE_LABEL[r.lifecycle.from].en} → ${LIFECYCLE_LABEL[r.lifecycle.to].en}`);
  lines.push(zh ? '说错了可以发“撤销”。' : 'Send "undo" if this is wrong.');
  return lines.join('\n');
}

/**
 * The customer a plan-only message ("回款计划：12月底收尾款10万") is about when it names none:
 * the customer of the sender's previous message when that was a 签约/回款 message of the last
 * two hours, else null (ask).
 */
async function recentDealCustomer(db: Tx, env: HandlerEnv): Promise<Customer | null> {
  const recent = await db.inboundMessage.findMany({
    where: { senderId: env.user.id, outcome: 'APPLIED', undone: false, createdAt: { gte: new Date(env.now.getTime() - 2 * 3600_000) }, id: { not: env.inboundId } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 5,
  });
  // Only right after that deal message: once the rep has logged something else (another
  // customer's visit), a plan without a name is asked about, not filed on an older signing.
  const last = (recent[0]?.parseResult as { intent?: string } | null)?.intent === 'record_deal' ? recent[0] : undefined;
  const contractId = (Array.isArray(last?.changes) ? (last!.changes as Array<{ op: string; model: string; id: string }>) : []).find((c) => c.model === 'contract' || c.model === 'payment');
  if (!contractId) return null;
  const row = contractId.model === 'contract'
    ? await db.contract.findUnique({ where: { id: contractId.id }, select: { customer: true } })
    : await db.payment.findUnique({ where: { id: contractId.id }, select: { customer: true } });
  return row?.customer && row.customer.ownerId === env.user.id ? row.customer : null;
}

/**
 * What the signing message says besides the deal — the visit or call it was told in, the people
 * it names, the next steps ("拜访了采购部李经理，合同签了…，下周一把发票寄过去") — stored on the
 * deal's customer like any record, and listed in the reply: a fact the rep stated is never dropped
 * for the deal.
 */
async function otherFacts(db: Tx, env: HandlerEnv, r: DealResult): Promise<string[]> {
  const p = env.parsed;
  const lines: string[] = [];
  const contacts = p.contacts.length ? await upsertContacts(db, r.customer.id, p.contacts, env.log) : [];
  if (p.activity) {
    const a = await createActivity(db, { authorId: env.user.id, customerId: r.customer.id, opportunity: r.won?.id ?? { openOf: env.user.id }, inboundId: env.inboundId, rawText: env.rawText, parsed: p.activity }, env.log);
    lines.push(`${env.lang === 'zh' ? '活动：' : 'Activity: '}${ACTIVITY_LABEL[a.type][env.lang]} · ${formatShort(a.occurredAt, env.lang, env.tz)}`);
  }
  lines.push(...contacts.map((c) => contactLine(c, env.lang).replace(/^• /, '')));
  // A line of the payment schedule ("3月底收15万") is a planned payment, reminded as one: not a task too.
  const planned = new Set((p.deal?.plannedPayments ?? []).map((x) => x.dueAt));
  const steps = p.nextSteps.filter((x) => !(x.dueAt && planned.has(x.dueAt) && /收|回款|付|到账|打款/.test(x.title)));
  const tasks = steps.length ? await createTasks(db, { assigneeId: env.user.id, customerId: r.customer.id, inboundId: env.inboundId, steps }, env.log) : [];
  for (const t of tasks) lines.push(`${env.lang === 'zh' ? '待办：' : 'Next step: '}${t.title}${t.dueAt ? ` · ${formatShort(t.dueAt, env.lang, env.tz)}` : ''}`);
  return lines;
}

function missing(lang: Lang, zh: string, en: string) {
  return { text: lang === 'zh' ? zh : en, outcome: 'REJECTED' as const };
}

/** The record_deal intent. */
export const dealHandler: IntentHandler = async (db, env) => {
  const { parsed, lang } = env;
  const deal = parsed.deal;
  const plans = deal?.plannedPayments ?? [];
  const won = parsed.opportunity?.stage ? getStages().find((s) => s.key === parsed.opportunity!.stage)?.closes === 'WON' : false;
  if (!deal || (deal.contractAmount === null && deal.paymentAmount === null && !plans.length && !won)) {
    return missing(lang, '请说明签约金额、回款金额或回款计划，例如：“方舟电子签约40万，首付款20万已到”。没有记录任何内容。', 'Please give the contract or payment amount, e.g. "signed Acme for 400k, 200k payment received". Nothing was recorded.');
  }
  const undated = plans.filter((p) => !p.dueAt);
  if (undated.length) {
    const list = undated.map((p) => `${p.label ?? ''}${fmtMoney(p.amount, lang, deal.currency)}`).join('、');
    return missing(lang, `回款计划缺少日期：${list}。请写明日期，例如“回款计划：12月底收尾款10万”。没有记录任何内容。`, `The planned payment ${list} has no date. Say when, e.g. "payment plan: 100k by Dec 31". Nothing was recorded.`);
  }
  let customerName = parsed.customer?.name ?? null;
  let fromContext = false;
  if (!customerName && plans.length && deal.contractAmount === null && deal.paymentAmount === null) {
    const recent = await recentDealCustomer(db, env);
    if (recent) {
      customerName = recent.name;
      fromContext = true;
    }
  }
  // No customer: ask which one and keep the message until the answer (never guess, never drop).
  if (!customerName) return askForDealCustomer(db, env);
  if (plans.length && deal.contractAmount === null) {
    // Plans hang on a contract: make sure there is one before writing anything.
    const existing = await db.customer.findFirst({ where: { ownerId: env.user.id, normalizedName: customerKey(customerName) } });
    const willWin = won && existing ? await findOpenOpportunity(db, existing.id, env.user.id) : null;
    if (!willWin?.amount && !(existing && (await planContractFor(db, existing.id)))) {
      return missing(lang, `${customerName} 还没有合同，回款计划需要挂在合同上。请先记录签约（如“${customerName}签约110万”），或在同一条消息里写明签约金额。没有记录任何内容。`, `${customerName} has no contract yet; a payment plan belongs to a contract. Record the signing first (e.g. "signed ${customerName} for 1.1M"). Nothing was recorded.`);
    }
  }
  const r = await recordDeal(
    db,
    env.user,
    customerName,
    { contractAmount: deal.contractAmount, paymentAmount: deal.paymentAmount, won, otherProject: deal.contractAmount !== null && isOtherProject(env.rawText), plannedPayments: plans.map((p) => ({ amount: p.amount, dueAt: new Date(p.dueAt!), label: p.label })), currency: deal.currency, at: env.now, inboundId: env.inboundId },
    env.log,
  );
  let text = dealReply(r, lang, deal.currency, env.tz);
  const told = await otherFacts(db, env, r);
  if (told.length) {
    const lines = text.split('\n');
    text = [...lines.slice(0, -1), ...told, lines[lines.length - 1]].join('\n');
  }
  if (fromContext) {
    const [first, ...rest] = text.split('\n');
    text = [first + (lang === 'zh' ? '（按你上一条签约/回款记录的客户）' : ' (the customer of your last deal message)'), ...rest].join('\n');
  }
  const [title, ...lines] = text.split('\n');
  return { text, outcome: 'APPLIED', card: { inboundId: env.inboundId, title, lines: lines.slice(0, -1), actions: ['confirm', 'undo'] } };
};
