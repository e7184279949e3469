// Exact commands recognised before parsing (settings, admin actions). They must never be
// mistaken for sales activity, so they match whole-message patterns only. Every command runs
// inside the message's transaction, so its writes, the InboundMessage row and the reply commit
// (or roll back) together and a redelivered message id runs it once; `accepts` is the only part
// that runs before, read-only, to let a look-alike sentence go to the parser instead.
import type { DomainContext, Tx } from './context.js';
import type { HandlerEnv, HandlerResult, UserWithTeam } from './handlerTypes.js';
import type { Lang } from './i18n.js';
import { registerCommand as registerUserCommand } from './registration.js';
import { EXPORT_COMMANDS } from './exports/chat.js';
import { OWNERSHIP_COMMANDS } from './ownership/chat.js';
import { TEAM_COMMANDS } from './teams/chat.js';
import { nudgeCommand } from './tasks/nudge.js';
import { TASK_COMMANDS } from './tasks/chat.js';
import { CUSTOMER_COMMANDS } from './customers/chat.js';
import type { PlatformName } from './users.js';

/** What a transactional command gets: the message's transaction env (no parse result). */
export type CommandEnv = Omit<HandlerEnv, 'parsed'> & { platform: PlatformName };

export interface Command {
  match: RegExp;
  /** Runs inside the message's transaction: `ctx.prisma` is that transaction's client. */
  run?(ctx: DomainContext, user: UserWithTeam, m: RegExpMatchArray, lang: Lang): Promise<HandlerResult>;
  /**
   * Read-only check before the transaction: false hands the message to the parser after all
   * (e.g. "把方案转给王总" is not a transfer when 方案 is no customer of ours).
   */
  accepts?(ctx: DomainContext, user: UserWithTeam, m: RegExpMatchArray): Promise<boolean>;
  /** Runs inside the message's transaction, writing through env.log, so "撤销" reverts it. */
  apply?(db: Tx, env: CommandEnv, m: RegExpMatchArray): Promise<HandlerResult>;
}

/** A matched command: the work to run in the message's transaction. */
export type CommandWork = (db: Tx, env: CommandEnv) => Promise<HandlerResult>;

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
  // Teams, people, ownership and 公海 (issue 13).
  ...TEAM_COMMANDS,
  ...OWNERSHIP_COMMANDS,
  ...EXPORT_COMMANDS,
  // Manager: 催一下张三 — nudge a colleague about their overdue tasks.
  nudgeCommand,
  // 完成 1 · 第2条推迟到周五 · 新建客户 X · X标记失效 (issue 10).
  ...TASK_COMMANDS,
  ...CUSTOMER_COMMANDS,
];

export function registerCommand(c: Command) {
  COMMANDS.push(c);
}

/**
 * The command a whole message is, as work for the message's transaction, or null when it is
 * none (or a look-alike its `accepts` check turns away).
 */
export async function matchCommand(ctx: DomainContext, user: UserWithTeam, text: string): Promise<CommandWork | null> {
  for (const c of COMMANDS) {
    const m = text.match(c.match);
    if (!m) continue;
    if (c.accepts && !(await c.accepts(ctx, user, m))) continue;
    const { apply, run } = c;
    if (apply) return (db, env) => apply(db, env, m);
    if (run) return (db, env) => run({ ...ctx, prisma: db as unknown as DomainContext['prisma'] }, user, m, env.lang);
  }
  return null;
}
