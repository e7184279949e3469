// The customer named as the subject of its own decision process ("X下周开会讨论方案", "X内部评审")
// is theirs, not a task of ours; a decision deadline after it is still the expected close date
// (the existing 定供应商 rule), and our own meeting with them ("下周和X开会") or our step in the
// same message stays a step.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);

describe("the customer's own meetings are not our steps", () => {
  for (const text of ['金桥化工下个月开会研究采购方案', '云帆物流周四内部讨论我们的报价', '北辰家居下周要评审两家的方案', '恒泰包装这周五开会商量预算']) {
    it(text, () => expect(parse(text).nextSteps).toEqual([]));
  }

  it('a decision deadline after their meeting is the expected close date', () => {
    const p = parse('启明医疗下周开会评审方案，月底前定供应商');
    expect(p.nextSteps).toEqual([]);
    expect(p.opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-11-30');
  });
});

describe('ours stays ours', () => {
  const rows: Array<[string, RegExp]> = [
    ['金桥化工周三开会，我们周二前把方案发过去', /方案发过去/],
    ['下周和云帆物流开会讨论报价', /开会讨论报价/],
    ['下周去北辰家居讨论方案', /讨论方案/],
  ];
  for (const [text, title] of rows) {
    it(text, () => {
      const titles = parse(text).nextSteps.map((s) => s.title);
      expect(titles.some((t) => title.test(t))).toBe(true);
      expect(titles.every((t) => !/^(?:金桥化工|云帆物流|北辰家居)开会/.test(t))).toBe(true);
    });
  }
});
