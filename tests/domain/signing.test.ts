// A signing said with the customer's name and a first payment keeps the contract figure the rep
// stated (not the open deal's estimate), in Chinese and in English; the payment is tied to that
// contract. The visit, people and next steps told with a signing are kept too, and a payment "due" on
// a date is a plan, not money received. Real rule parser, both databases, sentences written for this file.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('signing and payment plans on $kind', ({ create }) => {
  // One database per kind for the file: every test starts from an empty one with the world (world: true).
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  describe('signing with a first payment', () => {
    const contractOf = async (name: string) => {
      const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name }, include: { contracts: true, payments: true } });
      return { contracts: c.contracts.map((x) => Number(x.amount)), payments: c.payments.map((p) => ({ amount: Number(p.amount), linked: p.contractId === c.contracts[0]?.id })) };
    };

    it.each([
      ['松涛家居进入谈判阶段，金额50万', '松涛家居签了！合同46万，预付款15万今天到了', '松涛家居', 460_000, 150_000],
      ['松涛家居进入谈判阶段，金额50万', '松涛家居上午正式签约，合同金额46万，首付15万已到账', '松涛家居', 460_000, 150_000],
      ['Quarry Point Analytics moved to negotiation, 500k', 'Quarry Point Analytics signed, contract 460k, 150k received', 'Quarry Point Analytics', 460_000, 150_000],
    ])('%s → %s', async (before, signing, name, contract, paid) => {
      expect((await chat.send(before)).outcome).toBe('APPLIED');
      const r = await chat.send(signing);
      expect(r.outcome).toBe('APPLIED');
      expect(await contractOf(name)).toEqual({ contracts: [contract], payments: [{ amount: paid, linked: true }] });
    });
  });

  describe('what a signing message says besides the deal', () => {
    it('the visit, the person and the next step are stored with the contract, and 撤销 takes them all back', async () => {
      const r = await chat.send('上午去了明川建材拜访了采购部俞经理，合同签了，38万，首付10万12月20日前付，下周三把发票开过去');
      expect(r.outcome).toBe('APPLIED');
      const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '明川建材' }, include: { contracts: true, payments: true, contacts: true, activities: true, tasks: true } });
      expect(c.contracts.map((x) => Number(x.amount))).toEqual([380_000]);
      expect(c.payments).toHaveLength(0);
      expect(c.contacts.map((x) => x.name)).toEqual(['俞经理']);
      expect(c.activities.map((a) => a.type)).toEqual(['VISIT']);
      expect(c.tasks).toHaveLength(1);
      expect(r.text).toContain('俞经理');
      expect(r.text).toContain('拜访');
      expect((await chat.send('撤销')).outcome).toBe('UNDO');
      expect(await suite.db.prisma.activity.count()).toBe(0);
      expect(await suite.db.prisma.contract.count()).toBe(0);
      expect(await suite.db.prisma.task.count()).toBe(0);
    });

    it('English: a payment "due" on a date is planned, never money received; the call and the person are kept', async () => {
      const r = await chat.send('Call with Nadia Flores at Cobalt Marine - they signed! Contract $90k, first payment of $30k due Jan 10');
      expect(r.outcome).toBe('APPLIED');
      const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: 'Cobalt Marine' }, include: { contracts: true, payments: true, contacts: true, activities: true } });
      expect(c.contracts.map((x) => [Number(x.amount), x.currency])).toEqual([[90_000, 'USD']]);
      expect(c.payments).toHaveLength(0);
      expect(c.contacts.map((x) => x.name)).toEqual(['Nadia Flores']);
      expect(c.activities.map((a) => a.type)).toEqual(['CALL']);
    });
  });

  describe('payment plans and their corrections', () => {
    it('a plan with no customer right after a signing goes there; after another customer\'s visit it is asked about', async () => {
      expect((await chat.send('松涛家居签了！合同46万，预付款15万今天到了')).outcome).toBe('APPLIED');
      const right = await chat.send('回款计划：1月20日收二期款20万');
      expect(right.outcome).toBe('APPLIED');
      expect(right.text).toContain('松涛家居');
      expect((await chat.send('拜访了云岭茶业的采购经理杭晓东，预计30万')).outcome).toBe('APPLIED');
      const later = await chat.send('回款计划：2月底收尾款11万');
      expect(later.outcome).toBe('ASKED');
      expect(later.text.split('\n').find((l) => /^1\. /.test(l))).toBe('1. 松涛家居');
      expect(await suite.db.prisma.paymentPlan.count()).toBe(1);
      expect((await chat.send('1')).outcome).toBe('APPLIED');
      expect(await suite.db.prisma.paymentPlan.count()).toBe(2);
    });

    it('after a plan, "合同金额改成…" changes the contract it hangs on and "金额改成…" opens no new deal', async () => {
      expect((await chat.send('松涛家居签了！合同46万，预付款15万今天到了')).outcome).toBe('APPLIED');
      expect((await chat.send('回款计划：1月20日收尾款31万')).outcome).toBe('APPLIED');
      const vague = await chat.send('金额改成50万');
      expect(vague.text).toContain('没有做任何修改');
      expect(await suite.db.prisma.opportunity.count()).toBe(1);
      const fixed = await chat.send('合同金额改成50万');
      expect(fixed.text).toContain('46万元 → 50万元');
      expect(Number((await suite.db.prisma.contract.findFirstOrThrow()).amount)).toBe(500_000);
    });
  });
});
