// Every PGlite instance of the app is created here, with the PostgreSQL extensions the schema
// needs loaded into the WASM build: pg_trgm (trigram index behind the 撞单 check, see
// src/domain/customers.ts). A real server ships them as contrib modules; PGlite only has an
// extension when it is handed to the constructor, so the app, the tests, the console, the
// migration scripts and the schema engine's shadow database all go through `newPglite`.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export const PGLITE_EXTENSIONS = { pg_trgm };

/** A PGlite instance with the app's extensions; no folder (or ':memory:') keeps it in memory. */
export function newPglite(dataDir?: string): PGlite {
  return dataDir && dataDir !== ':memory:' ? new PGlite({ dataDir, extensions: PGLITE_EXTENSIONS }) : new PGlite({ extensions: PGLITE_EXTENSIONS });
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
