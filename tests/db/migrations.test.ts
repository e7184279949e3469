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

describe.each(await testDatabases({ byMigrating: true }))('migrations on $kind', ({ create }) => {
  let db: TestDb;
  afterAll(async () => db?.destroy());

  it('applies every migration once and is a no-op the second time', async () => {
    db = await create(); // openDb applies pending migrations (byMigrating: not a copy of a migrated one)
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

describe('the one-open-deal migration on a database that already has duplicates', () => {
  it('merges duplicate open deals into the latest one (children re-pointed) before adding the unique index', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { readFileSync } = await import('node:fs');
    const list = loadMigrationList().migrationDirectories.map((d) => d.path);
    const mine = list.findIndex((n) => n.endsWith('_reliability_inbox_outbox_unique_open_deal'));
    expect(mine).toBeGreaterThan(0);
    const sql = (name: string) => readFileSync(path.resolve(__dirname, '../../prisma/migrations', name, 'migration.sql'), 'utf8');
    const pg = new PGlite();
    try {
      for (const name of list.slice(0, mine)) await pg.exec(sql(name));
      // Two racing messages left two open deals for one customer and owner (the old bug), plus a won one.
      await pg.exec(`
        insert into "User"(id, "displayName") values ('u1', '销售');
        insert into "Customer"(id, name, "normalizedName", "ownerId", "updatedAt") values ('c1', '双开客户', '双开客户', 'u1', now());
        insert into "Opportunity"(id, "customerId", "ownerId", title, stage, status, "updatedAt") values
          ('o-old', 'c1', 'u1', 'x', 'QUOTATION', 'OPEN', now() - interval '1 hour'),
          ('o-new', 'c1', 'u1', 'x', 'NEGOTIATION', 'OPEN', now()),
          ('o-won', 'c1', 'u1', 'x', 'WON', 'WON', now() - interval '1 day');
        insert into "Activity"(id, type, "occurredAt", summary, "rawText", "authorId", "customerId", "opportunityId") values ('a1', 'VISIT', now(), 's', 'r', 'u1', 'c1', 'o-old');
        insert into "StageChange"(id, "opportunityId", "toStage") values ('s1', 'o-old', 'QUOTATION');`);
      await pg.exec(sql(list[mine]));
      const opps = await pg.query<{ id: string; status: string }>(`select id, status from "Opportunity" order by id`);
      expect(opps.rows).toEqual([{ id: 'o-new', status: 'OPEN' }, { id: 'o-won', status: 'WON' }]);
      expect((await pg.query<{ o: string }>(`select "opportunityId" o from "Activity"`)).rows).toEqual([{ o: 'o-new' }]);
      expect((await pg.query<{ o: string }>(`select "opportunityId" o from "StageChange"`)).rows).toEqual([{ o: 'o-new' }]);
      await expect(pg.exec(`insert into "Opportunity"(id, "customerId", "ownerId", title, stage, status, "updatedAt") values ('o-3', 'c1', 'u1', 'x', 'PROPOSAL', 'OPEN', now())`)).rejects.toThrow(/duplicate key|unique/i);
    } finally {
      await pg.close();
    }
  });
});
