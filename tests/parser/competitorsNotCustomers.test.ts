// Why this file exists: a competitor named by its position was taken for the customer or gave the
// customer contacts — "他们也在看用友的方案" made "看用友" the customer, "用友的小王也在" filed 小王 as
// the customer's contact, and "报价比我们低10万" stored 10万 as the deal. The positions that say a
// company is a competitor are data (vocab/competitors.ts): after a competitor word, after the
// customer's also looking at it, or before its people being there too. Its people are no contacts;
// a difference between two prices is no deal amount; the words stay in the activity's summary.
// Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { findCustomers, pickCustomers } from '../../src/intents/rules/customers.js';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);
const rivals = (t: string) => pickCustomers(t, findCustomers(t, [])).competitors;

describe('a competitor by its position is never the customer', () => {
  it.each([
    ['客户还在对比金蝶的方案', '金蝶'],
    ['今天拜访了远大能源，他们也在看浪潮的报价', '浪潮'],
    ['拜访了青松环保，金蝶的人也在', '金蝶'],
  ])('%s', (text, rival) => {
    expect(rivals(text)).toContain(rival);
    expect(p(text).customer?.name ?? '').not.toContain(rival);
  });

  it('the customer itself doing something too is no competitor', () => {
    expect(rivals('远大能源也在用我们的系统')).toEqual([]);
  });
});

describe('a competitor\'s people are not the customer\'s contacts', () => {
  it('its person named at our meeting', () => {
    const r = p('今天和青松环保开了方案评审会，金蝶的小李也在');
    expect(r.customer?.name).toBe('青松环保');
    expect(r.contacts.map((x) => x.name)).not.toContain('小李');
    expect(r.activity?.summary).toContain('金蝶的小李也在');
  });
  it('…while the customer\'s own people stay', () => {
    const r = p('今天拜访了远大能源，见了孙总，浪潮的小赵也在');
    expect(r.contacts.map((x) => x.name)).toEqual(['孙总']);
  });
});

describe('a price difference is no deal amount', () => {
  it.each(['今天拜访了远大能源，竞品是浪潮，价格比我们低8万', '去了青松环保，他们说金蝶便宜了5万'])('%s', (text) => {
    const r = p(text);
    expect(r.opportunity?.amount ?? null).toBeNull();
    expect(r.activity?.summary).toMatch(/[58]万/);
  });
  it('…the deal\'s own figure beside it still is', () => {
    expect(p('拜访了远大能源，报价52万，比浪潮贵了6万').opportunity?.amount).toBe(520000);
  });
});

// A rival found by what it does — bidding, fighting for the deal, weighed against us — and the
// price "他们" quote right after a rival was named there is theirs (vocab/competitors.ts RIVAL_ACTS,
// COMPARING). Sentences written for this file.
describe('a company bidding or weighed against us is a competitor', () => {
  it.each([
    ['上午去了鼎丰食品，用友也参与投标了', '用友', '鼎丰食品'],
    ['青松环保那边东软在跟我们抢这个单', '东软', '青松环保'],
    ['晨光物流还在比较浪潮和我们', '浪潮', '晨光物流'],
  ])('%s', (text, rival, customer) => {
    expect(rivals(text)).toContain(rival);
    expect(p(text).customer?.name).toBe(customer);
  });
});

describe('the price a rival quotes is no deal amount', () => {
  it.each(['拜访了晨光印务，金蝶的人也在场，他们报了36万', '去了鼎丰食品，东软也来报价了，对方给的价格是28万'])('%s', (text) => {
    const r = p(text);
    expect(r.opportunity?.amount ?? null).toBeNull();
    expect(r.activity?.summary).toMatch(/(?:36|28)万/);
  });
  it('…while our own figure in the next sentence still is', () => {
    expect(p('拜访了晨光印务，金蝶的人也在场。我们报价40万').opportunity?.amount).toBe(400000);
  });
});
