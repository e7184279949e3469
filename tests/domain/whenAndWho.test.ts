// Records dated when the rep says things happened, and facts that are nobody's task: what their
// people told the rep and notes take the time the rep gives ("昨天…说"), not the message's; our
// own company's event is no task; the customer's meeting to decide is no close date. The reply
// says what was and was not stored. The real rule parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T13:30:00Z'); // Monday 21:30 in Shanghai

describe.each(await testDatabases())('when and who on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const acts = () => suite.db.prisma.activity.findMany({ orderBy: { createdAt: 'asc' } });

  it('a visit this morning and a dinner last night are dated in that part of the day', async () => {
    await chat.send('今天上午拜访了鼎泰环境，见了任经理');
    await chat.send('昨晚和鼎泰环境任经理吃了个饭，聊了二期');
    expect((await acts()).map((a) => a.occurredAt.toISOString())).toEqual(['2026-11-23T02:00:00.000Z', '2026-11-22T11:00:00.000Z']);
  });

  it('what their person told the rep yesterday, and a note about this morning, are dated then', async () => {
    await chat.send('拜访了瑞康生物，见了秦总');
    const told = await chat.send('昨天瑞康生物秦总说预算批下来了，大概五十万');
    expect(told.outcome).toBe('APPLIED');
    const note = await chat.send('今天上午瑞康生物的秦总说方案过了');
    expect(note.text).toContain('已记为备注');
    const [, heard, remark] = await acts();
    expect([heard.type, heard.occurredAt.toISOString()]).toEqual(['OTHER', '2026-11-22T02:00:00.000Z']);
    expect([remark.type, remark.occurredAt.toISOString()]).toEqual(['OTHER', '2026-11-23T02:00:00.000Z']);
  });

  it('our own company event is no task, and the reply says it was not stored', async () => {
    const r = await chat.send('集团年会下周六开');
    expect(r.outcome).toBe('REJECTED');
    expect(r.text).toContain('没有记录');
    expect(r.text).toContain('公司内部的安排');
    expect(r.text).not.toContain('✅');
    expect(await suite.db.prisma.task.count()).toBe(0);
    expect(await suite.db.prisma.activity.count()).toBe(0);
  });

  it('the customer meeting to decide sets no close date: a note with the customer; without it, asked, and the answer sets none either', async () => {
    await chat.send('拜访了鼎泰环境，见了任经理，预计80万，12月20日签');
    const before = (await suite.db.prisma.opportunity.findFirstOrThrow()).expectedCloseDate?.toISOString();
    const r = await chat.send('鼎泰环境的任经理说他们下周开会定供应商');
    expect(r.text).not.toContain('预计成交');
    expect((await suite.db.prisma.opportunity.findFirstOrThrow()).expectedCloseDate?.toISOString()).toBe(before);
    // Without the customer named, it is asked about (任经理's customer offered); the answer files
    // the remark and still sets no close date.
    const none = await chat.send('任经理说下个月开会定供应商');
    expect(none.outcome).toBe('ASKED');
    expect(none.text).toContain('1. 鼎泰环境');
    const answered = await chat.send('1');
    expect(answered.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.activity.count({ where: { type: 'OTHER', rawText: '任经理说下个月开会定供应商' } })).toBe(1);
    expect(answered.text).not.toContain('预计成交');
    expect((await suite.db.prisma.opportunity.findFirstOrThrow()).expectedCloseDate?.toISOString()).toBe(before);
    expect(await suite.db.prisma.task.count()).toBe(0);
  });
});
