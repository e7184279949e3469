// A report written before dawn ("下午拜访了…" at 02:40) was dated at 02:40 — the part of day was
// dropped because today's afternoon is still ahead. Before 05:00 the rep's day is the one before:
// a part of day or a clock time of "today" that has not come yet is yesterday's.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const at = (iso: string): ParseContext => ({ now: new Date(iso), timezone: 'Asia/Shanghai', knownUsers: [], knownCustomers: ['远景能源'] });
const when = (t: string, ctx: ParseContext) => parseRules(t, ctx).activity?.occurredAt;

describe('before dawn, today is still yesterday for what was done', () => {
  const night = at('2026-12-02T18:40:00Z'); // 02:40 on 3 December in Shanghai
  for (const [text, want] of [
    ['傍晚去远景能源见了采购的周经理', '2026-12-02T17:00:00+08:00'],
    ['今天上午给远景能源的冯总打了电话', '2026-12-02T10:00:00+08:00'],
    ['晚上九点半和远景能源的技术总监开了个视频会', '2026-12-02T21:30:00+08:00'],
  ] as const) {
    it(text, () => expect(when(text, night)).toBe(want));
  }
  it('"刚才" is still now', () => expect(when('刚才给远景能源的冯总打了电话', night)).toBe('2026-12-03T02:40:00+08:00'));
  it('in the daytime a part of day already past is today', () => {
    expect(when('上午去远景能源见了采购的周经理', at('2026-12-03T06:00:00Z'))).toBe('2026-12-03T10:00:00+08:00');
  });
});
