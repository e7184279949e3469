// Command-line flags for `npm run bench`.
export type BenchPart = 'parser' | 'ingest' | 'queries' | 'report' | 'conflicts';
export type BenchDb = 'pglite' | 'postgres';

export interface BenchArgs {
  size: string;
  reps: number;
  customers: number;
  activities: number;
  /** Messages pushed through full ingest per database. */
  messages: number;
  /** Reps in the daily-report build (extra quiet reps are added when the data set has fewer). */
  reportReps: number;
  dbs: BenchDb[];
  only: Set<BenchPart>;
  explain: boolean;
  keep: boolean;
  adminUrl: string;
}

const SIZES: Record<string, { reps: number; customers: number; activities: number; messages: number }> = {
  tiny: { reps: 20, customers: 1_000, activities: 5_000, messages: 100 },
  small: { reps: 50, customers: 5_000, activities: 50_000, messages: 300 },
  medium: { reps: 200, customers: 20_000, activities: 200_000, messages: 500 },
  full: { reps: 200, customers: 50_000, activities: 1_000_000, messages: 1_000 },
};

export const USAGE = `npm run bench -- [options]
  --size tiny|small|medium|full   preset data size (default small; full = 200 reps, 50k customers, 1M activities)
  --reps N --customers N --activities N   explicit sizes (override the preset)
  --messages N                    messages through full ingest per database (default by size)
  --report-reps N                 reps in the daily report build (default 500)
  --db pglite|postgres|both       which databases (default both when PostgreSQL is reachable)
  --only parser,ingest,queries,report,conflicts   subset of the benchmarks (default all)
  --explain                       print EXPLAIN ANALYZE of the hot queries on the generated data
  --keep                          keep the PostgreSQL bench database / PGlite folder afterwards
  --admin-url URL                 PostgreSQL admin URL (default $BENCH_ADMIN_URL or postgres://postgres@127.0.0.1:5432/postgres)`;

export function parseArgs(argv: string[]): BenchArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${USAGE}`);
    const [k, inline] = a.slice(2).split('=', 2);
    if (['explain', 'keep', 'help'].includes(k)) flags.set(k, 'true');
    else flags.set(k, inline ?? argv[++i] ?? '');
  }
  if (flags.has('help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const size = flags.get('size') ?? 'small';
  const preset = SIZES[size];
  if (!preset) throw new Error(`unknown --size ${size} (tiny|small|medium|full)`);
  const int = (k: string, d: number) => {
    const v = flags.get(k);
    if (v === undefined) return d;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} must be a non-negative integer`);
    return n;
  };
  const db = flags.get('db') ?? 'both';
  if (!['pglite', 'postgres', 'both'].includes(db)) throw new Error('--db must be pglite, postgres or both');
  const parts: BenchPart[] = ['parser', 'ingest', 'queries', 'report', 'conflicts'];
  const only = new Set((flags.get('only') ?? parts.join(',')).split(',').map((s) => s.trim()).filter(Boolean) as BenchPart[]);
  for (const p of only) if (!parts.includes(p)) throw new Error(`unknown part in --only: ${p}`);
  return {
    size,
    reps: Math.max(2, int('reps', preset.reps)),
    customers: Math.max(10, int('customers', preset.customers)),
    activities: int('activities', preset.activities),
    messages: int('messages', preset.messages),
    reportReps: int('report-reps', 500),
    dbs: db === 'both' ? ['pglite', 'postgres'] : [db as BenchDb],
    only,
    explain: flags.has('explain'),
    keep: flags.has('keep'),
    adminUrl: flags.get('admin-url') || process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}
