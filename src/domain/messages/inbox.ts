// The transactional inbox: nothing a platform delivered is lost once we acknowledged it.
//
//  1. receive(): an adapter hands over a verified (decrypted) delivery; it is INSERTed into
//     InboxMessage (unique on platform + delivery id, so a redelivery is stored once) and only
//     then does the adapter answer the platform. If the insert fails, the adapter answers with an
//     error and the platform delivers again.
//  2. Processing runs afterwards, per sender, oldest first: one sender's messages are handled one
//     at a time and in arrival order, across every instance, by a claim (a lease row in
//     SchedulerLock, "inbox:<platform>:<sender>", renewed while working, expiring if the holder
//     dies). Different senders proceed in parallel.
//  3. A message is processed in ONE transaction with everything it causes: its records, its
//     InboundMessage row, the inbox row's PENDING → DONE (a conditional update: a second processor
//     finds it done and rolls back) and its reply in the outbox (messages/replies.ts). So it is
//     applied once and answered once, or not at all and tried again.
//  4. Anything left PENDING by a crash is picked up on start-up and by a periodic sweep; a message
//     that keeps failing is retried with backoff and, after `maxAttempts`, marked FAILED and
//     answered "received, but nothing was recorded" — never left silent.
//  5. A voice message is stored as a reference (MediaId / file id); its audio is downloaded and
//     transcribed here, in processing, then handled as the typed transcript (voice/port.ts). A
//     chart queued with an answer (messages/attachments.ts) is sent right after the reply.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Prisma, PrismaClient, InboxMessage } from '../../generated/prisma/client.js';
import type { Outbound, ReplyRoute } from '../pushes/outbound.js';
import type { BotReply, CardAction, CommitHooks, SalesAssistant } from '../assistant.js';
import type { Tx } from '../context.js';
import { langOf } from '../i18n.js';
import { makeLog } from '../../log.js';
import { acquireLease, releaseLease } from '../pushes/locks.js';
import { deliverDue } from '../pushes/outbox.js';
import type { PlatformName } from '../users.js';
import { enqueueReply, notProcessedText, ONLY_TEXT, REPLY_KIND, replyKey } from './replies.js';
import { CHART_KIND, chartKey } from './attachments.js';
import { VoiceError, voiceEmptyText, voiceFailedText, voiceNotConfiguredText, type AudioSource, type Transcriber, type VoiceRef } from '../voice/port.js';

/** One delivery as an adapter received it. */
export interface InboxEntry {
  platform: PlatformName;
  /** The platform's id of this delivery (WeCom MsgId, Slack event_id, …). */
  externalId: string;
  /** The sender's id on that platform. */
  sender: string;
  /** Where the answer goes. */
  route: ReplyRoute;
  /** A text message… */
  text?: string;
  /** …or a card button / dialog submission… */
  action?: { action: CardAction; targetId: string; value?: string };
  /** …or a voice message, fetched and transcribed when processed (voice/port.ts)… */
  voice?: VoiceRef;
  /** …or something we cannot read (image, video): answered with a hint. */
  notice?: 'only_text';
}

type Payload = Omit<InboxEntry, 'platform' | 'externalId' | 'sender'>;

export const INBOX_STATUS = { PENDING: 'PENDING', DONE: 'DONE', FAILED: 'FAILED' } as const;

export interface InboxOptions {
  assistant: SalesAssistant;
  /** Channels for the replies (the adapters' outbound channels). */
  outbound: Outbound;
  /** Names this instance in the sender claims (default host:pid:random). */
  instanceId?: string;
  /** How long a sender claim lasts without renewal (a dead holder's senders wait this long). */
  leaseMs?: number;
  /** Period of the sweep that picks up messages left unprocessed (crash, failure backoff). */
  sweepMs?: number;
  /** How long a reply being sent stays claimed (a sender that died mid-send is taken over after it). */
  replyLeaseMs?: number;
  /** Attempts before a message is marked FAILED and answered "nothing was recorded". */
  maxAttempts?: number;
  /** Senders processed in parallel by this instance (each needs a database connection). */
  concurrency?: number;
  /**
   * True when no other process can use this database (PGlite): claims left by a previous run of
   * this process are stale and are dropped on start() instead of waiting for them to expire.
   */
  exclusive?: boolean;
  /** Speech to text for voice messages; null/absent: they are answered with how to enable it. */
  transcriber?: Transcriber | null;
  log?: (msg: string, err?: unknown) => void;
  now?: () => Date;
}

