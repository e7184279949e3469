// Finding a team or a person by the name an admin typed, with replies that list the choices
// when the name is unknown or ambiguous. Pool holder users (公海) are never people.
import type { Team, User } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import { visibleUserIds } from '../users.js';
import { fail, type Actor, type OpResult } from './actor.js';
import { escapeLike } from '../text.js';

export type Found<T> = { ok: true; value: T } | { ok: false; result: OpResult };

const list = (names: string[], lang: Lang) => (names.length ? names.join(lang === 'zh' ? '、' : ', ') : lang === 'zh' ? '（暂无）' : '(none yet)');

/** Strips quotes and a trailing 团队/组 the admin may have added around a team name. */
export function cleanName(s: string): string {
  return s.trim().replace(/^["“'‘「](.*)["”'’」]$/, '$1').trim();
}

export async function findTeam(db: Tx, name: string, lang: Lang): Promise<Found<Team>> {
  const n = cleanName(name);
  const exact = await db.team.findUnique({ where: { name: n } });
  if (exact) return { ok: true, value: exact };
  const loose = await db.team.findMany({ where: { name: { equals: n, mode: 'insensitive' } }, take: 2 });
  if (loose.length === 1) return { ok: true, value: loose[0] };
  const names = (await db.team.findMany({ select: { name: true }, orderBy: { name: 'asc' }, take: 30 })).map((t) => t.name);
  return {
    ok: false,
    result: fail(lang === 'zh' ? `没有名为“${n}”的团队。现有团队：${list(names, lang)}` : `There is no team called "${n}". Teams: ${list(names, lang)}`),
  };
}

/**
 * A person (not a pool holder) by display name, among those the actor may see. Inactive people
 * are found too (so they can be re-activated or have their customers handed over).
 */
/** A Slack mention "<@U0123>" (or "<@U0123|name>") names a person by Slack id. */
const MENTION = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/;

export async function findPerson(db: Tx, actor: Actor, name: string, lang: Lang): Promise<Found<User>> {
  const n = cleanName(name);
  const scope = await visibleUserIds(db, actor);
  const where = { poolTeamId: null, ...(scope ? { id: { in: scope } } : {}) };
  const mention = n.match(MENTION);
  if (mention) {
    const u = await db.user.findFirst({ where: { ...where, slackUserId: mention[1] } });
    if (u) return { ok: true, value: u };
    return { ok: false, result: fail(lang === 'zh' ? `${n} 还没有注册，或不在你的团队范围内。` : `${n} is not registered or is outside your team.`) };
  }
  const exact = await db.user.findMany({ where: { ...where, displayName: n }, take: 3, orderBy: [{ active: 'desc' }, { createdAt: 'asc' }] });
  const active = exact.filter((u) => u.active);
  if (exact.length === 1) return { ok: true, value: exact[0] };
  if (active.length === 1) return { ok: true, value: active[0] };
  if (exact.length > 1) {
    return { ok: false, result: fail(lang === 'zh' ? `有不止一位“${n}”，请先用“人员”查看并改名区分。` : `More than one person is called "${n}"; rename one first (see "people").`) };
  }
  const loose = await db.user.findMany({ where: { ...where, displayName: { contains: escapeLike(n), mode: 'insensitive' } }, take: 2 });
  if (loose.length === 1) return { ok: true, value: loose[0] };
  const anywhere = scope ? await db.user.count({ where: { poolTeamId: null, displayName: n } }) : 0;
  if (anywhere) return { ok: false, result: fail(lang === 'zh' ? `“${n}”不在你的团队范围内。` : `"${n}" is outside your team.`) };
  return { ok: false, result: fail(lang === 'zh' ? `没有找到名为“${n}”的同事，请检查姓名（发送“人员”查看名单）。` : `There is nobody called "${n}" (send "people" for the list).`) };
}

/** Is there an active person by exactly this name the actor may see? (cheap pre-check for commands) */
export async function isVisiblePersonName(db: Tx, actor: Actor, name: string): Promise<boolean> {
  const scope = await visibleUserIds(db, actor);
  const n = cleanName(name);
  const mention = n.match(MENTION);
  const who = mention ? { slackUserId: mention[1] } : { displayName: n };
  return (await db.user.count({ where: { poolTeamId: null, ...who, ...(scope ? { id: { in: scope } } : {}) } })) > 0;
}
