// Corrections edit what the sender's last applied message wrote ("金额改成40万", "不是刘兵，是刘冰"),
// or — when they name a customer ("把蓝湾酒店的金额改成18万") — that customer's records
// (corrections/named.ts). Every reply names the customer and the field it changed. They are
// messages of their own with their own change log, so "撤销" after a correction undoes just it.
import type { InboundMessage } from '../generated/prisma/client.js';
import type { ParsedCorrection } from '../intents/schema.js';
import type { Tx } from './context.js';
import { soundsAlike } from './text.js';
import { titleFromHonorific } from './contacts/names.js';
import type { Change, Model } from './changes.js';
import { customerKey, forgetCustomersIn } from './customers.js';
import { closingReplyLines } from './deals/closing.js';
import type { HandlerEnv, HandlerResult, IntentHandler } from './handlerTypes.js';
import { ACTIVITY_LABEL, CONTACT_ROLE_LABEL, fmtMoney, t } from './i18n.js';
import { applyOpportunity, moveStage } from './opportunities.js';
import { stageByKey, stageLabel } from './stages.js';
import { formatDate, formatShort } from './time.js';
import { changesOf, lastCorrectable } from './undo.js';
import { dealCorrections, findNamedCustomer, namedChanges, notYourCustomer } from './corrections/named.js';

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

/**
 * What a correction edits: the change log of the sender's last record, or — when the message
 * names a customer — the records of that customer (its deal, contacts, latest activity and open
 * task), given in the same shape. `named` is that customer; `several` lists the customers the
 * last record touched when there were more than one (then a field of "the" deal is ambiguous).
 */
export interface CorrectionTarget {
  changes: Change[];
  named: { id: string; name: string } | null;
  several: string[];
}

/** One field changed: said as "已更正 <customer>：<field> <from> → <to>". */
interface Fixed {
  ok: true;
  customer: string | null;
  item: string;
  extra?: string[];
}
type Outcome = Fixed | { ok: false; result: HandlerResult };

