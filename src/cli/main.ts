// `npm run cli -- <command> [args]`. Each command lives in src/cli/commands/<command>.ts and
// exports `run(args: string[]): Promise<number>` (the exit code) and `usage: string`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CliCommand {
  usage: string;
  run(args: string[]): Promise<number>;
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
const available = () =>
  readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(ts|js)$/, ''))
    .sort();

async function load(name: string): Promise<CliCommand> {
  return (await import(`./commands/${name}.js`)) as CliCommand;
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const names = available();
  if (!name || name === 'help' || name === '--help' || !names.includes(name)) {
    if (name && !['help', '--help'].includes(name)) console.error(`unknown command: ${name}`);
    console.error('usage: npm run cli -- <command> [args]\n');
    for (const n of names) console.error(`  ${(await load(n)).usage}`);
    return name && !['help', '--help'].includes(name) ? 2 : 0;
  }
  return (await load(name)).run(args);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
