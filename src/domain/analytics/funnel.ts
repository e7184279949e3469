// 本月漏斗 / pipeline by stage. The funnel of a period holds the opportunities that were live in
// it: created before its end and either still open or closed on/after its start. Per open stage
// it shows count and amount (by current stage), the conversion to the next stage (from each
// deal's furthest stage in its history — a deal that skipped stages counts as having passed
// them) and the average days deals spent in the stage. The won row is the period's won money
// (deals/won.ts, the same figure as rankings and targets); the lost row the deals lost in it.
// Stages nobody is in show "—", not a conversion rate.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, fmtPercent, type Lang } from '../i18n.js';
import { getStages } from '../stages.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { wonDealsSql } from '../deals/won.js';
import { inScope, num } from './sql.js';
import { pathStages } from './stagesSql.js';
import { renderTable } from './table.js';

export interface FunnelStage {
  key: string;
  label: Record<Lang, string>;
  closes: 'WON' | 'LOST' | null;
  count: number;
  amount: number;
  /** Deals whose furthest stage is this one or later (path stages only). */
  reached: number;
  /** reached(next) / reached(this); null for the last path stage, LOST, or when nobody reached it. */
  conversion: number | null;
  /** Mean days per stay in the stage (open stays run to now); null when no stay. */
  avgDays: number | null;
}

export interface Funnel {
  stages: FunnelStage[];
  openCount: number;
  openAmount: number;
}

/**
 * The whole funnel but the won row in ONE pass over the deals in scope (no stage history read):
 * per current stage the open count/amount, the period's lost deals and, per path stage, how many
 * live deals reached it or later; then the days per stage from the history summary columns the
 * database keeps on each deal (Opportunity.history*, migration …_stage_history_summary).
 */
function funnelSql(userIds: string[] | null, start: Date, end: Date, now: Date): Prisma.Sql {
  const stages = getStages();
  const path = pathStages(stages);
  const live = Prisma.sql`(o."createdAt" < ${end} AND (o.status = 'OPEN' OR o."closedAt" >= ${start}))`;
  const reached = path.map((_, i) => {
    const later = path.slice(i).map((s) => s.key);
    return Prisma.sql`count(*) FILTER (WHERE f.live AND (f.stage IN (${Prisma.join(later)}) OR f.hs && ARRAY[${Prisma.join(later)}]::text[]))`;
  });
  return Prisma.sql`
    WITH f AS MATERIALIZED (
      SELECT o.stage, o.status, o.amount, o."closedAt", o."stageEnteredAt", o."lastStage", o."lastStageAt",
             o."historyStages" AS hs, o."historyStays" AS hn, o."historyDays" AS hd, ${live} AS live,
             (o.status = 'LOST' AND o."closedAt" >= ${start} AND o."closedAt" < ${end}) AS lost
        FROM "Opportunity" o
       WHERE (${live} OR (o.status = 'LOST' AND o."closedAt" >= ${start} AND o."closedAt" < ${end})) ${inScope(Prisma.sql`o."ownerId"`, userIds)}
    )
    SELECT 'stage' AS kind, f.stage AS key,
           count(*) FILTER (WHERE f.live AND f.status = 'OPEN')::int AS n,
           (sum(f.amount) FILTER (WHERE f.live AND f.status = 'OPEN'))::text AS amount,
           count(*) FILTER (WHERE f.lost)::int AS "lostN",
           (sum(f.amount) FILTER (WHERE f.lost))::text AS "lostAmount",
           ARRAY[${Prisma.join(reached)}]::int[] AS reached,
           NULL::float8 AS days
      FROM f GROUP BY f.stage
    UNION ALL
    SELECT 'days', d.key, sum(d.n)::int, NULL, NULL, NULL, NULL, sum(d.days)::float8
      FROM (SELECT x.k AS key, x.n, x.d AS days
              FROM f CROSS JOIN LATERAL unnest(f.hs, f.hn, f.hd) AS x(k, n, d)
             WHERE f.live
            UNION ALL
            -- The stay still running at the end of the history (or the only one, without history).
            SELECT COALESCE(f."lastStage", f.stage), CASE WHEN f."lastStage" IS NULL THEN 1 ELSE 0 END,
                   EXTRACT(EPOCH FROM COALESCE(f."closedAt", ${now}::timestamp) - COALESCE(f."lastStageAt", f."stageEnteredAt"))::float8 / 86400.0
              FROM f WHERE f.live) d
     GROUP BY d.key`;
}

