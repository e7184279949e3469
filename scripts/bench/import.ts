// `npm run bench:import -- [--rows 10000] [--existing 2000] [--db pglite|postgres|both]`
// Times the customer import the way `npm run cli -- import` runs it: a generated .xlsx of N rows
// (one contact per row, every 5th customer with a second contact row), read with exceljs, the dry
// run (owners, 撞单 against `--existing` customers of other reps), the batched import, and the
// same file a second time (idempotent: nothing written). PGlite uses a folder on disk like
// `npm start`. Prints a Markdown table for docs/benchmarks.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDb, type Db } from '../../src/db/client.js';
import { customerKey } from '../../src/domain/customers.js';
import { applyImport } from '../../src/domain/imports/apply.js';
import { planImport } from '../../src/domain/imports/plan.js';
import { readCustomerSheet } from '../../src/domain/imports/read.js';
import { CLI_ACTOR } from '../../src/domain/teams/actor.js';
import { createThrowawayDatabase, isPostgresReachable } from '../../tests/helpers/db.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1] ?? '');
const ROWS = Number(args.get('rows') ?? 10_000);
const EXISTING = Number(args.get('existing') ?? 2_000);
const REPS = 20;
const log = (s: string) => process.stderr.write(`${s}\n`);

// A seeded generator so every run imports the same names.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const PLACES = ['华信', '博远', '启明', '天工', '长风', '瑞丰', '鼎盛', '云杉', '海川', '金石', '安泰', '恒通', '新元', '嘉禾', '星河', '明德'];
const TRADES = ['电子', '机械', '软件', '物流', '医药', '化工', '能源', '传媒', '教育', '农业', '建材', '服饰'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '军', '杰', '涛'];

async function makeWorkbook(file: string, reps: string[]): Promise<number> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['客户名称', '负责人', '级别', '行业', '来源', '联系人', '职务', '电话', '微信']);
  let rows = 0;
  for (let i = 0; rows < ROWS; i++) {
    const name = `${pick(PLACES)}${pick(TRADES)}${String(i).padStart(5, '0')}号`;
    const owner = reps[i % reps.length];
    const contacts = i % 5 === 0 ? 2 : 1;
    for (let k = 0; k < contacts && rows < ROWS; k++, rows++) {
      ws.addRow([name, owner, pick(['A', 'B', 'C']), pick(TRADES), pick(['展会', '官网', '转介绍', '电话营销']), `${pick(SURNAMES)}${pick(GIVEN)}${k}`, pick(['总经理', '采购经理', '技术负责人']), `138${String(10_000_000 + i * 3 + k).slice(-8)}`, ''].map(String));
    }
  }
  await wb.xlsx.writeFile(file);
  return rows;
}

async function seedOrg(db: Db): Promise<string[]> {
  const team = await db.prisma.team.create({ data: { name: '华东一部' } });
  const names: string[] = [];
  for (let i = 0; i < REPS; i++) {
    const u = await db.prisma.user.create({ data: { displayName: `销售${String(i).padStart(2, '0')}`, role: 'REP', teamId: team.id } });
    names.push(u.displayName);
  }
  const other = await db.prisma.user.create({ data: { displayName: '老员工', role: 'REP', teamId: team.id } });
  const data = Array.from({ length: EXISTING }, (_, i) => {
    const name = `既有${pick(TRADES)}客户${i}`;
    return { name, normalizedName: customerKey(name), ownerId: other.id };
  });
  for (let i = 0; i < data.length; i += 1000) await db.prisma.customer.createMany({ data: data.slice(i, i + 1000) });
  return names;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

async function benchOn(kind: 'pglite' | 'postgres', file: string): Promise<string[]> {
  let cleanup: () => Promise<void>;
  let db: Db;
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-bench-import-'));
    db = await openDb({ dataDir: dir });
    cleanup = async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const scratch = await createThrowawayDatabase('sa_bench_import');
    db = await openDb({ databaseUrl: scratch.url });
    cleanup = async () => {
      await db.close();
      await scratch.drop();
    };
  }
  try {
    const reps = await seedOrg(db);
    seed = 42;
    const rows = await makeWorkbook(file, reps);
    const data = (await import('node:fs')).readFileSync(file);
    const opts = { actor: CLI_ACTOR, lang: 'zh' as const };
    const run = async () => {
      const [sheet, tRead] = await timed(() => readCustomerSheet(data, 'xlsx'));
      const [plan, tPlan] = await timed(() => planImport(db.prisma, sheet.rows, sheet.sheet, opts));
      const [result, tApply] = await timed(() => applyImport(db.prisma, plan, { actor: CLI_ACTOR, now: new Date(), source: 'bench.xlsx' }));
      return { tRead, tPlan, tApply, plan, result };
    };
    log(`${kind}: first import of ${rows} rows…`);
    const first = await run();
    log(`${kind}: second import (idempotent)…`);
    const second = await run();
    const total = (r: typeof first) => ((r.tRead + r.tPlan + r.tApply) / 1000).toFixed(1);
    const s = (x: number) => (x / 1000).toFixed(2);
    return [
      `| ${kind} | first | ${rows} | ${first.plan.counts.create} created, ${first.result.contactsCreated} contacts | ${s(first.tRead)} | ${s(first.tPlan)} | ${s(first.tApply)} | **${total(first)}** |`,
      `| ${kind} | again | ${rows} | ${second.result.created} created, ${second.plan.counts.unchanged} unchanged | ${s(second.tRead)} | ${s(second.tPlan)} | ${s(second.tApply)} | **${total(second)}** |`,
    ];
  } finally {
    await cleanup();
  }
}

async function main() {
  const which = args.get('db') ?? 'both';
  const dbs: Array<'pglite' | 'postgres'> = which === 'both' ? ['pglite', ...((await isPostgresReachable()) ? (['postgres'] as const) : [])] : [which as 'pglite' | 'postgres'];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-bench-xlsx-'));
  const file = path.join(dir, 'customers.xlsx');
  const lines = [
    `Import benchmark: ${ROWS} rows, ${REPS} owners, ${EXISTING} existing customers of another rep (撞单 checks), ${os.cpus().length} cores, Node ${process.version}.`,
    '',
    '| DB | run | rows | result | read xlsx (s) | dry run (s) | import (s) | total (s) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  try {
    for (const kind of dbs) lines.push(...(await benchOn(kind, file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(1, `${lines.join('\n')}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
