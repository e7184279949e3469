// Three mechanisms of plain reports:
// - 几 after a plan to do something ("去拜访一下几个老客户", "准备约几家经销商") is "a few", not a
//   question to the bot ("这个月要签的单子有几个" still asks); 准备 before 约 is only the cue.
// - "跟进了"/"联系了" is a contact of no named kind (OTHER), giving way to a channel named later in
//   the message ("跟进了…，电话里…说" was a call); "没跟进了" is not one.
// - A time said to be ahead ("估计要到年后", "可能拖到明年") never dates what happened.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);

describe('几 as "a few"', () => {
  it('a plan to see a few is a step', () => {
    const r = parse('下周二我要去走访几家经销商');
    expect(r.intent).toBe('create_task');
    expect(r.nextSteps.map((s) => s.title)).toEqual(['去走访几家经销商']);
  });
  it('准备 + 约 几家: the cue goes', () => expect(parse('下周准备约几个渠道商吃饭').nextSteps.map((s) => s.title)).toEqual(['约几个渠道商吃饭']));
  it('…while 有几个 still asks', () => expect(parse('下个月要签的单子有几个').intent).toBe('query'));
});

describe('跟进了 / 联系了', () => {
  it('alone it is a contact', () => {
    const r = parse('跟进了一下德馨制药，他们说采购计划还在走流程');
    expect([r.intent, r.activity?.type, r.customer?.name]).toEqual(['log_activity', 'OTHER', '德馨制药']);
  });
  it('a channel in a later clause wins', () => expect(parse('跟进了鸿运物流的续约，电话里包经理说合同已经在法务那边了').activity?.type).toBe('CALL'));
  it('没跟进了 is no contact', () => expect(parse('哪些客户一个月没跟进了').intent).toBe('query'));
});

describe('a time said to be ahead does not date the activity', () => {
  it('估计要到年后', () => {
    const r = parse('联系了德馨制药，对方说预算没批，估计要到年后');
    expect(r.activity?.occurredAt?.slice(0, 10)).toBe('2026-11-26');
  });
});
