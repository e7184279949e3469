// Chat commands for team and people administration (whole-message patterns only, so a sales
// message is never taken for one). Each runs in the message's transaction and writes through its
// change log: "撤销" reverts the last one.
//   新建团队 华东一部 [上级 华东区]            create team "East 1" [under "East"]
//   团队 华东一部 经理 王强                    team "East 1" manager Wang Qiang
//   团队 华东一部 群聊 wrXXXX | 关闭          team "East 1" chat C0123 | <#C0123> | off
//   团队 华东一部 时区 Asia/Shanghai          team "East 1" timezone Asia/Tokyo
//   团队 华东一部 免打扰 22:00-08:00 | 关闭    team "East 1" quiet 22:00-08:00 | off
//   团队 华东一部 停滞天数 [谈判] 7            team "East 1" stall [negotiation] 7
//   团队 华东一部 日报时间 18:00               team "East 1" report 18:00
//   团队 华东一部 改名 华东二部                team "East 1" rename "East 2"
//   团队 华东一部 公海 A级 30天未跟进 …        team "East 1" pool level A 30 days no follow-up …
//   团队 华东一部 / 团队列表                   team "East 1" / teams
//   把 王强 调到 华东一部 · 停用 王强 · 启用 王强 · 人员 [团队]
import type { Command, CommandEnv } from '../commands.js';
import type { DomainContext } from '../context.js';
import type { HandlerResult } from '../handlerTypes.js';
import type { Lang } from '../i18n.js';
import { parsePoolWords } from '../pool/settings.js';
import { actorOf, type OpResult } from './actor.js';
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
} from './admin.js';
import { cleanName, isVisiblePersonName } from './lookup.js';
import { listPeople, movePerson, setPersonActive } from './people.js';

/** An operation result as the chat reply: APPLIED when it changed something, REJECTED otherwise. */
export function reply(r: OpResult, wrote = true): HandlerResult {
  return { text: r.text, outcome: r.ok ? (wrote ? 'APPLIED' : 'ANSWERED') : 'REJECTED' };
}

const OFF = /^(关闭|取消|无|off|none|disable[d]?)$/i;

function usage(lang: Lang, zh: string, en: string): HandlerResult {
  return { text: lang === 'zh' ? `格式：${zh}` : `Usage: ${en}`, outcome: 'REJECTED' };
}

async function teamSetting(env: CommandEnv, db: Parameters<NonNullable<Command['apply']>>[0], team: string, keyword: string, value: string): Promise<HandlerResult> {
  const actor = actorOf(env.user);
  const { lang, log } = env;
  const k = keyword.toLowerCase().replace(/\s+/g, ' ');
  const v = value.trim();
  if (['经理', 'manager'].includes(k)) {
    if (!v) return usage(lang, '团队 <团队名> 经理 <姓名>', 'team <name> manager <person>');
    return reply(await setTeamManager(db, actor, lang, team, v, log));
  }
  if (['群聊', '团队群', '群', 'chat'].includes(k)) {
    if (!v) return usage(lang, '团队 <团队名> 群聊 <群ID>（企业微信 chatid，或 slack:频道ID）', 'team <name> chat <channel id | #channel | off>');
    return reply(await setTeamChat(db, actor, lang, team, OFF.test(v) ? null : v, env.platform, log, env.now));
  }
  if (['时区', 'timezone', 'tz'].includes(k)) {
    if (!v) return usage(lang, '团队 <团队名> 时区 Asia/Shanghai', 'team <name> timezone Asia/Tokyo');
    return reply(await setTeamTimezone(db, actor, lang, team, v, log));
  }
  if (['免打扰', 'quiet', 'quiet hours'].includes(k)) {
    if (OFF.test(v)) return reply(await setQuietHours(db, actor, lang, team, null, log));
    const m = v.match(/^(\S+?)\s*(?:-|–|—|~|～|到|至|to)\s*(\S+)$/i);
    const start = m && normalizeHhmm(m[1]);
    const end = m && normalizeHhmm(m[2]);
    if (!start || !end) return usage(lang, '团队 <团队名> 免打扰 22:00-08:00（或“关闭”）', 'team <name> quiet 22:00-08:00 (or off)');
    return reply(await setQuietHours(db, actor, lang, team, { start, end }, log));
  }
  if (['停滞天数', '停滞', 'stall', 'stall days'].includes(k)) {
    const m = v.match(/^(?:(.+?)\s*)?(\d+)\s*(?:天|days?)?$/i);
    if (!m) return usage(lang, '团队 <团队名> 停滞天数 [阶段] <天数>，例如 停滞天数 谈判 7', 'team <name> stall [stage] <days>');
    return reply(await setStallDays(db, actor, lang, team, Number(m[2]), m[1]?.trim() || null, log));
  }
  if (['日报时间', '日报', 'report', 'report time'].includes(k)) {
    if (!v) return usage(lang, '团队 <团队名> 日报时间 18:00', 'team <name> report 18:00');
    return reply(await setDailyReportTime(db, actor, lang, team, v, log));
  }
  if (['改名为', '改名', '重命名为', 'rename', 'rename to'].includes(k)) {
    if (!v) return usage(lang, '团队 <团队名> 改名 <新名称>', 'team <name> rename <new name>');
    return reply(await renameTeam(db, actor, lang, team, v, log));
  }
  // 公海
  const patch = parsePoolWords(v);
  if (!patch) {
    return usage(
      lang,
      '团队 <团队名> 公海 [A级] 30天未跟进 [60天无商机] [90天未成交] [提前3天提醒] [每人每天领取5个] [最多持有200个]，或“公海 关闭”',
      'team <name> pool [level A] 30 days no follow-up [60 days no deal] [90 days not signed] [warn 3] [claim limit 5] [max owned 200], or "pool off"',
    );
  }
  return reply(await setPoolRules(db, actor, lang, team, patch, log));
}

