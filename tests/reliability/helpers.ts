// Shared bits for the reliability and security suites: throw-away PostgreSQL databases whose URL
// the test can hand to child processes and proxies, and a small organisation with platform ids.
import pg from 'pg';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { ADMIN_URL, createThrowawayDatabase, type ThrowawayDatabase } from '../helpers/db.js';

export type ScratchPg = ThrowawayDatabase;

/** Creates an empty database on the local server (no migrations applied yet). */
export function createScratchPg(prefix = 'sa_rel'): Promise<ScratchPg> {
  return createThrowawayDatabase(prefix);
}

/** Runs one query as the admin user (for pg_stat_activity checks). */
export async function adminQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const a = new pg.Client({ connectionString: ADMIN_URL });
  await a.connect();
  try {
    return (await a.query<T>(sql, params)).rows;
  } finally {
    await a.end();
  }
}

export interface Org {
  teamA: string;
  teamB: string;
  reps: Array<{ id: string; wecom: string; name: string }>;
  managerA: { id: string; wecom: string };
}

/** Team A (manager + `repsA` reps) and team B (`repsB` reps); every user has a WeCom id wx-… */
export async function createOrg(prisma: PrismaClient, repsA = 2, repsB = 1): Promise<Org> {
  const a = await prisma.team.create({ data: { name: 'A组' } });
  const b = await prisma.team.create({ data: { name: 'B组' } });
  const mgr = await prisma.user.create({ data: { displayName: 'A经理', role: 'MANAGER', teamId: a.id, wecomUserId: 'wx-mgr-a', consoleName: 'mgr-a' } });
  const reps: Org['reps'] = [];
  for (let i = 0; i < repsA + repsB; i++) {
    const inA = i < repsA;
    const u = await prisma.user.create({
      data: {
        displayName: `销售${i}`,
        role: 'REP',
        teamId: inA ? a.id : b.id,
        managerId: inA ? mgr.id : null,
        wecomUserId: i === 0 ? 'wx-rep' : `wx-rep-${i}`,
        consoleName: `rep-${i}`,
      },
    });
    reps.push({ id: u.id, wecom: u.wecomUserId!, name: u.displayName });
  }
  return { teamA: a.id, teamB: b.id, reps, managerA: { id: mgr.id, wecom: 'wx-mgr-a' } };
}
