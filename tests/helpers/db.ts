// Test databases: an in-memory PGlite always, and a throw-away database on the real PostgreSQL
// server (TEST_DATABASE_URL, default 127.0.0.1:5432) when one is reachable. Every domain suite
// runs against both via `describe.each(testDatabases())`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/client.js';

export const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

let pgReachable: boolean | undefined;
export async function isPostgresReachable(): Promise<boolean> {
  if (pgReachable !== undefined) return pgReachable;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    pgReachable = true;
  } catch {
    pgReachable = false;
  } finally {
    await client.end().catch(() => {});
  }
  return pgReachable;
}

export interface TestDb extends Db {
  /** Drops the throw-away database (PostgreSQL) and closes connections. */
  destroy(): Promise<void>;
  /** PostgreSQL: the database's URL, for a second independent client. */
  url?: string;
}

export async function createPgliteDb(): Promise<TestDb> {
  const db = await openDb({ dataDir: ':memory:' });
  return Object.assign(db, { destroy: () => db.close() });
}

/** Creates an empty database on the test server; `drop()` removes it even with open connections. */
export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(prefix = 'sa_test'): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

export async function createPostgresDb(): Promise<TestDb> {
  const scratch = await createThrowawayDatabase();
  const db = await openDb({ databaseUrl: scratch.url });
  return Object.assign(db, {
    url: scratch.url,
    async destroy() {
      await db.close();
      await scratch.drop();
    },
  });
}

/** The database kinds to run a suite against: PGlite always, PostgreSQL when reachable. */
export async function testDatabases(): Promise<Array<{ kind: 'pglite' | 'postgres'; create: () => Promise<TestDb> }>> {
  const list: Array<{ kind: 'pglite' | 'postgres'; create: () => Promise<TestDb> }> = [{ kind: 'pglite', create: createPgliteDb }];
  if (process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable())) list.push({ kind: 'postgres', create: createPostgresDb });
  return list;
}

/** Empties every application table (keeps the migration history) so suites can share one database. */
export async function resetDb(db: Db): Promise<void> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ tablename: string }>>(
    `select tablename from pg_tables where schemaname = current_schema() and tablename <> '_prisma_migrations'`,
  );
  if (rows.length) await db.prisma.$executeRawUnsafe(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} cascade`);
}
