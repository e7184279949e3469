// `npm run eval:parse -- FILE.jsonl [FILE…] [--parser rule|openai] [--verbose] [--now ISO] [--tz ZONE]`
// Scores a parser on annotated messages in one process and prints per-field tallies, every miss
// with what was parsed, and the overall field accuracy as the last line (same rules as
// shared/parse-eval/score.py). Exit code 0 when the accuracy reaches --need (default 0.90).
import { readFileSync } from 'node:fs';
import { createOpenAIParserFromEnv } from '../src/intents/openai.js';
import { ruleParser } from '../src/intents/rules/index.js';
import { evaluate, parseCases } from '../src/intents/eval/score.js';

const DEFAULT_NOW = '2026-11-23T10:00:00+08:00';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const verbose = args.includes('--verbose');
  const files = args.filter((a, i) => a.endsWith('.jsonl') && !['--parser', '--now', '--tz', '--need'].includes(args[i - 1] ?? ''));
  if (!files.length) {
    console.error('usage: npm run eval:parse -- FILE.jsonl [--parser rule|openai] [--verbose] [--now ISO] [--tz Asia/Shanghai] [--need 0.90]');
    return 2;
  }
  const which = flag('parser') ?? 'rule';
  let parser = ruleParser;
  if (which === 'openai') {
    const p = createOpenAIParserFromEnv(ruleParser, process.env, (m) => verbose && console.error(`[openai] ${m}`));
    if (!p) {
      console.error('--parser openai needs OPENAI_API_KEY (and OPENAI_BASE_URL / OPENAI_MODEL for other providers)');
      return 2;
    }
    parser = p;
  } else if (which !== 'rule') {
    console.error(`unknown parser "${which}" (rule | openai)`);
    return 2;
  }
  const now = new Date(flag('now') ?? DEFAULT_NOW);
  if (Number.isNaN(now.getTime())) {
    console.error(`--now: not an ISO time: ${flag('now')}`);
    return 2;
  }
  const cases = files.flatMap((f) => parseCases(readFileSync(f, 'utf8')));
  const started = performance.now();
  const r = await evaluate(parser, cases, now, flag('tz') ?? 'Asia/Shanghai');
  const ms = performance.now() - started;
  if (verbose) {
    for (const m of r.misses) console.log(`MISS ${m.key}: want ${JSON.stringify(m.want)} | ${m.text}\n     got ${JSON.stringify(m.got)}`);
  }
  const fields = Object.entries(r.byField).sort(([a], [b]) => a.localeCompare(b));
  console.log(`per field: ${fields.map(([k, f]) => `${k} ${f.hits}/${f.total} (${(f.hits / f.total).toFixed(2)})`).join(', ')}`);
  console.log(`${r.messages} messages, ${r.misses.length} misses, ${parser.name} parser, ${ms.toFixed(0)} ms`);
  console.log(`parse field accuracy ${r.accuracy.toFixed(2)} (${r.hits}/${r.total}, ${r.messages} messages)`);
  const need = Number(flag('need') ?? 0.9);
  return r.accuracy >= need ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
