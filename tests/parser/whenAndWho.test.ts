// When a reported contact happened, and who acts. A part of the day already past dates the
// activity in it (local time), one still ahead never puts it in the future; our own company's
// event that only takes place is nobody's task; a time that dates the customer's meeting is not
// the date of the decision taken there.
import { describe, expect, it } from 'vitest';
import { parseRules, statedPast, whyNothing } from '../../src/intents/rules/index.js';

const EVENING = new Date('2026-11-23T13:30:00Z'); // Monday 21:30 in Shanghai
const MORNING = new Date('2026-11-23T00:40:00Z'); // Monday 08:40 in Shanghai
const known = ['鼎泰环境', '瑞康生物'];
const p = (text: string, now = EVENING) => parseRules(text, { now, timezone: 'Asia/Shanghai', knownCustomers: known });

describe('the part of the day a contact happened in', () => {
  it.each([
    ['今天上午去鼎泰环境见了采购部的任经理', '2026-11-23T10:00:00+08:00'],
    ['今天一早去了瑞康生物', '2026-11-23T10:00:00+08:00'],
    ['一大早给鼎泰环境任经理打了个电话', '2026-11-23T10:00:00+08:00'],
    ['昨晚请瑞康生物的秦总喝了个茶', '2026-11-22T19:00:00+08:00'],
    ['中午和鼎泰环境任经理吃了个便饭', '2026-11-23T12:00:00+08:00'],
  ])('%s (sent at 21:30)', (text, at) => {
    expect(p(text).activity?.occurredAt).toBe(at);
  });

  it.each([
    ['今天下午拜访了鼎泰环境', '2026-11-23T08:40:00+08:00'],
    ['晚上和瑞康生物的秦总吃了饭', '2026-11-23T08:40:00+08:00'],
  ])('%s (sent at 08:40): not later than the message', (text, at) => {
    expect(p(text, MORNING).activity?.occurredAt).toBe(at);
  });

  it('what one of their people told the rep is dated by the rep\'s words, not by what they said', () => {
    const c = { now: EVENING, timezone: 'Asia/Shanghai' };
    expect(statedPast('昨天瑞康生物秦总说预算批下来了，大概五十万', c)).toBe('2026-11-22T10:00:00+08:00');
    expect(statedPast('今天上午鼎泰环境的任经理说方案过了', c)).toBe('2026-11-23T10:00:00+08:00');
    expect(statedPast('任经理说他们上周就开会定了', c)).toBeNull();
  });
});

describe('who acts', () => {
  it.each(['集团年会下周六开', '部门例会后天上午开', '公司团建定在下周日', '销售部培训周四举行'])('%s: our own event, no task, no activity', (text) => {
    const r = p(text, MORNING);
    expect(r.nextSteps).toEqual([]);
    expect(r.activity).toBeNull();
    expect(whyNothing(text, { now: MORNING, timezone: 'Asia/Shanghai' })?.kind).toBe('our_event');
  });

  it('asked to be reminded, or going to it, stays our step', () => {
    expect(p('提醒我下周六参加集团年会', MORNING).nextSteps.map((s) => s.title)).toEqual(['参加集团年会']);
  });

  it.each(['秦总说下个月开会定供应商', '瑞康生物的秦总说月底他们内部开会决定用哪家', '鼎泰环境那边下周评审后定标'])('%s: their meeting dates no decision', (text) => {
    const r = p(text, MORNING);
    expect(r.opportunity?.expectedCloseDate ?? null).toBeNull();
    expect(r.nextSteps).toEqual([]);
  });

  it('a decision with its own date is still the close date', () => {
    expect(p('瑞康生物下周五定供应商', MORNING).opportunity?.expectedCloseDate).toBe('2026-12-04T09:00:00+08:00');
    expect(p('秦总说月底前拍板', MORNING).opportunity?.expectedCloseDate).toBe('2026-11-30T18:00:00+08:00');
  });

  it('their plan with no customer is named as theirs', () => {
    expect(whyNothing('秦总说下个月开会定供应商', { now: MORNING, timezone: 'Asia/Shanghai' })?.kind).toBe('their_plan');
  });
});

describe('约 + whom, then when and what: one step ahead, never a meeting that happened', () => {
  const MONDAY = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
  it.each([
    ['约了鼎泰环境的任经理，后天上午碰个面', '和鼎泰环境的任经理碰个面', '2026-11-25'],
    ['约了瑞康生物秦总周五喝茶', '和瑞康生物秦总喝茶', '2026-11-27'],
    ['约了鼎泰环境的任经理下周二下午开个会', '和鼎泰环境的任经理开个会', '2026-12-01'],
  ])('%s', (text, title, day) => {
    const r = p(text, MONDAY);
    expect(r.nextSteps.map((s) => [s.title, s.dueAt?.slice(0, 10)])).toEqual([[title, day]]);
    expect(r.activity).toBeNull();
  });

  it('a call that made the appointment is still the call, and the appointment its step', () => {
    const r = p('电话约了瑞康生物的秦总，下周三上午去他们厂里看设备', MONDAY);
    expect(r.activity?.type).toBe('CALL');
    expect(r.nextSteps.map((s) => s.dueAt?.slice(0, 10))).toEqual(['2026-12-02']);
  });
});
