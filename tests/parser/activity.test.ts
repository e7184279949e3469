// log_activity: activity type, occurredAt, summary, customer and contacts.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParsedContact, ParsedMessage } from '../../src/intents/schema.js';

const NOW = new Date('2026-11-23T10:00:00+08:00'); // Monday
const ctx = { now: NOW, timezone: 'Asia/Shanghai', knownUsers: ['张三', '李四'] };

interface Case {
  text: string;
  type: NonNullable<ParsedMessage['activity']>['type'];
  occurredAt: string;
  summary?: string;
  customer: string | null;
  contacts: ParsedContact[];
  language?: 'zh' | 'en';
}

const cases: Case[] = [
  {
    text: '去了华为技术有限公司，和王经理面谈',
    type: 'VISIT',
    occurredAt: '2026-11-23T10:00:00+08:00',
    summary: '去华为技术有限公司，和王经理面谈',
    customer: '华为技术有限公司',
    contacts: [{ name: '王经理', title: '经理', role: 'OTHER' }],
  },
  {
    text: '拜访深圳市腾飞科技，见了刘总，刘总是拍板的',
    type: 'VISIT',
    occurredAt: '2026-11-23T10:00:00+08:00',
    customer: '深圳市腾飞科技',
    contacts: [{ name: '刘总', title: '总经理', role: 'DECISION_MAKER' }],
  },
  {
    text: '昨天上门拜访了方舟电子，见了张工',
    type: 'VISIT',
    occurredAt: '2026-11-22T10:00:00+08:00',
    summary: '上门拜访方舟电子，见张工',
    customer: '方舟电子',
    contacts: [{ name: '张工', title: '工程师', role: 'OTHER' }],
  },
  {
    text: '昨天和张工打电话，需求已确认',
    type: 'CALL',
    occurredAt: '2026-11-22T10:00:00+08:00',
    customer: null,
    contacts: [{ name: '张工', title: '工程师', role: 'OTHER' }],
  },
  {
    text: '刚才给采购部王经理打了电话，对方预算一百二十万',
    type: 'CALL',
    occurredAt: '2026-11-23T10:00:00+08:00',
    summary: '给采购部王经理打电话',
    customer: null,
    contacts: [{ name: '王经理', title: '采购部经理', role: 'OTHER' }],
  },
  {
    text: '上周五在腾讯会议上给方舟电子做了演示，李主任和陈总监参加',
    type: 'MEETING',
    occurredAt: '2026-11-20T10:00:00+08:00',
    customer: '方舟电子',
    contacts: [
      { name: '李主任', title: '主任', role: 'OTHER' },
      { name: '陈总监', title: '总监', role: 'OTHER' },
    ],
  },
  {
    text: '加了赵老师微信，她是内线',
    type: 'WECHAT',
    occurredAt: '2026-11-23T10:00:00+08:00',
    customer: null,
    contacts: [{ name: '赵老师', title: '老师', role: 'COACH' }],
  },
  {
    text: '给方舟电子发了邮件，报价¥300,000',
    type: 'EMAIL',
    occurredAt: '2026-11-23T10:00:00+08:00',
    summary: '给方舟电子发邮件',
    customer: '方舟电子',
    contacts: [],
  },
  {
    text: '今天上午和星河软件开会，陈总监（使用部门）参加',
    type: 'MEETING',
    occurredAt: '2026-11-23T10:00:00+08:00',
    customer: '星河软件',
    contacts: [{ name: '陈总监', title: '使用部门', role: 'USER' }],
  },
  {
    text: '昨天下午3点半致电蓝海医药的周敏(老板)',
    type: 'CALL',
    occurredAt: '2026-11-22T15:30:00+08:00',
    customer: '蓝海医药',
    contacts: [{ name: '周敏', title: '老板', role: 'DECISION_MAKER' }],
  },
  {
    text: '10月15日登门拜访了华东实业，孙总是一把手',
    type: 'VISIT',
    occurredAt: '2026-10-15T10:00:00+08:00',
    customer: '华东实业',
    contacts: [{ name: '孙总', title: '总经理', role: 'DECISION_MAKER' }],
  },
  {
    text: '晚上和北辰集团的黄海（IT负责人）视频会',
    type: 'MEETING',
    occurredAt: '2026-11-23T10:00:00+08:00', // sent at 10:00: not later than the message
    customer: '北辰集团',
    contacts: [{ name: '黄海', title: 'IT负责人', role: 'TECHNICAL' }],
  },
  {
    text: 'Visited Acme Corp today, met John Smith (CTO)',
    type: 'VISIT',
    occurredAt: '2026-11-23T10:00:00+08:00',
    summary: 'Visited Acme Corp, met John Smith',
    customer: 'Acme Corp',
    contacts: [{ name: 'John Smith', title: 'CTO', role: 'TECHNICAL' }],
    language: 'en',
  },
  {
    text: 'Had a call with Jane Doe, the decision maker, yesterday afternoon',
    type: 'CALL',
    occurredAt: '2026-11-22T15:00:00+08:00',
    customer: null,
    contacts: [{ name: 'Jane Doe', title: 'decision maker', role: 'DECISION_MAKER' }],
    language: 'en',
  },
  {
    text: 'Emailed Mary Lee (champion) at Globex Inc this morning',
    type: 'EMAIL',
    occurredAt: '2026-11-23T10:00:00+08:00',
    customer: 'Globex Inc',
    contacts: [{ name: 'Mary Lee', title: 'champion', role: 'COACH' }],
    language: 'en',
  },
  {
    text: 'Called Tom Hill at Initech Ltd at 3pm',
    type: 'CALL',
    occurredAt: '2026-11-23T10:00:00+08:00', // sent at 10:00: not later than the message
    customer: 'Initech Ltd',
    contacts: [{ name: 'Tom Hill', title: null, role: 'OTHER' }],
    language: 'en',
  },
];

