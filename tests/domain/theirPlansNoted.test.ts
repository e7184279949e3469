// What the customer's people say of their own plans, or a concession the customer demands, is
// stored as a remark and the reply says so — no task is created and none is claimed. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('their plans and demands are noted on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('an assistant reporting her boss\'s trip: a remark, no task', async () => {
    expect((await chat.send('拜访了北辰家居的赵总')).outcome).toBe('APPLIED');
    const r = await chat.send('北辰家居赵总的秘书小林说赵总下周去深圳');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('备注');
    expect(r.text).not.toContain('待办');
    expect(await suite.db.prisma.task.count()).toBe(0);
  });

  it('a price cut they demand: kept as said, no task; our own plan after it is a task', async () => {
    expect((await chat.send('拜访了北辰家居的赵总')).outcome).toBe('APPLIED');
    const r = await chat.send('北辰家居要求我们下个月再降3个点');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).not.toContain('待办');
    expect(await suite.db.prisma.task.count()).toBe(0);
    const acts = await suite.db.prisma.activity.findMany({ orderBy: { createdAt: 'asc' } });
    expect(acts[acts.length - 1].summary).toContain('再降3个点');
    expect((await chat.send('我们周四前给北辰家居发新报价')).text).toContain('待办');
    expect(await suite.db.prisma.task.count()).toBe(1);
  });
});
