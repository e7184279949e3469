// A person given by title and surname only ("他们部长姓周", "采购经理姓林", "…的主管，姓何") is a
// contact called by surname and the title's honorific (周部长, 林经理, 何主管), as reps then write
// them; a role word inside the title is theirs, and when the surname comes back with an honorific
// ("老板，姓柯，柯总说…") that mention is the person and takes the title.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-26T03:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const people = (t: string) => parseRules(t, ctx).contacts.map((c) => `${c.name}:${c.title ?? ''}`);

describe('title, then 姓 and the surname', () => {
  for (const [text, want] of [
    ['对方的厂长姓蒋，下周约他去车间看看', ['蒋厂长:厂长']],
    ['拜访了鼎盛五金，他们财务经理姓钟，对价格很敏感', ['钟经理:财务经理']],
    ['接待我们的是信息中心的主任，姓殷', ['殷主任:信息中心主任']],
    ['他们设备部长姓韦，质量总监姓郝', ['韦部长:设备部长', '郝总监:质量总监']],
  ] as const) {
    it(text, () => expect(people(text)).toEqual(want));
  }
  it('…and the surname said again with an honorific is the same person', () => {
    expect(people('见了宏丰农机的董事长，姓邱，邱董说今年预算紧')).toEqual(['邱董:董事长']);
  });
  it('a title with no honorific form makes no name from the surname alone', () => {
    expect(people('对接人姓邬')).toEqual([]);
  });
});
