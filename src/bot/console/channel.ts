// The console outbound channel: pushes for users who have a consoleName (and for "console:…"
// chat targets) are printed to stdout, prefixed with the recipient, and kept in `sent` so tests
// and the console can inspect them. Until the WeCom/Slack channels land it is the default one.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { ActionButton, OutboundChannel, OutboundFile, OutboundMessage, Recipient } from '../../domain/pushes/outbound.js';

export interface ConsoleDelivery {
  /** "user:<id>" or "chat:<target>" */
  recipient: string;
  /** What the prefix shows: the consoleName, or the chat target. */
  label: string;
  message: OutboundMessage;
}

export interface ConsoleChannelOptions {
  /** Where printed pushes go; default console.log. Pass null to keep them in memory only. */
  print?: ((line: string) => void) | null;
  /** Reach every user, not only those with a consoleName (the CLI uses this for dry runs). */
  reachAllUsers?: boolean;
  /** Where files (exports) are saved; default EXPORT_DIR or ./exports. */
  fileDir?: string;
}

export function renderButtons(buttons: ActionButton[] | undefined): string {
  if (!buttons?.length) return '';
  return `\n  ${buttons.map((b) => `[${b.label}]`).join(' ')}`;
}

export class ConsoleChannel implements OutboundChannel {
  readonly name = 'console';
  /** Everything sent, in order (the in-memory sink). */
  readonly sent: ConsoleDelivery[] = [];
  private readonly print: ((line: string) => void) | null;

  constructor(private readonly prisma: PrismaClient, private readonly opts: ConsoleChannelOptions = {}) {
    this.print = opts.print === undefined ? (line) => console.log(line) : opts.print;
  }

  async canReach(recipient: Recipient): Promise<boolean> {
    if (recipient.kind === 'reply') return recipient.route.platform === 'CONSOLE';
    if (recipient.kind === 'chat') return recipient.target.startsWith('console:');
    const u = await this.prisma.user.findUnique({ where: { id: recipient.userId }, select: { consoleName: true, active: true } });
    return !!u && u.active && (this.opts.reachAllUsers || !!u.consoleName);
  }

  async send(recipient: Recipient, message: OutboundMessage): Promise<void> {
    let label: string;
    let key: string;
    if (recipient.kind === 'reply') {
      label = recipient.route.platform === 'CONSOLE' ? recipient.route.user : '?';
      key = `reply:${label}`;
    } else if (recipient.kind === 'chat') {
      label = `#${recipient.target.slice('console:'.length)}`;
      key = `chat:${recipient.target}`;
    } else {
      const u = await this.prisma.user.findUnique({ where: { id: recipient.userId }, select: { consoleName: true, displayName: true } });
      label = u?.consoleName ?? u?.displayName ?? recipient.userId;
      key = `user:${recipient.userId}`;
    }
    this.sent.push({ recipient: key, label, message });
    this.print?.(`[推送 → ${label}] ${message.text}${renderButtons(message.buttons)}`);
  }

  /** Files are saved to disk and the path printed (the terminal has no file messages). */
  async sendFile(recipient: Recipient, file: OutboundFile, caption: string): Promise<void> {
    const dir = path.resolve(this.opts.fileDir ?? process.env.EXPORT_DIR ?? 'exports');
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, path.basename(file.name));
    await writeFile(target, file.bytes);
    await this.send(recipient, { text: `${caption ? `${caption}\n` : ''}📎 ${target}` });
  }

  /** Deliveries to one recipient key ("user:<id>" / "chat:<target>"). */
  to(recipient: string): ConsoleDelivery[] {
    return this.sent.filter((d) => d.recipient === recipient);
  }
}
