// Test databases: an in-memory PGlite always, and a throw-away database on the real PostgreSQL
// server (TEST_DATABASE_URL, default 127.0.0.1:5432) when one is reachable. Every domain suite
// runs against both via `describe.each(testDatabases())`.
//
// Each suite still gets its own empty, fully migrated database, but the migrations run once per
// migration set instead of once per database (booting the schema engine and applying every
// migration was most of a database's cost, and most of the suite's):
// - PostgreSQL: one template database per migration set, sa_tmpl_<hash of prisma/migrations>,
//   built once (under an advisory lock, under a temporary name renamed when complete) and copied
//   with CREATE DATABASE … TEMPLATE. It takes no connections, so a copy never sees one. Templates
//   are left on the server for the next run; one of another migration set is dropped when a new
//   one is built.
// - PGlite: the data folder of one migrated database (dumpDataDir), cached in os.tmpdir() under
//   the same hash and the PGlite version (written atomically), loaded into each new in-memory
//   database instead of running initdb and the migrations.
// Suites about migrating itself use `testDatabases({ byMigrating: true })` / `*ByMigrating`.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateWith, openDb, type Db } from '../../src/db/client.js';
import { loadMigrationList } from '../../src/db/migrate.js';
import { newPglite, PrismaPGliteWithExtensions } from '../../src/db/pglite.js';

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

/** The migration history's contents (names and SQL, not where the folder is): one template per set. */
export function migrationsHash(): string {
  const list = loadMigrationList();
  const json = JSON.stringify({ lock: list.lockfile.content, migrations: list.migrationDirectories });
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

/** A new in-memory PGlite, migrated the way the app does it (openDb). */
export async function createPgliteDbByMigrating(): Promise<TestDb> {
  const db = await openDb({ dataDir: ':memory:' });
  return Object.assign(db, { destroy: () => db.close() });
}

let pgliteDump: Promise<Blob> | undefined;

/** The data folder of a migrated PGlite database: from the cache file, or made (and cached) now. */
function migratedPgliteDump(): Promise<Blob> {
  pgliteDump ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkg = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
    const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
    const dir = path.join(os.tmpdir(), 'sales-assistant-test-db');
    const file = path.join(dir, `pglite-${version}-${migrationsHash()}.tar`);
    try {
      return new Blob([readFileSync(file)]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const client = newPglite();
    const factory = new PrismaPGliteWithExtensions(client);
    try {
      await client.waitReady;
      await migrateWith(factory);
      await client.exec('CHECKPOINT');
      const dump = await client.dumpDataDir('none');
      const bytes = new Uint8Array(await dump.arrayBuffer());
      // Parallel workers may all build it: each writes its own file and renames it into place.
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      return new Blob([bytes]);
    } finally {
      await factory.closeShadows();
      await client.close();
    }
  })();
  pgliteDump.catch(() => (pgliteDump = undefined));
  return pgliteDump;
}

/** A new in-memory PGlite holding an empty, fully migrated database (a copy of one migrated once). */
export async function createPgliteDb(): Promise<TestDb> {
  const db = await openDb({ dataDir: ':memory:', pgliteDump: await migratedPgliteDump(), migrate: false });
  return Object.assign(db, { destroy: () => db.close() });
}

/** Creates an empty database on the test server; `drop()` removes it even with open connections. */
export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end().catch(() => {});
  }
}

const TEMPLATE_PREFIX = 'sa_tmpl_';
/** pg_advisory_lock key held while a template is built or dropped (any migration set). */
const TEMPLATE_LOCK = 0x5a_7e_6d_70;

let template: Promise<string> | undefined;

/**
 * The name of the migrated template database of the current migration set, built if missing.
 * Parallel workers (and other checkouts on the same server) serialise on an advisory lock; the
 * template is migrated under a temporary name and renamed when complete, so its final name never
 * shows a half-migrated database, and it refuses connections (a copy needs none to the source).
 */