export async function computeFunnel(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; now: Date }): Promise<Funnel> {
  const { userIds, start, end, now } = opts;
  const stages = getStages();
  const path = pathStages(stages);
  const empty = userIds !== null && userIds.length === 0;
  type Row = { kind: 'stage' | 'days'; key: string; n: number; amount: unknown; lostN: number | null; lostAmount: unknown; reached: number[] | null; days: number | null };
  const [rows, wonRows] = empty
    ? [[], []]
    : await Promise.all([
        db.$queryRaw<Row[]>(funnelSql(userIds, start, end, now)),
        db.$queryRaw<Array<{ n: unknown; amount: unknown }>>(Prisma.sql`
          SELECT COUNT(DISTINCT COALESCE(w."opportunityId", w.id))::int AS n, COALESCE(SUM(w.amount), 0)::text AS amount
            FROM (${wonDealsSql({ userIds, start, end })}) w`),
      ]);
  const byStage = rows.filter((r) => r.kind === 'stage');
  const count = new Map(byStage.map((r) => [r.key, num(r.n)]));
  const amount = new Map(byStage.map((r) => [r.key, num(r.amount)]));
  const lost = { count: byStage.reduce((t, r) => t + num(r.lostN), 0), amount: byStage.reduce((t, r) => t + num(r.lostAmount), 0) };
  const closed = (s: { closes?: 'WON' | 'LOST' }) => (s.closes === 'WON' ? { count: num(wonRows[0]?.n), amount: num(wonRows[0]?.amount) } : lost);
  const reachedAtLeast = path.map((_, i) => byStage.reduce((t, r) => t + num(r.reached?.[i]), 0));
  const days = new Map(rows.filter((r) => r.kind === 'days' && num(r.n) > 0).map((r) => [r.key, num(r.days) / num(r.n)]));
  const out: FunnelStage[] = stages.map((s) => {
    const i = path.indexOf(s);
    const reached = i >= 0 ? reachedAtLeast[i] : 0;
    const conversion = i >= 0 && i < path.length - 1 && reached > 0 ? reachedAtLeast[i + 1] / reached : null;
    return {
      key: s.key,
      label: { zh: s.zh, en: s.en },
      closes: s.closes ?? null,
      count: s.closes ? closed(s).count : (count.get(s.key) ?? 0),
      amount: s.closes ? closed(s).amount : (amount.get(s.key) ?? 0),
      reached,
      conversion,
      avgDays: s.closes ? null : (days.get(s.key) ?? null),
    };
  });
  // Stages no longer configured (renamed keys) still count in the totals.
  const open = byStage.filter((r) => !stages.find((x) => x.key === r.key)?.closes);
  return {
    stages: out,
    openCount: open.reduce((t, r) => t + num(r.n), 0),
    openAmount: open.reduce((t, r) => t + num(r.amount), 0),
  };
}

export function formatFunnel(f: Funnel, lang: Lang, title: string): string {
  const zh = lang === 'zh';
  const h = zh ? ['阶段', '商机数', '金额', '转下一阶段', '平均停留'] : ['Stage', 'Deals', 'Amount', 'To next', 'Avg days'];
  const table = renderTable(
    [{ header: h[0] }, { header: h[1], align: 'right' }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }, { header: h[4], align: 'right' }],
    f.stages.map((s) => {
      const none = s.count === 0;
      return [
        s.closes ? `${s.label[lang]}${zh ? '（本期）' : ' (period)'}` : s.label[lang],
        String(s.count),
        none ? '—' : fmtMoney(s.amount, lang),
        s.closes ? '' : none ? '—' : fmtPercent(s.conversion),
        s.closes ? '' : none || s.avgDays === null ? '—' : zh ? `${s.avgDays.toFixed(1)}天` : `${s.avgDays.toFixed(1)}d`,
      ];
    }),
  );
  const foot = zh ? `在途合计：${f.openCount} 个商机，${fmtMoney(f.openAmount, lang)}` : `Open pipeline: ${f.openCount} deals, ${fmtMoney(f.openAmount, lang)}`;
  if (!f.stages.some((s) => s.count > 0)) return `${title}\n${zh ? '这个期间没有商机。' : 'No opportunities in this period.'}`;
  return `${title}\n${table}\n${foot}`;
}

export const funnelQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const f = await computeFunnel(db, { userIds: scope.scope.userIds, start: period.start, end: period.end, now: env.now });
  const title = env.lang === 'zh' ? `📊 ${scope.scope.label} · ${period.label}销售漏斗` : `📊 ${scope.scope.label} · pipeline ${period.label}`;
  return { text: formatFunnel(f, env.lang, title), outcome: 'ANSWERED' };
};
