// Customers by command, for names the parser does not recognise and for retiring customers:
//   新建客户 星河科技 · 新增客户：星河科技 · 添加客户 星河科技 · new customer Star River Tech
//   星河科技标记失效 · 星河科技 标记为无效 · 把星河科技设为失效 · mark Star River inactive
//   恢复客户 星河科技 · 星河科技恢复有效 · reactivate Star River
// A new customer goes through findOrCreateCustomer like any logged one (the sender's own by that
// name → "already exists"; another rep's → the 撞单 warning). 失效 is the customer lifecycle LOST
// (analytics/lifecycle.ts): such customers leave the customer lists, 热点 nudges and digests,
// 撞单 checks and churn/follow-up answers. Only the owner, or a manager/admin who can see the
// owner, may mark it. Both write through the message's change log, so "撤销" reverts them.
import type { Command, CommandEnv } from '../commands.js';
import type { Tx } from '../context.js';
import { customerExistsAnywhere, customerKey, findOrCreateCustomer } from '../customers.js';
import type { HandlerResult } from '../handlerTypes.js';
import { markCustomerLost, reviveCustomer } from '../analytics/lifecycle.js';
import { findScopedCustomers } from '../ownership/transfer.js';
import { actorOf } from '../teams/actor.js';
import { LIFECYCLE_LABEL } from '../i18n.js';

const MAX_NAME = 60;
const NOT_A_NAME = /^(?:的)?(?:微信|wx|vx|电话|手机|手机号|联系人|联系方式|邮箱|好友|群|资料|信息)/i;

/** The name as typed, without quotes, brackets and trailing punctuation. */
export function cleanCustomerName(raw: string): string {
  return raw.replace(/^[\s"“”'‘’「」【】:：]+|[\s"“”'‘’「」【】。.!！,，;；]+$/g, '').trim();
}

async function newCustomer(db: Tx, env: CommandEnv, raw: string): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const name = cleanCustomerName(raw);
  const chars = [...name].length;
  if (chars < 2 || chars > MAX_NAME || !/[\p{L}\p{N}]/u.test(name)) {
    return { text: zh ? `客户名称“${name}”不合适（2 到 ${MAX_NAME} 个字），没有新建。例如：新建客户 星河科技` : `"${name}" is not a usable customer name (2 to ${MAX_NAME} characters); nothing created. e.g. new customer Star River Tech`, outcome: 'REJECTED' };
  }
  const r = await findOrCreateCustomer(db, env.user, name, env.log, env.now);
  const c = r.customer;
  if (!r.created) {
    const lost = c.lifecycle === 'LOST' ? (zh ? `（${LIFECYCLE_LABEL.LOST.zh}）` : ` (${LIFECYCLE_LABEL.LOST.en})`) : '';
    const same = customerKey(name) === c.normalizedName;
    return {
      text: zh
        ? `你已经有客户“${c.name}”${lost}${same ? '' : '（名称相近）'}，没有重复新建。直接记录拜访即可，例如“今天拜访了${c.name}”。`
        : `You already have the customer "${c.name}"${lost}${same ? '' : ' (similar name)'}; nothing new was created. Just log your work on it.`,
      outcome: 'ANSWERED',
    };
  }
  const lines = [zh ? `✅ 已新建客户：${c.name}` : `✅ New customer: ${c.name}`];
  for (const k of r.conflicts) {
    lines.push(zh ? `⚠️ 撞单提醒：客户“${k.customer.name}”已由 ${k.owner.displayName} 跟进，请确认是否同一家。` : `⚠️ Possible duplicate (撞单): "${k.customer.name}" is already worked by ${k.owner.displayName}. Please check whether it is the same company.`);
  }
  lines.push(zh ? '发送“撤销”可撤回。' : 'Send "undo" to remove it.');
  return { text: lines.join('\n'), outcome: 'APPLIED' };
}

/** The one customer by that name the sender may change, or the reply saying why not. */
async function changeableCustomer(db: Tx, env: CommandEnv, name: string) {
  const zh = env.lang === 'zh';
  const matches = await findScopedCustomers(db, actorOf(env.user), name);
  if (!matches.length) {
    const elsewhere = await customerExistsAnywhere(db, name);
    return {
      ok: false as const,
      text: elsewhere
        ? zh ? `“${name}”不是你负责的客户，你不能修改它的状态。没有修改任何内容。` : `"${name}" is not a customer you may change. Nothing was changed.`
        : zh ? `没有找到客户“${name}”。没有修改任何内容。` : `No customer "${name}" found. Nothing was changed.`,
    };
  }
  if (matches.length > 1) {
    const list = matches.map((c) => (c.ownerId === env.user.id ? c.name : `${c.name}（${c.owner.displayName}）`)).join(zh ? '、' : ', ');
    return { ok: false as const, text: zh ? `有多个客户对得上：${list}。请用完整名称再说一次。没有修改任何内容。` : `Several customers match: ${list}. Please use the full name. Nothing was changed.` };
  }
  const c = matches[0];
  const whose = c.ownerId === env.user.id ? '' : zh ? `（${c.owner.displayName} 的客户）` : ` (${c.owner.displayName}'s customer)`;
  return { ok: true as const, customer: c, whose };
}

async function reactivate(db: Tx, env: CommandEnv, raw: string): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const found = await changeableCustomer(db, env, cleanCustomerName(raw));
  if (!found.ok) return { text: found.text, outcome: 'REJECTED' };
  const c = found.customer;
  const change = await reviveCustomer(db, c, env.log);
  if (!change) return { text: zh ? `客户“${c.name}”不是失效状态，不用恢复。` : `"${c.name}" is not marked inactive.`, outcome: 'ANSWERED' };
  return {
    text: zh ? `✅ 已恢复客户“${c.name}”${found.whose}：${LIFECYCLE_LABEL[change.to].zh}。发送“撤销”可撤回。` : `✅ "${c.name}"${found.whose} is active again (${LIFECYCLE_LABEL[change.to].en}). Send "undo" to revert.`,
    outcome: 'APPLIED',
  };
}

