// "把技术方案和报价单发给吴工" was two tasks, "把技术方案" and "报价单发给吴工", and 报价单 was offered
// as the customer: the 和 was read as joining two steps because 报价单 starts with 报价 (发票 with
// 发). Mechanisms: 和/and splits only when the right side starts with an action word, not with a
// noun that only begins like one (jieba's word and part of speech, nextSteps.ts nounAtStart); a
// weak customer guess made of things we send (vocab/documents.ts DELIVERABLES) is the thing.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [], knownCustomers: ['远景能源'] };
const parse = (t: string) => parseRules(t, ctx);

describe('two things joined by 和 are one step', () => {
  for (const [text, want] of [
    ['周一前把产品手册和报价表寄给采购的郑经理', '把产品手册和报价表寄给采购的郑经理'],
    ['月底之前把授权书和发票快递给远景能源的财务', '把授权书和发票快递给远景能源的财务'],
    ['下周把规格书和报价单发给他们技术部', '把规格书和报价单发给他们技术部'],
  ] as const) {
    it(text, () => expect(parse(text).nextSteps.map((s) => s.title)).toEqual([want]));
  }

  it('two actions joined by 和 are still two steps', () => {
    expect(parse('周四前发报价和安排演示').nextSteps.map((s) => s.title)).toEqual(['发报价', '演示']);
    expect(parse('下周拜访远景能源和电话回访老客户').nextSteps).toHaveLength(2);
  });
});

describe('a thing we send is not the customer', () => {
  for (const text of ['周三前报价单发给钱工', '技术方案和资料下周带给马经理', '说明书明天寄给孙主任']) {
    it(text, () => expect(parse(text).customer).toBeNull());
  }
  it('a company whose name holds such a word is still a customer', () => {
    expect(parse('拜访了华宇方案科技的赵总').customer?.name).toBe('华宇方案科技');
  });
});
