// English call notes: a spaced dash separates what happened from what follows ("Call with X - she
// needs Y by Friday"), so the call is logged and only the second half is the step; what they need
// from us with a time ("they need pricing by Monday") is our step, titled by the thing.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const NOW = new Date('2026-11-24T02:00:00Z'); // Tuesday
const parse = (t: string) => parseRules(t, { now: NOW, timezone: 'Asia/Shanghai' });

describe('English call notes', () => {
  it('a spaced dash ends the note of the call; the need after it is our step', () => {
    const p = parse('Call with Priya from Larkspur Logistics - she needs the data processing agreement by Thursday');
    expect(p.activity?.type).toBe('CALL');
    expect(p.customer?.name).toBe('Larkspur Logistics');
    expect(p.nextSteps).toHaveLength(1);
    expect(p.nextSteps[0].title).not.toMatch(/Call with/);
    expect(p.nextSteps[0].dueLabel).toMatch(/Thursday/);
  });

  it('what they need from us, with a time, is a step even without an article', () => {
    const p = parse('Spoke with Omar at Halcyon Foods, they need pricing for the second site by Friday');
    expect(p.activity).not.toBeNull();
    expect(p.nextSteps.map((s) => s.title)).toEqual([expect.stringMatching(/^pricing/)]);
  });

  it('a hyphen inside a word is no break', () => {
    const p = parse('Call with the co-founder of Keystone Media - they need a case study by Friday');
    expect(p.activity?.summary).toMatch(/co-founder of Keystone Media/);
    expect(p.customer?.name).toBe('Keystone Media');
    expect(p.nextSteps.map((s) => s.title)).toEqual(['case study']);
  });
});
