// People administration: move a person to a team, deactivate / re-activate, list people. A
// person without a team gets no 日报, digest or ranking: replies here say so, and so does the
// weekly notice (teamlessNotices) to them and to the admins.
import type { User } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { langOf, type Lang } from '../i18n.js';
import { isoWeekKey, userRecipient } from '../pushes/team.js';
import type { PlannedPush } from '../pushes/types.js';
import { DEFAULT_SETTINGS } from '../../schedulers/config.js';
import { toLocal } from '../time.js';
import { visibleUserIds } from '../users.js';
import { canManageTeam, fail, ok, onlyAdmin, type Actor, type OpResult } from './actor.js';
import { findPerson, findTeam } from './lookup.js';

const ROLE: Record<User['role'], Record<Lang, string>> = {
  REP: { zh: '销售', en: 'rep' },
  MANAGER: { zh: '经理', en: 'manager' },
  ADMIN: { zh: '管理员', en: 'admin' },
};

export function teamlessWarning(lang: Lang, name: string): string {
  return lang === 'zh'
    ? `⚠️ ${name} 还没有团队，收不到日报、晨报、排名和提醒推送。发送“把 ${name} 调到 <团队>”分配团队。`
    : `⚠️ ${name} has no team yet and gets no daily report, digest, ranking or alerts. Send "move ${name} to <team>".`;
}

export async function movePerson(db: Tx, actor: Actor, lang: Lang, personName: string, teamName: string, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role === 'REP') return onlyAdmin(lang);
  const person = await findPerson(db, actor, personName, lang);
  if (!person.ok) return person.result;
  const team = await findTeam(db, teamName, lang);
  if (!team.ok) return team.result;
  // A manager may move people between teams of their own tree only.
  if (!(await canManageTeam(db, actor, team.value.id))) return fail(zh ? '你只能把人调到自己管理的团队。' : 'You can only move people into teams you manage.');
  const p = person.value;
  const t = team.value;
  if (p.teamId === t.id) return ok(zh ? `${p.displayName} 已在“${t.name}”。` : `${p.displayName} is already in "${t.name}".`);
  const manager = await db.user.findFirst({ where: { teamId: t.id, role: 'MANAGER', active: true, id: { not: p.id } }, orderBy: { createdAt: 'asc' } });
  log.updated('user', p.id, { teamId: p.teamId, managerId: p.managerId, role: p.role });
  // A manager moved into a team that already has one becomes a rep there; the team's manager is theirs.
  const role = p.role === 'MANAGER' && manager ? 'REP' : p.role;
  await db.user.update({ where: { id: p.id }, data: { teamId: t.id, managerId: role === 'REP' ? manager?.id ?? null : p.managerId, role } });
  const mgr = role === 'REP' && manager ? (zh ? `，经理：${manager.displayName}` : `, manager: ${manager.displayName}`) : '';
  return ok(zh ? `✅ 已把 ${p.displayName} 调到“${t.name}”（${ROLE[role][lang]}${mgr}）。` : `✅ Moved ${p.displayName} to "${t.name}" (${ROLE[role][lang]}${mgr}).`);
}

export async function setPersonActive(db: Tx, actor: Actor, lang: Lang, personName: string, active: boolean, log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role !== 'ADMIN') return onlyAdmin(lang);
  const person = await findPerson(db, actor, personName, lang);
  if (!person.ok) return person.result;
  const p = person.value;
  if (p.id === actor.id && !active) return fail(zh ? '不能停用你自己。' : 'You cannot deactivate yourself.');
  if (p.active === active) return ok(zh ? `${p.displayName} 已是${active ? '启用' : '停用'}状态。` : `${p.displayName} is already ${active ? 'active' : 'deactivated'}.`);
  log.updated('user', p.id, { active: p.active });
  await db.user.update({ where: { id: p.id }, data: { active } });
  if (active) return ok(zh ? `✅ 已启用 ${p.displayName}。` : `✅ ${p.displayName} is active again.`);
  const [customers, tasks] = await Promise.all([
    db.customer.count({ where: { ownerId: p.id } }),
    db.task.count({ where: { assigneeId: p.id, status: 'OPEN' } }),
  ]);
  const handover = customers || tasks
    ? zh
      ? `\n${p.displayName} 名下还有 ${customers} 个客户、${tasks} 个未完成待办。发送“把${p.displayName}的客户全部转给 <同事>”交接。`
      : `\n${p.displayName} still holds ${customers} customer(s) and ${tasks} open task(s). Send "hand over ${p.displayName} to <colleague>".`
    : '';
  return ok(zh ? `✅ 已停用 ${p.displayName}：不能再使用助手，也不再收到推送。${handover}` : `✅ ${p.displayName} is deactivated: no more access or pushes.${handover}`);
}

