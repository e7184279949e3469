// Reps take customers from their team's 公海 (领取 X) within the team's limits, and give them
// back (退回公海 X); everyone in a team can see what is in it (公海里有哪些客户). The claim is a
// conditional update on "still held by the pool", so two reps claiming at once cannot both win.
import type { Team } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { customerKey } from '../customers.js';
import { LIFECYCLE_LABEL, type Lang } from '../i18n.js';
import { moveCustomers } from '../ownership/move.js';
import type { OwnershipEnv } from '../ownership/transfer.js';
import { daysBetween, startOfLocalDay, formatDate } from '../time.js';
import { actorIdOf, canManageTeam, fail, ok, type Actor, type OpResult } from '../teams/actor.js';
import { cleanName, findTeam } from '../teams/lookup.js';
import { teamPoolSettings } from '../teams/settings.js';
import { poolHolder } from './holder.js';
import { escapeLike } from '../text.js';

const LIST_LIMIT = 30;

function noTeam(lang: Lang): OpResult {
  return fail(lang === 'zh' ? '你还没有加入团队，没有公海可用。请联系管理员把你调到所在团队。' : 'You are not in a team yet, so there is no pool for you. Ask an admin to move you to your team.');
}

/** The team whose pool the actor means: a named one (managers/admins), else their own. */
async function poolTeam(db: Tx, actor: Actor, lang: Lang, teamName: string | null): Promise<{ ok: true; team: Team } | { ok: false; result: OpResult }> {
  if (teamName) {
    const found = await findTeam(db, teamName, lang);
    if (!found.ok) return found;
    if (found.value.id !== actor.teamId && !(await canManageTeam(db, actor, found.value.id))) return { ok: false, result: fail(lang === 'zh' ? '你没有权限查看这个团队的公海。' : 'You cannot see that team’s pool.') };
    return { ok: true, team: found.value };
  }
  if (!actor.teamId) return { ok: false, result: noTeam(lang) };
  return { ok: true, team: await db.team.findUniqueOrThrow({ where: { id: actor.teamId } }) };
}

export async function listPool(db: Tx, actor: Actor, lang: Lang, tz: string, now: Date, teamName: string | null = null): Promise<OpResult> {
  const zh = lang === 'zh';
  const t = await poolTeam(db, actor, lang, teamName);
  if (!t.ok) return t.result;
  const holder = await db.user.findUnique({ where: { poolTeamId: t.team.id } });
  const total = holder ? await db.customer.count({ where: { ownerId: holder.id } }) : 0;
  if (!total) return ok(zh ? `“${t.team.name}”的公海里目前没有客户。` : `The pool of "${t.team.name}" is empty.`);
  const rows = await db.customer.findMany({ where: { ownerId: holder!.id }, orderBy: [{ ownerSince: 'desc' }, { name: 'asc' }], take: LIST_LIMIT });
  const s = teamPoolSettings(t.team);
  const lines = rows.map((c) => {
    const since = c.ownerSince ? (zh ? `${daysBetween(c.ownerSince, now)}天前进入` : `in pool ${daysBetween(c.ownerSince, now)}d`) : '';
    const last = c.lastContactAt ? (zh ? `最后跟进 ${formatDate(c.lastContactAt, lang, tz)}` : `last contact ${formatDate(c.lastContactAt, lang, tz)}`) : zh ? '未跟进过' : 'never contacted';
    const meta = [c.level ? (zh ? `${c.level}级` : `level ${c.level}`) : null, c.industry, LIFECYCLE_LABEL[c.lifecycle][lang], last, since].filter(Boolean).join(' · ');
    return `• ${c.name} · ${meta}`;
  });
  const more = total > rows.length ? (zh ? `…另有 ${total - rows.length} 个` : `…and ${total - rows.length} more`) : '';
  const head = zh ? `🌊 ${t.team.name} 公海（${total} 个客户）：` : `🌊 Pool of ${t.team.name} (${total} customers):`;
  const foot = zh ? `发送“领取 客户名”领取，每人每天最多 ${s.claimLimit} 个。` : `Send "claim <customer>" to take one; up to ${s.claimLimit} per day.`;
  return ok([head, ...lines, more, foot].filter(Boolean).join('\n'));
}

