// PGlite 0.4.3 hung for good (100 % CPU, no I/O, even JS timers stopped) in the statement that
// made the WAL written since the last checkpoint reach the point where a server requests one:
// ~530 MB by default, which a full-size bench data set or a big import in one long-lived process
// reaches. Fixed upstream in 0.4.4; package.json requires 0.4.6. This runs the minimal
// reproduction (scripts/bench/stall-wal.ts) with max_wal_size lowered to 64 MB, where 0.4.3 hangs
// in the third batch, in a child process with a deadline (a hang blocks the whole event loop, so
// it cannot be timed from inside), and checks the WAL went past that point.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('embedded database (PGlite) under WAL volume', () => {
  it('keeps writing past the point where a checkpoint is requested', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-wal-'));
    try {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/bench/stall-wal.ts', '--dir', path.join(dir, 'db'), '--max-wal-size', '64MB', '--mb', '10', '--batches', '6'],
        { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' },
      );
      expect(run.signal, `hung (killed after 120 s); output:\n${run.stdout}`).toBeNull();
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^done$/m);
      // 0.4.3 hung opening WAL segment 2 at this size; the last batch must be well past it.
      const segments = [...run.stdout.matchAll(/segment ([0-9A-F]{24})\)/g)].map((m) => parseInt(m[1].slice(16), 16));
      expect(segments).toHaveLength(6);
      expect(Math.max(...segments)).toBeGreaterThanOrEqual(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
