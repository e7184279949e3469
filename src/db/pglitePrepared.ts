// Prepared statements for the embedded database. PGlite runs every query as an unnamed statement
// — Parse, Describe, Bind, Describe, Execute, Sync, each a call into the WASM backend, and the
// statement planned every time — and Prisma's PGlite adapter has no statement cache (the
// PostgreSQL adapter has one: src/db/statementNames.ts). Planning was a large part of the hot
// ingest statements (CTEs over several tables; issue 15). This wraps the PGlite instance the
// adapter is given: a statement text seen more than once (statementNamer's bounded policy) is
// parsed and described once under a name, then only bound and executed; everything else goes
// through PGlite's own `query`. Results are built by PGlite's own `parseResults`, so rows, types
// and errors are what `query` gives (tests/db/pglitePrepared.test.ts compares them).
//
// Named statements live in the backend session, not in a transaction: a rollback keeps them.
// A statement whose result shape changed under it (DDL after it was prepared: "cached plan must
// not change result type") is forgotten and prepared afresh next time.
import { parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { statementNamer } from './statementNames.js';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface Prepared {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription as Describe (statement) gave it; none for a statement without rows. */
  rowDescription: BackendMessage | undefined;
}

/** The subset of PGlite the Prisma adapter uses: query, exec and transaction (with rollback). */
export type PgliteLike = Pick<PGlite, 'query' | 'exec' | 'transaction'>;

/** `pg` as Prisma's adapter sees it, with repeated statements prepared; `pg` itself when turned off. */
export function withPreparedStatements(pg: PGlite): PgliteLike {
  const namer = statementNamer();
  if (!namer) return pg;
  const prepared = new Map<string, Prepared>();
  let seq = 0;
  // The base class's exclusive-run helpers (PGlite's own query uses them the same way).
  const base = pg as unknown as {
    _checkReady(): Promise<void>;
    _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
    _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
    serializers: Record<number, (x: unknown) => string>;
    parsers: QueryOptions['parsers'];
  };

  async function run<T>(sql: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    // As PGlite's query sends them: one protocol message at a time, errors thrown (after Sync).
    const send = (message: Uint8Array): Promise<BackendMessage[]> => pg.execProtocolStream(message, { syncToFs: false, onNotice: options?.onNotice });
    return base._runExclusiveQuery(async () => {
      let st = prepared.get(sql);
      const out: BackendMessage[] = [];
      try {
        if (!st) {
          const name = `sa_p${++seq}`;
          await send(protocol.serialize.parse({ name, text: sql, types: options?.paramTypes }));
          const described = await send(protocol.serialize.describe({ type: 'S', name }));
          st = { name, paramTypes: parse.parseDescribeStatementResults(described), rowDescription: described.find((m) => m.name === 'rowDescription') };
          prepared.set(sql, st);
        }
        const types = st.paramTypes;
        const values = params.map((v, i) => {
          if (v === null || v === undefined) return null;
          const serialize = options?.serializers?.[types[i]] ?? base.serializers[types[i]];
          return serialize ? serialize(v) : String(v);
        });
        out.push(...(await send(protocol.serialize.bind({ statement: st.name, values }))));
        // The row shape of a prepared statement is the one described when it was prepared (a
        // change under it fails as "cached plan must not change result type", below): no Describe
        // of the portal per run, whose reply PGlite would decode again field by field.
        if (st.rowDescription) out.push(st.rowDescription);
        out.push(...(await send(protocol.serialize.execute({}))));
      } catch (e) {
        const err = e as { code?: string; message?: string; query?: string; params?: unknown };
        if (err.code === '0A000' && /cached plan/.test(err.message ?? '')) prepared.delete(sql);
        if (err && typeof err === 'object' && 'code' in err) Object.assign(err, { query: sql, params, queryOptions: options });
        throw e;
      } finally {
        out.push(...(await send(protocol.serialize.sync())));
      }
      if (!inTransaction) await pg.syncToFs();
      return parse.parseResults(out, (base.parsers ?? {}) as Parameters<typeof parse.parseResults>[1], options)[0] as Results<T>;
    });
  }

  // Once the namer names a text it keeps naming it: that text stays on the prepared path.
  const named = (sql: string) => namer({ sql }) !== undefined;

  const query = async <T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    if (!named(sql) || options?.blob) return pg.query<T>(sql, params, options);
    await base._checkReady();
    return base._runExclusiveTransaction(() => run<T>(sql, params, options, false));
  };

  const transaction = <T>(callback: (tx: Transaction) => Promise<T>): Promise<T> =>
    pg.transaction((tx) => {
      const wrapped: Transaction = Object.create(tx, {
        query: {
          value: async <R>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<R>> => {
            if (tx.closed) throw new Error('Transaction is closed');
            if (!named(sql) || options?.blob) return tx.query<R>(sql, params, options);
            return run<R>(sql, params, options, true);
          },
        },
      });
      return callback(wrapped);
    });

  return { query, exec: pg.exec.bind(pg), transaction } as PgliteLike;
}
