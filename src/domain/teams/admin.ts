// Team administration: create, rename, manager, group chat, zone, quiet hours, stall days,
// 日报 time and 公海 rules. Chat (teams/chat.ts) and CLI (src/cli/commands/team.ts) both call
// these, inside a transaction, writing through a ChangeLog (so "撤销" in chat reverts them).
import type { Team } from '../../generated/prisma/client.js';
import { hhmmToMinutes } from '../../schedulers/config.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import { poolHolderName } from '../pool/holder.js';
import { applyPoolPatch, describePool, type PoolPatch } from '../pool/settings.js';
import { enqueue } from '../pushes/outbox.js';
import { validTz } from '../pushes/team.js';
import { getStages, stageLabel } from '../stages.js';
import { DEFAULT_TZ } from '../time.js';
import type { PlatformName } from '../users.js';
import { canManageTeam, fail, ok, onlyAdmin, type Actor, type OpResult } from './actor.js';
import { cleanName, findPerson, findTeam } from './lookup.js';
import { teamPoolSettings, teamSchedulerSettings, updatePoolSettings, updateSchedulerSettings } from './settings.js';

const MAX_TEAM_NAME = 40;

function forbidden(lang: Lang): OpResult {
  return fail(lang === 'zh' ? '只有管理员或该团队的经理可以修改团队设置。' : 'Only an admin or the team’s manager can change team settings.');
}

/** Finds the team and checks the actor may change it. */
async function teamFor(db: Tx, actor: Actor, name: string, lang: Lang): Promise<{ ok: true; team: Team } | { ok: false; result: OpResult }> {
  const found = await findTeam(db, name, lang);
  if (!found.ok) return found;
  if (!(await canManageTeam(db, actor, found.value.id))) return { ok: false, result: forbidden(lang) };
  return { ok: true, team: found.value };
}

export async function createTeam(db: Tx, actor: Actor, lang: Lang, rawName: string, parentName: string | null, opts: { timezone?: string; log?: ChangeLog } = {}): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role !== 'ADMIN') return onlyAdmin(lang);
  const name = cleanName(rawName);
  if (!name || name.length > MAX_TEAM_NAME || /[\r\n]/.test(name)) {
    return fail(zh ? `团队名称需为 1–${MAX_TEAM_NAME} 个字。` : `A team name needs 1–${MAX_TEAM_NAME} characters.`);
  }
  let parentId: string | null = null;
  if (parentName) {
    const parent = await findTeam(db, parentName, lang);
    if (!parent.ok) return parent.result;
    parentId = parent.value.id;
  }
  // INSERT … ON CONFLICT DO NOTHING: a concurrent create of the same name loses quietly.
  const { count } = await db.team.createMany({ data: [{ name, parentId, timezone: opts.timezone ?? DEFAULT_TZ }], skipDuplicates: true });
  if (count === 0) return fail(zh ? `团队“${name}”已存在。` : `Team "${name}" already exists.`);
  const team = await db.team.findUniqueOrThrow({ where: { name } });
  opts.log?.created('team', team.id);
  return ok(
    zh
      ? `✅ 已创建团队“${name}”${parentName ? `（上级：${cleanName(parentName)}）` : ''}。接下来可以：\n• 团队 ${name} 经理 <姓名>\n• 注册 <账号> <姓名> 销售 ${name}\n• 团队 ${name} 群聊 <群ID>`
      : `✅ Team "${name}" created${parentName ? ` (under ${cleanName(parentName)})` : ''}. Next:\n• team "${name}" manager <name>\n• register <id> <name> rep "${name}"\n• team "${name}" chat <channel>`,
  );
}

export async function renameTeam(db: Tx, actor: Actor, lang: Lang, oldName: string, newName: string, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role !== 'ADMIN') return onlyAdmin(lang);
  const found = await findTeam(db, oldName, lang);
  if (!found.ok) return found.result;
  const name = cleanName(newName);
  if (!name || name.length > MAX_TEAM_NAME) return fail(zh ? `团队名称需为 1–${MAX_TEAM_NAME} 个字。` : `A team name needs 1–${MAX_TEAM_NAME} characters.`);
  if (await db.team.findFirst({ where: { name, id: { not: found.value.id } } })) return fail(zh ? `团队“${name}”已存在。` : `Team "${name}" already exists.`);
  log.updated('team', found.value.id, { name: found.value.name });
  await db.team.update({ where: { id: found.value.id }, data: { name } });
  // The pool holder carries the team's name.
  const holder = await db.user.findUnique({ where: { poolTeamId: found.value.id } });
  if (holder) {
    log.updated('user', holder.id, { displayName: holder.displayName });
    await db.user.update({ where: { id: holder.id }, data: { displayName: poolHolderName(name) } });
  }
  return ok(zh ? `✅ 团队“${found.value.name}”已改名为“${name}”。` : `✅ Team "${found.value.name}" renamed to "${name}".`);
}

