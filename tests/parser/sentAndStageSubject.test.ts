// Two mechanisms. (1) Sending the customer samples or materials is a contact of ours (其他): a
// thing of the vocabulary (vocab/activities.ts SENT_THINGS) said before a verb of sending with 了
// ("样机昨天发出了") or after it — never a question or a plan. (2) A deal's subject opening the
// clause before an adverb and a verb of reaching the stage ("X现在到…了", "X已经进入…阶段") is the
// customer, even when the name alone is weak evidence.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };

describe('things sent are an activity', () => {
  for (const text of ['上次说的样册已经快递过去了，周一应该能到', '宣传资料我们昨天寄出去了']) {
    it(text, () => expect(parseRules(text, ctx).activity?.type).toBe('OTHER'));
  }
  for (const text of ['样机寄出了吗', '样品下周一寄过去']) {
    it(`${text}: not done`, () => expect(parseRules(text, ctx).activity).toBeNull());
  }
});

describe('a subject before 现在/已经 + reaching a stage', () => {
  for (const [text, name] of [
    ['德邦现在到方案阶段了', '德邦'],
    ['星辰已经进入商务谈判', '星辰'],
  ] as const) {
    it(text, () => expect(parseRules(text, ctx).customer?.name).toBe(name));
  }
  it('我们现在到商务谈判了: no customer', () => expect(parseRules('我们现在到商务谈判了', ctx).customer).toBeNull());
});

describe('发过去了 of a thing sent is no visit', () => {
  it('样机上周发过去了', () => expect(parseRules('样机上周已经发过去了，客户说这周测', ctx).activity?.type).toBe('OTHER'));
});

describe('sent to someone, or a counted thing sent', () => {
  it('快递给X了', () => expect(parseRules('宣传册今天快递给孙经理了', ctx).activity?.type).toBe('OTHER'));
  it('寄了两套X', () => expect(parseRules('给万华化学寄了三盒样品', ctx).activity?.type).toBe('OTHER'));
});

describe('English: things shipped', () => {
  it('shipped … samples', () => expect(parseRules('Shipped two demo units to Initech on Monday', ctx).activity?.type).toBe('OTHER'));
  it('a plan to ship is no activity', () => expect(parseRules('will ship the brochures tomorrow', ctx).activity).toBeNull());
});
