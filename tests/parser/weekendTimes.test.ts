// A bare weekend ("周末", "这个周末", "over the weekend") is a fuzzy step time like 这周末: Saturday
// 10:00 of this week; said on Saturday or Sunday it is later today, never a Saturday already gone.
// A visit "周末" reported on a weekday happened the weekend just gone. 这周末 / 下周末 are unchanged.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const at = (text: string, now: string) => parseRules(text, { now: new Date(now), timezone: 'Asia/Shanghai' });
const TUE = '2026-11-24T15:00:00+08:00';
const SAT_AFTERNOON = '2026-11-28T15:00:00+08:00';

describe('周末 as a step time', () => {
  const rows: Array<[string, string, string]> = [
    ['周末把报价单发给启明医疗的钱主任', '2026-11-28T10:00:00+08:00', '周末'],
    ['这个周末约北辰家居的赵总钓鱼', '2026-11-28T10:00:00+08:00', '这个周末'],
    ['周末前把演示环境搭好给金桥化工', '2026-11-28T10:00:00+08:00', '周末前'],
    ['Send Harbor Foods the revised deck over the weekend', '2026-11-28T10:00:00+08:00', 'over the weekend'],
    ['Call Pinecrest Dental next weekend about the renewal', '2026-12-05T10:00:00+08:00', 'next weekend'],
  ];
  for (const [text, dueAt, label] of rows) {
    it(text, () => {
      const p = at(text, TUE);
      expect(p.nextSteps).toHaveLength(1);
      expect(new Date(p.nextSteps[0].dueAt!).toISOString()).toBe(new Date(dueAt).toISOString());
      expect(p.nextSteps[0].dueLabel).toBe(label);
    });
  }

  it('said on Saturday afternoon it is later today', () => {
    const due = new Date(at('周末给云帆物流的郑总回个电话', SAT_AFTERNOON).nextSteps[0].dueAt!).getTime();
    expect(due).toBeGreaterThan(new Date(SAT_AFTERNOON).getTime());
    expect(due).toBeLessThanOrEqual(new Date('2026-11-28T23:00:00+08:00').getTime());
  });

  it('这周末 said on Saturday afternoon is later today too', () => {
    const due = new Date(at('这周末约北辰家居赵总吃饭', SAT_AFTERNOON).nextSteps[0].dueAt!).getTime();
    expect(due).toBeGreaterThan(new Date(SAT_AFTERNOON).getTime());
  });

  it('这周末 and 下周末 keep their times', () => {
    expect(new Date(at('这周末约云帆物流郑总打球', TUE).nextSteps[0].dueAt!).toISOString()).toBe(new Date('2026-11-28T10:00:00+08:00').toISOString());
    expect(new Date(at('下周末去启明医疗做培训', TUE).nextSteps[0].dueAt!).toISOString()).toBe(new Date('2026-12-05T10:00:00+08:00').toISOString());
  });
});

describe('周末 in a report', () => {
  it('a visit 周末 told on a weekday was last weekend', () => {
    const p = at('周末去了趟北辰家居，见了赵总', TUE);
    expect(p.activity?.type).toBe('VISIT');
    expect(new Date(p.activity!.occurredAt!).toISOString()).toBe(new Date('2026-11-21T10:00:00+08:00').toISOString());
  });

  it('a greeting names no time to act on', () => {
    expect(at('周末愉快', TUE).nextSteps).toHaveLength(0);
  });
});
