// `npm start`: the console chat on the embedded database, demo data seeded on first run.
import readline from 'node:readline';
import { openDb, dbOptionsFromEnv } from '../../db/client.js';
import { makeLog } from '../../log.js';
import { SalesAssistant } from '../../domain/assistant.js';
import { makeContext } from '../../domain/context.js';
import { seedDemo } from '../../domain/seed.js';
import { createParser } from '../../intents/index.js';
import { parseAmountText } from '../../intents/amountText.js';
import { startSchedulers } from '../../schedulers/index.js';
import { Outbound } from '../../domain/pushes/outbound.js';
import { ConsoleChannel } from './channel.js';
import { ConsoleSession } from './session.js';

const schedulerLog = makeLog('scheduler');

async function main() {
  const startUser = process.env.CONSOLE_USER || 'lina';
  const db = await openDb({ ...dbOptionsFromEnv(), log: (l) => console.log(`[db] ${l}`) });
  const ctx = makeContext(db.prisma);
  if (await seedDemo(db.prisma, ctx.now(), ctx.timezone)) console.log('[db] 已写入演示数据 (demo data seeded)');
  const parser = createParser(process.env, (m: string) => console.error(`[parser] ${m}`));
  // A reply that queued a push (an export file) is delivered at once rather than at the next tick.
  let deliverNow: (() => void) | undefined;
  const assistant = new SalesAssistant(ctx, { parser, parseAmount: parseAmountText, onPushQueued: () => deliverNow?.() });
  const session = new ConsoleSession(assistant, db.prisma, { user: startUser });

  console.log(`销售助手 · ${db.describe} · 解析器 ${parser.name}`);
  console.log(`当前身份：${await session.handleLine('/whoami')}。输入 /help 查看控制台命令，发送“帮助”查看用法。`);

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const interactive = !!process.stdin.isTTY;
  if (interactive) {
    rl.setPrompt(session.prompt());
    rl.prompt();
  }
  // Pushes (reminders, digests, 日报…) for every demo user print here, labelled with the
  // recipient, so one terminal shows what each person would receive in WeCom or Slack.
  const pushChannel = new ConsoleChannel(db.prisma, {
    print: (line) => {
      console.log(line);
      if (interactive) rl.prompt(true);
    },
  });
  const stopSchedulers =
    process.env.SCHEDULERS === 'off'
      ? null
      : startSchedulers({ db, outbound: new Outbound([pushChannel]), now: ctx.now, log: (l: string) => schedulerLog(l) });
  // Delivered behind the line being handled, so a file arrives after the reply that announced it.
  if (stopSchedulers) {
    deliverNow = () => {
      chain = chain.then(() => stopSchedulers.scheduler.deliver().then(() => {}, (e) => console.error(`[scheduler] delivery failed: ${e instanceof Error ? e.message : e}`)));
    };
  }

  // Lines are handled one at a time, in order, even when piped in faster than we answer.
  let chain = Promise.resolve();
  let closed = false;
  const finish = async () => {
    if (closed) return;
    closed = true;
    await chain;
    await stopSchedulers?.();
    await db.close();
    process.exit(0);
  };
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      if (closed) return;
      if (!interactive) console.log(`${session.prompt()}${line}`);
      const out = await session.handleLine(line);
      if (out === null) return void finish();
      console.log(out);
      if (interactive) {
        rl.setPrompt(session.prompt());
        rl.prompt();
      }
    });
  });
  rl.on('close', () => void finish());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
