// Hostile and odd input: always a valid ParsedMessage, never an exception, never slow.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import { ParsedMessageSchema } from '../../src/intents/schema.js';

const ctx = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai' };

// Deterministic pseudo-random text so a failure can be reproduced.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const POOL = '拜访了方舟电子的刘兵(技术负责人)预计30万下周二前发修改方案，。、；？！ 0123456789万亿kmw$¥ Acme Corp met John Smith (CTO) by Friday 明天下午3点 月底 王总 张工 签约 回款 热点 撤销 不是 是 改成 阶段 ((((';

describe('garbage never throws', () => {
  const garbage = [
    '',
    '   ',
    '😀😀😀🎉',
    "'; DROP TABLE customers; --",
    '<script>alert(1)</script>',
    '\u0000\u0001\u0007\u001b[31m\u007f',
    '\uD800\uDFFF\uFFFF\u202E',
    '((((((((((((((((((((',
    '？？？？？？',
    '1'.repeat(5000),
    '万'.repeat(3000),
  ];
  for (const g of garbage) {
    it(JSON.stringify(g.slice(0, 20)), () => {
      const r = parseRules(g, ctx);
      expect(() => ParsedMessageSchema.parse(r)).not.toThrow();
      expect(['unknown', 'help']).toContain(r.intent);
      expect(r.confidence).toBeLessThanOrEqual(0.95);
      if (r.intent === 'unknown') expect(r.confidence).toBeLessThanOrEqual(0.4);
    });
  }

  it('random unicode and random domain words', () => {
    const rand = rng(42);
    for (let i = 0; i < 300; i++) {
      let s = '';
      const n = Math.floor(rand() * 120);
      for (let j = 0; j < n; j++) s += i % 2 ? String.fromCharCode(Math.floor(rand() * 0xffff)) : POOL[Math.floor(rand() * POOL.length)];
      expect(() => ParsedMessageSchema.parse(parseRules(s, ctx)), JSON.stringify(s)).not.toThrow();
    }
  });

  // Not a timing test (throughput is measured by `npm run bench`): a pathological input must finish
  // at all — catastrophic regex backtracking would blow far past the test's generous timeout.
  it('a 20,000-character message of any shape parses and stays schema-valid', () => {
    const rand = rng(7);
    const inputs = ['a'.repeat(20000), '拜访'.repeat(10000), '9,'.repeat(10000), '刘总'.repeat(10000), 'Acme Corp '.repeat(2000)];
    let s = '';
    for (let j = 0; j < 20000; j++) s += POOL[Math.floor(rand() * POOL.length)];
    inputs.push(s);
    parseRules('warm up 拜访方舟电子', ctx);
    for (const t of inputs) {
      const r = parseRules(t, ctx);
      expect(() => ParsedMessageSchema.parse(r)).not.toThrow();
    }
  }, 20_000);

  it('an invalid time zone falls back to Asia/Shanghai instead of throwing', () => {
    const r = parseRules('明天给刘总打电话', { now: ctx.now, timezone: 'Not/AZone' });
    expect(r.nextSteps[0].dueAt).toBe('2026-11-24T09:00:00+08:00');
  });

  it('language detection', () => {
    expect(parseRules('Visited Acme Corp', ctx).language).toBe('en');
    expect(parseRules('拜访了Acme', ctx).language).toBe('zh');
    expect(parseRules('', ctx).language).toBe('zh');
  });
});
