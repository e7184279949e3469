// One entry point for the database: PGlite (embedded Postgres in WASM, the zero-setup default)
// or a real PostgreSQL server when DATABASE_URL is set. Both go through a Prisma driver adapter,
// so every service and every migration runs the same SQL on either.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrate.js';
import { newPglite, PrismaPGliteWithExtensions } from './pglite.js';
import { statementNamer } from './statementNames.js';
import { withPreparedStatements } from './pglitePrepared.js';

export type DbKind = 'pglite' | 'postgres';

export interface DbOptions {
  /** postgres://… selects a real server; otherwise PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; ':memory:' keeps everything in memory (tests). */
  dataDir?: string;
  /**
   * PGlite: start from this `dumpDataDir()` tarball instead of an empty database (the tests copy
   * one migrated database instead of migrating each; tests/helpers/db.ts). Not for a data folder
   * that already holds a database.
   */
  pgliteDump?: Blob;
  /** Apply pending migrations on open (default true, or DB_MIGRATE_ON_START=false). */
  migrate?: boolean;
  log?: (line: string) => void;
}

export interface Db {
  prisma: PrismaClient;
  kind: DbKind;
  /** The adapter factory, for the schema engine and for raw access in benchmarks. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Human-readable location, for logs (never includes a password). */
  describe: string;
  close(): Promise<void>;
}

const PGLITE_OPEN_TIMEOUT_MS = 60_000;

/**
 * Every session searches trigrams (`%`, the 撞单 near-miss search) at the 撞单 threshold
 * (src/domain/conflictRules.ts SIMILARITY_THRESHOLD) instead of pg_trgm's default 0.3: the index
 * then returns only names sharing enough trigrams, not every name with the same trade word. The
 * query re-checks the threshold itself, so this setting is about speed, never correctness.
 */
const TRIGRAM_THRESHOLD_SETTING = 'pg_trgm.similarity_threshold=0.4';
// plan_cache_mode stays PostgreSQL's default (auto): only a message's own statements are prepared
// (statementNames.ts), and a generic plan suits those; the rest is planned for its values each run.

export function dbOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DbOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './data',
    migrate: env.DB_MIGRATE_ON_START !== 'false',
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

async function openPglite(dataDir: string, dump?: Blob): Promise<PGlite> {
  const inMemory = dataDir === ':memory:';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = newPglite(inMemory ? undefined : path.resolve(dataDir), dump);
  // A data folder held by another process can make PGlite hang silently: fail loudly instead.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Opening the embedded database in ${dataDir} timed out after ${PGLITE_OPEN_TIMEOUT_MS / 1000}s. ` +
              'Is another process (a second `npm start`?) using the same DATA_DIR? Stop it or choose another DATA_DIR.',
          ),
        ),
      PGLITE_OPEN_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([client.waitReady, timeout]);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/**
 * On PostgreSQL the schema engine holds a session advisory lock while migrating and does not
 * release it; on a pooled connection that lock would outlive the migration until the idle
 * connection is closed, stalling every other instance starting meanwhile. So migrations get a
 * one-connection pool of their own, closed (lock released) as soon as they are done.
 */
export async function migrateWith(target: string | SqlMigrationAwareDriverAdapterFactory, log?: (line: string) => void): Promise<string[]> {
  if (typeof target !== 'string') return applyMigrations(target, log);
  const pool = new pg.Pool({ connectionString: target, max: 1 });
  try {
    return await applyMigrations(wholeScripts(new PrismaPg(pool), pool), log);
  } finally {
    await pool.end();
  }
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on every ";" — also the ones inside a
 * dollar-quoted PL/pgSQL body — so a migration defining a function or trigger would fail on
 * PostgreSQL (PGlite gets the script whole). Here the script goes to the server in one piece
 * (simple query protocol: the statements run in one implicit transaction, so a failing migration
 * leaves nothing half-applied).
 */
function wholeScripts(factory: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const whole = async <T extends { executeScript(script: string): Promise<void> }>(adapter: T): Promise<T> => {
    const onError = (adapter as unknown as { onError?: (e: unknown) => never }).onError?.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (e) {
        if (onError) onError(e);
        throw e;
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => whole(await factory.connect()),
    connectToShadowDb: async () => factory.connectToShadowDb(),
  };
}

export async function openDb(options: DbOptions = dbOptionsFromEnv()): Promise<Db> {
  const { databaseUrl, dataDir = './data', pgliteDump, migrate = true, log = () => {} } = options;
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  let kind: DbKind;
  let describe: string;
  let closeDriver: () => Promise<void>;

  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pg = new PrismaPg({ connectionString: databaseUrl, max: Number(process.env.DB_POOL_SIZE || 10), options: `-c ${TRIGRAM_THRESHOLD_SETTING}` }, { statementNameGenerator: statementNamer() });
    adapterFactory = pg;
    kind = 'postgres';
    describe = redactUrl(databaseUrl);
    closeDriver = async () => {};
  } else {
    if (databaseUrl) throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${redactUrl(databaseUrl)}")`);
    const client = await openPglite(dataDir, pgliteDump);
    await client.exec(`SET ${TRIGRAM_THRESHOLD_SETTING}`);
    adapterFactory = new PrismaPGliteWithExtensions(withPreparedStatements(client) as PGlite);
    kind = 'pglite';
    describe = dataDir === ':memory:' ? 'PGlite (in memory)' : `PGlite (${path.resolve(dataDir)})`;
    closeDriver = () => client.close();
  }

  if (migrate) {
    const applied = await migrateWith(kind === 'postgres' ? databaseUrl! : adapterFactory, process.env.SA_DEBUG_ENGINE ? log : undefined);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  }

  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    prisma,
    kind,
    adapterFactory,
    describe,
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}
