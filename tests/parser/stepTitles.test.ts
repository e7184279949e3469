// Step titles start at the action and say what it is done to. Mechanisms: the subject pronoun
// (我, 我这边, 我们) is no part of the title; 安排/准备 are only a planning cue when a verb follows
// ("准备下周去拜访" → 去拜访) and the action itself when a thing follows (jieba's part of speech:
// "安排POC", "准备投标材料"); a verb said with no object takes the object said before with the same
// verb ("客户说先寄两台样机，我们周一前寄" → 寄两台样机).
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const titles = (t: string) => parseRules(t, ctx).nextSteps.map((s) => s.title);

describe('安排 / 准备 with a thing after them are the action', () => {
  for (const [text, want] of [
    ['下个月安排一次现场测试', '安排一次现场测试'],
    ['下周二安排产品培训', '安排产品培训'],
    ['周五前准备投标材料', '准备投标材料'],
    ['明天安排一下样机演示环境', '安排样机演示环境'],
  ] as const) {
    it(text, () => expect(titles(text)).toEqual([want]));
  }
  it('…and only a cue when a verb follows', () => {
    expect(titles('准备下周三去拜访一下李经理')).toEqual(['去拜访一下李经理']);
  });
});

describe('the subject is no part of the title', () => {
  for (const [text, want] of [
    ['我下周再约一下他们财务总监', '再约一下他们财务总监'],
    ['我这边周三前把测试报告整理好', '把测试报告整理好'],
    ['我明天去趟无锡看看他们的产线', '去趟无锡看看他们的产线'],
  ] as const) {
    it(text, () => expect(titles(text)).toEqual([want]));
  }
});

describe('a bare verb takes the object said before with the same verb', () => {
  for (const [text, want] of [
    ['对方希望先寄几块样板过去，我们下周一前寄', '寄几块样板'],
    ['陈经理说先发个培训大纲，我周五前发过去', '发培训大纲过去'],
  ] as const) {
    it(text, () => expect(titles(text)).toEqual([want]));
  }
  it('…and stays as it is when nothing was said with that verb', () => {
    expect(titles('资料都齐了，我们明天寄')).toEqual(['寄']);
  });
});

// A "later" word (回头, 这两天) after the subject, a time that qualifies a thing ("这周的拜访记录"),
// and 顺便 before an action in a plan that goes on.
describe('later words, qualifying times, 顺便', () => {
  it('回头 + subject: the title starts at the action', () => {
    const s = parseRules('回头我把产品手册发给钟经理', ctx).nextSteps;
    expect(s.map((x) => [x.title, x.dueLabel])).toEqual([['把产品手册发给钟经理', '回头']]);
  });
  it('我这两天 … is a step labelled 这两天', () => {
    const s = parseRules('我这两天把投标资质整理一下', ctx).nextSteps;
    expect(s.map((x) => [x.title, x.dueLabel])).toEqual([['把投标资质整理一下', '这两天']]);
  });
  it('a time before 的 stays in the title', () => expect(titles('我得赶紧把这周的客户台账补上')).toEqual(['赶紧把这周的客户台账补上']));
  it('顺便 + an action after a plan is a step', () => {
    const r = parseRules('下周三去杭州参加行业峰会，顺便拜访一下几个老客户', ctx);
    expect(r.intent).toBe('create_task');
    expect(r.nextSteps.map((x) => x.title)).toContain('顺便拜访一下几个老客户');
  });
});

// Us, then 再/先/马上 and an action, with nothing past, is what we do next — even with no time.
describe('我再… / 我先… with no time', () => {
  for (const [text, want] of [
    ['我再约他们财务聊一下付款方式', '再约他们财务聊一下付款方式'],
    ['见了恒丰纸业的周总，我先把合同草稿改一版', '先把合同草稿改一版'],
  ] as const) {
    it(text, () => expect(titles(text)).toEqual([want]));
  }
  it('…but told in the past it is no step', () => expect(titles('我先回公司了')).toEqual([]));
});

// An ordinal period of a plan ("第一周", "头两天") has no calendar date: a label, like 回头.
describe('ordinal periods of a plan', () => {
  it('我第二周去… is a step labelled 第二周', () => {
    const s = parseRules('下个月接手西北区，我第二周去走访一下重点经销商', ctx).nextSteps;
    expect(s.map((x) => [x.title, x.dueLabel])).toContainEqual(['去走访一下重点经销商', '第二周']);
  });
  it('…told in the past it is no step', () => expect(parseRules('第一天去了工厂', ctx).intent).toBe('log_activity'));
});

describe('cue words stripped only as words of their own', () => {
  it('要求, 会议, 得到, 待定 keep their first character in a step title', () => {
    const titles = (t: string) => parseRules(t, ctx).nextSteps.map((x) => x.title);
    expect(titles('会议纪要周五前发给北岭物流').join()).toMatch(/^会议纪要/);
    expect(titles('得到报价反馈后再约澜湾食品的孙总').join()).toMatch(/^得到/);
    expect(titles('远帆科技财务对账期有意见，要求分两期').join()).not.toMatch(/^求/);
  });
});
