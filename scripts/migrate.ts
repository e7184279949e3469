// `npm run migrate`            apply pending migrations to the configured database (DATABASE_URL or PGlite DATA_DIR)
// `npm run migrate -- new NAME` write prisma/migrations/<timestamp>_NAME/migration.sql from the schema diff
// `npm run migrate -- status`   list migrations not yet reflected in the schema (exit 1 if the schema drifted)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dbOptionsFromEnv, migrateWith, openDb, redactUrl } from '../src/db/client.js';
import { loadMigrationList, MIGRATIONS_DIR, SCHEMA_PATH } from '../src/db/migrate.js';
import { openSchemaEngine } from '../src/db/schemaEngine.js';
import { newPglite, PrismaPGliteWithExtensions } from '../src/db/pglite.js';

async function diffSql(): Promise<string> {
  // The "from" side is the migration history, replayed by the engine on a shadow database
  // (for PGlite: a fresh in-memory instance), so no real database is touched.
  const scratch = newPglite();
  const factory = new PrismaPGliteWithExtensions(scratch);
  const engine = await openSchemaEngine(SCHEMA_PATH, factory);
  try {
    const out = await engine.diff({
      from: { tag: 'migrations', ...loadMigrationList() },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, 'utf8') }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return out.stdout ?? '';
  } finally {
    engine.free();
    await factory.closeShadows();
    await scratch.close();
  }
}

async function main() {
  const [cmd, name] = process.argv.slice(2);
  if (cmd === 'new' || cmd === 'status') {
    const sql = await diffSql();
    const empty = !sql.trim() || /^-- This is an empty migration/.test(sql.trim());
    if (cmd === 'status') {
      console.log(empty ? 'schema and migrations agree' : `schema differs from migrations:\n${sql}`);
      process.exit(empty ? 0 : 1);
    }
    if (empty) return console.log('no changes: schema and migrations agree');
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: npm run migrate -- new <snake_case_name>');
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), sql);
    return console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
  const opts = dbOptionsFromEnv();
  if (opts.databaseUrl) {
    const applied = await migrateWith(opts.databaseUrl);
    console.log(applied.length ? `applied to ${redactUrl(opts.databaseUrl)}: ${applied.join(', ')}` : `${redactUrl(opts.databaseUrl)} is up to date`);
    return;
  }
  const db = await openDb({ ...opts, migrate: false });
  try {
    const applied = await migrateWith(db.adapterFactory);
    console.log(applied.length ? `applied to ${db.describe}: ${applied.join(', ')}` : `${db.describe} is up to date`);
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
