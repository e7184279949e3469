// Housekeeping the embedded database needs and a PostgreSQL server does by itself. PGlite runs no
// autovacuum: without it the planner never gets statistics for tables grown since they were
// created (it plans a 1M-row table as if it were empty), dead rows from updates and deletes are
// never reclaimed, and index-only scans (rankings, 日报: Activity(occurredAt, authorId)) keep
// visiting the table because the visibility map is never set. The scheduler runs `VACUUM
// (ANALYZE)` once a night on PGlite (`maintenanceHour`, local time of the default zone); on
// PostgreSQL it does nothing — autovacuum does this there.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { DbKind } from './client.js';

/** Local hour (0–23) of the nightly run on PGlite (env DB_MAINTENANCE_HOUR, default 3). */
export function maintenanceHour(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DB_MAINTENANCE_HOUR);
  return Number.isInteger(n) && n >= 0 && n <= 23 && env.DB_MAINTENANCE_HOUR !== '' ? n : 3;
}

/** Vacuums and analyses every table when the database is PGlite; returns whether it ran. */
export async function maintainEmbeddedDb(db: { prisma: PrismaClient; kind: DbKind }): Promise<boolean> {
  if (db.kind !== 'pglite') return false;
  await db.prisma.$executeRawUnsafe('VACUUM (ANALYZE)');
  return true;
}
