// A messaging app as the product a customer uses or we connect to ("用的是企业微信", "对接微信小程序")
// is not how we were in touch: no WECHAT activity from it — unless a verb of talking follows
// ("用企业微信跟…沟通了"). And "客户" opening a report about the customer ("客户目前在用…，…") is no
// look-up of a customer called "目前在用…".
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };

describe('the app they use is no channel', () => {
  for (const text of ['客户目前在用企业微信，审批想接到我们系统里', '他们一直用的微信，想换成我们的平台', '这家要做微信小程序，下单流程要打通']) {
    it(text, () => {
      const r = parseRules(text, ctx);
      expect(r.activity?.type ?? null).not.toBe('WECHAT');
      expect(r.intent).not.toBe('query');
    });
  }
  it('…but a chat over it is one', () => {
    expect(parseRules('用企业微信跟采购的马经理沟通了交期', ctx).activity?.type).toBe('WECHAT');
  });
});
