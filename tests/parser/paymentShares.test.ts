// A payment given as a share of the contract ("首付30%下周到账", "预付款百分之四十月底前付",
// "首期三成已经到账") is that part of the contract amount said in the same message: a planned
// payment when dated ahead, money received when it came in, a payment term (nothing) otherwise.
// Seen in a console probe: the share was dropped without a word. Also: a signing with a bare
// amount and a payment word without one ("合同签了，80万，首期款已经到账") took the contract's
// figure as money received, and "四十月底" read as October.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const at = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai' };

describe('a payment as a share of the contract', () => {
  it('dated ahead: a planned payment of that part of the contract', () => {
    const p = parseRules('云杉家居签约60万，首付40%下周三到账', at);
    expect(p.deal?.contractAmount).toBe(600000);
    expect(p.deal?.plannedPayments.map((x) => [x.amount, x.dueAt?.slice(0, 10)])).toEqual([[240000, '2026-12-02']]);
    expect(p.deal?.paymentAmount).toBeNull();
    const q = parseRules('启东精工合同签了150万，预付款百分之二十月底前付', at);
    expect(q.deal?.plannedPayments.map((x) => [x.amount, x.dueAt?.slice(0, 10)])).toEqual([[300000, '2026-11-30']]);
  });

  it('come in: money received; a bare share is a term and no money', () => {
    const p = parseRules('北辰纺织合同签了，90万，首期款三成已经到账', at);
    expect([p.deal?.contractAmount, p.deal?.paymentAmount]).toEqual([900000, 270000]);
    const term = parseRules('北辰纺织签约90万，首付30%，尾款验收后付', at);
    expect([term.deal?.contractAmount, term.deal?.paymentAmount, term.deal?.plannedPayments]).toEqual([900000, null, []]);
  });

  it('a payment word without its own figure never takes the contract figure', () => {
    const p = parseRules('澄明软件合同签了，45万，首笔款已经到账', at);
    expect(p.deal?.paymentAmount ?? null).toBeNull();
    expect(p.opportunity?.amount).toBe(450000);
  });

  it('a share is not a month: 四十月底 is 40% and the end of this month', () => {
    const p = parseRules('北辰纺织签约50万，首付百分之四十月底前打过来', at);
    expect(p.deal?.plannedPayments.map((x) => [x.amount, x.dueAt?.slice(0, 10)])).toEqual([[200000, '2026-11-30']]);
    expect(parseRules('十二月底前给北辰纺织发方案', at).nextSteps[0]?.dueAt?.slice(0, 10)).toBe('2026-12-31');
  });
});

describe('shares after a paying verb, and a schedule of several', () => {
  it('"下周一付一半": half the contract, planned', () => {
    const p = parseRules('澄明软件签了，48万，下周一付一半', at);
    expect(p.deal?.plannedPayments.map((x) => [x.amount, x.dueAt?.slice(0, 10)])).toEqual([[240000, '2026-11-30']]);
    const q = parseRules('云杉家居签约60万，首付40%下周三到账', at);
    expect(q.deal?.plannedPayments).toHaveLength(1);
  });

  it('every dated line of a payment schedule is a planned payment ("…，3月底收15万")', () => {
    const p = parseRules('启东精工签约80万，回款计划：明年2月底收30万，5月底收25万', at);
    expect(p.deal?.plannedPayments.map((x) => [x.amount, x.dueAt?.slice(0, 10)])).toEqual([[300000, '2027-02-28'], [250000, '2027-05-31']]);
  });
});
