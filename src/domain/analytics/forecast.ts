// 下季度预测: open deals expected to close in the period, weighted by win probability (the
// deal's own probability, else its stage's), plus what is already won in the period; and the
// commit list — deals expected to close in the period that are qualified VALUABLE.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { stageIndex, stageLabel } from '../stages.js';
import { formatDate } from '../time.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { inScope, num, scopeWhere } from './sql.js';
import { stageValues } from './stagesSql.js';
import { renderTable } from './table.js';
import { wonAmountByUser } from '../deals/won.js';

export interface Forecast {
  byStage: Array<{ stage: string; count: number; amount: number; weighted: number }>;
  pipeline: number;
  weighted: number;
  won: number;
  commit: Array<{ id: string; customer: string; owner: string; stage: string; amount: number; expectedCloseDate: Date }>;
  commitTotal: number;
}

export async function computeForecast(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; commitLimit?: number }): Promise<Forecast> {
  const { userIds, start, end } = opts;
  if (userIds && !userIds.length) return { byStage: [], pipeline: 0, weighted: 0, won: 0, commit: [], commitTotal: 0 };
  const [rows, won, commit, commitAgg] = await Promise.all([
    db.$queryRaw<Array<{ stage: string; n: unknown; amount: unknown; weighted: unknown }>>(Prisma.sql`
      SELECT o.stage, COUNT(*)::int AS n, COALESCE(SUM(o.amount), 0)::text AS amount,
             COALESCE(SUM(COALESCE(o.amount, 0) * COALESCE(o.probability, s.prob, 0) / 100.0), 0)::text AS weighted
        FROM "Opportunity" o LEFT JOIN ${stageValues()} ON s.key = o.stage
       WHERE o.status = 'OPEN' AND o."expectedCloseDate" >= ${start} AND o."expectedCloseDate" < ${end}
             ${inScope(Prisma.sql`o."ownerId"`, userIds)}
       GROUP BY o.stage`),
    wonAmountByUser(db, userIds, start, end),
    db.opportunity.findMany({
      where: { ownerId: scopeWhere(userIds), status: 'OPEN', qualification: 'VALUABLE', expectedCloseDate: { gte: start, lt: end } },
      select: { id: true, stage: true, amount: true, expectedCloseDate: true, customer: { select: { name: true } }, owner: { select: { displayName: true } } },
      orderBy: [{ amount: { sort: 'desc', nulls: 'last' } }, { expectedCloseDate: 'asc' }],
      take: opts.commitLimit ?? 20,
    }),
    db.opportunity.aggregate({
      where: { ownerId: scopeWhere(userIds), status: 'OPEN', qualification: 'VALUABLE', expectedCloseDate: { gte: start, lt: end } },
      _sum: { amount: true },
    }),
  ]);
  const byStage = rows.map((r) => ({ stage: r.stage, count: num(r.n), amount: num(r.amount), weighted: num(r.weighted) }));
  return {
    byStage,
    pipeline: byStage.reduce((s, r) => s + r.amount, 0),
    weighted: byStage.reduce((s, r) => s + r.weighted, 0),
    won: [...won.values()].reduce((s, v) => s + v, 0),
    commit: commit.map((o) => ({ id: o.id, customer: o.customer.name, owner: o.owner.displayName, stage: o.stage, amount: num(o.amount), expectedCloseDate: o.expectedCloseDate! })),
    commitTotal: num(commitAgg._sum.amount),
  };
}

export function formatForecast(f: Forecast, lang: Lang, title: string, tz: string, stageOrder: (k: string) => number): string {
  const zh = lang === 'zh';
  const lines = [title];
  if (!f.byStage.length && !f.won) lines.push(zh ? '这个期间没有预计成交的商机，也没有已成交金额。' : 'No deals expected to close in this period and nothing won yet.');
  if (f.byStage.length) {
    const h = zh ? ['阶段', '商机数', '金额', '加权金额'] : ['Stage', 'Deals', 'Amount', 'Weighted'];
    lines.push(
      renderTable(
        [{ header: h[0] }, { header: h[1], align: 'right' }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }],
        [...f.byStage].sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage)).map((r) => [stageLabel(r.stage, lang), String(r.count), fmtMoney(r.amount, lang), fmtMoney(r.weighted, lang)]),
      ),
    );
  }
  lines.push(
    zh
      ? `已成交 ${fmtMoney(f.won, lang)} + 加权在途 ${fmtMoney(f.weighted, lang)} = 预测 ${fmtMoney(f.won + f.weighted, lang)}（在途总额 ${fmtMoney(f.pipeline, lang)}）`
      : `Won ${fmtMoney(f.won, lang)} + weighted pipeline ${fmtMoney(f.weighted, lang)} = forecast ${fmtMoney(f.won + f.weighted, lang)} (pipeline ${fmtMoney(f.pipeline, lang)})`,
  );
  if (f.commit.length) {
    lines.push(zh ? `\n承诺清单（有价值、预计本期成交）合计 ${fmtMoney(f.commitTotal, lang)}：` : `\nCommit list (qualified valuable, closing in period), total ${fmtMoney(f.commitTotal, lang)}:`);
    const h = zh ? ['客户', '负责人', '阶段', '金额', '预计成交'] : ['Customer', 'Owner', 'Stage', 'Amount', 'Close date'];
    lines.push(
      renderTable(
        [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2] }, { header: h[3], align: 'right' }, { header: h[4] }],
        f.commit.map((c) => [c.customer, c.owner, stageLabel(c.stage, lang), fmtMoney(c.amount, lang), formatDate(c.expectedCloseDate, lang, tz)]),
      ),
    );
  } else {
    lines.push(zh ? '承诺清单：暂无（没有标记为“有价值”且预计本期成交的商机）。' : 'Commit list: empty (no deals qualified valuable and closing in the period).');
  }
  return lines.join('\n');
}

export const forecastQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const f = await computeForecast(db, { userIds: scope.scope.userIds, start: period.start, end: period.end });
  const title = env.lang === 'zh' ? `🔮 ${scope.scope.label} · ${period.label}业绩预测` : `🔮 ${scope.scope.label} · forecast ${period.label}`;
  return { text: formatForecast(f, env.lang, title, env.tz, (k) => stageIndex(k)), outcome: 'ANSWERED' };
};
