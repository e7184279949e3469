// The outbound port, owned by the domain: pushes, replies and the outbox describe what to send and
// to whom (Recipient, OutboundMessage, ReplyRoute) and send through `Outbound` without knowing
// which platform a user is on. Each adapter (console, WeCom, Slack in src/bot) implements
// `OutboundChannel`; schedulers and the serve entry point wire the channels in.
import type { ReplyCard } from '../handlerTypes.js';

export interface ActionButton {
  label: string;
  action: 'confirm' | 'undo' | 'edit_amount' | 'task_done' | 'task_snooze' | 'choose';
  /** For `choose`: the number this button answers with. */
  value?: string;
  targetId: string;
}

export interface OutboundMessage {
  text: string;
  card?: ReplyCard;
  /** Buttons where the platform supports them; text platforms list them as reply hints. */
  buttons?: ActionButton[];
}

/**
 * Where the answer to one received platform message goes, as the adapter saw it arrive: the
 * WeCom user, the Slack conversation (and thread), or a Slack response_url (slash command,
 * button press; `original` is the card to replace). Stored with the reply in the outbox.
 */
export type ReplyRoute =
  /** `responseCode`: from a pressed template card; lets the reply update that card once (update_template_card). */
  | { platform: 'WECOM'; user: string; responseCode?: string }
  | { platform: 'SLACK'; channel: string; threadTs?: string }
  | { platform: 'SLACK'; responseUrl: string; mode: 'ephemeral' | 'replace'; user: string; channel?: string; threadTs?: string; original?: { text: string; blocks?: unknown[] } }
  | { platform: 'CONSOLE'; user: string };

export type Recipient =
  /** A user by our User id; the channel maps it to the platform id. */
  | { kind: 'user'; userId: string }
  /** A group chat, as stored in Team.chatTarget: "wecom:<chatid>", "slack:<channel>", "console:<name>". */
  | { kind: 'chat'; target: string }
  /** The answer to a received message, delivered where that message came from. */
  | { kind: 'reply'; route: ReplyRoute };

/**
 * Delivery progress of a multi-part message (text chunks, then a card): parts before `done` were
 * delivered by an earlier attempt and are skipped; `sent(n)` records that the first n are out.
 */
export interface SendProgress {
  done: number;
  /** Stable id of the outbox row: lets a channel make a resend recognisable as one (WeCom). */
  key?: string;
  sent(n: number): Promise<void>;
}

/** Sends `parts` in order, skipping those already delivered and recording each one delivered. */
export async function sendParts(parts: Array<() => Promise<void>>, progress?: SendProgress): Promise<void> {
  for (let i = progress?.done ?? 0; i < parts.length; i++) {
    await parts[i]();
    await progress?.sent(i + 1);
  }
}

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
  /** Multi-part sends honour `progress` so a retry never repeats a delivered part. */
  send(recipient: Recipient, message: OutboundMessage, progress?: SendProgress): Promise<void>;
  /** Sends a file with a caption; channels without it cannot deliver files. */
  sendFile?(recipient: Recipient, file: OutboundFile, caption: string): Promise<void>;
}

/** Sends through the first channel that can reach the recipient. */
export class Outbound {
  constructor(private readonly channels: OutboundChannel[]) {}

  async send(recipient: Recipient, message: OutboundMessage, progress?: SendProgress): Promise<string> {
    for (const ch of this.channels) {
      if (await ch.canReach(recipient)) {
        await ch.send(recipient, message, progress);
        return ch.name;
      }
    }
    throw new Error(`no channel can reach ${describe(recipient)}`);
  }

  /** Sends a file through the first channel that can reach the recipient and take files. */
  async sendFile(recipient: Recipient, file: OutboundFile, caption: string): Promise<string> {
    for (const ch of this.channels) {
      if (ch.sendFile && (await ch.canReach(recipient))) {
        await ch.sendFile(recipient, file, caption);
        return ch.name;
      }
    }
    throw new Error(`no channel can reach ${describe(recipient)} with a file`);
  }
}

function describe(recipient: Recipient): string {
  if (recipient.kind === 'user') return `user ${recipient.userId}`;
  if (recipient.kind === 'chat') return recipient.target;
  return `a ${recipient.route.platform} reply`;
}
