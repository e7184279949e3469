// Company names ending in a trade the segmenter keeps as one word made of organisation words
// (建筑材料 = 建筑 + 材料, 信息技术 = 信息 + 技术, 医疗器械): the trade ends a name like its parts
// would, in Chinese and in English sentences — and on its own, or as a thing bought, it names nobody.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const customer = (t: string) => parseRules(t, ctx).customer?.name ?? null;

describe('a compound trade word ends a company name', () => {
  const rows: Array<[string, string]> = [
    ['下午去了恒岳建筑材料，跟采购部的蒋经理聊了交货期', '恒岳建筑材料'],
    ['跟松岭信息技术的技术总监开了个短会，下周给他们演示', '松岭信息技术'],
    ['冠达装饰材料进入谈判阶段，金额48万', '冠达装饰材料'],
    ['Called 澄湖信息技术 about the pilot, they want a quote by Monday', '澄湖信息技术'],
    ['Met the buyer at 远帆建筑材料 this afternoon', '远帆建筑材料'],
  ];
  for (const [text, want] of rows) {
    it(text, () => {
      expect(customer(text)).toBe(want);
    });
  }

  it('the trade alone, or what is bought, is no customer', () => {
    for (const t of ['仓库里的建筑材料下周清点一下', '他们打算采购一批信息技术服务', '给对方寄了建筑材料的样品']) expect(customer(t)).toBeNull();
  });
});
