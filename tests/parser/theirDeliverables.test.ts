// What the customer side does is theirs, never our step: their own thing coming out ("对方的X月底
// 批下来", possessive subject + a verb of coming out) and their buying (vocab/demands.ts
// CUSTOMER_BUYS with a quantity or at the clause end, and no verb of ours such as 跟进/催 before it).
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };

describe('their deliverables and purchases are not our steps', () => {
  for (const text of ['对方的采购预算月底批下来', '客户的需求文档下周三出来', '王总说试用效果不错，打算明年再增购两百套', '他们明年打算续费三年']) {
    it(text, () => expect(parseRules(text, ctx).nextSteps).toEqual([]));
  }
  it('…but our own work on their thing stays ours', () => {
    expect(parseRules('他们的报价单我们下周出', ctx).nextSteps.length).toBe(1);
    expect(parseRules('下周跟进一下他们采购', ctx).nextSteps.length).toBe(1);
  });
  it('their decision date is the expected close, not a step', () => {
    const r = parseRules('客户的标书下周出，预计1月中旬出结果', ctx);
    expect(r.nextSteps).toEqual([]);
    expect(r.opportunity?.expectedCloseDate?.slice(0, 7)).toBe('2027-01');
  });
});

describe('their thing coming back', () => {
  it('对方的协议下周盖章寄回', () => expect(parseRules('对方的协议下周盖章寄回', ctx).nextSteps).toEqual([]));
});
