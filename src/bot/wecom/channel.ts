// Outbound through WeCom: users by their WeCom UserID (message/send), group chats created by the
// app ("wecom:<chatid>", appchat/send), and replies to received messages (the sender's UserID).
// Buttons become a template card whose presses come back to the callback server as
// template_card_event: reminders' buttons, a logged record's 确认/撤销, a question's numbered
// answers. The reply to a press turns the pressed card's buttons into the outcome
// (update_template_card), so a card cannot be pressed twice. A message is sent as parts (the
// card update, text chunks, then the card) so that the outbox can resume after the last
// delivered part instead of repeating it.
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { sendParts, type OutboundChannel, type OutboundFile, type OutboundMessage, type Recipient, type SendProgress } from '../../domain/pushes/outbound.js';
import { splitText, WecomApiError, type WecomApi } from './api.js';
import { buttonKey } from './server.js';

/** The buttons a confirmation card gets on WeCom, in order. */
const CARD_BUTTONS: Array<['confirm' | 'undo', string]> = [
  ['confirm', '确认/Confirm'],
  ['undo', '撤销/Undo'],
];

export class WecomChannel implements OutboundChannel {
  readonly name = 'wecom';

  constructor(private readonly api: WecomApi, private readonly prisma: PrismaClient) {}