const teamExists = async (ctx: DomainContext, name: string) => (await ctx.prisma.team.count({ where: { name: { equals: cleanName(name), mode: 'insensitive' } } })) > 0;

const SETTING_WORDS = '经理|manager|群聊|团队群|群|chat|时区|timezone|tz|免打扰|quiet(?:\\s+hours)?|停滞天数|停滞|stall(?:\\s+days)?|日报时间|日报|report(?:\\s+time)?|改名为|改名|重命名为|rename(?:\\s+to)?|公海|pool';

export const TEAM_COMMANDS: Command[] = [
  {
    match: /^\s*(?:新建|创建|添加)团队\s*(.+?)(?:\s+(?:上级|隶属|属于)\s*(.+?))?\s*$/,
    apply: async (db, env, m) => reply(await createTeam(db, actorOf(env.user), env.lang, m[1], m[2] ?? null, { log: env.log, timezone: env.ctx.timezone })),
  },
  {
    match: /^\s*(?:create|add|new)\s+team\s+(.+?)(?:\s+(?:under|parent)\s+(.+?))?\s*$/i,
    apply: async (db, env, m) => reply(await createTeam(db, actorOf(env.user), env.lang, m[1], m[2] ?? null, { log: env.log, timezone: env.ctx.timezone })),
  },
  {
    match: /^\s*(?:团队列表|所有团队|团队|teams|list teams)\s*$/i,
    apply: async (db, env) => reply(await listTeams(db, actorOf(env.user), env.lang), false),
  },
  {
    // Only when the team exists: "team lunch with manager tomorrow" is a sales message.
    match: new RegExp(`^\\s*(?:团队|team)\\s+(.+?)\\s+(${SETTING_WORDS})(?:\\s+(.*?))?\\s*$`, 'i'),
    accepts: (ctx, _user, m) => teamExists(ctx, m[1]),
    apply: (db, env, m) => teamSetting(env, db, m[1], m[2], m[3] ?? ''),
  },
  {
    // "团队 华东一部": only when such a team exists, else the words go to the parser.
    match: /^\s*(?:团队|team)\s+(.+?)\s*$/i,
    accepts: (ctx, _user, m) => teamExists(ctx, m[1]),
    apply: async (db, env, m) => reply(await showTeam(db, actorOf(env.user), env.lang, m[1]), false),
  },
  {
    match: /^\s*把\s*(.+?)\s*(?:调到|调入|调至|移到|分到|加入|分配到)\s*(.+?)\s*$/,
    accepts: (ctx, user, m) => isVisiblePersonName(ctx.prisma, actorOf(user), m[1]),
    apply: async (db, env, m) => reply(await movePerson(db, actorOf(env.user), env.lang, m[1], m[2], env.log)),
  },
  {
    match: /^\s*move\s+(.+?)\s+to\s+(?:team\s+)?(.+?)\s*$/i,
    accepts: (ctx, user, m) => isVisiblePersonName(ctx.prisma, actorOf(user), m[1]),
    apply: async (db, env, m) => reply(await movePerson(db, actorOf(env.user), env.lang, m[1], m[2], env.log)),
  },
  {
    match: /^\s*(?:停用|禁用|deactivate)\s*(.+?)\s*$/i,
    accepts: (ctx, user, m) => isVisiblePersonName(ctx.prisma, actorOf(user), m[1]),
    apply: async (db, env, m) => reply(await setPersonActive(db, actorOf(env.user), env.lang, m[1], false, env.log)),
  },
  {
    match: /^\s*(?:启用|reactivate|activate)\s*(.+?)\s*$/i,
    accepts: (ctx, user, m) => isVisiblePersonName(ctx.prisma, actorOf(user), m[1]),
    apply: async (db, env, m) => reply(await setPersonActive(db, actorOf(env.user), env.lang, m[1], true, env.log)),
  },
  {
    match: /^\s*(?:人员|人员列表|成员|成员列表|员工|people|members)(?:\s+(.+?))?\s*$/i,
    accepts: async (ctx, _user, m) => !m[1] || teamExists(ctx, m[1]),
    apply: async (db, env, m) => reply(await listPeople(db, actorOf(env.user), env.lang, m[1] ?? null), false),
  },
];
