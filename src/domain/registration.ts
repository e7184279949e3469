// Admin command that links a chat-platform account to a User:
//   注册 <平台id> <姓名> [销售|经理|管理员] [团队名]
//   register <platform-id> <name> [rep|manager|admin] [team]
// The platform is the admin's own one (the command arrives on it). An explicit prefix
// ("wecom:zhangsan", "slack:U0123") or a Slack mention ("<@U0123>") overrides that.
// A name alone never links the id to an existing person (that would hand over their role and
// data): a new person is registered, and the reply names the namesake. Linking needs the
// explicit word 关联 / link ("注册 slack:U0123 张三 关联"), which also re-points an id that was
// just registered to a new, still unused namesake.
import type { Role } from '../generated/prisma/client.js';
import type { Command } from './commands.js';
import type { DomainContext } from './context.js';
import type { HandlerResult, UserWithTeam } from './handlerTypes.js';
import type { Lang } from './i18n.js';
import { platformIdField, type PlatformName } from './users.js';
import { teamlessWarning } from './teams/people.js';

/** Whole message: keyword, then an ASCII platform id (so Chinese sentences never match). */
export const REGISTER_PATTERN = /^\s*(注册|register)\s+(<@[A-Z0-9]+(?:\|[^>]*)?>|[A-Za-z0-9_.@:\-]+)(?:\s+(.+?))?\s*$/i;

const ROLE_WORDS: Record<string, Role> = {
  销售: 'REP', rep: 'REP', sales: 'REP',
  经理: 'MANAGER', 主管: 'MANAGER', manager: 'MANAGER',
  管理员: 'ADMIN', admin: 'ADMIN',
};
const ROLE_LABEL: Record<Role, Record<Lang, string>> = {
  REP: { zh: '销售', en: 'rep' },
  MANAGER: { zh: '经理', en: 'manager' },
  ADMIN: { zh: '管理员', en: 'admin' },
};
const PLATFORM_PREFIX: Record<string, PlatformName> = { wecom: 'WECOM', slack: 'SLACK', console: 'CONSOLE' };
const MAX_NAME = 64;

export interface RegisterRequest {
  platform: PlatformName | null;
  platformId: string;
  name: string;
  role: Role | null;
  team: string | null;
  /** 关联 / link: attach the id to the existing person of that name. */
  link: boolean;
}

const LINK_WORDS = new Set(['关联', 'link']);

/** Splits on whitespace, keeping "quoted parts" (straight or curly quotes) together. */
function tokens(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4]).trim());
  return out.filter(Boolean);
}

/** Parses the arguments; null when the name is missing. */
export function parseRegister(m: RegExpMatchArray): RegisterRequest | null {
  let rawId = m[2];
  let platform: PlatformName | null = null;
  const mention = rawId.match(/^<@([A-Z0-9]+)(?:\|[^>]*)?>$/);
  if (mention) {
    rawId = mention[1];
    platform = 'SLACK';
  } else {
    const prefixed = rawId.match(/^(wecom|slack|console):(.+)$/i);
    if (prefixed) {
      platform = PLATFORM_PREFIX[prefixed[1].toLowerCase()];
      rawId = prefixed[2];
    }
  }
  const all = tokens(m[3] ?? '');
  const rest = all.filter((w) => !LINK_WORDS.has(w.toLowerCase()));
  const link = rest.length !== all.length;
  const roleAt = rest.findIndex((w) => ROLE_WORDS[w.toLowerCase()] !== undefined);
  // Without a role word the whole rest is the name ("John Smith"); a team needs the role first.
  const nameParts = roleAt >= 0 ? rest.slice(0, roleAt) : rest;
  const name = nameParts.join(' ').trim();
  if (!name || !rawId) return null;
  return {
    platform,
    platformId: rawId,
    name: name.slice(0, MAX_NAME),
    role: roleAt >= 0 ? ROLE_WORDS[rest[roleAt].toLowerCase()] : null,
    team: roleAt >= 0 && rest.length > roleAt + 1 ? rest.slice(roleAt + 1).join(' ') : null,
    link,
  };
}

