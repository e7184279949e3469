// A deal update told by one of the customer's people ("X的王总说预算批了，预计85万") is also a
// contact made: it is logged, so the customer's last contact and the follow-up lists see it. A
// bare deal update ("X金额改成85万") logs nothing. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a deal update someone of theirs told on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('logs the contact; a bare update does not', async () => {
    expect((await chat.send('澄江环保进入方案阶段，金额50万')).outcome).toBe('APPLIED');
    expect(await suite.db.prisma.activity.count()).toBe(0);
    const r = await chat.send('澄江环保的邢总说预算批了，预计58万');
    expect(r.outcome).toBe('APPLIED');
    const acts = await suite.db.prisma.activity.findMany({ include: { customer: true } });
    expect(acts.map((a) => [a.type, a.customer?.name])).toEqual([['OTHER', '澄江环保']]);
    expect((await suite.db.prisma.customer.findFirstOrThrow()).lastContactAt?.toISOString()).toBe(NOW.toISOString());
    expect((await chat.send('澄江环保金额改成60万')).outcome).toBe('APPLIED');
    expect(await suite.db.prisma.activity.count()).toBe(1);
  });
});
