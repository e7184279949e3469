// What reps say about a customer besides what they did: who a person is by department ("采购部的
// X总"), what the customer side plans ("他们下周开会"), and facts with no field of their own (账期,
// 发票, 人事变动) — stored as said, never as something that did not happen, never dropped. Both
// databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a department before an honorific on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('gives that department\'s title; a later bare honorific does not turn it back into 总经理', async () => {
    const r = await chat.send('下午见了澄江环保的采购邢总，聊了年度框架');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('采购负责人');
    expect(r.text).not.toContain('总经理');
    expect((await suite.db.prisma.contact.findFirstOrThrow()).title).toBe('采购负责人');
    expect((await chat.send('给澄江环保邢总打了个电话，确认了交期')).outcome).toBe('APPLIED');
    expect((await suite.db.prisma.contact.findFirstOrThrow()).title).toBe('采购负责人');
  });

  it('an engineer by department, and a stated title still wins', async () => {
    expect((await chat.send('拜访北溪建材，见了研发部的秦工和生产总监龚总')).outcome).toBe('APPLIED');
    const contacts = await suite.db.prisma.contact.findMany({ orderBy: { name: 'asc' } });
    expect(Object.fromEntries(contacts.map((c) => [c.name, c.title]))).toEqual({ 秦工: '研发部工程师', 龚总: '生产总监' });
  });
});
