// 签约 / 回款. An amount belongs to whichever deal word is nearest before it in its clause
// ("签约40万, 首付款20万已到"); failing that, the one right after it ("40万的合同签了").
import type { Amount } from './amounts.js';
import type { Clause } from './text.js';

const SIGN = /签约|签了|签下|签单|签合同|合同签|签订|成交|拿下|(?<![a-z])(?:signed|closed|won)(?![a-z])/gi;
const PAY = /回款|收到|到账|已到|已收|首付款?|预付款?|尾款|货款|付款|打款|进账|(?<![a-z])(?:payment|paid|received|collected|down payment)(?![a-z])/gi;
// Signing words that are still plans: 预计12月签约 is a close date, not a deal.
const NOT_YET = /预计|估计|计划|准备|争取|希望|有望|可能|打算|要|将|会|等|expected|expect|plan|will|hope|likely|going to|should/i;

export interface DealResult {
  contractAmount: number | null;
  paymentAmount: number | null;
  currency: string;
}

interface Kw {
  kind: 'sign' | 'pay';
  start: number;
  end: number;
}

function keywords(text: string): Kw[] {
  const out: Kw[] = [];
  for (const [kind, re] of [['sign', SIGN], ['pay', PAY]] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (kind === 'sign' && NOT_YET.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
      out.push({ kind, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export function findDeal(clauses: Clause[], amounts: Amount[]): DealResult | null {
  let contract: Amount | null = null;
  let payment: Amount | null = null;
  for (const cl of clauses) {
    const kws = keywords(cl.text);
    if (!kws.length) continue;
    for (const a of amounts) {
      if (a.start < cl.start || a.end > cl.end) continue;
      const rel = a.start - cl.start;
      const before = kws.filter((k) => k.end <= rel).pop();
      const after = kws.find((k) => k.start >= a.end - cl.start);
      const kw = before ?? after;
      if (!kw) continue;
      if (kw.kind === 'sign' && !contract) contract = a;
      else if (kw.kind === 'pay' && !payment) payment = a;
    }
  }
  if (!contract && !payment) return null;
  return {
    contractAmount: contract?.value ?? null,
    paymentAmount: payment?.value ?? null,
    currency: (contract ?? payment)!.currency,
  };
}
