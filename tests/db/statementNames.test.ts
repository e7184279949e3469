// PostgreSQL prepared statements (src/db/statementNames.ts): inside a message's prepared scope a
// statement text is named from its second use, always by the same name, one-off texts never, at
// most a bounded number of texts; outside it (managers' answers, reports, schedulers) nothing is
// named, so those are planned for their values every time; DB_PREPARED_STATEMENTS=off names
// nothing. On PostgreSQL the named statements are really prepared on the connection and give the
// same rows as unnamed ones; a message through the assistant prepares its statements.
import { afterEach, describe, expect, it } from 'vitest';
import { plannedEachRun, preparedStatements, statementNamer } from '../../src/db/statementNames.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { openDb } from '../../src/db/client.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';

describe('statement names', () => {
  const env = process.env.DB_PREPARED_STATEMENTS;
  afterEach(() => {
    if (env === undefined) delete process.env.DB_PREPARED_STATEMENTS;
    else process.env.DB_PREPARED_STATEMENTS = env;
  });

  it('names a text from its second use, the same name every time and in every process', () => preparedStatements(() => {
    const name = statementNamer()!;
    const q = { sql: 'SELECT * FROM "Customer" WHERE id = $1' };
    expect(name(q)).toBeUndefined();
    const n = name(q);
    expect(n).toMatch(/^sa_[0-9a-f]{20}$/);
    expect(name(q)).toBe(n);
    const other = statementNamer()!;
    other(q);
    expect(other(q)).toBe(n);
    expect(name({ sql: 'SELECT 2' })).toBeUndefined();
    // Asked to plan each run (a manager's answer inside a message): never named.
    plannedEachRun(() => {
      expect(name(q)).toBeUndefined();
      expect(name({ sql: 'SELECT 3' })).toBeUndefined();
      expect(name({ sql: 'SELECT 3' })).toBeUndefined();
    });
  }));

  it('names nothing outside a prepared scope', () => {
    const name = statementNamer()!;
    const q = { sql: 'SELECT * FROM "Task" WHERE id = $1' };
    for (let i = 0; i < 5; i++) expect(name(q)).toBeUndefined();
    expect(preparedStatements(() => [name(q), name(q)])).toEqual([undefined, expect.stringMatching(/^sa_/)]);
  });

  it('names at most a bounded number of texts', () => preparedStatements(() => {
    const name = statementNamer()!;
    let named = 0;
    for (let i = 0; i < 1000; i++) {
      name({ sql: `SELECT ${i}` });
      if (name({ sql: `SELECT ${i}` })) named++;
    }
    expect(named).toBeGreaterThan(100);
    expect(named).toBeLessThan(1000);
  }));

  it('is off when DB_PREPARED_STATEMENTS=off', () => {
    process.env.DB_PREPARED_STATEMENTS = 'off';
    expect(statementNamer()).toBeUndefined();
  });
});

describe.each((await testDatabases()).filter((d) => d.kind === 'postgres'))('prepared statements on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });

  it('a statement used repeatedly is prepared on the connection and returns what an unnamed one returns', async () => {
    const { prisma } = suite.db;
    const rows: unknown[][] = [];
    // One connection for the whole check: a transaction.
    await preparedStatements(() => prisma.$transaction(async (tx) => {
      for (let i = 0; i < 4; i++) rows.push(await tx.user.findMany({ where: { role: 'REP' }, orderBy: { id: 'asc' } }));
      const prepared = await tx.$queryRawUnsafe<Array<{ name: string; statement: string }>>('SELECT name, statement FROM pg_prepared_statements');
      expect(prepared.some((p) => p.name.startsWith('sa_') && p.statement.includes('"User"'))).toBe(true);
    }));
    for (const r of rows) expect(r).toEqual(rows[0]);
    expect(rows[0].length).toBeGreaterThan(0);
  });
});

describe.each(await testDatabases())('which statements are prepared, on $kind', ({ kind, create }) => {
  const suite = useTestDb(create, { world: true });

  it('a message prepares its own statements; a manager\'s answer and work outside messages are planned for their values every time', async () => {
    const { prisma } = suite.db;
    // One connection (PostgreSQL keeps named statements per connection): a transaction; PGlite has one anyway.
    const preparedNow = () => prisma.$transaction((tx) => tx.$queryRawUnsafe<Array<{ statement: string }>>('SELECT statement FROM pg_prepared_statements'));
    const funnelLike = 'SELECT stage, count(*)::int AS n FROM "Opportunity" WHERE "ownerId" = ANY($1::text[]) GROUP BY stage';
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < 4; i++) await tx.$queryRawUnsafe(funnelLike, [suite.world.rep.id]);
    });
    expect((await preparedNow()).some((p) => p.statement === funnelLike)).toBe(false);
    const [mode] = await prisma.$queryRawUnsafe<Array<{ plan_cache_mode: string }>>('SHOW plan_cache_mode');
    expect(mode.plan_cache_mode).toBe('auto');

    // Through the assistant, on one connection (PostgreSQL: a client with a pool of one).
    const pool = process.env.DB_POOL_SIZE;
    process.env.DB_POOL_SIZE = '1';
    const db = kind === 'postgres' ? await openDb({ databaseUrl: suite.db.url!, migrate: false }) : suite.db;
    if (pool === undefined) delete process.env.DB_POOL_SIZE;
    else process.env.DB_POOL_SIZE = pool;
    try {
      const bot = new SalesAssistant(makeContext(db.prisma), { parser: ruleParser, log: () => {} });
      const say = (who: { consoleName: string }, text: string, i: number) => bot.handleMessage({ platform: 'CONSOLE', externalId: `prep-${i}`, senderId: who.consoleName, text });
      for (const [i, text] of ['今天拜访了澄江电子的刘总，聊了方案', '给澄江电子的王工打了电话，约了下周演示', '拜访了澄江电子，推进报价'].entries()) expect((await say(suite.world.rep, text, i)).outcome).toBe('APPLIED');
      for (const i of [10, 11, 12]) expect((await say(suite.world.manager, '本月漏斗', i)).outcome).toBe('ANSWERED');
      const statements = (await db.prisma.$transaction((tx) => tx.$queryRawUnsafe<Array<{ statement: string }>>('SELECT statement FROM pg_prepared_statements'))).map((p) => p.statement);
      // The message's own row and its activity: prepared.
      expect(statements.some((t) => t.includes('INSERT INTO "InboundMessage"'))).toBe(true);
      expect(statements.some((t) => t.includes('INSERT INTO "Activity"'))).toBe(true);
      // The funnel's running totals, read three times: planned each time.
      expect(statements.some((t) => t.includes('"OpenDealSummary"'))).toBe(false);
    } finally {
      if (db !== suite.db) await db.close();
    }
  });
});
