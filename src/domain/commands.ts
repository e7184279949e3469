// Exact commands recognised before parsing (settings, admin actions). They must never be
// mistaken for sales activity, so they match whole-message patterns only. The assistant runs a
// command inside the message's transaction: `ctx.prisma` is then that transaction's client, so
// the command's writes, the InboundMessage row and the reply commit (or roll back) together.
import type { DomainContext } from './context.js';
import type { HandlerResult, UserWithTeam } from './handlerTypes.js';
import type { Lang } from './i18n.js';
import { registerCommand as registerUserCommand } from './registration.js';

export interface Command {
  match: RegExp;
  run(ctx: DomainContext, user: UserWithTeam, m: RegExpMatchArray, lang: Lang): Promise<HandlerResult>;
}

const COMMANDS: Command[] = [
  {
    match: /^\s*(?:\/?lang(?:uage)?\s+(en|english|zh|chinese|中文|英文)|语言\s*(中文|英文|en|zh)|切换(?:到)?(中文|英文))\s*$/i,
    async run(ctx, user, m) {
      const choice = (m[1] ?? m[2] ?? m[3]).toLowerCase();
      const locale = ['en', 'english', '英文'].includes(choice) ? 'en-US' : 'zh-CN';
      await ctx.prisma.user.update({ where: { id: user.id }, data: { locale } });
      return { text: locale === 'en-US' ? 'Language set to English.' : '已切换为中文。', outcome: 'APPLIED' };
    },
  },
  // Admin: 注册 <平台id> <姓名> [销售|经理|管理员] [团队名] / register <platform-id> <name> [role] [team]
  registerUserCommand,
];

export function registerCommand(c: Command) {
  COMMANDS.push(c);
}

/** The command a whole message is, with its match, or null. */
export function matchCommand(text: string): { run: (ctx: DomainContext, user: UserWithTeam, m: RegExpMatchArray, lang: Lang) => Promise<HandlerResult>; match: RegExpMatchArray } | null {
  for (const c of COMMANDS) {
    const m = text.match(c.match);
    if (m) return { run: (ctx, user, mm, lang) => c.run(ctx, user, mm, lang), match: m };
  }
  return null;
}

export async function runCommand(ctx: DomainContext, user: UserWithTeam, text: string, lang: Lang): Promise<HandlerResult | null> {
  for (const c of COMMANDS) {
    const m = text.match(c.match);
    if (m) return c.run(ctx, user, m, lang);
  }
  return null;
}
