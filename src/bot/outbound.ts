// The one outbound interface: schedulers and adapters send through it without knowing which
// platform a user is on. Each adapter (console, WeCom, Slack) implements `OutboundChannel`.
import type { ReplyCard } from '../domain/handlerTypes.js';

export interface ActionButton {
  label: string;
  action: 'confirm' | 'undo' | 'edit_amount' | 'task_done' | 'task_snooze';
  targetId: string;
}

export interface OutboundMessage {
  text: string;
  card?: ReplyCard;
  /** Buttons where the platform supports them; text platforms list them as reply hints. */
  buttons?: ActionButton[];
}

export type Recipient =
  /** A user by our User id; the channel maps it to the platform id. */
  | { kind: 'user'; userId: string }
  /** A group chat, as stored in Team.chatTarget: "wecom:<chatid>", "slack:<channel>", "console:<name>". */
  | { kind: 'chat'; target: string };

/** A file to deliver (an export): WeCom media upload + file message, Slack file upload, console: saved. */
export interface OutboundFile {
  name: string;
  mime: string;
  bytes: Buffer;
}

export interface OutboundChannel {
  /** Platform name as used in Team.chatTarget prefixes and logs. */
  readonly name: string;
  /** Can this channel reach the recipient (user has an id on this platform / chat prefix matches)? */
  canReach(recipient: Recipient): Promise<boolean>;
  send(recipient: Recipient, message: OutboundMessage): Promise<void>;
  /** Sends a file with a caption; channels without it cannot deliver files. */
  sendFile?(recipient: Recipient, file: OutboundFile, caption: string): Promise<void>;
}

/** Sends through the first channel that can reach the recipient. */
export class Outbound {
  constructor(private readonly channels: OutboundChannel[]) {}

  async send(recipient: Recipient, message: OutboundMessage): Promise<string> {
    for (const ch of this.channels) {
      if (await ch.canReach(recipient)) {
        await ch.send(recipient, message);
        return ch.name;
      }
    }
    throw new Error(`no channel can reach ${recipient.kind === 'user' ? `user ${recipient.userId}` : recipient.target}`);
  }

  /** Sends a file through the first channel that can reach the recipient and take files. */
  async sendFile(recipient: Recipient, file: OutboundFile, caption: string): Promise<string> {
    for (const ch of this.channels) {
      if (ch.sendFile && (await ch.canReach(recipient))) {
        await ch.sendFile(recipient, file, caption);
        return ch.name;
      }
    }
    throw new Error(`no channel can reach ${recipient.kind === 'user' ? `user ${recipient.userId}` : recipient.target} with a file`);
  }
}
