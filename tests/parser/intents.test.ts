// Intents other than log_activity, each checked on the fields it fills.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const NOW = new Date('2026-11-23T10:00:00+08:00'); // Monday
const ctx = { now: NOW, timezone: 'Asia/Shanghai', knownUsers: ['张三', '李四', 'Zhang San'], knownCustomers: ['Acme'] };
const p = (t: string) => parseRules(t, ctx);

const MONTH = { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00' };
const WEEK = { start: '2026-11-23T00:00:00+08:00', end: '2026-11-30T00:00:00+08:00' };

describe('undo and help', () => {
  for (const t of ['撤销', '撤回', '取消上一条', '删掉刚才那条', 'undo', 'Undo!']) {
    it(`undo: ${t}`, () => {
      const r = p(t);
      expect(r.intent).toBe('undo');
      expect(r.activity).toBeNull();
      expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    });
  }
  for (const t of ['帮助', 'help', '怎么用', '?', '？']) {
    it(`help: ${t}`, () => expect(p(t).intent).toBe('help'));
  }
  it('取消热点 is not undo', () => expect(p('取消方舟电子的热点').intent).toBe('mark_hot'));
});

describe('correction', () => {
  const cases: Array<[string, { field: string; from: string | null; to: string }]> = [
    ['金额改成40万', { field: 'amount', from: null, to: '400000' }],
    ['金额应该是40万', { field: 'amount', from: null, to: '400000' }],
    ['amount should be 400k', { field: 'amount', from: null, to: '400000' }],
    ['不是刘兵,是刘冰', { field: 'contact_name', from: '刘兵', to: '刘冰' }],
    ['刘兵写错了，是刘冰', { field: 'contact_name', from: '刘兵', to: '刘冰' }],
    ['客户名改成方舟科技', { field: 'customer_name', from: null, to: '方舟科技' }],
    ['阶段改成谈判', { field: 'stage', from: null, to: 'NEGOTIATION' }],
    ['预计成交日期改成12月15日', { field: 'expected_close_date', from: null, to: '2026-12-15T09:00:00+08:00' }],
    ['是电话不是拜访', { field: 'activity_type', from: 'VISIT', to: 'CALL' }],
    ['不是30万，是40万', { field: 'amount', from: '300000', to: '400000' }],
    ["not John, it's Jon", { field: 'contact_name', from: 'John', to: 'Jon' }],
  ];
  for (const [t, exp] of cases) {
    it(t, () => {
      const r = p(t);
      expect(r.intent).toBe('correction');
      expect(r.correction).toEqual(exp);
    });
  }
});

describe('set_target', () => {
  it('设置本月目标 张三 50万', () => {
    const r = p('设置本月目标 张三 50万');
    expect(r.intent).toBe('set_target');
    expect(r.target).toEqual({ userName: '张三', team: false, amount: 500000, period: { ...MONTH, label: '本月' } });
  });
  it('张三本月目标50万', () => {
    expect(p('张三本月目标50万').target).toEqual({ userName: '张三', team: false, amount: 500000, period: { ...MONTH, label: '本月' } });
  });
  it('设置团队本月目标 200万', () => {
    expect(p('设置团队本月目标 200万').target).toEqual({ userName: null, team: true, amount: 2000000, period: { ...MONTH, label: '本月' } });
  });
  it('set target for Zhang San 500k this month', () => {
    const r = p('set target for Zhang San 500k this month');
    expect(r.intent).toBe('set_target');
    expect(r.language).toBe('en');
    expect(r.target).toEqual({ userName: 'Zhang San', team: false, amount: 500000, period: { ...MONTH, label: 'this month' } });
  });
  it('unknown rep name still found, next quarter period', () => {
    const r = parseRules('王五下季度目标一百二十万', { now: NOW, timezone: 'Asia/Shanghai' });
    expect(r.target).toEqual({
      userName: '王五',
      team: false,
      amount: 1200000,
      period: { start: '2027-01-01T00:00:00+08:00', end: '2027-04-01T00:00:00+08:00', label: '下季度' },
    });
  });
});

describe('record_deal', () => {
  it('签约 + 首付款', () => {
    const r = p('方舟电子签约40万, 首付款20万已到');
    expect(r.intent).toBe('record_deal');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.deal).toEqual({ contractAmount: 400000, paymentAmount: 200000, currency: 'CNY', plannedPayments: [] });
  });
  it('industry suffixes beyond 科技/电子 name the customer', () => {
    const r = p('蓝海物流签约25万');
    expect(r.intent).toBe('record_deal');
    expect(r.customer).toMatchObject({ name: '蓝海物流' });
    expect(r.deal).toEqual({ contractAmount: 250000, paymentAmount: null, currency: 'CNY', plannedPayments: [] });
    expect(p('昨天拜访了华润置业的张总').customer).toMatchObject({ name: '华润置业' });
    expect(p('明天去中石化能源').customer).toMatchObject({ name: '中石化能源' });
  });
  it('回款 only', () => {
    const r = p('方舟电子回款10万');
    expect(r.intent).toBe('record_deal');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.deal).toEqual({ contractAmount: null, paymentAmount: 100000, currency: 'CNY', plannedPayments: [] });
  });
  it('收到…货款', () => {
    const r = p('收到方舟电子货款10万');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.deal).toEqual({ contractAmount: null, paymentAmount: 100000, currency: 'CNY', plannedPayments: [] });
  });
  it('signed Acme for 400k', () => {
    const r = p('signed Acme for 400k');
    expect(r.intent).toBe('record_deal');
    expect(r.customer).toMatchObject({ name: 'Acme' });
    expect(r.deal).toEqual({ contractAmount: 400000, paymentAmount: null, currency: 'CNY', plannedPayments: [] });
  });
  it('USD payment', () => {
    const r = p('Received $20k payment from Acme');
    expect(r.deal).toEqual({ contractAmount: null, paymentAmount: 20000, currency: 'USD', plannedPayments: [] });
  });
  it('a planned signing is a close date, not a deal', () => {
    const r = p('方舟电子预计12月签约，金额50万');
    expect(r.intent).toBe('update_opportunity');
    expect(r.deal).toBeNull();
    expect(r.opportunity?.expectedCloseDate).toBe('2026-12-31T18:00:00+08:00');
    expect(r.opportunity?.amount).toBe(500000);
    expect(r.opportunity?.stage).toBeNull();
  });
});

