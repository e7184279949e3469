// The migration history is the only way schema reaches a database: it must apply cleanly on
// both engines, be idempotent, and match prisma/schema.prisma (a forgotten migration fails here).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, loadMigrationList } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/client.js';
import { createThrowawayDatabase, isPostgresReachable, testDatabases, type TestDb } from '../helpers/db.js';

const run = promisify(execFile);

describe.each(await testDatabases())('migrations on $kind', ({ create }) => {
  let db: TestDb;
  afterAll(async () => db?.destroy());

  it('applies every migration once and is a no-op the second time', async () => {
    db = await create(); // openDb applies pending migrations
    const names = loadMigrationList().migrationDirectories.map((d) => d.path);
    expect(names.length).toBeGreaterThan(0);
    const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string; finished_at: Date | null }>>(
      'select migration_name, finished_at from _prisma_migrations order by migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    expect(await applyMigrations(db.adapterFactory)).toEqual([]);
  });
});

describe.runIf(await isPostgresReachable())('instances starting together on PostgreSQL', () => {
  it('a second instance opening right after the first does not wait for its migration lock', async () => {
    const scratch = await createThrowawayDatabase('sa_test_start');
    const first = await openDb({ databaseUrl: scratch.url });
    try {
      const t0 = Date.now();
      const second = await openDb({ databaseUrl: scratch.url });
      // The lock used to stay on the first pool's idle connection until pg's 10 s idle timeout.
      expect(Date.now() - t0).toBeLessThan(5000);
      await second.close();
    } finally {
      await first.close();
      await scratch.drop();
    }
  });
});

describe('schema drift', () => {
  it('prisma/schema.prisma and prisma/migrations describe the same database', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', 'status'], { cwd: path.resolve(__dirname, '../..') });
    expect(stdout).toContain('schema and migrations agree');
  }, 120_000);
});
