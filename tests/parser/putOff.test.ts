// What is put off to a time ("节后再谈", "年后才定", "月底再说") is ahead: that time never dates the
// activity the message reports, nor what the customer told the rep. In the console "润丰食品赵敏电话说
// 节后再谈" logged a call made today on 8 October (the last 节后), and 我的客户 showed the customer
// as last contacted 51 days ago.
import { describe, expect, it } from 'vitest';
import { parseRules, statedPast } from '../../src/intents/rules/index.js';

const at = { now: new Date('2026-11-28T07:00:00Z'), timezone: 'Asia/Shanghai' }; // Sat 15:00

describe('a time something is put off to', () => {
  it('does not date the call or visit the message reports', () => {
    for (const s of ['刚给启明教育的孙校长打了电话，她说节后再定', '下午去了一趟启明教育，孙校长说年后才能批预算', '微信跟启明教育孙校长聊了，月初再说']) {
      const p = parseRules(s, at);
      expect(p.activity, s).not.toBeNull();
      expect(p.activity!.occurredAt.slice(0, 10), s).toBe('2026-11-28');
    }
  });

  it('does not date what they told the rep; a time of the telling still does', () => {
    expect(statedPast('启明教育孙校长说节后再定', at)).toBeNull();
    expect(statedPast('昨天启明教育孙校长说节后再定', at)?.slice(0, 10)).toBe('2026-11-27');
  });

  it('a time only of the past is not put off: 昨天又去了一趟 is yesterday', () => {
    expect(parseRules('昨天再去了一趟启明教育，见了孙校长', at).activity?.occurredAt.slice(0, 10)).toBe('2026-11-27');
  });
});
