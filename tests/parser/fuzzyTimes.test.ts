// Fuzzy next-step times (rules documented at the top of src/intents/rules/dates.ts), at several
// reference times to exercise week, month, year and DST boundaries.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

function step(text: string, now: string, timezone = 'Asia/Shanghai') {
  const r = parseRules(text, { now: new Date(now), timezone });
  expect(r.nextSteps).toHaveLength(1);
  return r.nextSteps[0];
}

const MON = '2026-11-23T10:00:00+08:00';
const FRI_EVENING = '2026-11-27T19:00:00+08:00';
const FRI_LATE = '2026-11-27T21:30:00+08:00';
const SUNDAY = '2026-11-29T10:00:00+08:00';
const MONTH_END = '2026-11-30T10:00:00+08:00';
const YEAR_END = '2026-12-31T10:00:00+08:00';

type Row = [now: string, text: string, title: string, dueAt: string, dueLabel: string];

const rows: Row[] = [
  // Monday morning
  [MON, '今天稍后给王总回电话', '给王总回电话', '2026-11-23T12:00:00+08:00', '今天稍后'],
  [MON, '等会发方案', '发方案', '2026-11-23T12:00:00+08:00', '等会'],
  [MON, '今晚给刘总打电话', '给刘总打电话', '2026-11-23T20:00:00+08:00', '今晚'],
  [MON, '明天给刘总打电话', '给刘总打电话', '2026-11-24T09:00:00+08:00', '明天'],
  [MON, '明天上午拜访方舟电子', '拜访方舟电子', '2026-11-24T09:00:00+08:00', '明天上午'],
  [MON, '明天中午约李主任吃饭', '约李主任吃饭', '2026-11-24T12:00:00+08:00', '明天中午'],
  [MON, '明天下午发报价', '发报价', '2026-11-24T14:00:00+08:00', '明天下午'],
  [MON, '明晚请刘总吃饭', '请刘总吃饭', '2026-11-24T20:00:00+08:00', '明晚'],
  [MON, '后天下午3点半约刘总开会', '约刘总开会', '2026-11-25T15:30:00+08:00', '后天下午3点半'],
  [MON, '后天回访星河软件', '回访星河软件', '2026-11-25T09:00:00+08:00', '后天'],
  [MON, '本周内发方案', '发方案', '2026-11-27T18:00:00+08:00', '本周内'],
  [MON, '这周提交标书', '提交标书', '2026-11-27T18:00:00+08:00', '这周'],
  [MON, '下周约演示', '约演示', '2026-11-30T09:00:00+08:00', '下周'],
  [MON, '下周二前发修改方案', '发修改方案', '2026-12-01T09:00:00+08:00', '下周二前'],
  [MON, '周五给刘总打电话', '给刘总打电话', '2026-11-27T09:00:00+08:00', '周五'],
  [MON, '本周三之前发合同', '发合同', '2026-11-25T09:00:00+08:00', '本周三之前'],
  [MON, '下月回访', '回访', '2026-12-01T09:00:00+08:00', '下月'],
  [MON, '下个月跟进方舟电子', '跟进方舟电子', '2026-12-01T09:00:00+08:00', '下个月'],
  [MON, '月底前发合同', '发合同', '2026-11-30T18:00:00+08:00', '月底前'],
  [MON, '月初发对账单', '发对账单', '2026-12-01T09:00:00+08:00', '月初'],
  [MON, '12月15日发方案', '发方案', '2026-12-15T09:00:00+08:00', '12月15日'],
  [MON, '10月15日回访', '回访', '2027-10-15T09:00:00+08:00', '10月15日'],
  [MON, '12/15前发方案', '发方案', '2026-12-15T09:00:00+08:00', '12/15前'],
  [MON, '15号前提交标书', '提交标书', '2026-12-15T09:00:00+08:00', '15号前'],
  [MON, 'send the contract by Dec 15', 'send the contract', '2026-12-15T09:00:00+08:00', 'by Dec 15'],
  [MON, 'call John tomorrow at 3pm', 'call John', '2026-11-24T15:00:00+08:00', 'tomorrow at 3pm'],
  [MON, 'later today send the deck', 'send the deck', '2026-11-23T12:00:00+08:00', 'later today'],
  [MON, 'tonight email the proposal', 'email the proposal', '2026-11-23T20:00:00+08:00', 'tonight'],
  [MON, 'this week send quote', 'send quote', '2026-11-27T18:00:00+08:00', 'this week'],
  [MON, 'will send proposal by Friday', 'send proposal', '2026-11-27T09:00:00+08:00', 'by Friday'],
  [MON, 'schedule a demo next Tuesday', 'schedule a demo', '2026-12-01T09:00:00+08:00', 'next Tuesday'],
  [MON, 'next month follow up with John', 'follow up with John', '2026-12-01T09:00:00+08:00', 'next month'],
  [MON, 'submit the bid by end of month', 'submit the bid', '2026-11-30T18:00:00+08:00', 'by end of month'],
  // Friday evening: this week's Friday 18:00 has passed
  [FRI_EVENING, '这周内发方案', '发方案', '2026-11-29T20:00:00+08:00', '这周内'],
  [FRI_EVENING, '今晚给刘总打电话', '给刘总打电话', '2026-11-27T20:00:00+08:00', '今晚'],
  [FRI_EVENING, '周五前发报价', '发报价', '2026-12-04T09:00:00+08:00', '周五前'],
  [FRI_EVENING, '下周约演示', '约演示', '2026-11-30T09:00:00+08:00', '下周'],
  [FRI_EVENING, '今天稍后给王总回电话', '给王总回电话', '2026-11-27T21:00:00+08:00', '今天稍后'],
  // Friday late: tonight is now + 1h, later today caps at 23:00
  [FRI_LATE, '今晚给刘总打电话', '给刘总打电话', '2026-11-27T22:30:00+08:00', '今晚'],
  [FRI_LATE, '等会发方案', '发方案', '2026-11-27T23:00:00+08:00', '等会'],
  // Sunday: the ISO week ends today
  [SUNDAY, '这周内发方案', '发方案', '2026-11-29T20:00:00+08:00', '这周内'],
  [SUNDAY, '下周约演示', '约演示', '2026-11-30T09:00:00+08:00', '下周'],
  [SUNDAY, '周一前发报价', '发报价', '2026-11-30T09:00:00+08:00', '周一前'],
  [SUNDAY, '下周一上午拜访方舟电子', '拜访方舟电子', '2026-11-30T09:00:00+08:00', '下周一上午'],
  // Month end
  [MONTH_END, '月底前发合同', '发合同', '2026-11-30T18:00:00+08:00', '月底前'],
  [MONTH_END, '明天发方案', '发方案', '2026-12-01T09:00:00+08:00', '明天'],
  [MONTH_END, '下月回访', '回访', '2026-12-01T09:00:00+08:00', '下月'],
  // Year end
  [YEAR_END, '明天发方案', '发方案', '2027-01-01T09:00:00+08:00', '明天'],
  [YEAR_END, '下个月回访', '回访', '2027-01-01T09:00:00+08:00', '下个月'],
  [YEAR_END, '下周二前发修改方案', '发修改方案', '2027-01-05T09:00:00+08:00', '下周二前'],
  [YEAR_END, '1月5日约演示', '约演示', '2027-01-05T09:00:00+08:00', '1月5日'],
  [YEAR_END, '12月15日发方案', '发方案', '2026-12-15T09:00:00+08:00', '12月15日'],
  [YEAR_END, '月底前发合同', '发合同', '2026-12-31T18:00:00+08:00', '月底前'],
];