/**
 * Makes `person` the team's manager: role MANAGER, member of the team, and the manager of the
 * team's reps. Managers the team had before become reps of it (a team has one manager here).
 */
export async function setTeamManager(db: Tx, actor: Actor, lang: Lang, teamName: string, personName: string, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role !== 'ADMIN') return onlyAdmin(lang);
  const team = await findTeam(db, teamName, lang);
  if (!team.ok) return team.result;
  const person = await findPerson(db, actor, personName, lang);
  if (!person.ok) return person.result;
  const p = person.value;
  if (!p.active) return fail(zh ? `${p.displayName} 已停用，请先发送“启用 ${p.displayName}”。` : `${p.displayName} is deactivated; send "activate ${p.displayName}" first.`);
  const t = team.value;
  const previous = await db.user.findMany({ where: { teamId: t.id, role: 'MANAGER', id: { not: p.id } } });
  for (const m of previous) {
    log.updated('user', m.id, { role: m.role });
    await db.user.update({ where: { id: m.id }, data: { role: 'REP' } });
  }
  log.updated('user', p.id, { role: p.role, teamId: p.teamId, managerId: p.managerId });
  // An admin stays an admin (and sees everything); anyone else becomes the manager.
  await db.user.update({ where: { id: p.id }, data: { role: p.role === 'ADMIN' ? 'ADMIN' : 'MANAGER', teamId: t.id, managerId: null } });
  const reps = await db.user.findMany({ where: { teamId: t.id, id: { not: p.id }, poolTeamId: null } });
  for (const r of reps) {
    if (r.managerId === p.id) continue;
    log.updated('user', r.id, { managerId: r.managerId });
    await db.user.update({ where: { id: r.id }, data: { managerId: p.id } });
  }
  const was = previous.length ? (zh ? `原经理 ${previous.map((m) => m.displayName).join('、')} 改为该团队销售。` : `Previous manager ${previous.map((m) => m.displayName).join(', ')} is now a rep of the team.`) : '';
  return ok(
    zh
      ? `✅ ${p.displayName} 现在是“${t.name}”的经理，团队 ${reps.length} 位成员向其汇报。${was}`
      : `✅ ${p.displayName} now manages "${t.name}"; ${reps.length} member(s) report to them. ${was}`.trim(),
  );
}

const CHAT_PREFIX: Partial<Record<PlatformName, string>> = { WECOM: 'wecom', SLACK: 'slack', CONSOLE: 'console', CLI: 'console' };

/**
 * Parses a group-chat reference: "wecom:<chatid>", "slack:<channel>", a Slack channel mention
 * "<#C0123|sales>", or a bare id taken on the platform the command came from.
 */
