// `npm run cli -- import <客户.xlsx|.csv> [--dry-run] [--owner 姓名] [--team 团队] [--allow-duplicates] [--as 姓名]`
// Always shows the dry run first (per-row problems, existing customers, 撞单), then — unless
// --dry-run — imports in batches with a progress bar on the terminal. Running it twice changes
// nothing the second time. `import template <file.xlsx>` writes an empty template.
import { readFile, writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { parseArgs } from '../args.js';
import { runWithDb } from '../session.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Lang } from '../../domain/i18n.js';
import { applyImport, type ApplyResult } from '../../domain/imports/apply.js';
import { formatPlan, planImport } from '../../domain/imports/plan.js';
import { ImportFormatError, formatOf, importTemplate, readCustomerSheet } from '../../domain/imports/read.js';
import { CLI_ACTOR, actorOf, type Actor } from '../../domain/teams/actor.js';
import { findPerson } from '../../domain/teams/lookup.js';

export const usage = 'import <file.xlsx|file.csv> [--dry-run] [--owner 姓名] [--team 团队] [--allow-duplicates] [--as 姓名] | import template <file.xlsx>';

export interface Progress {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

/** cli-progress on stderr (redrawn in place on a terminal, a line every few seconds otherwise). */
export function terminalProgress(label: string): Progress {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% · {value}/{total} · {eta_formatted}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 3000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return { start: (t) => bar.start(t, 0), update: (d) => bar.update(d), stop: () => bar.stop() };
}

export interface ImportCliOptions {
  now: Date;
  lang: Lang;
  progress?: (label: string) => Progress;
  /** Where the dry run and result go (before the bar starts, so they are not overwritten). */
  print?: (line: string) => void;
}

export function formatResult(r: ApplyResult, lang: Lang): string {
  return lang === 'zh'
    ? `✅ 导入完成：新建 ${r.created} 个客户，补充 ${r.updated} 个已有客户，${r.unchanged} 个无变化；新增联系人 ${r.contactsCreated} 个，补充 ${r.contactsUpdated} 个。`
    : `✅ Import done: ${r.created} customers created, ${r.updated} filled in, ${r.unchanged} unchanged; ${r.contactsCreated} contacts added, ${r.contactsUpdated} filled in.`;
}

/** The command on an open database; returns [exit code, output]. Exported for tests and the bench. */
export async function runImport(prisma: PrismaClient, args: string[], o: ImportCliOptions): Promise<[number, string]> {
  const { flags, positional } = parseArgs(args, ['dry-run', 'allow-duplicates']);
  const zh = o.lang === 'zh';
  if (positional[0] === 'template') {
    if (!positional[1]) return [2, `usage: ${usage}`];
    await writeFile(positional[1], await importTemplate());
    return [0, zh ? `已写入导入模板 ${positional[1]}` : `Template written to ${positional[1]}`];
  }
  const file = positional[0];
  const format = file ? formatOf(file) : null;
  if (!file || !format) return [2, `usage: ${usage}`];
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (e) {
    return [1, zh ? `无法读取文件 ${file}：${(e as Error).message}` : `Cannot read ${file}: ${(e as Error).message}`];
  }
  let actor: Actor = CLI_ACTOR;
  if (typeof flags.as === 'string') {
    const p = await findPerson(prisma, CLI_ACTOR, flags.as, o.lang);
    if (!p.ok) return [1, p.result.text];
    actor = actorOf(p.value);
  }
  let sheet;
  try {
    sheet = await readCustomerSheet(data, format);
  } catch (e) {
    if (e instanceof ImportFormatError) return [1, zh ? `文件格式不对：${e.message}` : `Unreadable file: ${e.message}`];
    throw e;
  }
  const plan = await planImport(prisma, sheet.rows, sheet.sheet, {
    actor,
    lang: o.lang,
    defaultOwner: typeof flags.owner === 'string' ? flags.owner : null,
    poolTeam: typeof flags.team === 'string' ? flags.team : null,
    allowDuplicates: flags['allow-duplicates'] === true,
  });
  const report = [formatPlan(plan, o.lang), sheet.ignored.length ? (zh ? `（忽略的列：${sheet.ignored.join('、')}）` : `(ignored columns: ${sheet.ignored.join(', ')})`) : ''].filter(Boolean).join('\n');
  if (flags['dry-run'] === true) return [0, `${report}\n${zh ? '（试运行：没有写入任何数据）' : '(dry run: nothing written)'}`];
  o.print?.(report);
  const bar = o.progress?.(zh ? '导入' : 'import');
  const result = await applyImport(prisma, plan, {
    actor,
    now: o.now,
    source: file.split(/[\\/]/).pop() ?? file,
    onProgress: (done, total) => (done === 0 ? bar?.start(total) : bar?.update(done)),
  });
  bar?.stop();
  return [0, o.print ? formatResult(result, o.lang) : `${report}\n${formatResult(result, o.lang)}`];
}

export async function run(args: string[]): Promise<number> {
  return runWithDb(args, (prisma, rest, c) => runImport(prisma, rest, { now: c.now, lang: c.lang, progress: terminalProgress, print: (l) => console.log(l) }));
}
