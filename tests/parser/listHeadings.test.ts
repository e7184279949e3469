// A counted list's heading speaks for every item: its verb ("见了两个客户：", "开了会：") is each
// item's kind of contact unless the item names its own channel (a general word such as 谈了 does
// not), and a heading of meetings arranged ("约了两个客户：") makes each item that is only whom and
// when a meeting ahead. Items end at semicolons, or at commas when the commas cut exactly as many
// items as the heading counts.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };

describe('a list heading gives its verb to the items', () => {
  it('the heading verb is each part’s activity; a general word of an item does not override it', () => {
    const r = parseRules('昨天拜访了两家客户：上午华润万家的程刚，聊了接口；下午永辉超市的周经理，价格基本谈妥了', ctx);
    expect(r.parts.map((p) => [p.customer.name, p.activityType])).toEqual([
      ['华润万家', 'VISIT'],
      ['永辉超市', 'VISIT'],
    ]);
  });
  it('an item’s own channel wins over the heading', () => {
    const r = parseRules('今天跑了两家：上午海信家电王总聊了方案；晚上又给雅戈尔的李总打了电话', ctx);
    expect(r.parts.map((p) => p.activityType)).toEqual(['VISIT', 'CALL']);
  });
  it('with no heading, each part keeps its own words', () => {
    const r = parseRules('上午和海信家电王总吃了饭，下午拜访了雅戈尔的李总', ctx);
    expect(r.parts.map((p) => p.activityType)).toEqual(['OTHER', 'VISIT']);
  });
});

describe('meetings arranged as a counted list', () => {
  it('comma-separated items, as many as counted, are one meeting each', () => {
    const r = parseRules('约好了两家客户：华润万家下周一上午，雅戈尔周五下午', ctx);
    expect(r.intent).toBe('create_task');
    expect(r.parts.map((p) => p.customer.name)).toEqual(['华润万家', '雅戈尔']);
    expect(r.parts.map((p) => p.nextSteps.map((x) => x.title))).toEqual([['和华润万家见面'], ['和雅戈尔见面']]);
    expect(r.nextSteps.map((x) => x.dueAt?.slice(0, 10))).toEqual(['2026-11-30', '2026-11-27']);
  });
  it('commas that do not match the count make no list', () => {
    const r = parseRules('拜访了两家客户：海信家电确认了需求，下周出方案，雅戈尔还在讨论', ctx);
    expect(r.parts.map((p) => p.customer.name)).not.toContain('下周');
  });
});

describe('a list item may open with its time or a preposition before its customer', () => {
  it('上午X…；中午和Y吃了饭；下午Z…', () => {
    const r = parseRules('昨天跑了三家客户：上午万华化学的孙经理，聊了扩产；中午和鲁泰吃了饭；下午晨鸣纸业的王工，演示了系统', ctx);
    expect(r.parts.map((p) => p.customer.name)).toEqual(['万华化学', '鲁泰', '晨鸣纸业']);
  });
});

describe('a heading counted in meetings', () => {
  it('开了两个会：… gives MEETING to both items', () => {
    const r = parseRules('今天开了两个会：上午跟海信家电过了需求，下午和雅戈尔对了报价', ctx);
    expect(r.parts.map((p) => [p.customer.name, p.activityType])).toEqual([
      ['海信家电', 'MEETING'],
      ['雅戈尔', 'MEETING'],
    ]);
  });
});

describe('an English counted heading', () => {
  it('Met three customers today: A…; B…; C… — one part each, the heading’s verb for all', () => {
    const r = parseRules('Visited three accounts this morning: Initech, reviewed the rollout; Umbrella, pricing is fine; Hooli, they want a pilot', ctx);
    expect(r.parts.map((p) => [p.customer.name, p.activityType])).toEqual([
      ['Initech', 'VISIT'],
      ['Umbrella', 'VISIT'],
      ['Hooli', 'VISIT'],
    ]);
  });
});

describe('a heading with words between its count and the colon', () => {
  it('打了两个电话：… / 跟两个客户聊了：… — the heading is no part of the first item', () => {
    const r = parseRules('下午打了两个电话：海信家电王总说预算批了；雅戈尔的李总还在比价', ctx);
    expect(r.parts.map((p) => [p.customer.name, p.activityType])).toEqual([
      ['海信家电', 'CALL'],
      ['雅戈尔', 'CALL'],
    ]);
    expect(r.parts[0].summary).not.toMatch(/电话/);
  });
});
