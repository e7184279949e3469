// The frame every database CLI command shares: common flags (--now, --lang, --tz) read and
// removed, the database opened from the environment and closed afterwards, the command's
// [exit code, text] printed to stdout (success) or stderr.
import { parseArgs, parseInstant } from './args.js';
import { openDb, dbOptionsFromEnv } from '../db/client.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Lang } from '../domain/i18n.js';
import { DEFAULT_TZ } from '../domain/time.js';

export interface CommonFlags {
  now: Date;
  lang: Lang;
  tz: string;
}

const COMMON = ['--now', '--lang', '--tz'];

export async function runWithDb(args: string[], fn: (prisma: PrismaClient, rest: string[], common: CommonFlags) => Promise<[number, string]>): Promise<number> {
  const { flags } = parseArgs(args);
  const common: CommonFlags = {
    now: parseInstant(flags.now, new Date()),
    lang: flags.lang === 'en' ? 'en' : 'zh',
    tz: typeof flags.tz === 'string' ? flags.tz : process.env.TZ_DEFAULT || DEFAULT_TZ,
  };
  const rest = args.filter((x, i) => !(COMMON.includes(x) || COMMON.includes(args[i - 1])));
  const db = await openDb(dbOptionsFromEnv());
  try {
    const [code, text] = await fn(db.prisma, rest, common);
    (code === 0 ? process.stdout : process.stderr).write(`${text}\n`);
    return code;
  } finally {
    await db.close();
  }
}
