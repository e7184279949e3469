// WeCom callback server (self-built app, 接收消息 in safe mode). Only translation happens here:
// verify + decrypt, store the delivery in the transactional inbox, answer WeCom — in that order,
// because WeCom does not redeliver after a 200 — and let the inbox process it and send the reply
// (message/send, through the outbox). If storing fails, WeCom gets a 503 and delivers again.
// Voice messages are stored by MediaId; the inbox downloads (media/get) and transcribes them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CardAction, SalesAssistant } from '../../domain/assistant.js';
import { makeLog } from '../../log.js';
import { Inbox, type InboxEntry } from '../../domain/messages/inbox.js';
import { Outbound } from '../../domain/pushes/outbound.js';
import type { WecomApi } from './api.js';
import { WecomChannel } from './channel.js';
import type { WecomConfig } from './config.js';
import { WecomAuthError, openEnvelope } from './crypto.js';
import { XmlError, field, parseWecomXml } from './xml.js';
import { wecomAudioSource } from './media.js';
import type { Transcriber } from '../../domain/voice/port.js';

export interface WecomServerOptions {
  config: WecomConfig;
  assistant: SalesAssistant;
  api: WecomApi;
  /** The shared inbox (serve.ts); by default one of its own, replying through `api`. */
  inbox?: Inbox;
  /** Speech to text for voice messages, for the inbox of its own (serve.ts gives a shared inbox one). */
  transcriber?: Transcriber | null;
  log?: (msg: string, err?: unknown) => void;
  now?: () => number;
}

/** WeCom callbacks are small XML envelopes; anything bigger is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;
const ACTIONS: CardAction[] = ['confirm', 'undo', 'edit_amount', 'task_done', 'task_snooze', 'choose'];

/** Button key on WeCom template cards: "sa|<action>|<targetId>". */
export function buttonKey(action: CardAction, targetId: string): string {
  return `sa|${action}|${targetId}`;
}

function parseButtonKey(key: string): { action: CardAction; targetId: string; value?: string } | null {
  const m = key.match(/^sa\|([a-z_]+)\|(.+)$/);
  if (!m || !ACTIONS.includes(m[1] as CardAction)) return null;
  if (m[1] !== 'choose') return { action: m[1] as CardAction, targetId: m[2] };
  // A question's answer button: "sa|choose|<askInboundId>:<n>".
  const c = /^(.+):(\d{1,2})$/.exec(m[2]);
  return c ? { action: 'choose', targetId: c[1], value: c[2] } : null;
}

export class WecomServer {
  readonly server: http.Server;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly now: () => number;
  readonly inbox: Inbox;

  constructor(private readonly opts: WecomServerOptions) {
    this.log = opts.log ?? makeLog('wecom');
    this.now = opts.now ?? Date.now;
    this.inbox = opts.inbox ?? new Inbox({ assistant: opts.assistant, outbound: new Outbound([new WecomChannel(opts.api, opts.assistant.ctx.prisma)]), transcriber: opts.transcriber, log: this.log });
    this.inbox.setAudioSource('WECOM', wecomAudioSource(opts.api));
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        this.log('request failed', e);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  }

