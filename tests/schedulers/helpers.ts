// Fixtures for the push tests: databases (with a second, independent connection for the
// two-instance tests), a recording channel that can be told to fail, and data builders.
import { recipientKey } from '../../src/domain/pushes/types.js';
import { openDb, type Db } from '../../src/db/client.js';
import { Outbound, type OutboundChannel, type OutboundMessage, type Recipient } from '../../src/domain/pushes/outbound.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { createPgliteDb, createThrowawayDatabase, isPostgresReachable, type TestDb } from '../helpers/db.js';

export interface DbPair {
  kind: 'pglite' | 'postgres';
  a: Db;
  /** A second client on the same database: its own pool on PostgreSQL; PGlite is in-process, so the same one. */
  b: Db;
  destroy(): Promise<void>;
}

async function pgPair(): Promise<DbPair> {
  const scratch = await createThrowawayDatabase('sa_test_sched', { migrated: true });
  const a = await openDb({ databaseUrl: scratch.url, migrate: false });
  const b = await openDb({ databaseUrl: scratch.url, migrate: false });
  return {
    kind: 'postgres',
    a,
    b,
    async destroy() {
      await a.close();
      await b.close();
      await scratch.drop();
    },
  };
}

async function pglitePair(): Promise<DbPair> {
  const db: TestDb = await createPgliteDb();
  return { kind: 'pglite', a: db, b: db, destroy: () => db.destroy() };
}

export async function dbPairs(): Promise<Array<{ kind: 'pglite' | 'postgres'; create: () => Promise<DbPair> }>> {
  const list: Array<{ kind: 'pglite' | 'postgres'; create: () => Promise<DbPair> }> = [{ kind: 'pglite', create: pglitePair }];
  if (process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable())) list.push({ kind: 'postgres', create: pgPair });
  return list;
}

export interface Delivery {
  to: string;
  text: string;
  message: OutboundMessage;
}

/** Records every send; `failures` makes the next N sends throw (a flaky platform API). */
export class RecordingChannel implements OutboundChannel {
  readonly name = 'test';
  readonly sent: Delivery[] = [];
  failures = 0;
  attempts = 0;
  /** Users this channel can reach (null = everyone). */
  reachable: Set<string> | null = null;
  /** Artificial latency, to widen race windows in concurrency tests. */
  delayMs = 0;

  async canReach(r: Recipient): Promise<boolean> {
    return r.kind !== 'user' || this.reachable === null || this.reachable.has(r.userId);
  }

  async send(r: Recipient, message: OutboundMessage): Promise<void> {
    this.attempts++;
    if (this.delayMs) await new Promise((res) => setTimeout(res, this.delayMs));
    if (this.failures > 0) {
      this.failures--;
      throw new Error('platform API returned 503');
    }
    this.sent.push({ to: recipientKey(r), text: message.text, message });
  }

  to(key: string): Delivery[] {
    return this.sent.filter((d) => d.to === key);
  }
  clear() {
    this.sent.length = 0;
    this.attempts = 0;
  }
}

export function outboundFor(ch: OutboundChannel) {
  return new Outbound([ch]);
}

/** Instant from a local wall-clock time string with offset, for readability. */
export const at = (iso: string) => new Date(iso);

export interface Org {
  teamId: string;
  manager: string;
  rep: string;
  rep2: string;
  nyTeamId: string;
  nyRep: string;
  nyManager: string;
}

/** 一部 (Shanghai, chat console:yibu) with a manager and two reps; "NY" (America/New_York, English). */
export async function createOrg(prisma: PrismaClient, opts: { settings?: object; nySettings?: object } = {}): Promise<Org> {
  const team = await prisma.team.create({ data: { name: '一部', timezone: 'Asia/Shanghai', chatTarget: 'console:yibu', settings: opts.settings ?? {} } });
  const ny = await prisma.team.create({ data: { name: 'NY', timezone: 'America/New_York', locale: 'en-US', settings: opts.nySettings ?? {} } });
  const manager = await prisma.user.create({ data: { displayName: '张经理', role: 'MANAGER', teamId: team.id, consoleName: 'mgr' } });
  const rep = await prisma.user.create({ data: { displayName: '李娜', role: 'REP', teamId: team.id, managerId: manager.id, consoleName: 'rep' } });
  const rep2 = await prisma.user.create({ data: { displayName: '王强', role: 'REP', teamId: team.id, managerId: manager.id, consoleName: 'rep2' } });
  const nyManager = await prisma.user.create({ data: { displayName: 'Mary', role: 'MANAGER', teamId: ny.id, locale: 'en-US', consoleName: 'mary' } });
  const nyRep = await prisma.user.create({ data: { displayName: 'John', role: 'REP', teamId: ny.id, managerId: nyManager.id, locale: 'en-US', consoleName: 'john' } });
  return { teamId: team.id, manager: manager.id, rep: rep.id, rep2: rep2.id, nyTeamId: ny.id, nyRep: nyRep.id, nyManager: nyManager.id };
}

export async function task(prisma: PrismaClient, assigneeId: string, title: string, dueAt: Date | null, dueLabel: string | null = null, extra: { customerId?: string; status?: 'OPEN' | 'DONE'; completedAt?: Date } = {}) {
  return prisma.task.create({ data: { title, dueAt, dueLabel, assigneeId, ...extra } });
}

export async function customer(prisma: PrismaClient, ownerId: string, name: string, extra: { hot?: boolean; hotNote?: string; hotSince?: Date; lastContactAt?: Date | null; createdAt?: Date } = {}) {
  return prisma.customer.create({ data: { name, normalizedName: name.toLowerCase(), ownerId, ...extra } });
}

export const pushRows = (prisma: PrismaClient) => prisma.push.findMany({ orderBy: [{ kind: 'asc' }, { recipient: 'asc' }, { periodKey: 'asc' }] });
