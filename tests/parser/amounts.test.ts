// Amount normalisation through the public parser: every spelling lands in opportunity.amount.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import { findAmounts } from '../../src/intents/rules/amounts.js';
import { parseChineseNumber } from '../../src/intents/rules/numbers.js';

const ctx = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai' };

const rows: Array<[string, number, string]> = [
  ['方舟电子预计30万', 300000, 'CNY'],
  ['方舟电子预算1.5亿', 150000000, 'CNY'],
  ['Acme budget 50k', 50000, 'CNY'],
  ['Acme deal size 2.5m', 2500000, 'CNY'],
  ['Acme deal size 2.5M', 2500000, 'CNY'],
  ['方舟电子报价¥300,000', 300000, 'CNY'],
  ['方舟电子报价￥300000', 300000, 'CNY'],
  ['方舟电子金额300,000元', 300000, 'CNY'],
  ['方舟电子大概30万元', 300000, 'CNY'],
  ['方舟电子估计三十万', 300000, 'CNY'],
  ['方舟电子预计一百二十万', 1200000, 'CNY'],
  ['方舟电子预算十五万五', 155000, 'CNY'],
  ['方舟电子合同额两千万', 20000000, 'CNY'],
  ['Acme worth $50k', 50000, 'USD'],
  ['方舟电子预算 300000', 300000, 'CNY'],
  ['方舟电子约30w', 300000, 'CNY'],
];

describe('amounts', () => {
  for (const [text, amount, currency] of rows) {
    it(text, () => {
      const r = parseRules(text, ctx);
      expect(r.intent).toBe('update_opportunity');
      expect(r.opportunity?.amount).toBe(amount);
      expect(r.opportunity?.currency).toBe(currency);
    });
  }

  it('dates, phone numbers, percentages and counts are not money', () => {
    for (const t of ['10月15日', '电话13812345678', '增长30%', '3个人参加', '12/15', '下午3点', 'Q3', '2026年', '千万别忘了', '万一不行']) {
      expect(findAmounts(t), t).toEqual([]);
    }
  });

  it('the cued amount wins over an incidental one', () => {
    const r = parseRules('方舟电子有200人，预算50万', ctx);
    expect(r.opportunity?.amount).toBe(500000);
  });

  it('Chinese numerals', () => {
    expect(parseChineseNumber('一万五')).toBe(15000);
    expect(parseChineseNumber('三点五万')).toBe(35000);
    expect(parseChineseNumber('一亿二千万')).toBe(120000000);
    expect(parseChineseNumber('一千二百万')).toBe(12000000);
    expect(parseChineseNumber('三五')).toBeNull();
  });
});

describe('a first payment named 首款 / 首期款', () => {
  it('is a planned payment when a time and 到 follow, a payment when it has come', () => {
    const at = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai' };
    const signed = parseRules('北岭物流签约36万，首款12万下周三到', at);
    expect(signed.deal?.contractAmount).toBe(360000);
    expect(signed.deal?.plannedPayments.map((p) => p.amount)).toEqual([120000]);
    expect(parseRules('澜湾食品首期款8万已经到了', at).deal?.paymentAmount).toBe(80000);
  });
});
