// Pending drafts: a message that carried customer facts but no sure customer waits here while
// the bot asks "这是哪个客户？" (ask.ts). The lifecycle, documented in docs/conversation.md:
//   • saved in the ASKING message's transaction (with its reply, the question) — one per user,
//     enforced by the unique key on PendingDraft.userId; a newer question replaces an older
//     draft and its reply says so, quoting the dropped text;
//   • taken (deleted) in the transaction of the message that settles it — an answer that applies
//     it (answer.ts), a cancel, or the expiry. Deleting is the claim: of two concurrent answers
//     only one deletes the row, the other finds nothing and writes nothing;
//   • expired after DRAFT_TIMEOUT_MINUTES by the scheduler tick (expireDrafts), which tells the
//     rep through the outbox that it was NOT stored, quoting its text so it can be resent — or,
//     when the rep writes first, by that message, whose reply carries the same notice.
import type { PendingDraft, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { ParsedMessageSchema, type ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { langOf, type Lang } from '../i18n.js';
import { enqueue } from '../pushes/outbox.js';
import { userRecipient } from '../pushes/team.js';

/** Minutes a question waits for its answer (env DRAFT_TIMEOUT_MINUTES, default 30). */
export function draftTimeoutMinutes(): number {
  const n = Number(process.env.DRAFT_TIMEOUT_MINUTES);
  return Number.isFinite(n) && n > 0 ? n : 30;
}

/** similar: a new name one typo away from one of the rep's own customers (华兴科技 / 华星科技). */
export type DraftReason = 'none' | 'weak' | 'ambiguous' | 'unsure' | 'similar';

/** One numbered option of the question. */
export type Candidate =
  | { kind: 'existing'; customerId: string; name: string }
  | { kind: 'new'; name: string }
  /** Store it without a customer (offered only when nothing in it needs one). */
  | { kind: 'none' };

export interface Draft {
  id: string;
  userId: string;
  askInboundId: string;
  text: string;
  parsed: ParsedMessage;
  reason: DraftReason;
  candidates: Candidate[];
  expiresAt: Date;
}

export const DRAFT_EXPIRED_KIND = 'draft_expired';

export function toDraft(row: PendingDraft): Draft {
  return {
    id: row.id,
    userId: row.userId,
    askInboundId: row.askInboundId,
    text: row.text,
    parsed: ParsedMessageSchema.parse(row.parsed),
    reason: row.reason as DraftReason,
    candidates: Array.isArray(row.candidates) ? (row.candidates as unknown as Candidate[]) : [],
    expiresAt: row.expiresAt,
  };
}

export async function pendingDraftOf(db: Tx | PrismaClient, userId: string): Promise<Draft | null> {
  const row = await db.pendingDraft.findUnique({ where: { userId } });
  return row ? toDraft(row) : null;
}

/**
 * Saves the draft of the asking message, replacing the user's older one (returned, so the reply
 * can say it was dropped). Runs in the asking message's transaction.
 */
export async function saveDraft(
  db: Tx,
  d: { userId: string; askInboundId: string; text: string; parsed: ParsedMessage; reason: DraftReason; candidates: Candidate[] },
  now: Date,
): Promise<{ replaced: Draft | null }> {
  const old = await db.pendingDraft.findUnique({ where: { userId: d.userId } });
  if (old) await db.pendingDraft.deleteMany({ where: { id: old.id } });
  // Two questions racing for the same user: the loser hits the unique key and the message retries.
  await db.pendingDraft.create({
    data: {
      userId: d.userId,
      askInboundId: d.askInboundId,
      text: d.text,
      parsed: d.parsed as unknown as Prisma.InputJsonValue,
      reason: d.reason,
      candidates: d.candidates as unknown as Prisma.InputJsonValue,
      expiresAt: new Date(now.getTime() + draftTimeoutMinutes() * 60_000),
    },
  });
  return { replaced: old ? toDraft(old) : null };
}

/**
 * Claims the draft for the caller's transaction by deleting it: true for exactly one of several
 * concurrent claimers (the others wait on the row lock, then find it gone).
 */
export async function takeDraft(db: Tx, id: string): Promise<boolean> {
  const { count } = await db.pendingDraft.deleteMany({ where: { id } });
  return count === 1;
}

/** "今天见了方舟的刘总…" — the rep's words, shortened for a reply. */
export function quote(text: string, max = 60): string {
  const chars = [...text.trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

export function expiredText(lang: Lang, text: string): string {
  return lang === 'zh'
    ? `⌛ 之前那条消息一直没有确认客户，已超时，没有保存：“${quote(text, 200)}”\n如需记录，请补上客户名重新发送。`
    : `⌛ The earlier message never got its customer and timed out, so it was NOT stored: "${quote(text, 200)}"\nTo record it, send it again with the customer's name.`;
}

export function replacedText(lang: Lang, text: string): string {
  return lang === 'zh'
    ? `（上一条待确认的消息没有保存：“${quote(text)}”，如需记录请重发。）`
    : `(The earlier message waiting for its customer was NOT stored: "${quote(text)}". Send it again to record it.)`;
}

export function reminderText(lang: Lang, d: Draft): string {
  return lang === 'zh'
    ? `📝 还有一条消息在等你确认客户：“${quote(d.text, 40)}”——回复序号或客户名保存，回复“取消”放弃。`
    : `📝 A message still waits for its customer: "${quote(d.text, 40)}" — reply with a number or the customer's name to store it, or "cancel" to drop it.`;
}

/**
 * Expires the draft in the caller's transaction (a message of the rep that arrived after the
 * deadline): returns the notice for its reply, or null when the scheduler got there first.
 */
export async function expireInReply(db: Tx, d: Draft, lang: Lang): Promise<string | null> {
  return (await takeDraft(db, d.id)) ? expiredText(lang, d.text) : null;
}

/**
 * The scheduler's part: every draft past its deadline is deleted and the rep told, in one
 * transaction per draft (the push exists exactly when the draft is gone). Returns how many.
 */
export async function expireDrafts(prisma: PrismaClient, now: Date, limit = 200): Promise<number> {
  const due = await prisma.pendingDraft.findMany({ where: { expiresAt: { lte: now } }, orderBy: { expiresAt: 'asc' }, take: limit, include: { user: { select: { locale: true } } } });
  let n = 0;
  for (const row of due) {
    const done = await prisma.$transaction(async (tx) => {
      if (!(await takeDraft(tx, row.id))) return false; // answered or expired meanwhile
      const recipient = userRecipient(row.userId);
      const text = expiredText(langOf(row.user.locale), row.text);
      await enqueue(tx, DRAFT_EXPIRED_KIND, recipient, `draft:${row.askInboundId}`, { recipient, message: { text }, tz: 'UTC', quiet: null }, { notBefore: now });
      return true;
    });
    if (done) n++;
  }
  return n;
}

/**
 * The reply to a message that did not answer a pending question: the expiry notice when its time
 * is up (expired here, in this message's transaction), else a reminder that it still waits.
 */
export async function withDraftNote(db: Tx, env: HandlerEnv, draft: Draft | null, result: HandlerResult): Promise<HandlerResult> {
  if (!draft) return result;
  let note: string | null;
  if (draft.expiresAt.getTime() <= env.now.getTime()) note = await expireInReply(db, draft, env.lang);
  else if (result.outcome === 'ASKED') note = null; // the new question replaced it and says so
  else note = (await db.pendingDraft.count({ where: { id: draft.id } })) ? reminderText(env.lang, draft) : null;
  if (!note) return result;
  return { ...result, text: `${result.text}\n\n${note}`, ...(result.card ? { card: { ...result.card, lines: [...result.card.lines, note] } } : {}) };
}

/** 撤销 on the question's card: drops the draft that message asked about; null when none waits. */
export async function cancelDraftAskedBy(db: Tx, userId: string, askInboundId: string, lang: Lang): Promise<string | null> {
  const row = await db.pendingDraft.findFirst({ where: { userId, askInboundId } });
  if (!row || !(await takeDraft(db, row.id))) return null;
  return lang === 'zh' ? `🗑️ 已取消，没有保存：“${quote(row.text)}”` : `🗑️ Cancelled; nothing was stored: "${quote(row.text)}"`;
}
