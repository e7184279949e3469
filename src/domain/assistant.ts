// The one entry point adapters call. It owns the rules every message obeys: input limits,
// who the sender is, idempotency on the platform's message id, and "one message, one
// transaction" — a reply either describes committed records or says nothing was stored.
// The transactional inbox (messages/inbox.ts) passes `CommitHooks` so that marking its row done
// and recording the reply in the outbox commit in that same transaction.
import { plannedEachRun, preparedStatements } from '../db/statementNames.js';
import { ConcurrentChangeError } from './concurrent.js';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { newId } from '../db/ids.js';
import { ParsedMessageSchema, type MessageParser, type ParsedMessage } from '../intents/schema.js';
import { ChangeLog } from './changes.js';
import { matchCommand } from './commands.js';
import type { DomainContext, Tx } from './context.js';
import { dealHandler } from './deals/record.js';
import { targetHandler } from './analytics/targets.js';
import { correctAmountOf, correctionHandler } from './corrections.js';
import { updateOpportunityHandler } from './corrections/route.js';
import { customerNamesFor, rememberCustomersIn, rememberOwnNames } from './customers.js';
import type { HandlerEnv, HandlerResult, IntentHandler, ReplyCard, UserWithTeam } from './handlerTypes.js';
import { langOf, t, type Lang } from './i18n.js';
import { ingestHandler } from './ingest.js';
import { queryHandler } from './queries/index.js';
import { routeMessage } from './questions/route.js';
import { completeTask, snoozeTask } from './tasks.js';
import { applyDirectives } from './directives.js';
import { fromLocal, toLocal } from './time.js';
import { undoById, undoHandler } from './undo.js';
import { romanizedNames, visibleUserIds, platformIdField, type PlatformName } from './users.js';
import { finishInbound } from './messages/locks.js';
import { cancelDraftAskedBy, pendingDraftOf, withDraftNote, type Draft } from './messages/drafts.js';
import { answerDraft, answerFromParse, matchAnswer, undoesNewerRecord } from './messages/answer.js';
import { amendDraft, draftAmendment } from './messages/amend.js';
import { charLength } from './text.js';
import { answerNudge } from './messages/nudgeReply.js';
import { loadSender } from './messages/sender.js';
import { makeLog } from '../log.js';
import { MAX_AMOUNT } from '../intents/schema.js';
import { oversizeAmountIn } from '../intents/amountText.js';
import type { ReplyRoute } from './pushes/outbound.js';
import { enqueueChart } from './messages/attachments.js';
import { transcriptLine } from './voice/port.js';

const defaultLog = makeLog('assistant');

/** Tries per message when a retryable conflict aborts its transaction. */
const MAX_ATTEMPTS = 6;

export const MAX_MESSAGE_CHARS = Number(process.env.MAX_MESSAGE_CHARS || 2000);

export interface IncomingMessage {
  platform: PlatformName;
  /** The platform's own message id (WeCom MsgId, Slack event_id…): the idempotency key. */
  externalId: string;
  /** The sender's id on that platform (WeCom UserID, Slack user id, console name). */
  senderId: string;
  text: string;
  /**
   * Where the answer goes (set by the inbox for WeCom/Slack): a chart that goes with the answer
   * follows it there. Without one (console, CLI) the chart goes to the user.
   */
  route?: ReplyRoute;
  /** The text is the transcript of a voice message: the reply starts with it (voice/port.ts). */
  voice?: boolean;
}

export interface BotReply {
  text: string;
  card?: ReplyCard;
  /** True when this message id was seen before and the stored reply is returned unchanged. */
  duplicate: boolean;
  /** The handler recorded pushes in the outbox for this reply (e.g. an export file to send). */
  pushQueued?: boolean;
  /**
   * A button pressed on someone else's card (or on one that is not theirs to act on): adapters
   * answer the presser privately and leave the card intact for its owner.
   */
  refused?: boolean;
  outcome: string;
  inboundId?: string;
}

