// Outbound through Slack: users by their Slack user id (chat.postMessage to the user id opens
// the app's DM), channels as "slack:<channel id>", and replies to received messages (into the
// conversation/thread they came from, or through the response_url of a slash command or button
// press — replacing the pressed card). Cards and buttons as Block Kit.
import type { App as BoltApp } from '@slack/bolt';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { OutboundChannel, OutboundFile, OutboundMessage, Recipient, ReplyRoute } from '../../domain/pushes/outbound.js';
import { renderBlocks, resolvedBlocks, type Block } from './blocks.js';

type WebClient = BoltApp['client'];

export class SlackChannel implements OutboundChannel {
  readonly name = 'slack';

  constructor(private readonly client: WebClient, private readonly prisma: PrismaClient) {}

  private async slackIdOf(userId: string): Promise<string | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { slackUserId: true, active: true } });
    return u?.active && u.slackUserId ? u.slackUserId : null;
  }

  async canReach(r: Recipient): Promise<boolean> {
    if (r.kind === 'reply') return r.route.platform === 'SLACK';
    if (r.kind === 'chat') return r.target.startsWith('slack:') && r.target.length > 'slack:'.length;
    return (await this.slackIdOf(r.userId)) !== null;
  }

  /**
   * files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal). A user gets it in
   * the app's DM, whose channel id comes from conversations.open.
   */
  async sendFile(r: Recipient, file: OutboundFile, caption: string): Promise<void> {
    try {
      let channel: string | undefined;
      let threadTs: string | undefined;
      let user: string | null = null;
      if (r.kind === 'chat') channel = r.target.slice('slack:'.length);
      else if (r.kind === 'reply') {
        if (r.route.platform !== 'SLACK') throw new Error(`not a Slack reply route: ${r.route.platform}`);
        // A file cannot go to a response_url: it goes to the conversation (or the user's DM).
        channel = r.route.channel;
        threadTs = r.route.threadTs;
        if (!channel && 'user' in r.route) user = r.route.user;
      } else {
        user = await this.slackIdOf(r.userId);
        if (!user) throw new Error(`user ${r.userId} has no Slack id`);
      }
      if (!channel) {
        const dm = await this.client.conversations.open({ users: user! });
        if (!dm.channel?.id) throw new Error(`conversations.open gave no channel for ${user}`);
        channel = dm.channel.id;
      }
      const upload = { channel_id: channel, file: file.bytes, filename: file.name, title: file.name, ...(caption ? { initial_comment: caption } : {}) };
      await this.client.files.uploadV2(threadTs ? { ...upload, thread_ts: threadTs } : upload);
    } catch (e) {
      throw classify(e);
    }
  }

  async send(r: Recipient, message: OutboundMessage): Promise<void> {
    try {
      await this.deliver(r, message);
    } catch (e) {
      throw classify(e);
    }
  }

  private async deliver(r: Recipient, message: OutboundMessage): Promise<void> {
    if (r.kind === 'reply') return this.reply(r.route, message);
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

  private async reply(route: ReplyRoute, message: OutboundMessage): Promise<void> {
    if (route.platform !== 'SLACK') throw new Error(`not a Slack reply: ${route.platform}`);
    const blocks = renderBlocks(message);
    if (!('responseUrl' in route)) {
      await this.client.chat.postMessage({ channel: route.channel, text: message.text, ...(route.threadTs ? { thread_ts: route.threadTs } : {}), ...(blocks ? { blocks } : {}) });
      return;
    }
    const body =
      route.mode === 'replace'
        ? // The pressed card, its buttons swapped for the outcome (no double presses).
          { replace_original: true, text: route.original?.text ?? message.text, blocks: resolvedBlocks(route.original?.blocks as Block[] | undefined, route.original?.text ?? '', message.text) }
        : { response_type: 'ephemeral', replace_original: false, text: message.text, ...(blocks ? { blocks } : {}) };
    const res = await fetch(route.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    if (res.ok) return;
    // A response_url lives 30 minutes and takes 5 answers; after that, answer in the conversation.
    if (res.status >= 400 && res.status < 500) {
      await this.client.chat.postMessage({ channel: route.channel ?? route.user, text: message.text, ...(route.channel && route.threadTs ? { thread_ts: route.threadTs } : {}) });
      return;
    }
    throw new Error(`Slack response_url answered HTTP ${res.status}`);
  }
}

/** Slack answers retrying cannot fix: the outbox fails the row (visible, requeue after fixing). */
const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'account_inactive', 'user_disabled',
  'invalid_auth', 'not_authed', 'token_revoked', 'no_permission', 'missing_scope', 'msg_too_long', 'invalid_blocks',
]);

function classify(e: unknown): unknown {
  const code = (e as { data?: { error?: string } })?.data?.error;
  if (code && PERMANENT_SLACK_ERRORS.has(code)) return Object.assign(new Error(`Slack: ${code}`), { permanent: true });
  return e;
}
