// Fuzzy spans ahead were dropped or left undated: "过两天再联系他" was a task with no date (no
// reminder ever fires), "三天内给答复" / "一周之内把方案发过去" were not understood, and "下周把报价发了"
// read 了 as done. Now 过两天 / 过几天 are +2 / +3 days 09:00, "N天内 / N周内 / N个月内" the span's
// last day 18:00, and 把 + a thing + V了 under a time that can only be ahead is to get done by then.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [], knownCustomers: ['远景能源'] }; // Tue 10:00
const steps = (t: string) => parseRules(t, ctx).nextSteps.map((s) => [s.dueAt, s.dueLabel]);

describe('spans ahead date the step', () => {
  for (const [text, due, label] of [
    ['远景能源的冯总还在犹豫，过两天再给他打个电话', '2026-11-26T09:00:00+08:00', '过两天'],
    ['过几天带上样品去远景能源再跑一趟', '2026-11-27T09:00:00+08:00', '过几天'],
    ['两天之内把测试数据整理给远景能源', '2026-11-26T18:00:00+08:00', '两天之内'],
    ['三周内完成远景能源的现场勘查', '2026-12-15T18:00:00+08:00', '三周内'],
    ['这周五把远景能源的发票开了', '2026-11-27T09:00:00+08:00', '这周五'],
  ] as const) {
    it(text, () => expect(steps(text)).toEqual([[due, label]]));
  }
  it('what was done (了 with a past time) is still no step', () => {
    expect(parseRules('昨天把远景能源的发票开了', ctx).nextSteps).toEqual([]);
    expect(parseRules('上午把报价发给远景能源了', ctx).nextSteps).toEqual([]);
  });
  it('their promise over a span is not our step', () => {
    expect(parseRules('远景能源的冯总说过两天给答复', ctx).nextSteps).toEqual([]);
  });
});