/** `choose`: a numbered answer button on a question card (targetId: the asking message, value: the number). */
export type CardAction = 'confirm' | 'undo' | 'edit_amount' | 'task_done' | 'task_snooze' | 'choose';

export interface IncomingAction {
  platform: PlatformName;
  senderId: string;
  action: CardAction;
  /** InboundMessage id for confirm/undo/edit_amount, Task id for task_*. */
  targetId: string;
  /** New amount for edit_amount (text as typed: "40万", "400000"). */
  value?: string;
  /** The platform's id of this button press, when known: makes the edit's record idempotent. */
  externalId?: string;
}

/**
 * Lets a caller (the transactional inbox) write in the message's own transaction: `beforeCommit`
 * runs after the handler's writes and the InboundMessage row; throwing from it rolls back the
 * whole message. It does not run for duplicates, unregistered senders or failures (no transaction
 * committed anything then); `onError` sees the failure.
 */
export interface CommitHooks {
  beforeCommit?(tx: Tx, reply: BotReply): Promise<void>;
  onError?(e: unknown): void;
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
  update_opportunity: updateOpportunityHandler,
  mark_hot: ingestHandler,
  correction: correctionHandler,
  undo: undoHandler,
  query: queryHandler,
  record_deal: dealHandler,
  set_target: targetHandler,
};

/** What completes an answered question: a signing or payment runs as a deal, everything else as a log. */
function draftHandler(draft: Draft): IntentHandler {
  return draft.parsed.intent === 'record_deal' ? dealHandler : ingestHandler;
}

/** Writes that an identical resend must not repeat (corrections and undo are refused on their own). */
const REPEATABLE_NOT = new Set<ParsedMessage['intent']>(['log_activity', 'create_task', 'update_opportunity', 'mark_hot', 'record_deal']);

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

/**
 * The language of the reply to a message: English when the rep wrote English ("Met Mr. Wang from
 * 华星科技 today…" — a Chinese name inside is still English), else their own setting (Chinese by
 * default). Short replies ("1", "ok", "撤销") follow the setting.
 */