describe('mark_hot', () => {
  it('设为热点客户 with a note', () => {
    const r = p('方舟电子设为热点客户,10月10日左右签单');
    expect(r.intent).toBe('mark_hot');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.hot).toBe(true);
    expect(r.hotNote).toBe('10月10日左右签单');
  });
  it('取消热点', () => {
    const r = p('取消方舟电子的热点');
    expect(r.intent).toBe('mark_hot');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.hot).toBe(false);
    expect(r.hotNote).toBeNull();
  });
  it('不再是热点', () => {
    const r = p('星河软件不再是热点客户了');
    expect(r.hot).toBe(false);
    expect(r.customer).toMatchObject({ name: '星河软件' });
  });
  it('English', () => {
    const r = p('Mark Acme as hot customer, budget approved');
    expect(r.intent).toBe('mark_hot');
    expect(r.language).toBe('en');
    expect(r.customer).toMatchObject({ name: 'Acme' });
    expect(r.hot).toBe(true);
    expect(r.hotNote).toBe('budget approved');
  });
  it('重点跟进 without a reason', () => {
    const r = p('蓝海医药重点跟进');
    expect(r.hot).toBe(true);
    expect(r.hotNote).toBeNull();
  });
});

describe('update_opportunity: stages, qualification, grade', () => {
  const cases: Array<[string, string | null, string]> = [
    ['方舟电子进入报价阶段', 'QUOTATION', '方舟电子'],
    ['方舟电子到了谈判', 'NEGOTIATION', '方舟电子'],
    ['星河软件需求已确认', 'NEEDS_CONFIRMED', '星河软件'],
    ['Acme moved to negotiation', 'NEGOTIATION', 'Acme'],
    ['方舟电子赢单了', 'WON', '方舟电子'],
    ['方舟电子拿下了', 'WON', '方舟电子'],
    ['北辰集团丢单了', 'LOST', '北辰集团'],
    ['方舟电子黄了', 'LOST', '方舟电子'],
  ];
  for (const [t, stage, customer] of cases) {
    it(t, () => {
      const r = p(t);
      expect(r.intent).toBe('update_opportunity');
      expect(r.opportunity?.stage).toBe(stage);
      expect(r.customer).toMatchObject({ name: customer });
    });
  }
  it('concern about the quote is not a stage', () => {
    const r = p('方舟电子对报价有顾虑，预计30万');
    expect(r.opportunity?.stage).toBeNull();
    expect(r.opportunity?.amount).toBe(300000);
  });
  it('qualification and grade', () => {
    const r = p('方舟电子这个单子有价值，是个大单');
    expect(r.opportunity?.qualification).toBe('VALUABLE');
    expect(r.opportunity?.grade).toBe('BIG');
    const n = p('星河软件没价值，小单');
    expect(n.opportunity?.qualification).toBe('NOT_VALUABLE');
    expect(n.opportunity?.grade).toBe('SMALL');
    expect(p('Acme is a big deal, valuable').opportunity).toMatchObject({ qualification: 'VALUABLE', grade: 'BIG' });
  });
  it('expected close dates', () => {
    expect(p('方舟电子预计10月底签').opportunity?.expectedCloseDate).toBe('2026-10-31T18:00:00+08:00');
    expect(p('星河软件年底前签').opportunity?.expectedCloseDate).toBe('2026-12-31T18:00:00+08:00');
    expect(p('Acme expected to close by Dec 15').opportunity?.expectedCloseDate).toBe('2026-12-15T09:00:00+08:00');
  });
});

