// The Spring Festival by its everyday names (年前 / 年后 / 过完年 / 过年前) and "the holiday" with no
// name (节前 / 节后: the next public holiday) are fuzzy times like 元旦前: before a holiday is its
// eve, after it the first day after the days off. They count only as words of their own in the
// segmentation: "三年前", "去年前三季度" and "这个环节前" carry no holiday.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const at = (text: string, now: string) => parseRules(text, { now: new Date(now), timezone: 'Asia/Shanghai' });
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);
const LATE_NOV = '2026-11-26T11:00:00+08:00';
const MARCH = '2027-03-10T11:00:00+08:00';

describe('the Spring Festival and nameless holidays as times', () => {
  it('年前 before a signing verb is the expected close date: the eve of the festival', () => {
    const p = at('下午去了恒远建材见了采购的孙经理，报价28万，孙经理说争取年前签下来', LATE_NOV);
    expect(day(p.opportunity?.expectedCloseDate)).toBe('2027-02-05');
  });

  it('年后 / 过完年 as a step time: the first working day after the festival', () => {
    const steps = at('给鑫泰包装的马总打了电话，过完年再约他们技术一起看方案', LATE_NOV).nextSteps;
    expect(steps.map((s) => day(s.dueAt))).toContain('2027-02-13');
    expect(day(at('跟同兴五金的邵总微信聊了，年后上门演示', LATE_NOV).nextSteps[0]?.dueAt)).toBe('2027-02-13');
  });

  it('节前 with no name is the next public holiday: New Year in late November', () => {
    const steps = at('拜访了华瑞纺织的贺总，节前把框架协议寄给他', LATE_NOV).nextSteps;
    expect(steps).toHaveLength(1);
    expect(day(steps[0].dueAt)).toBe('2026-12-31');
  });

  it('节后 said in March is after 五一 (the next holiday)', () => {
    expect(day(at('远景照明那边节后再跟进一次', MARCH).nextSteps[0]?.dueAt)).toBe('2027-05-06');
  });

  it('春节后 and 国庆之后: after the days off, not the day itself', () => {
    expect(day(at('明德教育的项目春节后上线', LATE_NOV).opportunity?.expectedCloseDate)).toBe('2027-02-13');
    expect(day(at('跟海川渔业的丁总说好了，国庆之后回访', LATE_NOV).nextSteps[0]?.dueAt)).toBe('2027-10-08');
  });

  it('years ago, the first quarter of last year and a step of a process are no holiday', () => {
    const p = at('电话回访了百川化工的周工，他们三年前买过我们的设备，下周三再去一趟', LATE_NOV);
    expect(p.nextSteps.map((s) => day(s.dueAt))).toEqual(['2026-12-02']);
    const dated = at('和景泰物流的钟总开会，这个环节前要先确认预算，周五前发会议纪要', LATE_NOV).nextSteps.filter((s) => s.dueAt);
    expect(dated.map((s) => day(s.dueAt))).toEqual(['2026-11-27']);
  });

  it('a visit 年前 reported in March happened before the last festival', () => {
    const p = at('年前拜访过金诚铸造的梁总，聊了二期扩产的事', MARCH);
    expect(p.activity?.type).toBe('VISIT');
    expect(day(p.activity?.occurredAt)).toBe('2027-02-05');
    expect(p.nextSteps).toHaveLength(0);
  });
});
