// Every PGlite instance of the app is created here, with the PostgreSQL extensions the schema
// needs loaded into the WASM build: pg_trgm (trigram index behind the 撞单 check, see
// src/domain/customers.ts). A real server ships them as contrib modules; PGlite only has an
// extension when it is handed to the constructor, so the app, the tests, the console, the
// migration scripts and the schema engine's shadow database all go through `newPglite`.
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export const PGLITE_EXTENSIONS = { pg_trgm };

/**
 * A PGlite instance with the app's extensions; no folder (or ':memory:') keeps it in memory.
 * `loadDataDir` (a `dumpDataDir()` tarball) starts it from that database instead of an empty one
 * created by initdb — the tests copy one migrated database this way (tests/helpers/db.ts).
 */
export function newPglite(dataDir?: string, loadDataDir?: Blob): PGlite {
  const pg = new PGlite({ ...(dataDir && dataDir !== ':memory:' ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}), extensions: PGLITE_EXTENSIONS });
  // Registered first, so it runs before anything else awaiting readiness (queries included).
  void pg.waitReady.then(() => trimParsers(pg), () => {});
  return pg;
}

// PostgreSQL's fixed catalog OIDs (pg_type.dat) of the arrays of the types PGlite parses itself:
// bool, bytea, int8, int2, int4, text, oid, json, float4, float8, bpchar, varchar, date,
// timestamp, timestamptz, jsonb.
const ARRAY_OF: Record<number, number> = { 16: 1000, 17: 1001, 20: 1016, 21: 1005, 23: 1007, 25: 1009, 26: 1028, 114: 199, 700: 1021, 701: 1022, 1042: 1014, 1043: 1015, 1082: 1182, 1114: 1115, 1184: 1185, 3802: 3807 };

/**
 * PGlite copies its whole parser table (`{ ...this.parsers, ...options.parsers }`) for every
 * query, and at start-up adds an array parser for every array type in the catalogue — 316
 * entries, ~0.1 ms per statement, a tenth of an ingested message's time (issue 15, measured with a
 * CPU profile). Prisma's adapter parses only the types it maps (its own parsers go on top), so
 * the table keeps PGlite's base parsers and the arrays of those: ~40 entries. Any other type
 * arrives as PostgreSQL's text, which is what the adapter reads for types it does not know.
 */
export function trimParsers(pg: PGlite): void {
  const keep: PGlite['parsers'] = {};
  for (const [k, parse] of Object.entries(types.parsers)) keep[k] = parse;
  for (const [elem, array] of Object.entries(ARRAY_OF)) if (pg.parsers[array] && elem in types.parsers) keep[array] = pg.parsers[array];
  pg.parsers = keep;
}

/**
 * The Prisma adapter factory for PGlite. The stock factory's shadow database (used by the schema
 * engine to replay the migration history in `npm run migrate -- new|status`) is a bare PGlite
 * without extensions, on which `CREATE EXTENSION pg_trgm` fails; this one loads them.
 */
export class PrismaPGliteWithExtensions extends PrismaPGlite {
  private readonly shadows: PGlite[] = [];

  override async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = newPglite();
    this.shadows.push(shadow);
    return new PrismaPGlite(shadow).connect();
  }

  /** Closes the shadow databases created so far. */
  async closeShadows(): Promise<void> {
    await Promise.all(this.shadows.splice(0).map((s) => s.close().catch(() => {})));
  }
}
