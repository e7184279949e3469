// A short stage change of a named customer: the name with its side word ("X那边阶段改成…", "X这边，
// 金额改成…") opens the sentence as the deal's owner, even when the name alone is weak evidence;
// 到 + stage word + 了 ("阶段到谈判了") says where the deal got to; and a stage's own label
// ("商务谈判", "方案阶段") is never taken for a customer's name.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);

describe('<name>那边/这边 + a field change updates that customer\'s deal', () => {
  for (const [text, name, stage] of [
    ['瑞科那边阶段改成报价', '瑞科', 'QUOTATION'],
    ['把朗逸这边的阶段改为方案', '朗逸', 'PROPOSAL'],
    ['德胜那边，阶段调整成谈判', '德胜', 'NEGOTIATION'],
  ] as const) {
    it(text, () => {
      const r = parse(text);
      expect(r.intent).toBe('update_opportunity');
      expect(r.customer?.name).toBe(name);
      expect(r.opportunity?.stage).toBe(stage);
    });
  }
  it('…and an amount too', () => {
    const r = parse('恒越那边金额改成42万');
    expect([r.intent, r.customer?.name, r.opportunity?.amount]).toEqual(['update_opportunity', '恒越', 420000]);
  });
});

describe('到 <stage> 了', () => {
  it('瑞科那边阶段到报价了', () => expect(parse('瑞科那边阶段到报价了').opportunity?.stage).toBe('QUOTATION'));
  it('…but 收到/拿到 a thing is no stage', () => expect(parse('昨天收到他们的报价了').opportunity?.stage ?? null).toBeNull());
});

describe('a stage label is never a customer', () => {
  it('现在到合同谈判了', () => {
    const r = parse('现在到合同谈判了');
    expect(r.customer).toBeNull();
    expect(r.opportunity?.stage).toBe('NEGOTIATION');
  });
});
