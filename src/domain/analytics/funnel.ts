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
import { inScope, num, scopeWhere } from './sql.js';
import { pathStages, stageValues } from './stagesSql.js';
import { renderTable } from './table.js';
import { funnelChart } from './charts.js';

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

function funnelFilter(userIds: string[] | null, start: Date, end: Date): Prisma.Sql {
  return Prisma.sql`o."createdAt" < ${end} AND (o.status = 'OPEN' OR o."closedAt" >= ${start}) ${inScope(Prisma.sql`o."ownerId"`, userIds)}`;
}

export async function computeFunnel(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; now: Date }): Promise<Funnel> {
  const { userIds, start, end, now } = opts;
  const stages = getStages();
  const path = pathStages(stages);
  const empty = userIds !== null && userIds.length === 0;
  const [byStage, wonRows, lostRows, reachedRows, dayRows] = empty
    ? [[], [], [], [], []]
    : await Promise.all([
        db.opportunity.groupBy({
          by: ['stage'],
          where: { ownerId: scopeWhere(userIds), createdAt: { lt: end }, status: 'OPEN' },
          _count: { _all: true },
          _sum: { amount: true },
        }),
        db.$queryRaw<Array<{ n: unknown; amount: unknown }>>(Prisma.sql`
          SELECT COUNT(DISTINCT COALESCE(w."opportunityId", w.id))::int AS n, COALESCE(SUM(w.amount), 0)::text AS amount
            FROM (${wonDealsSql({ userIds, start, end })}) w`),
        db.opportunity.aggregate({
          where: { ownerId: scopeWhere(userIds), status: 'LOST', closedAt: { gte: start, lt: end } },
          _count: { _all: true },
          _sum: { amount: true },
        }).then((r) => [r]),
        db.$queryRaw<Array<{ idx: number; n: unknown }>>(Prisma.sql`
          WITH s AS (SELECT * FROM ${stageValues(stages)}),
          f AS (SELECT o.id, o.stage FROM "Opportunity" o WHERE ${funnelFilter(userIds, start, end)}),
          h AS (SELECT f.id, f.stage AS key FROM f
                UNION ALL SELECT sc."opportunityId", sc."toStage" FROM "StageChange" sc JOIN f ON f.id = sc."opportunityId")
          SELECT r.reached AS idx, COUNT(*)::int AS n
            FROM (SELECT h.id, MAX(s.idx) AS reached FROM h JOIN s ON s.key = h.key WHERE s.idx >= 0 GROUP BY h.id) r
           GROUP BY r.reached`),
        db.$queryRaw<Array<{ key: string; days: unknown }>>(Prisma.sql`
          WITH f AS (SELECT o.id, o.stage, o."stageEnteredAt", o."closedAt" FROM "Opportunity" o WHERE ${funnelFilter(userIds, start, end)}),
          st AS (
            SELECT sc."opportunityId" AS id, sc."toStage" AS key, sc."changedAt" AS t0,
                   LEAD(sc."changedAt") OVER (PARTITION BY sc."opportunityId" ORDER BY sc."changedAt", sc.id) AS t1
              FROM "StageChange" sc JOIN f ON f.id = sc."opportunityId"
            UNION ALL
            SELECT f.id, f.stage, f."stageEnteredAt", NULL FROM f
             WHERE NOT EXISTS (SELECT 1 FROM "StageChange" x WHERE x."opportunityId" = f.id))
          SELECT st.key, AVG(EXTRACT(EPOCH FROM (COALESCE(st.t1, f."closedAt", ${now}::timestamp) - st.t0)) / 86400.0)::text AS days
            FROM st JOIN f ON f.id = st.id GROUP BY st.key`),
      ]);
  const count = new Map(byStage.map((r) => [r.stage, r._count._all]));
  const amount = new Map(byStage.map((r) => [r.stage, num(r._sum.amount)]));
  const closed = (s: { closes?: 'WON' | 'LOST' }) =>
    s.closes === 'WON'
      ? { count: num(wonRows[0]?.n), amount: num(wonRows[0]?.amount) }
      : { count: lostRows[0]?._count._all ?? 0, amount: num(lostRows[0]?._sum.amount) };
  const reachedExact = new Map(reachedRows.map((r) => [Number(r.idx), num(r.n)]));
  const reachedAtLeast = path.map((_, i) => [...reachedExact].filter(([idx]) => idx >= i).reduce((s, [, n]) => s + n, 0));
  const days = new Map(dayRows.map((r) => [r.key, num(r.days)]));
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
  const open = byStage.filter((r) => !stages.find((x) => x.key === r.stage)?.closes);
  return {
    stages: out,
    openCount: open.reduce((s, r) => s + r._count._all, 0),
    openAmount: open.reduce((s, r) => s + num(r._sum.amount), 0),
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
  return { text: formatFunnel(f, env.lang, title), outcome: 'ANSWERED', chart: funnelChart(f, env.lang, title) };
};
