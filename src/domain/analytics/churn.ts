// 哪些客户可能流失, for every customer with a history (purchases or follow-ups), customers in
// the lost pool left out:
//  • repeat buyers (two or more purchases, deals/won.ts): the mean of the last up-to-three
//    intervals between purchases against the days since the last one. Past mean × CHURN_FACTOR →
//    churn warning; past mean × REPURCHASE_RATIO (below the warning line) → repurchase due;
//  • everyone else with a history (one purchase, or follow-ups only): silent — no purchase and no
//    follow-up for more than `churnSilentDays` (default 60, per team in settings).
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { type Lang } from '../i18n.js';
import { formatDate } from '../time.js';
import { analyticsConfig } from './config.js';
import { purchasesCte } from './lifecycle.js';
import { resolveScope } from './scope.js';
import { inScope, num } from './sql.js';
import { renderTable } from './table.js';

export interface ChurnRow {
  customerId: string;
  name: string;
  owner: string;
  purchases: number;
  lastPurchase: Date | null;
  /** Mean of the last up-to-three purchase intervals in days (repeat buyers), else null. */
  avgInterval: number | null;
  /** Days since the last purchase (repeat buyers) or since the last purchase or follow-up (silent). */
  daysSince: number;
  status: 'churn' | 'repurchase' | 'silent';
}

export interface ChurnOptions {
  userIds: string[] | null;
  now: Date;
  factor: number;
  repurchaseRatio: number;
  /** Customers without two purchases are at risk after this many silent days. */
  silentDays?: number;
  limit?: number;
}