async function markInactive(db: Tx, env: CommandEnv, raw: string): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const name = cleanCustomerName(raw);
  if ([...name].length < 2) return { text: zh ? '请说明是哪家客户，例如“星河科技标记失效”。没有修改任何内容。' : 'Which customer? e.g. "mark Star River inactive". Nothing was changed.', outcome: 'REJECTED' };
  const found = await changeableCustomer(db, env, name);
  if (!found.ok) return { text: found.text, outcome: 'REJECTED' };
  const { customer: c, whose } = found;
  const change = await markCustomerLost(db, c, env.log);
  if (!change) return { text: zh ? `客户“${c.name}”已经是失效状态。` : `"${c.name}" is already marked inactive.`, outcome: 'ANSWERED' };
  const [deals, tasks] = await Promise.all([
    db.opportunity.count({ where: { customerId: c.id, status: 'OPEN' } }),
    db.task.count({ where: { customerId: c.id, status: 'OPEN' } }),
  ]);
  const left = deals || tasks ? (zh ? `\n它还有 ${deals} 个进行中商机、${tasks} 条未完成待办，没有改动，可按需处理。` : `\nIt still has ${deals} open deal(s) and ${tasks} open task(s); they were left as they are.`) : '';
  return {
    text: zh
      ? `✅ 已把客户“${c.name}”${whose}标记为失效：不再出现在客户列表、热点提醒和跟进提醒里。${left}\n发送“撤销”可恢复。`
      : `✅ Marked "${c.name}"${whose} inactive: it no longer appears in customer lists, hot-customer nudges or follow-up reminders.${left}\nSend "undo" to restore it.`,
    outcome: 'APPLIED',
  };
}

export const CUSTOMER_COMMANDS: Command[] = [
  {
    match: /^\s*(?:新建|新增|添加|创建|录入|新加)(?:一个|个|一家)?客户\s*[:：]?\s*(?<name>\S.{0,80}?)\s*$/,
    // "添加客户微信" is about a contact channel, not a company called 微信.
    accepts: async (_ctx, _user, m) => !NOT_A_NAME.test(cleanCustomerName(m.groups!.name)),
    apply: (db, env, m) => newCustomer(db, env, m.groups!.name),
  },
  { match: /^\s*(?:new|add|create)\s+(?:a\s+)?customer\s*[:：]?\s*(?<name>\S.{0,80}?)\s*$/i, apply: (db, env, m) => newCustomer(db, env, m.groups!.name) },
  {
    match: /^\s*(?:把|将)?\s*(?:客户\s*)?(?<name>\S.{0,60}?)\s*(?:这个客户|这家客户)?\s*(?:标记|标|设置|设|改|置)(?:为|成)?\s*(?:失效|无效|作废)(?:客户)?(?:了)?\s*[。.!！]*\s*$/,
    apply: (db, env, m) => markInactive(db, env, m.groups!.name),
  },
  {
    match: /^\s*mark\s+(?:customer\s+)?(?<name>\S.{0,60}?)\s+(?:as\s+)?(?:inactive|invalid|lost|dead)\s*[.!]*\s*$/i,
    apply: (db, env, m) => markInactive(db, env, m.groups!.name),
  },  { match: /^\s*(?:恢复|激活|重新激活)客户\s*[:：]?\s*(?<name>\S.{0,60}?)\s*$/, apply: (db, env, m) => reactivate(db, env, m.groups!.name) },
  {
    match: /^\s*(?:把|将)?\s*(?:客户\s*)?(?<name>\S.{0,60}?)\s*(?:(?:恢复|改回|设回|重新设为|标记|标|设)(?:为|成)?\s*(?:有效|正常)|重新激活)(?:客户)?\s*[。.!！]*\s*$/,
    apply: (db, env, m) => reactivate(db, env, m.groups!.name),
  },
  { match: /^\s*(?:reactivate|restore)\s+(?:customer\s+)?(?<name>\S.{0,60}?)\s*[.!]*\s*$/i, apply: (db, env, m) => reactivate(db, env, m.groups!.name) },
  { match: /^\s*mark\s+(?:customer\s+)?(?<name>\S.{0,60}?)\s+(?:as\s+)?active\s*[.!]*\s*$/i, apply: (db, env, m) => reactivate(db, env, m.groups!.name) },
];
