// Meeting in person in a few words ("碰了一下", "碰了个面", "见了一面", "坐下来聊") is a visit that
// happened; a channel named with it wins (电话里 / 微信上), a meeting still ahead is a step, and the
// channel's place word does not join the company's name ("微信上和X" is X).
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);

describe('brief in-person meetings are visits', () => {
  const rows: Array<[string, string]> = [
    ['上午跟恒泰包装的冯总碰了一下，他们打算明年换设备', '恒泰包装'],
    ['下午和启明医疗钱主任碰了个面，聊了二期', '启明医疗'],
    ['昨天跟云帆物流郑总见了一面，对价格没意见', '云帆物流'],
    ['跟北辰家居赵总坐下来聊了聊预算', '北辰家居'],
    ['在工地跟金桥化工的孙总碰了下，现场条件可以', '金桥化工'],
  ];
  for (const [text, name] of rows) {
    it(text, () => {
      const p = parse(text);
      expect(p.activity?.type).toBe('VISIT');
      expect(p.customer?.name).toBe(name);
    });
  }
});

describe('nearby phrasings keep their meaning', () => {
  it('a channel named first wins', () => {
    expect(parse('电话里跟恒泰包装冯总碰了一下价格').activity?.type).toBe('CALL');
    const p = parse('微信上和金桥化工孙总碰了一下');
    expect(p.activity?.type).toBe('WECHAT');
    expect(p.customer?.name).toBe('金桥化工');
  });

  it('a meeting still ahead is a step, not a visit', () => {
    const p = parse('明天跟云帆物流郑总碰个面');
    expect(p.activity).toBeNull();
    expect(p.nextSteps).toHaveLength(1);
  });

  it('their people watching or hearing our demo or presentation is a meeting, as our giving it is; wanting to see one is not yet', () => {
    for (const t of ['上午青石建材的两位工程师在线上看了系统演示，问了很多接口的问题', '丰源食品的孙总听了我们的汇报，说下周内部讨论', '华岭光电的采购和技术一起参加了产品路演'])
      expect(parse(t).activity?.type, t).toBe('MEETING');
    expect(parse('丰源食品下周想看一下演示').activity).toBeNull();
  });
});
