// A message about several customers with a signing in one of them ("今天跑了三家：1.A… 2.B… 3.C 二期签了
// 20万") is filed per customer: it was taken as one signing, asked "which customer?" and — with the
// question expiring — lost as a whole. Another order signed in such a part does not close that
// customer's open deal; it is named as not recorded. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('several customers with a signing on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('each customer gets its record; the signing is a won deal with its contract', async () => {
    const r = await chat.send('今天跑了三家：1.云杉家居 周经理 看了样板间 2.澄明软件 孙总不在，改天再约 3.启东精工 马工 设备改造签了18万');
    expect(r.outcome).toBe('APPLIED');
    const acts = await suite.db.prisma.activity.findMany({ include: { customer: true } });
    expect(acts.map((a) => a.customer?.name).sort()).toEqual(['云杉家居', '启东精工', '澄明软件']);
    const won = await suite.db.prisma.opportunity.findMany({ where: { status: 'WON' }, include: { customer: true, contracts: true } });
    expect(won.map((d) => [d.customer.name, Number(d.amount), d.contracts.map((k) => Number(k.amount))])).toEqual([['启东精工', 180000, [180000]]]);
  });

  it('another order signed in a part leaves that customer’s open deal open, and says so', async () => {
    expect((await chat.send('拜访了云杉家居的周经理，整体改造预计60万')).outcome).toBe('APPLIED');
    const r = await chat.send('今天跑了两家：云杉家居周经理说配件单5千签了；澄明软件孙总说预算批了');
    expect(r.text).toContain('没有记到进行中的商机');
    const deals = await suite.db.prisma.opportunity.findMany({ include: { customer: true } });
    expect(deals.map((d) => [d.customer.name, d.status, Number(d.amount)])).toEqual([['云杉家居', 'OPEN', 600000]]);
  });
});

describe('what was done is not who', () => {
  it('an everyday thing and an action (厂房改造, 设备改造) is no customer; a brand or abbreviation stays', async () => {
    const { findCustomers } = await import('../../src/intents/rules/customers.js');
    expect(findCustomers('厂房改造签了20万').map((c) => c.name)).toEqual([]);
    expect(findCustomers('设备改造签了18万').map((c) => c.name)).toEqual([]);
    expect(findCustomers('宏达签了18万').map((c) => c.name)).toEqual(['宏达']);
  });
});
