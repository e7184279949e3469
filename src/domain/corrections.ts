// Corrections edit what the sender's last applied message wrote ("金额改成40万", "不是刘兵，是刘冰").
// They are messages of their own with their own change log, so "撤销" after a correction undoes
// just the correction.
import type { InboundMessage } from '../generated/prisma/client.js';
import type { ParsedCorrection } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { Change, Model } from './changes.js';
import { customerKey } from './customers.js';
import { closingReplyLines } from './deals/closing.js';
import type { HandlerEnv, HandlerResult, IntentHandler } from './handlerTypes.js';
import { ACTIVITY_LABEL, fmtMoney, t } from './i18n.js';
import { applyOpportunity, moveStage } from './opportunities.js';
import { stageByKey, stageLabel } from './stages.js';
import { formatDate, formatShort } from './time.js';
import { changesOf, lastCorrectable } from './undo.js';

function idsOf(changes: Change[], model: Model): string[] {
  return [...new Set(changes.filter((c) => c.model === model).map((c) => c.id))];
}

async function targetCustomerId(db: Tx, changes: Change[]): Promise<string | null> {
  const direct = idsOf(changes, 'customer')[0];
  if (direct) return direct;
  for (const [model, find] of [
    ['activity', (id: string) => db.activity.findUnique({ where: { id }, select: { customerId: true } })],
    ['opportunity', (id: string) => db.opportunity.findUnique({ where: { id }, select: { customerId: true } })],
    ['contact', (id: string) => db.contact.findUnique({ where: { id }, select: { customerId: true } })],
    ['task', (id: string) => db.task.findUnique({ where: { id }, select: { customerId: true } })],
  ] as const) {
    for (const id of idsOf(changes, model)) {
      const row = await find(id);
      if (row?.customerId) return row.customerId;
    }
  }
  return null;
}

async function targetOpportunity(db: Tx, env: HandlerEnv, changes: Change[]) {
  const id = idsOf(changes, 'opportunity')[0];
  if (id) return db.opportunity.findUnique({ where: { id } });
  const customerId = await targetCustomerId(db, changes);
  if (!customerId) return null;
  return db.opportunity.findFirst({ where: { customerId, ownerId: env.user.id, status: 'OPEN' }, orderBy: { updatedAt: 'desc' } });
}

function fail(env: HandlerEnv, zh: string, en: string): HandlerResult {
  return { text: env.lang === 'zh' ? zh : en, outcome: 'REJECTED' };
}

