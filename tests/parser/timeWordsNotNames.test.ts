// Why this file exists: a time word after a job title ("天成物流的采购周四来我司考察") was filed as a
// contact named 周四, and a call's outcome ("…电话没人接") must never be read as a name either. A
// dictionary word the segmenter tags as time (POS t: 周四, 礼拜三, 月底) is never a person's name.
// Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);

describe('a time word after a job title is no person', () => {
  it.each(['蓝海医药的采购礼拜三来公司看样机', '远航科技的经理周五过来签合同', '宏达建材的财务月底要发票'])('%s', (text) => {
    expect(p(text).contacts.map((c) => c.name)).toEqual([]);
  });

  it('a real name after a title is still found', () => {
    expect(p('蓝海医药的采购王海涛周三来公司看样机').contacts.map((c) => c.name)).toContain('王海涛');
  });
});

describe('how a call went is no customer and no person', () => {
  it.each(['打了孙总电话无人接听', '给周经理打了两次电话都占线', '拨了黄总手机，关机', '下午给何经理打电话没打通'])('%s', (text) => {
    const r = p(text);
    expect(r.customer).toBeNull();
    for (const c of r.contacts) expect(c.name).toMatch(/^[孙周黄何]/);
  });
});
