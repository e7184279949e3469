// The ownership part of a customer's timeline ("客户 方舟电子"): who held it when, and why.
import type { Tx } from '../context.js';
import type { Lang } from '../i18n.js';
import { formatShort } from '../time.js';

const KIND_LABEL: Record<string, Record<Lang, string>> = {
  TRANSFER: { zh: '转移', en: 'transfer' },
  INHERIT: { zh: '离职继承', en: 'handover' },
  POOL_RETURN: { zh: '自动退回公海', en: 'returned to pool' },
  POOL_RELEASE: { zh: '退回公海', en: 'released to pool' },
  CLAIM: { zh: '从公海领取', en: 'claimed from pool' },
  IMPORT: { zh: '导入', en: 'imported' },
};

export async function ownershipHistory(db: Tx, customerId: string, lang: Lang, tz: string, limit = 5): Promise<string[]> {
  const events = await db.customerEvent.findMany({ where: { customerId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit });
  if (!events.length) return [];
  const ids = [...new Set(events.flatMap((e) => [e.fromUserId, e.toUserId, e.actorId]).filter((x): x is string => !!x))];
  const names = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, poolTeamId: true } })).map((u) => [u.id, u.poolTeamId ? (lang === 'zh' ? '公海' : 'pool') : u.displayName]));
  const name = (id: string | null) => (id ? names.get(id) ?? '?' : '—');
  const lines = events.map((e) => {
    const label = KIND_LABEL[e.kind]?.[lang] ?? e.kind;
    const by = e.actorId && e.actorId !== e.toUserId ? (lang === 'zh' ? `（${name(e.actorId)}操作）` : ` (by ${name(e.actorId)})`) : '';
    const move = e.fromUserId ? `${name(e.fromUserId)} → ${name(e.toUserId)}` : name(e.toUserId);
    return `  • ${formatShort(e.at, lang, tz)} ${label}：${move}${by}${e.note ? ` · ${e.note}` : ''}`;
  });
  return [lang === 'zh' ? '负责人变更：' : 'Ownership:', ...lines];
}
