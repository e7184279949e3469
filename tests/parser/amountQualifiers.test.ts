// Why this file exists: "预算15万以内" was stored as a plain 15万 with the words cut from the note,
// and a monthly fee ("报价12000元，月付", "每月3000") replaced the deal's amount as if it were the total.
// The schema has no field for a ceiling or a recurring amount, so: a ceiling (以内/以下/封顶/上限,
// under/up to) keeps its figure as the amount and its words in the activity summary, never read as
// firm; a monthly figure is no deal amount and stays in the summary (the assistant then says it was
// not taken as the amount). Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);

describe('a ceiling keeps its words in the note', () => {
  it.each([
    ['今天拜访了远大能源，孙总说预算25万以内', 250000, '25万以内'],
    ['去了青松环保，这个项目预算80万封顶', 800000, '80万封顶'],
    ['Visited Northwind, budget is up to 60k', 60000, 'up to 60k'],
  ])('%s', (text, amount, words) => {
    const r = p(text);
    expect(r.opportunity?.amount).toBe(amount);
    expect(r.activity?.summary).toContain(words);
  });
  it('a firm figure still leaves the note', () => {
    expect(p('今天拜访了远大能源，预算25万').activity?.summary).not.toContain('25万');
  });
});

describe('a monthly fee is not the deal amount', () => {
  it.each([
    ['拜访了鼎丰食品，报价6800元，按月付', '6800元'],
    ['和青松环保开了会，SaaS每月4500', '4500'],
    ['Call with Northwind: they would pay 3k per month', '3k'],
  ])('%s', (text, words) => {
    const r = p(text);
    expect(r.opportunity?.amount ?? null).toBeNull();
    expect(r.activity?.summary).toContain(words);
  });
  it('…and beside it the one-off figure is the deal amount', () => {
    expect(p('拜访了鼎丰食品，系统月费2000，实施费12万').opportunity?.amount).toBe(120000);
  });
});
