// Customer lifecycle, set automatically from what was recorded: a new customer is 潜在
// (POTENTIAL); the first purchase makes it 签约 (SIGNED); more than one makes it 重复购买
// (REPEAT); 失效 (LOST) only when someone marks it lost. A purchase here is a won deal
// (deals/won.ts purchaseCount): a payment with no contract on file, or one beyond a contract paid
// in full, is money received but no signing, so it moves no stage. Pools (潜在池/成交池/失效池)
// are derived from the state.
import type { Customer, LifecycleStage } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { LIFECYCLE_LABEL, type Lang } from '../i18n.js';
import { purchaseCount, purchasesSql } from '../deals/won.js';
import { scopeWhere } from './sql.js';
import { forgetCustomersIn } from '../customers.js';

/** The stage a customer should be in given its purchases (LOST customers who buy again come back). */
export function lifecycleFor(purchases: number, current: LifecycleStage): LifecycleStage {
  if (purchases > 1) return 'REPEAT';
  if (purchases === 1) return 'SIGNED';
  return current;
}

export interface LifecycleChange {
  from: LifecycleStage;
  to: LifecycleStage;
}

/** Stores a customer's stage; look-ups by name later in this message then see it (customers.ts). */
async function writeLifecycle(db: Tx, customerId: string, to: LifecycleStage): Promise<void> {
  await db.customer.update({ where: { id: customerId }, data: { lifecycle: to } });
  forgetCustomersIn(db);
}

/** Re-derives the lifecycle after a contract/payment was written; logs the change for undo. */
export async function refreshLifecycle(db: Tx, customer: Pick<Customer, 'id' | 'lifecycle'>, log: ChangeLog): Promise<LifecycleChange | null> {
  const to = lifecycleFor(await purchaseCount(db, customer.id), customer.lifecycle);
  if (to === customer.lifecycle) return null;
  log.updated('customer', customer.id, { lifecycle: customer.lifecycle });
  await writeLifecycle(db, customer.id, to);
  return { from: customer.lifecycle, to };
}

/** 失效: the customer is lost/invalid. Open opportunities are left to the rep (they may move on). */
export async function markCustomerLost(db: Tx, customer: Pick<Customer, 'id' | 'lifecycle'>, log: ChangeLog): Promise<LifecycleChange | null> {
  if (customer.lifecycle === 'LOST') return null;
  log.updated('customer', customer.id, { lifecycle: customer.lifecycle });
  await writeLifecycle(db, customer.id, 'LOST');
  return { from: customer.lifecycle, to: 'LOST' };
}

/** Undoes a "lost" mark: back to whatever the purchases say (POTENTIAL when none). */
export async function reviveCustomer(db: Tx, customer: Pick<Customer, 'id' | 'lifecycle'>, log: ChangeLog): Promise<LifecycleChange | null> {
  if (customer.lifecycle !== 'LOST') return null;
  const to = lifecycleFor(await purchaseCount(db, customer.id), 'POTENTIAL');
  log.updated('customer', customer.id, { lifecycle: customer.lifecycle });
  await writeLifecycle(db, customer.id, to);
  return { from: 'LOST', to };
}

export type Pool = 'prospects' | 'customers' | 'lost';
export const POOL_OF: Record<LifecycleStage, Pool> = { POTENTIAL: 'prospects', SIGNED: 'customers', REPEAT: 'customers', LOST: 'lost' };
export const POOL_LABEL: Record<Pool, Record<Lang, string>> = {
  prospects: { zh: '潜在客户池', en: 'Prospect pool' },
  customers: { zh: '成交客户池', en: 'Customer pool' },
  lost: { zh: '失效客户池', en: 'Lost pool' },
};

export async function lifecycleCounts(db: Tx, userIds: string[] | null): Promise<Record<LifecycleStage, number>> {
  const out: Record<LifecycleStage, number> = { POTENTIAL: 0, SIGNED: 0, REPEAT: 0, LOST: 0 };
  if (userIds && !userIds.length) return out;
  const rows = await db.customer.groupBy({ by: ['lifecycle'], where: { ownerId: scopeWhere(userIds) }, _count: { _all: true } });
  for (const r of rows) out[r.lifecycle] = r._count._all;
  return out;
}

export function formatPools(counts: Record<LifecycleStage, number>, lang: Lang): string {
  const pools: Record<Pool, number> = { prospects: counts.POTENTIAL, customers: counts.SIGNED + counts.REPEAT, lost: counts.LOST };
  const sep = lang === 'zh' ? '：' : ': ';
  const parts = (Object.keys(pools) as Pool[]).map((p) => `${POOL_LABEL[p][lang]} ${pools[p]}`);
  const detail = (['POTENTIAL', 'SIGNED', 'REPEAT', 'LOST'] as LifecycleStage[]).map((s) => `${LIFECYCLE_LABEL[s][lang]} ${counts[s]}`).join(' · ');
  return `${lang === 'zh' ? '客户池' : 'Pools'}${sep}${parts.join(' · ')}（${detail}）`;
}

/** Purchase events per customer in scope, customers in the lost pool left out: for churn and RFM. */
export function purchasesCte(userIds: string[] | null): Prisma.Sql {
  return Prisma.sql`
    purchases AS (
      SELECT p."customerId", p.amount, p.at FROM (${purchasesSql({ userIds })}) p
        JOIN "Customer" cu ON cu.id = p."customerId"
       WHERE cu.lifecycle <> 'LOST'
    )`;
}
