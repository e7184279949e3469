// A message reporting a step done closes the open task of the same kind on the customer. The
// kind is read from the step's verb, not from a paper's name that holds a verb (确认书 holds 确认,
// 发票 holds 发, 签收单 holds 签): a meeting that "确认了需求清单" must not close "发需求确认书"
// (seen in a console probe: the task was closed by shared words). Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';
import { kindsAgree } from '../../src/domain/tasks/reported.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('the kind of a step with a paper in its name', () => {
  it('a paper holding a verb names no kind; the verb of the step still does', () => {
    expect(kindsAgree('给启航物流发验收确认单', '和启航物流确认了验收标准')).toBe(false);
    expect(kindsAgree('给启航物流发验收确认单', '启航物流的验收确认单寄出去了')).toBe(true);
    expect(kindsAgree('跟启航物流确认发票抬头', '启航物流的发票寄过去了')).toBe(false);
    expect(kindsAgree('跟启航物流确认发票抬头', '启航物流的发票抬头确认了')).toBe(true);
    expect(kindsAgree('把签收单拿回来', '签收单拿回来了')).toBe(true);
  });
});

describe.each(await testDatabases())('reported steps by kind on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const openTitles = async () => (await suite.db.prisma.task.findMany({ where: { status: 'OPEN' }, orderBy: { createdAt: 'asc' } })).map((k) => k.title);

  it('confirming a list does not close sending its confirmation form; sending the form does', async () => {
    expect((await chat.send('拜访了汇丰纺织的钱经理，明天给汇丰纺织发订货确认函')).outcome).toBe('APPLIED');
    expect(await openTitles()).toHaveLength(1);
    const meeting = await chat.send('今天跟汇丰纺织开会，确认了订货清单');
    expect(meeting.text).not.toContain('已完成待办');
    expect(await openTitles()).toHaveLength(1);
    const sent = await chat.send('汇丰纺织的订货确认函发过去了');
    expect(sent.text).toContain('已完成待办');
    expect(await openTitles()).toEqual([]);
  });
});
