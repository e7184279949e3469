// "Send Sarah the security whitepaper by Wednesday", right after recording Sarah Lee at Northwind
// Traders, was stored as a task on no customer ("Contact 'Sarah': no customer to file it under") —
// the contact look-up matched full names only. An English full name is said by its given name:
// a given name that belongs to one contact of one of the rep's customers files the message there
// (and is that contact, not a new one); at two customers it is asked about. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('an English contact named by their given name on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('files the step under that contact\'s customer, with no new contact', async () => {
    expect((await chat.send('Met Daniel Okafor, IT director at Brightline Foods, they need 40 tablets, budget 60k')).outcome).toBe('APPLIED');
    const r = await chat.send('Email Daniel the rollout plan by Friday');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('Brightline Foods');
    const task = await suite.db.prisma.task.findFirstOrThrow({ where: { title: { contains: 'rollout plan' } }, include: { customer: true } });
    expect(task.customer?.name).toBe('Brightline Foods');
    expect((await suite.db.prisma.contact.findMany()).map((c) => c.name)).toEqual(['Daniel Okafor']);
    // …and the amount correction after it goes to that customer's deal.
    expect((await chat.send('Actually the budget is 65k')).text).toContain('65,000');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(65000);
  });

  it('a given name at two customers is not a guess', async () => {
    await chat.send('Met Daniel Okafor, IT director at Brightline Foods');
    await chat.send('Called Daniel Reyes at Harbor Freightways about the renewal');
    expect((await chat.send('1')).outcome).toBe('APPLIED'); // "New customer Harbor Freightways"
    expect(await suite.db.prisma.contact.count()).toBe(2);
    const r = await chat.send('Email Daniel the rollout plan by Friday');
    const task = await suite.db.prisma.task.findFirst({ where: { title: { contains: 'rollout plan' } }, include: { customer: true } });
    expect(task?.customer ?? null).toBeNull();
    expect(r.text).not.toContain('via contact');
  });
});