describe('log_activity', () => {
  for (const c of cases) {
    it(c.text, () => {
      const r = parseRules(c.text, ctx);
      expect(r.intent).toBe('log_activity');
      expect(r.language).toBe(c.language ?? 'zh');
      expect(r.activity?.type).toBe(c.type);
      expect(r.activity?.occurredAt).toBe(c.occurredAt);
      expect(r.activity?.summary.length).toBeGreaterThan(0);
      if (c.summary) expect(r.activity?.summary).toBe(c.summary);
      expect(r.customer?.name ?? null).toBe(c.customer ?? null);
      expect(r.contacts).toEqual(c.contacts);
      expect(r.confidence).toBeGreaterThanOrEqual(0.85);
    });
  }

  it('carries stage, hot flag and next steps mentioned in the same message', () => {
    const r = parseRules('拜访了方舟电子，已进入谈判阶段，设为热点客户', ctx);
    expect(r.intent).toBe('log_activity');
    expect(r.opportunity?.stage).toBe('NEGOTIATION');
    expect(r.hot).toBe(true);
    expect(r.activity?.summary).toBe('拜访方舟电子，已进入谈判阶段');
  });

  it('English log with amount in USD and a next step', () => {
    const r = parseRules('Visited Acme Corp today, met John Smith (CTO). Budget $50k. Will send proposal by Friday.', ctx);
    expect(r.intent).toBe('log_activity');
    expect(r.opportunity?.amount).toBe(50000);
    expect(r.opportunity?.currency).toBe('USD');
    expect(r.nextSteps).toMatchObject([{ title: 'send proposal', dueAt: '2026-11-27T09:00:00+08:00', dueLabel: 'by Friday' }]);
  });

  it('prefers the longest known customer name', () => {
    const r = parseRules('今天拜访了方舟电子科技，聊得不错', { ...ctx, knownCustomers: ['方舟电子', '方舟电子科技'] });
    expect(r.customer).toMatchObject({ name: '方舟电子科技' });
    expect(r.activity?.occurredAt).toBe('2026-11-23T10:00:00+08:00');
  });

  it('finds a known customer without a company suffix', () => {
    const r = parseRules('下午去青松拜访了李主任', { ...ctx, knownCustomers: ['青松'] });
    expect(r.customer).toMatchObject({ name: '青松' });
    expect(r.activity?.occurredAt).toBe('2026-11-23T10:00:00+08:00');
    expect(r.contacts).toEqual([{ name: '李主任', title: '主任', role: 'OTHER' }]);
  });

  it('a planned call is a task, not an activity', () => {
    const r = parseRules('明天给刘总打电话', ctx);
    expect(r.intent).toBe('create_task');
    expect(r.activity).toBeNull();
    expect(r.contacts).toEqual([{ name: '刘总', title: '总经理', role: 'OTHER' }]);
  });

  it.each([
    ['打给恒信物流的邹经理，聊了二十分钟交期', 'CALL'],
    ['给海瑞医疗的冯主任快递了一批样件，附了说明书', 'OTHER'],
    ['上午给宏基模具送了一份报价资料，顺便见了韩总', 'VISIT'],
  ])('a call said 打给 X, and samples or papers sent, are what happened: %s', (text, type) => {
    const r = parseRules(text, ctx);
    expect(r.intent).toBe('log_activity');
    expect(r.activity?.type).toBe(type);
  });

  it('打给 X still to come is a task', () => {
    const r = parseRules('后天上午打给恒信物流的邹经理', ctx);
    expect(r.activity).toBeNull();
    expect(r.nextSteps.map((s) => s.dueAt)).toEqual(['2026-11-25T09:00:00+08:00']);
  });
});
