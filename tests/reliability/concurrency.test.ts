// Concurrency: 50 messages from 10 reps arriving at once (several about the same new customer,
// so find-or-create races), then the platform redelivering all 50 at once. And two bot
// instances (two PrismaClients, two pools) on one PostgreSQL database receiving the same
// deliveries concurrently — the multi-instance deployment in docs/deployment.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client.js';
import { SalesAssistant, type IncomingMessage } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { isPostgresReachable, resetDb, testDatabases } from '../helpers/db.js';
import { StubParser, counts, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { createOrg, createScratchPg, type Org, type ScratchPg } from './helpers.js';

const USERS = 10;
const PER_USER = 5;
const CUSTOMERS_PER_USER = 3; // 5 messages over 3 customers: every rep races on a new customer

function textOf(u: number, k: number) {
  return `今天拜访了客户${u}-${k % CUSTOMERS_PER_USER}号公司，第${k}次沟通`;
}

function buildParser() {
  const p = new StubParser();
  for (let u = 0; u < USERS; u++)
    for (let k = 0; k < PER_USER; k++)
      p.on(
        textOf(u, k),
        parsed({
          intent: 'log_activity',
          activity: { type: 'VISIT', occurredAt: '2026-11-23T10:00:00+08:00', summary: `第${k}次沟通` },
          customer: { name: `客户${u}-${k % CUSTOMERS_PER_USER}号公司` },
          nextSteps: [{ title: `跟进${k}`, dueAt: null, dueLabel: null }],
        }),
      );
  return p;
}

function messages(org: Org): IncomingMessage[] {
  const out: IncomingMessage[] = [];
  for (let k = 0; k < PER_USER; k++)
    for (let u = 0; u < USERS; u++) out.push({ platform: 'WECOM', externalId: `c-${u}-${k}`, senderId: org.reps[u].wecom, text: textOf(u, k) });
  return out;
}

async function expectStoredOnce(db: Db, org: Org) {
  const c = await counts(db.prisma);
  expect(c.inbound).toBe(USERS * PER_USER);
  expect(c.activities).toBe(USERS * PER_USER);
  expect(c.tasks).toBe(USERS * PER_USER);
  expect(c.customers).toBe(USERS * CUSTOMERS_PER_USER);
  // Every activity belongs to its sender's own customer, and each inbound id appears once.
  const acts = await db.prisma.activity.findMany({ include: { customer: true } });
  for (const a of acts) expect(a.customer?.ownerId).toBe(a.authorId);
  const ids = await db.prisma.inboundMessage.groupBy({ by: ['externalId'], _count: true });
  expect(ids.every((g) => g._count === 1)).toBe(true);
  for (let u = 0; u < USERS; u++) expect(await db.prisma.activity.count({ where: { authorId: org.reps[u].id } })).toBe(PER_USER);
}

describe.each(await testDatabases())('50 concurrent messages from 10 users on $kind', ({ create }) => {
  const suite = useTestDb(create);

  it('stores every message exactly once, and a concurrent redelivery of all 50 writes nothing', async () => {
    await resetDb(suite.db);
    const org = await createOrg(suite.db.prisma, USERS, 0);
    const bot = new SalesAssistant(makeContext(suite.db.prisma), { parser: buildParser(), log: () => {} });
    const msgs = messages(org);
    const replies = await Promise.all(msgs.map((m) => bot.handleMessage(m)));
    expect(replies.map((r) => r.outcome)).toEqual(msgs.map(() => 'APPLIED'));
    expect(replies.every((r) => !r.duplicate && r.text.length > 0)).toBe(true);
    await expectStoredOnce(suite.db, org);

    const again = await Promise.all(msgs.map((m) => bot.handleMessage(m)));
    expect(again.every((r) => r.duplicate)).toBe(true);
    expect(again.map((r) => r.text)).toEqual(replies.map((r) => r.text));
    await expectStoredOnce(suite.db, org);
  });
});

const pgAvailable = process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable());

describe.skipIf(!pgAvailable)('two bot instances on one PostgreSQL database', () => {
  let scratch: ScratchPg;
  let a: Db;
  let b: Db;
  beforeAll(async () => {
    scratch = await createScratchPg();
    // Both instances start at the same moment and both apply migrations, as `npm run serve`
    // does: the schema engine's lock serialises them and neither waits out the other's pool.
    [a, b] = await Promise.all([openDb({ databaseUrl: scratch.url }), openDb({ databaseUrl: scratch.url })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
  });

  it('stores each message once when both instances receive the same deliveries at the same time', async () => {
    const org = await createOrg(a.prisma, USERS, 0);
    const botA = new SalesAssistant(makeContext(a.prisma), { parser: buildParser(), log: () => {} });
    const botB = new SalesAssistant(makeContext(b.prisma), { parser: buildParser(), log: () => {} });
    const msgs = messages(org);
    // Every message goes to both instances (a retry landing on the other process), twice each.
    const all = await Promise.all(msgs.flatMap((m) => [botA.handleMessage(m), botB.handleMessage(m), botB.handleMessage(m), botA.handleMessage(m)]));
    expect(all.some((r) => r.outcome === 'ERROR')).toBe(false);
    for (let i = 0; i < msgs.length; i++) {
      const four = all.slice(i * 4, i * 4 + 4);
      expect(four.filter((r) => !r.duplicate)).toHaveLength(1); // exactly one instance stored it
      expect(new Set(four.map((r) => r.text)).size).toBe(1); // everyone got the same reply
      expect(new Set(four.map((r) => r.inboundId)).size).toBe(1);
    }
    await expectStoredOnce(a, org);
  });
});
