// `npm run cli -- team <sub> …` — team, people and ownership administration from the terminal,
// through the same domain functions as the chat commands (src/domain/teams, ownership, pool),
// each in one transaction. The CLI operator acts as an admin.
import { parseArgs } from '../args.js';
import { runWithDb } from '../session.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { ChangeLog } from '../../domain/changes.js';
import { makeContext } from '../../domain/context.js';
import type { UserWithTeam } from '../../domain/handlerTypes.js';
import type { Lang } from '../../domain/i18n.js';
import { inheritAll, transferCustomer } from '../../domain/ownership/transfer.js';
import { runPoolRules } from '../../domain/pool/recycle.js';
import { parsePoolWords } from '../../domain/pool/settings.js';
import { REGISTER_PATTERN, registerUser } from '../../domain/registration.js';
import { CLI_ACTOR, type OpResult } from '../../domain/teams/actor.js';
import {
  createTeam,
  listTeams,
  normalizeHhmm,
  renameTeam,
  setDailyReportTime,
  setPoolRules,
  setQuietHours,
  setStallDays,
  setTeamChat,
  setTeamManager,
  setTeamTimezone,
  showTeam,
} from '../../domain/teams/admin.js';
import { findTeam } from '../../domain/teams/lookup.js';
import { listPeople, movePerson, setPersonActive } from '../../domain/teams/people.js';
import { syncTeamMembers, type DirectoryPort } from '../../domain/teams/directory.js';
import { wecomDirectoryFromEnv } from '../../bot/wecom/directory.js';

export const usage =
  'team list|show|create|rename|manager|chat|tz|quiet|stall|report|pool|register|move|deactivate|activate|people|transfer|handover|pool-run|sync-wecom …   (npm run cli -- team help)';

const HELP = `team list                                   all teams
team show <团队>                             one team's settings
team create <团队> [--parent <上级>] [--tz <zone>]
team rename <团队> <新名称>
team manager <团队> <姓名>
team chat <团队> <wecom:chatid | slack:C0123 | off>
team tz <团队> <Asia/Shanghai>
team quiet <团队> <22:00-08:00 | off>
team stall <团队> <天数> [--stage 谈判]
team report <团队> <18:00>
team pool <团队> <规则…>                     e.g. "A级 30天未跟进 提前3天提醒 每人每天领取5个" | off
team register <wecom:id|slack:U…|console:name> <姓名> [销售|经理|管理员] [团队]
team move <姓名> <团队>
team deactivate|activate <姓名>
team people [团队]
team transfer <客户> <姓名> [--from <原负责人>]
team handover <离职人> <接手人> [--deactivate]
team pool-run [--team <团队>] [--date ISO]   apply 公海 rules now (still once per team and day)
team sync-wecom <团队> <部门ID>               add the WeCom department's members to the team (WECOM_* set)
Common: --lang en, --now ISO`;

export interface TeamCliOptions {
  now: Date;
  lang: Lang;
  timezone: string;
  /** The directory for sync-wecom; default: WeCom from the environment. */
  directory?: DirectoryPort | null;
}

const out = (r: OpResult): [number, string] => [r.ok ? 0 : 1, r.text];

