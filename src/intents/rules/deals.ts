// 签约 / 回款 / 回款计划. An amount belongs to whichever deal word is nearest before it in its
// clause ("签约40万, 首付款20万已到"); failing that, the one right after it ("40万的合同签了").
// A payment that is planned ("回款计划：12月底收尾款10万", "下月初付30万") is never money received:
// it becomes a planned payment with its due date. A signing stated for the whole message ("签了！…
// 合同额95万", "Closed Initech - signed at $68k") takes the contract amount from any clause.
import type { Amount } from './amounts.js';
import { findTimeExprs, iso, resolveTime, type TimeCtx } from './dates.js';
import type { ClassifiedClause } from './nextSteps.js';
import { parseChineseNumber } from './numbers.js';

const SIGN = /签约|签了|签下|签单|签合同|合同签|签订|成交|拿下|(?<![a-z])(?:signed|closed|won)(?![a-z])/gi;
const PAY = /回款|收到|(?<![接验签])收(?=\s*(?:[\d一二三四五六七八九十两]|尾款|首款|余款|进度款))|到账|已到|已收|首付款?|首款|首期款|首笔款|预付款?|尾款|余款|进度款|验收款|质保金|货款|付款|打款|进账|定金|订金|(?:先|又|已经?)?(?:打|转|汇|付)了?过来(?=\s*(?:了\s*)?(?:[\d一二三四五六七八九十两]|$))|(?:先|又|已经?)(?:付|支付|结)了(?=\s*[\d一二三四五六七八九十两])|(?<![a-z])(?:payment|paid|received|collected|down payment|deposit|installment|balance)(?![a-z])/gi;
// Signing words that are still plans: 预计12月签约 is a close date, not a deal.
const NOT_YET = /预计|估计|计划|准备|争取|希望|(?<![理思感回梦猜设构联])想|有望|可能|打算|要|将|会|等|意向|意愿|expected|expect|plan|will|hope|likely|going to|should/i;
// A payment schedule: the money is due later.
const PLANNED = /回款计划|付款计划|收款计划|计划回款|预计回款|预计到账|预计付款|下次回款|分期|(?<![a-z])(?:payment plan|payment schedule|due|payable|will pay|to be paid|installments)(?![a-z])/i;
const CONTRACT_AMOUNT = /(?:合同额|合同金额|合同价|合同|签约金额|成交额|成交金额|signed at|signed for|(?<![a-z])contract(?: (?:value|amount|of|is|worth|total))?|deal (?:value|size))\s*[:：]?\s*(?:是|为|约)?\s*$/i;
// "方舟电子签了！合同35万": 签了 closing its clause (the clause split takes the "！") is a signing.
const SIGNED_NOW = /签约了|已签约|正式签约|赢单了|已赢单|拿下了|(?:今天|今日|刚刚|刚|昨天|上午|下午|终于|总算)(?:正式)?(?:签约|签了|签下)|合同(?:今天|已经|已)?签了|签了合同|合同已签|盖章了|签下来了|签了(?=$|[\s,，。!！])|(?:^|[\s,，!！])(?:签了|盖章)|(?<![a-z])(?:closed|signed)(?![a-z])|(?<=[A-Za-z]\s)(?<!(?:competitors?|they|rivals?|vendor|else|who)\s+)(?:is\s+)?won(?![a-z])(?!\s+(?:the|a|an|their|its|over|back|me|us)\b)/i;
const RECEIVED_NOW = /(?:收到|到账|已到|已收|(?:打|转|汇|付)了?过来了?|进账)|(?<![a-z])(?:received|got paid|paid us|collected|got (?:the |a |an |our |their )?(?:first |second |third |final |last )?(?:payment|installment|deposit|balance))(?![a-z])/i;

// A share of the contract ("首付30%", "首期款百分之四十", "预付三成"): money only once the contract
// amount is known in the same message.
// "下周一付一半", "验收后付30%": a paying verb right before a share is a payment word for it.
const PAY_SHARE = /(?:付|支付|打|转|汇|结)(?:款)?(?=\s*(?:\d+(?:\.\d+)?\s*[%％]|百分之|[一二三四五六七八九]成|一半|剩下的?一半))/g;
const SHARE = /(\d+(?:\.\d+)?)\s*(?:%|％)|百分之([零一二三四五六七八九十两]+)|(一半)|(?<![\d一二三四五六七八九十])([一二三四五六七八九])成(?!交|本|员|功|立|熟)/g;

