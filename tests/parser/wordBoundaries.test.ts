// Word boundaries from the segmenter decide what a span is:
// - no person's name ends inside a word ("的项目预算" is 项目|预算, not a 项目预);
// - "上周报的价", "下月报价" are a time and 报, not the 周报/月报 a rep asks to read;
// - a verb of visiting (拜访) is never inside a brand: "去宁波拜访舜宇" is 舜宇;
// - "下一步安排POC" keeps 安排 (the header is 下一步, or 下一步安排 before a colon);
// - "刚从X出来" names where the rep was; a table we fill in (参数表, 报价表) is no customer;
// - a title never starts with the 的 left where the asker was ("需要我们的报价…" → 报价…).
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);

describe('word boundaries', () => {
  it('no name inside 项目预算', () => expect(parse('他们信息化改造的项目预算有三百万').contacts).toEqual([]));
  it('上周报的价 is no report query', () => {
    const r = parse('上周报的价对方觉得偏高，这周再去沟通一次');
    expect(r.intent).toBe('create_task');
  });
  it('…but 周报 is', () => expect(parse('看一下团队的周报').intent).toBe('query'));
  it('拜访 is not inside a brand', () => expect(parse('周二去东莞拜访欧派，带上新样册').customer?.name).toBe('欧派'));
  it('下一步安排 + a thing', () => expect(parse('和汇川视频会，下一步安排现场调研').nextSteps.map((s) => s.title)).toEqual(['安排现场调研']));
  it('下一步安排： is still a header', () => expect(parse('下一步安排：周三演示').nextSteps.map((s) => s.title)).toEqual(['演示']));
  it('刚从X出来', () => {
    const r = parse('刚从联影出来，我们周一前把报价表发过去');
    expect([r.activity?.type, r.customer?.name]).toEqual(['VISIT', '联影']);
  });
  it('no 的 opening a title', () => expect(parse('对方说周三前需要我们的授权书').nextSteps.map((s) => s.title)).toEqual(['授权书']));
});