/** The CLI's logic on an open database; returns [exit code, output]. Exported for tests. */
export async function runTeam(prisma: PrismaClient, args: string[], o: TeamCliOptions): Promise<[number, string]> {
  const { flags, positional } = parseArgs(args, ['deactivate']);
  const [sub, ...rest] = positional;
  const { lang, now } = o;
  const a = CLI_ACTOR;
  const tx = <T>(fn: (db: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0], log: ChangeLog) => Promise<T>) =>
    prisma.$transaction((db) => fn(db, new ChangeLog()), { maxWait: 15_000, timeout: 120_000 });
  const need = (n: number) => rest.length < n;
  switch (sub) {
    case 'list':
      return out(await listTeams(prisma, a, lang));
    case 'show':
      if (need(1)) break;
      return out(await showTeam(prisma, a, lang, rest.join(' ')));
    case 'create':
      if (need(1)) break;
      return out(await tx((db, log) => createTeam(db, a, lang, rest.join(' '), typeof flags.parent === 'string' ? flags.parent : null, { timezone: typeof flags.tz === 'string' ? flags.tz : o.timezone, log })));
    case 'rename':
      if (need(2)) break;
      return out(await tx((db, log) => renameTeam(db, a, lang, rest[0], rest.slice(1).join(' '), log)));
    case 'manager':
      if (need(2)) break;
      return out(await tx((db, log) => setTeamManager(db, a, lang, rest[0], rest.slice(1).join(' '), log)));
    case 'chat':
      if (need(2)) break;
      return out(await tx((db, log) => setTeamChat(db, a, lang, rest[0], /^(off|关闭)$/i.test(rest[1]) ? null : rest[1], null, log, now)));
    case 'tz':
      if (need(2)) break;
      return out(await tx((db, log) => setTeamTimezone(db, a, lang, rest[0], rest[1], log)));
    case 'quiet': {
      if (need(2)) break;
      if (/^(off|关闭)$/i.test(rest[1])) return out(await tx((db, log) => setQuietHours(db, a, lang, rest[0], null, log)));
      const m = rest.slice(1).join('').match(/^(.+?)[-–~到](.+)$/);
      const start = m && normalizeHhmm(m[1]);
      const end = m && normalizeHhmm(m[2]);
      if (!start || !end) return [2, 'usage: team quiet <团队> 22:00-08:00 | off'];
      return out(await tx((db, log) => setQuietHours(db, a, lang, rest[0], { start, end }, log)));
    }
    case 'stall':
      if (need(2) || !/^\d+$/.test(rest[1])) break;
      return out(await tx((db, log) => setStallDays(db, a, lang, rest[0], Number(rest[1]), typeof flags.stage === 'string' ? flags.stage : null, log)));
    case 'report':
      if (need(2)) break;
      return out(await tx((db, log) => setDailyReportTime(db, a, lang, rest[0], rest[1], log)));
    case 'pool': {
      if (need(2)) break;
      const patch = parsePoolWords(rest.slice(1).join(' '));
      if (!patch) return [2, 'usage: team pool <团队> "[A级] 30天未跟进 [60天无商机] [90天未成交] [提前3天提醒] [每人每天领取5个] [最多持有200个]" | off'];
      return out(await tx((db, log) => setPoolRules(db, a, lang, rest[0], patch, log)));
    }
    case 'register': {
      const m = `注册 ${rest.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' ')}`.match(REGISTER_PATTERN);
      if (!m) break;
      const admin = { ...CLI_ACTOR, locale: lang === 'en' ? 'en-US' : 'zh-CN', wecomUserId: null, slackUserId: null, consoleName: null, team: null } as unknown as UserWithTeam;
      const r = await registerUser(makeContext(prisma, { now: () => now, timezone: o.timezone }), admin, m, lang);
      return [r.outcome === 'APPLIED' ? 0 : 1, r.text];
    }
    case 'move':
      if (need(2)) break;
      return out(await tx((db, log) => movePerson(db, a, lang, rest[0], rest.slice(1).join(' '), log)));
    case 'deactivate':
    case 'activate':
      if (need(1)) break;
      return out(await tx((db, log) => setPersonActive(db, a, lang, rest.join(' '), sub === 'activate', log)));
    case 'people':
      return out(await listPeople(prisma, a, lang, rest.length ? rest.join(' ') : null));
    case 'transfer':
      if (need(2)) break;
      return out(await tx((db, log) => transferCustomer(db, a, { lang, now, log, inboundId: null }, rest[0], rest[1], typeof flags.from === 'string' ? flags.from : null)));
    case 'handover':
      if (need(2)) break;
      return out(await tx((db, log) => inheritAll(db, a, { lang, now, log, inboundId: null }, rest[0], rest[1], flags.deactivate === true)));
    case 'pool-run': {
      const teams = typeof flags.team === 'string' ? [await findTeam(prisma, flags.team, lang)] : (await prisma.team.findMany({ orderBy: { createdAt: 'asc' } })).map((t) => ({ ok: true as const, value: t }));
      const lines: string[] = [];
      for (const t of teams) {
        if (!t.ok) return out(t.result);
        const r = await runPoolRules(prisma, now, t.value, { defaultTz: o.timezone });
        lines.push(r.ran ? `${t.value.name} ${r.day}: ${r.returned} returned, ${r.warned} warned` : `${t.value.name} ${r.day}: not run (pool off, or already ran today)`);
      }
      return [0, lines.join('\n') || 'no teams'];
    }
    case 'sync-wecom': {
      if (need(2)) break;
      const dir = o.directory === undefined ? wecomDirectoryFromEnv() : o.directory;
      if (!dir) return [2, lang === 'zh' ? '没有配置企业微信（WECOM_* 环境变量），无法读取通讯录。' : 'WeCom is not configured (WECOM_* variables).'];
      const members = await dir.members(rest[1]);
      return out(await tx((db, log) => syncTeamMembers(db, a, lang, rest[0], dir.platform, members, log)));
    }
    case 'help':
    case undefined:
      return [sub ? 0 : 2, HELP];
  }
  return [2, `usage:\n${HELP}`];
}

export async function run(args: string[]): Promise<number> {
  return runWithDb(args, (prisma, rest, c) => runTeam(prisma, rest, { now: c.now, lang: c.lang, timezone: c.tz }));
}
