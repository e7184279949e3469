// Shared bits for the reliability and security suites: throw-away PostgreSQL databases whose URL
// the test can hand to child processes and proxies, and a small organisation with platform ids.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { ADMIN_URL } from '../helpers/db.js';

export interface ScratchPg {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the local server (no migrations applied yet). */
export async function createScratchPg(prefix = 'sa_rel'): Promise<ScratchPg> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
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
