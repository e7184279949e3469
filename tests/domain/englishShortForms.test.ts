// An English customer named by its short form (guide #8): "Actually the Brightwave budget is 75k"
// from a rep who has Brightwave Analytics asked which customer instead of changing that deal —
// English names had no short form at all. The short form is the name without its trailing
// organisation words (src/intents/rules/customers.ts latinCore), a capitalised word of its own;
// "Brightwave Labs" is still another company. New sentences of the same kind; real rule parser,
// both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('English short forms on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const db = () => suite.db.prisma;
  const dealOf = (name: string) => db().opportunity.findFirst({ where: { customer: { name } } });

  it('a deal figure said with the short form changes that customer\'s deal', async () => {
    expect((await chat.send('Visited Harborview Logistics today, met their COO Dana, budget around 60k')).outcome).toBe('APPLIED');
    const r = await chat.send('Sorry, the Harborview budget is actually 85k');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('Harborview Logistics');
    expect(Number((await dealOf('Harborview Logistics'))?.amount)).toBe(85000);
    expect(await db().customer.count()).toBe(1);
    expect(await db().pendingDraft.count()).toBe(0);
  });

  it('a visit to the short form goes on that customer', async () => {
    await chat.send('Visited Pinecrest Software today, met their CTO Omar');
    const r = await chat.send('Called Pinecrest this afternoon, they want a quote by Friday');
    expect(r.outcome).toBe('APPLIED');
    expect(await db().customer.count()).toBe(1);
    expect(await db().activity.count({ where: { customer: { name: 'Pinecrest Software' } } })).toBe(2);
  });

  it('the short form followed by another organisation word is another company', async () => {
    await chat.send('Visited Pinecrest Software today, met their CTO Omar');
    await chat.send('Visited Pinecrest Foods today, met their buyer Lena');
    expect(await db().customer.count({ where: { name: 'Pinecrest Foods' } })).toBe(1);
    expect(await db().activity.count({ where: { customer: { name: 'Pinecrest Software' } } })).toBe(1);
  });
});
