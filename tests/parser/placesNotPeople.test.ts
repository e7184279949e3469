// A place that opens with a surname (王府井, 张家港, 陆家嘴, 徐家汇) is where the rep was, never a
// contact and never the customer on its own (vocab/places.ts). People with those surnames, and
// companies named after a place (王府井百货), are unaffected. Likewise a two-character brand that
// reads like a full name (沙钢 = 沙 + 钢) is the company when it owns someone by honorific ("沙钢的王总").
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);
const names = (t: string) => parse(t).contacts.map((c) => c.name);

describe('places are not people', () => {
  const rows: Array<[string, string | null]> = [
    ['王府井那边的两家门店今天都去看了', null],
    ['下午在陆家嘴跟恒生电子的何经理喝了咖啡', '恒生电子'],
    ['张家港这边的仓库下周去盘一下', null],
    ['上午在徐家汇见了百联集团的物业经理钱伟', '百联集团'],
    ['今天去五角场见了个新客户', null],
  ];
  for (const [text, customer] of rows) {
    it(text, () => {
      const p = parse(text);
      expect(p.contacts.map((c) => c.name).filter((n) => /王府井|陆家嘴|张家港|徐家汇|五角场/.test(n))).toEqual([]);
      expect(p.customer?.name ?? null).toBe(customer);
    });
  }
});

describe('people and companies nearby are kept', () => {
  it('a person with that surname', () => {
    expect(names('拜访了恒生电子，见了张家豪和王府明')).toEqual(expect.arrayContaining(['张家豪']));
    expect(names('上午去了百联集团，陆家伟经理在')).toEqual(expect.arrayContaining(['陆家伟']));
  });

  it('a company named after a place', () => {
    expect(parse('今天拜访了王府井百货的采购经理刘芳').customer?.name).toBe('王府井百货');
  });
});

describe('a brand that reads like a name, owning its boss, is the company', () => {
  const rows: Array<[string, string, string]> = [
    ['下午在张家港见了沙钢的王总', '沙钢', '王总'],
    ['上午见了汤臣的李经理，聊了物业系统', '汤臣', '李经理'],
    ['昨天跟鲁泰的周工通了电话', '鲁泰', '周工'],
  ];
  for (const [text, customer, person] of rows) {
    it(text, () => {
      const p = parse(text);
      expect(p.customer?.name).toBe(customer);
      expect(p.contacts.map((c) => c.name)).toEqual([person]);
    });
  }

  it('a person owning someone by title stays a person', () => {
    expect(names('拜访了远航重工，见了刘兵的助理小王')).toEqual(['刘兵', '小王']);
  });
});