async function customerName(db: Tx, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  return (await db.customer.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}

/** The whole reply for one or more changed fields of one customer. */
export function fixedReply(env: HandlerEnv, fixed: Fixed[]): HandlerResult {
  const zh = env.lang === 'zh';
  const who = fixed.find((f) => f.customer)?.customer ?? null;
  const items = fixed.map((f) => f.item).join(zh ? '；' : '; ');
  const head = zh ? `已更正${who ? ` ${who}` : ''}：${items}` : `Corrected${who ? ` ${who}` : ''}: ${items}`;
  const extra = fixed.flatMap((f) => f.extra ?? []);
  return { text: [`✏️ ${head}`, ...extra].join('\n'), outcome: 'APPLIED' };
}

function where(env: HandlerEnv, t: CorrectionTarget): { zh: string; en: string } {
  return t.named ? { zh: `客户“${t.named.name}”`, en: `"${t.named.name}"` } : { zh: '上一条记录', en: 'The last record' };
}

async function apply(db: Tx, env: HandlerEnv, c: ParsedCorrection, target: CorrectionTarget): Promise<Outcome> {
  const { changes } = target;
  const { lang, log } = env;
  const zh = lang === 'zh';
  const no = (zhText: string, en: string): Outcome => ({ ok: false, result: fail(env, zhText, en) });
  const fixed = (customer: string | null, zhItem: string, en: string, extra?: string[]): Outcome => ({ ok: true, customer, item: zh ? zhItem : en, extra });
  const w = where(env, target);
  // A field of "the" deal or customer cannot be guessed when the last record filed several.
  const dealField = c.field === 'amount' || c.field === 'stage' || c.field === 'expected_close_date' || c.field === 'customer_name';
  if (dealField && !target.named && target.several.length > 1) {
    const list = target.several.join(zh ? '、' : ', ');
    return no(
      `上一条记录涉及 ${target.several.length} 家客户（${list}），要改哪一家？请带上客户名，例如“${target.several[0]}的${CORRECTION_LABEL[c.field].zh}改成…”。没有做任何修改。`,
      `The last record covers ${target.several.length} customers (${list}). Which one? Name it, e.g. "${target.several[0]} ${CORRECTION_LABEL[c.field].en} should be …". Nothing was changed.`,
    );
  }

  switch (c.field) {
    case 'amount': {
      const amount = Number(c.to);
      if (!Number.isFinite(amount) || amount < 0) return no(`金额“${c.to}”无法识别。`, `Cannot read the amount "${c.to}".`);
      const money = await correctMoney(db, env, changes, amount, c.from);
      if (money) return money;
      const opp = await targetOpportunity(db, env, changes);
      if (opp && notWhatWasStored(opp.amount, c.from)) return no(...wrongFrom(await customerName(db, opp.customerId), opp.amount, c.from!, opp.currency));
      if (opp) {
        log.updated('opportunity', opp.id, { amount: opp.amount });
        await db.opportunity.update({ where: { id: opp.id }, data: { amount } });
        return fixed(await customerName(db, opp.customerId), `金额 ${fmtMoney(opp.amount, 'zh', opp.currency)} → ${fmtMoney(amount, 'zh', opp.currency)}`, `amount ${fmtMoney(opp.amount, 'en', opp.currency)} → ${fmtMoney(amount, 'en', opp.currency)}`);
      }
      // A payment plan is not a deal: "金额改成…" after one must not open a new deal beside it.
      if (changes.some((x) => x.model === 'paymentPlan')) {
        return no('上一条记录是回款计划，没有商机金额可改。计划记错了请回复“撤销”再重发；要记新商机请带上客户名，例如“方舟电子新项目预计40万”。没有做任何修改。', 'The last record was a payment plan; it has no deal amount to change. Reply "undo" and send the plan again if it was wrong. Nothing was changed.');
      }
      const customerId = await targetCustomerId(db, changes);
      const customer = customerId ? await db.customer.findUnique({ where: { id: customerId } }) : null;
      if (!customer) return no('上一条记录没有关联客户，无法设置金额。请说明客户，例如“方舟电子预计40万”。', 'The last record has no customer to attach an amount to. Say e.g. "Acme deal 400k".');
      const res = await applyOpportunity(db, env.user, customer, { stage: null, amount, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null }, env.now, log);
      return fixed(customer.name, `新建商机，金额 ${fmtMoney(res.opportunity.amount, 'zh')}`, `new deal, amount ${fmtMoney(res.opportunity.amount, 'en')}`);
    }
    case 'contact_name': {
      const contacts = await db.contact.findMany({ where: { id: { in: idsOf(changes, 'contact') } } });
      const matching = c.from ? contacts.filter((x) => x.name === c.from) : contacts;
      const target1 = matching.length === 1 ? matching[0] : undefined;
      if (!target1) {
        if (c.from && matching.length > 1) return no(`上一条记录里有 ${matching.length} 位“${c.from}”，请带上客户名，例如“某某公司的联系人不是${c.from}，是${c.to}”。没有做任何修改。`, `The last record has ${matching.length} contacts called "${c.from}". Name the customer. Nothing was changed.`);
        return no(c.from ? `${w.zh}里没有联系人“${c.from}”。` : `${w.zh}里有多个或没有联系人，请说明要改哪个，例如“不是刘兵，是刘冰”。`, c.from ? `${w.en} has no contact "${c.from}".` : 'Which contact? e.g. "not John, it is Jon".');
      }
      // A contact the last record only met again (it existed before) is a person with a history:
      // renaming it to someone else ("不是王总，是黄总") would rewrite who they were. Only a contact
      // the record created, or the same name misspelled (刘兵 → 刘冰, sounds the same), is renamed.
      if (!changes.some((x) => x.op === 'create' && x.model === 'contact' && x.id === target1.id) && !soundsAlike(target1.name, c.to)) {
        return no(
          `“${target1.name}”是之前就有的联系人，直接改名会把他/她以前的记录都改成“${c.to}”。如果上一条见的是另一个人，请回复“撤销”，再用“${c.to}”重新发一遍。没有做任何修改。`,
          `"${target1.name}" was already a contact; renaming would rewrite their whole history as "${c.to}". If the last record met someone else, reply "undo" and send it again with "${c.to}". Nothing was changed.`,
        );
      }
      const clash = await db.contact.findUnique({ where: { customerId_name: { customerId: target1.customerId, name: c.to } } });
      if (clash) return no(`该客户已有联系人“${c.to}”。`, `That customer already has a contact "${c.to}".`);
      // "不是李工，是李总": a title that came from the old honorific (工 → 工程师) follows the new one.
      const title = titleFromHonorific(target1.name) !== undefined && target1.title === titleFromHonorific(target1.name) ? titleFromHonorific(c.to) ?? null : target1.title;
      log.updated('contact', target1.id, { name: target1.name, title: target1.title });
      await db.contact.update({ where: { id: target1.id }, data: { name: c.to, title } });
      return fixed(await customerName(db, target1.customerId), `联系人 ${target1.name} → ${c.to}`, `contact ${target1.name} → ${c.to}`);
    }
    case 'contact_role': {
      const said = env.parsed.contacts[0];
      if (!said) return no('请说明是哪位联系人，例如“刘兵不是技术负责人，是采购”。', 'Which contact? e.g. "Liu Bing is purchasing, not the technical lead".');
      let found = await db.contact.findMany({ where: { id: { in: idsOf(changes, 'contact') }, name: said.name } });
      // Not in the last record: the sender's own contact of that name, when there is exactly one.
      if (!found.length && !target.named) found = await db.contact.findMany({ where: { name: said.name, customer: { ownerId: env.user.id } }, take: 3 });
      if (found.length !== 1) {
        return no(
          found.length ? `你有 ${found.length} 位叫“${said.name}”的联系人，请带上客户名，例如“某某公司的${said.name}不是${c.from ?? '…'}，是${c.to}”。没有做任何修改。` : `${target.named ? w.zh : '你的客户'}里没有联系人“${said.name}”。没有做任何修改。`,
          found.length ? `You have ${found.length} contacts called "${said.name}". Name the customer. Nothing was changed.` : `No contact "${said.name}" found. Nothing was changed.`,
        );
      }
      const contact = found[0];
      // A role the new title states replaces the old one; a role that came from the wrong title goes.
      const wrong = (c.from ?? '').toLowerCase();
      const wrongTitle = !!wrong && !!contact.title && (wrong.includes(contact.title.toLowerCase()) || contact.title.toLowerCase().includes(wrong));
      const wrongRole = !!wrong && contact.role !== 'OTHER' && Object.values(CONTACT_ROLE_LABEL[contact.role]).some((l) => wrong.includes(l.toLowerCase().slice(0, 2)));
      const role = said.role !== 'OTHER' ? said.role : wrongTitle || wrongRole ? 'OTHER' : contact.role;
      log.updated('contact', contact.id, { title: contact.title, role: contact.role });
      await db.contact.update({ where: { id: contact.id }, data: { title: c.to, role } });
      const was = contact.title ?? (contact.role !== 'OTHER' ? CONTACT_ROLE_LABEL[contact.role][lang] : c.from ?? '—');
      return fixed(await customerName(db, contact.customerId), `联系人 ${contact.name}：${was} → ${c.to}`, `contact ${contact.name}: ${was} → ${c.to}`);
    }
    case 'customer_name': {
      const customerId = await targetCustomerId(db, changes);
      const customer = customerId ? await db.customer.findUnique({ where: { id: customerId } }) : null;
      if (!customer) return no('上一条记录没有关联客户。', 'The last record has no customer.');
      // "客户写错了，是华新电子" after a record on an EXISTING customer means the record went to the
      // wrong customer, not that the customer is misnamed: renaming would rename the whole account
      // (its deals, contacts and history). Only a customer the record itself created is renamed.
      if (!changes.some((x) => x.op === 'create' && x.model === 'customer' && x.id === customer.id)) {
        return no(
          `上一条记录记在已有客户“${customer.name}”上，直接改名会把整个“${customer.name}”（商机、联系人、历史）都改掉。如果是记错了客户，请回复“撤销”，再用“${c.to}”重新发一遍。没有做任何修改。`,
          `The last record went to your existing customer "${customer.name}"; renaming would rename that whole account (deals, contacts, history). If it was the wrong customer, reply "undo" and send it again with "${c.to}". Nothing was changed.`,
        );
      }
      const normalizedName = customerKey(c.to);
      const clash = await db.customer.findFirst({ where: { ownerId: customer.ownerId, normalizedName, id: { not: customer.id } } });
      if (clash) return no(`你已有客户“${clash.name}”，请直接用这个名字重新记录，或先撤销上一条。`, `You already have a customer "${clash.name}". Undo the last record and log it again under that name.`);
      log.updated('customer', customer.id, { name: customer.name, normalizedName: customer.normalizedName });
      await db.customer.update({ where: { id: customer.id }, data: { name: c.to, normalizedName } });
      forgetCustomersIn(db);
      const opps = await db.opportunity.findMany({ where: { customerId: customer.id, title: customer.name } });
      for (const o of opps) {
        log.updated('opportunity', o.id, { title: o.title });
        await db.opportunity.update({ where: { id: o.id }, data: { title: c.to } });
      }
      return fixed(customer.name, `客户名 ${customer.name} → ${c.to}`, `customer name ${customer.name} → ${c.to}`);
    }
    case 'stage': {
      if (!stageByKey(c.to)) return no(`没有“${c.to}”这个阶段。`, `There is no stage "${c.to}".`);
      const opp = await targetOpportunity(db, env, changes);
      if (!opp) return no(`${w.zh}没有关联商机。`, `${w.en} has no opportunity.`);
      const from = opp.stage;
      const moved = await moveStage(db, opp, c.to, env.user, env.now, log);
      return fixed(await customerName(db, opp.customerId), `阶段 ${stageLabel(from, 'zh')} → ${stageLabel(c.to, 'zh')}`, `stage ${stageLabel(from, 'en')} → ${stageLabel(c.to, 'en')}`, closingReplyLines(moved, lang, opp.currency));
    }
    case 'expected_close_date': {
      const date = new Date(c.to);
      if (Number.isNaN(date.getTime())) return no(`日期“${c.to}”无法识别。`, `Cannot read the date "${c.to}".`);
      const opp = await targetOpportunity(db, env, changes);
      if (!opp) return no(`${w.zh}没有关联商机。`, `${w.en} has no opportunity.`);
      log.updated('opportunity', opp.id, { expectedCloseDate: opp.expectedCloseDate });
      await db.opportunity.update({ where: { id: opp.id }, data: { expectedCloseDate: date } });
      const was = (lang2: 'zh' | 'en') => (opp.expectedCloseDate ? `${formatDate(opp.expectedCloseDate, lang2, env.tz)} → ` : '');
      return fixed(await customerName(db, opp.customerId), `预计成交 ${was('zh')}${formatDate(date, 'zh', env.tz)}`, `expected close ${was('en')}${formatDate(date, 'en', env.tz)}`);
    }
    case 'activity_type': {
      const ids = idsOf(changes, 'activity');
      const type = c.to.toUpperCase();
      if (!ids.length) return no(`${w.zh}里没有活动。`, `${w.en} has no activity.`);
      if (!(type in ACTIVITY_LABEL)) return no(`活动类型“${c.to}”无法识别。`, `Unknown activity type "${c.to}".`);
      // A message about several customers wrote one activity each: they were all the same kind.
      const acts = await db.activity.findMany({ where: { id: { in: ids } } });
      for (const act of acts) {
        log.updated('activity', act.id, { type: act.type });
        await db.activity.update({ where: { id: act.id }, data: { type: type as never } });
      }
      const names = [...new Set((await Promise.all(acts.map((a) => customerName(db, a.customerId)))).filter((n): n is string => !!n))];
      return fixed(names.join(zh ? '、' : ', ') || null, `活动类型 ${ACTIVITY_LABEL[acts[0].type].zh} → ${ACTIVITY_LABEL[type].zh}`, `activity type ${ACTIVITY_LABEL[acts[0].type].en} → ${ACTIVITY_LABEL[type].en}`);
    }
    case 'due_at': {
      const date = new Date(c.to);
      const ids = idsOf(changes, 'task');
      if (!ids.length || Number.isNaN(date.getTime())) return no(`${w.zh}里没有待办，或时间无法识别。`, `${w.en} has no next step, or the time was unclear.`);
      // The step the rep names ("样机改成下周一寄"), else the record's only one: with several and
      // none named (or none fitting), ask — moving the wrong step is a missed appointment.
      const tasks = await db.task.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: 'asc' } });
      const about = c.about?.trim();
      const fitting = about ? tasks.filter((k) => stepFits(k.title, about)) : tasks;
      if (fitting.length !== 1) {
        const list = tasks.map((k, i) => `${i + 1}. ${k.title}${k.dueAt ? ` · ${formatShort(k.dueAt, env.lang, env.tz)}` : ''}`).join('\n');
        return no(`${w.zh}有 ${tasks.length} 条待办${about ? `，没有一条唯一对得上“${about}”` : ''}，改哪一条？请带上事情再说一次，例如“${tasks[0].title}改到周五”。\n${list}`, `${w.en} has ${tasks.length} next steps${about ? `, none uniquely matching "${about}"` : ''}; which one? Say it with the step, e.g. "${tasks[0].title} to Friday".\n${list}`);
      }
      const task = fitting[0];
      log.updated('task', task.id, { dueAt: task.dueAt, dueLabel: task.dueLabel, remindedAt: task.remindedAt });
      await db.task.update({ where: { id: task.id }, data: { dueAt: date, dueLabel: null, remindedAt: null } });
      return fixed(await customerName(db, task.customerId), `待办时间 ${task.title} → ${formatShort(date, 'zh', env.tz)}`, `next step ${task.title} → ${formatShort(date, 'en', env.tz)}`);
    }
  }
}

