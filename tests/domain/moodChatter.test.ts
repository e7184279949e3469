// A message that only says how the day felt ("今天好累啊，跑了一天", "忙死了今天") was asked about as a
// visit ("这是哪个客户？") and replaced the question already waiting. Now it is chatter: a short word
// back, nothing stored, and the waiting question survives. A mood with a customer is still a visit.
// Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('mood-only chatter on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('stores nothing, asks nothing, and a waiting question keeps waiting', async () => {
    expect((await chat.send('下午跟采购部的孙经理通了电话，聊了交期')).outcome).toBe('ASKED');
    const waiting = await suite.db.prisma.pendingDraft.findMany();
    const activities = await suite.db.prisma.activity.count();
    const customers = await suite.db.prisma.customer.count();
    for (const s of ['唉，今天真是累坏了', '这两天忙疯了', '跑了一整天，腿都跑断了', 'so tired today']) {
      const r = await chat.send(s);
      expect(r.text, s).not.toContain('哪个客户');
      expect(r.text, s).not.toContain('没太明白');
      expect(r.text, s).not.toMatch(/你可以这样说|did not understand/);
      expect(r.text.split('\n')[0].length, s).toBeLessThan(100);
      expect(await suite.db.prisma.activity.count(), s).toBe(activities);
      expect(await suite.db.prisma.customer.count(), s).toBe(customers);
      expect((await suite.db.prisma.pendingDraft.findMany()).map((d) => d.id), s).toEqual(waiting.map((d) => d.id));
    }
  });
});
