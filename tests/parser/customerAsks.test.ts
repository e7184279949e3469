// What a figure is, by its words: the customer's wish, counter-offer or ceiling is never the deal
// amount (src/intents/rules/asks.ts) — but a price already settled is, and so is our own plan; a
// loss message's figures are its reason's. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { findAmounts } from '../../src/intents/rules/amounts.js';
import { isTheirAsk } from '../../src/intents/rules/asks.js';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownCustomers: ['青松环保', '鼎丰食品'] };
const p = (t: string) => parseRules(t, ctx);
const asks = (t: string) => findAmounts(t).filter((a) => isTheirAsk(t, a)).map((a) => a.raw);

describe('the customer\'s wish or counter-offer is theirs, not the deal amount', () => {
  const theirs: Array<[string, string[]]> = [
    ['青松环保的采购说他们总经理想把总价砍到18万', ['18万']],
    ['鼎丰食品那边希望我们降到42万以内', ['42万']],
    ['鼎丰食品的钱经理还价36万', ['36万']],
    ['青松环保只能接受15万，多了走不了流程', ['15万']],
    ['鼎丰食品财务说最多给二十八万', ['二十八万']],
    ['青松环保的侯总要求压到九十万', ['九十万']],
    ['Talked to Priya at Northwind Labs, they want it under 150k', ['150k']],
    ['Northwind Labs countered at $72k', ['$72k']],
    ['Their CFO wants to knock the price down to 95k', ['95k']],
    ['Procurement at Northwind Labs asked for 310k', ['310k']],
    ['鼎丰食品的采购顶多能给26万', ['26万']],
    ['鼎丰食品的孟总说老板那边希望31万左右', ['31万']],
    ['Northwind Labs is pushing for 140k', ['140k']],
  ];
  for (const [text, want] of theirs) {
    it(text, () => {
      expect(asks(text)).toEqual(want);
      expect(p(text).opportunity?.amount ?? null).toBeNull();
    });
  }

  it('our figure said beside theirs stays the amount', () => {
    expect(p('青松环保报价22万，对方老板想压到19万').opportunity?.amount).toBe(220000);
    expect(p('鼎丰食品 合同额 47万 不变，采购还想砍到43万').opportunity?.amount).toBe(470000);
    expect(p('Northwind Labs: deal value 180k, their buyer wants to squeeze it to 160k').opportunity?.amount).toBe(180000);
  });

  it('a price already settled, a change that happened, and our own plan are ours', () => {
    expect(asks('鼎丰食品把价格从50万压到了46万')).toEqual([]);
    expect(p('鼎丰食品把价格从50万压到了46万').opportunity?.amount).toBe(460000);
    expect(p('青松环保 我们报33万 他们还价29万 最终谈到31万').opportunity?.amount).toBe(310000);
    expect(asks('青松环保那边我们准备降到27万')).toEqual([]);
    expect(asks('We offered Northwind Labs 120k')).toEqual([]);
    expect(asks('鼎丰食品这单我们希望38万拿下')).toEqual([]);
    // Raising is no counter-offer: "想加到60万" is the deal growing.
    expect(p('鼎丰食品的孟总说今年想加到60万').opportunity?.amount).toBe(600000);
  });

  it('a message whose only figure is their ask is a remark to log (其他), with no amount', () => {
    const r = p('鼎丰食品的孟总说老板想把价格压到33万');
    expect([r.intent, r.activity?.type, r.opportunity?.amount ?? null]).toEqual(['log_activity', 'OTHER', null]);
    expect(r.activity?.summary).toContain('33万');
    // …unless it asks something.
    expect(p('鼎丰食品是不是想压到33万？').intent).not.toBe('log_activity');
  });
});

describe('where their wished-for price starts, their limits, and the price they want to buy at are theirs', () => {
  const theirs: Array<[string, string[]]> = [
    // the current price a wished-for lowering starts from is not a new figure of ours
    ['青松环保的董事长想把合同价从48万砍到40万', ['48万', '40万']],
    ['鼎丰食品采购希望从二十六万降到二十二万', ['二十六万', '二十二万']],
    ['Their buyer wants to bring it from 300k down to 240k', ['300k', '240k']],
    // a limit: 控制在…以内, 卡在, 封顶, 不超过
    ['鼎丰食品的孟总希望整体费用控制在33万以内', ['33万']],
    ['青松环保那边预算卡在19万，超了要重新走审批', ['19万']],
    ['鼎丰食品说总价封顶55万', ['55万']],
    ['青松环保希望首期不超过12万', ['12万']],
    ['鼎丰食品希望全部做下来20万以内', ['20万']],
    ['Spoke to Grace at Northwind Labs, their budget is capped at 180k', ['180k']],
    ['Northwind Labs want to keep it under 90k', ['90k']],
    // the price they want to buy at
    ['青松环保想16万拿下这套系统', ['16万']],
    ['鼎丰食品老板想用30万成交', ['30万']],
  ];
  for (const [text, want] of theirs) {
    it(text, () => {
      expect(asks(text)).toEqual(want);
      expect(p(text).opportunity?.amount ?? null).toBeNull();
    });
  }

  it('a wish to buy is no signing', () => {
    for (const text of ['青松环保想16万拿下这套系统', '鼎丰食品老板想用30万成交']) {
      const r = p(text);
      expect([r.intent, r.opportunity?.stage ?? null, r.deal ?? null]).toEqual(['log_activity', null, null]);
    }
    // …a brand with 想 in its name still wins its deal
    expect(p('理想汽车赢单了').opportunity?.stage).toBe('WON');
  });

  it('their budget said with 以内 stays the deal size; a lowering that happened and our own limit are ours', () => {
    expect(p('青松环保的侯总说预算40万以内').opportunity?.amount).toBe(400000);
    expect(p('鼎丰食品把价格从30万降到了27万').opportunity?.amount).toBe(270000);
    expect(asks('鼎丰食品这单我们想控制在50万')).toEqual([]);
  });
});

describe('a loss message\'s figures are its reason\'s', () => {
  it('the budget said with a loss is kept in the reason, not as the amount', () => {
    const r = p('青松环保输单了，客户预算只有12万，最后选了本地一家');
    expect([r.opportunity?.stage, r.opportunity?.amount]).toEqual(['LOST', null]);
    expect(r.opportunity?.lostReason).toContain('12万');
    const en = p('Lost Northwind Labs: their budget was capped at 90k and they went with a local vendor');
    expect([en.opportunity?.stage, en.opportunity?.amount]).toEqual(['LOST', null]);
  });
});
