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
import { createHash } from 'node:crypto';

const MAX_NAMED = 400;
const MAX_COUNTED = 5_000;

export function statementNamer(): ((query: { sql: string }) => string) | undefined {
  if (/^(off|0|false|no)$/i.test(process.env.DB_PREPARED_STATEMENTS ?? '')) return undefined;
  const named = new Map<string, string>();
  const seen = new Set<string>();
  return ({ sql }) => {
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