describe('fuzzy next-step times', () => {
  for (const [now, text, title, dueAt, dueLabel] of rows) {
    it(`${now.slice(0, 16)} ${text}`, () => {
      expect(step(text, now)).toMatchObject({ title, dueAt, dueLabel });
    });
  }
});

describe('time zone is honoured (America/New_York, DST ends 2026-11-01 02:00)', () => {
  const SAT = '2026-10-31T10:00:00-04:00';
  it('tomorrow 09:00 lands after the switch, at -05:00', () => {
    expect(step('Call John tomorrow', SAT, 'America/New_York')).toMatchObject({ title: 'Call John', dueAt: '2026-11-01T09:00:00-05:00', dueLabel: 'tomorrow' });
  });
  it('next week is Monday 09:00 local', () => {
    expect(step('Send proposal next week', SAT, 'America/New_York')).toMatchObject({ title: 'Send proposal', dueAt: '2026-11-02T09:00:00-05:00', dueLabel: 'next week' });
  });
  it('occurredAt is local too, before the switch', () => {
    const r = parseRules('Visited Acme Corp yesterday afternoon', { now: new Date(SAT), timezone: 'America/New_York' });
    expect(r.activity?.occurredAt).toBe('2026-10-30T15:00:00-04:00');
  });
  it('the same instant means a different day in Shanghai', () => {
    // 2026-10-31T10:00-04:00 is 22:00 in Shanghai, so "tomorrow" there is 1 Nov 09:00 +08:00.
    expect(step('Call John tomorrow', SAT, 'Asia/Shanghai').dueAt).toBe('2026-11-01T09:00:00+08:00');
    expect(step('今晚给刘总打电话', SAT, 'Asia/Shanghai').dueAt).toBe('2026-10-31T23:00:00+08:00');
  });
  it('periods follow the zone', () => {
    const r = parseRules('本月漏斗', { now: new Date('2026-11-05T12:00:00-05:00'), timezone: 'America/New_York' });
    expect(r.query?.period).toEqual({ start: '2026-11-01T00:00:00-04:00', end: '2026-12-01T00:00:00-05:00', label: '本月' });
  });
});

