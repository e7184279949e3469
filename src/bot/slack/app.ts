// Slack adapter on Bolt: DMs, @mentions, the /sales command and card buttons. Socket Mode when
// an app token is configured, HTTP Events API (signing-secret verified) otherwise. Every delivery
// is stored in the transactional inbox BEFORE Slack is acknowledged (HTTP: processBeforeResponse,
// the 200 goes out when the listener — which only stores — returns; Socket Mode: the envelope ack
// is held until then); if storing fails Slack gets an error and delivers again. The inbox then
// processes each sender's messages in order and answers through the outbox. The adapter only
// translates.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { SalesAssistant } from '../../domain/assistant.js';
import { makeLog } from '../../log.js';
import { Inbox, type InboxEntry } from '../../domain/messages/inbox.js';
import { Outbound, type ReplyRoute } from '../../domain/pushes/outbound.js';
import { ACTION_ID_PATTERN, EDIT_AMOUNT_VIEW, editAmountView, parseAction, unescapeSlack, type Block } from './blocks.js';
import { SlackChannel } from './channel.js';
import type { SlackConfig } from './config.js';
import { audioFileOf, slackAudioSource, voiceRefOf, type SlackFile } from './media.js';
import type { Transcriber } from '../../domain/voice/port.js';

type WebClient = App['client'];

export interface SlackAdapterOptions {
  config: SlackConfig;
  assistant: SalesAssistant;
  /** The shared inbox (serve.ts); by default one of its own, replying through this app's client. */
  inbox?: Inbox;
  /** Speech to text for audio clips, for the inbox of its own (serve.ts gives a shared inbox one). */
  transcriber?: Transcriber | null;
  log?: (msg: string, err?: unknown) => void;
  logLevel?: LogLevel;
}

/** Slack requests bigger than this are refused with 413 (block_actions carry the whole card). */
export const MAX_SLACK_BODY_BYTES = 512 * 1024;

/** Storing a delivery failed: Slack must not get a 200 (it would not deliver again). */
class NotStored extends Error {}

/**
 * Bolt acknowledges Socket Mode events before the listeners run. This receiver holds the
 * envelope ack until the listeners (which store the delivery) are done, and sends none when they
 * fail — Slack then redelivers — the Socket Mode counterpart of processBeforeResponse.
 */
class StoreFirstSocketModeReceiver extends SocketModeReceiver {
  constructor(options: ConstructorParameters<typeof SocketModeReceiver>[0]) {
    super(options);
    this.client.removeAllListeners('slack_event');
    this.client.on('slack_event', async (args: { body: Record<string, unknown>; ack: (body?: unknown) => Promise<void>; retry_num?: number; retry_reason?: string }) => {
      let held: { body?: unknown } | null = null;
      const event = {
        body: args.body,
        ack: async (response?: unknown) => {
          held = { body: response };
        },
        retryNum: args.retry_num,
        retryReason: args.retry_reason,
        customProperties: {},
      };
      try {
        await (this as unknown as { app?: App }).app?.processEvent(event as never);
      } catch {
        return; // not stored: no ack, Slack delivers again
      }
      if (held) await args.ack((held as { body?: unknown }).body);
    });
  }
}

