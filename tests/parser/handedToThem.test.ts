// "恒通制造的李总说方案要再改一版，下周五前给他" left the task "给他" — to whom, and what? A verb of
// handing over with only a pronoun after it takes the last thing we send named before
// (vocab/documents.ts DELIVERABLES) and the last person named before: "把方案给李总".
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [], knownCustomers: ['远景能源'] };
const titles = (t: string) => parseRules(t, ctx).nextSteps.map((s) => s.title);

describe('给他 after a thing and a person named before', () => {
  for (const [text, want] of [
    ['远景能源的冯总觉得标书还要补几页，月底前交给他', '把标书交给冯总'],
    ['见了远景能源采购部的蒋经理，规格书他们还没看到，明天给她', '把规格书给蒋经理'],
    ['远景能源说样品不够，周三前再给他们', '再把样品给他们'],
  ] as const) {
    it(text, () => expect(titles(text)).toEqual([want]));
  }
  it('with nothing named before it stays as said', () => {
    expect(titles('远景能源的冯总挺急的，明天给他回个电话')).toHaveLength(1);
  });
});
