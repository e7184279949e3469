// `npm run serve`: starts every adapter whose settings are present (WeCom callback server,
// Slack via Socket Mode or HTTP), the transactional inbox they store deliveries in (processed on
// arrival, at start-up and by a sweep) and the push schedulers, all on the same outbound channels.
import { openDb, dbOptionsFromEnv } from '../db/client.js';
import { makeLog } from '../log.js';
import { SalesAssistant } from '../domain/assistant.js';
import { makeContext } from '../domain/context.js';
import { Inbox } from '../domain/messages/inbox.js';
import { ensureBootstrapAdmin } from '../domain/registration.js';
import { parseAmountText } from '../intents/amountText.js';
import { createParser } from '../intents/index.js';
import { startSchedulers } from '../schedulers/index.js';
import { Outbound, type OutboundChannel } from '../domain/pushes/outbound.js';
import { SlackAdapter } from './slack/app.js';
import { SlackChannel } from './slack/channel.js';
import { slackConfigFromEnv } from './slack/config.js';
import { WecomApi } from './wecom/api.js';
import { WecomChannel } from './wecom/channel.js';
import { wecomConfigFromEnv } from './wecom/config.js';
import { WecomServer } from './wecom/server.js';
import { transcriberFromEnv } from '../voice/transcriber.js';

// Every line that may carry an error goes through makeLog: causes included, secrets redacted.
const log = (scope: string) => makeLog(scope);

async function main() {
  const env = process.env;
  // Configuration errors surface before anything is opened.
  const wecom = wecomConfigFromEnv(env);
  const slack = slackConfigFromEnv(env);
  if (!wecom && !slack) {
    console.error(
      '没有配置任何平台 / No platform configured.\n' +
        '  WeCom: set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_ENCODING_AES_KEY (see docs/setup-wecom.md)\n' +
        '  Slack: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode (see docs/setup-slack.md)\n' +
        'For a local try-out use `npm start` (console).',
    );
    process.exit(2);
  }

  const db = await openDb({ ...dbOptionsFromEnv(env), log: (l) => console.log(`[db] ${l}`) });
  const ctx = makeContext(db.prisma);
  const parser = createParser(env, (m: string) => log('parser')(m));
  // A reply that queued a push (an export file) is delivered at once rather than at the next tick.
  let deliverNow: (() => void) | undefined;
  const assistant = new SalesAssistant(ctx, { parser, parseAmount: parseAmountText, log: log('assistant'), onPushQueued: () => deliverNow?.() });
  console.log(`销售助手 serve · ${db.describe} · parser ${parser.name}`);

  const channels: OutboundChannel[] = [];
  const stops: Array<() => Promise<void>> = [];
  // Pushes and replies share the channels below (filled in as the adapters start).
  const outbound = new Outbound(channels);
  // Voice notes: transcribed when an OpenAI-compatible transcription API is configured.
  const transcriber = transcriberFromEnv(env);
  console.log(transcriber ? `[voice] transcription via ${transcriber.describe}` : '[voice] transcription off (set TRANSCRIBE_API_KEY or OPENAI_API_KEY to transcribe voice notes)');
  const inbox = new Inbox({ assistant, outbound, transcriber, exclusive: db.kind === 'pglite', log: log('inbox') });

  if (wecom) {
    if (env.WECOM_ADMIN_USER_ID) console.log(`[wecom] bootstrap admin ${env.WECOM_ADMIN_USER_ID}: ${await ensureBootstrapAdmin(ctx, 'WECOM', env.WECOM_ADMIN_USER_ID)}`);
    const api = new WecomApi({ apiBase: wecom.apiBase, corpId: wecom.corpId, secret: wecom.secret, agentId: wecom.agentId, log: log('wecom') });
    const server = new WecomServer({ config: wecom, assistant, api, inbox, log: log('wecom') });
    const port = await server.listen();
    console.log(`[wecom] callback listening on http://${wecom.host}:${port}${wecom.path} (agent ${wecom.agentId}, API ${wecom.apiBase})`);
    channels.push(new WecomChannel(api, db.prisma));
    stops.push(() => server.close());
  }

  if (slack) {
    if (env.SLACK_ADMIN_USER_ID) console.log(`[slack] bootstrap admin ${env.SLACK_ADMIN_USER_ID}: ${await ensureBootstrapAdmin(ctx, 'SLACK', env.SLACK_ADMIN_USER_ID)}`);
    const adapter = new SlackAdapter({ config: slack, assistant, inbox, log: log('slack') });
    const port = await adapter.start();
    console.log(adapter.mode === 'socket' ? '[slack] connected in Socket Mode' : `[slack] HTTP events on http://${slack.host}:${port}/slack/events (command ${slack.command})`);
    channels.push(new SlackChannel(adapter.client, db.prisma));
    stops.push(() => adapter.stop());
  }

  // Messages left unprocessed by a previous run (crash, restart) are processed now; then a sweep
  // every few seconds picks up anything another instance left behind.
  await inbox.start();
  stops.push(() => inbox.stop());
  console.log('[inbox] started');

  // Push schedulers (reminders, digests, rankings) deliver through the configured channels.
  if (env.SCHEDULERS !== 'off') {
    const stopSchedulers = startSchedulers({ db, outbound, log: (line) => log('scheduler')(line) });
    deliverNow = () => void stopSchedulers.scheduler.deliver().catch((e) => log('scheduler')('delivery failed', e));
    stops.unshift(stopSchedulers);
    console.log(`[scheduler] started (${channels.map((c) => c.name).join(', ')})`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    for (const stop of stops) await stop().catch((e) => log('serve')('stop failed', e));
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  log('serve')('failed to start', e);
  process.exit(1);
});
