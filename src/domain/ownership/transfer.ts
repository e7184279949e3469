// A manager reassigns one customer (把方舟电子转给王强) or everything a leaving rep holds
// (离职继承: customers, their open deals and all open tasks) to another rep. Both are scoped: the
// actor must be able to see the customer, the old owner and the new one.
import type { Customer, User } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { customerKey } from '../customers.js';
import type { Lang } from '../i18n.js';
import { visibleUserIds } from '../users.js';
import { actorIdOf, fail, ok, type Actor, type OpResult } from '../teams/actor.js';
import { cleanName, findPerson } from '../teams/lookup.js';
import { moveCustomers, moveLooseTasks } from './move.js';
import { escapeLike } from '../text.js';

export interface OwnershipEnv {
  lang: Lang;
  now: Date;
  log: ChangeLog;
  inboundId: string | null;
}

function managersOnly(lang: Lang): OpResult {
  return fail(lang === 'zh' ? '只有经理或管理员可以转移客户。' : 'Only a manager or an admin can reassign customers.');
}

/** Customers by name in the actor's scope, optionally of one owner: exact key first, then contains. */
export async function findScopedCustomers(db: Tx, actor: Actor, name: string, ownerId?: string): Promise<Array<Customer & { owner: User }>> {
  const scope = await visibleUserIds(db, actor);
  const owner = ownerId ? { ownerId } : scope ? { ownerId: { in: scope } } : {};
  const key = customerKey(cleanName(name));
  const exact = await db.customer.findMany({ where: { ...owner, normalizedName: key }, include: { owner: true }, take: 10 });
  if (exact.length) return exact;
  if (key.length < 2) return [];
  return db.customer.findMany({ where: { ...owner, normalizedName: { contains: escapeLike(key) } }, include: { owner: true }, take: 10 });
}

function sameNameClash(lang: Lang, to: User, name: string): OpResult {
  return fail(lang === 'zh' ? `${to.displayName} 名下已有同名客户“${name}”（撞单），没有转移。请先确认是否同一家公司。` : `${to.displayName} already has a customer called "${name}" (duplicate); nothing moved.`);
}

export async function transferCustomer(db: Tx, actor: Actor, env: OwnershipEnv, customerName: string, toName: string, fromName: string | null = null): Promise<OpResult> {
  const { lang } = env;
  const zh = lang === 'zh';
  if (actor.role === 'REP') return managersOnly(lang);
  const to = await findPerson(db, actor, toName, lang);
  if (!to.ok) return to.result;
  if (!to.value.active) return fail(zh ? `${to.value.displayName} 已停用，不能接收客户。` : `${to.value.displayName} is deactivated and cannot take customers.`);
  let fromId: string | undefined;
  if (fromName) {
    const from = await findPerson(db, actor, fromName, lang);
    if (!from.ok) return from.result;
    fromId = from.value.id;
  }
  const matches = await findScopedCustomers(db, actor, customerName, fromId);
  if (!matches.length) return fail(zh ? `在你的范围内没有找到客户“${cleanName(customerName)}”。` : `No customer "${cleanName(customerName)}" in your scope.`);
  if (matches.length > 1) {
    const list = matches.map((c) => `${c.owner.displayName}的${c.name}`).join('、');
    return fail(zh ? `有多个匹配的客户：${list}。请说明是谁的，例如“把${matches[0].owner.displayName}的${matches[0].name}转给${to.value.displayName}”。` : `Several customers match: ${matches.map((c) => `${c.name} (${c.owner.displayName})`).join(', ')}. Say whose, e.g. "transfer ${matches[0].name} from ${matches[0].owner.displayName} to ${to.value.displayName}".`);
  }
  const c = matches[0];
  if (c.ownerId === to.value.id) return ok(zh ? `${c.name} 已经是 ${to.value.displayName} 的客户。` : `${c.name} already belongs to ${to.value.displayName}.`);
  if (await db.customer.findFirst({ where: { ownerId: to.value.id, normalizedName: c.normalizedName } })) return sameNameClash(lang, to.value, c.name);
  const r = await moveCustomers(db, { customerIds: [c.id], fromUserId: c.ownerId, toUserId: to.value.id, kind: 'TRANSFER', actorId: actorIdOf(actor), inboundId: env.inboundId, now: env.now, log: env.log });
  if (!r.moved.length) return fail(zh ? `${c.name} 刚被别人改了负责人，请重试。` : `${c.name} just changed hands; please try again.`);
  const from = c.owner.poolTeamId ? (zh ? '公海' : 'the pool') : c.owner.displayName;
  return ok(
    zh
      ? `✅ 已把“${c.name}”从 ${from} 转给 ${to.value.displayName}（连同 ${r.deals} 个进行中商机、${r.tasks} 个未完成待办）。已记入客户动态，发送“撤销”可恢复。`
      : `✅ Moved "${c.name}" from ${from} to ${to.value.displayName} (with ${r.deals} open deal(s) and ${r.tasks} open task(s)). Logged on the customer's timeline; send "undo" to revert.`,
  );
}

