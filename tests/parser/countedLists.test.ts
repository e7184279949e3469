// A list announced by its count ("和两家客户开了会：…；…", "跑了三家：…；…；…"): each item after the
// colon and after each semicolon opens with its customer — also a brand with no verb after it
// ("永辉还在观望") — so the message splits into one part per customer, with the activity kept.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };

describe('counted lists: one part per item', () => {
  for (const [text, type, names] of [
    ['昨天和两家客户开了视频会：海信家电确认了需求，下周出方案；雅戈尔还在内部讨论，月底再跟', 'MEETING', ['海信家电', '雅戈尔']],
    ['上午拜访了三家：汇源果汁要报价；蒙牛还在观望；金锣下周再约', 'VISIT', ['汇源果汁', '蒙牛', '金锣']],
  ] as const) {
    it(text, () => {
      const r = parseRules(text, ctx);
      expect(r.activity?.type).toBe(type);
      expect(r.parts.map((p) => p.customer.name)).toEqual(names);
    });
  }
  it('…and with no count, a semicolon alone makes no list', () => {
    const r = parseRules('拜访了汇源果汁，要报价；蒙牛还在观望', ctx);
    expect(r.customer?.name).toBe('汇源果汁');
  });
});
