// The one entry point adapters call. It owns the rules every message obeys: input limits,
// who the sender is, idempotency on the platform's message id, and "one message, one
// transaction" — a reply either describes committed records or says nothing was stored.
import type { Prisma } from '../generated/prisma/client.js';
import { ParsedMessageSchema, type MessageParser, type ParsedMessage } from '../intents/schema.js';
import { ChangeLog } from './changes.js';
import { runCommand } from './commands.js';
import type { DomainContext, Tx } from './context.js';
import { dealHandler } from './deals/record.js';
import { targetHandler } from './analytics/targets.js';
import { correctAmountOf, correctionHandler } from './corrections.js';
import { customerNamesFor } from './customers.js';
import type { HandlerEnv, HandlerResult, IntentHandler, ReplyCard, UserWithTeam } from './handlerTypes.js';
import { langOf, t, type Lang } from './i18n.js';
import { ingestHandler } from './ingest.js';
import { queryHandler } from './queries/index.js';
import { completeTask, snoozeTask } from './tasks.js';
import { applyDirectives } from './directives.js';
import { fromLocal, toLocal } from './time.js';
import { undoById, undoHandler } from './undo.js';
import { visibleUserIds, platformIdField, type PlatformName } from './users.js';

export const MAX_MESSAGE_CHARS = Number(process.env.MAX_MESSAGE_CHARS || 2000);

export interface IncomingMessage {
  platform: PlatformName;
  /** The platform's own message id (WeCom MsgId, Slack event_id…): the idempotency key. */
  externalId: string;
  /** The sender's id on that platform (WeCom UserID, Slack user id, console name). */
  senderId: string;
  text: string;
}

export interface BotReply {
  text: string;
  card?: ReplyCard;
  /** True when this message id was seen before and the stored reply is returned unchanged. */
  duplicate: boolean;
  /** The handler recorded pushes in the outbox for this reply (e.g. an export file to send). */
  pushQueued?: boolean;
  outcome: string;
  inboundId?: string;
}

export type CardAction = 'confirm' | 'undo' | 'edit_amount' | 'task_done' | 'task_snooze';

export interface IncomingAction {
  platform: PlatformName;
  senderId: string;
  action: CardAction;
  /** InboundMessage id for confirm/undo/edit_amount, Task id for task_*. */
  targetId: string;
  /** New amount for edit_amount (text as typed: "40万", "400000"). */
  value?: string;
}

export interface AssistantOptions {
  parser: MessageParser;
  /** Parses an amount typed into the "edit amount" dialog; defaults to plain numbers. */
  parseAmount?: (text: string) => number | null;
  log?: (msg: string, err?: unknown) => void;
  /** Called after a reply whose handler queued pushes (files): deliver the outbox now. */
  onPushQueued?: () => void;
}

const HANDLERS: Partial<Record<ParsedMessage['intent'], IntentHandler>> = {
  log_activity: ingestHandler,
  create_task: ingestHandler,
  update_opportunity: ingestHandler,
  mark_hot: ingestHandler,
  correction: correctionHandler,
  undo: undoHandler,
  query: queryHandler,
  record_deal: dealHandler,
  set_target: targetHandler,
};

/** Intent handlers added by other modules (deals, targets) without editing the router. */
export function registerIntentHandler(intent: ParsedMessage['intent'], handler: IntentHandler) {
  HANDLERS[intent] = handler;
}

// PostgreSQL text cannot hold NUL or a lone UTF-16 surrogate (JSON payloads can carry "\udcf5");
// storing one fails the insert, so every redelivery would fail the same way. Replace, don't drop.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export function cleanText(text: string): string {
  return text.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** For replies to people we cannot look up: Chinese unless the text is plainly English. */
function guessLang(text: string): Lang {
  return /[a-z]/i.test(text) && !/[\u4e00-\u9fff]/.test(text) ? 'en' : 'zh';
}

function isUniqueViolation(e: unknown, target?: string): boolean {
  const err = e as { code?: string; meta?: { target?: unknown; modelName?: string; driverAdapterError?: unknown } ; message?: string };
  if (err?.code !== 'P2002') return false;
  if (!target) return true;
  return JSON.stringify(err.meta ?? {}).includes(target) || String(err.message ?? '').includes(target);
}

function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  // P2034: write conflict / deadlock; P2002 on rows other than the inbound key: two messages
  // racing to create the same customer or contact — retrying finds the winner's row.
  return code === 'P2034' || (code === 'P2002' && !isUniqueViolation(e, 'externalId'));
}

export class SalesAssistant {
  constructor(readonly ctx: DomainContext, private readonly opts: AssistantOptions) {}

  private log(msg: string, err?: unknown) {
    (this.opts.log ?? ((m: string, e?: unknown) => console.error(`[assistant] ${m}`, e ?? '')))(msg, err);
  }

