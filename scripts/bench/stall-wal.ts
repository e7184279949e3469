// Minimal reproduction of the PGlite hang behind the bench's "generation stalls at full size" —
// and behind any long-lived embedded process that writes ~530 MB of WAL (a big import). Kept so
// the bug is re-checked on every PGlite version: tests/db/pgliteWal.test.ts runs it.
// Plain PGlite, no Prisma, no schema: one table filled with WAL-heavy INSERT … SELECT batches.
// PGlite 0.4.3 (PostgreSQL 17.5, WASM) hangs for good — 100 % CPU, no I/O, stack in
// LWLockAcquire ← … ← XLogInsert ← heap_insert — in the batch that makes the WAL written since the
// last checkpoint reach CheckPointSegments − 1 segments, where a server would request a checkpoint
// (CheckPointSegments = max_wal_size / 16 MB / (1 + checkpoint_completion_target)):
//   default max_wal_size 1GB → hangs opening segment 0x21 (~530 MB of WAL), after batch 10 (~15 s);
//   --max-wal-size 64MB     → hangs at segment 2, after batch 2 with --mb 10 (~10 s, mostly initdb);
//   --max-wal-size 4GB      → hangs at segment 0x86 (~2.1 GB of WAL).
// The simple (--mode exec) and the extended protocol (--mode query) behave the same. With
// --checkpoint (a CHECKPOINT after every batch) it never hangs. A hung run is stopped with
// `kill PID` (SIGTERM); nothing in JS runs any more (timers included), the WASM loop blocks it.
//   node --import tsx scripts/bench/stall-wal.ts [--dir /tmp/stall-w] [--mb 50] [--batches 30]
//        [--mode exec|query] [--checkpoint] [--max-wal-size 64MB]
// The folder (--dir) is reused if it exists; remove it between runs.
// Fixed upstream in PGlite 0.4.4 (changelog: "Disable checkpointer"); package.json requires 0.4.6,
// on which the same runs finish.
import { PGlite } from '@electric-sql/pglite';

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const dir = arg('dir', '/tmp/stall-w');
const mb = Number(arg('mb', '50')); // ~MB of row data (and of WAL) per batch
const checkpoint = process.argv.includes('--checkpoint');
const mode = arg('mode', 'exec');
const maxWal = arg('max-wal-size', '');
const t0 = performance.now();
const pg = new PGlite({ dataDir: dir, ...(maxWal ? { startParams: [...PGlite.defaultStartParams, '-c', `max_wal_size=${maxWal}`] } : {}) });
await pg.waitReady;
for (const s of ['max_wal_size', 'checkpoint_completion_target', 'wal_segment_size', 'full_page_writes'])
  console.log(s, (await pg.query<Record<string, string>>(`SHOW ${s}`)).rows[0][s]);
console.log('last checkpoint', (await pg.query('SELECT redo_lsn::text, pg_walfile_name(redo_lsn) FROM pg_control_checkpoint()')).rows[0]);
await pg.exec('CREATE TABLE IF NOT EXISTS t(id int, x text)');
for (let b = 1; b <= Number(arg('batches', '30')); b++) {
  const t = performance.now();
  const sql = `INSERT INTO t SELECT i, repeat(md5(i::text), 30) FROM generate_series(1, ${mb * 1000}) i`;
  if (mode === 'exec') await pg.exec(sql);
  else await pg.query(sql);
  if (checkpoint) await pg.exec('CHECKPOINT');
  const w = (await pg.query<{ lsn: string; f: string }>('SELECT pg_current_wal_lsn()::text lsn, pg_walfile_name(pg_current_wal_lsn()) f')).rows[0];
  console.log(`batch ${b} ${((performance.now() - t) / 1000).toFixed(1)} s  wal ${w.lsn} (segment ${w.f})  total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
await pg.close();
console.log('done');
