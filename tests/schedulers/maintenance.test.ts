// The embedded database has no autovacuum: the scheduler vacuums and analyses it once a night
// (db/maintenance.ts). Checked by what VACUUM ANALYZE leaves behind — planner statistics
// (pg_class.reltuples, -1 until a table is analysed) and the visibility map (relallvisible) —
// at 03:xx local time only, once per night; on PostgreSQL the tick leaves it to autovacuum.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/schedulers/index.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { RecordingChannel, dbPairs } from './helpers.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await dbPairs())('nightly database maintenance ($kind)', ({ kind, create }) => {
  const suite = useTestDb(create);

  const stats = async () =>
    (await suite.db.a.prisma.$queryRawUnsafe<Array<{ reltuples: number; relallvisible: number }>>(
      `SELECT reltuples::float8 AS reltuples, relallvisible::int AS relallvisible FROM pg_class WHERE relname = 'Team'`,
    ))[0];

  it('vacuums and analyses PGlite at 03:xx Shanghai time, once a night; never on PostgreSQL', async () => {
    await suite.db.a.prisma.$executeRawUnsafe(`INSERT INTO "Team"(id, name) SELECT 'mt' || i, '维护测试' || i FROM generate_series(1, 300) i`);
    const logs: string[] = [];
    const s = new Scheduler({ db: suite.db.a, outbound: new Outbound([new RecordingChannel()]), defaultTz: 'Asia/Shanghai', log: (l) => logs.push(l) });
    const before = await stats();

    await s.tick(new Date('2026-11-26T06:00:00Z')); // 14:00 Shanghai: not the hour
    // (PostgreSQL's own autovacuum may analyse meanwhile: compare on PGlite only.)
    if (kind === 'pglite') expect(await stats()).toEqual(before);

    await s.tick(new Date('2026-11-26T19:05:00Z')); // 03:05 Shanghai
    const after = await stats();
    if (kind === 'pglite') {
      expect(after.reltuples).toBeGreaterThanOrEqual(300);
      expect(after.relallvisible).toBeGreaterThan(0);
      expect(logs.filter((l) => l.startsWith('database maintenance'))).toHaveLength(1);
      // Later the same night: not again.
      await s.tick(new Date('2026-11-26T19:40:00Z'));
      expect(logs.filter((l) => l.startsWith('database maintenance'))).toHaveLength(1);
    } else {
      expect(logs.filter((l) => l.startsWith('database maintenance'))).toHaveLength(0);
    }
  });
});
