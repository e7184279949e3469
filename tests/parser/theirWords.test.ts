// What a person of the customer's says about their own plans ("何总的助理小周说何总下周出差",
// "采购经理说图纸下周给") and a concession the customer demands ("客户要我们下个月降价5%") are the
// customer's words — never a task of ours. What is said to be ours ("王总说下周我们过去演示"),
// what they ask us to deliver ("要我们周五前发方案") and our own plan stay our steps. A dictated run
// with no punctuation keeps what they said together across a time ("说方案没问题下周给我们答复").
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const steps = (t: string) => parseRules(t, ctx).nextSteps.map((s) => s.title);

describe('their people speaking of their plans: no step', () => {
  for (const text of [
    '北辰家居赵总的秘书小林说赵总下周去深圳',
    '启明医疗钱主任的助理说钱主任周四休假',
    '云帆物流的采购经理说下周三他们内部评审',
    '金桥化工孙总的司机老周说孙总明天飞上海',
    '恒泰包装冯总的助理说冯总下个月出国考察',
  ]) {
    it(text, () => expect(steps(text)).toEqual([]));
  }
});

describe('dictated with no punctuation, what they said goes on after a time', () => {
  for (const text of ['金桥化工采购经理说图纸下周给', '赵总说方案没问题下周给我们答复', '钱主任说样品不错下个月再下一批订单']) {
    it(text, () => expect(steps(text)).toEqual([]));
  }
  it('…but our cue or our plan after it is still our step', () => {
    expect(steps('赵总说方案没问题让我们下周三前把合同发过去').some((t) => /合同发过去/.test(t))).toBe(true);
  });
});

describe('a concession they demand: no step', () => {
  for (const text of [
    '恒泰包装的客户要我们下个月降价5%',
    '拜访了启明医疗，对方要求我们月底前再让3个点',
    '北辰家居希望我们下季度把账期延长到90天',
    '云帆物流郑总说要我们下周给个折扣，再便宜点',
  ]) {
    it(text, () => expect(steps(text)).toEqual([]));
  }
});

describe('right after their words, only a reply to give is still theirs', () => {
  for (const text of [
    '见了恒信物流的邹经理，他说要跟老板商量，周四前给答复',
    '给海瑞医疗寄了样品，冯主任说收到后先测，两周内出结果',
    '跟宏基模具韩总通了电话，她说方案看过了，下周给反馈',
  ]) {
    it(text, () => expect(steps(text)).toEqual([]));
  }
  it('…our own step after it stays ours', () => {
    expect(steps('见了恒信物流的邹经理，他说要跟老板商量，周四前给答复，我们周三前先把样机寄过去')).toEqual(['先把样机寄过去']);
    expect(steps('邹经理说方案可以，让我们周四前给答复')).toEqual(['给答复']);
  });
});

describe('the customer paying us is theirs: no step', () => {
  for (const text of [
    '拜访了森源电器，老板很干脆，说设备先要两台，下周五前打定金',
    '星河物业合同盖章了，预付款月底前转过来',
    '跟蓝鲸水产的财务对了账，他们下个月初付清尾款',
  ]) {
    it(text, () => expect(steps(text)).toEqual([]));
  }
  it('…chasing the payment, or being reminded of it, stays our step', () => {
    expect(steps('星河物业合同盖章了，下周一催预付款')).toEqual(['催预付款']);
    expect(steps('提醒我月底前跟进蓝鲸水产付尾款')).toEqual(['跟进蓝鲸水产付尾款']);
  });
});

describe('what is ours stays our step', () => {
  const rows: Array<[string, RegExp]> = [
    ['赵总说下周我们过去做个演示', /演示/],
    ['金桥化工要我们周五前发方案', /发方案/],
    ['启明医疗让我们下周给个优惠报价', /优惠报价/],
    ['孙总的助理说孙总下周出差，我们周三前把合同寄过去', /合同寄过去/],
    ['测试样件对方要我们12月10号前送到', /送到/],
  ];
  for (const [text, title] of rows) {
    it(text, () => expect(steps(text).some((s) => title.test(s))).toBe(true));
  }
});