  async findUser(platform: PlatformName, senderId: string): Promise<UserWithTeam | null> {
    return this.ctx.prisma.user.findFirst({ where: { [platformIdField(platform)]: senderId, active: true }, include: { team: true } });
  }

  tzOf(user: UserWithTeam): string {
    return user.team?.timezone || this.ctx.timezone;
  }

  async handleMessage(msg: IncomingMessage): Promise<BotReply> {
    const { prisma } = this.ctx;
    let replyLang: Lang = guessLang(msg.text ?? '');
    try {
      const previous = await prisma.inboundMessage.findUnique({ where: { platform_externalId: { platform: msg.platform, externalId: msg.externalId } } });
      if (previous) return { text: previous.reply ?? '', duplicate: true, outcome: previous.outcome, inboundId: previous.id };

      const user = await this.findUser(msg.platform, msg.senderId);
      const text = cleanText(msg.text ?? '');
      if (!user) {
        return { text: t(guessLang(text), 'notRegistered', { platform: msg.platform, id: msg.senderId }), duplicate: false, outcome: 'UNREGISTERED' };
      }
      const lang = langOf(user.locale);
      replyLang = lang;
      const rejection = this.validate(text, lang);
      if (rejection) return await this.store(msg, user, text, null, () => Promise.resolve({ text: rejection, outcome: 'REJECTED' }));

      const command = await runCommand(this.ctx, user, text, lang);
      if (command) {
        const reply = await this.store(msg, user, text, null, typeof command === 'function' ? (db, env) => command(db, { ...env, platform: msg.platform }) : () => Promise.resolve(command));
        // A command that queued pushes (an export file) asks for delivery now, not at the next tick.
        if (reply.pushQueued) this.opts.onPushQueued?.();
        return reply;
      }

      const parsed = await this.parse(user, text);
      const handler = parsed.intent === 'help' ? null : HANDLERS[parsed.intent];
      return await this.store(msg, user, text, parsed, (db, env) => {
        if (parsed.intent === 'help') return Promise.resolve({ text: t(lang, 'help'), outcome: 'ANSWERED' });
        if (!handler) return Promise.resolve({ text: t(lang, 'unknown'), outcome: 'REJECTED' });
        return handler(db, env);
      });
    } catch (e) {
      this.log(`message ${msg.platform}:${msg.externalId} failed`, e);
      return { text: t(replyLang, 'busy'), duplicate: false, outcome: 'ERROR' };
    }
  }

  private validate(text: string, lang: Lang): string | null {
    if (!text.trim()) return t(lang, 'empty');
    if (text.length > MAX_MESSAGE_CHARS) return t(lang, 'tooLong', { len: text.length, max: MAX_MESSAGE_CHARS });
    if (!/[\p{L}\p{N}]/u.test(text)) return t(lang, 'noText');
    return null;
  }

  async parse(user: UserWithTeam, text: string): Promise<ParsedMessage> {
    const db = this.ctx.prisma;
    const scope = await visibleUserIds(db, user);
    const [knownCustomers, users] = await Promise.all([
      customerNamesFor(db, user.id),
      db.user.findMany({ where: scope ? { id: { in: scope } } : {}, select: { displayName: true }, take: 1000 }),
    ]);
    const ctx = { now: this.ctx.now(), timezone: this.tzOf(user), knownCustomers, knownUsers: users.map((u) => u.displayName) };
    const parsed = await this.opts.parser.parse(text, ctx);
    // "让张三明天回访方舟电子", "丢单原因：…": forms the domain recognises itself (directives.ts).
    return applyDirectives(db, parsed, text, (rest) => this.opts.parser.parse(rest, ctx));
  }

