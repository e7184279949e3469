// A message that reports a loss ("Kestrel lost to a competitor, price") is about the customer it
// names — by its short English name too — and never a reason for another customer's loss recorded
// days before: in the console it overwrote the reason of an older lost deal of another customer.
// A bare reason ("丢单原因：…") still goes to the latest loss. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const DAY = 86_400_000;

describe.each(await testDatabases())('a loss and its customer on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('the loss goes to the customer it names; the older loss keeps its reason', async () => {
    expect((await chat.send('拜访了丰禾农业的孙总，预计40万')).outcome).toBe('APPLIED');
    expect((await chat.send('丰禾农业丢单了，原因：对方选了本地供应商')).outcome).toBe('APPLIED');
    chat.at(new Date(NOW.getTime() + 3 * DAY));
    expect((await chat.send('Call with Kestrel Freight Systems today, talked to Ann (CFO), deal around 150k')).outcome).toBe('APPLIED');
    const r = await chat.send('Kestrel lost to a competitor, price');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('Kestrel Freight Systems');
    const deals = await suite.db.prisma.opportunity.findMany({ include: { customer: true }, orderBy: { createdAt: 'asc' } });
    expect(deals.map((d) => [d.customer.name, d.status, d.lostReason])).toEqual([
      ['丰禾农业', 'LOST', expect.stringContaining('本地供应商')],
      ['Kestrel Freight Systems', 'LOST', expect.stringMatching(/price/)],
    ]);
  });

  it('a loss whose customer cannot be named is asked about, not filed on an old loss', async () => {
    expect((await chat.send('拜访了丰禾农业的孙总，预计40万')).outcome).toBe('APPLIED');
    expect((await chat.send('丰禾农业丢单了，原因：对方选了本地供应商')).outcome).toBe('APPLIED');
    chat.at(new Date(NOW.getTime() + 3 * DAY));
    const r = await chat.send('lost that one to a competitor, price');
    expect(r.outcome).not.toBe('APPLIED');
    const [deal] = await suite.db.prisma.opportunity.findMany();
    expect(deal.lostReason).toContain('本地供应商');
    expect(deal.lostReason).not.toMatch(/price/);
  });
});
