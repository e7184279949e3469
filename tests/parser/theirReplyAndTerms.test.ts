// Why this file exists: what the customer side will do was filed as our to-do — "<公司>那边说月底前给
// 答复" became the task "…说给答复", "对方要求分两批交货" the task "分两批交货". An answer the customer
// (a company or its side, not only a person or a pronoun) says or promises to give is theirs: something
// we wait for, kept with their words. The terms they ask for (vocab/demands.ts TERMS_ASKED: paying in
// instalments, delivering in batches, a trial first) are their condition, not our task; a deliverable
// they ask of us stays our step. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules, whyNothing } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);

describe('an answer the customer side will give is not our step', () => {
  it.each([
    '远大能源那边说下周给答复',
    '青松环保说月底前给个结果',
    '鼎丰食品的采购答应下周三前回复我们',
    '远航物流的王总承诺月底前给结果',
  ])('%s', (text) => {
    const r = p(text);
    expect(r.nextSteps).toEqual([]);
    expect(r.activity).toBeNull();
    // …the reply says it is their plan, not a task (and a named customer keeps it as a note).
    expect(whyNothing(text, ctx)?.kind).toBe('their_plan');
  });

  it('after a call the rep reports, the call is logged and their answer stays in its words', () => {
    const r = p('跟晨光印务电话沟通了一下，晨光说周五前给结果');
    expect(r.activity?.type).toBe('CALL');
    expect(r.nextSteps).toEqual([]);
    expect(r.activity?.summary).toContain('周五前给结果');
  });

  it('what they say we will do is still ours, without who said it', () => {
    expect(p('晨光印务那边说下周我们过去签合同').nextSteps.map((x) => x.title)).toEqual(['过去签合同']);
    expect(p('青松环保那边说周五前要我们出方案').nextSteps.map((x) => x.title)).toEqual(['出方案']);
  });
});

describe('the terms they ask for are theirs', () => {
  it.each(['对方要求分两期付款', '鼎丰食品的孙总希望先试用一个月', '他们要求下个月分三批发货', '今天拜访了青松环保，王总坚持要月结'])('%s', (text) => {
    expect(p(text).nextSteps).toEqual([]);
  });
  it('a deliverable they ask of us stays our step', () => {
    expect(p('客户要求下周二前出实施方案').nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10)])).toEqual([['出实施方案', '2026-12-01']]);
  });
});
