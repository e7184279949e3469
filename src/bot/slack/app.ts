// Slack adapter on Bolt: DMs, @mentions, the /sales command and card buttons. Socket Mode when
// an app token is configured, HTTP Events API (signing-secret verified) otherwise. Events are
// acknowledged before any work; the work is SalesAssistant's, the adapter only translates.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { BotReply, CardAction, SalesAssistant } from '../../domain/assistant.js';
import { ACTION_ID_PATTERN, EDIT_AMOUNT_VIEW, editAmountView, renderBlocks, resolvedBlocks, unescapeSlack, type Block } from './blocks.js';
import type { SlackConfig } from './config.js';

type WebClient = App['client'];

export interface SlackAdapterOptions {
  config: SlackConfig;
  assistant: SalesAssistant;
  log?: (msg: string, err?: unknown) => void;
  logLevel?: LogLevel;
}

type Respond = (msg: Record<string, unknown>) => Promise<unknown>;

export class SlackAdapter {
  readonly app: App;
  readonly receiver?: ExpressReceiver;
  private server?: http.Server;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: SlackAdapterOptions) {
    const { config } = opts;
    this.log = opts.log ?? ((m, e) => console.error(`[slack] ${m}`, e ?? ''));
    const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : undefined;
    const logLevel = opts.logLevel ?? LogLevel.INFO;
    if (config.appToken) {
      this.app = new App({ token: config.botToken, appToken: config.appToken, socketMode: true, clientOptions, logLevel });
    } else {
      this.receiver = new ExpressReceiver({ signingSecret: config.signingSecret, processBeforeResponse: false, logLevel });
      this.app = new App({ token: config.botToken, receiver: this.receiver, clientOptions, logLevel });
    }
    this.app.error(async (e) => this.log('listener failed', e));
    this.register();
  }

  get mode(): 'socket' | 'http' {
    return this.receiver ? 'http' : 'socket';
  }

  get client(): WebClient {
    return this.app.client;
  }

  /** Starts Socket Mode, or the HTTP receiver on host:port; returns the HTTP port (0 in Socket Mode). */
  async start(port = this.opts.config.port, host = this.opts.config.host): Promise<number> {
    if (!this.receiver) {
      await this.app.start();
      return 0;
    }
    const server = http.createServer(this.receiver.app);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** Resolves when the work started by acknowledged requests is done. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    if (this.server) {
      const s = this.server;
      s.closeAllConnections?.();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    } else {
      await this.app.stop();
    }
    await this.idle();
  }

  /** Runs after-ack work, tracked so tests and shutdown can wait for it. */
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  private async postReply(client: WebClient, channel: string, threadTs: string | undefined, reply: BotReply) {
    if (reply.duplicate || !reply.text) return;
    const blocks = renderBlocks({ text: reply.text, card: reply.card });
    await client.chat.postMessage({ channel, text: reply.text, ...(threadTs ? { thread_ts: threadTs } : {}), ...(blocks ? { blocks } : {}) });
  }

  private register() {
    const { assistant } = this.opts;

    // Direct messages (message.im). Channel chatter is ignored; channels use @mentions.
    this.app.message(async ({ message, body, client }) => {
      const m = message as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; ts: string; thread_ts?: string };
      if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user) return;
      const eventId = (body as { event_id?: string }).event_id ?? `${m.channel}:${m.ts}`;
      await this.track(
        (async () => {
          const reply = await assistant.handleMessage({ platform: 'SLACK', externalId: eventId, senderId: m.user!, text: unescapeSlack(m.text ?? '') });
          await this.postReply(client, m.channel, m.thread_ts, reply);
        })(),
      );
    });

    // @mentions in channels: answered in a thread under the message.
    this.app.event('app_mention', async ({ event, body, client, context }) => {
      const e = event as { user?: string; bot_id?: string; text?: string; channel: string; ts: string; thread_ts?: string };
      if (!e.user || e.bot_id) return;
      const botMention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;
      const text = unescapeSlack((e.text ?? '').replace(botMention, '')).trim();
      await this.track(
        (async () => {
          const reply = await assistant.handleMessage({ platform: 'SLACK', externalId: (body as { event_id: string }).event_id, senderId: e.user!, text });
          await this.postReply(client, e.channel, e.thread_ts ?? e.ts, reply);
        })(),
      );
    });

    // /sales <text>: acknowledged at once, answered privately through the response_url.
    this.app.command(this.opts.config.command, async ({ command, ack, respond }) => {
      await ack();
      await this.track(
        (async () => {
          // trigger_id is unique per invocation: the command's idempotency key.
          const reply = await assistant.handleMessage({ platform: 'SLACK', externalId: `cmd:${command.trigger_id}`, senderId: command.user_id, text: unescapeSlack(command.text ?? '') });
          if (reply.duplicate || !reply.text) return;
          const blocks = renderBlocks({ text: reply.text, card: reply.card });
          await respond({ response_type: 'ephemeral', text: reply.text, ...(blocks ? { blocks } : {}) });
        })(),
      );
    });

    // Card and reminder buttons.
    this.app.action(ACTION_ID_PATTERN, async ({ ack, body, action, client, respond }) => {
      await ack();
      const b = body as {
        user: { id: string };
        trigger_id?: string;
        channel?: { id: string };
        message?: { ts: string; thread_ts?: string; text?: string; blocks?: Block[] };
        container?: { is_ephemeral?: boolean; message_ts?: string };
      };
      const a = action as { action_id: string; value?: string };
      const kind = a.action_id.replace(/^sa_/, '') as CardAction;
      const targetId = a.value ?? '';
      if (!targetId) return;
      const channel = b.channel?.id;
      const threadTs = b.message ? (b.message.thread_ts ?? b.message.ts) : undefined;
      await this.track(
        (async () => {
          if (kind === 'edit_amount') {
            if (!b.trigger_id) return;
            await client.views.open({ trigger_id: b.trigger_id, view: editAmountView({ inboundId: targetId, channel, threadTs }) as never });
            return;
          }
          const reply = await assistant.handleAction({ platform: 'SLACK', senderId: b.user.id, action: kind, targetId });
          await this.deliverActionResult(client, respond as Respond | undefined, b, channel, threadTs, reply.text);
        })(),
      );
    });

    // The "edit amount" dialog.
    this.app.view(EDIT_AMOUNT_VIEW, async ({ ack, body, view, client }) => {
      await ack();
      await this.track(
        (async () => {
          let meta: { inboundId?: string; channel?: string; threadTs?: string } = {};
          try {
            meta = JSON.parse(view.private_metadata || '{}');
          } catch {
            return;
          }
          if (!meta.inboundId) return;
          const value = view.state.values?.amount?.value?.value ?? '';
          const reply = await assistant.handleAction({ platform: 'SLACK', senderId: body.user.id, action: 'edit_amount', targetId: meta.inboundId, value });
          // Back where the card was (its thread), else as a DM.
          await client.chat.postMessage({ channel: meta.channel ?? body.user.id, text: reply.text, ...(meta.channel && meta.threadTs ? { thread_ts: meta.threadTs } : {}) });
        })(),
      );
    });
  }

  private async deliverActionResult(
    client: WebClient,
    respond: Respond | undefined,
    b: { user: { id: string }; message?: { text?: string; blocks?: Block[] }; container?: { is_ephemeral?: boolean } },
    channel: string | undefined,
    threadTs: string | undefined,
    text: string,
  ) {
    if (respond && b.message) {
      // Replace the card: same content, buttons swapped for the outcome (no double presses).
      await respond({ replace_original: true, text: b.message.text ?? text, blocks: resolvedBlocks(b.message.blocks, b.message.text ?? '', text) });
      return;
    }
    if (respond) {
      await respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    }
    await client.chat.postMessage({ channel: channel ?? b.user.id, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }
}
