import type { IntentHandler } from '../handlerTypes.js';
import { visibleUserIds } from '../users.js';
import { daysBetween } from '../time.js';

export const hotCustomersQuery: IntentHandler = async (db, env) => {
  const scope = await visibleUserIds(db, env.user);
  const rows = await db.customer.findMany({
    where: { hot: true, ...(env.user.role === 'REP' || !scope ? { ownerId: env.user.id } : { ownerId: { in: scope } }) },
    orderBy: { lastContactAt: 'asc' },
    include: { owner: { select: { displayName: true } } },
    take: 50,
  });
  const zh = env.lang === 'zh';
  if (!rows.length) return { text: zh ? '🔥 目前没有热点客户。' : '🔥 No hot customers.', outcome: 'ANSWERED' };
  const lines = rows.map((c) => {
    const since = c.lastContactAt ? daysBetween(c.lastContactAt, env.now) : null;
    const last = since === null ? (zh ? '从未联系' : 'never contacted') : zh ? `${since}天未联系` : `${since} days since contact`;
    return `• ${c.name}${c.ownerId !== env.user.id ? `（${c.owner.displayName}）` : ''}${c.hotNote ? ` · ${c.hotNote}` : ''} · ${last}`;
  });
  return { text: `${zh ? '🔥 热点客户' : '🔥 Hot customers'}（${rows.length}）\n${lines.join('\n')}`, outcome: 'ANSWERED' };
};
