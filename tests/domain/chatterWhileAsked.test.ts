// While "这是哪个客户？" waits, a thanks or an okay with a particle ("谢谢啦", "好的呀", "ok~") is
// chatter, not the customer's name: "谢谢啦" was taken as the customer of a waiting payment plan
// ("谢谢啦 还没有合同…"). The question keeps waiting and no customer is created. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('chatter while a question waits on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('is no answer; the question still waits and nothing is created', async () => {
    await chat.send('拜访了澄江环保的秦工，聊了试产');
    expect((await chat.send('下午跟质检部的白主任通了电话，预算大概25万')).outcome).toBe('ASKED');
    const customers = await suite.db.prisma.customer.count();
    for (const s of ['谢谢啦', '好的呀', 'ok~']) {
      const r = await chat.send(s);
      expect(r.text, s).not.toContain(s.replace(/[~]/g, '') + ' 还没有');
      expect(await suite.db.prisma.customer.count(), s).toBe(customers);
      expect(await suite.db.prisma.pendingDraft.count(), s).toBe(1);
    }
  });
});