async function apply(db: Tx, env: HandlerEnv, c: ParsedCorrection, last: InboundMessage): Promise<HandlerResult> {
  const changes = changesOf(last);
  const { lang, log } = env;
  const ok = (zh: string, en: string): HandlerResult => ({ text: `✏️ ${lang === 'zh' ? zh : en}`, outcome: 'APPLIED' });

  switch (c.field) {
    case 'amount': {
      const amount = Number(c.to);
      if (!Number.isFinite(amount) || amount < 0) return fail(env, `金额“${c.to}”无法识别。`, `Cannot read the amount "${c.to}".`);
      const money = await correctMoney(db, env, changes, amount);
      if (money) return money;
      const opp = await targetOpportunity(db, env, changes);
      if (opp) {
        log.updated('opportunity', opp.id, { amount: opp.amount });
        await db.opportunity.update({ where: { id: opp.id }, data: { amount } });
        return ok(`已更正金额：${fmtMoney(opp.amount, 'zh', opp.currency)} → ${fmtMoney(amount, 'zh', opp.currency)}（${opp.title}）`, `Amount corrected: ${fmtMoney(opp.amount, 'en', opp.currency)} → ${fmtMoney(amount, 'en', opp.currency)} (${opp.title})`);
      }
      const customerId = await targetCustomerId(db, changes);
      const customer = customerId ? await db.customer.findUnique({ where: { id: customerId } }) : null;
      if (!customer) return fail(env, '上一条记录没有关联客户，无法设置金额。请说明客户，例如“方舟电子预计40万”。', 'The last record has no customer to attach an amount to. Say e.g. "Acme deal 400k".');
      const res = await applyOpportunity(db, env.user, customer, { stage: null, amount, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null }, env.now, log);
      return ok(`已为 ${customer.name} 设置商机金额 ${fmtMoney(res.opportunity.amount, 'zh')}`, `Set the amount of ${customer.name} to ${fmtMoney(res.opportunity.amount, 'en')}`);
    }
    case 'contact_name': {
      const contacts = await db.contact.findMany({ where: { id: { in: idsOf(changes, 'contact') } } });
      const target = c.from ? contacts.find((x) => x.name === c.from) : contacts.length === 1 ? contacts[0] : undefined;
      if (!target) return fail(env, c.from ? `上一条记录里没有联系人“${c.from}”。` : '上一条记录里有多个或没有联系人，请说明要改哪个，例如“不是刘兵，是刘冰”。', c.from ? `The last record has no contact "${c.from}".` : 'Which contact? e.g. "not John, it is Jon".');
      const clash = await db.contact.findUnique({ where: { customerId_name: { customerId: target.customerId, name: c.to } } });
      if (clash) return fail(env, `该客户已有联系人“${c.to}”。`, `That customer already has a contact "${c.to}".`);
      log.updated('contact', target.id, { name: target.name });
      await db.contact.update({ where: { id: target.id }, data: { name: c.to } });
      return ok(`已更正联系人：${target.name} → ${c.to}`, `Contact corrected: ${target.name} → ${c.to}`);
    }
    case 'customer_name': {
      const customerId = await targetCustomerId(db, changes);
      const customer = customerId ? await db.customer.findUnique({ where: { id: customerId } }) : null;
      if (!customer) return fail(env, '上一条记录没有关联客户。', 'The last record has no customer.');
      const normalizedName = customerKey(c.to);
      const clash = await db.customer.findFirst({ where: { ownerId: customer.ownerId, normalizedName, id: { not: customer.id } } });
      if (clash) return fail(env, `你已有客户“${clash.name}”，请直接用这个名字重新记录，或先撤销上一条。`, `You already have a customer "${clash.name}". Undo the last record and log it again under that name.`);
      log.updated('customer', customer.id, { name: customer.name, normalizedName: customer.normalizedName });
      await db.customer.update({ where: { id: customer.id }, data: { name: c.to, normalizedName } });
      const opps = await db.opportunity.findMany({ where: { customerId: customer.id, title: customer.name } });
      for (const o of opps) {
        log.updated('opportunity', o.id, { title: o.title });
        await db.opportunity.update({ where: { id: o.id }, data: { title: c.to } });
      }
      return ok(`已更正客户名：${customer.name} → ${c.to}`, `Customer renamed: ${customer.name} → ${c.to}`);
    }
    case 'stage': {
      if (!stageByKey(c.to)) return fail(env, `没有“${c.to}”这个阶段。`, `There is no stage "${c.to}".`);
      const opp = await targetOpportunity(db, env, changes);
      if (!opp) return fail(env, '上一条记录没有关联商机。', 'The last record has no opportunity.');
      const from = opp.stage;
      const moved = await moveStage(db, opp, c.to, env.user, env.now, log);
      const res = ok(`已更正阶段：${stageLabel(from, 'zh')} → ${stageLabel(c.to, 'zh')}`, `Stage corrected: ${stageLabel(from, 'en')} → ${stageLabel(c.to, 'en')}`);
      const extra = closingReplyLines(moved, lang, opp.currency);
      return extra.length ? { ...res, text: `${res.text}\n${extra.join('\n')}` } : res;
    }
    case 'expected_close_date': {
      const date = new Date(c.to);
      if (Number.isNaN(date.getTime())) return fail(env, `日期“${c.to}”无法识别。`, `Cannot read the date "${c.to}".`);
      const opp = await targetOpportunity(db, env, changes);
      if (!opp) return fail(env, '上一条记录没有关联商机。', 'The last record has no opportunity.');
      log.updated('opportunity', opp.id, { expectedCloseDate: opp.expectedCloseDate });
      await db.opportunity.update({ where: { id: opp.id }, data: { expectedCloseDate: date } });
      return ok(`已更正预计成交日期：${formatDate(date, 'zh', env.tz)}`, `Expected close date set to ${formatDate(date, 'en', env.tz)}`);
    }
    case 'activity_type': {
      const id = idsOf(changes, 'activity')[0];
      const type = c.to.toUpperCase();
      if (!id) return fail(env, '上一条记录里没有活动。', 'The last record has no activity.');
      if (!(type in ACTIVITY_LABEL)) return fail(env, `活动类型“${c.to}”无法识别。`, `Unknown activity type "${c.to}".`);
      const act = await db.activity.findUniqueOrThrow({ where: { id } });
      log.updated('activity', id, { type: act.type });
      await db.activity.update({ where: { id }, data: { type: type as never } });
      return ok(`已更正活动类型：${ACTIVITY_LABEL[act.type].zh} → ${ACTIVITY_LABEL[type].zh}`, `Activity type corrected: ${ACTIVITY_LABEL[act.type].en} → ${ACTIVITY_LABEL[type].en}`);
    }
    case 'due_at': {
      const date = new Date(c.to);
      const id = idsOf(changes, 'task')[0];
      if (!id || Number.isNaN(date.getTime())) return fail(env, '上一条记录里没有待办，或时间无法识别。', 'The last record has no next step, or the time was unclear.');
      const task = await db.task.findUniqueOrThrow({ where: { id } });
      log.updated('task', id, { dueAt: task.dueAt, dueLabel: task.dueLabel, remindedAt: task.remindedAt });
      await db.task.update({ where: { id }, data: { dueAt: date, dueLabel: null, remindedAt: null } });
      return ok(`已更正待办时间：${task.title} → ${formatShort(date, 'zh', env.tz)}`, `Next step rescheduled: ${task.title} → ${formatShort(date, 'en', env.tz)}`);
    }
  }
}

