// Summaries left fragments where a stored figure was taken out: "金额要到50万左右" became "金额要到
// 左右", "deal around 80k" became "deal", "budget is about 200k" became "budget is". The words that
// only lead to the figure and a qualifier right after it go with it.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-24T08:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [], knownCustomers: ['远景能源'] };
const summary = (t: string) => parseRules(t, ctx).activity?.summary;

describe('a stored figure leaves no fragment in the summary', () => {
  for (const [text, want] of [
    ['下午去远景能源见了冯总，这一期能做到120万上下，技术上没问题', '去远景能源见冯总，技术上没问题'],
    ['拜访远景能源的冯总，合同额要到65万左右', '拜访远景能源冯总'],
    ['Visited Brightline Foods, budget is roughly 120k, they liked the demo', 'Visited Brightline Foods, they liked the demo'],
    ['Call with Harbor Freightways, deal value about 45k or so', 'Call with Harbor Freightways'],
  ] as const) {
    it(text, () => expect(summary(text)).toBe(want));
  }
  it('the figure is still stored', () => {
    expect(parseRules('拜访远景能源的冯总，合同额要到65万左右', ctx).opportunity?.amount).toBe(650000);
  });
});
