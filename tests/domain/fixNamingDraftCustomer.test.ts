// A fix that names the customer of the message waiting for its customer ("Globex金额是9万不是8万")
// was handled as a fix of the rep's stored records (not found, or offered against another customer)
// instead of amending the waiting message. Now it amends the draft like an unnamed fix, in Chinese
// and English; the answer then stores the fixed figure. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a fix naming the waiting customer on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('amends the waiting draft, then the answer stores the fixed amount', async () => {
    expect((await chat.send('Had coffee with Dana at Vortex today, deal 60k')).outcome).toBe('ASKED');
    const zh = await chat.send('Vortex金额是7万不是6万');
    expect(zh.outcome).toBe('ASKED');
    expect(zh.text).toContain('已改到等待确认的消息里');
    const en = await chat.send('Vortex amount is 75k, not 70k');
    expect(en.outcome).toBe('ASKED');
    expect(en.text).toContain('Changed in the message waiting');
    expect(await suite.db.prisma.opportunity.count()).toBe(0);
    expect((await chat.send('1')).outcome).toBe('APPLIED');
    const deals = await suite.db.prisma.opportunity.findMany({ include: { customer: true } });
    expect(deals.map((d) => [d.customer.name, Number(d.amount)])).toEqual([['Vortex', 75000]]);
  });
});
