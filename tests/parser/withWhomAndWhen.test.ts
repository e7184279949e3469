// Who stands next to whom, and when the rep heard it:
// - a person, 和/跟/与, then a company: the person is no part of the customer's name (a 和 inside
//   a brand — 协和医院, 润和置业 — stays);
// - no given name ends in the first character of a meeting word (…的钱芳见面了 is 钱芳);
// - whoever goes along with the rep (我和X一起去了…, X和我一块儿拜访…) is ours, not a contact;
// - the customer's side wanting to see something of ours with a time ahead is our step, also
//   when the side word alone is the subject (X那边想…), when one of their people says it
//   (钱芳说周五想看…), and in a dictated run where the time follows 想;
// - what one of their people told the rep is dated by the rep's time word before them, even when
//   what they said is a signing date.
import { describe, expect, it } from 'vitest';
import { parseRules, statedPast } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] }; // Thursday 11:00
const parse = (t: string) => parseRules(t, ctx);
const names = (t: string) => parse(t).contacts.map((c) => c.name);
const steps = (t: string) => parse(t).nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10) ?? null]);

describe('a person, then 和, then a company', () => {
  it.each([
    ['赵磊和恒通物流的孙静碰了个面', '恒通物流'],
    ['上午张磊与宏远建材的王经理聊了聊', '宏远建材'],
    ['林峰跟华信科技的周敏通了电话', '华信科技'],
  ])('%s', (text, customer) => {
    expect(parse(text).customer?.name).toBe(customer);
  });

  it.each([
    ['上午去协和医院见了信息科的王主任', '协和医院'],
    ['拜访了润和置业的刘总', '润和置业'],
  ])('a 和 inside a brand stays: %s', (text, customer) => {
    expect(parse(text).customer?.name).toBe(customer);
  });
});

describe('a company with no organisation word, then a full name', () => {
  it('拜访了X+name，…: the name is whom the rep met', () => {
    const r = parse('上午拜访了宏远钱志军，聊了交期');
    expect([r.customer?.name, r.contacts.map((c) => c.name)]).toEqual(['宏远', ['钱志军']]);
  });
  it.each([
    ['拜访了烟台张裕，聊了团购', '烟台张裕'],
    ['去了苏州同程旅行，见了行政部的人', '苏州同程旅行'],
    ['拜访了嘉兴闻泰的生产部', '嘉兴闻泰'],
  ])('a city before a brand, or a brand owning something, stays whole: %s', (text, customer) => {
    expect(parse(text).customer?.name).toBe(customer);
  });
});

describe('a name before a meeting word', () => {
  it('…的钱芳见面了', () => expect(names('下午和瑞祥食品的钱芳见面了')).toEqual(['钱芳']));
  it('…的孙静见过', () => expect(names('上周跟恒通物流的孙静见过一次')).toEqual(['孙静']));
});

describe('going along with the rep', () => {
  it('我跟X一起去了…', () => {
    const r = parse('今天我跟孙浩一起去了宏远建材');
    expect([r.customer?.name, r.activity?.type, r.contacts]).toEqual(['宏远建材', 'VISIT', []]);
  });
  it('X和我一块儿拜访了…: only their person is a contact', () => {
    expect(names('陈晨和我一块儿拜访了恒通物流的赵总')).toEqual(['赵总']);
  });
  it('我和X聊了: X is whom the rep talked to', () => expect(names('我和宋佳聊了一下报价')).toEqual(['宋佳']));
  it.each([
    ['小周和恒通物流的孙静对了一下发货计划', ['孙静']],
    ['上午赵磊跟宏远建材钱芳碰了个面', ['钱芳']],
  ])('a person opening the clause who meets their person is ours: %s', (text, who) => {
    expect(names(text)).toEqual(who);
  });
  it('two people each named with their company are both theirs', () => {
    expect(names('恒通物流的孙静和宏远建材的钱芳一起来参观了')).toEqual(['孙静', '钱芳']);
  });
});

