// RFM over purchases, the 8 classic segments. A purchase is a won deal or a payment without a
// contract (deals/won.ts, the same money every other report counts). Per customer: R = days since
// the last purchase, F = purchases in the window, M = their amount; each is high or low against
// a baseline (see config.ts). Counted per segment in SQL. M and its baseline are in the team's
// reporting currency (money/totals.ts): purchases in other currencies count for R and F, and their
// money is shown per segment beside it, never converted into M (the answer says so).
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { analyticsConfig, type RfmBaselines } from './config.js';
import { formatPools, lifecycleCounts } from './lifecycle.js';
import { resolveScope } from './scope.js';
import { purchasesSql } from '../deals/won.js';
import { num } from './sql.js';
import { renderTable } from './table.js';
import { addAmounts, amountsByKey, DEFAULT_CURRENCY, fmtAmounts, foreignNote, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

/** Code = R, F, M each H(igh)/L(ow); R high means recent. */
export type RfmCode = 'HHH' | 'LHH' | 'HLH' | 'LLH' | 'HHL' | 'LHL' | 'HLL' | 'LLL';
export const RFM_SEGMENTS: Array<{ code: RfmCode; zh: string; en: string }> = [
  { code: 'HHH', zh: '重要价值', en: 'Champions (important value)' },
  { code: 'LHH', zh: '重要保持', en: 'Important to retain' },
  { code: 'HLH', zh: '重要发展', en: 'Important to develop' },
  { code: 'LLH', zh: '重要挽留', en: 'Important to win back' },
  { code: 'HHL', zh: '一般价值', en: 'General value' },
  { code: 'LHL', zh: '一般保持', en: 'General retain' },
  { code: 'HLL', zh: '一般发展', en: 'General develop' },
  { code: 'LLL', zh: '一般挽留', en: 'General win back' },
];

export function rfmCode(recencyDays: number, frequency: number, monetary: number, b: RfmBaselines): RfmCode {
  return `${recencyDays <= b.recencyDays ? 'H' : 'L'}${frequency >= b.frequency ? 'H' : 'L'}${monetary >= b.monetary ? 'H' : 'L'}` as RfmCode;
}

export interface RfmResult {
  /** monetary: the reporting-currency M; monetaryAmounts: every currency bought in the window. */
  segments: Array<{ code: RfmCode; count: number; monetary: number; monetaryAmounts: Amounts }>;
  /** Customers in the segments that need attention (重要保持/重要发展/重要挽留), largest first. */
  attention: Array<{ customerId: string; name: string; owner: string; code: RfmCode; recencyDays: number; frequency: number; monetary: number }>;
  baselines: RfmBaselines;
  currency: string;
}

export async function computeRfm(db: Tx, opts: { userIds: string[] | null; windowStart: Date; asOf: Date; baselines: RfmBaselines; limit?: number; currency?: string }): Promise<RfmResult> {
  const { userIds, windowStart, asOf, baselines: b } = opts;
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  const empty: RfmResult = { segments: RFM_SEGMENTS.map((s) => ({ code: s.code, count: 0, monetary: 0, monetaryAmounts: NO_AMOUNTS })), attention: [], baselines: b, currency: cur };
  if (userIds && !userIds.length) return empty;
  const cte = Prisma.sql`
    WITH c AS (
      SELECT cu.id, cu.name, u."displayName" AS owner,
             FLOOR(EXTRACT(EPOCH FROM (${asOf}::timestamp - MAX(p.at))) / 86400.0)::int AS r,
             COUNT(*) FILTER (WHERE p.at >= ${windowStart})::int AS f,
             COALESCE(SUM(p.amount) FILTER (WHERE p.at >= ${windowStart} AND p.currency = ${cur}), 0) AS m
        FROM (${purchasesSql({ userIds, end: asOf })}) p JOIN "Customer" cu ON cu.id = p."customerId" JOIN "User" u ON u.id = cu."ownerId"
       GROUP BY cu.id, cu.name, u."displayName"),
    seg AS (
      SELECT c.*, (CASE WHEN c.r <= ${b.recencyDays}::numeric THEN 'H' ELSE 'L' END
                || CASE WHEN c.f >= ${b.frequency}::numeric THEN 'H' ELSE 'L' END
                || CASE WHEN c.m >= ${b.monetary}::numeric THEN 'H' ELSE 'L' END) AS code
        FROM c)`;
  const [counts, attention, foreign] = await Promise.all([
    db.$queryRaw<Array<{ code: string; n: unknown; m: unknown }>>(Prisma.sql`${cte} SELECT code, COUNT(*)::int AS n, SUM(m)::text AS m FROM seg GROUP BY code`),
    db.$queryRaw<Array<{ id: string; name: string; owner: string; code: string; r: unknown; f: unknown; m: unknown }>>(
      Prisma.sql`${cte} SELECT id, name, owner, code, r, f, m::text AS m FROM seg WHERE code IN ('LHH', 'HLH', 'LLH') ORDER BY m DESC, name ASC LIMIT ${opts.limit ?? 15}::int`,
    ),
    db.$queryRaw<Array<{ code: string; currency: string; amount: unknown }>>(Prisma.sql`${cte}
      SELECT seg.code, p.currency, SUM(p.amount)::text AS amount
        FROM seg JOIN (${purchasesSql({ userIds, end: asOf })}) p ON p."customerId" = seg.id
       WHERE p.at >= ${windowStart} AND p.currency <> ${cur}
       GROUP BY 1, 2`),
  ]);
  const other = amountsByKey(foreign, (r) => r.code as string);
  const byCode = new Map(counts.map((r) => [r.code, r]));
  return {
    segments: RFM_SEGMENTS.map((s) => {
      const monetary = num(byCode.get(s.code)?.m);
      return { code: s.code, count: num(byCode.get(s.code)?.n), monetary, monetaryAmounts: addAmounts(monetary ? { [cur]: monetary } : NO_AMOUNTS, other.get(s.code)) };
    }),
    attention: attention.map((r) => ({ customerId: r.id, name: r.name, owner: r.owner, code: r.code as RfmCode, recencyDays: num(r.r), frequency: num(r.f), monetary: num(r.m) })),
    baselines: b,
    currency: cur,
  };
}

export function segmentLabel(code: RfmCode, lang: Lang): string {
  const s = RFM_SEGMENTS.find((x) => x.code === code)!;
  return s[lang];
}

export function formatRfm(r: RfmResult, lang: Lang, title: string): string {
  const zh = lang === 'zh';
  const b = r.baselines;
  const lines = [title];
  lines.push(
    zh
      ? `基准：最近购买 ≤${b.recencyDays}天为近，购买 ≥${b.frequency}次为高频，金额 ≥${fmtMoney(b.monetary, lang, r.currency)}为高额（购买 = 签约，或无合同的回款）`
      : `Baselines: recent = last purchase ≤${b.recencyDays} days ago, frequent = ≥${b.frequency} purchases, high value = ≥${fmtMoney(b.monetary, lang, r.currency)} (a purchase = a won deal, or a payment without a contract)`,
  );
  const total = r.segments.reduce((s, x) => s + x.count, 0);
  if (!total) return [...lines, zh ? '范围内还没有成交或回款记录，无法分层。' : 'No purchases recorded in scope yet, nothing to segment.'].join('\n');
  const h = zh ? ['分层', 'R/F/M', '客户数', '购买金额'] : ['Segment', 'R/F/M', 'Customers', 'Purchased'];
  lines.push(
    renderTable(
      [{ header: h[0] }, { header: h[1] }, { header: h[2], align: 'right' }, { header: h[3], align: 'right' }],
      r.segments.map((s) => [segmentLabel(s.code, lang), s.code.split('').map((c) => (c === 'H' ? '↑' : '↓')).join(''), String(s.count), fmtAmounts(s.monetaryAmounts, lang, r.currency)]),
    ),
  );
  if (r.attention.length) {
    lines.push(zh ? '\n需要关注（重要保持/发展/挽留）：' : '\nNeeds attention (important retain / develop / win back):');
    const h2 = zh ? ['客户', '负责人', '分层', '距上次购买', '次数', '金额'] : ['Customer', 'Owner', 'Segment', 'Days since', 'Purchases', 'Amount'];
    lines.push(
      renderTable(
        [{ header: h2[0], max: 20 }, { header: h2[1], max: 10 }, { header: h2[2] }, { header: h2[3], align: 'right' }, { header: h2[4], align: 'right' }, { header: h2[5], align: 'right' }],
        r.attention.map((a) => [a.name, a.owner, segmentLabel(a.code, lang), zh ? `${a.recencyDays}天` : `${a.recencyDays}d`, String(a.frequency), fmtMoney(a.monetary, lang, r.currency)]),
      ),
    );
  }
  const note = foreignNote(addAmounts(...r.segments.map((s) => s.monetaryAmounts)), r.currency, lang, { zh: '金额分层（M）', en: 'monetary score (M)' });
  if (note) lines.push(note);
  return lines.join('\n');
}

export const rfmQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const cfg = analyticsConfig(env.user.team);
  const asOf = q?.period ? new Date(Math.min(new Date(q.period.end).getTime(), env.now.getTime())) : env.now;
  const windowStart = q?.period ? new Date(q.period.start) : new Date(env.now.getTime() - cfg.rfm.windowDays * 86_400_000);
  const r = await computeRfm(db, { userIds: scope.scope.userIds, windowStart, asOf, baselines: cfg.rfm, currency: teamReportingCurrency(env.user.team) });
  const span = q?.period ? q.period.label : env.lang === 'zh' ? `近${cfg.rfm.windowDays}天` : `last ${cfg.rfm.windowDays} days`;
  const title = env.lang === 'zh' ? `🧭 ${scope.scope.label} · RFM 客户分层（${span}）` : `🧭 ${scope.scope.label} · RFM segments (${span})`;
  const pools = formatPools(await lifecycleCounts(db, scope.scope.userIds), env.lang);
  return { text: `${formatRfm(r, env.lang, title)}\n${pools}`, outcome: 'ANSWERED' };
};
