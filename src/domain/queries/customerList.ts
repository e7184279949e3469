// 张三的客户有哪些 / 我的客户: the customers of a person (or of the asker's scope), hot ones first,
// then by the size of their open deal, with the lifecycle, the open deal and days since contact.
// Customers marked 失效 are not listed, only counted.
import { Prisma } from '../../generated/prisma/client.js';
import type { IntentHandler } from '../handlerTypes.js';
import { LIFECYCLE_LABEL, fmtMoney } from '../i18n.js';
import { stageLabel } from '../stages.js';
import { resolveScope } from '../analytics/scope.js';
import { inScope, num } from '../analytics/sql.js';
import { renderTable } from '../analytics/table.js';

const LIMIT = 30;

export const customerListQuery: IntentHandler = async (db, env) => {
  const { lang, now } = env;
  const zh = lang === 'zh';
  const scope = await resolveScope(db, env.user, env.parsed.query?.subject, lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const ids = scope.scope.userIds;
  if (ids && !ids.length) return { text: zh ? '范围内没有客户。' : 'No customers in scope.', outcome: 'ANSWERED' };
  const [rows, total, lost] = await Promise.all([
    db.$queryRaw<Array<{ name: string; owner: string; lifecycle: string; hot: boolean; stage: string | null; amount: unknown; currency: string | null; last: Date | null }>>(Prisma.sql`
      SELECT cu.name, u."displayName" AS owner, cu.lifecycle::text AS lifecycle, cu.hot, o.stage, o.amount::text AS amount, o.currency, cu."lastContactAt" AS last
        FROM "Customer" cu JOIN "User" u ON u.id = cu."ownerId"
        LEFT JOIN LATERAL (SELECT x.stage, x.amount, x.currency FROM "Opportunity" x WHERE x."customerId" = cu.id AND x.status = 'OPEN'
                            ORDER BY x.amount DESC NULLS LAST, x."updatedAt" DESC LIMIT 1) o ON TRUE
       WHERE cu.lifecycle <> 'LOST' ${inScope(Prisma.sql`cu."ownerId"`, ids)}
       ORDER BY cu.hot DESC, o.amount DESC NULLS LAST, cu."lastContactAt" DESC NULLS LAST, cu.name ASC
       LIMIT ${LIMIT}::int`),
    db.customer.count({ where: { lifecycle: { not: 'LOST' }, ...(ids ? { ownerId: { in: ids } } : {}) } }),
    // 失效 customers (customers/chat.ts) are left out and only counted.
    db.customer.count({ where: { lifecycle: 'LOST', ...(ids ? { ownerId: { in: ids } } : {}) } }),
  ]);
  const title = zh ? `👥 ${scope.scope.label}的客户（${total}）` : `👥 Customers · ${scope.scope.label} (${total})`;
  if (!total) return { text: `${title}\n${zh ? '还没有客户。' : 'No customers yet.'}`, outcome: 'ANSWERED' };
  const showOwner = ids === null || ids.length > 1;
  const h = zh ? ['客户', '负责人', '阶段', '在谈商机', '金额', '上次联系'] : ['Customer', 'Owner', 'Lifecycle', 'Open deal', 'Amount', 'Last contact'];
  const since = (d: Date | null) => (d ? (zh ? `${Math.floor((now.getTime() - d.getTime()) / 86_400_000)}天前` : `${Math.floor((now.getTime() - d.getTime()) / 86_400_000)}d ago`) : zh ? '从未' : 'never');
  const table = renderTable(
    [{ header: h[0], max: 20 }, ...(showOwner ? [{ header: h[1], max: 10 }] : []), { header: h[2] }, { header: h[3] }, { header: h[4], align: 'right' as const }, { header: h[5], align: 'right' as const }],
    rows.map((r) => [
      `${r.name}${r.hot ? ' 🔥' : ''}`,
      ...(showOwner ? [r.owner] : []),
      LIFECYCLE_LABEL[r.lifecycle][lang],
      r.stage ? stageLabel(r.stage, lang) : '—',
      r.stage ? fmtMoney(r.amount === null ? null : num(r.amount), lang, r.currency ?? 'CNY') : '—',
      since(r.last),
    ]),
  );
  const more = total > rows.length ? (zh ? `\n…另有 ${total - rows.length} 家` : `\n…and ${total - rows.length} more`) : '';
  const hidden = lost ? (zh ? `\n（另有 ${lost} 家失效客户未列出）` : `\n(${lost} inactive customer(s) not listed)`) : '';
  return { text: `${title}\n${table}${more}${hidden}`, outcome: 'ANSWERED' };
};
