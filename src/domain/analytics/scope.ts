// Who a question is about. Every analytics answer starts here: a rep sees only themself, a
// manager their team tree and reports, an admin everyone. Naming a person (张三这周…) or a team
// (一部本月排名) narrows the scope; naming someone outside it is refused, never answered.
import type { User } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { t, type Lang } from '../i18n.js';
import { escapeLike } from '../text.js';
import { findVisibleUserByName, teamTreeIds, userNameExists, visibleUserIds } from '../users.js';

export interface Scope {
  /** Users whose data is included; null = everyone (admin, no subject). */
  userIds: string[] | null;
  /** The person asked about, when the question named one. */
  person: Pick<User, 'id' | 'displayName'> | null;
  /** The team asked about, when the question named one. */
  team: { id: string; name: string } | null;
  /** Who the answer covers, for titles: 张三 / 一部 / 我的团队 / 全公司 / 我. */
  label: string;
}

export type ScopeResult = { ok: true; scope: Scope } | { ok: false; text: string };

export function noSuchPerson(lang: Lang, name: string): string {
  return lang === 'zh' ? `没有找到名为“${name}”的同事，请检查姓名。` : `There is nobody called "${name}". Please check the name.`;
}

/** Members of a team tree (active or not: their history still counts). */
export async function teamMemberIds(db: Tx, teamId: string): Promise<string[]> {
  const teams = await teamTreeIds(db, teamId);
  const rows = await db.user.findMany({ where: { teamId: { in: teams } }, select: { id: true } });
  return rows.map((r) => r.id);
}

function defaultLabel(viewer: Pick<User, 'role'>, lang: Lang): string {
  if (viewer.role === 'ADMIN') return lang === 'zh' ? '全公司' : 'Company';
  if (viewer.role === 'MANAGER') return lang === 'zh' ? '我的团队' : 'My team';
  return lang === 'zh' ? '我' : 'Me';
}

/** Can `viewer` see every member of the team? (Managers: only their own team tree.) */
async function canSeeTeam(db: Tx, viewer: Pick<User, 'id' | 'role' | 'teamId'>, teamId: string): Promise<boolean> {
  if (viewer.role === 'ADMIN') return true;
  if (viewer.role !== 'MANAGER' || !viewer.teamId) return false;
  return (await teamTreeIds(db, viewer.teamId)).includes(teamId);
}

export async function resolveScope(db: Tx, viewer: User, subject: string | null | undefined, lang: Lang): Promise<ScopeResult> {
  const name = subject?.trim();
  if (!name) return { ok: true, scope: { userIds: await visibleUserIds(db, viewer), person: null, team: null, label: defaultLabel(viewer, lang) } };
  const person = await findVisibleUserByName(db, viewer, name);
  if (person) return { ok: true, scope: { userIds: [person.id], person: { id: person.id, displayName: person.displayName }, team: null, label: person.displayName } };
  const team = await db.team.findUnique({ where: { name } });
  if (team) {
    if (!(await canSeeTeam(db, viewer, team.id))) return { ok: false, text: t(lang, 'forbidden') };
    return { ok: true, scope: { userIds: await teamMemberIds(db, team.id), person: null, team: { id: team.id, name: team.name }, label: team.name } };
  }
  if (await userNameExists(db, name)) return { ok: false, text: t(lang, 'forbidden') };
  // A partial name that matches someone only outside the scope is still refused, not "unknown".
  if ((await db.user.count({ where: { displayName: { contains: escapeLike(name), mode: 'insensitive' } } })) > 0) return { ok: false, text: t(lang, 'forbidden') };
  return { ok: false, text: noSuchPerson(lang, name) };
}
