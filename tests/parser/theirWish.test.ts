// The customer side wanting to see something of ours by a time ahead ("对方希望周三看看方案",
// "the client wants a walkthrough on Monday") is our step: to give them that thing, titled by the
// thing itself — in Chinese and in English alike. Our own need ("We need…") is no wish of theirs.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const steps = (t: string) => parseRules(t, ctx).nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10)]);

describe('their wish to see ours is our step', () => {
  it('zh', () => expect(steps('对方想下周三看一下演示')).toEqual([['演示', '2026-12-02']]));
  it('zh, with their side named first', () => expect(steps('客户那边希望下周一前看看方案')).toEqual([['方案', '2026-11-30']]));
  it('en', () => expect(steps('the client wants a walkthrough next Monday')).toEqual([['walkthrough', '2026-11-30']]));
  it('our own need keeps its words', () => expect(steps('We need a demo next Tuesday')[0][0]).toMatch(/demo/));
});

describe('their wish after the customer’s name', () => {
  it('名字 + 他们想…', () => expect(steps('远大能源他们想下周看演示，李总也会来')[0]).toEqual(['演示', '2026-11-30']));
});

describe('their wish, in English with "to see"', () => {
  it('wants to see the …', () => expect(steps('they want to see the rollout plan next Monday')).toEqual([['rollout plan', '2026-11-30']]));
});