function migratedTemplate(): Promise<string> {
  template ??= withAdmin(async (admin) => {
    const name = `${TEMPLATE_PREFIX}${migrationsHash()}`;
    const exists = async () => (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (await exists()) return name;
      const others = (await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'sa\_tmpl\_%' and datname <> $1`, [name])).rows;
      for (const { datname } of others) {
        // A stale build (its builder died: we hold the lock) or the template of another migration
        // set. A checkout still using that one rebuilds it when its copy finds it gone.
        await admin.query(`alter database "${datname}" with is_template false`).catch(() => {});
        await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
      }
      const build = `${name}_build_${process.pid}`;
      await admin.query(`create database "${build}"`);
      try {
        await migrateWith(urlOf(build));
        await admin.query(`alter database "${build}" with is_template true allow_connections false`);
        await admin.query(`alter database "${build}" rename to "${name}"`);
      } catch (e) {
        await admin.query(`drop database if exists "${build}" with (force)`).catch(() => {});
        throw e;
      }
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  template.catch(() => (template = undefined));
  return template;
}

/**
 * Creates an empty database on the test server; `drop()` removes it even with open connections.
 * `migrated: true` makes it a copy of the migrated template (every migration applied) instead.
 */
export async function createThrowawayDatabase(prefix = 'sa_test', opts: { migrated?: boolean } = {}): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    if (!opts.migrated) {
      await admin.query(`create database "${name}"`);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const source = await migratedTemplate();
      try {
        await admin.query(`create database "${name}" template "${source}"`);
        return;
      } catch (e) {
        // Dropped meanwhile by a checkout with other migrations (3D000), or being dropped (55006).
        const code = (e as { code?: string }).code;
        if (attempt >= 3 || (code !== '3D000' && code !== '55006')) throw e;
        template = undefined;
      }
    }
  });
  const url = urlOf(name);
  return {
    name,
    url,
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

async function postgresDb(migrated: boolean): Promise<TestDb> {
  const scratch = await createThrowawayDatabase('sa_test', { migrated });
  const db = await openDb({ databaseUrl: scratch.url, migrate: !migrated });
  return Object.assign(db, {
    url: scratch.url,
    async destroy() {
      await db.close();
      await scratch.drop();
    },
  });
}

/** A new database on the test server holding every migration (a copy of the migrated template). */
export function createPostgresDb(): Promise<TestDb> {
  return postgresDb(true);
}

/** A new empty database on the test server, migrated the way the app does it (openDb). */
export function createPostgresDbByMigrating(): Promise<TestDb> {
  return postgresDb(false);
}

/**
 * The database kinds to run a suite against: PGlite always, PostgreSQL when reachable.
 * `byMigrating`: each database is migrated by openDb itself (for suites about migrating).
 */
export async function testDatabases(opts: { byMigrating?: boolean } = {}): Promise<Array<{ kind: 'pglite' | 'postgres'; create: () => Promise<TestDb> }>> {
  const list: Array<{ kind: 'pglite' | 'postgres'; create: () => Promise<TestDb> }> = [
    { kind: 'pglite', create: opts.byMigrating ? createPgliteDbByMigrating : createPgliteDb },
  ];
  if (process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable())) {
    list.push({ kind: 'postgres', create: opts.byMigrating ? createPostgresDbByMigrating : createPostgresDb });
  }
  return list;
}

/**
 * Empties every application table (keeps the migration history) so suites can share one database.
 * DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE gives each of the ~25 tables new
 * storage — ~200 ms a test on PostgreSQL against ~5 ms. Foreign keys and triggers are off for
 * the statement (session_replication_role = replica, this transaction only), so the order does
 * not matter and every table ends up empty, trigger-maintained ones included.
 */
export async function resetDb(db: Db): Promise<void> {
  await db.prisma.$executeRawUnsafe(`DO $$
DECLARE t text;
BEGIN
  PERFORM set_config('session_replication_role', 'replica', true);
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' LOOP
    EXECUTE format('DELETE FROM %I', t);
  END LOOP;
END $$`);
}
