// Answering "这是哪个客户？" by a short form, and a typo of a customer's name in a remark (guide #8).
// "华星" answering a question that offered 华星科技 ran the look-up of that name instead of being
// taken as the answer (messages/answer.ts now takes a short form that starts exactly one offered
// customer); "华兴科技的王总说…" when the rep has 华星科技 was refused as not their customer instead
// of asked about (ingest/note.ts now asks "是同一家吗？"). New sentences of the same kind; real rule
// parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('short forms and typos in answers and remarks on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const db = () => suite.db.prisma;

  it('a short form that fits exactly one offered customer answers the question', async () => {
    await chat.send('拜访了澄江环保的秦工，聊了试产');
    await chat.send('拜访了北溪建材的邹经理，聊了供货');
    expect((await chat.send('下午跟质检部的白主任通了电话，预算大概25万')).outcome).toBe('ASKED');
    const r = await chat.send('澄江');
    expect(r.outcome).toBe('APPLIED');
    expect(Number((await db().opportunity.findFirst({ where: { customer: { name: '澄江环保' } } }))?.amount)).toBe(250000);
    expect(await db().pendingDraft.count()).toBe(0);
  });

  it('a short form that fits two offered customers does not pick one', async () => {
    await chat.send('拜访了澄江环保的秦工，聊了试产');
    await chat.send('拜访了澄江水泥的邹经理，聊了供货');
    expect((await chat.send('下午跟质检部的白主任通了电话，预算大概25万')).outcome).toBe('ASKED');
    const r = await chat.send('澄江');
    expect(r.outcome).not.toBe('APPLIED');
    expect(await db().opportunity.count({ where: { amount: 250000 } })).toBe(0);
    expect(await db().pendingDraft.count()).toBe(1);
  });

  it('a remark told by someone of a look-alike of a customer (one character swapped for a homophone) asks whether it is that one', async () => {
    await chat.send('拜访了澄江环保的秦工，聊了试产');
    const r = await chat.send('澄疆环保的秦工说下周安排试产');
    expect(r.outcome).toBe('ASKED');
    expect(r.text).toContain('澄江环保');
    expect(r.text).toContain('是同一家吗');
    expect((await chat.send('1')).outcome).toBe('APPLIED');
    const notes = await db().activity.findMany({ where: { customer: { name: '澄江环保' }, type: 'OTHER' } });
    expect(notes.length).toBe(1);
    expect(await db().customer.count({ where: { name: '澄疆环保' } })).toBe(0);
  });
});
