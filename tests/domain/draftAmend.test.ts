// A detail or a fix sent while "这是哪个客户？" waits ("对了，预算30万", "不对，金额是50万"): the detail
// used to ask a second question and drop the waiting message, and the fix went to an older record.
// Both now go into the waiting draft and the question is asked again; nothing is written until the
// answer (src/domain/messages/amend.ts, docs/conversation.md). Guide #8, new sentences of the
// same kind; real rule parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a message added to a waiting question on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const db = () => suite.db.prisma;
  const dealOf = (name: string) => db().opportunity.findFirst({ where: { customer: { name } } });

  describe('a detail or a fix sent while a question waits', () => {
    it('a detail goes into the waiting message, the question is asked again, and the answer stores both', async () => {
      await chat.send('拜访了新桥医院的饶主任，聊了信息化');
      await chat.send('拜访了金石建材的钱总，聊了供货');
      const q = await chat.send('上午和设备科的孙科长通了电话，方案基本认可');
      expect(q.outcome).toBe('ASKED');
      const d = await chat.send('对了，他们预算大概60万');
      expect(d.outcome).toBe('ASKED');
      expect(d.text).toContain('已补充到等待确认的消息里');
      expect(d.text).toContain('这是哪个客户');
      expect(d.text).not.toContain('没有保存：');
      const drafts = await db().pendingDraft.findMany();
      expect(drafts.length).toBe(1);
      expect(drafts[0].text).toContain('孙科长');
      expect(drafts[0].text).toContain('60万');
      expect(await db().opportunity.count({ where: { amount: 600000 } })).toBe(0);
      const a = await chat.send('新桥医院');
      expect(a.outcome).toBe('APPLIED');
      expect(Number((await dealOf('新桥医院'))?.amount)).toBe(600000);
      const contacts = await db().contact.findMany({ where: { customer: { name: '新桥医院' } } });
      expect(contacts.map((c) => c.name)).toContain('孙科长');
      expect(await db().pendingDraft.count()).toBe(0);
    });

    it('a next step said with 他们 while the question waits is added, not filed on no customer', async () => {
      await chat.send('拜访了新桥医院的饶主任，聊了信息化');
      expect((await chat.send('下午跟信息科的马工通了电话，预算大概35万')).outcome).toBe('ASKED');
      const d = await chat.send('另外他们下周三要看演示');
      expect(d.outcome).toBe('ASKED');
      expect(await db().task.count()).toBe(0);
      expect((await chat.send('1')).outcome).toBe('APPLIED');
      const tasks = await db().task.findMany({ where: { customer: { name: '新桥医院' } } });
      expect(tasks.length).toBe(1);
    });

    it('a fix of the amount changes the waiting message, creates no deal, and the answer stores the fixed amount', async () => {
      await chat.send('拜访了金石建材的钱总，聊了供货');
      expect((await chat.send('下午和采购部的钟经理通了电话，对方说预算40万左右定了')).outcome).toBe('ASKED');
      const deals = await db().opportunity.count();
      const f = await chat.send('说错了，金额是48万');
      expect(f.outcome).toBe('ASKED');
      expect(f.text).toContain('48万');
      expect(await db().opportunity.count()).toBe(deals);
      expect((await chat.send('金石建材')).outcome).toBe('APPLIED');
      expect(Number((await dealOf('金石建材'))?.amount)).toBe(480000);
    });

    it('a fix the waiting message cannot take changes nothing and keeps the question', async () => {
      await chat.send('拜访了金石建材的钱总，聊了供货');
      expect((await chat.send('下午和采购部的钟经理通了电话，预算50万')).outcome).toBe('ASKED');
      const r = await chat.send('不是钱总，是潘总');
      expect(r.outcome).toBe('REJECTED');
      expect(r.text).toContain('还在等你确认客户');
      const contacts = await db().contact.findMany({ where: { customer: { name: '金石建材' } } });
      expect(contacts.map((c) => c.name)).toEqual(['钱总']);
      expect(await db().pendingDraft.count()).toBe(1);
    });

    it('a new visit with no customer still replaces the question and says the older one was not stored', async () => {
      expect((await chat.send('下午和采购部的钟经理通了电话，预算50万')).outcome).toBe('ASKED');
      const r = await chat.send('晚上又见了对方的技术总监，预计60万');
      expect(r.outcome).toBe('ASKED');
      expect(r.text).toContain('上一条待确认的消息没有保存');
    });
  });
});