const SAYS_PAYMENT = /回款|首付|付款|到账|尾款|收款|(?<![a-z])(?:payment|paid)(?![a-z])/i;
const SAYS_CONTRACT = /合同|签约|签单|(?<![a-z])(?:contract|signed)(?![a-z])/i;

/**
 * An amount correction after money was recorded: won money is the contract, so a signed deal's
 * amount and its contract change together; a payment is corrected on its own. When the last
 * record holds both a contract and a payment and the correction does not say which, or the deal
 * has several contracts, nothing is changed and the rep is asked. Null: not about money.
 */
async function correctMoney(db: Tx, env: HandlerEnv, changes: Change[], amount: number): Promise<HandlerResult | null> {
  const { log } = env;
  const ok = (zh: string, en: string): HandlerResult => ({ text: `✏️ ${env.lang === 'zh' ? zh : en}`, outcome: 'APPLIED' });
  const created = (model: Model) => [...new Set(changes.filter((x) => x.op === 'create' && x.model === model).map((x) => x.id))];
  const says = SAYS_PAYMENT.test(env.rawText) ? 'payment' : SAYS_CONTRACT.test(env.rawText) ? 'contract' : null;
  const payments = await db.payment.findMany({ where: { id: { in: created('payment') } } });
  let contracts = await db.contract.findMany({ where: { id: { in: created('contract') } } });
  if (!contracts.length) {
    // A deal won earlier and corrected now ("金额改成115万" after the visit that closed it).
    const oppId = idsOf(changes, 'opportunity')[0];
    const opp = oppId ? await db.opportunity.findUnique({ where: { id: oppId } }) : null;
    if (opp?.status === 'WON') contracts = await db.contract.findMany({ where: { opportunityId: opp.id }, orderBy: { signedAt: 'asc' } });
  }
  if (payments.length === 1 && (says === 'payment' || (!contracts.length && says !== 'contract'))) {
    const p = payments[0];
    log.updated('payment', p.id, { amount: p.amount });
    await db.payment.update({ where: { id: p.id }, data: { amount } });
    return ok(`已更正回款金额：${fmtMoney(p.amount, 'zh')} → ${fmtMoney(amount, 'zh')}`, `Payment corrected: ${fmtMoney(p.amount, 'en')} → ${fmtMoney(amount, 'en')}`);
  }
  if (!contracts.length) return null;
  if (payments.length && says === null) {
    return fail(env, `上一条记录里既有合同（${fmtMoney(contracts[0].amount, 'zh')}）也有回款（${fmtMoney(payments[0].amount, 'zh')}），要改哪个？请说“合同金额改成…”或“回款金额改成…”。没有做任何修改。`, `The last record has both a contract (${fmtMoney(contracts[0].amount, 'en')}) and a payment (${fmtMoney(payments[0].amount, 'en')}). Which one? Say "contract amount should be …" or "payment amount should be …". Nothing was changed.`);
  }
  if (contracts.length > 1) {
    const list = contracts.map((k) => `${formatDate(k.signedAt, env.lang, env.tz)} ${fmtMoney(k.amount, env.lang, k.currency)}`).join(env.lang === 'zh' ? '、' : '; ');
    return fail(env, `这个商机有 ${contracts.length} 份合同（${list}），不确定改哪一份。请撤销对应的签约记录后重新记录。没有做任何修改。`, `This deal has ${contracts.length} contracts (${list}); I cannot tell which one to change. Undo that signing and record it again. Nothing was changed.`);
  }
  const k = contracts[0];
  log.updated('contract', k.id, { amount: k.amount });
  await db.contract.update({ where: { id: k.id }, data: { amount } });
  const opp = k.opportunityId ? await db.opportunity.findUnique({ where: { id: k.opportunityId } }) : null;
  if (opp && (opp.amount === null || Number(opp.amount) !== amount)) {
    log.updated('opportunity', opp.id, { amount: opp.amount });
    await db.opportunity.update({ where: { id: opp.id }, data: { amount } });
  }
  const both = opp ? { zh: `，商机“${opp.title}”同步更新`, en: `; deal "${opp.title}" updated too` } : { zh: '', en: '' };
  return ok(`已更正合同金额：${fmtMoney(k.amount, 'zh', k.currency)} → ${fmtMoney(amount, 'zh', k.currency)}${both.zh}`, `Contract amount corrected: ${fmtMoney(k.amount, 'en', k.currency)} → ${fmtMoney(amount, 'en', k.currency)}${both.en}`);
}

export const correctionHandler: IntentHandler = async (db, env) => {
  if (!env.parsed.correction) return { text: t(env.lang, 'unknown'), outcome: 'REJECTED' };
  const last = await lastCorrectable(db, env.user.id);
  if (!last) return { text: t(env.lang, 'nothingToCorrect'), outcome: 'REJECTED' };
  return apply(db, env, env.parsed.correction, last);
};

/** The card's "edit amount" button: correct the amount of one specific message's opportunity. */
export async function correctAmountOf(db: Tx, env: HandlerEnv, target: InboundMessage, amount: number): Promise<HandlerResult> {
  return apply(db, env, { field: 'amount', from: null, to: String(amount) }, target);
}
