// A signing said with the customer's name and a first payment keeps the contract figure the rep
// stated (not the open deal's estimate), in Chinese and in English; the payment is tied to that
// contract. Real rule parser, both databases, sentences written for this file.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('signing with a first payment on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
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