describe('occurredAt rules', () => {
  // Sent on Monday evening, 19:30 in Shanghai: everything said about today is in the past.
  const EVENING = '2026-11-23T11:30:00Z';
  const rows: Array<[string, string]> = [
    ['今天拜访了方舟电子', '2026-11-23T19:30:00+08:00'],
    ['今天下午拜访了方舟电子', '2026-11-23T15:00:00+08:00'],
    ['今天中午和刘总吃饭面谈', '2026-11-23T12:00:00+08:00'],
    ['昨天晚上给刘总打了电话', '2026-11-22T19:00:00+08:00'],
    ['昨天拜访了方舟电子', '2026-11-22T10:00:00+08:00'],
    ['前天上午拜访了方舟电子', '2026-11-21T10:00:00+08:00'],
    ['上周五拜访了方舟电子', '2026-11-20T10:00:00+08:00'],
    ['下午3点拜访了方舟电子', '2026-11-23T15:00:00+08:00'],
    ['刚才给刘总打了电话', '2026-11-23T19:30:00+08:00'],
    ['10月15日拜访了方舟电子', '2026-10-15T10:00:00+08:00'],
    ['called Jane this morning', '2026-11-23T10:00:00+08:00'],
    ['met John yesterday at 4:30pm', '2026-11-22T16:30:00+08:00'],
  ];
  for (const [text, at] of rows) {
    it(text, () => {
      const r = parseRules(text, { now: new Date(EVENING), timezone: 'Asia/Shanghai' });
      expect(r.intent).toBe('log_activity');
      expect(r.activity?.occurredAt).toBe(at);
    });
  }

  // A part of the day that has not come yet when the message is sent: the activity cannot be later
  // than the message that reports it.
  const early: Array<[string, string, string]> = [
    ['下午去了星河电子，见了采购部的黄经理', '2026-11-23T05:39:00Z', '2026-11-23T13:39:00+08:00'],
    ['晚上和远光物流的郑总吃了个饭', '2026-11-23T10:05:00Z', '2026-11-23T18:05:00+08:00'],
    ['had a call with Dana at Brightwater this afternoon', '2026-11-23T04:00:00Z', '2026-11-23T12:00:00+08:00'],
  ];
  for (const [text, now, at] of early) {
    it(`${text} (sent at ${now})`, () => {
      const r = parseRules(text, { now: new Date(now), timezone: 'Asia/Shanghai' });
      expect(r.activity?.occurredAt).toBe(at);
    });
  }
});

// "今天晚上" is 今晚 in two words: still ahead of a message typed by day, so a plan with it is a step.
describe('今天晚上 as 今晚', () => {
  for (const text of ['我今天晚上把报价单发给钱经理', '今天晚上给华信电气的孙总回个电话']) {
    it(text, () => {
      const s = step(text, MON);
      expect(s.dueAt).toBe('2026-11-23T20:00:00+08:00');
    });
  }
  it('…and with 了 it already happened', () => {
    expect(parseRules('今天晚上和孙总吃了顿饭', { now: new Date(MON), timezone: 'Asia/Shanghai' }).intent).toBe('log_activity');
  });
});
