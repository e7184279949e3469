// What reps say about a customer besides what they did: who a person is by department ("采购部的
// X总"), what the customer side plans ("他们下周开会"), and facts with no field of their own (账期,
// 发票, 人事变动) — stored as said, never as something that did not happen, never dropped. Both
// databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('remarks on $kind', ({ create }) => {
  // One database per kind for the file: every test starts from an empty one with the world (world: true).
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  describe('a department before an honorific', () => {
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

  describe('what the customer side plans', () => {
    const acts = () => suite.db.prisma.activity.findMany({ orderBy: { createdAt: 'asc' } });

    it('a meeting they will hold is no meeting of ours, and no task of ours: the remark is kept as said', async () => {
      expect((await chat.send('拜访了澄江环保的邢总')).outcome).toBe('APPLIED');
      const r = await chat.send('澄江环保的客户说下个月要开会评审我们的设计');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('备注');
      expect((await acts()).map((a) => a.type)).toEqual(['VISIT', 'OTHER']);
      expect((await acts())[1].summary).toContain('下个月要开会评审');
      const side = await chat.send('澄江环保那边下周开会讨论我们的报价');
      expect(side.outcome).toBe('APPLIED');
      expect(await suite.db.prisma.task.count()).toBe(0);
      expect((await acts()).map((a) => a.type)).toEqual(['VISIT', 'OTHER', 'OTHER']);
    });

    it('our call that carried it is still a call, made now, and what they said keeps its time', async () => {
      expect((await chat.send('拜访了澄江环保的邢总')).outcome).toBe('APPLIED');
      expect((await chat.send('给澄江环保邢总打了电话，他说周四要开会讨论一下')).outcome).toBe('APPLIED');
      const call = (await acts())[1];
      expect(call.type).toBe('CALL');
      expect(call.occurredAt.toISOString()).toBe(NOW.toISOString());
      expect(call.summary).toContain('周四要开会');
    });

    it('an event dated after today is not logged as done today', async () => {
      expect((await chat.send('拜访了澄江环保的邢总')).outcome).toBe('APPLIED');
      const r = await chat.send('后天澄江环保开会评审我们的设计');
      expect(r.outcome).toBe('APPLIED');
      expect((await acts()).map((a) => a.type)).toEqual(['VISIT', 'OTHER']);
      expect((await acts())[1].summary).toContain('后天');
    });

    it('about a customer that is not the rep\'s: nothing is created, and the reply says why', async () => {
      const r = await chat.send('北溪建材的人事庞总说下周要来我们公司参观');
      expect(r.outcome).toBe('REJECTED');
      expect(r.text).toContain('你的客户里没有“北溪建材”');
      expect(await suite.db.prisma.customer.count()).toBe(0);
      expect(await suite.db.prisma.activity.count()).toBe(0);
    });
  });

  describe('a fact with no field of its own', () => {
    it('a bare remark is no contact: the last contact stays; what one of their people said moves it', async () => {
      const { prisma } = suite.db;
      const quiet = new Date('2026-10-30T02:00:00Z');
      const c = await prisma.customer.create({ data: { name: '鹭洲电气', normalizedName: '鹭洲电气', ownerId: suite.world.rep.id, lastContactAt: quiet } });
      await prisma.contact.create({ data: { customerId: c.id, name: '章立新', title: '采购经理' } });
      const r = await chat.send('鹭洲电气明年起改成季度结算');
      expect(r.text).toContain('📝 已记为备注 · 鹭洲电气');
      expect((await prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lastContactAt).toEqual(quiet);
      const told = await chat.send('章立新说他们明年起改成季度结算');
      expect(told.outcome).toBe('APPLIED');
      expect((await prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).lastContactAt!.getTime()).toBeGreaterThan(quiet.getTime());
    });

    it('is kept as a note on that customer, with the person who said it; undo takes it back', async () => {
      expect((await chat.send('拜访了澄江环保的邢总')).outcome).toBe('APPLIED');
      for (const text of ['澄江环保的付款周期要求60天', '澄江环保那边要求开增值税专票', '澄江环保下个月换采购负责人']) {
        const r = await chat.send(text);
        expect(r.outcome).toBe('APPLIED');
        expect(r.text).toContain('📝 已记为备注 · 澄江环保');
      }
      const notes = await suite.db.prisma.activity.findMany({ where: { type: 'OTHER' }, include: { customer: true }, orderBy: { createdAt: 'asc' } });
      expect(notes.map((a) => [a.customer?.name, a.summary])).toEqual([
        ['澄江环保', '澄江环保的付款周期要求60天'],
        ['澄江环保', '澄江环保那边要求开增值税专票'],
        ['澄江环保', '澄江环保下个月换采购负责人'],
      ]);
      const who = await chat.send('澄江环保的财务蒲姐说发票已经收到了');
      expect(who.text).toContain('蒲姐（财务 · 新建）');
      expect(await suite.db.prisma.contact.count({ where: { name: '蒲姐', title: '财务' } })).toBe(1);
      expect((await chat.send('撤销')).outcome).toBe('UNDO');
      expect(await suite.db.prisma.contact.count({ where: { name: '蒲姐' } })).toBe(0);
      expect(await suite.db.prisma.activity.count({ where: { type: 'OTHER' } })).toBe(3);
    });

    it('a manager\'s remark goes on the rep\'s customer; someone outside the team is told it is not theirs', async () => {
      expect((await chat.send('拜访了澄江环保的邢总')).outcome).toBe('APPLIED');
      const r = await chat.send('澄江环保的账期从60天改成90天了', 'manager');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('澄江环保（李娜的客户）');
      expect(await suite.db.prisma.customer.count()).toBe(1);
      const out = await chat.send('澄江环保的账期从60天改成90天了', 'outsider');
      expect(out.outcome).toBe('REJECTED');
      expect(out.text).not.toContain('李娜');
      expect(await suite.db.prisma.activity.count()).toBe(2);
    });

    it('in English too; chatter with a customer\'s name is still not understood', async () => {
      expect((await chat.send('Visited Birchwood Dental today, met Dr. Hale')).outcome).toBe('APPLIED');
      const r = await chat.send('Birchwood Dental asked for net 60 payment terms');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('Kept as a note · Birchwood Dental');
      expect((await chat.send('Birchwood Dental ok 👍')).outcome).toBe('REJECTED');
      expect(await suite.db.prisma.activity.count()).toBe(2);
    });
  });

  describe('a remark that names only a contact', () => {
    it('goes on the one customer that has the contact; their plan is not our task, our step is', async () => {
      expect((await chat.send('拜访了北溪建材，见了技术负责人秦海涛')).outcome).toBe('APPLIED');
      const r = await chat.send('秦海涛说他们下周可以安排试产');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('北溪建材（按联系人秦海涛）');
      expect(await suite.db.prisma.task.count()).toBe(0);
      const both = await chat.send('秦海涛说他们月底前走完审批，让我们周五前把报价发过去');
      expect(both.outcome).toBe('APPLIED');
      const tasks = await suite.db.prisma.task.findMany({ include: { customer: true } });
      expect(tasks.map((t) => [t.title, t.customer?.name])).toEqual([['把报价发过去', '北溪建材']]);
      const acts = await suite.db.prisma.activity.findMany({ include: { customer: true }, orderBy: { createdAt: 'asc' } });
      expect(acts.map((a) => [a.type, a.customer?.name])).toEqual([['VISIT', '北溪建材'], ['OTHER', '北溪建材'], ['OTHER', '北溪建材']]);
      expect(acts[2].summary).toContain('月底前走完审批');
    });

    it('a step about speaking to them is no word of theirs: only the task', async () => {
      expect((await chat.send('拜访了北溪建材，见了技术负责人秦海涛')).outcome).toBe('APPLIED');
      expect((await chat.send('提醒我明天跟秦海涛说一下报价的事')).outcome).toBe('APPLIED');
      expect(await suite.db.prisma.task.count()).toBe(1);
      expect(await suite.db.prisma.activity.count()).toBe(1);
    });

    it('a name two customers share files nothing: it asks which of the two', async () => {
      expect((await chat.send('拜访了北溪建材，见了技术负责人秦海涛')).outcome).toBe('APPLIED');
      expect((await chat.send('拜访了澄江环保，见了设备部的秦海涛')).outcome).toBe('APPLIED');
      const r = await chat.send('秦海涛说他们下周可以安排试产');
      expect(r.outcome).toBe('ASKED');
      const options = r.text.split('\n').filter((l) => /^\d+\. /.test(l)).join('\n');
      expect(options).toContain('北溪建材');
      expect(options).toContain('澄江环保');
      expect(await suite.db.prisma.activity.count()).toBe(2);
    });
  });
});

describe.each(await testDatabases())('a remark that changes who a contact is on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('the reply shows the role it stored, and does not say nothing had a field', async () => {
    expect((await chat.send('上午去了鼎泰纸业，见了设备科的单科长，聊了改造计划')).outcome).toBe('APPLIED');
    const r = await chat.send('鼎泰纸业那边单科长其实是拍板的人');
    expect(r.outcome).toBe('APPLIED');
    const contact = await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '单科长' } });
    expect(contact.role).toBe('DECISION_MAKER');
    expect(r.text).toMatch(/单科长（[^）]*决策者[^）]*已更新）/);
    expect(r.text).not.toContain('没有对应的字段');
  });

  it('a note about something moved to a later date is dated now, not on that date', async () => {
    expect((await chat.send('上午去了鼎泰纸业，见了设备科的单科长')).outcome).toBe('APPLIED');
    const r = await chat.send('鼎泰纸业的设备招标推迟到2月中旬了');
    expect(r.outcome).toBe('APPLIED');
    const acts = await suite.db.prisma.activity.findMany({ orderBy: { createdAt: 'asc' } });
    expect(acts).toHaveLength(2);
    expect(acts[1].occurredAt.toISOString()).toBe(NOW.toISOString());
  });

  it('a remark that changes no contact still says so', async () => {
    expect((await chat.send('上午去了鼎泰纸业，见了设备科的单科长')).outcome).toBe('APPLIED');
    const r = await chat.send('鼎泰纸业的账期一般是90天');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('没有对应的字段');
  });
});
