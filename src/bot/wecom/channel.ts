// Outbound through WeCom: users by their WeCom UserID (message/send), group chats created by the
// app ("wecom:<chatid>", appchat/send). Buttons become a template card whose presses come back
// to the callback server as template_card_event.
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { OutboundChannel, OutboundFile, OutboundMessage, Recipient } from '../outbound.js';
import type { WecomApi } from './api.js';
import { buttonKey } from './server.js';

export class WecomChannel implements OutboundChannel {
  readonly name = 'wecom';

  constructor(private readonly api: WecomApi, private readonly prisma: PrismaClient) {}

  private async wecomIdOf(userId: string): Promise<string | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { wecomUserId: true, active: true } });
    return u?.active && u.wecomUserId ? u.wecomUserId : null;
  }

  async canReach(r: Recipient): Promise<boolean> {
    if (r.kind === 'chat') return r.target.startsWith('wecom:') && r.target.length > 'wecom:'.length;
    return (await this.wecomIdOf(r.userId)) !== null;
  }

  async sendFile(r: Recipient, file: OutboundFile, caption: string): Promise<void> {
    if (r.kind === 'chat') return sendWecomFile(this.api, { chat: r.target.slice('wecom:'.length) }, file, caption);
    const to = await this.wecomIdOf(r.userId);
    if (!to) throw new Error(`user ${r.userId} has no WeCom id`);
    return sendWecomFile(this.api, { user: to }, file, caption);
  }

  async send(r: Recipient, message: OutboundMessage): Promise<void> {
    const text = renderWecomText(message);
    if (r.kind === 'chat') {
      if (!r.target.startsWith('wecom:')) throw new Error(`not a WeCom chat: ${r.target}`);
      await this.api.sendChatText(r.target.slice('wecom:'.length), text);
      return;
    }
    const to = await this.wecomIdOf(r.userId);
    if (!to) throw new Error(`user ${r.userId} has no WeCom id`);
    await this.api.sendText(to, text);
    if (message.buttons?.length) {
      const firstLine = message.text.split('\n').find((l) => l.trim()) ?? '销售助手';
      await this.api.sendButtonCard(to, {
        title: firstLine.trim(),
        taskId: `sa-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
        buttons: message.buttons.map((b, i) => ({ text: b.label, key: buttonKey(b.action, b.targetId), style: i === 0 ? 1 : 2 })),
      });
    }
  }
}

/** WeCom's limit for a temporary file (media/upload type=file). */
export const WECOM_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Caption as text, then the file itself: upload (media_id) and a file message. */
export async function sendWecomFile(api: WecomApi, to: { user: string } | { chat: string }, file: OutboundFile, caption: string): Promise<void> {
  if (file.bytes.length > WECOM_MAX_FILE_BYTES) throw new Error(`file ${file.name} is larger than WeCom's 20 MB limit`);
  const mediaId = await api.uploadFile(file.name, file.bytes, file.mime);
  if ('user' in to) {
    if (caption) await api.sendText(to.user, caption);
    await api.sendFileMessage(to.user, mediaId);
  } else {
    if (caption) await api.sendChatText(to.chat, caption);
    await api.sendChatFile(to.chat, mediaId);
  }
}

/** The message as WeCom text: the reply text already carries the card's lines. */
export function renderWecomText(message: OutboundMessage): string {
  if (!message.card) return message.text;
  const missing = [message.card.title, ...message.card.lines].filter((l) => l && !message.text.includes(l.trim()));
  return missing.length ? `${message.text}\n${missing.join('\n')}` : message.text;
}
