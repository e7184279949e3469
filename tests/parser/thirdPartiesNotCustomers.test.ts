// Why this file exists: a company introduced as our supplier, an agent, a channel partner or a
// subcontractor was taken for the customer ("跟供应商华东电缆谈了进货价" created the customer 华东电缆),
// and what such a third party promised to do became our task ("代理商深圳锐捷说下个月帮我们推两个项目").
// The words that introduce a third party are data (vocab/thirdParties.ts): a name right after one,
// or before "是我们的供应商", is no customer, its people are no customer contacts, and what it says or
// promises is theirs. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { findCustomers, pickCustomers } from '../../src/intents/rules/customers.js';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);
const others = (t: string) => pickCustomers(t, findCustomers(t, [])).thirdParties;

describe('a supplier, agent or partner by its position is never the customer', () => {
  it.each([
    ['今天和原材料供应商恒丰钢材对了一下交期', '恒丰钢材'],
    ['下午见了经销商鼎盛商贸，聊了返点', '鼎盛商贸'],
    ['分包商宏远建设今天过来对接施工计划', '宏远建设'],
    ['跟我们的集成商蓝图科技开了个会', '蓝图科技'],
    ['宏远建设是我们的分包商，今天来对接了', '宏远建设'],
  ])('%s', (text, other) => {
    expect(others(text)).toContain(other);
    expect(p(text).customer?.name ?? '').not.toContain(other);
  });

  it('…while the customer in the same message stays the customer', () => {
    const r = p('拜访了青松环保，渠道商蓝图科技的小王也在');
    expect(r.customer?.name).toBe('青松环保');
    expect(r.contacts.map((x) => x.name)).not.toContain('小王');
    expect(r.activity?.summary).toContain('渠道商蓝图科技');
  });
});

describe('what a third party says or promises is not our task', () => {
  it.each(['经销商鼎盛商贸说月底前帮我们介绍三个客户', '供应商恒丰钢材答应下周一补齐货', '合作伙伴蓝图科技下个月会帮我们推广新产品'])('%s', (text) => {
    const r = p(text);
    expect(r.nextSteps).toEqual([]);
    expect(r.intent).not.toBe('create_task');
  });

  it('…but what is said to be ours to do still is', () => {
    const r = p('经销商说我们下周三去拜访一下远大能源');
    expect(r.nextSteps.map((x) => x.dueAt?.slice(0, 10))).toEqual(['2026-12-02']);
    expect(r.customer?.name).toBe('远大能源');
  });
});