describe('task list questions with a day or a verb to look', () => {
  it.each(['我今天的待办', '今天的待办', '我明天的任务', '看下我本周的待办', '查一下我的待办清单'])('%s is a question, never a new task', (text) => {
    const r = p(text);
    expect(r.intent).toBe('query');
    expect(r.query?.kind).toBe('my_tasks');
    expect(r.nextSteps).toHaveLength(0);
  });
  it('a task stated under the same words is still a task', () => {
    expect(p('待办：明天把样品寄给方舟电子').intent).toBe('create_task');
  });
});

describe('query', () => {
  const cases: Array<[string, { kind: string; subject: string | null; period: null | { start: string; end: string; label: string }; days: number | null }]> = [
    ['我的待办', { kind: 'my_tasks', subject: null, period: null, days: null }],
    ['my tasks', { kind: 'my_tasks', subject: null, period: null, days: null }],
    ['客户 方舟电子', { kind: 'customer', subject: '方舟电子', period: null, days: null }],
    ['方舟电子的情况', { kind: 'customer', subject: '方舟电子', period: null, days: null }],
    ['查一下方舟电子', { kind: 'customer', subject: '方舟电子', period: null, days: null }],
    ['customer Acme', { kind: 'customer', subject: 'Acme', period: null, days: null }],
    ['本月漏斗', { kind: 'funnel', subject: null, period: { ...MONTH, label: '本月' }, days: null }],
    ['pipeline this month by stage', { kind: 'funnel', subject: null, period: { ...MONTH, label: 'this month' }, days: null }],
    ['销售漏斗', { kind: 'funnel', subject: null, period: { ...MONTH, label: '本月' }, days: null }],
    ['张三这周拜访了几家', { kind: 'activity_summary', subject: '张三', period: { ...WEEK, label: '这周' }, days: null }],
    ['这周大家都做了什么', { kind: 'activity_summary', subject: null, period: { ...WEEK, label: '这周' }, days: null }],
    ['who did what this week', { kind: 'activity_summary', subject: null, period: { ...WEEK, label: 'this week' }, days: null }],
    ['本月排名', { kind: 'ranking', subject: null, period: { ...MONTH, label: '本月' }, days: null }],
    ['上月排行榜', { kind: 'ranking', subject: null, period: { start: '2026-10-01T00:00:00+08:00', end: '2026-11-01T00:00:00+08:00', label: '上月' }, days: null }],
    ['哪些单子停滞超过14天', { kind: 'stalled', subject: null, period: null, days: 14 }],
    ['stalled deals', { kind: 'stalled', subject: null, period: null, days: null }],
    ['目标完成率', { kind: 'target', subject: null, period: { ...MONTH, label: '本月' }, days: null }],
    ['李四本月完成了多少', { kind: 'target', subject: '李四', period: { ...MONTH, label: '本月' }, days: null }],
    ['下季度预测', { kind: 'forecast', subject: null, period: { start: '2027-01-01T00:00:00+08:00', end: '2027-04-01T00:00:00+08:00', label: '下季度' }, days: null }],
    ['forecast', { kind: 'forecast', subject: null, period: { ...MONTH, label: 'this month' }, days: null }],
    ['哪些客户可能流失', { kind: 'churn', subject: null, period: null, days: null }],
    ['RFM', { kind: 'rfm', subject: null, period: null, days: null }],
    ['客户分层', { kind: 'rfm', subject: null, period: null, days: null }],
    ['应收', { kind: 'receivables', subject: null, period: null, days: null }],
    ['回款情况', { kind: 'receivables', subject: null, period: null, days: null }],
    ['我的热点客户', { kind: 'hot_customers', subject: null, period: null, days: null }],
    ['hot customers', { kind: 'hot_customers', subject: null, period: null, days: null }],
    ['今天的日报', { kind: 'daily_report', subject: null, period: { start: '2026-11-23T00:00:00+08:00', end: '2026-11-24T00:00:00+08:00', label: '今天' }, days: null }],
    ['上个月签了多少单？', { kind: 'other', subject: null, period: { start: '2026-10-01T00:00:00+08:00', end: '2026-11-01T00:00:00+08:00', label: '上个月' }, days: null }],
    ['今年一共多少客户', { kind: 'other', subject: null, period: { start: '2026-01-01T00:00:00+08:00', end: '2027-01-01T00:00:00+08:00', label: '今年' }, days: null }],
    ['last quarter ranking', { kind: 'ranking', subject: null, period: { start: '2026-07-01T00:00:00+08:00', end: '2026-10-01T00:00:00+08:00', label: 'last quarter' }, days: null }],
  ];
  for (const [t, q] of cases) {
    it(t, () => {
      const r = p(t);
      expect(r.intent).toBe('query');
      expect(r.query).toEqual(q);
    });
  }
});

