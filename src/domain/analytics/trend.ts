// 周趋势 / weekly trend: activities logged, new customers and won money per calendar week
// (Monday–Sunday in the user's zone) over the last N weeks up to the week of a given instant.
// Drawn as a chart with the 周报 (queries/periodReport.ts); won money is deals/won.ts' figure,
// the same as rankings and targets. Won money is summed per currency (money/totals.ts); the chart
// draws the reporting-currency amount (a bar cannot add currencies), the rest is in wonAmounts.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { wonDealsSql } from '../deals/won.js';
import { fromLocal, toLocal } from '../time.js';
import { scopeWhere } from './sql.js';
import { amountIn, amountsOf, DEFAULT_CURRENCY, NO_AMOUNTS, type Amounts } from '../money/totals.js';

export interface TrendWeek {
  start: Date;
  end: Date;
  activities: number;
  newCustomers: number;
  /** Won money in the reporting currency; wonAmounts: every currency. */
  wonAmount: number;
  wonAmounts?: Amounts;
}

/** Monday 00:00 (local) of the week containing `at`. */
export function weekStart(at: Date, tz: string): Date {
  const l = toLocal(at, tz);
  return fromLocal(tz, l.year, l.month, l.day - (l.weekday - 1));
}

/** The `weeks` calendar weeks ending with the week that contains `until` (oldest first). */
export async function computeWeeklyTrend(db: Tx, opts: { userIds: string[] | null; until: Date; tz: string; weeks?: number; currency?: string }): Promise<TrendWeek[]> {
  const { userIds, until, tz, weeks = 8 } = opts;
  const cur = opts.currency ?? DEFAULT_CURRENCY;
  const last = toLocal(weekStart(until, tz), tz);
  const ranges = Array.from({ length: weeks }, (_, i) => {
    const back = weeks - 1 - i;
    return { start: fromLocal(tz, last.year, last.month, last.day - 7 * back), end: fromLocal(tz, last.year, last.month, last.day - 7 * back + 7) };
  });
  if (userIds && userIds.length === 0) return ranges.map((r) => ({ ...r, activities: 0, newCustomers: 0, wonAmount: 0, wonAmounts: NO_AMOUNTS }));
  const scope = scopeWhere(userIds);
  return Promise.all(
    ranges.map(async (r) => {
      const [activities, newCustomers, won] = await Promise.all([
        db.activity.count({ where: { authorId: scope, occurredAt: { gte: r.start, lt: r.end } } }),
        db.customer.count({ where: { ownerId: scope, createdAt: { gte: r.start, lt: r.end } } }),
        db.$queryRaw<Array<{ currency: string; amount: unknown }>>(Prisma.sql`SELECT w.currency, SUM(w.amount)::text AS amount FROM (${wonDealsSql({ userIds, start: r.start, end: r.end })}) w GROUP BY w.currency`),
      ]);
      const wonAmounts = amountsOf(won);
      return { ...r, activities, newCustomers, wonAmount: amountIn(wonAmounts, cur), wonAmounts };
    }),
  );
}
