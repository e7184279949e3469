// The reference message from the product brief, checked field by field.
import { describe, expect, it } from 'vitest';
import { parseRules, ruleParser } from '../../src/intents/rules/index.js';
import { ParsedMessageSchema, toCliJson } from '../../src/intents/schema.js';

const ctx = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai' };
const MSG = '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案';

describe('reference message', () => {
  const r = parseRules(MSG, ctx);

  it('is a visit logged this afternoon', () => {
    expect(r.intent).toBe('log_activity');
    expect(r.language).toBe('zh');
    expect(r.source).toBe('rule');
    expect(r.activity?.type).toBe('VISIT');
    // Sent at 10:00: "今天下午" has not come yet, and an activity is never later than its message.
    expect(r.activity?.occurredAt).toBe('2026-11-23T10:00:00+08:00');
    expect(r.activity?.summary).toBe('拜访方舟电子刘兵，对报价有顾虑');
  });

  it('finds customer, contact and opportunity', () => {
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.contacts).toEqual([{ name: '刘兵', title: '技术负责人', role: 'TECHNICAL' }]);
    expect(r.opportunity?.stage).toBeNull(); // 对报价有顾虑 is a concern, not a stage change
    expect(r.opportunity?.amount).toBe(300000);
    expect(r.opportunity?.currency).toBe('CNY');
    expect(r.opportunity?.expectedCloseDate).toBeNull();
  });

  it('turns the tail into a dated next step', () => {
    expect(r.nextSteps).toMatchObject([{ title: '发修改方案', dueAt: '2026-12-01T09:00:00+08:00', dueLabel: '下周二前' }]);
    expect(r.hot).toBeNull();
    expect(r.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('passes the schema and projects to the CLI shape', async () => {
    expect(() => ParsedMessageSchema.parse(r)).not.toThrow();
    expect(toCliJson(r).nextSteps[0].dueLabel).toBe('下周二前');
    const viaParser = await ruleParser.parse(MSG, ctx);
    expect(ruleParser.name).toBe('rule');
    expect(viaParser).toEqual(r);
  });

  it('accepts full-width punctuation the same way', () => {
    const fw = parseRules('今天下午拜访了方舟电子的刘兵（技术负责人），对报价有顾虑，预计３０万，下周二前发修改方案', ctx);
    expect(toCliJson(fw)).toEqual(toCliJson(r));
  });
});
