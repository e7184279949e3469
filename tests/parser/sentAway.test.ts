// 去 of a visit ("去了", "去过") is the rep going somewhere; after a verb of sending or handing up
// (发过去, 寄出去, 报上去, 发去) it is the direction the thing went — no visit is claimed for it.
// The rep's own going over ("我过去了", "去了一趟X") still is one.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const NOW = new Date('2026-11-24T02:00:00Z');
const parse = (t: string) => parseRules(t, { now: NOW, timezone: 'Asia/Shanghai' });

describe('something sent over is no visit', () => {
  it('the direction of a thing sent, submitted or forwarded', () => {
    for (const t of ['澄江电器的技术方案昨天发过去了', '合作协议已经寄出去了，给北辰光学', '立项材料报上去了，瑞安医疗在走流程', '资料转过去了，远帆科技说下周看', '报价单传过去了，金穗粮油还没回'])
      expect(parse(t).activity?.type, t).not.toBe('VISIT');
  });

  it('the rep going over is still a visit', () => {
    for (const t of ['上午去了一趟北辰光学，见了采购经理', '昨天我过去了，跟瑞安医疗的刘总聊了一个小时', '下午去过远帆科技了，样品他们很满意'])
      expect(parse(t).activity?.type, t).toBe('VISIT');
  });
});