export function parseChatTarget(raw: string, platform: PlatformName | null): string | null {
  const s = raw.trim();
  const mention = s.match(/^<#([A-Z0-9]+)(?:\|[^>]*)?>$/);
  if (mention) return `slack:${mention[1]}`;
  const prefixed = s.match(/^(wecom|slack|console):([A-Za-z0-9_\-.]{1,64})$/i);
  if (prefixed) return `${prefixed[1].toLowerCase()}:${prefixed[2]}`;
  if (!/^[A-Za-z0-9_\-.]{1,64}$/.test(s) || !platform || !CHAT_PREFIX[platform]) return null;
  return `${CHAT_PREFIX[platform]}:${s}`;
}

export async function setTeamChat(db: Tx, actor: Actor, lang: Lang, teamName: string, rawTarget: string | null, platform: PlatformName | null, log: ChangeLog, now: Date): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await teamFor(db, actor, teamName, lang);
  if (!found.ok) return found.result;
  const team = found.team;
  const target = rawTarget === null ? null : parseChatTarget(rawTarget, platform);
  if (rawTarget !== null && !target) {
    return fail(zh ? '群聊 ID 格式不对。企业微信用 wecom:<chatid>，Slack 用 slack:<频道ID> 或 #频道提及。' : 'Not a chat id. Use wecom:<chatid>, slack:<channel id> or a #channel mention.');
  }
  log.updated('team', team.id, { chatTarget: team.chatTarget });
  await db.team.update({ where: { id: team.id }, data: { chatTarget: target } });
  if (!target) return ok(zh ? `✅ 已取消“${team.name}”的团队群；排名将发给团队经理。` : `✅ "${team.name}" has no group chat now; rankings go to its managers.`);
  // A hello through the outbox proves the bot can post there (a wrong id shows up as a failed push).
  const tlang = team.locale.startsWith('en') ? 'en' : 'zh';
  await enqueue(db, 'team_chat_linked', { kind: 'chat', target }, `linked:${team.id}`, {
    recipient: { kind: 'chat', target },
    message: { text: tlang === 'zh' ? `👋 本群已设为“${team.name}”的团队群：周排名、月排名和公海通知会发到这里。` : `👋 This chat is now the team chat of "${team.name}": weekly/monthly rankings and pool notices are posted here.` },
    tz: validTz(team.timezone),
    quiet: null,
  }, { notBefore: now });
  return ok(zh ? `✅ “${team.name}”的团队群已设为 ${target}，群里会收到一条确认消息。` : `✅ Team chat of "${team.name}" set to ${target}; a confirmation is posted there.`);
}

const TZ_ALIASES: Record<string, string> = { 北京时间: 'Asia/Shanghai', 中国: 'Asia/Shanghai', 东京: 'Asia/Tokyo', 新加坡: 'Asia/Singapore', 香港: 'Asia/Hong_Kong', utc: 'UTC' };

export async function setTeamTimezone(db: Tx, actor: Actor, lang: Lang, teamName: string, rawTz: string, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await teamFor(db, actor, teamName, lang);
  if (!found.ok) return found.result;
  const tz = TZ_ALIASES[rawTz.trim().toLowerCase()] ?? TZ_ALIASES[rawTz.trim()] ?? rawTz.trim();
  let bad = false;
  validTz(tz, DEFAULT_TZ, () => (bad = true));
  if (bad || !tz) return fail(zh ? `不认识时区“${rawTz}”，请用 IANA 名称，例如 Asia/Shanghai、Asia/Tokyo、America/New_York。` : `Unknown time zone "${rawTz}"; use an IANA name such as Asia/Shanghai or America/New_York.`);
  log.updated('team', found.team.id, { timezone: found.team.timezone });
  await db.team.update({ where: { id: found.team.id }, data: { timezone: tz } });
  return ok(zh ? `✅ “${found.team.name}”的时区已设为 ${tz}，推送按当地时间发送。` : `✅ Time zone of "${found.team.name}" set to ${tz}; pushes follow local time.`);
}

function settingsError(lang: Lang, error: string): OpResult {
  return fail(lang === 'zh' ? `设置无效：${error}。没有修改。` : `Invalid setting: ${error}. Nothing changed.`);
}

/** Quiet hours "22:00-08:00" (a window may wrap midnight), or null to switch them off. */
export async function setQuietHours(db: Tx, actor: Actor, lang: Lang, teamName: string, window: { start: string; end: string } | null, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await teamFor(db, actor, teamName, lang);
  if (!found.ok) return found.result;
  const r = await updateSchedulerSettings(db, found.team, () => ({ quietHours: window }), log);
  if (!r.ok) return settingsError(lang, r.error);
  if (!window) return ok(zh ? `✅ 已关闭“${found.team.name}”的免打扰时段。` : `✅ Quiet hours of "${found.team.name}" switched off.`);
  return ok(zh ? `✅ “${found.team.name}”的免打扰时段为 ${window.start}–${window.end}（当地时间），期间不推送。` : `✅ Quiet hours of "${found.team.name}": ${window.start}–${window.end} local time.`);
}

