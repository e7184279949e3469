// 哪些客户可能流失: for customers with at least two purchases (contracts, or payments without a
// contract), the average of the last up-to-three intervals between purchases is compared with
// the days since the last purchase. Past average × CHURN_FACTOR → churn warning; past
// average × REPURCHASE_RATIO (but not yet the warning line) → repurchase due. LOST customers are
// already in the lost pool and are not listed.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { type Lang } from '../i18n.js';
import { formatDate } from '../time.js';
import { analyticsConfig } from './config.js';
import { purchasesCte } from './lifecycle.js';
import { resolveScope } from './scope.js';
import { num } from './sql.js';
import { renderTable } from './table.js';

export interface ChurnRow {
  customerId: string;
  name: string;
  owner: string;
  purchases: number;
  lastPurchase: Date;
  /** Mean of the last up-to-three intervals, in days. */
  avgInterval: number;
  daysSince: number;
  status: 'churn' | 'repurchase';
}

export async function computeChurn(db: Tx, opts: { userIds: string[] | null; now: Date; factor: number; repurchaseRatio: number; limit?: number }): Promise<ChurnRow[]> {
  const { userIds, now, factor } = opts;
  if (userIds && !userIds.length) return [];
  const soon = Math.min(opts.repurchaseRatio, factor);
  // The mean of consecutive intervals among the last k purchases telescopes to (newest - oldest)/(k-1).
  const rows = await db.$queryRaw<Array<{ id: string; name: string; owner: string; n: unknown; last: Date; avg: unknown; since: unknown }>>(Prisma.sql`
    WITH ${purchasesCte(userIds)},
    ranked AS (SELECT "customerId", at, ROW_NUMBER() OVER (PARTITION BY "customerId" ORDER BY at DESC) AS rn FROM purchases WHERE at <= ${now}::timestamp),
    agg AS (
      SELECT "customerId", COUNT(*)::int AS n, MAX(at) AS last,
             EXTRACT(EPOCH FROM (MAX(at) - MIN(at) FILTER (WHERE rn <= 4))) / 86400.0 / (COUNT(*) FILTER (WHERE rn <= 4) - 1) AS avg,
             EXTRACT(EPOCH FROM (${now}::timestamp - MAX(at))) / 86400.0 AS since
        FROM ranked GROUP BY "customerId" HAVING COUNT(*) >= 2)
    SELECT cu.id, cu.name, u."displayName" AS owner, agg.n, agg.last, agg.avg::text AS avg, agg.since::text AS since
      FROM agg JOIN "Customer" cu ON cu.id = agg."customerId" JOIN "User" u ON u.id = cu."ownerId"
     WHERE agg.since > agg.avg * ${soon}::numeric
     ORDER BY (agg.since > agg.avg * ${factor}::numeric) DESC, agg.since / GREATEST(agg.avg, 0.0001) DESC, cu.name ASC
     LIMIT ${opts.limit ?? 50}::int`);
  return rows.map((r) => {
    const avg = num(r.avg);
    const since = num(r.since);
    return {
      customerId: r.id,
      name: r.name,
      owner: r.owner,
      purchases: num(r.n),
      lastPurchase: new Date(r.last),
      avgInterval: avg,
      daysSince: since,
      status: since > avg * factor ? 'churn' : 'repurchase',
    };
  });
}

export function formatChurn(rows: ChurnRow[], lang: Lang, title: string, tz: string, factor: number): string {
  const zh = lang === 'zh';
  const lines = [title];
  const churn = rows.filter((r) => r.status === 'churn');
  const due = rows.filter((r) => r.status === 'repurchase');
  const h = zh ? ['客户', '负责人', '购买次数', '上次购买', '平均间隔', '已间隔'] : ['Customer', 'Owner', 'Purchases', 'Last purchase', 'Avg interval', 'Days since'];
  const d = (n: number) => (zh ? `${Math.round(n)}天` : `${Math.round(n)}d`);
  const table = (list: ChurnRow[]) =>
    renderTable(
      [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2], align: 'right' }, { header: h[3] }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }],
      list.map((r) => [r.name, r.owner, String(r.purchases), formatDate(r.lastPurchase, lang, tz), d(r.avgInterval), d(r.daysSince)]),
    );
  if (churn.length) lines.push(zh ? `⚠️ 流失预警 ${churn.length} 家（已超过平均复购间隔${factor === 1 ? '' : ` ×${factor}`}）：` : `⚠️ Churn risk: ${churn.length} (past their average repurchase interval${factor === 1 ? '' : ` ×${factor}`}):`, table(churn));
  else lines.push(zh ? '✅ 暂无流失预警（有两次以上购买的客户都在正常复购周期内）。' : '✅ No churn warnings (customers with two or more purchases are within their usual interval).');
  if (due.length) lines.push(zh ? `\n🔔 即将到复购时间 ${due.length} 家：` : `\n🔔 Repurchase due soon: ${due.length}:`, table(due));
  return lines.join('\n');
}

export const churnQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const cfg = analyticsConfig(env.user.team);
  const rows = await computeChurn(db, { userIds: scope.scope.userIds, now: env.now, factor: cfg.churnFactor, repurchaseRatio: cfg.repurchaseRatio });
  const title = env.lang === 'zh' ? `📉 ${scope.scope.label} · 客户流失预警` : `📉 ${scope.scope.label} · churn warnings`;
  return { text: formatChurn(rows, env.lang, title, env.tz, cfg.churnFactor), outcome: 'ANSWERED' };
};