  async listen(port = this.opts.config.port, host = this.opts.config.host): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves when every stored message has been processed (and its reply attempted). */
  async idle(): Promise<void> {
    await this.inbox.idle();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.opts.inbox) await this.idle();
    else await this.inbox.stop();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== this.opts.config.path) return void res.writeHead(404).end();
    const q = url.searchParams;
    const params = { signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '' };
    const reject = (status: number, why: string) => {
      this.log(`rejected ${req.method} callback: ${why}`);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 403 ? 'forbidden' : status === 413 ? 'payload too large' : 'bad request');
    };

    if (req.method === 'GET') {
      // URL verification when the callback URL is saved in the admin console.
      try {
        // echostr is base64: a '+' left unencoded by a proxy arrives as a space.
        const echostr = (q.get('echostr') ?? '').replace(/ /g, '+');
        const echo = openEnvelope(this.opts.config, { ...params, encrypt: echostr }, this.now());
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(echo);
      } catch (e) {
        if (e instanceof WecomAuthError) return reject(e.status, e.message);
        throw e;
      }
      return;
    }
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'GET, POST' }).end();

    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return reject(413, 'body too large');
    let inner: ReturnType<typeof parseWecomXml>;
    try {
      const outer = parseWecomXml(body);
      const plain = openEnvelope(this.opts.config, { ...params, encrypt: field(outer, 'Encrypt') }, this.now());
      inner = parseWecomXml(plain);
    } catch (e) {
      if (e instanceof WecomAuthError) return reject(e.status, e.message);
      if (e instanceof XmlError) return reject(400, `malformed XML: ${e.message}`);
      throw e;
    }
    const from = field(inner, 'FromUserName');
    const msgType = field(inner, 'MsgType');
    if (!from || !msgType) return reject(400, 'message without FromUserName/MsgType');
    const agentId = field(inner, 'AgentID');
    if (agentId && agentId !== String(this.opts.config.agentId)) {
      this.log(`ignored callback for agent ${agentId}`);
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    }
    const entry = this.entryOf(inner, from, msgType);
    if (entry) {
      try {
        // Stored (committed) before WeCom hears "200": after that it never redelivers.
        await this.inbox.receive(entry);
      } catch (e) {
        this.log('could not store a callback; answering 503 so that WeCom delivers it again', e);
        return void res.writeHead(503, { 'content-type': 'text/plain' }).end('retry');
      }
    }
    // WeCom needs an answer within 5 s and accepts an empty body ("no passive reply").
    res.writeHead(200, { 'content-type': 'text/plain' }).end('');
  }

  /** What to store for a callback, or null for events we neither store nor answer. */
  private entryOf(inner: ReturnType<typeof parseWecomXml>, from: string, msgType: string): InboxEntry | null {
    const route = { platform: 'WECOM' as const, user: from };
    if (msgType === 'text') {
      // Every text message has a MsgId; fall back to sender+time so a retry still maps to one key.
      const externalId = field(inner, 'MsgId') || `${from}:${field(inner, 'CreateTime')}`;
      return { platform: 'WECOM', externalId, sender: from, route, text: field(inner, 'Content') };
    }
    if (msgType === 'event') {
      const event = field(inner, 'Event');
      if (event === 'template_card_event') {
        const parsed = parseButtonKey(field(inner, 'EventKey'));
        if (!parsed) return null;
        // One press of one button of one card: WeCom's retries carry the same three.
        const externalId = `card:${from}:${field(inner, 'TaskId')}:${field(inner, 'EventKey')}`;
        // The card's one-time update code: the reply turns its buttons into the outcome.
        const responseCode = field(inner, 'ResponseCode');
        return {
          platform: 'WECOM', externalId, sender: from, route: { ...route, ...(responseCode ? { responseCode } : {}) },
          action: { action: parsed.action, targetId: parsed.targetId, ...(parsed.value ? { value: parsed.value } : {}) },
        };
      }
      // enter_agent, subscribe, location reports…: nothing to store or answer.
      this.log(`event ${event || '(none)'} from ${from} ignored`);
      return null;
    }
    if (msgType === 'voice' && field(inner, 'MediaId')) {
      // The audio is fetched and transcribed when the stored message is processed, not now.
      const externalId = `voice:${field(inner, 'MsgId') || `${from}:${field(inner, 'CreateTime')}`}`;
      return { platform: 'WECOM', externalId, sender: from, route, voice: { mediaId: field(inner, 'MediaId'), format: field(inner, 'Format') || 'amr' } };
    }
    // image, video, file, location, link: tell the user once per message.
    const externalId = `${msgType}:${field(inner, 'MsgId') || `${from}:${field(inner, 'CreateTime')}`}`;
    return { platform: 'WECOM', externalId, sender: from, route, notice: 'only_text' };
  }
}

/**
 * The body as text, or null when it is over `limit` bytes. An oversize body is read to its end
 * (and discarded, up to 16× the limit) so that the client gets the 413 instead of a reset
 * connection; beyond that the connection is dropped.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit * 16) {
      resolve(null);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit * 16) {
        req.destroy();
        return;
      }
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