  private async wecomIdOf(userId: string): Promise<string | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { wecomUserId: true, active: true } });
    return u?.active && u.wecomUserId ? u.wecomUserId : null;
  }

  async canReach(r: Recipient): Promise<boolean> {
    if (r.kind === 'reply') return r.route.platform === 'WECOM';
    if (r.kind === 'chat') return r.target.startsWith('wecom:') && r.target.length > 'wecom:'.length;
    return (await this.wecomIdOf(r.userId)) !== null;
  }

  async sendFile(r: Recipient, file: OutboundFile, caption: string): Promise<void> {
    if (r.kind === 'chat') return sendWecomFile(this.api, { chat: r.target.slice('wecom:'.length) }, file, caption);
    if (r.kind === 'reply') {
      if (r.route.platform !== 'WECOM') throw new Error(`not a WeCom reply: ${r.route.platform}`);
      return sendWecomFile(this.api, { user: r.route.user }, file, caption);
    }
    const to = await this.wecomIdOf(r.userId);
    if (!to) throw new Error(`user ${r.userId} has no WeCom id`);
    return sendWecomFile(this.api, { user: to }, file, caption);
  }

  async send(r: Recipient, message: OutboundMessage, progress?: SendProgress): Promise<void> {
    const text = renderWecomText(message);
    if (r.kind === 'chat') {
      if (!r.target.startsWith('wecom:')) throw new Error(`not a WeCom chat: ${r.target}`);
      const chat = r.target.slice('wecom:'.length);
      await sendParts(splitText(text).map((part) => () => this.api.sendChatText(chat, part)), progress);
      return;
    }
    let to: string | null;
    if (r.kind === 'reply') {
      if (r.route.platform !== 'WECOM') throw new Error(`not a WeCom reply: ${r.route.platform}`);
      to = r.route.user;
    } else {
      to = await this.wecomIdOf(r.userId);
      if (!to) throw new Error(`user ${r.userId} has no WeCom id`);
    }
    const user = to;
    // A stable key per outbox row and part: a resend of a part is byte-identical (WeCom's
    // duplicate check drops it), different messages never are.
    const key = progress?.key;
    const parts: Array<() => Promise<void>> = [];
    // The answer to a card press first turns that card's buttons into the outcome, so it cannot
    // be pressed twice. The code works once: the outbox's part count keeps a retry from reusing it.
    const responseCode = r.kind === 'reply' && r.route.platform === 'WECOM' ? r.route.responseCode : undefined;
    if (responseCode) parts.push(() => this.updatePressedCard(user, responseCode, message.text));
    parts.push(...splitText(text).map((part, i) => () => this.api.sendTextPart(user, part, key ? `${key}:${i}` : undefined)));
    // A question (messages/ask.ts): its numbered answers and 撤销 as a button card.
    const choices = message.card?.choices ?? [];
    if (message.card && choices.length) {
      const card = message.card;
      const taskId = key ? `sa-${createHash('sha256').update(`${key}:q`).digest('hex').slice(0, 24)}` : `sa-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
      const buttons = choices.slice(0, 5).map((label, i) => ({ text: `${i + 1}. ${label}`, key: buttonKey('choose', `${card.inboundId}:${i + 1}`), style: i === 0 ? 1 : 2 }));
      if (card.actions.includes('undo')) buttons.push({ text: '取消/Cancel', key: buttonKey('undo', card.inboundId), style: 2 });
      parts.push(() => this.api.sendButtonCard(user, { title: card.title.replace(/([？?]).*$/, '$1'), taskId, buttons }));
    } else if (message.card && CARD_BUTTONS.some(([a]) => message.card!.actions.includes(a))) {
      // A logged visit or deal: 确认 / 撤销 on a card (the amount is edited by message on WeCom,
      // "金额改成40万": a card cannot take typed input).
      const card = message.card;
      const taskId = key ? `sa-${createHash('sha256').update(`${key}:c`).digest('hex').slice(0, 24)}` : `sa-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
      const buttons = CARD_BUTTONS.filter(([a]) => card.actions.includes(a)).map(([a, label], i) => ({ text: label, key: buttonKey(a, card.inboundId), style: i === 0 ? 1 : 2 }));
      const desc = card.lines.find((l) => l.trim())?.replace(/^[•\s]+/, '');
      parts.push(() => this.api.sendButtonCard(user, { title: card.title, ...(desc ? { desc } : {}), taskId, buttons }));
    }
    if (message.buttons?.length) {
      const buttons = message.buttons;
      const firstLine = message.text.split('\n').find((l) => l.trim()) ?? '销售助手';
      const taskId = key ? `sa-${createHash('sha256').update(key).digest('hex').slice(0, 24)}` : `sa-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
      parts.push(() =>
        this.api.sendButtonCard(user, {
          title: firstLine.trim(),
          taskId,
          buttons: buttons.map((b, i) => ({ text: b.label, key: buttonKey(b.action, b.targetId), style: i === 0 ? 1 : 2 })),
        }),
      );
    }
    await sendParts(parts, progress);
  }

  /**
   * update_template_card with the reply's first line. An error WeCom answers (the code was used
   * or has expired, the card is gone) leaves the card as it is and does not hold the reply back;
   * a failed request (network) is retried with the rest of the message.
   */
  private async updatePressedCard(user: string, responseCode: string, replyText: string): Promise<void> {
    const label = (replyText.split('\n').find((l) => l.trim()) ?? '已处理').replace(/[：:].*$/, '').trim() || '已处理';
    try {
      await this.api.updateButtonCard(user, responseCode, label);
    } catch (e) {
      if (!(e instanceof WecomApiError)) throw e;
    }
  }
}

/** WeCom's limit for a temporary file (media/upload type=file). */
export const WECOM_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** WeCom's limit for an image message (media/upload type=image: JPG or PNG). */
export const WECOM_MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Caption as text, then the file itself: upload (media_id) and a file message — or, for a PNG/JPG
 * within the image limit (a chart), an image message, which WeCom shows inline.
 */
export async function sendWecomFile(api: WecomApi, to: { user: string } | { chat: string }, file: OutboundFile, caption: string): Promise<void> {
  if (file.bytes.length > WECOM_MAX_FILE_BYTES) throw new Error(`file ${file.name} is larger than WeCom's 20 MB limit`);
  const image = /^image\/(png|jpeg)$/.test(file.mime) && file.bytes.length <= WECOM_MAX_IMAGE_BYTES;
  const mediaId = await api.uploadFile(file.name, file.bytes, file.mime, image ? 'image' : 'file');
  if ('user' in to) {
    if (caption) await api.sendText(to.user, caption);
    await (image ? api.sendImageMessage(to.user, mediaId) : api.sendFileMessage(to.user, mediaId));
  } else {
    if (caption) await api.sendChatText(to.chat, caption);
    await (image ? api.sendChatImage(to.chat, mediaId) : api.sendChatFile(to.chat, mediaId));
  }
}

/** The message as WeCom text: the reply text already carries the card's lines. */
export function renderWecomText(message: OutboundMessage): string {
  if (!message.card) return message.text;
  const missing = [message.card.title, ...message.card.lines].filter((l) => l && !message.text.includes(l.trim()));
  return missing.length ? `${message.text}\n${missing.join('\n')}` : message.text;
}
