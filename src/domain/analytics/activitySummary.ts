// 张三这周拜访了几家 / 这周大家都做了什么 / who did what this week: per person, activities by type,
// the number of distinct customers visited and touched — and which customers, with a one-line
// summary and the outcome each (reports/touches.ts). Reps are always listed; others when active.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import type { Lang } from '../i18n.js';
import { resolvePeriod } from './periods.js';
import { resolveScope } from './scope.js';
import { inScope, num } from './sql.js';
import { renderTable } from './table.js';
import { touchesByUser, touchLines } from '../reports/touches.js';

export const ACTIVITY_TYPES = ['VISIT', 'CALL', 'WECHAT', 'MEETING', 'EMAIL', 'OTHER'] as const;

export interface ActivitySummaryRow {
  userId: string;
  displayName: string;
  byType: Record<(typeof ACTIVITY_TYPES)[number], number>;
  total: number;
  /** Distinct customers with at least one VISIT (拜访了几家). */
  visitedCustomers: number;
  /** Distinct customers with any activity. */
  customers: number;
}

export async function computeActivitySummary(db: Tx, opts: { userIds: string[] | null; start: Date; end: Date }): Promise<ActivitySummaryRow[]> {
  const { userIds, start, end } = opts;
  if (userIds && !userIds.length) return [];
  const rows = await db.$queryRaw<Array<{ userId: string; type: string; n: unknown; customers: unknown }>>(Prisma.sql`
    SELECT a."authorId" AS "userId", a.type::text AS type, COUNT(*)::int AS n, COUNT(DISTINCT a."customerId")::int AS customers
      FROM "Activity" a
     WHERE a."occurredAt" >= ${start} AND a."occurredAt" < ${end} ${inScope(Prisma.sql`a."authorId"`, userIds)}
     GROUP BY a."authorId", a.type`);
  const distinct = await db.$queryRaw<Array<{ userId: string; customers: unknown }>>(Prisma.sql`
    SELECT a."authorId" AS "userId", COUNT(DISTINCT a."customerId")::int AS customers
      FROM "Activity" a
     WHERE a."occurredAt" >= ${start} AND a."occurredAt" < ${end} ${inScope(Prisma.sql`a."authorId"`, userIds)}
     GROUP BY a."authorId"`);
  const withData = [...new Set(rows.map((r) => r.userId))];
  const users = await db.user.findMany({
    where: { id: userIds === null ? undefined : { in: userIds }, OR: [{ active: true, role: 'REP' }, { id: { in: withData } }] },
    select: { id: true, displayName: true },
  });
  const out = new Map<string, ActivitySummaryRow>(
    users.map((u) => [u.id, { userId: u.id, displayName: u.displayName, byType: { VISIT: 0, CALL: 0, WECHAT: 0, MEETING: 0, EMAIL: 0, OTHER: 0 }, total: 0, visitedCustomers: 0, customers: 0 }]),
  );
  for (const r of rows) {
    const row = out.get(r.userId);
    if (!row) continue;
    row.byType[r.type as keyof ActivitySummaryRow['byType']] = num(r.n);
    row.total += num(r.n);
    if (r.type === 'VISIT') row.visitedCustomers = num(r.customers);
  }
  for (const d of distinct) {
    const row = out.get(d.userId);
    if (row) row.customers = num(d.customers);
  }
  return [...out.values()].sort((a, b) => b.total - a.total || b.visitedCustomers - a.visitedCustomers || a.displayName.localeCompare(b.displayName, 'zh'));
}

export function formatActivitySummary(rows: ActivitySummaryRow[], lang: Lang, title: string, single: boolean): string {
  const zh = lang === 'zh';
  if (!rows.length) return `${title}\n${zh ? '（范围内没有销售人员）' : '(nobody in scope)'}`;
  const lines = [title];
  if (single) {
    const r = rows[0];
    lines.push(
      zh
        ? `${r.displayName} 拜访了 ${r.visitedCustomers} 家客户（拜访 ${r.byType.VISIT} 次），共跟进 ${r.total} 次，涉及 ${r.customers} 家客户。`
        : `${r.displayName} visited ${r.visitedCustomers} customers (${r.byType.VISIT} visits); ${r.total} activities in all, covering ${r.customers} customers.`,
    );
  }
  const h = zh ? ['姓名', '拜访家数', '拜访', '电话', '微信', '会议', '邮件', '其他', '合计', '客户数'] : ['Name', 'Visited', 'Visits', 'Calls', 'WeChat', 'Meetings', 'Emails', 'Other', 'Total', 'Customers'];
  lines.push(
    renderTable(
      [{ header: h[0], max: 12 }, ...h.slice(1).map((header) => ({ header, align: 'right' as const }))],
      rows.map((r) => [r.displayName, String(r.visitedCustomers), ...ACTIVITY_TYPES.map((tp) => String(r.byType[tp])), String(r.total), String(r.customers)]),
    ),
  );
  return lines.join('\n');
}

export const activitySummaryQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const rows = await computeActivitySummary(db, { userIds: scope.scope.userIds, start: period.start, end: period.end });
  const title = env.lang === 'zh' ? `📋 ${scope.scope.label} · ${period.label}跟进情况` : `📋 ${scope.scope.label} · activities ${period.label}`;
  const single = !!scope.scope.person;
  const touches = await touchesByUser(db, rows.map((r) => r.userId), period.start, period.end);
  const parts = [formatActivitySummary(rows, env.lang, title, single)];
  const zh = env.lang === 'zh';
  const worked = rows.filter((r) => touches.get(r.userId)?.length);
  if (worked.length) parts.push(zh ? '— 客户与进展 —' : '— Customers and outcomes —');
  for (const r of worked) {
    const list = touches.get(r.userId)!;
    if (!single) parts.push(zh ? `${r.displayName}（${list.length} 家）：` : `${r.displayName} (${list.length}):`);
    parts.push(...touchLines(list, env.lang, single ? 15 : 5, single ? 40 : 30).map((l) => (single ? l : `  ${l}`)));
  }
  return { text: parts.join('\n'), outcome: 'ANSWERED' };
};