export async function computeChurn(db: Tx, opts: ChurnOptions): Promise<ChurnRow[]> {
  const { userIds, now, factor } = opts;
  if (userIds && !userIds.length) return [];
  const soon = Math.min(opts.repurchaseRatio, factor);
  const silentDays = opts.silentDays ?? 60;
  const limit = opts.limit ?? 50;
  // The mean of consecutive intervals among the last k purchases telescopes to (newest - oldest)/(k-1).
  const [repeat, silent] = await Promise.all([
    db.$queryRaw<Array<{ id: string; name: string; owner: string; n: unknown; last: Date; avg: unknown; since: unknown }>>(Prisma.sql`
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
       LIMIT ${limit}::int`),
    db.$queryRaw<Array<{ id: string; name: string; owner: string; n: unknown; last: Date | null; since: unknown }>>(Prisma.sql`
      WITH ${purchasesCte(userIds)},
      pc AS (SELECT "customerId", COUNT(*)::int AS n, MAX(at) AS last FROM purchases WHERE at <= ${now}::timestamp GROUP BY "customerId"),
      ac AS (SELECT a."customerId", MAX(a."occurredAt") AS last FROM "Activity" a
              WHERE a."customerId" IS NOT NULL AND a."occurredAt" <= ${now}::timestamp GROUP BY a."customerId"),
      t AS (SELECT cu.id, cu.name, cu."ownerId", COALESCE(pc.n, 0) AS n, pc.last,
                   GREATEST(pc.last, ac.last, CASE WHEN cu."lastContactAt" <= ${now}::timestamp THEN cu."lastContactAt" END) AS touched
              FROM "Customer" cu LEFT JOIN pc ON pc."customerId" = cu.id LEFT JOIN ac ON ac."customerId" = cu.id
             WHERE cu.lifecycle <> 'LOST' ${inScope(Prisma.sql`cu."ownerId"`, userIds)})
      SELECT t.id, t.name, u."displayName" AS owner, t.n, t.last,
             (EXTRACT(EPOCH FROM (${now}::timestamp - t.touched)) / 86400.0)::text AS since
        FROM t JOIN "User" u ON u.id = t."ownerId"
       WHERE t.n < 2 AND t.touched IS NOT NULL AND t.touched < ${new Date(now.getTime() - silentDays * 86_400_000)}
       ORDER BY t.n DESC, t.touched ASC, t.name ASC
       LIMIT ${limit}::int`),
  ]);
  const out: ChurnRow[] = repeat.map((r) => {
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
  for (const r of silent) {
    out.push({ customerId: r.id, name: r.name, owner: r.owner, purchases: num(r.n), lastPurchase: r.last ? new Date(r.last) : null, avgInterval: null, daysSince: num(r.since), status: 'silent' });
  }
  return out;
}

export function formatChurn(rows: ChurnRow[], lang: Lang, title: string, tz: string, factor: number, silentDays = 60): string {
  const zh = lang === 'zh';
  const lines = [title];
  const churn = rows.filter((r) => r.status === 'churn');
  const due = rows.filter((r) => r.status === 'repurchase');
  const silent = rows.filter((r) => r.status === 'silent');
  const d = (n: number) => (zh ? `${Math.floor(n)}天` : `${Math.floor(n)}d`);
  const h = zh ? ['客户', '负责人', '购买次数', '上次购买', '平均间隔', '已间隔'] : ['Customer', 'Owner', 'Purchases', 'Last purchase', 'Avg interval', 'Days since'];
  const table = (list: ChurnRow[]) =>
    renderTable(
      [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2], align: 'right' }, { header: h[3] }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }],
      list.map((r) => [r.name, r.owner, String(r.purchases), r.lastPurchase ? formatDate(r.lastPurchase, lang, tz) : '—', r.avgInterval === null ? '—' : d(r.avgInterval), d(r.daysSince)]),
    );
  const hs = zh ? ['客户', '负责人', '购买次数', '上次购买', '未跟进'] : ['Customer', 'Owner', 'Purchases', 'Last purchase', 'Silent for'];
  const silentTable = renderTable(
    [{ header: hs[0], max: 20 }, { header: hs[1], max: 10 }, { header: hs[2], align: 'right' }, { header: hs[3] }, { header: hs[4], align: 'right' }],
    silent.map((r) => [r.name, r.owner, String(r.purchases), r.lastPurchase ? formatDate(r.lastPurchase, lang, tz) : '—', d(r.daysSince)]),
  );
  if (churn.length) lines.push(zh ? `⚠️ 复购客户流失预警 ${churn.length} 家（已超过平均复购间隔${factor === 1 ? '' : ` ×${factor}`}）：` : `⚠️ Repeat buyers at risk: ${churn.length} (past their average repurchase interval${factor === 1 ? '' : ` ×${factor}`}):`, table(churn));
  if (silent.length) lines.push(zh ? `${churn.length ? '\n' : ''}🔕 沉默客户 ${silent.length} 家（超过 ${silentDays} 天没有成交也没有跟进）：` : `${churn.length ? '\n' : ''}🔕 Gone quiet: ${silent.length} (no purchase and no follow-up for over ${silentDays} days):`, silentTable);
  if (!churn.length && !silent.length) lines.push(zh ? `✅ 暂无流失预警（复购客户都在正常复购周期内，其他客户 ${silentDays} 天内都有成交或跟进）。` : `✅ No churn warnings (repeat buyers are within their usual interval; every other customer had a purchase or follow-up within ${silentDays} days).`);
  if (due.length) lines.push(zh ? `\n🔔 即将到复购时间 ${due.length} 家：` : `\n🔔 Repurchase due soon: ${due.length}:`, table(due));
  return lines.join('\n');
}

export const churnQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const cfg = analyticsConfig(env.user.team);
  const rows = await computeChurn(db, { userIds: scope.scope.userIds, now: env.now, factor: cfg.churnFactor, repurchaseRatio: cfg.repurchaseRatio, silentDays: cfg.churnSilentDays });
  const title = env.lang === 'zh' ? `📉 ${scope.scope.label} · 客户流失预警` : `📉 ${scope.scope.label} · churn warnings`;
  return { text: formatChurn(rows, env.lang, title, env.tz, cfg.churnFactor, cfg.churnSilentDays), outcome: 'ANSWERED' };
};
