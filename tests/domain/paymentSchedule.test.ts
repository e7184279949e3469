// A signing with a payment schedule stores every dated line as a planned payment, and none of
// them again as a task (the second line "3月底收15万" was stored as a task, not a plan; the first as
// a plan and a task titled "回款计划: 收20万"). A share said with its verb ("下周一付一半") is half
// the contract, planned. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('payment schedules on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const plans = async () => (await suite.db.prisma.paymentPlan.findMany({ orderBy: { dueAt: 'asc' } })).map((p) => [Number(p.amount), p.dueAt.toISOString().slice(0, 10)]);

  it('each dated line is a plan, and no task', async () => {
    expect((await chat.send('启东精工签约80万，首付款20万已到，回款计划：明年2月底收30万，5月底收25万')).outcome).toBe('APPLIED');
    expect(await plans()).toEqual([[300000, '2027-02-28'], [250000, '2027-05-31']]);
    expect(await suite.db.prisma.task.count()).toBe(0);
  });

  it('"下周一付一半" is half the contract, planned', async () => {
    expect((await chat.send('澄明软件签了，48万，下周一付一半')).outcome).toBe('APPLIED');
    expect(await plans()).toEqual([[240000, '2026-11-30']]);
  });
});
