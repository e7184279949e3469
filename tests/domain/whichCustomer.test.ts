// A message that names one of the rep's contacts but no company is filed on that contact's
// customer when the full name belongs to exactly one of them, asked about when it belongs to
// several, and never settled by an honorific form (王总) that many people share. Real rule
// parser, both databases; the sentences are not the ones the rule was written from. And a
// subsidiary named with its group ("X的子公司Y") is its own customer: the group's deal stays as it was.
import { describe, expect, it } from 'vitest';
import { isPersonalName } from '../../src/domain/contacts/names.js';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('isPersonalName', () => {
  it('full names pick out a person; honorific forms and nicknames do not', () => {
    for (const n of ['邵宁', '欧阳振华', '刘兵', 'Raj Patel']) expect(isPersonalName(n), n).toBe(true);
    for (const n of ['王总', '陈经理', '周工', '李主任', '小何', '老陈', 'Linda', '采购部']) expect(isPersonalName(n), n).toBe(false);
  });
});

describe.each(await testDatabases())('which customer on $kind', ({ create }) => {
  // One database per kind for the file: every test starts from an empty one with the world (world: true).
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  describe('a contact named without the customer', () => {
    const tasksOf = (name: string) => suite.db.prisma.task.findMany({ where: { customer: { name } } });

    it('a task said about a known contact goes on that contact\'s customer, and the reply says why', async () => {
      expect((await chat.send('拜访了蓝湾水务的采购经理饶卫东，聊了管网改造')).outcome).toBe('APPLIED');
      const r = await chat.send('饶卫东那边说下周要开评审会，让我们周四前把技术方案补齐');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('蓝湾水务');
      expect(r.text).toContain('按联系人饶卫东');
      const tasks = await tasksOf('蓝湾水务');
      expect(tasks.map((t) => t.title).join()).toContain('技术方案');
      // No second customer was made from the person's name.
      expect(await suite.db.prisma.customer.count()).toBe(1);
    });

    it('a call logged with only the contact\'s name is an activity on that customer', async () => {
      expect((await chat.send('和金穗粮油的仓储主管费立群碰了个头')).outcome).toBe('APPLIED');
      const r = await chat.send('晚上又跟费立群通了电话，他们想先试用一个月');
      expect(r.outcome).toBe('APPLIED');
      const acts = await suite.db.prisma.activity.findMany({ include: { customer: true }, orderBy: { createdAt: 'asc' } });
      expect(acts.at(-1)?.customer?.name).toBe('金穗粮油');
    });

    it('a full name that two customers share is a question with both, not a guess', async () => {
      expect((await chat.send('拜访了蓝湾水务的工程师沈佳，看了泵房')).outcome).toBe('APPLIED');
      expect((await chat.send('拜访了北溪建材的会计沈佳，对了账')).outcome).toBe('APPLIED');
      const q = await chat.send('沈佳说预算批下来了，45万');
      expect(q.outcome).toBe('ASKED');
      const options = q.text.split('\n').filter((l) => /^\d+\. /.test(l)).join('\n');
      expect(options).toContain('蓝湾水务');
      expect(options).toContain('北溪建材');
      expect(await suite.db.prisma.opportunity.count({ where: { amount: 450_000 } })).toBe(0);
    });

    it('an honorific form (刘总) never settles the customer on its own', async () => {
      expect((await chat.send('拜访了长庚医疗的刘总，聊了采购计划')).outcome).toBe('APPLIED');
      const q = await chat.send('刘总说预算60万');
      expect(q.outcome).toBe('ASKED');
      expect(await suite.db.prisma.opportunity.count({ where: { amount: 600_000 } })).toBe(0);
    });

    it('another rep\'s contact, or a 失效 customer\'s, settles nothing for this rep', async () => {
      expect((await chat.send('拜访了云岭茶业的采购经理杭晓东', 'rep2')).outcome).toBe('APPLIED');
      const r = await chat.send('明天给杭晓东发报价');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).not.toContain('云岭茶业');
      expect((await suite.db.prisma.task.findFirst({ where: { assigneeId: suite.world.rep.id } }))?.customerId).toBeNull();
    });
  });

  describe('a subsidiary named with its group', () => {
    it('the subsidiary\'s budget and contact go on the subsidiary; the group\'s deal is untouched', async () => {
      expect((await chat.send('鼎力机械进入方案阶段，金额80万')).outcome).toBe('APPLIED');
      const r = await chat.send('上午去了鼎力机械的子公司鼎力液压，设备科郝科长在，预算25万');
      expect(r.outcome).toBe('APPLIED');
      const deals = await suite.db.prisma.opportunity.findMany({ include: { customer: { include: { contacts: true } } } });
      const of = (name: string) => deals.find((d) => d.customer.name === name);
      expect(Number(of('鼎力机械')?.amount)).toBe(800_000);
      expect(Number(of('鼎力液压')?.amount)).toBe(250_000);
      expect(of('鼎力液压')?.customer.contacts.map((c) => c.name)).toEqual(['郝科长']);
      expect(of('鼎力机械')?.customer.contacts).toEqual([]);
    });
  });

  describe("a contact's new title", () => {
    it('"X升职了，现在是Y" updates that contact and shows old → new; an unknown person changes nothing', async () => {
      expect((await chat.send('拜访了蓝湾水务的采购经理饶卫东')).outcome).toBe('APPLIED');
      const r = await chat.send('饶卫东升职了，现在是采购总监');
      expect(r.text).toContain('采购经理 → 采购总监');
      expect((await suite.db.prisma.contact.findFirst({ where: { name: '饶卫东' } }))?.title).toBe('采购总监');
      const none = await chat.send('邱永刚已经升任技术总监了');
      expect(none.text).toContain('没有做任何修改');
      expect(await suite.db.prisma.contact.count()).toBe(1);
    });
  });

  describe("a manager writing about a rep's customer", () => {
    it('a visit made with the rep goes on the rep\'s customer and deal; no copy, no phantom deal', async () => {
      expect((await chat.send('拜访了澄江环保的总工邢海，方案阶段，预计55万')).outcome).toBe('APPLIED');
      const r = await chat.send('今天陪李娜去了澄江环保，邢海说预算批了，预计60万', 'manager');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('李娜的客户');
      expect(await suite.db.prisma.customer.count()).toBe(1);
      const deals = await suite.db.prisma.opportunity.findMany();
      expect(deals.map((d) => [d.ownerId, Number(d.amount)])).toEqual([[suite.world.rep.id, 600_000]]);
      const act = await suite.db.prisma.activity.findFirstOrThrow({ where: { authorId: suite.world.manager.id } });
      expect(act.customerId).toBe(deals[0].customerId);
    });

    it('in English, with the rep\'s name written in pinyin, and a hand-over to them', async () => {
      expect((await chat.send('拜访了澄江环保的总工邢海')).outcome).toBe('APPLIED');
      const r = await chat.send('Visited 澄江环保 with Li Na, their chief engineer wants a pilot', 'manager');
      expect(r.text).toContain("李娜's customer");
      const h = await chat.send('Ask Lina to send 澄江环保 the pilot plan by Friday', 'manager');
      expect(h.outcome).toBe('APPLIED');
      const task = await suite.db.prisma.task.findFirstOrThrow({ where: { assigneeId: suite.world.rep.id } });
      expect(task.title).toContain('pilot plan');
      expect(task.customerId).not.toBeNull();
      expect(await suite.db.prisma.customer.count()).toBe(1);
    });

    it('the manager\'s own customer of that name wins, and a rep never writes on a colleague\'s', async () => {
      expect((await chat.send('拜访了澄江环保的总工邢海', 'rep2')).outcome).toBe('APPLIED');
      const r = await chat.send('和王强一起去了澄江环保，见了邢海');
      expect(r.text).not.toContain('王强的客户');
      expect(await suite.db.prisma.customer.count()).toBe(2);
    });
  });

  describe('renaming a contact', () => {
    it('"不是王总，是黄总" after meeting an existing contact renames nobody; a misspelling (邢海 → 邢还) is fixed', async () => {
      expect((await chat.send('拜访了澄江环保的王总，聊了改造方案')).outcome).toBe('APPLIED');
      expect((await chat.send('下午又拜访了澄江环保的王总，看了现场')).outcome).toBe('APPLIED');
      const r = await chat.send('不是王总，是黄总');
      expect(r.text).toContain('没有做任何修改');
      expect(r.text).toContain('撤销');
      expect((await suite.db.prisma.contact.findMany()).map((c) => c.name)).toEqual(['王总']);
      expect((await chat.send('拜访了澄江环保的总工邢海')).outcome).toBe('APPLIED');
      expect((await chat.send('下午又拜访了澄江环保的邢海，聊了工期')).outcome).toBe('APPLIED');
      const fix = await chat.send('不是邢海，是邢还');
      expect(fix.text).toContain('邢海 → 邢还');
      // A title that came from the honorific follows the new one (李工 工程师 → 李总 总经理).
      expect((await chat.send('拜访了北溪建材的李工，聊了交期')).outcome).toBe('APPLIED');
      expect((await chat.send('不是李工，是李总')).text).toContain('李工 → 李总');
      expect((await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '李总' } })).title).toBe('总经理');
    });
  });

  describe('a deal update about a customer the rep does not have', () => {
    it('a lost deal on a customer the rep does not have writes nothing; a first figure still creates', async () => {
      expect((await chat.send('拜访了澄江环保的邢总，预计50万', 'rep2')).outcome).toBe('APPLIED');
      const r = await chat.send('澄江环保丢单了，原因是预算冻结');
      expect(r.outcome).toBe('REJECTED');
      // A rep sees nobody else's customers: the colleague is not named to them.
      expect(r.text).not.toContain('王强');
      expect(await suite.db.prisma.customer.count()).toBe(1);
      expect((await chat.send('北溪建材输单了')).outcome).toBe('REJECTED');
      expect((await chat.send('新客户北溪建材预计20万')).outcome).toBe('APPLIED');
      expect(await suite.db.prisma.customer.count()).toBe(2);
    });
  });

  describe('a visit or call with no customer at all', () => {
    it('is asked about, with "no customer" as an option; either answer stores it once', async () => {
      expect((await chat.send('拜访了青岚电缆的采购经理喻方，聊了年度框架')).outcome).toBe('APPLIED');
      const q = await chat.send('下午又上门拜访了一次，聊得挺顺');
      expect(q.outcome).toBe('ASKED');
      expect(q.text).toContain('青岚电缆');
      expect(q.text).toContain('不关联客户');
      expect(await suite.db.prisma.activity.count()).toBe(1);
      const filed = await chat.send('青岚电缆');
      expect(filed.outcome).toBe('APPLIED');
      expect(await suite.db.prisma.activity.count({ where: { customer: { name: '青岚电缆' } } })).toBe(2);

      // An internal meeting: the rep says it belongs to no customer.
      const q2 = await chat.send('上午开了部门周会，过了一遍下月计划');
      expect(q2.outcome).toBe('ASKED');
      const option = /(\d+)\. 不关联客户/.exec(q2.text)?.[1];
      expect(option).toBeTruthy();
      expect((await chat.send(option!)).outcome).toBe('APPLIED');
      expect(await suite.db.prisma.activity.count({ where: { customerId: null } })).toBe(1);
      expect(await suite.db.prisma.activity.count()).toBe(3);
    });
  });
});
