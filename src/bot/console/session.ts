// A chat session in the terminal: the same SalesAssistant the WeCom/Slack adapters use, with
// slash commands for the demo (switch user, list users). No business logic here.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { BotReply, SalesAssistant } from '../../domain/assistant.js';

export interface ConsoleSessionOptions {
  user: string;
}

const HELP = `控制台命令 / console commands:
  /as <用户名>     切换身份 (switch user), e.g. /as zhangwei
  /users          列出用户 (list users)
  /whoami         当前身份
  /help           本帮助；发送“帮助”查看销售助手用法
  /quit           退出
其余输入都会作为聊天消息发送给销售助手。`;

export class ConsoleSession {
  private user: string;
  private readonly sessionId = randomUUID().slice(0, 8);
  private counter = 0;
  /** The last logged message, so "undo"/"ok" typed as /undo and /ok can act on its card. */
  lastReply: BotReply | null = null;

  constructor(private readonly assistant: SalesAssistant, private readonly prisma: PrismaClient, opts: ConsoleSessionOptions) {
    this.user = opts.user;
  }

  get currentUser() {
    return this.user;
  }

  prompt(): string {
    return `${this.user}> `;
  }

  /** Handles one input line; returns the text to print, or null to end the session. */
  async handleLine(line: string): Promise<string | null> {
    const input = line.trim();
    if (input === '/quit' || input === '/exit') return null;
    if (input === '/help') return HELP;
    if (input === '/whoami') return this.describeUser(this.user);
    if (input === '/users') {
      const users = await this.prisma.user.findMany({ where: { consoleName: { not: null } }, orderBy: { createdAt: 'asc' }, include: { team: true } });
      return users.map((u) => `${u.consoleName}\t${u.displayName}\t${u.role}\t${u.team?.name ?? '-'}`).join('\n');
    }
    const as = input.match(/^\/as\s+(\S+)$/);
    if (as) {
      const u = await this.prisma.user.findFirst({ where: { OR: [{ consoleName: as[1] }, { displayName: as[1] }] } });
      if (!u?.consoleName) return `没有用户 ${as[1]}。用 /users 查看。`;
      this.user = u.consoleName;
      return `已切换为 ${this.describeUserRow(u)}`;
    }
    if (input.startsWith('/')) return `未知命令 ${input}。/help 查看命令。`;
    const reply = await this.assistant.handleMessage({
      platform: 'CONSOLE',
      externalId: `${this.sessionId}:${++this.counter}`,
      senderId: this.user,
      text: line,
    });
    this.lastReply = reply;
    return reply.text;
  }

  private async describeUser(name: string): Promise<string> {
    const u = await this.prisma.user.findFirst({ where: { consoleName: name } });
    return u ? this.describeUserRow(u) : `${name}（未注册）`;
  }

  private describeUserRow(u: { displayName: string; role: string; consoleName: string | null }) {
    return `${u.displayName}（${u.consoleName}，${u.role}）`;
  }
}
