// The database set-up every database suite shares, written once instead of copied into each
// file: one database per suite (created before its first test, destroyed after its last),
// optionally emptied before each test, and optionally given the createWorld organisation.
//
//   describe.each(await testDatabases())('… on $kind', ({ create }) => {
//     const suite = useTestDb(create, { world: true });
//     it('…', async () => { await suite.db.prisma.customer.create({ data: { …, ownerId: suite.world.rep.id } }); });
//   });
//
// It registers beforeAll/afterAll/beforeEach in the describe it is called in (or the file, at top
// level). Vitest runs before-hooks in the order they were registered and after-hooks in reverse,
// so a suite's own hooks registered after the call run once the database exists / is emptied and
// finish before it is destroyed.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { DbPair } from '../schedulers/helpers.js';
import { resetDb, type TestDb } from './db.js';
import { createWorld, type World } from './world.js';

export interface SuiteDbOptions {
  /** Empty every table before each test (resetDb). */
  reset?: boolean;
  /** Empty every table and create the createWorld organisation before each test (implies reset). */
  world?: boolean;
  /** With reset or world: runs before each reset, to stop what could still write (a server, an inbox). */
  beforeReset?: () => unknown;
}

export interface SuiteDb<D> {
  /** The suite's database: a TestDb, or a DbPair (reset and given the world through its `a`). */
  readonly db: D;
  /** The createWorld organisation of the current test (`world: true` only). */
  readonly world: World;
}

export function useTestDb<D extends TestDb | DbPair>(create: () => Promise<D>, opts: SuiteDbOptions = {}): SuiteDb<D> {
  let db: D | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  if (opts.reset || opts.world) {
    beforeEach(async () => {
      await opts.beforeReset?.();
      const d: TestDb | DbPair = suite.db;
      const main: Db = 'a' in d ? d.a : d;
      await resetDb(main);
      if (opts.world) world = await createWorld(main.prisma);
    });
  }
  const suite: SuiteDb<D> = {
    get db() {
      if (!db) throw new Error('useTestDb: the database is created in beforeAll');
      return db;
    },
    get world() {
      if (!opts.world) throw new Error('useTestDb: pass { world: true } for a world');
      if (!world) throw new Error('useTestDb: the world is created in beforeEach');
      return world;
    },
  };
  return suite;
}
