// 我的热点客户 / 李娜的热点客户: hot customers in the asker's scope or the named person's (refused
// outside the scope), least recently contacted first.
import type { IntentHandler } from '../handlerTypes.js';
import { resolveScope } from '../analytics/scope.js';
import { daysBetween } from '../time.js';

export const hotCustomersQuery: IntentHandler = async (db, env) => {
  const subject = env.parsed.query?.subject ?? null;
  const scope = await resolveScope(db, env.user, subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const ids = scope.scope.userIds;
  const rows = await db.customer.findMany({
    where: { hot: true, lifecycle: { not: 'LOST' }, ...(ids ? { ownerId: { in: ids } } : {}) },
    orderBy: [{ lastContactAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
    include: { owner: { select: { displayName: true } } },
    take: 50,
  });
  const zh = env.lang === 'zh';
  const who = scope.scope.person ? (zh ? `${scope.scope.person.displayName}的` : `${scope.scope.person.displayName}'s `) : '';
  if (!rows.length) return { text: zh ? `🔥 ${who}目前没有热点客户。` : `🔥 ${who ? `${who}hot customers: none.` : 'No hot customers.'}`, outcome: 'ANSWERED' };
  const lines = rows.map((c) => {
    const since = c.lastContactAt ? daysBetween(c.lastContactAt, env.now) : null;
    const last = since === null ? (zh ? '从未联系' : 'never contacted') : zh ? `${since}天未联系` : `${since} days since contact`;
    const owner = c.ownerId !== env.user.id && !scope.scope.person ? (zh ? `（${c.owner.displayName}）` : ` (${c.owner.displayName})`) : '';
    return `• ${c.name}${owner}${c.hotNote ? ` · ${c.hotNote}` : ''} · ${last}`;
  });
  return { text: `${zh ? `🔥 ${who}热点客户（${rows.length}）` : `🔥 ${who ? `${who}hot customers` : 'Hot customers'} (${rows.length})`}\n${lines.join('\n')}`, outcome: 'ANSWERED' };
};
