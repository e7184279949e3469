// A bare verb of sending ("发过去", "发给他们") takes as its object what the customer said they want
// to see or have, said with their own verb (vocab/demands.ts WANTED_WITH: 看, 要, 需要, 过目…), when
// no object was said before with the same verb; jieba's 发给 is split back into 发 + 给.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const titles = (t: string) => parseRules(t, ctx).nextSteps.map((x) => x.title);

describe('the object of their wish fills a bare verb of ours', () => {
  it('看 X … 发过去', () => expect(titles('王总想先看看技术白皮书，我们下周一发过去')).toEqual(['发技术白皮书']));
  it('要 X … 寄给他们', () => expect(titles('对方需要样品，我们周五前寄给他们')).toEqual(['寄样品给他们']));
  it('the same verb said before still wins', () => expect(titles('对方说先发个报价，我们周四前发')).toEqual(['发报价']));
});

describe('we, a part of today, then an action: a step', () => {
  it('我下午寄过去 (jieba glues 寄过去)', () => expect(titles('对方要一份资质文件，我下午寄过去')).toEqual(['寄资质文件']));
  it('我们下午去了… stays what happened', () => expect(titles('我们下午去了华星科技')).toEqual([]));
});

describe('their ask and our sending of the same thing are one step', () => {
  it('要求…提供X，我们…发过去 → one step, ours', () => {
    const r = parseRules('客户要求下周一前提供测试报告，我们这周五发过去', ctx);
    expect(r.nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10)])).toEqual([['发测试报告', '2026-11-27']]);
  });
  it('想要…拿到X → X', () => expect(titles('对方想要下周三前拿到报价单')).toEqual(['报价单']));
});
