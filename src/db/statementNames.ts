// Names for PostgreSQL prepared statements (the `statementNameGenerator` of @prisma/adapter-pg):
// a named statement is parsed and planned once per connection and then only bound and executed —
// planning was a large part of the hot ingest statements, which are CTEs joining several tables
// (issue 15, docs/benchmarks.md). Without a name, Prisma's adapter sends every statement unnamed
// and PostgreSQL plans it every time.
//
// Bounded, since each name costs memory on every pooled connection (server and `pg` client): a
// text is named from its second use on (one-off statements — an ad-hoc report, an `IN` list of an
// unusual length — stay unnamed) and at most MAX_NAMED texts get a name in a process. The name is
// a hash of the text, so every connection and instance names the same text alike.
// DB_PREPARED_STATEMENTS=off turns it off (a pooler in transaction mode that does not keep named
// statements, e.g. PgBouncer before 1.21).
//
// Only the statements of a message's own path are named: they run inside `preparedStatements`
// (the assistant wraps the sender read, the parse and the writes of a message in it). They are
// look-ups and writes by key, for which PostgreSQL's generic plan — made once, reused — is right,
// and planning them every time was the larger part of their cost (the sender read: 3.5 ms against
// 1.3 ms on PGlite). Everything else — the answers to managers, reports, pushes, schedulers, whose
// owner lists and date ranges make one plan wrong for another run (a generic plan made the team
// funnel 5× slower, bench 2026-11-28T04:18Z) — stays unnamed and is planned for its values every time.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

const PREPARING = new AsyncLocalStorage<boolean>();

/** Runs `fn` with its statements prepared (named) from their second use; see above. */
export function preparedStatements<T>(fn: () => T): T {
  return PREPARING.run(true, fn);
}

/** Runs `fn` with its statements unnamed (planned for their values every time), inside a prepared scope too. */
export function plannedEachRun<T>(fn: () => T): T {
  return PREPARING.run(false, fn);
}

const MAX_NAMED = 400;
const MAX_COUNTED = 5_000;

export function statementNamer(): ((query: { sql: string }) => string) | undefined {
  if (/^(off|0|false|no)$/i.test(process.env.DB_PREPARED_STATEMENTS ?? '')) return undefined;
  const named = new Map<string, string>();
  const seen = new Set<string>();
  return ({ sql }) => {
    if (!PREPARING.getStore()) return undefined as unknown as string;
    const name = named.get(sql);
    if (name) return name;
    if (!seen.has(sql)) {
      if (seen.size >= MAX_COUNTED) seen.clear();
      seen.add(sql);
      return undefined as unknown as string;
    }
    if (named.size >= MAX_NAMED) return undefined as unknown as string;
    const made = `sa_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    named.set(sql, made);
    seen.delete(sql);
    return made;
  };
}
