// WeCom callback server (self-built app, 接收消息 in safe mode). Only translation happens here:
// verify + decrypt, hand the text to SalesAssistant, deliver the reply through message/send.
// The HTTP answer goes out at once (WeCom waits 5 s, then retries); the work runs after it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CardAction, SalesAssistant } from '../../domain/assistant.js';
import type { WecomApi } from './api.js';
import type { WecomConfig } from './config.js';
import { WecomAuthError, openEnvelope } from './crypto.js';
import { XmlError, field, parseWecomXml } from './xml.js';

export interface WecomServerOptions {
  config: WecomConfig;
  assistant: SalesAssistant;
  api: WecomApi;
  log?: (msg: string, err?: unknown) => void;
  now?: () => number;
}

const MAX_BODY_BYTES = 64 * 1024;
const ACTIONS: CardAction[] = ['confirm', 'undo', 'edit_amount', 'task_done', 'task_snooze'];

/** Button key on WeCom template cards: "sa|<action>|<targetId>". */
export function buttonKey(action: CardAction, targetId: string): string {
  return `sa|${action}|${targetId}`;
}

function parseButtonKey(key: string): { action: CardAction; targetId: string } | null {
  const m = key.match(/^sa\|([a-z_]+)\|(.+)$/);
  if (!m || !ACTIONS.includes(m[1] as CardAction)) return null;
  return { action: m[1] as CardAction, targetId: m[2] };
}

/** Hints for kinds of message we cannot read (adapter-level, shown in both languages). */
const ONLY_TEXT = '暂时只支持文字消息，请用文字描述拜访、电话或下一步计划。\nOnly text messages are supported for now.';

export class WecomServer {
  readonly server: http.Server;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly now: () => number;
  /** Per-sender queues: one user's messages are handled in the order they arrived. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Recently seen ids of messages that are not stored (events, images) so retries stay silent. */
  private readonly recent = new Map<string, number>();

  constructor(private readonly opts: WecomServerOptions) {
    this.log = opts.log ?? ((m, e) => console.error(`[wecom] ${m}`, e ?? ''));
    this.now = opts.now ?? Date.now;
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

  /** Resolves when every accepted message has been processed and replied to. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.idle();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== this.opts.config.path) return void res.writeHead(404).end();
    const q = url.searchParams;
    const params = { signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '' };
    const reject = (status: number, why: string) => {
      this.log(`rejected ${req.method} callback: ${why}`);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 403 ? 'forbidden' : 'bad request');
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

    let body: string;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch {
      return reject(413, 'body too large');
    }
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
    // Answer now; WeCom needs a reply within 5 s and accepts an empty body ("no passive reply").
    res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    if (agentId && agentId !== String(this.opts.config.agentId)) {
      this.log(`ignored callback for agent ${agentId}`);
      return;
    }
    this.enqueue(from, () => this.process(inner, from, msgType));
  }

  private enqueue(sender: string, work: () => Promise<void>) {
    const prev = this.queues.get(sender) ?? Promise.resolve();
    const next = prev.then(work).catch((e) => this.log(`processing a message from ${sender} failed`, e));
    this.queues.set(sender, next);
    this.inFlight.add(next);
    void next.finally(() => {
      this.inFlight.delete(next);
      if (this.queues.get(sender) === next) this.queues.delete(sender);
    });
  }

  private seenRecently(key: string): boolean {
    const now = this.now();
    for (const [k, at] of this.recent) if (now - at > 10 * 60_000) this.recent.delete(k);
    if (this.recent.has(key)) return true;
    this.recent.set(key, now);
    if (this.recent.size > 5000) this.recent.delete(this.recent.keys().next().value!);
    return false;
  }

  private async process(inner: ReturnType<typeof parseWecomXml>, from: string, msgType: string) {
    const { assistant, api } = this.opts;
    if (msgType === 'text') {
      const msgId = field(inner, 'MsgId');
      // Every text message has a MsgId; fall back to sender+time so a retry still maps to one key.
      const externalId = msgId || `${from}:${field(inner, 'CreateTime')}`;
      const reply = await assistant.handleMessage({ platform: 'WECOM', externalId, senderId: from, text: field(inner, 'Content') });
      if (reply.duplicate) return;
      if (reply.text) await api.sendText(from, reply.text);
      return;
    }
    if (msgType === 'event') {
      const event = field(inner, 'Event');
      if (event === 'template_card_event') {
        const key = `card:${from}:${field(inner, 'TaskId')}:${field(inner, 'EventKey')}`;
        const parsed = parseButtonKey(field(inner, 'EventKey'));
        if (!parsed || this.seenRecently(key)) return;
        const reply = await assistant.handleAction({ platform: 'WECOM', senderId: from, action: parsed.action, targetId: parsed.targetId });
        if (reply.text) await api.sendText(from, reply.text);
        return;
      }
      // enter_agent, subscribe, location reports…: nothing to store or answer.
      this.log(`event ${event || '(none)'} from ${from} ignored`);
      return;
    }
    // image, voice, video, file, location, link: tell the user once per message.
    const id = field(inner, 'MsgId') || `${from}:${field(inner, 'CreateTime')}:${msgType}`;
    if (this.seenRecently(`msg:${id}`)) return;
    await api.sendText(from, ONLY_TEXT);
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