/** Is `about` ("样机", "报价", "拜访") the step titled `title` ("寄样机", "给报价")? */
function stepFits(title: string, about: string): boolean {
  const t = title.toLowerCase();
  const a = about.toLowerCase();
  if (t.includes(a)) return true;
  // Two characters of it in a row ("报价单" for "发报价"), or an English word of it.
  const pairs = [...a].map((ch, i, xs) => ch + (xs[i + 1] ?? '')).filter((p) => /^[\u4e00-\u9fff]{2}$/.test(p));
  return pairs.some((p) => t.includes(p)) || (a.match(/[a-z]{3,}/g) ?? []).some((w) => t.includes(w));
}

const CORRECTION_LABEL: Record<ParsedCorrection['field'], { zh: string; en: string }> = {
  amount: { zh: '金额', en: 'amount' },
  contact_name: { zh: '联系人', en: 'contact' },
  customer_name: { zh: '客户名', en: 'name' },
  stage: { zh: '阶段', en: 'stage' },
  expected_close_date: { zh: '预计成交日期', en: 'close date' },
  activity_type: { zh: '活动类型', en: 'activity type' },
  due_at: { zh: '跟进时间', en: 'due date' },
  contact_role: { zh: '联系人职位', en: 'contact title' },
};

const SAYS_PAYMENT = /回款|首付|付款|到账|尾款|收款|(?<![a-z])(?:payment|paid)(?![a-z])/i;
const SAYS_CONTRACT = /合同|签约|签单|(?<![a-z])(?:contract|signed)(?![a-z])/i;