export async function claimFromPool(db: Tx, actor: Actor, env: OwnershipEnv & { tz: string }, customerName: string): Promise<OpResult> {
  const { lang } = env;
  const zh = lang === 'zh';
  if (!actor.id) return fail(zh ? '命令行不能领取客户。' : 'The CLI cannot claim customers.');
  if (!actor.teamId) return noTeam(lang);
  const team = await db.team.findUniqueOrThrow({ where: { id: actor.teamId } });
  const holder = await poolHolder(db, team);
  const key = customerKey(cleanName(customerName));
  let matches = await db.customer.findMany({ where: { ownerId: holder.id, normalizedName: key }, take: 5 });
  if (!matches.length && key.length >= 2) matches = await db.customer.findMany({ where: { ownerId: holder.id, normalizedName: { contains: escapeLike(key) } }, take: 5 });
  if (!matches.length) {
    const mine = await db.customer.findFirst({ where: { ownerId: actor.id, normalizedName: key } });
    if (mine) return ok(zh ? `“${mine.name}”已经是你的客户。` : `"${mine.name}" is already yours.`);
    return fail(zh ? `公海里没有“${cleanName(customerName)}”。发送“公海”查看有哪些客户。` : `No "${cleanName(customerName)}" in the pool. Send "pool" to see what is there.`);
  }
  if (matches.length > 1) return fail(zh ? `公海里有多个匹配：${matches.map((c) => c.name).join('、')}，请写全名。` : `Several pool customers match: ${matches.map((c) => c.name).join(', ')}. Use the full name.`);
  const c = matches[0];
  const s = teamPoolSettings(team);
  const since = startOfLocalDay(env.now, env.tz);
  const today = await db.customerEvent.count({ where: { kind: 'CLAIM', toUserId: actor.id, at: { gte: since } } });
  if (today >= s.claimLimit) return fail(zh ? `今天已领取 ${today} 个，达到每天 ${s.claimLimit} 个的上限，明天再来。` : `You claimed ${today} today, the daily limit of ${s.claimLimit}. Try tomorrow.`);
  if (s.maxOwned !== null) {
    const owned = await db.customer.count({ where: { ownerId: actor.id } });
    if (owned >= s.maxOwned) return fail(zh ? `你已持有 ${owned} 个客户，达到团队上限 ${s.maxOwned} 个，不能再领取。` : `You hold ${owned} customers, the team's cap of ${s.maxOwned}; cannot claim more.`);
  }
  if (await db.customer.findFirst({ where: { ownerId: actor.id, normalizedName: c.normalizedName } })) {
    return fail(zh ? `你名下已有同名客户“${c.name}”，没有领取。` : `You already have a customer called "${c.name}"; not claimed.`);
  }
  const r = await moveCustomers(db, { customerIds: [c.id], fromUserId: holder.id, toUserId: actor.id, kind: 'CLAIM', actorId: actor.id, inboundId: env.inboundId, now: env.now, log: env.log });
  if (!r.moved.length) return fail(zh ? `“${c.name}”刚被别人领走了。` : `"${c.name}" was just claimed by someone else.`);
  return ok(zh ? `✅ 已从公海领取“${c.name}”，现在是你的客户（今天第 ${today + 1}/${s.claimLimit} 个）。记得尽快跟进。` : `✅ Claimed "${c.name}" from the pool (${today + 1}/${s.claimLimit} today). Follow up soon.`);
}

/** 退回公海 X: the owner (or their manager) gives a customer back to the owner's team pool. */
export async function releaseToPool(db: Tx, actor: Actor, env: OwnershipEnv, customerName: string, findScoped: (name: string) => Promise<Array<{ id: string; name: string; ownerId: string; owner: { teamId: string | null; poolTeamId: string | null; displayName: string } }>>): Promise<OpResult> {
  const { lang } = env;
  const zh = lang === 'zh';
  const matches = (await findScoped(customerName)).filter((c) => !c.owner.poolTeamId);
  if (!matches.length) return fail(zh ? `没有找到你能处理的客户“${cleanName(customerName)}”。` : `No customer "${cleanName(customerName)}" you can release.`);
  if (matches.length > 1) return fail(zh ? `有多个匹配：${matches.map((c) => `${c.owner.displayName}的${c.name}`).join('、')}，请写全名。` : `Several match: ${matches.map((c) => c.name).join(', ')}.`);
  const c = matches[0];
  if (!c.owner.teamId) return fail(zh ? `${c.owner.displayName} 没有团队，没有公海可退回。` : `${c.owner.displayName} has no team, so there is no pool.`);
  const team = await db.team.findUniqueOrThrow({ where: { id: c.owner.teamId } });
  const holder = await poolHolder(db, team);
  if (await db.customer.findFirst({ where: { ownerId: holder.id, normalizedName: customerKey(c.name) } })) {
    return fail(zh ? `公海里已有同名客户“${c.name}”，没有退回。` : `The pool already has a customer called "${c.name}".`);
  }
  const r = await moveCustomers(db, { customerIds: [c.id], fromUserId: c.ownerId, toUserId: holder.id, kind: 'POOL_RELEASE', actorId: actorIdOf(actor), inboundId: env.inboundId, now: env.now, log: env.log });
  if (!r.moved.length) return fail(zh ? `“${c.name}”刚被改了负责人，请重试。` : `"${c.name}" just changed hands; try again.`);
  return ok(zh ? `✅ 已把“${c.name}”退回“${team.name}”公海，同事可以领取。` : `✅ Released "${c.name}" to the pool of "${team.name}".`);
}