describe('their wish to see something of ours is our step', () => {
  it('the side word alone', () => expect(steps('宏远建材那边希望月底前看一下我们的方案')).toEqual([['方案', '2026-11-30']]));
  it('one of their people says it', () => expect(steps('瑞祥食品的钱芳说周五想看一下演示')).toEqual([['演示', '2026-11-27']]));
  it('said right after the company, no 的', () => {
    const r = parse('恒通物流孙静说下周要看报价单');
    expect([r.customer?.name, r.contacts.map((c) => c.name), r.nextSteps.map((s) => s.title)]).toEqual(['恒通物流', ['孙静'], ['报价单']]);
  });
  it('dictated, the time after 想', () => {
    const r = parse('恒通物流那边他们想下周二看看我们的报价单');
    expect([r.intent, r.customer?.name]).toEqual(['create_task', '恒通物流']);
    expect(r.nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10)])).toEqual([['报价单', '2026-12-01']]);
  });
  it('a person of theirs right after the company wishes it', () => {
    const r = parse('宏远建材钱芳想下周一看一下演示');
    expect([r.customer?.name, r.contacts.map((c) => c.name), r.nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10)])]).toEqual(['宏远建材', ['钱芳'], [['演示', '2026-11-30']]]);
  });
  it('…or with 的, the title without who wished or their seeing', () => expect(steps('恒通物流的孙静希望月底前看看我们的方案')).toEqual([['方案', '2026-11-30']]));
  it('a wish of theirs for something else is no step', () => expect(steps('宏远建材钱芳想换一家供应商')).toEqual([]));
  it('not when they do not want it', () => expect(steps('钱芳说不想看方案')).toEqual([]));
  it('with when they said it between the speaker and the telling', () => {
    const t = '恒通物流赵总前天说下周想看一下演示';
    expect(steps(t)).toEqual([['演示', '2026-11-30']]);
    expect(statedPast(t, ctx)).toBe('2026-11-24T10:00:00+08:00');
  });
  it('our own wish is no ask of theirs', () => expect(steps('我们这边想下周看方案').map(([t]) => t)).not.toEqual(['方案']));
});

describe('when the rep heard it', () => {
  it('a signing date in their words: dated by the time before the speaker', () => {
    const t = '前天恒通物流的赵总说合同定在下周一签';
    expect(parse(t).opportunity?.expectedCloseDate?.slice(0, 10)).toBe('2026-11-30');
    expect(statedPast(t, ctx)).toBe('2026-11-24T10:00:00+08:00');
  });
  it('…and with a step asked of us', () => {
    expect(statedPast('昨天瑞祥食品钱芳说让我们周五前把报价发过去', ctx)).toBe('2026-11-25T10:00:00+08:00');
  });
  it('…and with the time between the speaker and the telling', () => {
    expect(statedPast('恒通物流赵总昨天说合同下周一签', ctx)).toBe('2026-11-25T10:00:00+08:00');
    expect(statedPast('恒通物流的赵总昨天说预算批下来了', ctx)).toBe('2026-11-25T10:00:00+08:00');
  });
  it('a visit the message reports is not dated by when they said something', () => {
    expect(parse('拜访了恒通物流，赵总昨天说预算批下来了').activity?.occurredAt).toBe('2026-11-26T11:00:00+08:00');
  });
  it('a time only in what they said dates nothing', () => {
    expect(statedPast('赵总说合同下周一签', ctx)).toBeNull();
  });
});

describe('English: things shipped to the customer', () => {
  it.each([
    ['Mailed two brochures to Pinecrest Dental this morning', 'Pinecrest Dental'],
    ['Delivered the demo units to Harbor Freight Logistics', 'Harbor Freight Logistics'],
    ['Handed over the samples to Maple Leaf Foods yesterday', 'Maple Leaf Foods'],
  ])('%s: by post or by hand, no email', (text, customer) => {
    const r = parse(text);
    expect([r.intent, r.activity?.type, r.customer?.name]).toEqual(['log_activity', 'OTHER', customer]);
  });
  it('a document mailed is still an email', () => expect(parse('Mailed the revised proposal to Redwood Health').activity?.type).toBe('EMAIL'));
});

describe('English: their wish to see something of ours, and when they told it', () => {
  it.each([
    ['Redwood Health wants to see our pricing on Monday', 'pricing', '2026-11-30'],
    ['Over at Bluewater Marine they\'d like to see the demo next Wednesday', 'demo', '2026-12-02'],
    ['Priya at Pinecrest Dental said they want to see the proposal by Friday', 'proposal', '2026-11-27'],
  ])('%s', (text, title, day) => {
    const r = parse(text);
    expect(r.intent).toBe('create_task');
    expect(r.nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10)])).toEqual([[title, day]]);
  });
  it.each([
    ['Yesterday Priya from Pinecrest Dental said they will sign next Monday', '2026-11-25T10:00:00+08:00'],
    ['Priya from Pinecrest Dental told me yesterday they will sign next Monday', '2026-11-25T10:00:00+08:00'],
  ])('%s: heard yesterday', (text, at) => expect(statedPast(text, ctx)).toBe(at));
  it('a time in what they said dates nothing', () => expect(statedPast('Priya said they signed yesterday', ctx)).toBeNull());
});