/**
 * An amount correction after money was recorded: won money is the contract, so a signed deal's
 * amount and its contract change together; a payment is corrected on its own. When the last
 * record holds both a contract and a payment and the correction does not say which, or the deal
 * has several contracts, nothing is changed and the rep is asked. Null: not about money.
 */
/**
 * "不是30万，是35万" names the amount being corrected: when the record holds another one, the
 * correction is about something else (another customer, an earlier message) — refuse, never edit.
 */
function notWhatWasStored(stored: { toString(): string } | number | null, said: string | null): boolean {
  if (said === null) return false;
  return stored === null || Math.abs(Number(stored) - Number(said)) > 0.005;
}

function wrongFrom(customer: string | null, stored: { toString(): string } | number | null, said: string, currency = 'CNY'): [string, string] {
  const who = customer ? `“${customer}”` : '上一条记录';
  const whoEn = customer ? `"${customer}"` : 'the last record';
  const has = stored === null ? '没有金额' : `的金额是 ${fmtMoney(stored, 'zh', currency)}`;
  const hasEn = stored === null ? 'has no amount' : `has ${fmtMoney(stored, 'en', currency)}`;
  return [
    `${who}${has}，不是 ${fmtMoney(Number(said), 'zh', currency)}，没有做任何修改。要改别的客户，请带上客户名，例如“某某公司的金额不是${fmtMoney(Number(said), 'zh', currency)}，是…”。`,
    `${whoEn} ${hasEn}, not ${fmtMoney(Number(said), 'en', currency)}; nothing was changed. To change another customer, name it.`,
  ];
}