export async function listPeople(db: Tx, actor: Actor, lang: Lang, teamName: string | null): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role === 'REP') return fail(zh ? '只有经理和管理员可以查看人员名单。' : 'Only managers and admins can list people.');
  const scope = await visibleUserIds(db, actor);
  let teamId: string | undefined;
  if (teamName) {
    const team = await findTeam(db, teamName, lang);
    if (!team.ok) return team.result;
    if (!(await canManageTeam(db, actor, team.value.id))) return fail(zh ? '你没有权限查看这个团队。' : 'You cannot see that team.');
    teamId = team.value.id;
  }
  const people = await db.user.findMany({
    where: { poolTeamId: null, ...(scope ? { id: { in: scope } } : {}), ...(teamId ? { teamId } : {}) },
    include: { team: true },
    orderBy: [{ active: 'desc' }, { createdAt: 'asc' }],
    take: 500,
  });
  if (!people.length) return ok(zh ? '没有人员。' : 'Nobody yet.');
  const ids = (u: User) => [u.wecomUserId && `wecom:${u.wecomUserId}`, u.slackUserId && `slack:${u.slackUserId}`, u.consoleName && `console:${u.consoleName}`].filter(Boolean).join(' ');
  const lines = people.map((u) => {
    const team = u.team?.name ?? (u.role === 'ADMIN' ? '-' : zh ? '⚠️无团队' : '⚠️no team');
    const state = u.active ? '' : zh ? ' · 已停用' : ' · deactivated';
    return `• ${u.displayName} · ${ROLE[u.role][lang]} · ${team}${state} · ${ids(u) || '-'}`;
  });
  return ok([zh ? `人员（${people.length}）：` : `People (${people.length}):`, ...lines].join('\n'));
}

/**
 * Weekly notices about people who have no team: to each of them, and one list to the admins.
 * Pure read; the scheduler records them (key per ISO week, so once a week at most).
 */
export async function teamlessNotices(db: Tx, now: Date, tz: string): Promise<PlannedPush[]> {
  const people = await db.user.findMany({ where: { teamId: null, active: true, role: { not: 'ADMIN' }, poolTeamId: null }, orderBy: { createdAt: 'asc' } });
  if (!people.length) return [];
  const l = toLocal(now, tz);
  const week = isoWeekKey(l.year, l.month, l.day);
  const quiet = DEFAULT_SETTINGS.quietHours;
  const out: PlannedPush[] = people.map((p) => {
    const lang = langOf(p.locale);
    return {
      kind: 'no_team',
      recipient: userRecipient(p.id),
      recipientName: p.displayName,
      periodKey: `no-team:${week}`,
      message: { text: lang === 'zh' ? '你还没有加入任何团队，所以收不到日报、晨报、排名和提醒推送。请联系管理员把你调到所在团队。' : 'You are not in a team yet, so you get no daily report, digest, ranking or alerts. Ask an admin to move you to your team.' },
      tz,
      quiet,
    };
  });
  const admins = await db.user.findMany({ where: { role: 'ADMIN', active: true } });
  for (const a of admins) {
    const lang = langOf(a.locale);
    out.push({
      kind: 'no_team_admin',
      recipient: userRecipient(a.id),
      recipientName: a.displayName,
      periodKey: `no-team:${week}`,
      message: { text: people.map((p) => teamlessWarning(lang, p.displayName)).join('\n') },
      tz,
      quiet,
    });
  }
  return out;
}
