// A bot process SIGKILLed while a message's transaction is open (every row written, nothing
// committed) must leave no trace, and the platform's redelivery of the same message id must
// then create everything exactly once. Run on a real PostgreSQL server and on a PGlite folder.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { isPostgresReachable } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { HANG_EXTERNAL_ID, HANG_SENDER, HANG_TEXT, hangParser } from './fixtures/hangMessage.js';
import { startFixture, killHard } from './childProcess.js';
import { adminQuery, createOrg, createScratchPg, type ScratchPg } from './helpers.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hang-ingest.ts');

/** Starts the fixture and resolves once it reports being inside the open transaction. */
async function startHangingChild(env: Record<string, string>): Promise<{ child: ChildProcess; seen: number }> {
  const { child, match } = await startFixture(FIXTURE, env, /IN_TX (\d+)/, 'the hanging ingest');
  return { child, seen: Number(match[1]) };
}

async function redeliverAndCheck(db: Db) {
  const bot = new SalesAssistant(makeContext(db.prisma), { parser: hangParser(), log: () => {} });
  const msg = { platform: 'WECOM' as const, externalId: HANG_EXTERNAL_ID, senderId: HANG_SENDER, text: HANG_TEXT };
  const first = await bot.handleMessage(msg);
  expect(first.outcome).toBe('APPLIED');
  expect(first.duplicate).toBe(false);
  const again = await bot.handleMessage(msg);
  expect(again.duplicate).toBe(true);
  const c = await counts(db.prisma);
  expect([c.customers, c.contacts, c.opportunities, c.activities, c.tasks, c.inbound]).toEqual([1, 1, 1, 1, 1, 1]);
}

const pgAvailable = process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable());

describe.skipIf(!pgAvailable)('SIGKILL mid-ingest on PostgreSQL', () => {
  let scratch: ScratchPg | undefined;
  afterAll(async () => scratch?.drop());

  it('leaves no partial rows, and the redelivered message is stored exactly once', async () => {
    scratch = await createScratchPg();
    const setup = await openDb({ databaseUrl: scratch.url });
    await createOrg(setup.prisma);
    await setup.close();

    const { child, seen } = await startHangingChild({ DATABASE_URL: scratch.url });
    expect(seen).toBe(1); // the activity row exists inside the child's open transaction
    const open = await adminQuery<{ n: number }>(`select count(*)::int n from pg_stat_activity where datname = $1 and state like 'idle in transaction%'`, [scratch.name]);
    expect(open[0].n).toBeGreaterThanOrEqual(1);
    await killHard(child);

    // The server notices the dead client and rolls its transaction back.
    for (let i = 0; i < 100; i++) {
      const rows = await adminQuery<{ n: number }>(`select count(*)::int n from pg_stat_activity where datname = $1 and state like 'idle in transaction%'`, [scratch.name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const db = await openDb({ databaseUrl: scratch.url, migrate: false });
    try {
      const c = await counts(db.prisma);
      expect([c.customers, c.contacts, c.opportunities, c.stageChanges, c.activities, c.tasks, c.inbound]).toEqual([0, 0, 0, 0, 0, 0, 0]);
      await redeliverAndCheck(db);
    } finally {
      await db.close();
    }
  });
});

describe('SIGKILL mid-ingest on a PGlite data folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-kill-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reopens the folder after the kill with no partial rows, and redelivery stores once', async () => {
    const setup = await openDb({ dataDir: dir });
    await createOrg(setup.prisma);
    await setup.close();

    const { child, seen } = await startHangingChild({ DATA_DIR: dir, DATABASE_URL: '' });
    expect(seen).toBe(1);
    await killHard(child);

    const db = await openDb({ dataDir: dir });
    try {
      const c = await counts(db.prisma);
      expect([c.customers, c.contacts, c.opportunities, c.stageChanges, c.activities, c.tasks, c.inbound]).toEqual([0, 0, 0, 0, 0, 0, 0]);
      await redeliverAndCheck(db);
    } finally {
      await db.close();
    }
  });
});
