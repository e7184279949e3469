// A decision still to come ("等王总拍板签约", "下周拍板签约", "可以签约了") is not a signed deal:
// only a signature that has happened ("已经拍板签了", "拍板签约了", "今天签约了") records a won deal.
// Intent stays a stage signal at most, and the decision verb is never read as a customer name.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';
import { getStages } from '../../src/domain/stages.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const won = () => getStages().find((s) => s.closes === 'WON')!.key;
const parse = (t: string) => parseRules(t, ctx);

describe('a signature still to be decided is no won deal', () => {
  for (const text of [
    '恒泰包装这周等冯总拍板签约',
    '就等采购那边拍板签约了，金额60万',
    '云帆物流郑总说可以拍板签约了',
    '启明医疗月底拍板签约，金额30万',
    '北辰家居准备拍板签约',
    '金桥化工同意签约，下周走流程',
  ]) {
    it(text, () => {
      const p = parse(text);
      expect(p.opportunity?.stage ?? null).not.toBe(won());
      expect(p.deal).toBeNull();
      expect(p.customer?.name ?? '').not.toMatch(/拍板/);
    });
  }
});

describe('a signature that happened is still a won deal', () => {
  for (const text of ['恒泰包装冯总已经拍板签了，合同45万', '北辰家居拍板签约了', '金桥化工今天签约了，合同28万', '云帆物流那单签下来了']) {
    it(text, () => {
      expect(parse(text).opportunity?.stage).toBe(won());
    });
  }

  it('a future signing date is still the expected close date', () => {
    expect(parse('启明医疗下周拍板签约，金额30万').opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-11-30');
  });
});

describe('payment terms are no signing', () => {
  it('when a payment falls due (签约付40%, 签合同后付三成) is a term of the deal, not a won deal', () => {
    const at = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai' };
    for (const t of ['青峰茶业的付款方式定了：签约付30%，到货付60%，尾款10%', '远帆科技谈好了，签合同后付五成，上线后付五成'])
      expect(parseRules(t, at).opportunity?.stage ?? null, t).not.toBe('WON');
    expect(parseRules('青峰茶业合同签了，签约付30%', at).opportunity?.stage).toBe('WON');
  });
});

describe('papers that are not the contract', () => {
  it('an NDA, a letter of intent or a receipt signed is no won deal; the contract 已签 is', () => {
    const at = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai' };
    for (const t of ['今天和北岭物流签了保密协议，下周开始调研', '澜湾食品的合作意向书已经签了', '远帆科技的样机已签收'])
      expect(parseRules(t, at).opportunity?.stage ?? null, t).not.toBe('WON');
    expect(parseRules('北岭物流的合同已签，金额36万', at).opportunity?.stage).toBe('WON');
  });
});
