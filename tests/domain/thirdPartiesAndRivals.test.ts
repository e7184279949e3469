// A supplier, agent or partner named in a message was stored as a customer ("跟供应商华东电缆谈了
// 进货价"), what such a third party promised became our task, and the price a rival quoted ("浪潮的
// 人也在，他们报价45万") was stored as our deal's amount. Now none of them is stored as ours: no
// customer for the third party, no task for its promise, no amount from the rival. And a dictated
// meeting with a list of people ("约了华星王总和他们老板下周见面") was stored as the task "约了华星王总和"
// with no time. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('third parties and rivals on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const customers = async () => (await suite.db.prisma.customer.findMany({ orderBy: { createdAt: 'asc' } })).map((c) => c.name);

  it('a supplier met is no customer; the real customer in the same message is', async () => {
    await chat.send('今天和供应商恒丰钢材对了一下交期');
    expect(await customers()).not.toContain('恒丰钢材');
    expect((await chat.send('拜访了青松环保的孙总，分包商宏远建设的小刘也在')).outcome).toBe('APPLIED');
    expect(await customers()).toEqual(['青松环保']);
    const contacts = (await suite.db.prisma.contact.findMany()).map((c) => c.name);
    expect(contacts).toContain('孙总');
    expect(contacts).not.toContain('小刘');
  });

  it('what an agent promises is no task of ours', async () => {
    await chat.send('经销商鼎盛商贸说月底前帮我们介绍三个客户');
    expect(await suite.db.prisma.task.count()).toBe(0);
    expect(await customers()).not.toContain('鼎盛商贸');
  });

  it('the price a rival quoted is not our deal amount', async () => {
    expect((await chat.send('拜访了鼎丰食品的周经理，金蝶的人也在场，他们报了36万')).outcome).toBe('APPLIED');
    const deals = await suite.db.prisma.opportunity.findMany();
    expect(deals.map((d) => (d.amount === null ? null : Number(d.amount)))).not.toContain(360000);
    expect(await customers()).toEqual(['鼎丰食品']);
  });

  it('a meeting with a list of people is one task with its time, the list whole', async () => {
    await chat.send('约了鼎丰食品刘总和他们财务下周二吃饭');
    const tasks = await suite.db.prisma.task.findMany();
    expect(tasks).toHaveLength(1);
    expect(tasks[0].title).toContain('刘总和他们财务');
    expect(tasks[0].dueAt).not.toBeNull();
  });
});