/** Stall threshold: every open stage, or one stage (key, Chinese or English label, synonym). */
export async function setStallDays(db: Tx, actor: Actor, lang: Lang, teamName: string, days: number, stageWord: string | null, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await teamFor(db, actor, teamName, lang);
  if (!found.ok) return found.result;
  if (!Number.isInteger(days) || days < 1 || days > 365) return fail(zh ? '停滞天数需为 1–365 的整数。' : 'Stall days must be a whole number from 1 to 365.');
  const open = getStages().filter((s) => !s.closes);
  let keys = open.map((s) => s.key);
  if (stageWord) {
    const w = stageWord.trim().toLowerCase();
    const stage = open.find((s) => [s.key.toLowerCase(), s.zh, s.en.toLowerCase(), ...s.synonyms.map((x) => x.toLowerCase())].includes(w));
    if (!stage) return fail(zh ? `没有阶段“${stageWord}”。可用：${open.map((s) => s.zh).join('、')}` : `No stage "${stageWord}". Stages: ${open.map((s) => s.en).join(', ')}`);
    keys = [stage.key];
  }
  // One number for every stage, or per stage on top of what is set (a single number spreads to all open stages first).
  const r = await updateSchedulerSettings(
    db,
    found.team,
    (cur) => {
      if (!stageWord) return { stallDays: days };
      const base = typeof cur.stallDays === 'number' ? Object.fromEntries(open.map((s) => [s.key, cur.stallDays as number])) : cur.stallDays;
      return { stallDays: { ...base, ...Object.fromEntries(keys.map((k) => [k, days])) } };
    },
    log,
  );
  if (!r.ok) return settingsError(lang, r.error);
  const which = stageWord ? stageLabel(keys[0], lang) : zh ? '所有进行中阶段' : 'every open stage';
  return ok(zh ? `✅ “${found.team.name}”：${which}超过 ${days} 天未推进即提醒停滞。` : `✅ "${found.team.name}": ${which} counts as stalled after ${days} days.`);
}

/** 日报 time; the managers' roll-up moves along to stay 30 minutes after it. */
export async function setDailyReportTime(db: Tx, actor: Actor, lang: Lang, teamName: string, hhmm: string, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await teamFor(db, actor, teamName, lang);
  if (!found.ok) return found.result;
  const time = normalizeHhmm(hhmm);
  if (!time) return fail(zh ? `时间“${hhmm}”格式不对，请用 24 小时制，例如 18:00。` : `"${hhmm}" is not a time; use 24h HH:MM, e.g. 18:00.`);
  const rollupMin = Math.min(hhmmToMinutes(time) + 30, 23 * 60 + 59);
  const rollup = `${String(Math.floor(rollupMin / 60)).padStart(2, '0')}:${String(rollupMin % 60).padStart(2, '0')}`;
  const r = await updateSchedulerSettings(db, found.team, (cur) => ({ times: { ...cur.times, dailyReport: time, dailyRollup: rollup } }), log);
  if (!r.ok) return settingsError(lang, r.error);
  return ok(zh ? `✅ “${found.team.name}”的日报时间为每个工作日 ${time}，经理汇总 ${rollup}。` : `✅ "${found.team.name}": daily report at ${time} on workdays, managers' roll-up at ${rollup}.`);
}

export async function setPoolRules(db: Tx, actor: Actor, lang: Lang, teamName: string, patch: PoolPatch, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await teamFor(db, actor, teamName, lang);
  if (!found.ok) return found.result;
  const r = await updatePoolSettings(db, found.team, (cur) => applyPoolPatch(cur, patch), log);
  if (!r.ok) return settingsError(lang, r.error);
  return ok(zh ? `✅ “${found.team.name}”的公海规则：${describePool(r.pool, lang)}` : `✅ Pool rules of "${found.team.name}": ${describePool(r.pool, lang)}`);
}

