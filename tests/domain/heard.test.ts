// A deal update told by one of the customer's people ("X的王总说预算批了，预计85万") is also a
// contact made: it is logged, so the customer's last contact and the follow-up lists see it. A
// bare deal update ("X金额改成85万") logs nothing. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('what they told us on $kind', ({ create }) => {
  // One database per kind for the file: every test starts from an empty one with the world (world: true).
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  describe('a deal update someone of theirs told', () => {
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

    it('a signing date they told the rep the day before yesterday: the contact is dated then, the close date stays theirs', async () => {
      const r = await chat.send('前天澄江环保的邢总说合同定在下周一签');
      expect(r.outcome).toBe('APPLIED');
      const acts = await suite.db.prisma.activity.findMany();
      expect(acts.map((a) => [a.type, a.occurredAt.toISOString()])).toEqual([['OTHER', '2026-11-22T02:00:00.000Z']]);
      expect((await suite.db.prisma.opportunity.findFirstOrThrow()).expectedCloseDate?.toISOString().slice(0, 10)).toBe('2026-11-30');
    });
  });

  describe('another project of a customer with an open deal', () => {
    it('does not overwrite the open deal\'s amount and says so; the same figure or a plain change still applies', async () => {
      expect((await chat.send('澄江环保进入方案阶段，金额50万')).outcome).toBe('APPLIED');
      const r = await chat.send('拜访了澄江环保的邢总，他们还想上二期的污泥处理，预计35万');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toMatch(/以下内容没有记录[\s\S]*35万元[\s\S]*50万元/);
      expect(r.text).not.toContain('没有客户');
      expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(500_000);
      expect((await chat.send('澄江环保金额改成35万')).outcome).toBe('APPLIED');
      expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(350_000);
    });

    it('a branch buying on its own does not overwrite the customer\'s open deal either', async () => {
      expect((await chat.send('澄江环保进入方案阶段，金额50万')).outcome).toBe('APPLIED');
      const r = await chat.send('澄江环保苏州分公司也想上一套，预计18万');
      expect(r.text).toContain('没有覆盖');
      expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(500_000);
    });
  });

  describe('a step reported done', () => {
    it('closes only the task about the same thing, never one that only shares the person\'s name', async () => {
      expect((await chat.send('拜访了澄江环保的邢总')).outcome).toBe('APPLIED');
      expect((await chat.send('明天给澄江环保邢总发验收报告')).outcome).toBe('APPLIED');
      const r = await chat.send('下午又去了澄江环保见了邢总，报价单也发过去了');
      expect(r.text).not.toContain('已完成待办');
      expect((await suite.db.prisma.task.findFirstOrThrow()).status).toBe('OPEN');
      const done = await chat.send('澄江环保的验收报告已经发给邢总了');
      expect(done.text).toContain('已完成待办');
      expect((await suite.db.prisma.task.findFirstOrThrow()).status).toBe('DONE');
    });
  });

  describe('two customers, two kinds of contact', () => {
    it('each activity takes the kind its own words say', async () => {
      const r = await chat.send('上午拜访了澄江环保，看了现场；下午又给北溪建材的秦经理打了电话，确认了交期');
      expect(r.outcome).toBe('APPLIED');
      const acts = await suite.db.prisma.activity.findMany({ include: { customer: true } });
      expect(Object.fromEntries(acts.map((a) => [a.customer?.name, a.type]))).toEqual({ 澄江环保: 'VISIT', 北溪建材: 'CALL' });
    });
  });

  describe('the same log sent twice', () => {
    it('is written once; the second reply says so; after 撤销 it can be sent again', async () => {
      const text = '拜访了澄江环保的邢总，聊了改造方案，预计50万';
      expect((await chat.send(text)).outcome).toBe('APPLIED');
      const again = await chat.send(text);
      expect(again.outcome).toBe('REJECTED');
      expect(again.text).toContain('没有重复记录');
      expect(await suite.db.prisma.activity.count()).toBe(1);
      expect((await chat.send('撤销')).outcome).toBe('UNDO');
      expect((await chat.send(text)).outcome).toBe('APPLIED');
      expect(await suite.db.prisma.activity.count()).toBe(1);
    });
  });
});
