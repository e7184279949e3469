// Where a customer's name stops: a verb of ours before it (请, 陪, a doubled verb such as 看看/聊聊)
// is never inside the name, and a document we write (标书, 投标文件, 证书, 图纸) is never a customer.
// Whom a deal was lost to ("输给了X", "被X抢走") or a vendor compared with us ("我们和X的方案", "X的报价比
// 我们低") is a rival, so the deal stays with the customer.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const customer = (t: string) => parseRules(t, ctx).customer?.name ?? null;

describe('a verb of ours is not inside the name', () => {
  it('请 before the name', () => expect(customer('昨晚请伊利的孙总喝了顿酒，聊得挺好')).toBe('伊利'));
  it('a doubled verb before the name', () => expect(customer('下周二去芜湖拜访奇瑞，顺便看看江淮')).toBe('奇瑞'));
});

describe('documents are no customers', () => {
  for (const text of ['下周一前要把投标文件做完', '周三前把施工图纸发过去', '明天把资质证书扫描一份']) {
    it(text, () => expect(customer(text)).toBeNull());
  }
});

describe('lost to a rival', () => {
  it('输给了 <rival>', () => {
    const r = parseRules('东岳化工的项目输给了浪潮，对方价格低了两成', ctx);
    expect([r.intent, r.customer?.name, r.opportunity?.stage]).toEqual(['update_opportunity', '东岳化工', 'LOST']);
  });
});

// A vendor compared with us ("在比我们和X的方案", "X的报价比我们低") is a rival, not the customer.
describe('compared with us: a rival', () => {
  it('我们和 <rival>', () => expect(customer('去了趟安井食品，他们在对比我们和Oracle的方案')).toBe('安井食品'));
  it('<rival>的报价比我们…', () => expect(customer('客户说浪潮的报价比我们便宜15%')).toBeNull());
});
