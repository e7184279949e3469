// Two companies joined by 和/与/及/跟/同/、 ("上周去了青禾农业和澜湾食品…") are two customers — each
// gets its part — also where the segmenter glues the conjunction to the next word (和丰) and the
// name would otherwise run across it. A 和 inside one company's name (协和医院, 润和置业) keeps the
// name whole.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import { findCustomers } from '../../src/intents/rules/customers.js';

const NOW = new Date('2026-11-24T02:00:00Z');
const parse = (t: string) => parseRules(t, { now: NOW, timezone: 'Asia/Shanghai' });
const names = (t: string) => findCustomers(t, []).map((c) => c.name);

describe('companies joined by 和', () => {
  it('are two names, also across a word the segmenter glued to 和', () => {
    expect(names('华岭光电和丰源食品都约了下周二见面').sort()).toEqual(['丰源食品', '华岭光电']);
    expect(names('金穗粮油与天衡检测签了框架协议').sort()).toEqual(['天衡检测', '金穗粮油']);
  });

  it('a visit to both is filed on each, with its own part', () => {
    const p = parse('上周去了青禾农业和澜湾食品，聊了明年的采购计划');
    expect(p.parts.map((x) => [x.customer.name, x.activityType])).toEqual([['青禾农业', 'VISIT'], ['澜湾食品', 'VISIT']]);
    expect(p.customer).toBeNull();
    // …also where the second name alone would be weaker evidence than the first.
    expect(parse('今天下午拜访了长林化工和博远教育').parts.map((x) => x.customer.name)).toEqual(['长林化工', '博远教育']);
  });

  it('one company with 和 in its name stays whole', () => {
    expect(parse('昨天拜访了协和医院的李主任').customer?.name).toBe('协和医院');
    expect(parse('润和置业的王总下午打来电话').customer?.name).toBe('润和置业');
  });
});
