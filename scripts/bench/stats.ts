// Timing helpers for the benchmark: percentiles over per-call latencies, and a runner that
// calls a function until it has both a minimum number of samples and a minimum wall time.
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Timing {
  n: number;
  totalMs: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[], totalMs = samples.reduce((a, b) => a + b, 0)): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, totalMs, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), mean: totalMs / Math.max(1, s.length) };
}

/** Runs `fn` (after `warmup` untimed calls) at least `minRuns` times and for at least `minMs`. */
export async function measure(fn: (i: number) => Promise<unknown>, opts: { minRuns?: number; maxRuns?: number; minMs?: number; warmup?: number } = {}): Promise<Timing> {
  const { minRuns = 10, maxRuns = 1000, minMs = 500, warmup = 2 } = opts;
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < maxRuns && (i < minRuns || performance.now() - start < minMs); i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples, performance.now() - start);
}

export const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '—');
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '—');
