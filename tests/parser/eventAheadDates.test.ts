// Why this file exists: "<客户的人><下周二>来我们公司参观，我要订会议室" gave the step 订会议室 no time,
// although the message dates the event it is for. A step of ours with no time of its own, right after
// a clause telling an event of theirs still ahead, is due by that event; a time of its own wins, and
// our own plan said in passing ("下个月接手…") dates nothing. "我来安排…" is a step of ours too.
// Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const steps = (t: string) => parseRules(t, ctx).nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10) ?? null, x.dueLabel]);

describe('our step for their event ahead is due by that event', () => {
  it.each([
    ['青松环保的孙总下周三来我们公司考察，我得提前准备样机', '提前准备样机', '2026-12-02', '下周三'],
    ['远大能源的采购下周一过来参观工厂，我来安排接待', '安排接待', '2026-11-30', '下周一'],
    ['青松环保的孙总下周二来开会，我先把报价改一版', '先把报价改一版', '2026-12-01', '下周二'],
  ])('%s', (text, title, due, label) => expect(steps(text)).toEqual([[title, due, label]]));

  it('a time of the step\'s own wins', () => {
    expect(steps('鼎丰食品的孙总下周三来参观，我明天先把资料发给他')).toEqual([['先把资料发给他', '2026-11-28', '明天']]);
  });

  it('the visit still ahead is no activity of ours', () => {
    expect(parseRules('青松环保的孙总下周三来我们公司考察，我得提前准备样机', ctx).activity).toBeNull();
  });

  it('our own plan said first dates nothing', () => {
    expect(steps('下个月调去华东区，我第一周去拜访一下老客户')).toEqual([['去拜访一下老客户', null, '第一周']]);
  });
});
