// "时间改成下周四", "改到下周四", "样机改成下周一寄": moving a step of the last record. These were not
// understood at all, or became a new task with a garbage title ("样机改成寄", customer "样机").
// With several steps in the record, the one named moves; none named, the bot asks — before, a
// due-date correction always moved the record's first step, whichever the rep meant.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z'); // Tuesday 11:00 in Shanghai
const at = { now: NOW, timezone: 'Asia/Shanghai' };

describe('a step moved, as parsed', () => {
  it('is a due-time correction, with the thing named when it is', () => {
    for (const [s, to, about] of [
      ['时间改成下周五', '2026-12-04', undefined],
      ['推到后天', '2026-11-26', undefined],
      ['标书改成周四交', '2026-11-26', '标书'],
      ['明天的回访挪到下周一', '2026-11-30', '回访'],
      ['push it to Friday', '2026-11-27', undefined],
    ] as const) {
      const p = parseRules(s, at);
      expect(p.intent, s).toBe('correction');
      expect([p.correction?.field, p.correction?.to.slice(0, 10), p.correction?.about], s).toEqual(['due_at', to, about]);
    }
  });

  it('a new step with its own object, a close date or an amount is not a step moved', () => {
    expect(parseRules('标书推到周四交给云杉家居的采购部', at).correction?.field).not.toBe('due_at');
    expect(parseRules('签约时间改到下个月', at).correction?.field).toBe('expected_close_date');
    expect(parseRules('报价改成12万', at).correction?.field).toBe('amount');
    // News that something of theirs moved is a remark, not a command.
    expect(parseRules('云杉家居的验收推迟到下个月了', at).correction?.field).not.toBe('due_at');
  });
});

describe.each(await testDatabases())('moving a step of the last record on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const due = async () => Object.fromEntries((await suite.db.prisma.task.findMany()).map((k) => [k.title, k.dueAt?.toISOString().slice(0, 10) ?? null]));

  it('several steps: the named one moves; none named, it asks and changes nothing', async () => {
    expect((await chat.send('拜访了云杉家居的周经理，明天给他们发报价，周五前寄样品')).outcome).toBe('APPLIED');
    const before = await due();
    expect(Object.keys(before)).toHaveLength(2);
    const asked = await chat.send('时间改成下周二');
    expect(asked.outcome).toBe('REJECTED');
    expect(asked.text).toContain('改哪一条');
    expect(await due()).toEqual(before);
    const moved = await chat.send('样品改到下周二寄');
    expect(moved.outcome).toBe('APPLIED');
    const after = await due();
    const sample = Object.keys(after).find((t) => t.includes('样品'))!;
    expect(after[sample]).toBe('2026-12-01');
    const other = Object.keys(after).find((t) => t !== sample)!;
    expect(after[other]).toBe(before[other]);
  });

  it('one step: a bare new time moves it', async () => {
    expect((await chat.send('给云杉家居的周经理打了电话，下周三前发方案')).outcome).toBe('APPLIED');
    expect((await chat.send('改到下周四')).outcome).toBe('APPLIED');
    expect(Object.values(await due())).toEqual(['2026-12-03']);
  });
});
