// 应收 / 回款情况: contracts not yet fully paid (amount minus linked payments), oldest first in
// the total, largest first in the list, and the payments received in the period.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { daysBetween, formatDate } from '../time.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { inScope, num } from './sql.js';
import { renderTable } from './table.js';
import { paymentsByUser } from './won.js';

export interface Receivables {
  contracts: Array<{ contractId: string; customer: string; owner: string; amount: number; paid: number; outstanding: number; signedAt: Date }>;
  openContracts: number;
  totalOutstanding: number;
  receivedInPeriod: number;
}

export async function computeReceivables(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date; limit?: number }): Promise<Receivables> {
  const { userIds, start, end } = opts;
  if (userIds && !userIds.length) return { contracts: [], openContracts: 0, totalOutstanding: 0, receivedInPeriod: 0 };
  const open = Prisma.sql`
    SELECT c.id, c."customerId", c."ownerId", c.amount, c."signedAt", COALESCE(SUM(p.amount), 0) AS paid
      FROM "Contract" c LEFT JOIN "Payment" p ON p."contractId" = c.id
     WHERE TRUE ${inScope(Prisma.sql`c."ownerId"`, userIds)}
     GROUP BY c.id, c."customerId", c."ownerId", c.amount, c."signedAt"
    HAVING c.amount - COALESCE(SUM(p.amount), 0) > 0`;
  const [list, totals, received] = await Promise.all([
    db.$queryRaw<Array<{ id: string; customer: string; owner: string; amount: unknown; paid: unknown; signedAt: Date }>>(Prisma.sql`
      SELECT o.id, cu.name AS customer, u."displayName" AS owner, o.amount::text AS amount, o.paid::text AS paid, o."signedAt"
        FROM (${open}) o JOIN "Customer" cu ON cu.id = o."customerId" JOIN "User" u ON u.id = o."ownerId"
       ORDER BY o.amount - o.paid DESC, o."signedAt" ASC LIMIT ${opts.limit ?? 20}::int`),
    db.$queryRaw<Array<{ n: unknown; outstanding: unknown }>>(Prisma.sql`SELECT COUNT(*)::int AS n, COALESCE(SUM(o.amount - o.paid), 0)::text AS outstanding FROM (${open}) o`),
    paymentsByUser(db, userIds, start, end),
  ]);
  return {
    contracts: list.map((r) => ({ contractId: r.id, customer: r.customer, owner: r.owner, amount: num(r.amount), paid: num(r.paid), outstanding: num(r.amount) - num(r.paid), signedAt: new Date(r.signedAt) })),
    openContracts: num(totals[0]?.n),
    totalOutstanding: num(totals[0]?.outstanding),
    receivedInPeriod: [...received.values()].reduce((s, v) => s + v, 0),
  };
}

export function formatReceivables(r: Receivables, lang: Lang, title: string, periodLabel: string, tz: string, now: Date): string {
  const zh = lang === 'zh';
  const lines = [title];
  lines.push(zh ? `${periodLabel}已回款：${fmtMoney(r.receivedInPeriod, lang)}` : `Collected ${periodLabel}: ${fmtMoney(r.receivedInPeriod, lang)}`);
  if (!r.openContracts) {
    lines.push(zh ? '应收：无，所有合同已全部回款。' : 'Receivables: none, every contract is fully paid.');
    return lines.join('\n');
  }
  lines.push(zh ? `应收合计：${fmtMoney(r.totalOutstanding, lang)}（${r.openContracts} 份合同未回齐）` : `Outstanding: ${fmtMoney(r.totalOutstanding, lang)} on ${r.openContracts} contracts`);
  const h = zh ? ['客户', '负责人', '签约日期', '合同金额', '已回款', '待回款', '账龄'] : ['Customer', 'Owner', 'Signed', 'Contract', 'Paid', 'Outstanding', 'Age'];
  lines.push(
    renderTable(
      [{ header: h[0], max: 20 }, { header: h[1], max: 10 }, { header: h[2] }, { header: h[3], align: 'right' }, { header: h[4], align: 'right' }, { header: h[5], align: 'right' }, { header: h[6], align: 'right' }],
      r.contracts.map((c) => [c.customer, c.owner, formatDate(c.signedAt, lang, tz), fmtMoney(c.amount, lang), fmtMoney(c.paid, lang), fmtMoney(c.outstanding, lang), zh ? `${daysBetween(c.signedAt, now)}天` : `${daysBetween(c.signedAt, now)}d`]),
    ),
  );
  return lines.join('\n');
}

export const receivablesQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const r = await computeReceivables(db, { userIds: scope.scope.userIds, start: period.start, end: period.end });
  const title = env.lang === 'zh' ? `💰 ${scope.scope.label} · 回款与应收` : `💰 ${scope.scope.label} · collections and receivables`;
  return { text: formatReceivables(r, env.lang, title, period.label, env.tz, env.now), outcome: 'ANSWERED' };
};