async function correctMoney(db: Tx, env: HandlerEnv, changes: Change[], amount: number, said: string | null = null): Promise<Outcome | null> {
  const { log } = env;
  const zh = env.lang === 'zh';
  const no = (zhText: string, en: string): Outcome => ({ ok: false, result: fail(env, zhText, en) });
  const created = (model: Model) => [...new Set(changes.filter((x) => x.op === 'create' && x.model === model).map((x) => x.id))];
  const says = SAYS_PAYMENT.test(env.rawText) ? 'payment' : SAYS_CONTRACT.test(env.rawText) ? 'contract' : null;
  const payments = await db.payment.findMany({ where: { id: { in: created('payment') } } });
  let contracts = await db.contract.findMany({ where: { id: { in: created('contract') } } });
  if (!contracts.length && says === 'contract') {
    // "合同金额改成45万" right after a payment plan: the contract the plan hangs on.
    const plans = await db.paymentPlan.findMany({ where: { id: { in: created('paymentPlan') } }, select: { contractId: true } });
    const ids = [...new Set(plans.map((p) => p.contractId).filter((x): x is string => !!x))];
    if (ids.length) contracts = await db.contract.findMany({ where: { id: { in: ids } } });
  }
  if (!contracts.length) {
    // A deal won earlier and corrected now ("金额改成115万" after the visit that closed it).
    const oppId = idsOf(changes, 'opportunity')[0];
    const opp = oppId ? await db.opportunity.findUnique({ where: { id: oppId } }) : null;
    if (opp?.status === 'WON') contracts = await db.contract.findMany({ where: { opportunityId: opp.id }, orderBy: { signedAt: 'asc' } });
  }
  if (payments.length === 1 && (says === 'payment' || (!contracts.length && says !== 'contract'))) {
    const p = payments[0];
    if (notWhatWasStored(p.amount, said)) return no(...wrongFrom(await customerName(db, p.customerId), p.amount, said!));
    log.updated('payment', p.id, { amount: p.amount });
    await db.payment.update({ where: { id: p.id }, data: { amount } });
    return { ok: true, customer: await customerName(db, p.customerId), item: zh ? `回款金额 ${fmtMoney(p.amount, 'zh')} → ${fmtMoney(amount, 'zh')}` : `payment ${fmtMoney(p.amount, 'en')} → ${fmtMoney(amount, 'en')}` };
  }
  if (!contracts.length) return null;
  if (payments.length && says === null) {
    return no(`上一条记录里既有合同（${fmtMoney(contracts[0].amount, 'zh')}）也有回款（${fmtMoney(payments[0].amount, 'zh')}），要改哪个？请说“合同金额改成…”或“回款金额改成…”。没有做任何修改。`, `The last record has both a contract (${fmtMoney(contracts[0].amount, 'en')}) and a payment (${fmtMoney(payments[0].amount, 'en')}). Which one? Say "contract amount should be …" or "payment amount should be …". Nothing was changed.`);
  }
  if (contracts.length > 1) {
    const list = contracts.map((k) => `${formatDate(k.signedAt, env.lang, env.tz)} ${fmtMoney(k.amount, env.lang, k.currency)}`).join(zh ? '、' : '; ');
    return no(`这个商机有 ${contracts.length} 份合同（${list}），不确定改哪一份。请撤销对应的签约记录后重新记录。没有做任何修改。`, `This deal has ${contracts.length} contracts (${list}); I cannot tell which one to change. Undo that signing and record it again. Nothing was changed.`);
  }
  const k = contracts[0];
  if (notWhatWasStored(k.amount, said)) return no(...wrongFrom(await customerName(db, k.customerId), k.amount, said!, k.currency));
  log.updated('contract', k.id, { amount: k.amount });
  await db.contract.update({ where: { id: k.id }, data: { amount } });
  const opp = k.opportunityId ? await db.opportunity.findUnique({ where: { id: k.opportunityId } }) : null;
  if (opp && (opp.amount === null || Number(opp.amount) !== amount)) {
    log.updated('opportunity', opp.id, { amount: opp.amount });
    await db.opportunity.update({ where: { id: opp.id }, data: { amount } });
  }
  const both = opp ? { zh: `，商机“${opp.title}”同步更新`, en: `; deal "${opp.title}" updated too` } : { zh: '', en: '' };
  return {
    ok: true,
    customer: await customerName(db, k.customerId),
    item: zh ? `合同金额 ${fmtMoney(k.amount, 'zh', k.currency)} → ${fmtMoney(amount, 'zh', k.currency)}${both.zh}` : `contract amount ${fmtMoney(k.amount, 'en', k.currency)} → ${fmtMoney(amount, 'en', k.currency)}${both.en}`,
  };
}

