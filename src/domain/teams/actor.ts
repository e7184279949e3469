// Who performs a team/ownership/pool operation: a chat user, or the CLI operator (an admin that
// is no row in User). Every operation in src/domain/teams, ownership and pool takes an Actor, so
// chat and CLI share one implementation and one permission check.
import type { Role, User } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import { teamTreeIds } from '../users.js';

export interface Actor {
  /** User id; '' for the CLI operator. */
  id: string;
  role: Role;
  teamId: string | null;
  displayName: string;
}

export const CLI_ACTOR: Actor = { id: '', role: 'ADMIN', teamId: null, displayName: 'CLI' };

/** The actor id to store (CustomerEvent.actorId): null for the CLI. */
export function actorIdOf(a: Actor): string | null {
  return a.id || null;
}

export function actorOf(u: Pick<User, 'id' | 'role' | 'teamId' | 'displayName'>): Actor {
  return { id: u.id, role: u.role, teamId: u.teamId, displayName: u.displayName };
}

/** The result of an operation, already worded for the actor. */
export interface OpResult {
  ok: boolean;
  text: string;
}

export const ok = (text: string): OpResult => ({ ok: true, text });
export const fail = (text: string): OpResult => ({ ok: false, text });

export function onlyAdmin(lang: Lang): OpResult {
  return fail(lang === 'zh' ? '只有管理员可以这样做。' : 'Only an admin can do that.');
}

/** Admins manage every team; a manager manages their own team and its sub-teams. */
export async function canManageTeam(db: Tx, actor: Actor, teamId: string): Promise<boolean> {
  if (actor.role === 'ADMIN') return true;
  if (actor.role !== 'MANAGER' || !actor.teamId) return false;
  return (await teamTreeIds(db, actor.teamId)).includes(teamId);
}
