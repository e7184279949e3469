// Why this file exists: steps were stored with titles that lost their object ("再打", "再发", "报价给")
// or were no action at all ("先记一下"). A bare verb after an adverb takes its object from where the
// same verb was said before — also when jieba kept verb and object as one word (打电话, with whom it
// was for) or when the thing stood before the verb ("方案发给王总了"); a thing said before a bare verb
// of the step itself reads verb first ("…的合同下周一寄" → 寄…的合同); a request to note things
// down is no step. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const titles = (t: string) => parseRules(t, ctx).nextSteps.map((x) => x.title);

describe('a bare verb takes its object from the sentence', () => {
  it.each([
    ['下午给远大能源的孙总打电话没打通，明天上午再打', '再给远大能源的孙总打电话'],
    ['打了青松环保王经理电话没人接，下班前再打', '再打青松环保王经理电话'],
    ['报价单发给鼎丰食品的孙总了，还没回，周一再发', '再发报价单'],
  ])('%s', (text, title) => expect(titles(text)).toEqual([title]));
});

describe('the thing said first, the verb last', () => {
  it.each([
    ['青松环保的合同下周一寄', '寄青松环保的合同'],
    ['远大能源的样品周三送', '送远大能源的样品'],
  ])('%s', (text, title) => expect(titles(text)).toEqual([title]));
});

describe('a note-taking request is no step', () => {
  it('拜访了鼎丰食品，先记一下', () => {
    const r = parseRules('拜访了鼎丰食品，先记一下', ctx);
    expect(r.nextSteps).toEqual([]);
    expect(r.activity?.type).toBe('VISIT');
  });
});