/** Applies corrections to one target in order; the first refusal stops and nothing is kept by the caller. */
export async function applyAll(db: Tx, env: HandlerEnv, list: ParsedCorrection[], target: CorrectionTarget): Promise<HandlerResult> {
  const done: Fixed[] = [];
  for (const c of list) {
    const out = await apply(db, env, c, target);
    if (!out.ok) {
      // Refused part-way: the whole message must leave no trace (the transaction rolls back).
      if (done.length) throw new PartialCorrection(out.result);
      return out.result;
    }
    done.push(out);
  }
  return fixedReply(env, done);
}

/** Thrown to roll back a multi-field change refused after its first field was written. */
export class PartialCorrection extends Error {
  constructor(readonly result: HandlerResult) {
    super('correction refused part-way');
  }
}

/** The last record as a correction target: its change log and the customers it filed. */
export async function lastRecordTarget(db: Tx, last: InboundMessage): Promise<CorrectionTarget> {
  const changes = changesOf(last);
  const parts = (last.parseResult as { parts?: Array<{ customer?: { name?: string } }> } | null)?.parts ?? [];
  // In the order the message named them.
  const at = (name: string) => (last.text.indexOf(name) + 1 || Infinity);
  const several = parts.length > 1 ? [...new Set(await customersTouched(db, changes))].sort((a, b) => at(a) - at(b)) : [];
  return { changes, named: null, several };
}

