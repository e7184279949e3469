// Replies go through the outbox like pushes (src/domain/pushes/outbox.ts). The answer to a
// received message is written as a Push row of kind "reply" inside that message's own
// transaction — so it exists exactly when the records it describes do — and is delivered
// afterwards, retried with backoff on any transient error until the platform accepts it. The
// row's unique key (kind, route, message key) makes it at most one reply per received message,
// however often the message is redelivered or re-processed.
import type { OutboundMessage, ReplyRoute } from '../pushes/outbound.js';
import type { ReplyCard } from '../handlerTypes.js';
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import { enqueue, REPLY_KIND } from '../pushes/outbox.js';

export { REPLY_KIND };

/** The outbox key of the reply to one received message. */
export function replyKey(platform: string, externalId: string): string {
  return `${platform}:${externalId}`;
}

/**
 * Records the reply (idempotent: a second call for the same message is a no-op), due at `now` —
 * the sender's clock, the one delivery compares with.
 */
export async function enqueueReply(db: Tx, key: string, route: ReplyRoute, reply: { text: string; card?: ReplyCard }, now: Date): Promise<boolean> {
  const message: OutboundMessage = { text: reply.text, ...(reply.card ? { card: reply.card } : {}) };
  return enqueue(db, REPLY_KIND, { kind: 'reply', route }, key, { recipient: { kind: 'reply', route }, message, tz: 'UTC', quiet: null }, { notBefore: now });
}

/** The answer when a stored message could not be processed after repeated attempts. */
export function notProcessedText(lang: Lang): string {
  return lang === 'zh'
    ? '⚠️ 这条消息已收到，但多次处理都失败了，没有记录任何内容。请稍后重发；如果一直这样，请联系管理员。'
    : '⚠️ Your message arrived, but processing it failed repeatedly, so nothing was recorded. Please send it again later, or tell your admin if this keeps happening.';
}

/** For kinds of message we cannot read (images, voice…), in both languages. */
export const ONLY_TEXT = '暂时只支持文字消息，请用文字描述拜访、电话或下一步计划。\nOnly text messages are supported for now.';
