// The embedded database's prepared statements (src/db/pglitePrepared.ts): a statement run more
// than once goes through a named statement and gives exactly the rows, fields and affected-row
// counts PGlite's own query gives — dates, numerics, arrays, JSON, enums, nulls —, errors carry
// the same code (so Prisma maps them the same way), a rollback keeps the named statements working,
// and DB_PREPARED_STATEMENTS=off hands back PGlite itself.
import { afterEach, describe, expect, it } from 'vitest';
import { newPglite } from '../../src/db/pglite.js';
import { withPreparedStatements } from '../../src/db/pglitePrepared.js';
import { preparedStatements } from '../../src/db/statementNames.js';

describe('PGlite prepared statements', () => {
  const env = process.env.DB_PREPARED_STATEMENTS;
  afterEach(() => {
    if (env === undefined) delete process.env.DB_PREPARED_STATEMENTS;
    else process.env.DB_PREPARED_STATEMENTS = env;
  });

  it('give what PGlite\'s own query gives, in and out of transactions, and the same errors', () => preparedStatements(async () => {
    delete process.env.DB_PREPARED_STATEMENTS;
    const pg = newPglite();
    await pg.waitReady;
    await pg.exec(`CREATE TYPE mood AS ENUM ('ok', 'bad');
      CREATE TABLE t (id text PRIMARY KEY, n numeric(16,2), at timestamp, tags text[], doc jsonb, m mood, f float8, b boolean);`);
    const prepared = withPreparedStatements(pg);
    expect(prepared).not.toBe(pg);
    const insert = 'INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';
    const rows: Array<unknown[]> = [
      ['a', '12.50', new Date('2026-11-28T01:02:03Z'), ['x', 'y'], { k: [1, 2] }, 'ok', 1.5, true],
      ['b', null, null, [], null, 'bad', null, false],
      ['c', '0.01', new Date('2026-01-01T00:00:00Z'), ['中文'], { s: '方舟' }, null, -2, null],
    ];
    for (const r of rows) expect((await prepared.query(insert, r)).affectedRows).toBe(1);
    const select = 'SELECT * FROM t WHERE id = ANY($1::text[]) ORDER BY id';
    const opts = { rowMode: 'array' as const };
    for (let i = 0; i < 3; i++) {
      const mine = await prepared.query(select, [['a', 'b', 'c']], opts);
      const theirs = await pg.query(select, [['a', 'b', 'c']], opts);
      expect(mine.rows).toEqual(theirs.rows);
      expect(mine.fields).toEqual(theirs.fields);
    }
    // Inside a transaction, and an error: the same code as PGlite's own; the transaction is rolled back.
    await expect(prepared.transaction(async (tx) => {
      await tx.query(insert, ['d', '1', null, [], null, 'ok', 0, true]);
      await tx.query(insert, ['a', '1', null, [], null, 'ok', 0, true]);
    })).rejects.toMatchObject({ code: '23505' });
    await expect(pg.query(insert, ['a', '1', null, [], null, 'ok', 0, true])).rejects.toMatchObject({ code: '23505' });
    expect((await prepared.query('SELECT count(*)::int AS n FROM t', [])).rows).toEqual([{ n: 3 }]);
    // After the rollback the named statements still work.
    const after = await prepared.transaction((tx) => tx.query<{ id: string }>(select, [['c']]));
    expect(after.rows.map((r) => r.id)).toEqual(['c']);
    expect((await prepared.query('UPDATE t SET b = true WHERE id <> $1', ['zzz'])).affectedRows).toBe(3);
    expect((await prepared.query('UPDATE t SET b = true WHERE id <> $1', ['zzz'])).affectedRows).toBe(3);
    // Really named: PGlite's session lists them.
    const named = await pg.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
    expect(named.rows.length).toBeGreaterThan(0);
    await pg.close();
  }));

  it('names nothing outside a message\'s prepared scope', async () => {
    delete process.env.DB_PREPARED_STATEMENTS;
    const pg = newPglite();
    await pg.waitReady;
    const prepared = withPreparedStatements(pg);
    for (let i = 0; i < 3; i++) expect((await prepared.query<{ n: number }>('SELECT $1::int + 1 AS n', [i])).rows).toEqual([{ n: i + 1 }]);
    expect((await pg.query('SELECT name FROM pg_prepared_statements')).rows).toEqual([]);
    await preparedStatements(async () => {
      for (let i = 0; i < 3; i++) await prepared.query('SELECT $1::int + 1 AS n', [i]);
    });
    expect((await pg.query('SELECT name FROM pg_prepared_statements')).rows).toHaveLength(1);
    await pg.close();
  });

  it('is PGlite itself when DB_PREPARED_STATEMENTS=off', async () => {
    process.env.DB_PREPARED_STATEMENTS = 'off';
    const pg = newPglite();
    expect(withPreparedStatements(pg)).toBe(pg);
    await pg.close();
  });
});
