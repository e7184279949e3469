// A brief in-person meeting ("碰了一下") with a company the rep has not logged before is a visit,
// so the new customer is created and the visit stored — never "nothing recorded". A visit to us by
// someone known only by an honorific (刘总) asks which customer, with the customer that has that
// contact offered first. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('meeting words on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('碰了一下 with a new company records the visit and the customer', async () => {
    const r = await chat.send('上午跟恒泰包装的冯总碰了一下，他们打算明年换设备');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('拜访');
    const acts = await suite.db.prisma.activity.findMany({ include: { customer: true } });
    expect(acts.map((a) => [a.type, a.customer?.name])).toEqual([['VISIT', '恒泰包装']]);
  });

  it('an honorific visiting us asks, offering the customer that has that contact', async () => {
    expect((await chat.send('拜访了云帆物流的郑总')).outcome).toBe('APPLIED');
    const q = await chat.send('郑总下午来我们公司参观了');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('1. 云帆物流');
    const a = await chat.send('1');
    expect(a.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.activity.count({ where: { type: 'VISIT', customer: { name: '云帆物流' } } })).toBe(2);
  });
});