/** "18:00", "18点", "6:30" → "HH:MM"; null when not a time of day. */
export function normalizeHhmm(s: string): string | null {
  const m = s.trim().match(/^(\d{1,2})(?:[:：点时](\d{1,2})?分?)?$/);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** Everything about one team, for "团队 华东一部". */
export async function showTeam(db: Tx, actor: Actor, lang: Lang, teamName: string): Promise<OpResult> {
  const zh = lang === 'zh';
  const found = await findTeam(db, teamName, lang);
  if (!found.ok) return found.result;
  const t = found.value;
  if (actor.role !== 'ADMIN' && !(await canManageTeam(db, actor, t.id)) && actor.teamId !== t.id) return fail(zh ? '你没有权限查看这个团队。' : 'You cannot see that team.');
  const [members, parent] = await Promise.all([
    db.user.findMany({ where: { teamId: t.id, poolTeamId: null }, orderBy: [{ role: 'desc' }, { createdAt: 'asc' }] }),
    t.parentId ? db.team.findUnique({ where: { id: t.parentId } }) : null,
  ]);
  const s = teamSchedulerSettings(t);
  const pool = teamPoolSettings(t);
  const managers = members.filter((m) => m.role === 'MANAGER' && m.active).map((m) => m.displayName);
  const activeReps = members.filter((m) => m.role === 'REP' && m.active).map((m) => m.displayName);
  const stall = Object.keys(s.stallDays).length ? Object.entries(s.stallDays).map(([k, d]) => `${stageLabel(k, lang)} ${d}${zh ? '天' : 'd'}`).join(zh ? '、' : ', ') : zh ? '按阶段默认' : 'stage defaults';
  const none = zh ? '（未设置）' : '(not set)';
  const lines = zh
    ? [
        `👥 ${t.name}${parent ? `（上级：${parent.name}）` : ''}`,
        `经理：${managers.join('、') || none}`,
        `销售（${activeReps.length}）：${activeReps.join('、') || '（无）'}`,
        `团队群：${t.chatTarget ?? none}`,
        `时区：${t.timezone}`,
        `免打扰：${s.quietHours ? `${s.quietHours.start}–${s.quietHours.end}` : '关闭'}`,
        `日报：${s.times.dailyReport}（汇总 ${s.times.dailyRollup}）`,
        `停滞提醒：${stall}`,
        `公海：${describePool(pool, lang)}`,
      ]
    : [
        `👥 ${t.name}${parent ? ` (under ${parent.name})` : ''}`,
        `Manager: ${managers.join(', ') || none}`,
        `Reps (${activeReps.length}): ${activeReps.join(', ') || '(none)'}`,
        `Team chat: ${t.chatTarget ?? none}`,
        `Time zone: ${t.timezone}`,
        `Quiet hours: ${s.quietHours ? `${s.quietHours.start}–${s.quietHours.end}` : 'off'}`,
        `Daily report: ${s.times.dailyReport} (roll-up ${s.times.dailyRollup})`,
        `Stalled after: ${stall}`,
        `Pool: ${describePool(pool, lang)}`,
      ];
  return ok(lines.join('\n'));
}

export async function listTeams(db: Tx, actor: Actor, lang: Lang): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role === 'REP') return fail(zh ? '只有经理和管理员可以查看团队列表。' : 'Only managers and admins can list teams.');
  const teams = await db.team.findMany({ orderBy: { createdAt: 'asc' } });
  const visible: Team[] = [];
  for (const t of teams) if (await canManageTeam(db, actor, t.id)) visible.push(t);
  if (!visible.length) return ok(zh ? '还没有团队。发送“新建团队 <名称>”创建。' : 'No teams yet. Send "create team <name>".');
  const counts = await db.user.groupBy({ by: ['teamId'], where: { active: true, poolTeamId: null, teamId: { in: visible.map((t) => t.id) } }, _count: { _all: true } });
  const n = new Map(counts.map((c) => [c.teamId, c._count._all]));
  const byId = new Map(teams.map((t) => [t.id, t]));
  const lines = visible.map((t) => {
    const parent = t.parentId ? byId.get(t.parentId)?.name : null;
    return zh
      ? `• ${t.name}${parent ? `（上级 ${parent}）` : ''} · ${n.get(t.id) ?? 0} 人 · ${t.timezone} · 群 ${t.chatTarget ?? '未设置'}`
      : `• ${t.name}${parent ? ` (under ${parent})` : ''} · ${n.get(t.id) ?? 0} people · ${t.timezone} · chat ${t.chatTarget ?? 'not set'}`;
  });
  const teamless = actor.role === 'ADMIN' ? await db.user.findMany({ where: { teamId: null, active: true, role: { not: 'ADMIN' }, poolTeamId: null }, select: { displayName: true } }) : [];
  if (teamless.length) lines.push(zh ? `⚠️ 未分配团队：${teamless.map((u) => u.displayName).join('、')}` : `⚠️ Without a team: ${teamless.map((u) => u.displayName).join(', ')}`);
  return ok([zh ? `团队（${visible.length}）：` : `Teams (${visible.length}):`, ...lines].join('\n'));
}
