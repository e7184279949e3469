// A dictated message with no punctuation is stored as the rep meant it: the visit at the part of
// the day said, the deal's amount and close date, and our step with its due time — the reply
// shows exactly those. The real rule parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T13:00:00Z'); // Monday 21:00 in Shanghai

describe.each(await testDatabases())('dictated messages on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('one unpunctuated run becomes the visit, the deal and the task', async () => {
    const r = await chat.send('今天上午去了汇通仪器见了邓总他们对样机测试很满意下个月底签合同金额七十八万让我们这周五之前把合同发给他们法务');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('✅ 已记录');
    const act = await suite.db.prisma.activity.findFirstOrThrow();
    expect([act.type, act.occurredAt.toISOString()]).toEqual(['VISIT', '2026-11-23T02:00:00.000Z']);
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow();
    expect([Number(opp.amount), opp.expectedCloseDate?.toISOString()]).toEqual([780000, '2026-12-31T10:00:00.000Z']);
    const tasks = await suite.db.prisma.task.findMany();
    expect(tasks.map((t) => [t.title, t.dueAt?.toISOString()])).toEqual([['把合同发给他们法务', '2026-11-27T01:00:00.000Z']]);
    expect(r.text).toContain('把合同发给他们法务');
    expect(r.text).not.toContain('去了汇通仪器见了邓总他们');
  });
});