describe('question marks inside a report', () => {
  it('a customer question quoted in a visit log stays a log', () => {
    const r = p('今天拜访了方舟电子，客户问能否打折？');
    expect(r.intent).toBe('log_activity');
    expect(r.query).toBeNull();
    expect(r.activity?.summary).toBe('拜访方舟电子，客户问能否打折');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
  });
});

describe('create_task', () => {
  it('提醒我… with clock time', () => {
    const r = p('提醒我明天下午3点给刘总打电话');
    expect(r.intent).toBe('create_task');
    expect(r.nextSteps).toMatchObject([{ title: '给刘总打电话', dueAt: '2026-11-24T15:00:00+08:00', dueLabel: '明天下午3点' }]);
  });
  it('several steps after 下一步', () => {
    const r = p('下一步：周三发方案，周五前约技术交流');
    expect(r.nextSteps).toMatchObject([
      { title: '发方案', dueAt: '2026-11-25T09:00:00+08:00', dueLabel: '周三' },
      { title: '约技术交流', dueAt: '2026-11-27T09:00:00+08:00', dueLabel: '周五前' },
    ]);
  });
  it('并 splits and the second step inherits the time', () => {
    const r = p('准备明天发方案并约演示');
    expect(r.nextSteps).toMatchObject([
      { title: '发方案', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: '明天' },
      { title: '约演示', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: '明天' },
    ]);
  });
  it('a step without a time', () => {
    const r = p('需要给方舟电子发报价单');
    expect(r.intent).toBe('create_task');
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.nextSteps).toMatchObject([{ title: '给方舟电子发报价单', dueAt: null, dueLabel: null }]);
  });
  it('English steps split on "and"', () => {
    const r = p('Next step: send the quote tomorrow and schedule a demo next Tuesday');
    expect(r.nextSteps).toMatchObject([
      { title: 'send the quote', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: 'tomorrow' },
      { title: 'schedule a demo', dueAt: '2026-12-01T09:00:00+08:00', dueLabel: 'next Tuesday' },
    ]);
  });
  it('need to follow up', () => {
    const r = p('Need to follow up with Acme next week');
    expect(r.nextSteps).toMatchObject([{ title: 'follow up with Acme', dueAt: '2026-11-30T09:00:00+08:00', dueLabel: 'next week' }]);
  });
});

describe('unknown', () => {
  for (const t of ['今天天气不错', 'asdfgh', '好的', '哈哈哈']) {
    it(t, () => {
      const r = p(t);
      expect(r.intent).toBe('unknown');
      expect(r.confidence).toBeLessThanOrEqual(0.4);
    });
  }
});

describe('bare questions naming the figures they want', () => {
  it.each([
    ['我的业绩', 'performance'],
    ['团队业绩', 'performance'],
    ['our numbers this quarter', 'performance'],
    ['accounts not contacted in 3 weeks', 'forgotten_customers'],
    ['which clients haven\'t been followed up?', 'forgotten_customers'],
    ['upcoming payments', 'payment_plans'],
  ])('%s → %s', (text, kind) => {
    const r = p(text);
    expect(r.intent).toBe('query');
    expect(r.query?.kind).toBe(kind);
    expect(r.customer).toBeNull();
  });

  it('a question is never a correction', () => {
    expect(p('which customers were not touched since October?').intent).not.toBe('correction');
  });
});

describe('English questions without a question mark', () => {
  it.each(['who called the most customers this month', 'what did the team do last week'])('%s is a query, never a log', (t) => {
    expect(p(t).intent).toBe('query');
  });
});