async function customersTouched(db: Tx, changes: Change[]): Promise<string[]> {
  const ids = new Set(idsOf(changes, 'customer'));
  for (const id of idsOf(changes, 'opportunity')) {
    const o = await db.opportunity.findUnique({ where: { id }, select: { customerId: true } });
    if (o) ids.add(o.customerId);
  }
  const rows = await db.customer.findMany({ where: { id: { in: [...ids] } }, select: { name: true } });
  return rows.map((r) => r.name);
}

/**
 * Corrections of a customer the message names: that customer's records (corrections/named.ts).
 * A customer with no deal of the sender's yet gets one with the stated fields.
 */
export async function namedChange(db: Tx, env: HandlerEnv, list: ParsedCorrection[]): Promise<HandlerResult> {
  const name = env.parsed.customer!.name;
  const customer = await findNamedCustomer(db, env, name);
  if (!customer) return notYourCustomer(env, name);
  const zh = env.lang === 'zh';
  for (const c of list) {
    // Checked before anything is written, so a refusal leaves the other fields untouched.
    if (c.field === 'stage' && !stageByKey(c.to)) return fail(env, `没有“${c.to}”这个阶段。没有做任何修改。`, `There is no stage "${c.to}". Nothing was changed.`);
    if ((c.field === 'expected_close_date' || c.field === 'due_at') && Number.isNaN(new Date(c.to).getTime())) return fail(env, `日期“${c.to}”无法识别。没有做任何修改。`, `Cannot read the date "${c.to}". Nothing was changed.`);
  }
  const { changes, hasDeal } = await namedChanges(db, env, customer);
  const dealOnly = list.every((c) => c.field === 'amount' || c.field === 'stage' || c.field === 'expected_close_date');
  if (!hasDeal && dealOnly) {
    const get = (f: ParsedCorrection['field']) => list.find((c) => c.field === f)?.to ?? null;
    const amount = get('amount');
    const res = await applyOpportunity(db, env.user, customer, { stage: get('stage'), amount: amount === null ? null : Number(amount), currency: 'CNY', expectedCloseDate: get('expected_close_date'), qualification: null, grade: null, lostReason: null }, env.now, env.log);
    const o = res.opportunity;
    const bits = [`${zh ? '阶段' : 'stage'} ${stageLabel(o.stage, env.lang)}`];
    if (o.amount !== null) bits.push(`${zh ? '金额' : 'amount'} ${fmtMoney(o.amount, env.lang, o.currency)}`);
    if (o.expectedCloseDate) bits.push(`${zh ? '预计成交' : 'expected close'} ${formatDate(o.expectedCloseDate, env.lang, env.tz)}`);
    const head = zh ? `✏️ ${customer.name} 还没有商机，已新建：${bits.join(' · ')}` : `✏️ ${customer.name} had no deal; created one: ${bits.join(' · ')}`;
    return { text: [head, ...closingReplyLines(res, env.lang, o.currency)].join('\n'), outcome: 'APPLIED' };
  }
  return applyAll(db, env, list, { changes, named: { id: customer.id, name: customer.name }, several: [] });
}

export const correctionHandler: IntentHandler = async (db, env) => {
  const c = env.parsed.correction;
  if (!c) return { text: t(env.lang, 'unknown'), outcome: 'REJECTED' };
  // "远大能源的金额写错了，应该是25万": that customer's records, not the last message's.
  if (env.parsed.customer && c.field !== 'customer_name' && !env.parsed.parts.length) {
    const deal = c.field === 'amount' || c.field === 'stage' || c.field === 'expected_close_date';
    return namedChange(db, env, deal ? dealCorrections(env.parsed) : [c]);
  }
  const last = await lastCorrectable(db, env.user.id);
  if (!last) return { text: t(env.lang, 'nothingToCorrect'), outcome: 'REJECTED' };
  return applyAll(db, env, [c], await lastRecordTarget(db, last));
};

/** The card's "edit amount" button: correct the amount of one specific message's opportunity. */
export async function correctAmountOf(db: Tx, env: HandlerEnv, target: InboundMessage, amount: number): Promise<HandlerResult> {
  return applyAll(db, env, [{ field: 'amount', from: null, to: String(amount) }], await lastRecordTarget(db, target));
}
