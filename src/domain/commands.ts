// Exact commands recognised before parsing (settings, admin actions). They must never be
// mistaken for sales activity, so they match whole-message patterns only.
import type { DomainContext } from './context.js';
import type { HandlerResult, UserWithTeam } from './handlerTypes.js';
import type { Lang } from './i18n.js';
import { registerCommand as registerUserCommand } from './registration.js';
import { nudgeCommand } from './tasks/nudge.js';

export interface Command {
  match: RegExp;
  /** null: not this command after all (e.g. the name is nobody's) — the message is parsed as usual. */
  run(ctx: DomainContext, user: UserWithTeam, m: RegExpMatchArray, lang: Lang): Promise<HandlerResult | null>;
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
  // Manager: 催一下张三 — nudge a colleague about their overdue tasks.
  nudgeCommand,
];

export function registerCommand(c: Command) {
  COMMANDS.push(c);
}

export async function runCommand(ctx: DomainContext, user: UserWithTeam, text: string, lang: Lang): Promise<HandlerResult | null> {
  for (const c of COMMANDS) {
    const m = text.match(c.match);
    if (!m) continue;
    const r = await c.run(ctx, user, m, lang);
    if (r) return r;
  }
  return null;
}
