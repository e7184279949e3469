// "赵敏和她老板", "他们老板": someone else's boss is another person — the named contact is not the
// decision-maker for it; and "润丰老板" is the customer's boss, not a contact "丰老板" made of the
// customer's last character and 老板 (both seen in a console probe).
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const at = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai', knownCustomers: ['启明教育', '澄江环保'] };
const contacts = (s: string) => parseRules(s, at).contacts.map((c) => [c.name, c.role]);

describe('someone else’s boss', () => {
  it('is not the named contact’s role', () => {
    expect(contacts('下午给启明教育的孙倩和她老板做了演示')).toEqual([['孙倩', 'OTHER']]);
    expect(contacts('澄江环保的邢工说他们老板下周回来')).toEqual([['邢工', 'OTHER']]);
  });

  it('the contact’s own role still counts', () => {
    expect(contacts('见了启明教育的孙倩，她是老板')).toEqual([['孙倩', 'DECISION_MAKER']]);
    expect(contacts('启明教育的孙倩是老板，下周签')).toEqual([['孙倩', 'DECISION_MAKER']]);
  });

  it('the customer’s last character is no surname: 启明老板, 澄江老板', () => {
    expect(contacts('月底约启明老板吃个饭')).toEqual([]);
    expect(parseRules('月底约启明老板吃个饭', at).customer?.name).toBe('启明教育');
    expect(contacts('澄江环保江总说预算批了').map(([n]) => n)).toEqual(['江总']);
  });
});