export function messageLang(text: string, locale: string | null | undefined): Lang {
  // Words, not identifiers: "注册 zhangsan 张三" and "console:xiaoming" are a Chinese command.
  const words = text.split(/\s+/).filter((w) => /^[("']?[A-Za-z][a-z]*(?:'[a-z]+)?[)"',.!?;:]*$/.test(w));
  const latin = words.join('').replace(/[^A-Za-z]/g, '').length;
  const han = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  // "done 1", "undo", "my tasks": a short English command is English too.
  const command = han === 0 && /^(?:done|undo|cancel|help|my|show|list|snooze|postpone|delete|remove|finish|finished|complete|completed)\b/i.test(text.trim());
  return command || (words.length >= 2 && latin >= 6 && latin >= han * 2) ? 'en' : langOf(locale);
}

/**
 * The Prisma error code of `e`; a raw statement's failure (P2010, e.g. the one-statement activity
 * insert) is given the code its model-query twin would have had, from the driver's error kind.
 */
function errorCode(e: unknown): string | undefined {
  const err = e as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } };
  if (err?.code !== 'P2010') return err?.code;
  const cause = err.meta?.driverAdapterError?.cause;
  if (cause?.kind === 'ForeignKeyConstraintViolation' || cause?.originalCode === '23503') return 'P2003';
  if (cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505') return 'P2002';
  if (cause?.kind === 'TransactionWriteConflict' || cause?.originalCode === '40001' || cause?.originalCode === '40P01') return 'P2034';
  return err.code;
}

function isUniqueViolation(e: unknown, target?: string): boolean {
  const err = e as { code?: string; meta?: { target?: unknown; modelName?: string; driverAdapterError?: unknown } ; message?: string };
  if (errorCode(e) !== 'P2002') return false;
  if (!target) return true;
  return JSON.stringify(err.meta ?? {}).includes(target) || String(err.message ?? '').includes(target);
}

export { ConcurrentChangeError };

function isRetryable(e: unknown): boolean {
  if (e instanceof ConcurrentChangeError) return true;
  const code = errorCode(e);
  // P2034: write conflict / deadlock; P2002 on rows other than the inbound key: two messages
  // racing to create the same customer, contact or open deal — retrying finds the winner's row.
  // P2003 / P2025: a row this message pointed at or updated was deleted by a concurrent undo —
  // retrying reads the current state.
  return code === 'P2034' || code === 'P2003' || code === 'P2025' || (code === 'P2002' && !isUniqueViolation(e, 'externalId'));
}

export class SalesAssistant {
  constructor(readonly ctx: DomainContext, private readonly opts: AssistantOptions) {}

  private log(msg: string, err?: unknown) {
    (this.opts.log ?? defaultLog)(msg, err);
  }

  async findUser(platform: PlatformName, senderId: string): Promise<UserWithTeam | null> {
    return this.ctx.prisma.user.findFirst({ where: { [platformIdField(platform)]: senderId, active: true }, include: { team: true } });
  }

  tzOf(user: UserWithTeam): string {
    return user.team?.timezone || this.ctx.timezone;
  }

  async handleMessage(msg: IncomingMessage, hooks: CommitHooks = {}): Promise<BotReply> {
    // A message's own reads and writes are prepared statements; an answer to a manager's question
    // is planned for its values (src/db/statementNames.ts).
    return preparedStatements(() => this.handle(msg, hooks));
  }

  private async handle(msg: IncomingMessage, hooks: CommitHooks): Promise<BotReply> {
    const { prisma } = this.ctx;
    let replyLang: Lang = guessLang(msg.text ?? '');
    try {
      // One statement: an earlier answer to this id, the sender, their waiting question, their customers' names.
      const sender = await loadSender(prisma, msg.platform, msg.senderId, msg.externalId, cleanText(msg.text ?? ''));
      const previous = sender.previous;
      if (previous) return { text: previous.reply ?? '', duplicate: true, outcome: previous.outcome, inboundId: previous.id };

      const user = sender.user;
      const text = cleanText(msg.text ?? '');
      if (!user) {
        return { text: t(guessLang(text), 'notRegistered', { platform: msg.platform, id: msg.senderId }), duplicate: false, outcome: 'UNREGISTERED' };
      }
      const lang = messageLang(text, user.locale);
      replyLang = lang;
      const rejection = this.validate(text, lang);
      if (rejection) return await this.store(msg, user, text, null, () => Promise.resolve({ text: rejection, outcome: 'REJECTED' }), hooks);

      // A question waits for this sender (messages/ask.ts): an answer completes its draft.
      const draft = sender.draft;
      let answer = draft && (await matchAnswer(prisma, draft, text));
      // "撤销" after a record stored since the question undoes that record (messages/answer.ts).
      if (answer && answer.kind === 'cancel' && (await undoesNewerRecord(prisma, draft!, user.id, text))) answer = null;
      // The reply reports what was stored from the waiting message: in that message's language
      // ("2" or "方舟电子" answering an English question gets an English reply).
      const inDraftLang = (env: HandlerEnv): HandlerEnv => ({ ...env, lang: messageLang(draft!.text, user.locale) });
      if (draft && answer) return await this.store(msg, user, text, null, (db, env) => answerDraft(db, inDraftLang(env), draft, answer, draftHandler(draft)), hooks);

      // Commands (注册 …, 语言 …, teams, transfers, 公海 …) run inside the message's transaction:
      // a redelivered or concurrently delivered message id runs them once and answers once.
      const command = await matchCommand(this.ctx, user, text);
      if (command) {
        const reply = await this.store(msg, user, text, null, (db, env) => command(db, { ...env, platform: msg.platform }), hooks);
        // A command that queued pushes (an export file) asks for delivery now, not at the next tick.
        if (reply.pushQueued) this.opts.onPushQueued?.();
        return reply;
      }

      const parsed = await this.parse(user, text, sender.knownCustomers);
      const named = draft && answerFromParse(text, parsed);
      if (draft && named) return await this.store(msg, user, text, null, (db, env) => answerDraft(db, inDraftLang(env), draft, named, draftHandler(draft)), hooks);
      // A detail or a fix of the waiting message ("对了，预算30万", "不对，金额是50万") goes into it,
      // and the question is asked again (messages/amend.ts).
      const amendment = draft && draft.expiresAt.getTime() > this.ctx.now().getTime() ? await draftAmendment(prisma, draft, user.id, parsed, text) : null;
      if (draft && amendment) return await this.store(msg, user, text, parsed, (db, env) => amendDraft(db, env, draft, amendment), hooks);
      // The same log sent again minutes later (a double tap, a resend after a slow reply) is not a
      // second visit: nothing is written twice, and the reply says so.
      if (sender.repeatOf && REPEATABLE_NOT.has(parsed.intent)) {
        const mins = Math.max(1, Math.round((Date.now() - sender.repeatOf.getTime()) / 60_000));
        const again = lang === 'zh'
          ? `这条和你 ${mins} 分钟内发过的一条完全一样，已经记录过了，没有重复记录。如果确实又发生了一次，请稍作改动再发（例如写上时间）。`
          : `This is the same as a message you sent ${mins} minute(s) ago, which is already recorded; nothing was recorded twice. If it really happened again, change the wording (e.g. add the time).`;
        return await this.store(msg, user, text, parsed, () => Promise.resolve({ text: again, outcome: 'REJECTED' }), hooks);
      }
      const handler = parsed.intent === 'help' ? null : routeMessage(parsed, text, HANDLERS[parsed.intent]);
      const planned = (work: () => Promise<BotReply>) => (READ_ONLY_INTENTS.has(parsed.intent) ? plannedEachRun(work) : work());
      const reply = await planned(() => this.store(msg, user, text, parsed, async (db, env) => withDraftNote(db, env, draft, await (() => {
        if (parsed.intent === 'help') return Promise.resolve({ text: t(lang, 'help'), outcome: 'ANSWERED' });
        // An amount over the cap is refused with a clear answer instead of an overflow (or of
        // being silently dropped): the parser leaves it out, so look at what was typed.
        const tooBig = READ_ONLY_INTENTS.has(parsed.intent) ? null : oversizeAmountIn(text) ?? oversizeCorrection(parsed);
        if (tooBig !== null) return Promise.resolve({ text: amountTooLarge(lang, tooBig), outcome: 'REJECTED' });
        if (!handler) return Promise.resolve({ text: t(lang, 'unknown'), outcome: 'REJECTED' });
        // The answer to a stalled-deal or hot-customer nudge is filed on that customer (messages/nudgeReply.ts).
        // (Its answer may become another intent — a visit report — so the handler is chosen again.)
        return answerNudge(db, env, (e) => (e.parsed.intent === parsed.intent ? handler : routeMessage(e.parsed, text, HANDLERS[e.parsed.intent]) ?? handler)(db, e));
      })()), hooks, sender.knownCustomers));
      // A chart for the console/CLI user is delivered now; the inbox sends one after its reply.
      if (reply.pushQueued && !msg.route) this.opts.onPushQueued?.();
      return reply;
    } catch (e) {
      this.log(`message ${msg.platform}:${msg.externalId} failed`, e);
      hooks.onError?.(e);
      return { text: t(replyLang, 'busy'), duplicate: false, outcome: 'ERROR' };
    }
  }

  private validate(text: string, lang: Lang): string | null {
    if (!text.trim()) return t(lang, 'empty');
    // Characters as people count them (code points): an emoji is one, not two UTF-16 units.
    const len = charLength(text);
    if (len > MAX_MESSAGE_CHARS) return t(lang, 'tooLong', { len, max: MAX_MESSAGE_CHARS });
    if (!/[\p{L}\p{N}]/u.test(text)) return t(lang, 'noText');
    return null;
  }

  /** `knownCustomers`: the sender's customer names when already read (loadSender). */
  async parse(user: UserWithTeam, text: string, knownCustomers?: string[]): Promise<ParsedMessage> {
    const db = this.ctx.prisma;
    const scope = await visibleUserIds(db, user);
    // A rep sees only themself: no need to ask the database for their own name.
    const onlySelf = scope?.length === 1 && scope[0] === user.id;
    const [names, users] = await Promise.all([
      knownCustomers ?? customerNamesFor(db, user.id),
      onlySelf ? [{ displayName: user.displayName }] : db.user.findMany({ where: scope ? { id: { in: scope } } : {}, select: { displayName: true }, take: 1000 }),
    ]);
    // Colleagues by name, and as English messages write them ("Lina", "Wang Qiang").
    const knownUsers = [...users.map((u) => u.displayName), ...(onlySelf ? [] : users.flatMap((u) => romanizedNames(u.displayName)))];
    const ctx = { now: this.ctx.now(), timezone: this.tzOf(user), knownCustomers: names, knownUsers };
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
    hooks: CommitHooks = {},
    /** The sender's customer names as loadSender read them (customers.ts rememberOwnNames). */
    ownNames?: readonly string[],
  ): Promise<BotReply> {
    const { prisma } = this.ctx;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await prisma.$transaction(
          async (tx) => {
            rememberCustomersIn(tx);
            // (A retry reads them again: a concurrent change may be why it retries.)
            if (ownNames && attempt === 1) rememberOwnNames(tx, user.id, ownNames);
            // The message's own row is written last, with its outcome (messages/locks.ts
            // finishInbound): a concurrent duplicate of it fails there on the unique
            // (platform, externalId) key and rolls back whatever it did (issue 15: one statement
            // less per message). Its time is when it came.
            const inbound = { id: newId(), platform: msg.platform, externalId: msg.externalId, senderId: user.id, text, createdAt: new Date() };
            const log = new ChangeLog();
            const env: HandlerEnv = { ctx: this.ctx, user, lang: messageLang(text, user.locale), tz: this.tzOf(user), now: this.ctx.now(), parsed: parsed!, rawText: text, inboundId: inbound.id, log };
            const res = await work(tx, env);
            // A transcript is shown first, so the rep can check what was understood.
            if (msg.voice) res.text = `${transcriptLine(text, env.lang)}\n${res.text}`;
            if (res.chart) {
              await enqueueChart(tx, { chart: res.chart, userId: user.id, route: msg.route, platform: msg.platform, externalId: msg.externalId, now: env.now, tz: env.tz });
              res.pushQueued = true;
            }
            // Rows this message only read (an existing customer, contact, deal) must still exist
            // when it commits: a concurrent undo may have removed them meanwhile (then retry).
            // One statement locks them and stores the message with its outcome.
            const stored = await finishInbound(tx, { ...inbound, parseResult: res.parseResult ?? parsed }, { outcome: res.outcome, reply: res.text, changes: log.empty ? null : log.entries }, log.entries);
            if (!stored) throw new ConcurrentChangeError('a referenced record was removed concurrently');
            await hooks.beforeCommit?.(tx, { text: res.text, card: res.card, duplicate: false, outcome: res.outcome, inboundId: inbound.id });
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
        // Conflicts between instances (deadlocks, a row an undo removed, two creating the same
        // customer) resolve on a retry; under heavy contention a few may be needed, so back off
        // with jitter instead of giving up after the third.
        if (attempt < MAX_ATTEMPTS && isRetryable(e)) {
          await new Promise((r) => setTimeout(r, Math.min(400, 15 * 2 ** attempt) * (0.5 + Math.random())));
          continue;
        }
        throw e;
      }
    }
  }

  /** Buttons on cards and reminders. Always scoped to the acting user's own records. */
  async handleAction(a: IncomingAction, hooks: CommitHooks = {}): Promise<BotReply> {
    let lang: Lang = 'zh';
    try {
      const user = await this.findUser(a.platform, a.senderId);
      if (!user) return { text: t('zh', 'notRegistered', { platform: a.platform, id: a.senderId }), duplicate: false, outcome: 'UNREGISTERED' };
      lang = langOf(user.locale);
      // Someone else's card: refused privately, the card stays as it is for its owner.
      if (await this.notTheirs(a, user.id)) return await this.inTx({ ...this.actionReply(t(lang, 'forbidden'), 'REJECTED'), refused: true }, hooks);
      const zh = lang === 'zh';
      if (a.action === 'edit_amount') {
        const amount = a.value ? (this.opts.parseAmount ?? ((s: string) => (Number.isFinite(Number(s)) ? Number(s) : null)))(a.value) : null;
        const oversize = (amount !== null && amount > MAX_AMOUNT) || (amount === null && a.value && oversizeAmountIn(a.value));
        const text = oversize
          ? amountTooLarge(lang, a.value!)
          : amount === null || amount < 0
            ? zh ? `金额“${a.value ?? ''}”无法识别，请输入如 400000 或 40万。` : `Cannot read the amount "${a.value ?? ''}". Enter e.g. 400000 or 400k.`
            : null;
        if (text !== null) return await this.inTx(this.actionReply(text, 'REJECTED'), hooks);
        // `return await`: a failure must reach the catch below and be answered, never escape.
        return await this.actionEditAmount(a.platform, user, a.targetId, amount!, hooks, a.externalId);
      }
      if (a.action === 'choose') return await this.actionChoose(a, user, lang, hooks);
      const now = this.ctx.now();
      // The button's effect, its answer and the caller's bookkeeping commit together.
      return await this.ctx.prisma.$transaction(async (tx) => {
        const reply = await this.runAction(tx, a, user, lang, now);
        await hooks.beforeCommit?.(tx, reply);
        return reply;
      }, { maxWait: 15_000, timeout: 30_000 });
    } catch (e) {
      this.log(`action ${a.action} failed`, e);
      hooks.onError?.(e);
      return this.actionReply(t(lang, 'busy'), 'ERROR');
    }
  }

  private async runAction(tx: Tx, a: IncomingAction, user: UserWithTeam, lang: Lang, now: Date): Promise<BotReply> {
    const zh = lang === 'zh';
    switch (a.action) {
      case 'confirm': {
        const m = await tx.inboundMessage.findFirst({ where: { id: a.targetId, senderId: user.id } });
        if (!m) return this.actionReply(t(lang, 'forbidden'), 'REJECTED');
        return this.actionReply(m.undone ? (zh ? '这条记录已撤销。' : 'That record was undone.') : zh ? '👍 已确认。' : '👍 Confirmed.', 'ANSWERED');
      }
      case 'undo': {
        // 撤销 on a question card drops the draft it asked about (nothing else was written).
        const cancelled = await cancelDraftAskedBy(tx, user.id, a.targetId, lang);
        if (cancelled) return this.actionReply(cancelled, 'ANSWERED');
        return this.actionReply(await undoById(tx, user.id, a.targetId, lang), 'UNDO');
      }
      case 'task_done': {
        const task = await completeTask(tx, a.targetId, user.id, now);
        return this.actionReply(task ? (zh ? `✅ 已完成：${task.title}` : `✅ Done: ${task.title}`) : t(lang, 'forbidden'), task ? 'APPLIED' : 'REJECTED');
      }
      case 'task_snooze': {
        const l = toLocal(now, this.tzOf(user));
        const until = fromLocal(this.tzOf(user), l.year, l.month, l.day + 1, 9, 0);
        const task = await snoozeTask(tx, a.targetId, user.id, until);
        return this.actionReply(task ? (zh ? `⏰ 已推迟到明天 09:00：${task.title}` : `⏰ Snoozed to tomorrow 09:00: ${task.title}`) : t(lang, 'forbidden'), task ? 'APPLIED' : 'REJECTED');
      }
      default:
        return this.actionReply(t(lang, 'unknown'), 'REJECTED');
    }
  }

  /** Does the button act on a record of someone else (the message or task belongs to another user)? */
  private async notTheirs(a: IncomingAction, userId: string): Promise<boolean> {
    const db = this.ctx.prisma;
    if (a.action === 'task_done' || a.action === 'task_snooze') {
      const task = await db.task.findUnique({ where: { id: a.targetId }, select: { assigneeId: true } });
      return !!task && task.assigneeId !== userId;
    }
    const m = await db.inboundMessage.findUnique({ where: { id: a.targetId }, select: { senderId: true } });
    return !!m && m.senderId !== userId;
  }

  /** A numbered answer button: the same as typing the number, if that question still waits. */
  private async actionChoose(a: IncomingAction, user: UserWithTeam, lang: Lang, hooks: CommitHooks): Promise<BotReply> {
    const draft = await pendingDraftOf(this.ctx.prisma, user.id);
    if (!draft || draft.askInboundId !== a.targetId || !/^\d{1,2}$/.test(a.value ?? '')) {
      const text = lang === 'zh' ? '这个问题已经结束了（已回答、已取消或已超时）。' : 'That question is closed (answered, cancelled or timed out).';
      return this.inTx(this.actionReply(text, 'REJECTED'), hooks);
    }
    const externalId = a.externalId ? `action:${a.externalId}` : `action:choose:${a.targetId}:${a.value}`;
    return this.handleMessage({ platform: a.platform, externalId, senderId: a.senderId, text: a.value! }, hooks);
  }

  /** A reply that writes nothing, still committed together with the caller's bookkeeping. */
  private async inTx(reply: BotReply, hooks: CommitHooks): Promise<BotReply> {
    if (!hooks.beforeCommit) return reply;
    await this.ctx.prisma.$transaction((tx) => hooks.beforeCommit!(tx, reply));
    return reply;
  }

  private actionReply(text: string, outcome: string): BotReply {
    return { text, duplicate: false, outcome };
  }

  private async actionEditAmount(platform: PlatformName, user: UserWithTeam, inboundId: string, amount: number, hooks: CommitHooks, pressId?: string): Promise<BotReply> {
    const lang = langOf(user.locale);
    // Recorded as a message of its own so that "撤销" reverts the edit like any correction.
    const externalId = pressId ? `action:${pressId}` : `action:edit_amount:${inboundId}:${amount}:${Date.now()}`;
    const target = await this.ctx.prisma.inboundMessage.findFirst({ where: { id: inboundId, senderId: user.id, undone: false } });
    if (!target) return this.inTx(this.actionReply(t(lang, 'forbidden'), 'REJECTED'), hooks);
    const text = `edit amount ${amount}`;
    const parsed = ParsedMessageSchema.parse({
      intent: 'correction', language: lang, activity: null, customer: null, contacts: [], opportunity: null, nextSteps: [], hot: null,
      correction: { field: 'amount', from: null, to: String(amount) }, confidence: 1, source: 'action',
    });
    return this.store({ platform, externalId, senderId: user.id, text }, user, text, parsed, (db, env) => correctAmountOf(db, env, target, amount), hooks);
  }
}

/** Intents that store nothing: an oversize number there is not refused ("unknown" is: it may be a write the parser gave up on). */
const READ_ONLY_INTENTS = new Set<ParsedMessage['intent']>(['query', 'help', 'undo']);

/** An LLM correction carries its amount as text: check it against the cap too. */
function oversizeCorrection(p: ParsedMessage): string | null {
  const c = p.correction;
  return c?.field === 'amount' && !(Number(c.to) <= MAX_AMOUNT) && Number.isFinite(Number(c.to)) ? c.to : null;
}

function amountTooLarge(lang: Lang, typed: string): string {
  return lang === 'zh'
    ? `金额“${typed}”超出上限（最多 ${MAX_AMOUNT / 1e8} 亿元），没有记录任何内容。请检查金额后重发。`
    : `The amount "${typed}" is over the limit (at most ${MAX_AMOUNT.toLocaleString('en-US')}). Nothing was recorded; please check it and send again.`;
}