  /**
   * Runs `work` and records the InboundMessage in one transaction. A concurrent duplicate loses
   * on the unique (platform, externalId) key and gets the winner's reply instead.
   */
  private async store(
    msg: IncomingMessage,
    user: UserWithTeam,
    text: string,
    parsed: ParsedMessage | null,
    work: (db: Tx, env: HandlerEnv) => Promise<HandlerResult>,
  ): Promise<BotReply> {
    const { prisma } = this.ctx;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await prisma.$transaction(
          async (tx) => {
            const inbound = await tx.inboundMessage.create({
              data: { platform: msg.platform, externalId: msg.externalId, senderId: user.id, text, parseResult: (parsed ?? undefined) as Prisma.InputJsonValue | undefined },
            });
            const log = new ChangeLog();
            const env: HandlerEnv = { ctx: this.ctx, user, lang: langOf(user.locale), tz: this.tzOf(user), now: this.ctx.now(), parsed: parsed!, rawText: text, inboundId: inbound.id, log };
            const res = await work(tx, env);
            await tx.inboundMessage.update({
              where: { id: inbound.id },
              data: { outcome: res.outcome, reply: res.text, changes: log.empty ? undefined : (log.entries as unknown as Prisma.InputJsonValue) },
            });
            return { ...res, inboundId: inbound.id };
          },
          { maxWait: 15_000, timeout: 30_000 },
        );
        return { text: result.text, card: result.card, duplicate: false, outcome: result.outcome, inboundId: result.inboundId, ...(result.pushQueued ? { pushQueued: true } : {}) };
      } catch (e) {
        if (isUniqueViolation(e, 'externalId')) {
          const winner = await prisma.inboundMessage.findUnique({ where: { platform_externalId: { platform: msg.platform, externalId: msg.externalId } } });
          if (winner) return { text: winner.reply ?? '', duplicate: true, outcome: winner.outcome, inboundId: winner.id };
        }
        if (attempt < 3 && isRetryable(e)) continue;
        throw e;
      }
    }
  }

  /** Buttons on cards and reminders. Always scoped to the acting user's own records. */
  async handleAction(a: IncomingAction): Promise<BotReply> {
    const user = await this.findUser(a.platform, a.senderId);
    if (!user) return { text: t('zh', 'notRegistered', { platform: a.platform, id: a.senderId }), duplicate: false, outcome: 'UNREGISTERED' };
    const lang = langOf(user.locale);
    const zh = lang === 'zh';
    const { prisma } = this.ctx;
    const now = this.ctx.now();
    try {
      switch (a.action) {
        case 'confirm': {
          const m = await prisma.inboundMessage.findFirst({ where: { id: a.targetId, senderId: user.id } });
          if (!m) return this.actionReply(t(lang, 'forbidden'), 'REJECTED');
          return this.actionReply(m.undone ? (zh ? '这条记录已撤销。' : 'That record was undone.') : zh ? '👍 已确认。' : '👍 Confirmed.', 'ANSWERED');
        }
        case 'undo': {
          const text = await prisma.$transaction((tx) => undoById(tx, user.id, a.targetId, lang));
          return this.actionReply(text, 'UNDO');
        }
        case 'edit_amount': {
          const amount = a.value ? (this.opts.parseAmount ?? ((s: string) => (Number.isFinite(Number(s)) ? Number(s) : null)))(a.value) : null;
          if (amount === null || amount < 0) return this.actionReply(zh ? `金额“${a.value ?? ''}”无法识别，请输入如 400000 或 40万。` : `Cannot read the amount "${a.value ?? ''}". Enter e.g. 400000 or 400k.`, 'REJECTED');
          return this.actionEditAmount(a.platform, user, a.targetId, amount);
        }
        case 'task_done': {
          const task = await completeTask(prisma, a.targetId, user.id, now);
          return this.actionReply(task ? (zh ? `✅ 已完成：${task.title}` : `✅ Done: ${task.title}`) : t(lang, 'forbidden'), task ? 'APPLIED' : 'REJECTED');
        }
        case 'task_snooze': {
          const l = toLocal(now, this.tzOf(user));
          const until = fromLocal(this.tzOf(user), l.year, l.month, l.day + 1, 9, 0);
          const task = await snoozeTask(prisma, a.targetId, user.id, until);
          return this.actionReply(task ? (zh ? `⏰ 已推迟到明天 09:00：${task.title}` : `⏰ Snoozed to tomorrow 09:00: ${task.title}`) : t(lang, 'forbidden'), task ? 'APPLIED' : 'REJECTED');
        }
      }
    } catch (e) {
      this.log(`action ${a.action} failed`, e);
      return this.actionReply(t(lang, 'busy'), 'ERROR');
    }
  }

  private actionReply(text: string, outcome: string): BotReply {
    return { text, duplicate: false, outcome };
  }

  private async actionEditAmount(platform: PlatformName, user: UserWithTeam, inboundId: string, amount: number): Promise<BotReply> {
    const lang = langOf(user.locale);
    // Recorded as a message of its own so that "撤销" reverts the edit like any correction.
    const externalId = `action:edit_amount:${inboundId}:${amount}:${Date.now()}`;
    const target = await this.ctx.prisma.inboundMessage.findFirst({ where: { id: inboundId, senderId: user.id, undone: false } });
    if (!target) return this.actionReply(t(lang, 'forbidden'), 'REJECTED');
    const text = `edit amount ${amount}`;
    const parsed = ParsedMessageSchema.parse({
      intent: 'correction', language: lang, activity: null, customer: null, contacts: [], opportunity: null, nextSteps: [], hot: null,
      correction: { field: 'amount', from: null, to: String(amount) }, confidence: 1, source: 'action',
    });
    return this.store({ platform, externalId, senderId: user.id, text }, user, text, parsed, (db, env) => correctAmountOf(db, env, target, amount));
  }
}
