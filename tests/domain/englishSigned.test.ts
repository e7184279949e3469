// An English signing report ("Kestrel signed! 240k") closes the customer's open deal as won and
// writes its contract, so the payment that follows lands on it; the English reply has no Chinese
// punctuation. In the console the deal stayed at its early stage and the payment found "no
// contract on file". Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('English signing on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('wins the open deal under its short name, writes the contract, and the payment goes on it', async () => {
    expect((await chat.send('Called Nora at Kestrel Freight Systems, budget around 260k, contract is with their legal team')).outcome).toBe('APPLIED');
    const signed = await chat.send('Kestrel Freight finally signed. 240k');
    expect(signed.outcome).toBe('APPLIED');
    expect(signed.text).not.toMatch(/[；：，。]/);
    const deals = await suite.db.prisma.opportunity.findMany();
    expect(deals.map((d) => [d.stage, d.status, Number(d.amount)])).toEqual([['WON', 'WON', 240000]]);
    const contracts = await suite.db.prisma.contract.findMany();
    expect(contracts.map((k) => Number(k.amount))).toEqual([240000]);
    const paid = await chat.send('received 60k from Kestrel Freight today');
    expect(paid.text).toMatch(/180,000/);
    const payments = await suite.db.prisma.payment.findMany();
    expect(payments.map((p) => [Number(p.amount), p.contractId])).toEqual([[60000, contracts[0].id]]);
  });
});
