// Why this file exists: a dictated step with a list of people was cut inside the list — "约了华星王总
// 和他们老板下周见面" became the step "约了华星王总和" with no time, because the segmenter glued 和 to the
// title (总和) and 他们 then opened a new clause; "约了<公司><人>与<部门><人><时间>开会" was cut before
// a person the verb still governed. A joining word right after a person keeps the list together,
// a person joined to one before belongs to that person's list, and a verb before the company still
// governs its person. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const steps = (t: string) => parseRules(t, ctx).nextSteps.map((x) => [x.title, x.dueAt?.slice(0, 10) ?? null]);

describe('a list of people joined by 和/跟/与 stays whole in the step', () => {
  it.each([
    ['约了鼎丰食品刘总和他们财务下周二吃饭', '刘总和他们财务', '2026-12-01'],
    ['约了远大能源孙总跟他们技术总监周四开会', '孙总跟他们技术总监', '2026-12-03'],
    ['约了晨光物流陈经理与采购部小何明天下午过去交流', '过去交流', '2026-11-28'],
    ['约了青松环保周工下周一过去调研', '过去调研', '2026-11-30'],
  ])('%s', (text, people, due) => {
    const got = steps(text);
    expect(got).toHaveLength(1);
    expect(got[0][0]).toContain(people);
    expect(got[0][1]).toBe(due);
  });

  it('…while after a verb of going the person opens their own clause', () => {
    const r = parseRules('今天去了晨光物流陈经理下周来我司考察', ctx);
    expect(r.activity?.summary).toMatch(/晨光物流，陈经理下周来我司考察/);
    expect(r.nextSteps).toEqual([]);
  });
});
