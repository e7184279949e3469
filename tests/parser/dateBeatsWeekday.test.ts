// Why this file exists: "周一十二月三号要交标书" was due on the coming Monday (11-30): the weekday
// moved the step and the calendar date was lost. A calendar date said with a weekday is what
// counts, also when the two disagree. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

// Saturday 2026-11-28, 10:00 in Shanghai.
const ctx: ParseContext = { now: new Date('2026-11-28T02:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const due = (t: string) => parseRules(t, ctx).nextSteps[0]?.dueAt?.slice(0, 10);

describe('a calendar date said with a weekday wins', () => {
  it.each([
    ['星期四12月10号给客户送样机', '2026-12-10'], // agrees
    ['周三十二月八号去现场勘查', '2026-12-08'], // disagrees (12-08 is a Tuesday)
    ['下周二12/2前把报价单发过去', '2026-12-02'],
  ])('%s', (text, day) => {
    expect(due(text)).toBe(day);
  });

  it('a weekday alone still resolves as before', () => {
    expect(due('周四去拜访客户')).toBe('2026-12-03');
  });
});
