// "下周内把方案发过去" was due next Monday 09:00 — a reminder before the week the rep gave had
// begun its work. Within a whole week (下周内, 下下周之内) is by that week's Friday 18:00, as 本周内
// is for this week; 下周 alone stays its Monday.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [], knownCustomers: ['远景能源'] }; // Tuesday
const due = (t: string) => parseRules(t, ctx).nextSteps.map((s) => s.dueAt);

describe('within a week is by its Friday', () => {
  it('下周内', () => expect(due('下周内把测试报告整理好发给远景能源')).toEqual(['2026-12-04T18:00:00+08:00']));
  it('下下周之内', () => expect(due('下下周之内安排远景能源的工程师培训')).toEqual(['2026-12-11T18:00:00+08:00']));
  it('本周内, as before', () => expect(due('本周内给远景能源回个电话')).toEqual(['2026-11-27T18:00:00+08:00']));
  it('下周 alone is its Monday', () => expect(due('下周给远景能源回个电话')).toEqual(['2026-11-30T09:00:00+08:00']));
});
