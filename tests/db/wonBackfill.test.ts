// The issue-12 migration's data step, on both databases: won deals that had an amount but no
// contract get one (amount, close date, owner), customers' lifecycles follow their purchases,
// and running it again changes nothing. Rows are inserted around the domain, as older data was.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

function backfillStatements(): string[] {
  const dir = readdirSync(MIGRATIONS_DIR).find((d) => d.endsWith('_money_payment_plans_lost_reason_assignments'))!;
  const sql = readFileSync(path.join(MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8');
  const data = sql.slice(sql.indexOf('-- Data (issue 12'));
  return data.split(/;\s*\n/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
}

describe.each(await testDatabases())('won-money backfill in the migration ($kind)', ({ create }) => {
  const suite = useTestDb(create);

  it('writes the missing contracts once and moves lifecycles; a deal won without an amount gets no contract; lost customers stay lost', async () => {
    const p = suite.db.prisma;
    const u = await p.user.create({ data: { displayName: '李娜', consoleName: 'rep' } });
    const cust = (name: string, lifecycle: 'POTENTIAL' | 'LOST' = 'POTENTIAL') => p.customer.create({ data: { name, normalizedName: name, ownerId: u.id, lifecycle } });
    const closed = new Date('2026-10-10T02:00:00Z');
    const a = await cust('甲');
    const wonA = await p.opportunity.create({ data: { customerId: a.id, ownerId: u.id, title: '甲', stage: 'WON', status: 'WON', amount: 300000, closedAt: closed } });
    const b = await cust('乙');
    const wonB = await p.opportunity.create({ data: { customerId: b.id, ownerId: u.id, title: '乙', stage: 'WON', status: 'WON', amount: 200000, closedAt: closed } });
    await p.contract.create({ data: { customerId: b.id, ownerId: u.id, opportunityId: wonB.id, amount: 210000, signedAt: closed } });
    await p.payment.create({ data: { customerId: b.id, amount: 5000, receivedAt: closed } }); // a second purchase → 重复购买
    const c = await cust('丙');
    await p.opportunity.create({ data: { customerId: c.id, ownerId: u.id, title: '丙', stage: 'WON', status: 'WON', amount: null, closedAt: closed } });
    const d = await cust('丁', 'LOST');
    await p.opportunity.create({ data: { customerId: d.id, ownerId: u.id, title: '丁', stage: 'WON', status: 'WON', amount: 100000, closedAt: closed } });

    const statements = backfillStatements();
    expect(statements.length).toBe(2);
    for (const s of statements) await p.$executeRawUnsafe(s);
    for (const s of statements) await p.$executeRawUnsafe(s);

    const contracts = await p.contract.findMany({ orderBy: { amount: 'asc' }, include: { customer: true } });
    expect(contracts.map((k) => [k.customer.name, Number(k.amount), k.signedAt.toISOString(), k.ownerId])).toEqual([
      ['丁', 100000, closed.toISOString(), u.id],
      ['乙', 210000, closed.toISOString(), u.id],
      ['甲', 300000, closed.toISOString(), u.id],
    ]);
    expect(contracts.find((k) => k.customer.name === '甲')!.opportunityId).toBe(wonA.id);
    const life = Object.fromEntries((await p.customer.findMany()).map((x) => [x.name, x.lifecycle]));
    // 丙 was won without an amount: no contract, but a purchase all the same (as deals/won.ts counts it).
    expect(life).toEqual({ 甲: 'SIGNED', 乙: 'REPEAT', 丙: 'SIGNED', 丁: 'LOST' });
  });
});
