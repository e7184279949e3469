// Loads Prisma's schema engine compiled to WASM. The native engine cannot be downloaded on
// machines that reach only the npm registry, and the package's own entry imports the .wasm
// file as an ES module (Node 20 needs a flag for that), so we instantiate it by hand.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let bgPromise: Promise<Bg> | undefined;

async function loadBindings(): Promise<Bg> {
  const require = createRequire(import.meta.url);
  // The package exports no ./package.json; resolve a file it does export and take its folder.
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bg = (await import(pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href)) as Bg & {
    __wbg_set_wasm(exports: unknown): void;
  };
  const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
  // The WebAssembly global is not in the ES lib typings we compile against.
  const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start as (() => void) | undefined;
  start?.();
  return bg;
}

export async function openSchemaEngine(
  schemaPath: string,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  bgPromise ??= loadBindings();
  const bg = await bgPromise;
  const schemaText = await readFile(schemaPath, 'utf8');
  return bg.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    (msg: string) => log(msg),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
