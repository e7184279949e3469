// `npm run cli -- export <file.xlsx> [--as 姓名] [--scope 团队|姓名] [--lang en] [--tz zone]`
// Customers, contacts, deals, follow-ups, tasks and payments to one workbook, streamed to disk.
// The CLI operator is an admin (everything); --as exports what that person may see.
import { parseArgs } from '../args.js';
import { runWithDb } from '../session.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Lang } from '../../domain/i18n.js';
import { exportScope, formatCounts, writeExport } from '../../domain/exports/workbook.js';
import { CLI_ACTOR, actorOf, type Actor } from '../../domain/teams/actor.js';
import { findPerson } from '../../domain/teams/lookup.js';

export const usage = 'export <file.xlsx> [--as 姓名] [--scope 团队|姓名] [--lang en] [--tz Asia/Shanghai]';

export async function runExport(prisma: PrismaClient, args: string[], o: { lang: Lang; tz: string }): Promise<[number, string]> {
  const { flags, positional } = parseArgs(args);
  const file = positional[0];
  if (!file || !/\.xlsx$/i.test(file)) return [2, `usage: ${usage}`];
  let actor: Actor = CLI_ACTOR;
  if (typeof flags.as === 'string') {
    const p = await findPerson(prisma, CLI_ACTOR, flags.as, o.lang);
    if (!p.ok) return [1, p.result.text];
    actor = actorOf(p.value);
  }
  const s = await exportScope(prisma, actor, o.lang, typeof flags.scope === 'string' ? flags.scope : null);
  if (!s.ok) return [1, s.result.text];
  const counts = await writeExport(prisma, s.scope, o.lang, o.tz, { filename: file });
  return [0, `${file}: ${formatCounts(counts, o.lang)}`];
}

export async function run(args: string[]): Promise<number> {
  return runWithDb(args, (prisma, rest, c) => runExport(prisma, rest, { lang: c.lang, tz: c.tz }));
}