export class SlackAdapter {
  readonly app: App;
  readonly receiver?: ExpressReceiver;
  readonly socketReceiver?: StoreFirstSocketModeReceiver;
  readonly inbox: Inbox;
  private server?: http.Server;
  private started = false;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: SlackAdapterOptions) {
    const { config } = opts;
    this.log = opts.log ?? makeLog('slack');
    const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : undefined;
    const logLevel = opts.logLevel ?? LogLevel.INFO;
    if (config.appToken) {
      this.socketReceiver = new StoreFirstSocketModeReceiver({ appToken: config.appToken, logLevel });
      this.app = new App({ token: config.botToken, receiver: this.socketReceiver, clientOptions, logLevel });
    } else {
      // processBeforeResponse: the HTTP 200 waits for the listener, i.e. for the inbox insert.
      this.receiver = new ExpressReceiver({ signingSecret: config.signingSecret, processBeforeResponse: true, bodyLimit: MAX_SLACK_BODY_BYTES, logLevel });
      this.app = new App({ token: config.botToken, receiver: this.receiver, clientOptions, logLevel });
    }
    this.app.error(async (e) => {
      const original = (e as { original?: unknown }).original ?? e;
      this.log('listener failed', original);
      // Rethrown, it reaches the receiver: HTTP 500 / no Socket Mode ack, so Slack retries.
      if (original instanceof NotStored || e instanceof NotStored) throw e;
    });
    this.inbox = opts.inbox ?? new Inbox({ assistant: opts.assistant, outbound: new Outbound([new SlackChannel(this.app.client, opts.assistant.ctx.prisma)]), transcriber: opts.transcriber, log: this.log });
    this.inbox.setAudioSource('SLACK', slackAudioSource(this.app.client, opts.config.botToken));
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
    this.started = true;
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
    await this.inbox.idle();
  }

  async stop(): Promise<void> {
    if (this.server) {
      const s = this.server;
      s.closeAllConnections?.();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    } else if (this.started) {
      await this.app.stop();
    }
    if (this.opts.inbox) await this.idle();
    else await this.inbox.stop();
  }

  /** Runs after-ack work, tracked so tests and shutdown can wait for it. */
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  /** Stores a delivery in the inbox; throws NotStored (→ no ack, Slack retries) if it cannot. */
  private async store(entry: InboxEntry): Promise<void> {
    try {
      await this.inbox.receive(entry);
    } catch (e) {
      this.log(`could not store ${entry.externalId}`, e);
      throw new NotStored(`not stored: ${entry.externalId}`);
    }
  }

  private register() {
    // Direct messages (message.im). Channel chatter is ignored; channels use @mentions.
    this.app.message(async ({ message, body }) => {
      const m = message as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; ts: string; thread_ts?: string; files?: SlackFile[] };
      if (m.channel_type !== 'im' || m.bot_id || !m.user) return;
      const eventId = (body as { event_id?: string }).event_id ?? `${m.channel}:${m.ts}`;
      const audio = m.subtype === 'file_share' ? audioFileOf(m.files) : null;
      if (audio) {
        // An audio clip: stored by file id; downloaded and transcribed when processed.
        await this.store({ platform: 'SLACK', externalId: eventId, sender: m.user, voice: voiceRefOf(audio), route: { platform: 'SLACK', channel: m.channel, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) } });
        return;
      }
      if (m.subtype) return;
      await this.store({ platform: 'SLACK', externalId: eventId, sender: m.user, text: unescapeSlack(m.text ?? ''), route: { platform: 'SLACK', channel: m.channel, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) } });
    });

    // @mentions in channels: answered in a thread under the message.
    this.app.event('app_mention', async ({ event, body, context }) => {
      const e = event as { user?: string; bot_id?: string; text?: string; channel: string; ts: string; thread_ts?: string };
      if (!e.user || e.bot_id) return;
      const botMention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;
      const text = unescapeSlack((e.text ?? '').replace(botMention, '')).trim();
      await this.store({ platform: 'SLACK', externalId: (body as { event_id: string }).event_id, sender: e.user, text, route: { platform: 'SLACK', channel: e.channel, threadTs: e.thread_ts ?? e.ts } });
    });

    // /sales <text>: stored, then acknowledged; answered privately through the response_url.
    this.app.command(this.opts.config.command, async ({ command, ack }) => {
      try {
        // trigger_id is unique per invocation: the command's idempotency key.
        await this.store({
          platform: 'SLACK', externalId: `cmd:${command.trigger_id}`, sender: command.user_id, text: unescapeSlack(command.text ?? ''),
          route: { platform: 'SLACK', responseUrl: command.response_url, mode: 'ephemeral', user: command.user_id, channel: command.channel_id },
        });
      } catch {
        // Not stored: say so (the user sees it at once) instead of a silent timeout.
        await ack({ response_type: 'ephemeral', text: '系统繁忙，这条消息没有保存，请稍后重发。\nThe system is busy; this message was not saved. Please send it again.' });
        return;
      }
      await ack();
    });

    // Card and reminder buttons.
    this.app.action(ACTION_ID_PATTERN, async ({ ack, body, action, client }) => {
      const b = body as {
        user: { id: string };
        trigger_id?: string;
        response_url?: string;
        channel?: { id: string };
        message?: { ts: string; thread_ts?: string; text?: string; blocks?: Block[] };
      };
      const a = action as { action_id: string; value?: string; action_ts?: string };
      const pressed = parseAction(a.action_id, a.value ?? '');
      if (!pressed) return void (await ack());
      const { action: kind, targetId } = pressed;
      const channel = b.channel?.id;
      const threadTs = b.message ? (b.message.thread_ts ?? b.message.ts) : undefined;
      if (kind === 'edit_amount') {
        // Only opens a dialog (nothing stored); the trigger expires in 3 s, so do it now.
        await ack();
        if (!b.trigger_id) return;
        await this.track(client.views.open({ trigger_id: b.trigger_id, view: editAmountView({ inboundId: targetId, channel, threadTs }) as never }).catch((e) => this.log('views.open failed', e)));
        return;
      }
      let route: ReplyRoute;
      if (b.response_url && b.message) {
        route = { platform: 'SLACK', responseUrl: b.response_url, mode: 'replace', user: b.user.id, channel, threadTs, original: { text: b.message.text ?? '', blocks: b.message.blocks } };
      } else if (b.response_url) {
        route = { platform: 'SLACK', responseUrl: b.response_url, mode: 'ephemeral', user: b.user.id, channel, threadTs };
      } else {
        route = { platform: 'SLACK', channel: channel ?? b.user.id, ...(threadTs ? { threadTs } : {}) };
      }
      // One press by one person (a redelivery of it carries the same ids).
      const pressId = `${b.user.id}:${b.trigger_id ?? `${a.action_ts ?? ''}:${a.action_id}:${targetId}`}`;
      await this.store({ platform: 'SLACK', externalId: `action:${pressId}`, sender: b.user.id, route, action: { action: kind, targetId, ...(pressed.value ? { value: pressed.value } : {}) } });
      await ack();
    });

    // The "edit amount" dialog.
    this.app.view(EDIT_AMOUNT_VIEW, async ({ ack, body, view }) => {
      let meta: { inboundId?: string; channel?: string; threadTs?: string } = {};
      try {
        meta = JSON.parse(view.private_metadata || '{}');
      } catch {
        return void (await ack());
      }
      if (!meta.inboundId) return void (await ack());
      const value = view.state.values?.amount?.value?.value ?? '';
      // Back where the card was (its thread), else as a DM.
      const route: ReplyRoute = { platform: 'SLACK', channel: meta.channel ?? body.user.id, ...(meta.channel && meta.threadTs ? { threadTs: meta.threadTs } : {}) };
      const submitId = `view:${view.id}:${(body as { trigger_id?: string }).trigger_id ?? view.hash ?? ''}`;
      await this.store({ platform: 'SLACK', externalId: submitId, sender: body.user.id, route, action: { action: 'edit_amount', targetId: meta.inboundId, value: value ?? '' } });
      await ack();
    });
  }
}
