// `npm run -s cli -- parse --json --now 2026-11-23T10:00:00+08:00 "<text>"` — prints exactly one
// JSON object (the stable projection in toCliJson). Outside checks depend on this contract.
import { parseArgs, parseInstant } from '../args.js';
import { createParser } from '../../intents/index.js';
import { toCliJson } from '../../intents/schema.js';
import { DEFAULT_TZ } from '../../domain/time.js';

export const usage = 'parse [--json] [--full] [--now ISO] [--tz Asia/Shanghai] "<message>"   parse one message (offline rules unless OPENAI_API_KEY is set)';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, ['json', 'full']);
  const text = positional.join(' ');
  const now = parseInstant(flags.now, new Date());
  const timezone = typeof flags.tz === 'string' ? flags.tz : process.env.TZ_DEFAULT || DEFAULT_TZ;
  const parser = createParser(process.env, (m) => console.error(`[parser] ${m}`));
  const parsed = await parser.parse(text, { now, timezone });
  const out = flags.full ? parsed : toCliJson(parsed);
  process.stdout.write(flags.json ? `${JSON.stringify(out)}\n` : `${JSON.stringify(out, null, 2)}\n`);
  return 0;
}
