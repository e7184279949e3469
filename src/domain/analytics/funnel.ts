// 本月漏斗 / pipeline by stage. The funnel of a period holds the opportunities that were live in
// it: created before its end and either still open or closed on/after its start. Per open stage
// it shows count and amount (by current stage), the conversion to the next stage (from each
// deal's furthest stage in its history — a deal that skipped stages counts as having passed
// them) and the average days deals spent in the stage. The won row is the period's won money
// (deals/won.ts, the same figure as rankings and targets); the lost row the deals lost in it.
// Stages nobody is in show "—", not a conversion rate. Amounts are per currency (money/totals.ts):
// groups are read per currency and each stage prints the team's reporting currency first and the
// others beside it; `amount` alone is the reporting-currency part (charts, comparisons).
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtPercent, type Lang } from '../i18n.js';
import { getStages } from '../stages.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { wonDealsSql } from '../deals/won.js';
import { inScope, num } from './sql.js';
import { pathStages } from './stagesSql.js';
import { renderTable } from './table.js';
import { funnelChart } from './charts.js';
import { addAmounts, amountIn, amountsOf, DEFAULT_CURRENCY, fmtAmounts, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

export interface FunnelStage {
  key: string;
  label: Record<Lang, string>;
  closes: 'WON' | 'LOST' | null;
  count: number;
  /** The reporting-currency part of `amounts`. */
  amount: number;
  /** Amount per currency. */
  amounts: Amounts;
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
  /** The reporting-currency part of `openAmounts`. */
  openAmount: number;
  openAmounts: Amounts;
  /** The reporting currency the numbers above are in. */
  currency: string;
}

/**
 * The whole funnel but the won row, as groups of deals: grouped by what the funnel needs of them —
 * live in the period or not, current stage, the stages their history entered and the stage of its
 * latest change (a few dozen groups) — with per group the open/lost counts and amounts, and the
 * stays and days per history entry from the summary columns the database keeps on each deal
 * (Opportunity.history*, migration …_stage_history_summary). Furthest stage, conversion and days
 * per stage are then added up from the groups in memory.
 *
 * A period that has not ended (本月, 本季度 — what is asked nearly always) holds every open deal,
 * so its open part is read from the running totals per owner and group that the database keeps
 * (OpenDealSummary, migration …_open_deal_summary): a few rows per rep instead of every open deal
 * (issue 15). Only the deals closed since the period started are read one by one, and open deals
 * created after its end (a clock ahead of `now`) are taken back out. A period that has ended reads
 * its deals one by one (`funnelScanSql`).
 */
export function funnelSql(userIds: string[] | null, start: Date, end: Date, now: Date): Prisma.Sql[] {
  if (end.getTime() <= now.getTime()) return [funnelScanSql(userIds, start, end, now)];
  const { live, lost, row } = dealGroups(start, end, now);
  // Three statements, not one UNION ALL: together PostgreSQL plans them as a Parallel Append
  // whose worker start-up took 4× the work itself (80 ms against 21 ms at full size).
  return [
    Prisma.sql`
    SELECT TRUE AS live, s.stage, s."historyStages" AS hs, s."lastStage" AS ls, s.currency,
           sum(s.n)::int AS n, sum(s.n)::int AS "openN", sum(s.amount)::text AS "openAmount", 0 AS "lostN", NULL::text AS "lostAmount",
           ARRAY[${Prisma.join(sums('s.stays'))}]::int[] AS stays,
           ARRAY[${Prisma.join(sums('s.days'))}]::float8[] AS days,
           (sum(s.n) * EXTRACT(EPOCH FROM ${now}::timestamp) - sum(s.since))::float8 / 86400.0 AS "openDays"
      FROM "OpenDealSummary" s
     WHERE TRUE ${inScope(Prisma.sql`s."ownerId"`, userIds)}
     GROUP BY s.stage, s."historyStages", s."lastStage", s.currency
    HAVING sum(s.n) <> 0`,
    Prisma.sql`${row}
     WHERE o.status IN ('WON', 'LOST') AND o."closedAt" >= ${start} AND (${live} OR ${lost}) ${inScope(Prisma.sql`o."ownerId"`, userIds)}
     GROUP BY 1, o.stage, o."historyStages", o."lastStage", o.currency`,
    Prisma.sql`
    SELECT TRUE AS live, o.stage, o."historyStages" AS hs, o."lastStage" AS ls, o.currency, -count(*)::int AS n, -count(*)::int AS "openN", (-sum(o.amount))::text AS "openAmount", 0 AS "lostN", NULL::text AS "lostAmount",
           ARRAY[${Prisma.join(sums('o."historyStays"', '-'))}]::int[] AS stays,
           ARRAY[${Prisma.join(sums('o."historyDays"', '-'))}]::float8[] AS days,
           -sum(EXTRACT(EPOCH FROM ${now}::timestamp - COALESCE(o."lastStageAt", o."stageEnteredAt")))::float8 / 86400.0 AS "openDays"
      FROM "Opportunity" o
     WHERE o.status = 'OPEN' AND o."createdAt" >= ${end} ${inScope(Prisma.sql`o."ownerId"`, userIds)}
     GROUP BY o.stage, o."historyStages", o."lastStage", o.currency`,
  ];
}

/**
 * The element-wise sum of an array column over a group, one expression per history slot (as many
 * as stages, and a few for renamed ones); `sign` '-' takes the rows back out.
 */
function sums(col: string, sign = ''): Prisma.Sql[] {
  return Array.from({ length: getStages().length + 4 }, (_, i) => Prisma.sql`${Prisma.raw(sign)}COALESCE(sum(${Prisma.raw(col)}[${Prisma.raw(String(i + 1))}]), 0)`);
}

/** Live-in-the-period and lost-in-it conditions, and the per-deal group row (SELECT … FROM "Opportunity" o). */
function dealGroups(start: Date, end: Date, now: Date) {
  const live = Prisma.sql`(o."createdAt" < ${end} AND (o.status = 'OPEN' OR o."closedAt" >= ${start}))`;
  const lost = Prisma.sql`(o.status = 'LOST' AND o."closedAt" >= ${start} AND o."closedAt" < ${end})`;
  const row = Prisma.sql`
    SELECT ${live} AS live, o.stage, o."historyStages" AS hs, o."lastStage" AS ls, o.currency,
           count(*)::int AS n,
           count(*) FILTER (WHERE o.status = 'OPEN')::int AS "openN",
           (sum(o.amount) FILTER (WHERE o.status = 'OPEN'))::text AS "openAmount",
           count(*) FILTER (WHERE ${lost})::int AS "lostN",
           (sum(o.amount) FILTER (WHERE ${lost}))::text AS "lostAmount",
           ARRAY[${Prisma.join(sums('o."historyStays"'))}]::int[] AS stays,
           ARRAY[${Prisma.join(sums('o."historyDays"'))}]::float8[] AS days,
           -- The stay still running at the end of the history (the only one, without history).
           sum(EXTRACT(EPOCH FROM COALESCE(o."closedAt", ${now}::timestamp) - COALESCE(o."lastStageAt", o."stageEnteredAt")))::float8 / 86400.0 AS "openDays"
      FROM "Opportunity" o`;
  return { live, lost, row };
}

/** Every deal of the period read one by one (a period that has ended; the check of the running totals). */
export function funnelScanSql(userIds: string[] | null, start: Date, end: Date, now: Date): Prisma.Sql {
  const { live, lost, row } = dealGroups(start, end, now);
  return Prisma.sql`${row}
     WHERE (${live} OR ${lost}) ${inScope(Prisma.sql`o."ownerId"`, userIds)}
     GROUP BY 1, o.stage, o."historyStages", o."lastStage", o.currency`;
}

/**
 * `via: 'scan'` reads every deal even for a period that has not ended (the check of the running
 * totals). `currency` is the reporting currency (default CNY): the one `amount` fields are in.
 */
export async function computeFunnel(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; now: Date; via?: 'scan'; currency?: string }): Promise<Funnel> {
  const { userIds, start, end, now } = opts;
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  const stages = getStages();
  const path = pathStages(stages);
  const empty = userIds !== null && userIds.length === 0;
  type Group = { live: boolean; stage: string; hs: string[] | null; ls: string | null; currency: string; n: number; openN: number; openAmount: unknown; lostN: number; lostAmount: unknown; stays: number[]; days: number[]; openDays: number | null };
  const parts = opts.via === 'scan' ? [funnelScanSql(userIds, start, end, now)] : funnelSql(userIds, start, end, now);
  const [wonRows, ...groupLists] = empty
    ? [[]]
    : await Promise.all([
        // One row per currency; the deal count (a deal with several contracts is one deal) on each.
        db.$queryRaw<Array<{ n: unknown; currency: string; amount: unknown }>>(Prisma.sql`
          SELECT (SELECT COUNT(DISTINCT COALESCE(x."opportunityId", x.id)) FROM (${wonDealsSql({ userIds, start, end })}) x)::int AS n,
                 w.currency, SUM(w.amount)::text AS amount
            FROM (${wonDealsSql({ userIds, start, end })}) w GROUP BY w.currency`),
        ...parts.map((q) => db.$queryRaw<Group[]>(q)),
      ]);
  const groups = (groupLists as Group[][]).flat();
  const count = new Map<string, number>();
  const amount = new Map<string, Amounts>();
  const lost = { count: 0, amounts: NO_AMOUNTS };
  const reachedExact = path.map(() => 0);
  const stays = new Map<string, number>();
  const days = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const money = (v: unknown, currency: string) => amountsOf([{ currency, amount: v }]);
  for (const g of groups) {
    lost.count += num(g.lostN);
    lost.amounts = addAmounts(lost.amounts, money(g.lostAmount, g.currency));
    if (!g.live) continue;
    if (num(g.openN)) {
      add(count, g.stage, num(g.openN));
      amount.set(g.stage, addAmounts(amount.get(g.stage), money(g.openAmount, g.currency)));
    }
    const hs = g.hs ?? [];
    const furthest = Math.max(...[g.stage, ...hs].map((k) => path.findIndex((s) => s.key === k)));
    if (furthest >= 0) reachedExact[furthest] += num(g.n);
    hs.forEach((k, i) => {
      add(stays, k, num(g.stays[i]));
      add(days, k, num(g.days[i]));
    });
    if (g.ls === null) add(stays, g.stage, num(g.n));
    add(days, g.ls ?? g.stage, num(g.openDays));
  }
  const wonList = wonRows as Array<{ n: unknown; currency: string; amount: unknown }>;
  const won = { count: num(wonList[0]?.n), amounts: amountsOf(wonList) };
  const closed = (s: { closes?: 'WON' | 'LOST' }) => (s.closes === 'WON' ? won : lost);
  const reachedAtLeast = path.map((_, i) => reachedExact.slice(i).reduce((a, b) => a + b, 0));
  const out: FunnelStage[] = stages.map((s) => {
    const i = path.indexOf(s);
    const reached = i >= 0 ? reachedAtLeast[i] : 0;
    const conversion = i >= 0 && i < path.length - 1 && reached > 0 ? reachedAtLeast[i + 1] / reached : null;
    const n = stays.get(s.key) ?? 0;
    return {
      key: s.key,
      label: { zh: s.zh, en: s.en },
      closes: s.closes ?? null,
      count: s.closes ? closed(s).count : (count.get(s.key) ?? 0),
      amount: amountIn(s.closes ? closed(s).amounts : amount.get(s.key), cur),
      amounts: (s.closes ? closed(s).amounts : amount.get(s.key)) ?? NO_AMOUNTS,
      reached,
      conversion,
      avgDays: s.closes || n === 0 ? null : (days.get(s.key) ?? 0) / n,
    };
  });
  // Stages no longer configured (renamed keys) still count in the totals.
  const open = [...count].filter(([k]) => !stages.find((x) => x.key === k)?.closes);
  const openAmounts = addAmounts(...open.map(([k]) => amount.get(k)));
  return {
    stages: out,
    openCount: open.reduce((t, [, n]) => t + n, 0),
    openAmount: amountIn(openAmounts, cur),
    openAmounts,
    currency: cur,
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
        none ? '—' : fmtAmounts(s.amounts, lang, f.currency),
        s.closes ? '' : none ? '—' : fmtPercent(s.conversion),
        s.closes ? '' : none || s.avgDays === null ? '—' : zh ? `${s.avgDays.toFixed(1)}天` : `${s.avgDays.toFixed(1)}d`,
      ];
    }),
  );
  const foot = zh ? `在途合计：${f.openCount} 个商机，${fmtAmounts(f.openAmounts, lang, f.currency)}` : `Open pipeline: ${f.openCount} deals, ${fmtAmounts(f.openAmounts, lang, f.currency)}`;
  if (!f.stages.some((s) => s.count > 0)) return `${title}\n${zh ? '这个期间没有商机。' : 'No opportunities in this period.'}`;
  return `${title}\n${table}\n${foot}`;
}

export const funnelQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const f = await computeFunnel(db, { userIds: scope.scope.userIds, start: period.start, end: period.end, now: env.now, currency: teamReportingCurrency(env.user.team) });
  const title = env.lang === 'zh' ? `📊 ${scope.scope.label} · ${period.label}销售漏斗` : `📊 ${scope.scope.label} · pipeline ${period.label}`;
  return { text: formatFunnel(f, env.lang, title), outcome: 'ANSWERED', chart: funnelChart(f, env.lang, title) };
};