/** The share a match of SHARE says, 0–1 (null when it is none). */
function shareOf(m: RegExpExecArray): number | null {
  const pct = m[1] ? Number(m[1]) : m[2] ? parseChineseNumber(m[2]) : m[3] ? 50 : m[4] ? (parseChineseNumber(m[4]) ?? 0) * 10 : null;
  return pct && pct > 0 && pct <= 100 ? pct / 100 : null;
}

export interface PlannedPayment {
  amount: number;
  dueAt: string | null;
  label: string | null;
}

export interface DealResult {
  contractAmount: number | null;
  paymentAmount: number | null;
  currency: string;
  plannedPayments: PlannedPayment[];
}

interface Kw {
  kind: 'sign' | 'pay';
  start: number;
  end: number;
}

/** "他说下个月初签合同", "下周签": a signing dated in the future is a close date, not a contract. */
function futureRightBefore(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 10), at);
  return findTimeExprs(before).some((t) => !t.pastOnly && !t.neutral && before.slice(t.end).trim().length <= 2);
}

function keywords(text: string): Kw[] {
  const out: Kw[] = [];
  for (const [kind, re] of [['sign', SIGN], ['pay', PAY]] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (kind === 'sign' && (NOT_YET.test(text.slice(Math.max(0, m.index - 8), m.index)) || futureRightBefore(text, m.index))) continue;
      out.push({ kind, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A payment in this clause is planned when the clause says so or dates it in the future. */
function plannedIn(cl: ClassifiedClause, kwStart: number, planning: boolean): boolean {
  if (planning || PLANNED.test(cl.text)) return true;
  const future = cl.times.find((t) => !t.pastOnly && !t.neutral && t.start < kwStart + 4);
  if (future) return !/(?:已|了)/.test(cl.text.slice(kwStart, kwStart + 6));
  // "尾款65万12月底付", "余款20万明年1月底结清": the date after the amount, then the paying verb.
  const later = cl.times.find((t) => !t.pastOnly && !t.neutral && t.start > kwStart);
  return Boolean(later) && /^\s*(?:前|之前|以前)?\s*(?:付|支付|付清|结清|打款|打过来|转过来|汇过来|转账|到账|到(?!了)|回款|收|给)/.test(cl.text.slice(later!.end)) && !/已|了/.test(cl.text.slice(kwStart));
}

/** "合同签了，12万，…": an amount that is the whole clause right after the signing. */
function bareAfterSigning(clauses: ClassifiedClause[], amounts: Amount[]): Amount | undefined {
  const at = clauses.findIndex((cl) => SIGNED_NOW.test(cl.text));
  const next = at >= 0 ? clauses[at + 1] : undefined;
  return next && amounts.find((a) => a.start >= next.start && a.end <= next.end && !next.text.slice(0, a.start - next.start).trim() && !/[\p{L}]/u.test(next.text.slice(a.end - next.start).replace(/左右|整|元|块|万|rmb|cny|usd/gi, '')));
}

/** Each payment word followed by a share of the contract ("首付30%"), with the share and the clause. */
function* sharesAfterPayment(clauses: ClassifiedClause[]): Generator<{ cl: ClassifiedClause; kw: Kw; share: number; end: number }> {
  for (const cl of clauses) {
    PAY_SHARE.lastIndex = 0;
    const verbs: Kw[] = [...cl.text.matchAll(PAY_SHARE)].map((m) => ({ kind: 'pay', start: m.index!, end: m.index! + m[0].length }));
    const seen = new Set<number>();
    for (const kw of [...keywords(cl.text), ...verbs]) {
      if (kw.kind !== 'pay') continue;
      SHARE.lastIndex = kw.end;
      const m = SHARE.exec(cl.text);
      if (!m || !/^\s*(?:是|为|付|约|剩下的?)?\s*$/.test(cl.text.slice(kw.end, m.index))) continue;
      // (首付40%: the payment word and its verb 付 name the one share.)
      if (seen.has(m.index)) continue;
      seen.add(m.index);
      const share = shareOf(m);
      if (share) yield { cl, kw, share, end: m.index + m[0].length };
    }
  }
}

export function findDeal(clauses: ClassifiedClause[], amounts: Amount[], c: TimeCtx): DealResult | null {
  let contract: Amount | null = null;
  let payment: Amount | null = null;
  const planned: PlannedPayment[] = [];
  // "回款计划：" heads a list; the clauses after it are the schedule.
  let planning = false;
  for (const cl of clauses) {
    if (PLANNED.test(cl.text)) planning = true;
    const kws = keywords(cl.text);
    if (!kws.length) continue;
    for (const a of amounts) {
      if (a.start < cl.start || a.end > cl.end) continue;
      const rel = a.start - cl.start;
      const before = kws.filter((k) => k.end <= rel).pop();
      const after = kws.find((k) => k.start >= a.end - cl.start);
      const kw = before ?? after;
      if (!kw) continue;
      if (kw.kind === 'pay' && plannedIn(cl, kw.start, planning)) {
        const t = cl.times.find((x) => !x.pastOnly);
        const at = t ? resolveTime(t, 'future', c) : null;
        if (planned.length < 20) planned.push({ amount: a.value, dueAt: at ? iso(c, at) : null, label: t?.label ?? null });
      } else if (kw.kind === 'sign' && !contract) contract = a;
      else if (kw.kind === 'pay' && !payment) payment = a;
    }
  }
  if (!contract) {
    const text = clauses.map((x) => x.text).join(' ');
    const signed = SIGNED_NOW.exec(text);
    if (signed && !NOT_YET.test(text.slice(0, signed.index).slice(-6))) {
      contract = amounts.find((a) => clauses.some((cl) => a.start >= cl.start && a.end <= cl.end && CONTRACT_AMOUNT.test(cl.text.slice(0, a.start - cl.start).slice(-16)))) ?? null;
      // "合同签了，12万，首付4万12月15日前付": an amount that is the whole next clause after the
      // signing is the contract when the message also pays or plans on it (a plan needs its contract;
      // "X signed! 310k" alone stays a won deal with that amount, which writes the contract too).
      if (!contract && (planned.length || payment || !sharesAfterPayment(clauses).next().done)) {
        const bare = bareAfterSigning(clauses, amounts);
        if (bare && !planned.some((p) => p.amount === bare.value) && payment?.value !== bare.value) contract = bare;
      }
    }
    // "Received the first payment from X today, 108k": the receipt and the amount in two clauses.
    // (Not in a signing message: "合同签了，80万，首期款已经到账" signed 80万 and named no payment.)
    if (!payment && !contract && !signed && RECEIVED_NOW.test(text) && /(?:款|payment|installment|deposit|balance)/i.test(text) && !PLANNED.test(text) && amounts.length === 1) payment = amounts[0];
  }
  // "签约80万，首付30%下周到账": a share after a payment word is that part of the contract said here
  // — planned when dated ahead, received when it came in ("已到账"); a bare share is a payment term.
  if (contract) {
    for (const { cl, kw, share, end } of sharesAfterPayment(clauses)) {
      const value = Math.round(contract.value * share * 100) / 100;
      if (plannedIn(cl, kw.start, planning)) {
        const t = cl.times.find((x) => !x.pastOnly);
        const at = t ? resolveTime(t, 'future', c) : null;
        if (planned.length < 20) planned.push({ amount: value, dueAt: at ? iso(c, at) : null, label: t?.label ?? null });
      } else if (!payment && RECEIVED_NOW.test(cl.text.slice(end))) payment = { ...contract, value };
    }
  }
  if (!contract && !payment && !planned.length) return null;
  return {
    contractAmount: contract?.value ?? null,
    paymentAmount: payment?.value ?? null,
    currency: (contract ?? payment ?? amounts[0])?.currency ?? 'CNY',
    plannedPayments: planned,
  };
}
