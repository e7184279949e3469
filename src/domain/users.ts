// Users, platform identities and role scope. Scope is the single gate for every read and write
// that touches another person's data: rep -> self, manager -> own team tree and reports, admin -> all.
import type { Platform, Role, User } from '../generated/prisma/client.js';
import type { Tx } from './context.js';
import { langOf, type Lang } from './i18n.js';
import { escapeLike, pinyinSyllables } from './text.js';

export type PlatformName = 'CONSOLE' | 'WECOM' | 'SLACK' | 'CLI';

const ID_FIELD: Record<PlatformName, 'consoleName' | 'wecomUserId' | 'slackUserId'> = {
  CONSOLE: 'consoleName',
  CLI: 'consoleName',
  WECOM: 'wecomUserId',
  SLACK: 'slackUserId',
};

export function platformIdField(platform: PlatformName | Platform) {
  return ID_FIELD[platform as PlatformName];
}

export async function findUserByPlatformId(db: Tx, platform: PlatformName, platformId: string): Promise<User | null> {
  return db.user.findFirst({ where: { [platformIdField(platform)]: platformId, active: true } });
}

export function userLang(user: Pick<User, 'locale'>): Lang {
  return langOf(user.locale);
}

/**
 * How a colleague with a Chinese name is written in English: "李娜" → "Li Na" and "Lina", "王强" →
 * "Wang Qiang" and "Wangqiang" (toneless pinyin, pinyin-pro). Other names: none.
 */
export function romanizedNames(displayName: string): string[] {
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(displayName)) return [];
  const syllables = pinyinSyllables(displayName).map((x) => x.charAt(0).toUpperCase() + x.slice(1));
  const joined = syllables.join('');
  return [syllables.join(' '), joined.charAt(0) + joined.slice(1).toLowerCase()];
}

/** Display name lookup within what `viewer` may see (exact first, then unique prefix/contains, then in pinyin). */
export async function findVisibleUserByName(db: Tx, viewer: User, name: string): Promise<User | null> {
  const scope = await visibleUserIds(db, viewer);
  const where = scope ? { id: { in: scope } } : {};
  const exact = await db.user.findFirst({ where: { ...where, displayName: name } });
  if (exact) return exact;
  const fuzzy = await db.user.findMany({ where: { ...where, displayName: { contains: escapeLike(name), mode: 'insensitive' } }, take: 2 });
  if (fuzzy.length === 1) return fuzzy[0];
  if (!/^[A-Za-z][A-Za-z ]+$/.test(name)) return null;
  // "Lina", "Wang Qiang": a Chinese name written in English.
  const want = name.toLowerCase().replace(/\s+/g, ' ').trim();
  const people = await db.user.findMany({ where: { ...where, active: true }, take: 1000 });
  const hits = people.filter((u) => romanizedNames(u.displayName).some((r) => r.toLowerCase() === want));
  return hits.length === 1 ? hits[0] : null;
}

/** Does a user with this name exist at all (to tell "out of your scope" from "no such person")? */
export async function userNameExists(db: Tx, name: string): Promise<boolean> {
  return (await db.user.count({ where: { displayName: name } })) > 0;
}

/** Ids of a team and all its sub-teams. */
export async function teamTreeIds(db: Tx, rootTeamId: string): Promise<string[]> {
  const ids = [rootTeamId];
  let frontier = [rootTeamId];
  while (frontier.length) {
    const children = await db.team.findMany({ where: { parentId: { in: frontier } }, select: { id: true } });
    frontier = children.map((c) => c.id).filter((id) => !ids.includes(id));
    ids.push(...frontier);
  }
  return ids;
}

async function reportIds(db: Tx, managerId: string): Promise<string[]> {
  const ids: string[] = [];
  let frontier = [managerId];
  while (frontier.length) {
    const rows = await db.user.findMany({ where: { managerId: { in: frontier } }, select: { id: true } });
    frontier = rows.map((r) => r.id).filter((id) => id !== managerId && !ids.includes(id));
    ids.push(...frontier);
  }
  return ids;
}

/**
 * Ids of the users whose data `viewer` may see; null means everyone (admin).
 * A manager sees their team and its sub-teams, plus anyone reporting to them (recursively).
 */
export async function visibleUserIds(db: Tx, viewer: Pick<User, 'id' | 'role' | 'teamId'>): Promise<string[] | null> {
  if (viewer.role === 'ADMIN') return null;
  if (viewer.role === 'REP') return [viewer.id];
  const ids = new Set<string>([viewer.id, ...(await reportIds(db, viewer.id))]);
  if (viewer.teamId) {
    const teams = await teamTreeIds(db, viewer.teamId);
    const members = await db.user.findMany({ where: { teamId: { in: teams } }, select: { id: true } });
    for (const m of members) ids.add(m.id);
  }
  return [...ids];
}

export async function canSeeUser(db: Tx, viewer: Pick<User, 'id' | 'role' | 'teamId'>, targetUserId: string): Promise<boolean> {
  const scope = await visibleUserIds(db, viewer);
  return scope === null || scope.includes(targetUserId);
}

export function isRole(user: Pick<User, 'role'>, ...roles: Role[]): boolean {
  return roles.includes(user.role);
}
