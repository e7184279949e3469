// A follow-up that names no customer but speaks of one (他们/那边/对方/they) right after a record
// was filed on no customer. It now goes on the customer of the rep's previous record when that
// record filed exactly one, the reply saying so, and is asked about (with the record's customers as
// options) when it filed several (src/domain/customers/previous.ts, docs/conversation.md).
// Guide #8, new sentences of the same kind; real rule parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a follow-up right after a record on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const db = () => suite.db.prisma;
  const dealOf = (name: string) => db().opportunity.findFirst({ where: { customer: { name } } });

  describe('a follow-up with 他们 / 那边 / 对方 / they right after a record', () => {
    it('a next step goes on the customer just recorded, and the reply names it', async () => {
      await chat.send('拜访了青松环保的邓经理，聊了除尘设备');
      const r = await chat.send('对方希望周四前收到方案');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('青松环保');
      expect(r.text).toContain('接上一条记录');
      const tasks = await db().task.findMany({ where: { customer: { name: '青松环保' } } });
      expect(tasks.length).toBe(1);
    });

    it('a remark with no field of its own is kept as a note on that customer, saying why', async () => {
      await chat.send('拜访了青松环保的邓经理，聊了除尘设备');
      const r = await chat.send('他们周五前要一份报价单');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('青松环保（接上一条记录）');
      const notes = await db().activity.findMany({ where: { customer: { name: '青松环保' }, type: 'OTHER' } });
      expect(notes.map((n) => n.summary)).toEqual(['他们周五前要一份报价单']);
    });

    it('a deal figure said with 那边 / 对方 updates that customer\'s deal', async () => {
      await chat.send('上午去了远帆物流，见了仓储部的韦主管，聊得不错');
      const r = await chat.send('对方说预算大概70万');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('远帆物流');
      expect(Number((await dealOf('远帆物流'))?.amount)).toBe(700000);
    });

    it('English: "they" after a record of one customer', async () => {
      await chat.send('Visited Northwind Ltd today, met their IT manager Raj');
      const r = await chat.send('They want a demo next Tuesday');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('Northwind');
      expect(await db().task.count({ where: { customer: { name: { contains: 'Northwind' } } } })).toBe(1);
    });

    it('after a record of two customers, it asks which one, offering those two', async () => {
      await chat.send('今天见了青松环保和远帆物流，两家都在比价');
      const r = await chat.send('他们预算大概50万');
      expect(r.outcome).toBe('ASKED');
      expect(r.text).toContain('青松环保');
      expect(r.text).toContain('远帆物流');
      expect(await db().opportunity.count({ where: { amount: 500000 } })).toBe(0);
    });

    it('with no record right before it (a look-up in between, or an undone record), it is not filed on a guess', async () => {
      await chat.send('拜访了青松环保的邓经理，聊了除尘设备');
      await chat.send('撤销');
      const r = await chat.send('他们预算大概50万');
      expect(r.outcome).toBe('ASKED');
      expect(await db().opportunity.count()).toBe(0);
    });

    it('talking with someone who is not one of that customer\'s people is asked about', async () => {
      await chat.send('Visited Pinecrest Software today, met their CTO Omar');
      const r = await chat.send('Chatted with Priya about the rollout, they can spend 40k');
      expect(r.outcome).toBe('ASKED');
      expect(await db().opportunity.count({ where: { amount: 40000 } })).toBe(0);
    });

    it('a new call of its own is still asked about, even right after a record', async () => {
      await chat.send('拜访了青松环保的邓经理，聊了除尘设备');
      const r = await chat.send('下午跟财务部的吕经理通了电话，他们预算大概45万');
      expect(r.outcome).toBe('ASKED');
    });
  });
});
