// PostgreSQL prepared statements (src/db/statementNames.ts): a statement text is named from its
// second use, always by the same name, one-off texts never, at most a bounded number of texts;
// DB_PREPARED_STATEMENTS=off names nothing. On PostgreSQL the named statements are really prepared
// on the connection and give the same rows as unnamed ones.
import { afterEach, describe, expect, it } from 'vitest';
import { statementNamer } from '../../src/db/statementNames.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

describe('statement names', () => {
  const env = process.env.DB_PREPARED_STATEMENTS;
  afterEach(() => {
    if (env === undefined) delete process.env.DB_PREPARED_STATEMENTS;
    else process.env.DB_PREPARED_STATEMENTS = env;
  });

  it('names a text from its second use, the same name every time and in every process', () => {
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
  });

  it('names at most a bounded number of texts', () => {
    const name = statementNamer()!;
    let named = 0;
    for (let i = 0; i < 1000; i++) {
      name({ sql: `SELECT ${i}` });
      if (name({ sql: `SELECT ${i}` })) named++;
    }
    expect(named).toBeGreaterThan(100);
    expect(named).toBeLessThan(1000);
  });

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
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < 4; i++) rows.push(await tx.user.findMany({ where: { role: 'REP' }, orderBy: { id: 'asc' } }));
      const prepared = await tx.$queryRawUnsafe<Array<{ name: string; statement: string }>>('SELECT name, statement FROM pg_prepared_statements');
      expect(prepared.some((p) => p.name.startsWith('sa_') && p.statement.includes('"User"'))).toBe(true);
    });
    for (const r of rows) expect(r).toEqual(rows[0]);
    expect(rows[0].length).toBeGreaterThan(0);
  });
});

describe.each(await testDatabases())('plans of prepared statements on $kind', ({ create }) => {
  const suite = useTestDb(create);

  it('are made for the actual values every time (no generic plan)', async () => {
    const [row] = await suite.db.prisma.$queryRawUnsafe<Array<{ plan_cache_mode: string }>>('SHOW plan_cache_mode');
    expect(row.plan_cache_mode).toBe('force_custom_plan');
  });
});