/** Backoff after the n-th failed processing attempt: 1 s, 2 s, 4 s … capped at 60 s. */
export function inboxBackoffMs(attempts: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}

class AlreadyProcessed extends Error {}

export class Inbox {
  readonly instanceId: string;
  private readonly prisma: PrismaClient;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly now: () => Date;
  /** Running drain per sender key, and senders that got new work while it ran. */
  private readonly draining = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;
  /** Where each platform's voice audio is downloaded from (registered by the adapters). */
  private readonly audioSources = new Map<string, AudioSource>();
  private slots: number;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly opts: InboxOptions) {
    this.prisma = opts.assistant.ctx.prisma;
    this.instanceId = opts.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.slots = opts.concurrency ?? 4;
    this.log = opts.log ?? makeLog('inbox');
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Stores a delivery durably; resolves once it is committed (the adapter acknowledges the
   * platform only then) and starts processing it. 'duplicate': this delivery id was stored before.
   */
  async receive(entry: InboxEntry): Promise<'stored' | 'duplicate'> {
    const { platform, externalId, sender, ...rest } = entry;
    const kind = rest.action ? 'action' : 'message';
    const { count } = await this.prisma.inboxMessage.createMany({
      data: [{ platform, externalId, sender, kind, payload: rest as unknown as Prisma.InputJsonValue, nextAttempt: this.now() }],
      skipDuplicates: true,
    });
    this.kick(platform, sender);
    return count === 1 ? 'stored' : 'duplicate';
  }

  /** An adapter registers how to download its platform's voice messages. */
  setAudioSource(platform: PlatformName, source: AudioSource): void {
    this.audioSources.set(platform, source);
  }

  /** Processes whatever is due for one sender (no-op if this process is already at it). */
  kick(platform: string, sender: string): void {
    if (this.stopped) return;
    const key = `${platform}\u0000${sender}`;
    if (this.draining.has(key)) {
      this.again.add(key);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(key);
        await this.drain(platform, sender);
      } while (this.again.has(key) && !this.stopped);
    })()
      .catch((e) => this.log(`processing messages of ${platform}:${sender} failed; the sweep retries`, e))
      .finally(() => this.draining.delete(key));
    this.draining.set(key, run);
  }

  /** Starts the periodic sweep, after a first one right away (start-up recovery). */
  async start(): Promise<this> {
    if (this.opts.exclusive) {
      await this.prisma.schedulerLock.deleteMany({ where: { name: { startsWith: 'inbox:' } } });
    }
    await this.sweep();
    const every = this.opts.sweepMs ?? 5_000;
    this.sweepTimer = setInterval(() => void this.sweep().catch((e) => this.log('sweep failed', e)), every);
    this.sweepTimer.unref?.();
    return this;
  }

  /** Kicks every sender with due work and retries due replies. */
  async sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      const due = await this.prisma.inboxMessage.findMany({
        where: { status: INBOX_STATUS.PENDING, nextAttempt: { lte: this.now() } },
        distinct: ['platform', 'sender'],
        select: { platform: true, sender: true },
        take: 500,
      });
      for (const d of due) this.kick(d.platform, d.sender);
      await this.deliverReplies();
      await this.deliverReplies(undefined, CHART_KIND);
    })().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /** Resolves when nothing is being processed (scheduled retries are not waited for). */
  async idle(): Promise<void> {
    while (this.draining.size || this.sweeping) {
      await Promise.allSettled([...this.draining.values(), this.sweeping]);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.retryTimers.values()) clearTimeout(t);
    this.retryTimers.clear();
    await this.idle();
  }

  private async slot(): Promise<() => void> {
    if (this.slots > 0) this.slots--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.slots++;
    };
  }

  private retryAt(platform: string, sender: string, at: Date) {
    if (this.stopped) return;
    const key = `${platform}\u0000${sender}`;
    if (this.retryTimers.has(key)) return;
    const delay = Math.max(50, Math.min(at.getTime() - this.now().getTime(), 60_000));
    const t = setTimeout(() => {
      this.retryTimers.delete(key);
      this.kick(platform, sender);
    }, delay);
    t.unref?.();
    this.retryTimers.set(key, t);
  }

  private async drain(platform: string, sender: string): Promise<void> {
    const release = await this.slot();
    const lease = `inbox:${platform}:${sender}`;
    try {
      for (;;) {
        if (!(await acquireLease(this.prisma, lease, this.instanceId, this.leaseMs))) {
          // Another instance is working on this sender; if it died, its claim expires.
          this.retryAt(platform, sender, new Date(this.now().getTime() + Math.min(1_000, this.leaseMs)));
          return;
        }
        let lost = false;
        const heartbeat = setInterval(() => {
          acquireLease(this.prisma, lease, this.instanceId, this.leaseMs)
            .then((ok) => void (ok || (lost = true)))
            .catch(() => {});
        }, Math.max(100, this.leaseMs / 3));
        heartbeat.unref?.();
        try {
          while (!lost && !this.stopped) {
            const head = await this.prisma.inboxMessage.findFirst({ where: { platform: platform as PlatformName, sender, status: INBOX_STATUS.PENDING }, orderBy: { seq: 'asc' } });
            if (!head) break;
            // The oldest message waits out its backoff, and so do the later ones (order).
            if (head.nextAttempt.getTime() > this.now().getTime()) {
              this.retryAt(platform, sender, head.nextAttempt);
              break;
            }
            if (!(await this.process(head))) break;
          }
        } finally {
          clearInterval(heartbeat);
          await releaseLease(this.prisma, lease, this.instanceId).catch((e) => this.log(`releasing ${lease} failed`, e));
        }
        // Something may have arrived between the last look and the release (its own kick found
        // the claim taken): look once more now that the claim is free.
        if (lost || this.stopped) return;
        const more = await this.prisma.inboxMessage.findFirst({ where: { platform: platform as PlatformName, sender, status: INBOX_STATUS.PENDING, nextAttempt: { lte: this.now() } }, select: { id: true } });
        if (!more) return;
      }
    } finally {
      release();
    }
  }

  /** Processes one message; false when not even a failure could be recorded (try later). */
  private async process(row: InboxMessage): Promise<boolean> {
    const payload = row.payload as unknown as Payload;
    const key = replyKey(row.platform, row.externalId);
    let error: unknown;
    const hooks: CommitHooks = {
      beforeCommit: (tx, reply) => this.complete(tx, row, payload.route, key, reply),
      onError: (e) => {
        error = e;
      },
    };
    let reply: BotReply;
    if (row.kind === 'action' && payload.action) {
      reply = await this.opts.assistant.handleAction({ platform: row.platform as PlatformName, senderId: row.sender, ...payload.action, externalId: key }, hooks);
    } else if (payload.notice === 'only_text') {
      reply = { text: ONLY_TEXT, duplicate: false, outcome: 'ANSWERED' };
    } else if (payload.voice) {
      const heard = await this.transcribe(row, payload.voice).catch((e: unknown) => ({ error: e }));
      if ('error' in heard) {
        // Download or API trouble: tried again with backoff like any failed message.
        await this.fail(row, payload.route, key, heard.error);
        await this.deliverReplies(key);
        return true;
      }
      reply =
        'text' in heard
          ? await this.opts.assistant.handleMessage({ platform: row.platform as PlatformName, externalId: row.externalId, senderId: row.sender, text: heard.text, route: payload.route, voice: true }, hooks)
          : { text: heard.notice, duplicate: false, outcome: 'ANSWERED' };
    } else {
      reply = await this.opts.assistant.handleMessage({ platform: row.platform as PlatformName, externalId: row.externalId, senderId: row.sender, text: payload.text ?? '', route: payload.route }, hooks);
    }
    try {
      if (reply.outcome === 'ERROR') {
        if (error instanceof AlreadyProcessed) return true;
        await this.fail(row, payload.route, key, error);
        await this.deliverReplies(key); // the "nothing was recorded" answer, when it came to that
        return true;
      }
      // Committed with the message (handler ran), or nothing to commit (a duplicate delivery,
      // an unregistered sender, a hint): record the answer and close the row now.
      const closed = await this.prisma.inboxMessage.findUnique({ where: { id: row.id }, select: { status: true } });
      if (closed?.status === INBOX_STATUS.PENDING) await this.prisma.$transaction((tx) => this.complete(tx, row, payload.route, key, reply));
    } catch (e) {
      if (!(e instanceof AlreadyProcessed)) {
        this.log(`inbox ${key}: could not record the outcome`, e);
        return false;
      }
    }
    await this.deliverReplies(key);
    // The chart that goes with the answer, after it (queued in the same transaction).
    if (reply.pushQueued) await this.deliverReplies(chartKey(row.platform, row.externalId), CHART_KIND);
    return true;
  }

  /**
   * The transcript of a voice message, or the answer instead of one (transcription not enabled,
   * audio refused, nothing said). Throws on trouble worth retrying (network, 5xx, rate limit).
   */
  private async transcribe(row: InboxMessage, voice: VoiceRef): Promise<{ text: string } | { notice: string }> {
    const user = await this.opts.assistant.findUser(row.platform as PlatformName, row.sender);
    // Unregistered senders get the registration hint from the assistant, without a transcription.
    if (!user) return { text: '' };
    const lang = langOf(user.locale);
    const transcriber = this.opts.transcriber;
    if (!transcriber) return { notice: voiceNotConfiguredText(lang) };
    const source = this.audioSources.get(row.platform);
    if (!source) return { notice: voiceFailedText(lang, lang === 'zh' ? '这个平台的语音无法下载' : 'voice cannot be downloaded from this platform') };
    try {
      const text = (await transcriber.transcribe(await source.fetch(voice))).trim();
      return text ? { text } : { notice: voiceEmptyText(lang) };
    } catch (e) {
      if (e instanceof VoiceError && e.permanent) {
        this.log(`inbox ${row.platform}:${row.externalId}: voice not transcribed: ${e.message}`);
        return { notice: voiceFailedText(lang, e.message) };
      }
      throw e;
    }
  }

  /** Inside the message's transaction: PENDING → DONE (exactly one processor wins) + the reply. */
  private async complete(tx: Tx, row: InboxMessage, route: ReplyRoute, key: string, reply: BotReply): Promise<void> {
    const done = await tx.inboxMessage.updateMany({
      where: { id: row.id, status: INBOX_STATUS.PENDING },
      data: { status: INBOX_STATUS.DONE, processedAt: this.now(), attempts: { increment: 1 }, lastError: null },
    });
    if (done.count !== 1) throw new AlreadyProcessed(`inbox row ${row.id} was processed by another worker`);
    // A refused press on someone else's card answers the presser privately: replacing the card
    // would take its buttons away from its owner.
    const to: ReplyRoute = reply.refused && 'responseUrl' in route && route.mode === 'replace' ? { ...route, mode: 'ephemeral', original: undefined } : route;
    if (reply.text) await enqueueReply(tx, key, to, { text: reply.text, card: reply.card }, this.now());
  }

  private async fail(row: InboxMessage, route: ReplyRoute, key: string, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const why = (error instanceof Error ? error.message : String(error ?? 'unknown error')).slice(0, 1000);
    if (attempts < this.maxAttempts) {
      const next = new Date(this.now().getTime() + inboxBackoffMs(attempts));
      await this.prisma.inboxMessage.updateMany({ where: { id: row.id, status: INBOX_STATUS.PENDING }, data: { attempts, lastError: why, nextAttempt: next } });
      this.log(`inbox ${key}: attempt ${attempts} failed (${why}); retry at ${next.toISOString()}`);
      return;
    }
    const user = await this.opts.assistant.findUser(row.platform as PlatformName, row.sender).catch(() => null);
    await this.prisma.$transaction(async (tx) => {
      const n = await tx.inboxMessage.updateMany({ where: { id: row.id, status: INBOX_STATUS.PENDING }, data: { status: INBOX_STATUS.FAILED, attempts, lastError: why, processedAt: this.now() } });
      if (n.count === 1) await enqueueReply(tx, key, route, { text: notProcessedText(langOf(user?.locale)) }, this.now());
    });
    this.log(`inbox ${key} FAILED after ${attempts} attempts: ${why}`);
  }

  /**
   * Sends due replies (one message's, right after it was processed; all of them in a sweep) —
   * or, with kind "chart", the charts that go with them.
   */
  private async deliverReplies(periodKey?: string, kind: string = REPLY_KIND): Promise<void> {
    try {
      await deliverDue(this.prisma, this.opts.outbound, this.now(), { only: { kind, ...(periodKey ? { periodKey } : {}) }, unreachable: 'leave', leaseMs: this.opts.replyLeaseMs ?? 60_000, log: (l) => this.log(l) });
    } catch (e) {
      this.log('delivering replies failed; the sweep retries', e);
    }
  }
}
