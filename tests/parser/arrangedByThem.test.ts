// Why this file exists: a meeting the customer arranged with us for later ("<客户><下周三>约了我们做
// 产品演示") was logged as a meeting held today. 约了/安排了/邀请 + 我们 + what is to be done, with a
// time still ahead, is our next step at that time, titled by what we will do; only something the
// rep says happened is an activity. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);
const steps = (t: string) => p(t).nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10) ?? null]);

describe('a meeting they arranged with us for later is our step, not an activity', () => {
  it.each([
    ['远大能源下周四约了我们去做系统演示', '去做系统演示', '2026-12-03'],
    ['鼎丰食品约了我们下周一上门交流', '上门交流', '2026-11-30'],
    ['晨光印务邀请我们月底去开技术交流会', '去开技术交流会', '2026-11-30'],
    ['青松环保下周二安排我们过去做方案汇报', '过去做方案汇报', '2026-12-01'],
  ])('%s', (text, title, due) => {
    const r = p(text);
    expect(r.activity).toBeNull();
    expect(r.intent).toBe('create_task');
    expect(steps(text)).toEqual([[title, due]]);
  });

  it('the visit the rep reports stays the activity; the arranged meeting is the step', () => {
    const r = p('今天拜访了青松环保，他们约了我们下周五做方案汇报');
    expect(r.activity?.type).toBe('VISIT');
    expect(steps('今天拜访了青松环保，他们约了我们下周五做方案汇报')).toEqual([['做方案汇报', '2026-12-04']]);
  });

  it('…and one that already took place is still an activity', () => {
    const r = p('上周鼎丰食品约了我们做了演示');
    expect(r.activity?.type).toBe('MEETING');
    expect(r.nextSteps).toEqual([]);
  });
});
