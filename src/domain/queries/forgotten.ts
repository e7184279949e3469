// 哪些客户没跟进: customers nobody has followed up for longer than their level allows. A
// customer's level is the first that applies: hot (热点) → big (an open deal graded 大单) → deal (any
// open deal) → signed (签约/重复购买) → prospect; each level has its own number of days (team
// settings `forgottenDays`, analytics/config.ts). "超过20天没跟进的客户" uses 20 for every level.
// The clock starts at the last follow-up, or at the customer's creation when there never was one.
// Customers in the lost pool are left out.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { stageLabel } from '../stages.js';
import { analyticsConfig, CUSTOMER_LEVELS, type CustomerLevel, type ForgottenDays } from '../analytics/config.js';
import { resolveScope } from '../analytics/scope.js';
import { inScope, num } from '../analytics/sql.js';

export const LEVEL_LABEL: Record<CustomerLevel, Record<Lang, string>> = {
  hot: { zh: '热点客户', en: 'Hot customers' },
  big: { zh: '大单客户', en: 'Big-deal customers' },
  deal: { zh: '有在谈商机', en: 'With an open deal' },
  signed: { zh: '成交客户', en: 'Signed customers' },
  prospect: { zh: '潜在客户', en: 'Prospects' },
};

export interface ForgottenRow {
  customerId: string;
  name: string;
  owner: string;
  level: CustomerLevel;
  /** Days since the last follow-up (or since creation when never followed up). */
  days: number;
  neverContacted: boolean;
  stage: string | null;
  amount: number | null;
}

export async function computeForgotten(db: Tx, opts: { userIds: string[] | null; now: Date; thresholds: ForgottenDays; days?: number | null; limit?: number }): Promise<ForgottenRow[]> {
  const { userIds, now } = opts;
  if (userIds && !userIds.length) return [];
  const t = (l: CustomerLevel) => opts.days ?? opts.thresholds[l];
  const rows = await db.$queryRaw<Array<{ id: string; name: string; owner: string; level: CustomerLevel; days: unknown; never: boolean; stage: string | null; amount: unknown }>>(Prisma.sql`
    WITH c AS (
      SELECT cu.id, cu.name, u."displayName" AS owner, cu."lastContactAt" IS NULL AS never,
             FLOOR(EXTRACT(EPOCH FROM (${now}::timestamp - COALESCE(cu."lastContactAt", cu."createdAt"))) / 86400.0)::int AS days,
             CASE WHEN cu.hot THEN 'hot'
                  WHEN EXISTS (SELECT 1 FROM "Opportunity" o WHERE o."customerId" = cu.id AND o.status = 'OPEN' AND o.grade = 'BIG') THEN 'big'
                  WHEN EXISTS (SELECT 1 FROM "Opportunity" o WHERE o."customerId" = cu.id AND o.status = 'OPEN') THEN 'deal'
                  WHEN cu.lifecycle IN ('SIGNED', 'REPEAT') THEN 'signed'
                  ELSE 'prospect' END AS level
        FROM "Customer" cu JOIN "User" u ON u.id = cu."ownerId"
       WHERE cu.lifecycle <> 'LOST' AND cu."createdAt" <= ${now} ${inScope(Prisma.sql`cu."ownerId"`, userIds)})
    SELECT c.id, c.name, c.owner, c.level, c.days, c.never, o.stage, o.amount::text AS amount
      FROM c LEFT JOIN LATERAL (SELECT x.stage, x.amount FROM "Opportunity" x WHERE x."customerId" = c.id AND x.status = 'OPEN'
                                ORDER BY x.amount DESC NULLS LAST LIMIT 1) o ON TRUE
     WHERE c.days > CASE c.level WHEN 'hot' THEN ${t('hot')}::int WHEN 'big' THEN ${t('big')}::int WHEN 'deal' THEN ${t('deal')}::int
                                 WHEN 'signed' THEN ${t('signed')}::int ELSE ${t('prospect')}::int END
     ORDER BY CASE c.level WHEN 'hot' THEN 0 WHEN 'big' THEN 1 WHEN 'deal' THEN 2 WHEN 'signed' THEN 3 ELSE 4 END, c.days DESC, c.name ASC
     LIMIT ${opts.limit ?? 200}::int`);
  return rows.map((r) => ({ customerId: r.id, name: r.name, owner: r.owner, level: r.level, days: num(r.days), neverContacted: r.never, stage: r.stage, amount: r.amount === null ? null : num(r.amount) }));
}

export function formatForgotten(rows: ForgottenRow[], lang: Lang, title: string, thresholds: ForgottenDays, days: number | null, showOwner: boolean, perLevel = 15): string {
  const zh = lang === 'zh';
  if (!rows.length) {
    const rule = days ? (zh ? `超过 ${days} 天` : `over ${days} days`) : zh ? '超过各级别的天数' : 'past their level’s limit';
    return `${title}\n${zh ? `👍 没有${rule}没跟进的客户。` : `👍 No customer has gone ${rule} without a follow-up.`}`;
  }
  const lines = [title];
  for (const level of CUSTOMER_LEVELS) {
    const list = rows.filter((r) => r.level === level);
    if (!list.length) continue;
    const limit = days ?? thresholds[level];
    lines.push(zh ? `${LEVEL_LABEL[level].zh}（超过${limit}天）${list.length} 家：` : `${LEVEL_LABEL[level].en} (over ${limit} days): ${list.length}`);
    for (const r of list.slice(0, perLevel)) {
      const owner = showOwner ? (zh ? `（${r.owner}）` : ` (${r.owner})`) : '';
      const when = r.neverContacted ? (zh ? `建档${r.days}天从未跟进` : `never followed up in ${r.days} days`) : zh ? `${r.days}天未跟进` : `${r.days} days since follow-up`;
      const deal = r.stage ? ` · ${stageLabel(r.stage, lang)} ${fmtMoney(r.amount, lang)}` : '';
      lines.push(`• ${r.name}${owner} · ${when}${deal}`);
    }
    if (list.length > perLevel) lines.push(zh ? `  …还有 ${list.length - perLevel} 家` : `  …and ${list.length - perLevel} more`);
  }
  return lines.join('\n');
}

export const forgottenQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const cfg = analyticsConfig(env.user.team);
  const days = q?.days ?? null;
  const rows = await computeForgotten(db, { userIds: scope.scope.userIds, now: env.now, thresholds: cfg.forgottenDays, days });
  const title = env.lang === 'zh' ? `🕸️ ${scope.scope.label} · 没跟进的客户（${rows.length}）` : `🕸️ ${scope.scope.label} · customers not followed up (${rows.length})`;
  const showOwner = scope.scope.userIds === null || scope.scope.userIds.length > 1;
  return { text: formatForgotten(rows, env.lang, title, cfg.forgottenDays, days, showOwner), outcome: 'ANSWERED' };
};
