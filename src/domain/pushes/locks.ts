// Job locks so that, with several instances on one database, only one of them scans for work at a
// time. They are an efficiency measure, not the exactly-once guarantee (that is the Push unique
// key plus the delivery claim in outbox.ts): a job that runs twice anyway enqueues nothing new.
//
// PostgreSQL: pg_try_advisory_xact_lock inside an open transaction — the lock lives exactly as
// long as that transaction and is released by the server if the process dies. (A session-level
// pg_try_advisory_lock would not work through a connection pool: lock and unlock could land on
// different connections.) PGlite: a lease row in SchedulerLock, taken with a conditional update
// against the database clock, expiring by itself if the holder dies.
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { DbKind } from '../../db/client.js';

export interface LockDb {
  prisma: PrismaClient;
  kind: DbKind;
}

export interface LockOptions {
  /** Identifies this instance in SchedulerLock.holder. */
  holder: string;
  /** PGlite lease length; also the longest a job may run on PostgreSQL before its transaction times out. */
  ttlMs?: number;
}

/** Runs `fn` if this instance gets the lock `name`; returns { ran: false } otherwise. */
export async function withJobLock<T>(db: LockDb, name: string, opts: LockOptions, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const ttlMs = opts.ttlMs ?? 10 * 60_000;
  if (db.kind === 'postgres') {
    let out: { ran: true; value: T } | { ran: false } = { ran: false };
    await db.prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<Array<{ ok: boolean }>>`select pg_try_advisory_xact_lock(hashtext(${`sales-assistant:${name}`})) as ok`;
        if (!rows[0]?.ok) return;
        // The work runs on the pool, not on `tx`: the transaction only holds the lock.
        out = { ran: true, value: await fn() };
      },
      { maxWait: 10_000, timeout: ttlMs },
    );
    return out;
  }
  const acquired = await acquireLease(db.prisma, name, opts.holder, ttlMs);
  if (!acquired) return { ran: false };
  try {
    return { ran: true, value: await fn() };
  } finally {
    await releaseLease(db.prisma, name, opts.holder);
  }
}

export async function acquireLease(prisma: PrismaClient, name: string, holder: string, ttlMs: number): Promise<boolean> {
  await prisma.$executeRaw`insert into "SchedulerLock" ("name", "holder", "expiresAt") values (${name}, '', to_timestamp(0)) on conflict ("name") do nothing`;
  const n = await prisma.$executeRaw`
    update "SchedulerLock"
       set "holder" = ${holder}, "expiresAt" = now() + make_interval(secs => ${ttlMs / 1000}::double precision)
     where "name" = ${name} and ("expiresAt" < now() or "holder" = ${holder})`;
  return n === 1;
}

export async function releaseLease(prisma: PrismaClient, name: string, holder: string): Promise<void> {
  await prisma.$executeRaw`update "SchedulerLock" set "expiresAt" = to_timestamp(0) where "name" = ${name} and "holder" = ${holder}`;
}
