// Dictated messages with no punctuation (voice input): split where the rep would have put commas
// (src/intents/rules/dictation.ts, cues in vocab/dictation.ts), so the activity, the deal's
// figures, the close date and our next step each come out of their own clause. Messages with
// punctuation are never split this way.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import { isDictated } from '../../src/intents/rules/dictation.js';

const NOW = new Date('2026-11-23T13:00:00Z'); // Monday 21:00 in Shanghai
const known = ['远景医疗', '蓝海物流', '德润化工', '金桥建设'];
const p = (text: string) => parseRules(text, { now: NOW, timezone: 'Asia/Shanghai', knownCustomers: known });

describe('dictated messages', () => {
  it('a visit, their reaction, a signing month, the amount and what they asked of us', () => {
    const r = p('今天下午去了远景医疗见了孙总他们对报价基本认可下个月中旬签合同金额六十二万让我们周四之前把合同草稿发过去');
    expect(r.intent).toBe('log_activity');
    expect(r.customer?.name).toBe('远景医疗');
    expect(r.activity).toMatchObject({ type: 'VISIT', occurredAt: '2026-11-23T15:00:00+08:00' });
    expect(r.activity?.summary).not.toMatch(/合同草稿|六十二万/);
    expect(r.opportunity).toMatchObject({ amount: 620000, expectedCloseDate: '2026-12-15T09:00:00+08:00' });
    expect(r.nextSteps).toEqual([expect.objectContaining({ title: '把合同草稿发过去', dueAt: '2026-11-26T09:00:00+08:00' })]);
  });

  it('a call, what they said, and our own plan', () => {
    const r = p('昨天上午给蓝海物流的钱经理打了电话他说预算已经批下来了差不多四十万我们要下周一前把方案发过去');
    expect(r.activity).toMatchObject({ type: 'CALL', occurredAt: '2026-11-22T10:00:00+08:00' });
    expect(r.opportunity?.amount).toBe(400000);
    expect(r.nextSteps).toEqual([expect.objectContaining({ title: '把方案发过去', dueAt: '2026-11-30T09:00:00+08:00' })]);
  });

  it('their meeting is theirs; what was arranged after 然后 is our step', () => {
    const r = p('上午在德润化工演示了系统客户说下周内部开会讨论然后约了下周三再过去一趟');
    expect(r.activity).toMatchObject({ type: 'MEETING', occurredAt: '2026-11-23T10:00:00+08:00' });
    expect(r.nextSteps).toEqual([expect.objectContaining({ title: '再过去一趟', dueAt: '2026-12-02T09:00:00+08:00' })]);
    expect(r.opportunity?.expectedCloseDate ?? null).toBeNull();
  });

  it('a person met, then a signing time: the visit stays a visit and the time is the close date', () => {
    const r = p('今天拜访了金桥建设周总下周五签合同');
    expect(r.activity?.type).toBe('VISIT');
    expect(r.opportunity?.expectedCloseDate).toBe('2026-12-04T09:00:00+08:00');
    expect(r.nextSteps).toEqual([]);
  });

  it('their person who travels is not our task', () => {
    const r = p('下午去了蓝海物流钱经理下周出差让我们月底前再联系她');
    expect(r.activity?.type).toBe('VISIT');
    expect(r.nextSteps.map((x) => x.title)).toEqual(['再联系她']);
  });

  it('punctuated messages are not dictation, and commas give the same records', () => {
    expect(isDictated('今天下午去了远景医疗，见了孙总')).toBe(false);
    expect(isDictated('拜访远景医疗')).toBe(false);
    const spoken = p('今天下午去了远景医疗见了孙总他们对报价基本认可下个月中旬签合同金额六十二万让我们周四之前把合同草稿发过去');
    const typed = p('今天下午去了远景医疗，见了孙总，他们对报价基本认可，下个月中旬签合同，金额六十二万，让我们周四之前把合同草稿发过去');
    expect([spoken.activity?.type, spoken.activity?.occurredAt, spoken.opportunity, spoken.nextSteps]).toEqual([typed.activity?.type, typed.activity?.occurredAt, typed.opportunity, typed.nextSteps]);
  });
});