/** The admin's platform when the id has no prefix: the one they have an id on. */
function adminPlatform(admin: UserWithTeam): PlatformName | 'AMBIGUOUS' {
  const mine: PlatformName[] = [];
  if (admin.wecomUserId) mine.push('WECOM');
  if (admin.slackUserId) mine.push('SLACK');
  if (mine.length === 1) return mine[0];
  if (mine.length === 0 && admin.consoleName) return 'CONSOLE';
  return 'AMBIGUOUS';
}

const PLATFORM_LABEL: Record<PlatformName, string> = { WECOM: '企业微信/WeCom', SLACK: 'Slack', CONSOLE: 'console', CLI: 'console' };

export async function registerUser(ctx: DomainContext, admin: UserWithTeam, m: RegExpMatchArray, lang: Lang): Promise<HandlerResult> {
  const zh = lang === 'zh';
  if (admin.role !== 'ADMIN') {
    return { text: zh ? '只有管理员可以注册用户。' : 'Only an admin can register users.', outcome: 'REJECTED' };
  }
  const req = parseRegister(m);
  if (!req) {
    return {
      text: zh
        ? '格式：注册 <平台账号> <姓名> [销售|经理|管理员] [团队名]，例如：注册 zhangsan 张三 销售 华东一部'
        : 'Usage: register <platform-id> <name> [rep|manager|admin] [team], e.g. register U0123ABC "John Smith" rep "East 1"',
      outcome: 'REJECTED',
    };
  }
  const platform = req.platform ?? adminPlatform(admin);
  if (platform === 'AMBIGUOUS') {
    return {
      text: zh
        ? '无法确定平台，请在账号前加前缀，例如：注册 wecom:zhangsan 张三 或 注册 slack:U0123ABC 张三'
        : 'Which platform? Prefix the id, e.g. register wecom:zhangsan "Zhang San" or register slack:U0123ABC "John Smith"',
      outcome: 'REJECTED',
    };
  }
  const field = platformIdField(platform);
  const db = ctx.prisma;

  let teamId: string | undefined;
  if (req.team) {
    const team = await db.team.findFirst({ where: { name: req.team } });
    if (!team) {
      const names = (await db.team.findMany({ select: { name: true }, orderBy: { name: 'asc' }, take: 30 })).map((t) => t.name);
      const list = names.length ? names.join(zh ? '、' : ', ') : zh ? '（暂无团队）' : '(none yet)';
      return { text: zh ? `没有名为“${req.team}”的团队。现有团队：${list}` : `There is no team called "${req.team}". Teams: ${list}`, outcome: 'REJECTED' };
    }
    teamId = team.id;
  }

  const roleText = (r: Role) => ROLE_LABEL[r][lang];
  const label = PLATFORM_LABEL[platform];
  const describe = (u: { displayName: string; role: Role; team?: { name: string } | null }) => `${u.displayName}（${roleText(u.role)}${u.team ? `，${u.team.name}` : ''}）`;
  const existing = await db.user.findFirst({ where: { [field]: req.platformId } });
  // People of that name who have no id on this platform yet: candidates for an explicit link.
  const namesakes = await db.user.findMany({ where: { displayName: req.name, [field]: null, ...(existing ? { id: { not: existing.id } } : {}) }, take: 3, include: { team: true } });

  if (req.link) {
    if (namesakes.length !== 1) {
      return {
        text: namesakes.length
          ? zh ? `有多个名为“${req.name}”的用户，无法确定关联哪一个。请联系开发者处理。` : `Several users are called "${req.name}"; cannot tell which one to link.`
          : zh ? `没有可以关联的“${req.name}”（不存在，或已有${label}账号）。未做修改。` : `There is no "${req.name}" without a ${label} id to link. Nothing changed.`,
        outcome: 'REJECTED',
      };
    }
    const target = namesakes[0];
    if (existing) {
      // Only a namesake registered a moment ago and never used may be re-pointed.
      const used = existing.displayName !== req.name || (await db.inboundMessage.count({ where: { senderId: existing.id } })) > 0 || (await db.customer.count({ where: { ownerId: existing.id } })) > 0;
      if (used) {
        return {
          text: zh ? `${label} 账号 ${req.platformId} 已注册为“${existing.displayName}”并在使用中，未做修改。` : `${label} id ${req.platformId} belongs to "${existing.displayName}", who is using it. Nothing changed.`,
          outcome: 'REJECTED',
        };
      }
      await db.user.update({ where: { id: existing.id }, data: { [field]: null, active: false } });
    }
    const user = await db.user.update({
      where: { id: target.id },
      data: { [field]: req.platformId, active: true, ...(req.role ? { role: req.role } : {}), ...(teamId ? { teamId } : {}) },
      include: { team: true },
    });
    return {
      text: zh
        ? `✅ 已关联：${describe(user)}，${label} 账号 ${req.platformId}。${existing ? '刚才新建的同名账号已停用。' : ''}`
        : `✅ Linked ${user.displayName} (${roleText(user.role)}) with ${label} id ${req.platformId}.${existing ? ' The namesake registered a moment ago was deactivated.' : ''}`,
      outcome: 'APPLIED',
    };
  }

  if (existing) {
    if (existing.displayName !== req.name) {
      return {
        text: zh
          ? `${label} 账号 ${req.platformId} 已注册为“${existing.displayName}”，未做修改。`
          : `${label} id ${req.platformId} is already registered as "${existing.displayName}". Nothing changed.`,
        outcome: 'REJECTED',
      };
    }
    const updated = await db.user.update({
      where: { id: existing.id },
      data: { active: true, ...(req.role ? { role: req.role } : {}), ...(teamId ? { teamId } : {}) },
      include: { team: true },
    });
    return {
      text: zh
        ? `“${updated.displayName}”已是注册用户（${roleText(updated.role)}${updated.team ? `，${updated.team.name}` : ''}）。`
        : `"${updated.displayName}" is already registered (${roleText(updated.role)}${updated.team ? `, ${updated.team.name}` : ''}).`,
      outcome: 'APPLIED',
    };
  }

  const teamLocale = teamId ? (await db.team.findUnique({ where: { id: teamId } }))?.locale : undefined;
  const user = await db.user.create({
    data: { displayName: req.name, role: req.role ?? 'REP', teamId: teamId ?? null, [field]: req.platformId, locale: teamLocale ?? admin.locale },
    include: { team: true },
  });
  const where = user.team ? (zh ? `，团队 ${user.team.name}` : `, team ${user.team.name}`) : '';
  // Without a team nobody gets 日报, digests or rankings: say so now (teams/people.ts).
  const teamless = !user.team && user.role !== 'ADMIN' ? `\n${teamlessWarning(lang, user.displayName)}` : '';
  const base = zh
    ? `✅ 已注册：${user.displayName}（${roleText(user.role)}${where}），${label} 账号 ${req.platformId}。对方现在可以直接发消息给我了。${teamless}`
    : `✅ Registered ${user.displayName} (${roleText(user.role)}${where}) with ${label} id ${req.platformId}. They can message me now.${teamless}`;
  if (!namesakes.length) return { text: base, outcome: 'APPLIED' };
  const raw = m[0].trim();
  return {
    text: zh
      ? `${base}\n⚠️ 已有同名用户 ${namesakes.map(describe).join('、')}，这是一位新用户，没有关联到他/她。如果其实是同一个人，请发送：${raw} 关联`
      : `${base}\n⚠️ There is already ${namesakes.map((n) => `"${n.displayName}" (${roleText(n.role)})`).join(', ')}; this is a new person, not linked to them. If it is the same person, send: ${raw} link`,
    outcome: 'APPLIED',
  };
}

export const registerCommand: Command = { match: REGISTER_PATTERN, run: registerUser };

/**
 * First admin of a platform, from configuration (WECOM_ADMIN_USER_ID / SLACK_ADMIN_USER_ID):
 * creates the user, or promotes the existing one, so that someone can send "注册 …".
 * Returns what it did, for the startup log.
 */
export async function ensureBootstrapAdmin(ctx: DomainContext, platform: 'WECOM' | 'SLACK', platformId: string, displayName?: string): Promise<'created' | 'promoted' | 'unchanged'> {
  const field = platformIdField(platform);
  const existing = await ctx.prisma.user.findFirst({ where: { [field]: platformId } });
  if (existing) {
    if (existing.role === 'ADMIN' && existing.active) return 'unchanged';
    await ctx.prisma.user.update({ where: { id: existing.id }, data: { role: 'ADMIN', active: true } });
    return 'promoted';
  }
  await ctx.prisma.user.create({ data: { displayName: displayName || platformId, role: 'ADMIN', [field]: platformId } });
  return 'created';
}
