// English signing reports are won deals: "X signed! 180k", "X has signed", "contract with X signed
// today", "we signed X today" — seen in the console: "Brightwave signed! 180k" stored the amount and
// left the deal at its early stage (✅ with the stage unchanged), and a payment after it found no
// contract. Not a signing: signing off/up, signing for a delivery, a paper that is not the
// contract (NDA, LOI, pilot agreement), a signing still ahead, a competitor's.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';

const at = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai' };
const stage = (s: string) => parseRules(s, at).opportunity?.stage ?? null;

describe('English signing reports', () => {
  it('a signing said in the past is a won deal, with its customer and amount', () => {
    for (const s of ['Kestrel Freight signed! 240k', 'Kestrel Freight has signed, 240k total', 'Kestrel Freight finally signed. 240k', 'Contract with Kestrel Freight signed yesterday, 240k', 'We signed Kestrel Freight today']) {
      const p = parseRules(s, at);
      expect(p.opportunity?.stage, s).toBe('WON');
      expect(p.customer?.name, s).toBe('Kestrel Freight');
    }
    expect(parseRules('Good news - Marlow Bakeries just signed, 65k', at).opportunity?.amount).toBe(65000);
  });

  it('signing off, for a parcel, a paper that is not the contract, ahead or by a rival: no won deal', () => {
    for (const s of [
      'Kestrel Freight signed off on the proposal',
      'Tom signed for the samples at Kestrel Freight',
      'Kestrel Freight signed the NDA today',
      'Kestrel Freight signed a pilot agreement',
      'Kestrel Freight will have it signed by Friday',
      'expect Kestrel Freight to get it signed next week',
      "Kestrel Freight hasn't signed yet",
      'Kestrel Freight wants the contract signed by Friday',
      'their competitor signed with Kestrel Freight last month',
    ])
      expect(stage(s), s).not.toBe('WON');
  });
});

describe('English short names and won deals', () => {
  const known = { ...at, knownCustomers: ['Kestrel Freight Systems', 'Marlow Bakeries Ltd', '北方重工'] };
  it('the brand of a known English name stands for it (Kestrel for Kestrel Freight Systems)', () => {
    expect(parseRules('Kestrel lost to a competitor on price', known).customer?.name).toBe('Kestrel Freight Systems');
    expect(parseRules('Marlow wants a second demo next week', known).customer?.name).toBe('Marlow Bakeries Ltd');
  });

  it('"X won, contract …" is a won deal with its contract and payment; a rival winning is not', () => {
    const p = parseRules('Marlow Bakeries won, contract 88k, 30k paid', known);
    expect(p.opportunity?.stage).toBe('WON');
    expect([p.deal?.contractAmount, p.deal?.paymentAmount]).toEqual([88000, 30000]);
    expect(stage('The competitor won, contract 88k')).not.toBe('WON');
    expect(parseRules('The competitor won, contract 88k', at).deal?.contractAmount ?? null).toBeNull();
    expect(stage('Kestrel won the regional logistics award')).not.toBe('WON');
  });
});
