// The 公海 of a team is held by one placeholder User (poolTeamId = team id, never active, no
// platform ids). Customer.ownerId stays required, so every existing query keeps working: a
// rep's own lists never include pool customers, a manager's team scope does, and 撞单 checks
// report "公海·华东一部" as the holder. Pushes skip it because it is inactive.
import type { Team, User } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';

export function poolHolderName(teamName: string): string {
  return `公海·${teamName}`;
}

/** The team's pool holder, created on first use (concurrent creators meet on the unique key). */
export async function poolHolder(db: Tx, team: Pick<Team, 'id' | 'name' | 'locale'>): Promise<User> {
  const existing = await db.user.findUnique({ where: { poolTeamId: team.id } });
  if (existing) return existing;
  await db.user.createMany({
    data: [{ displayName: poolHolderName(team.name), role: 'REP', active: false, teamId: team.id, poolTeamId: team.id, locale: team.locale }],
    skipDuplicates: true,
  });
  return db.user.findUniqueOrThrow({ where: { poolTeamId: team.id } });
}

export function isPoolHolder(u: Pick<User, 'poolTeamId'>): boolean {
  return u.poolTeamId !== null;
}