/**
 * 离职继承: every customer of `leaver` (with their open deals and tasks), the leaver's other
 * open deals and loose tasks, to `heir`. Customers the heir already has by the same name are
 * left with the leaver and listed. `deactivate` also switches the leaver off.
 */
export async function inheritAll(db: Tx, actor: Actor, env: OwnershipEnv, leaverName: string, heirName: string, deactivate: boolean): Promise<OpResult> {
  const { lang } = env;
  const zh = lang === 'zh';
  if (actor.role === 'REP') return managersOnly(lang);
  const leaver = await findPerson(db, actor, leaverName, lang);
  if (!leaver.ok) return leaver.result;
  const heir = await findPerson(db, actor, heirName, lang);
  if (!heir.ok) return heir.result;
  const L = leaver.value;
  const H = heir.value;
  if (L.id === H.id) return fail(zh ? '交接双方不能是同一个人。' : 'Leaver and heir must be different people.');
  if (!H.active) return fail(zh ? `${H.displayName} 已停用，不能接收客户。` : `${H.displayName} is deactivated and cannot take customers.`);
  if (deactivate && L.id === actor.id) return fail(zh ? '不能停用你自己。' : 'You cannot deactivate yourself.');

  const customers = await db.customer.findMany({ where: { ownerId: L.id }, select: { id: true, name: true, normalizedName: true } });
  const heirKeys = new Set((await db.customer.findMany({ where: { ownerId: H.id, normalizedName: { in: customers.map((c) => c.normalizedName) } }, select: { normalizedName: true } })).map((c) => c.normalizedName));
  const clash = customers.filter((c) => heirKeys.has(c.normalizedName));
  const movable = customers.filter((c) => !heirKeys.has(c.normalizedName));
  const r = await moveCustomers(db, { customerIds: movable.map((c) => c.id), fromUserId: L.id, toUserId: H.id, kind: 'INHERIT', actorId: actorIdOf(actor), inboundId: env.inboundId, now: env.now, log: env.log });

  // Open deals the leaver has on customers held by others, unless the heir already has one there.
  const clashIds = clash.map((c) => c.id);
  const otherDeals = await db.opportunity.findMany({ where: { ownerId: L.id, status: 'OPEN', customerId: { notIn: clashIds } }, select: { id: true, customerId: true } });
  const heirOpen = new Set((await db.opportunity.findMany({ where: { ownerId: H.id, status: 'OPEN', customerId: { in: otherDeals.map((d) => d.customerId) } }, select: { customerId: true } })).map((d) => d.customerId));
  const dealIds = otherDeals.filter((d) => !heirOpen.has(d.customerId)).map((d) => d.id);
  if (dealIds.length) {
    await db.opportunity.updateMany({ where: { id: { in: dealIds } }, data: { ownerId: H.id } });
    for (const id of dealIds) env.log.updated('opportunity', id, { ownerId: L.id });
  }
  // Open tasks on customers held by others and tasks without a customer.
  const otherTasks = await db.task.findMany({ where: { assigneeId: L.id, status: 'OPEN', customerId: { notIn: clashIds } }, select: { id: true } });
  if (otherTasks.length) {
    await db.task.updateMany({ where: { id: { in: otherTasks.map((t) => t.id) } }, data: { assigneeId: H.id } });
    for (const t of otherTasks) env.log.updated('task', t.id, { assigneeId: L.id });
  }
  const loose = await moveLooseTasks(db, L.id, H.id, env.log);
  if (deactivate && L.active) {
    env.log.updated('user', L.id, { active: L.active });
    await db.user.update({ where: { id: L.id }, data: { active: false } });
  }
  const deals = r.deals + dealIds.length;
  const tasks = r.tasks + otherTasks.length + loose;
  const left = clash.length
    ? zh
      ? `\n⚠️ ${H.displayName} 已有同名客户，以下 ${clash.length} 个未转移（撞单，请人工确认）：${clash.slice(0, 20).map((c) => c.name).join('、')}${clash.length > 20 ? '…' : ''}`
      : `\n⚠️ ${H.displayName} already has customers with these names; ${clash.length} not moved (check duplicates): ${clash.slice(0, 20).map((c) => c.name).join(', ')}${clash.length > 20 ? '…' : ''}`
    : '';
  const off = deactivate ? (zh ? `${L.displayName} 已停用。` : `${L.displayName} is deactivated.`) : '';
  return ok(
    zh
      ? `✅ 离职继承：${L.displayName} → ${H.displayName}：${r.moved.length} 个客户、${deals} 个进行中商机、${tasks} 个未完成待办。${off}每个客户的动态里都有记录，发送“撤销”可恢复。${left}`
      : `✅ Handover ${L.displayName} → ${H.displayName}: ${r.moved.length} customer(s), ${deals} open deal(s), ${tasks} open task(s). ${off}Logged on each customer's timeline; send "undo" to revert.${left}`,
  );
}
