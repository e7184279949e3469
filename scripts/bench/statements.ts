// Statements per ingested message: runs N messages of the bench corpus (scripts/bench/corpus.ts)
// through the assistant against a throwaway PostgreSQL database with a small generated data set,
// counting every statement the `pg` driver sends (BEGIN and COMMIT included), per outcome and by
// statement. The figure behind "statements per message" in docs/benchmarks.md (issue 15).
//
//   npx tsx scripts/bench/statements.ts [N=300] [--show K]   (PostgreSQL at BENCH_ADMIN_URL, default local)
import pg from 'pg';

const sent: string[] = [];
// Wall time of each statement (send → result), same index as `sent`.
const took: number[] = [];
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  const q = a[0] as string | { text?: string };
  const i = sent.push(typeof q === 'string' ? q : q?.text ?? '') - 1;
  const t0 = performance.now();
  took[i] = 0;
  const r = query.apply(this, a);
  if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(() => (took[i] = performance.now() - t0), () => (took[i] = performance.now() - t0));
  return r;
};

const { openDb } = await import('../../src/db/client.js');
const { SalesAssistant } = await import('../../src/domain/assistant.js');
const { makeContext } = await import('../../src/domain/context.js');
const { parseAmountText } = await import('../../src/intents/amountText.js');
const { ruleParser } = await import('../../src/intents/rules/index.js');
const { makeMessages } = await import('./corpus.js');
const { generate } = await import('./data.js');

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 300);
const show = args.includes('--show') ? Number(args[args.indexOf('--show') + 1] ?? 3) : 0;
const adminUrl = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `sa_statements_${process.pid}_${Date.now().toString(36)}`;
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
await admin(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDb({ databaseUrl: url.toString() });
try {
  const now = new Date('2026-11-20T06:00:00Z');
  const reps = 20;
  const customers = 1000;
  await generate(db.prisma, { reps, customers, activities: 5000, now }, () => {});
  const bot = new SalesAssistant(makeContext(db.prisma, { now: () => now, timezone: 'Asia/Shanghai' }), { parser: ruleParser, parseAmount: parseAmountText, log: () => {} });
  const msgs = makeMessages(N, reps, customers, 22);
  const perOutcome = new Map<string, number[]>();
  const byStatement = new Map<string, number>();
  const msBy = new Map<string, number>();
  let wall = 0;
  for (const [i, m] of msgs.entries()) {
    const from = sent.length;
    const t0 = performance.now();
    const r = await bot.handleMessage({ platform: 'WECOM', externalId: `st-${i}`, senderId: m.senderId, text: m.text });
    wall += performance.now() - t0;
    perOutcome.set(r.outcome, [...(perOutcome.get(r.outcome) ?? []), sent.length - from]);
    const mine = sent.slice(from).map((s) => s.replace(/\s+/g, ' ').trim().slice(0, 120));
    for (const [j, s] of mine.entries()) {
      byStatement.set(s, (byStatement.get(s) ?? 0) + 1);
      msBy.set(s, (msBy.get(s) ?? 0) + took[from + j]);
    }
    if (i < show) console.log(`--- ${r.outcome}: ${m.text}\n${mine.map((s) => `    ${s}`).join('\n')}`);
  }
  const all = [...perOutcome.values()].flat();
  const avg = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
  console.log(`${N} messages: ${avg(all)} statements per message (BEGIN and COMMIT included); ${[...perOutcome].map(([k, v]) => `${k} ${v.length} × ${avg(v)}`).join(', ')}`);
  const inDb = [...msBy.values()].reduce((a, b) => a + b, 0);
  console.log(`per message: ${(wall / N).toFixed(2)} ms wall, ${(inDb / N).toFixed(2)} ms waiting on statements (the rest: parser, Prisma, reply)`);
  console.log('per message: count  ms  statement');
  for (const [s, n] of [...byStatement].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(n / N).toFixed(2)}  ${((msBy.get(s) ?? 0) / N).toFixed(3)}  ${s}`);
} finally {
  await db.close();
  await admin(`drop database if exists "${name}" with (force)`);
}
