// People named where a clause starts or with a time word after them, and visit words both ways
// (src/intents/rules/people.ts, vocab/activities.ts). Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownCustomers: ['云杉家居', '白鹭酒店'], knownUsers: ['李娜'] };
const p = (t: string) => parseRules(t, ctx);
const names = (t: string) => p(t).contacts.map((c) => c.name);

describe('a bare full name opening a clause', () => {
  it('is a person when what a person does follows, perhaps after a time word or an adverb', () => {
    expect(names('孔令辉今天回复说方案可以')).toEqual(['孔令辉']);
    expect(names('谭晓峰刚才打电话说下周来签')).toEqual(['谭晓峰']);
    expect(names('上午去了云杉家居，邵雨桐说预算批了')).toEqual(['邵雨桐']);
    expect(names('欧阳振华反馈说样机没问题')).toEqual(['欧阳振华']);
    expect(names('昨天苗嘉禾确认了需求')).toEqual(['苗嘉禾']);
  });
  it('is not a word that the dictionary also lists as a name, a colleague, or a name before a particle', () => {
    expect(names('陈述说得很清楚')).toEqual([]);
    expect(names('林立说明了情况')).toEqual([]);
    expect(names('李娜说下周一起去')).toEqual([]);
  });
});

describe('a name ends before a time word and a verb', () => {
  it('白鹭酒店的郑思远上午来访 / 带云杉家居的孔令辉考察了工厂', () => {
    expect(names('白鹭酒店的郑思远上午来访，聊了排期')).toEqual(['郑思远']);
    expect(names('带云杉家居的孔令辉考察了我们的工厂')).toEqual(['孔令辉']);
  });
});

describe('a full name right after the customer\'s name', () => {
  it('is that customer\'s person, also before a break', () => {
    const r = p('白鹭酒店郑思远说他们老板同意了，合同价28万');
    expect([r.customer?.name, r.contacts.map((c) => c.name)]).toEqual(['白鹭酒店', ['郑思远']]);
    expect(names('拜访了云杉家居孔令辉，聊了交付')).toEqual(['孔令辉']);
    expect(names('拜访了云杉家居，聊了交付')).toEqual([]);
  });
});

describe('visit words go both ways', () => {
  it('they came to us, in the past: a visit', () => {
    for (const t of ['昨天白鹭酒店的郑总来我们公司参观了', '云杉家居一行四人下午到访', '上午陪白鹭酒店的郑思远考察了样板间']) expect(p(t).activity?.type, t).toBe('VISIT');
  });
  it('one they only plan is no activity', () => {
    expect(p('白鹭酒店的郑总说月底来参观').activity?.type ?? null).not.toBe('VISIT');
    expect(p('下周三云杉家居来考察').activity).toBeNull();
  });
});
