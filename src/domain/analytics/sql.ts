// Small helpers for parameterised raw SQL (Prisma.sql tagged templates only — user text is never
// concatenated into a statement) and for the scope filter shared by every aggregate.
import { Prisma } from '../../generated/prisma/client.js';

/** `AND <column> IN (...)` for a scope, or nothing for "everyone" (admin). */
export function inScope(column: Prisma.Sql, userIds: string[] | null): Prisma.Sql {
  if (userIds === null) return Prisma.empty;
  if (userIds.length === 0) return Prisma.sql`AND FALSE`;
  return Prisma.sql`AND ${column} IN (${Prisma.join(userIds)})`;
}

/** Prisma `where` fragment for an owner/author column. */
export function scopeWhere(userIds: string[] | null): { in: string[] } | undefined {
  return userIds === null ? undefined : { in: userIds };
}

/** Numbers from SQL aggregates (bigint counts, numeric sums as Decimal/string) as JS numbers. */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String(v));
}
