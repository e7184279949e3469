// Bringing a team's people in from the company directory (WeCom 部门成员) instead of typing
// 注册 for each: members become users of the team (new ones as reps), matched by their platform
// id, or linked by name to a user who has no id on that platform yet. The directory itself is
// read by the adapter (a port the domain owns); nothing here talks to WeCom.
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import { platformIdField, type PlatformName } from '../users.js';
import { fail, ok, onlyAdmin, type Actor, type OpResult } from './actor.js';
import { findTeam } from './lookup.js';

export interface DirectoryMember {
  /** The platform's user id (WeCom UserID). */
  id: string;
  name: string;
}

/** The port: members of a directory department. */
export interface DirectoryPort {
  platform: PlatformName;
  members(department: string): Promise<DirectoryMember[]>;
}

export async function syncTeamMembers(db: Tx, actor: Actor, lang: Lang, teamName: string, platform: PlatformName, members: DirectoryMember[], log: ChangeLog): Promise<OpResult> {
  const zh = lang === 'zh';
  if (actor.role !== 'ADMIN') return onlyAdmin(lang);
  const team = await findTeam(db, teamName, lang);
  if (!team.ok) return team.result;
  const t = team.value;
  if (!members.length) return fail(zh ? '这个部门里没有成员（或应用没有该部门的通讯录权限）。' : 'That department has no members (or the app cannot see it).');
  const field = platformIdField(platform);
  const manager = await db.user.findFirst({ where: { teamId: t.id, role: 'MANAGER', active: true }, orderBy: { createdAt: 'asc' } });
  let created = 0;
  let moved = 0;
  let linked = 0;
  let unchanged = 0;
  const skipped: string[] = [];
  for (const m of members) {
    const name = m.name?.trim().slice(0, 64) || m.id;
    if (!/^[A-Za-z0-9_.@\-]{1,64}$/.test(m.id)) {
      skipped.push(m.id);
      continue;
    }
    const byId = await db.user.findFirst({ where: { [field]: m.id } });
    if (byId) {
      if (byId.teamId === t.id) {
        unchanged++;
        continue;
      }
      log.updated('user', byId.id, { teamId: byId.teamId, managerId: byId.managerId });
      await db.user.update({ where: { id: byId.id }, data: { teamId: t.id, ...(byId.role === 'REP' && manager ? { managerId: manager.id } : {}) } });
      moved++;
      continue;
    }
    const byName = await db.user.findMany({ where: { displayName: name, [field]: null, poolTeamId: null }, take: 2 });
    if (byName.length === 1) {
      log.updated('user', byName[0].id, { [field]: null, teamId: byName[0].teamId });
      await db.user.update({ where: { id: byName[0].id }, data: { [field]: m.id, teamId: t.id } });
      linked++;
      continue;
    }
    const u = await db.user.create({ data: { displayName: name, role: 'REP', teamId: t.id, managerId: manager?.id ?? null, locale: t.locale, [field]: m.id } });
    log.created('user', u.id);
    created++;
  }
  const skip = skipped.length ? (zh ? `；跳过无效账号 ${skipped.join('、')}` : `; skipped invalid ids ${skipped.join(', ')}`) : '';
  return ok(
    zh
      ? `✅ “${t.name}”通讯录同步：新增 ${created} 人（销售），调入 ${moved} 人，关联账号 ${linked} 人，已在团队 ${unchanged} 人${skip}。角色可用“团队 ${t.name} 经理 <姓名>”调整。`
      : `✅ Directory sync for "${t.name}": ${created} added (reps), ${moved} moved in, ${linked} linked, ${unchanged} already there${skip}. Set the manager with: team "${t.name}" manager <name>.`,
  );
}
