// Outbound through Slack: users by their Slack user id (chat.postMessage to the user id opens
// the app's DM), channels as "slack:<channel id>". Cards and buttons as Block Kit.
import type { App as BoltApp } from '@slack/bolt';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { OutboundChannel, OutboundFile, OutboundMessage, Recipient } from '../outbound.js';
import { renderBlocks } from './blocks.js';

type WebClient = BoltApp['client'];

export class SlackChannel implements OutboundChannel {
  readonly name = 'slack';

  constructor(private readonly client: WebClient, private readonly prisma: PrismaClient) {}

  private async slackIdOf(userId: string): Promise<string | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { slackUserId: true, active: true } });
    return u?.active && u.slackUserId ? u.slackUserId : null;
  }

  async canReach(r: Recipient): Promise<boolean> {
    if (r.kind === 'chat') return r.target.startsWith('slack:') && r.target.length > 'slack:'.length;
    return (await this.slackIdOf(r.userId)) !== null;
  }

  /**
   * files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal). A user gets it in
   * the app's DM, whose channel id comes from conversations.open.
   */
  async sendFile(r: Recipient, file: OutboundFile, caption: string): Promise<void> {
    let channel: string;
    if (r.kind === 'chat') channel = r.target.slice('slack:'.length);
    else {
      const user = await this.slackIdOf(r.userId);
      if (!user) throw new Error(`user ${r.userId} has no Slack id`);
      const dm = await this.client.conversations.open({ users: user });
      if (!dm.channel?.id) throw new Error(`conversations.open gave no channel for ${user}`);
      channel = dm.channel.id;
    }
    await this.client.files.uploadV2({ channel_id: channel, file: file.bytes, filename: file.name, title: file.name, ...(caption ? { initial_comment: caption } : {}) });
  }

  async send(r: Recipient, message: OutboundMessage): Promise<void> {
    let channel: string | null;
    if (r.kind === 'chat') {
      if (!r.target.startsWith('slack:')) throw new Error(`not a Slack channel: ${r.target}`);
      channel = r.target.slice('slack:'.length);
    } else {
      channel = await this.slackIdOf(r.userId);
      if (!channel) throw new Error(`user ${r.userId} has no Slack id`);
    }
    const blocks = renderBlocks(message);
    await this.client.chat.postMessage({ channel, text: message.text, ...(blocks ? { blocks } : {}) });
  }
}
