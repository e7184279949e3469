// "Nothing dropped in silence": everything the parser understood in a logged message but the
// ingest did not store — and why — so the reply never looks more complete than the records. The
// ingest calls notStoredLines() after writing and the reply lists them under "未记录".
import type { ParsedMessage } from '../../intents/schema.js';
import { findAmounts } from '../../intents/rules/amounts.js';
import { isTheirAsk } from '../../intents/rules/asks.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { hasOpportunityInfo } from '../opportunities.js';
import { stageByKey, stageLabel } from '../stages.js';

/** What the ingest wrote, as far as this check needs it. */
export interface WrittenSummary {
  customer: unknown | null;
  linkedCustomer?: string;
  contacts: unknown[];
  opportunity: { opportunity: { stage: string; amount?: { toString(): string } | number | null; currency?: string } } | null;
  /** The customer's open deal when the message did not touch it (its amount is named as kept). */
  openDeal?: KeptAmount | null;
  activity: unknown | null;
  tasks: Array<{ title: string; dueAt: Date | null; dueLabel: string | null }>;
  hot: unknown | null;
}

/**
 * One line per understood-but-not-stored fact. `original` is the parse as received, `used` what
 * the ingest worked from (a doubtful customer guess may have been left out of a task).
 */
// An amount given as a range or an approximation ("15-20万", "十五到二十万", "二十来万", "20多万"):
// not a figure to put on a deal, but not to be passed over in silence either.
const NUM = '(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千]+)';
const VAGUE_AMOUNT = new RegExp(`${NUM}\\s*(?:万|w|k|千)?\\s*(?:-|~|～|—|到|至)\\s*${NUM}\\s*(?:万|亿|w|W|k|K)|${NUM}\\s*(?:来|多|余)\\s*(?:个)?(?:万|亿)|(?:最多|最少|至少|不到|不超过|超过|上限|封顶)\\s*${NUM}\\s*(?:个)?(?:万|亿|w|W|k|K)|${NUM}\\s*(?:个)?(?:万|亿|w|W)\\s*(?:以上|以内|出头|封顶)`);

/** The deal's amount as it stands after the message, for "商机金额仍为30万元". */
export interface KeptAmount {
  amount: { toString(): string } | number | null | undefined;
  currency?: string;
}

/**
 * Money in `text` that is not stored as the deal's amount (`stored`: an amount was): a range, an
 * estimate or a bound ("15-20万", "二十来万", "最多85万"), or a figure the parser did not take as
 * the deal's (a competitor's quote, the customer's target, a unit price) — named, so the rep can
 * set it when it was meant. Two kinds are named whatever else was stored, with their own reason:
 * what the customer wants or offers ("老板想把价格压到25万", "they countered at 88k": asks.ts),
 * and every figure of a loss message ("丢单了，预算只有20万": the lost deal keeps its amount).
 */
export function unrecordedAmountLines(text: string, stored: boolean, lang: Lang, opts: { lost?: boolean; kept?: KeptAmount | null } = {}): string[] {
  if (!text) return [];
  const zh = lang === 'zh';
  const quote = (xs: string[]) => xs.slice(0, 3).map((f) => (zh ? `“${f}”` : `"${f}"`)).join(zh ? '、' : ', ');
  const amounts = findAmounts(text);
  const kept = opts.kept?.amount != null && Number(opts.kept.amount.toString()) > 0 ? fmtMoney(opts.kept.amount, lang, opts.kept.currency) : null;
  const keptZh = kept ? `（仍为 ${kept}）` : '';
  const keptEn = kept ? ` (it stays ${kept})` : '';
  if (opts.lost) {
    const figures = [...new Set(amounts.map((a) => a.raw.trim()))];
    if (!figures.length) return [];
    return [zh
      ? `金额${quote(figures)}：丢单消息里的数字，留在丢单原因里，没有改商机金额${keptZh}`
      : `Amount ${quote(figures)}: part of the loss message, kept in the reason; the deal amount was not changed${keptEn}`];
  }
  const out: string[] = [];
  const asks = amounts.filter((a) => isTheirAsk(text, a));
  if (asks.length) {
    const figures = [...new Set(asks.map((a) => a.raw.trim()))];
    out.push(zh
      ? `金额${quote(figures)}：是客户想要/还价的价格，没有改商机金额${keptZh}；谈定后可以说“金额改成${figures[0]}”`
      : `Amount ${quote(figures)}: what the customer wants or offers, so the deal amount was not changed${keptEn}; once agreed, say "amount should be ${figures[0]}"`);
  }
  if (stored) return out;
  const vague = VAGUE_AMOUNT.exec(text)?.[0];
  if (vague && !asks.some((a) => vague.includes(a.raw.trim()))) {
    return [...out, zh
      ? `金额“${vague}”：是个范围或约数，没有记为商机金额（确定后可以说“金额改成18万”）`
      : `Amount "${vague}": a range or an estimate, not recorded as the deal amount (say e.g. "amount should be 180k" once known)`];
  }
  const figures = [...new Set(amounts.filter((a) => !asks.includes(a)).map((a) => a.raw.trim()))];
  if (!figures.length) return out;
  return [...out, zh
    ? `金额${quote(figures)}：看着不像本单的金额（比如对方的期望价、竞品价或单价），没有记为商机金额；如果是，可以说“金额改成${figures[0]}”`
    : `Amount ${quote(figures)}: did not look like this deal's amount (e.g. their target price, a competitor's or a unit price), so it was not recorded; if it is, say "amount should be ${figures[0]}"`];
}

export function notStoredLines(original: ParsedMessage, used: ParsedMessage, s: WrittenSummary, lang: Lang, rawText = ''): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  // A loss message's figures are its reason's, never the lost deal's amount (opportunities.ts).
  const lost = !!used.opportunity?.stage && stageByKey(used.opportunity.stage)?.closes === 'LOST' && !used.deal;
  const kept = s.opportunity ? { amount: s.opportunity.opportunity.amount, currency: s.opportunity.opportunity.currency } : (s.openDeal ?? null);
  out.push(...unrecordedAmountLines(rawText, !lost && (used.opportunity?.amount != null || !!used.deal), lang, { lost, kept }));
  const noCustomer = !s.customer;
  const names = (xs: string[]) => (zh ? xs.map((x) => `“${x}”`).join('、') : xs.map((x) => `"${x}"`).join(', '));

  if (original.customer && !used.customer) {
    out.push(zh
      ? `客户${names([original.customer.name])}：不确定是不是客户名，没有建客户，也没有关联（需要的话带上客户全称重发）`
      : `Customer ${names([original.customer.name])}: not clearly a customer's name, so no customer was created or linked (resend with the full name if it is one)`);
  } else if (used.customer && noCustomer && !s.linkedCustomer) {
    out.push(zh
      ? `客户${names([used.customer.name])}：在被安排人的客户里没有找到，待办没有关联客户`
      : `Customer ${names([used.customer.name])}: not found among the assignee's customers, so the task is not linked to it`);
  }
  if (used.contacts.length && !s.contacts.length) {
    out.push(zh
      ? `联系人${names(used.contacts.map((c) => c.name))}：没有客户可挂，没有存入联系人`
      : `Contact ${names(used.contacts.map((c) => c.name))}: no customer to file it under, so it was not saved as a contact`);
  }
  const o = used.opportunity;
  if (hasOpportunityInfo(o)) {
    if (!s.opportunity && noCustomer && !s.linkedCustomer) {
      const bits = [
        o.amount !== null ? `${zh ? '金额' : 'amount'} ${fmtMoney(o.amount, lang, o.currency)}` : null,
        o.stage && stageByKey(o.stage) ? `${zh ? '阶段' : 'stage'} ${stageLabel(o.stage, lang)}` : null,
        o.expectedCloseDate ? (zh ? '预计成交日期' : 'expected close date') : null,
        o.qualification || o.grade ? (zh ? '定性/定级' : 'qualification/grade') : null,
      ].filter(Boolean);
      if (bits.length) out.push(zh ? `商机（${bits.join('、')}）：没有客户，没有记录` : `Deal (${bits.join(', ')}): no customer, so it was not recorded`);
    } else if (o.stage && !stageByKey(o.stage)) {
      out.push(zh ? `阶段“${o.stage}”：不在本团队的阶段列表里，阶段没有修改` : `Stage "${o.stage}": not one of the team's stages, so the stage was not changed`);
    }
    if (o.lostReason && s.opportunity && stageByKey(s.opportunity.opportunity.stage)?.closes !== 'LOST') {
      out.push(zh ? `丢单原因：商机没有标为输单，原因没有记录` : `Lost reason: the deal is not marked lost, so the reason was not recorded`);
    }
  }
  if (used.hot !== null && !s.hot) {
    out.push(zh ? `${used.hot ? '设为热点' : '取消热点'}：没有客户，没有设置` : `${used.hot ? 'Hot flag' : 'Un-hot'}: no customer, so nothing was set`);
  }
  if (used.activity && !s.activity) {
    out.push(zh ? `活动（${used.activity.summary.slice(0, 30)}）：这条按“${intentLabel(used.intent, lang)}”处理，没有另记活动` : `Activity (${used.activity.summary.slice(0, 30)}): handled as ${intentLabel(used.intent, lang)}, no activity was logged`);
  }
  if (used.deal && (used.deal.contractAmount || used.deal.paymentAmount)) {
    out.push(zh ? '签约/回款金额：这条没有按签约回款处理，没有记录（可以说“X客户签约40万”）' : 'Contract/payment amount: not handled as a deal, so it was not recorded (say e.g. "signed Acme for 400k")');
  }
  for (const t of s.tasks) {
    if (!t.dueAt && t.dueLabel) {
      out.push(zh ? `时间“${t.dueLabel}”：没能换算成具体时间，待办“${t.title}”没有截止时间` : `Time "${t.dueLabel}": could not be turned into a date, so "${t.title}" has no due time`);
    }
  }
  return out;
}

function intentLabel(intent: ParsedMessage['intent'], lang: Lang): string {
  const zh = { create_task: '待办', update_opportunity: '商机更新', mark_hot: '热点设置' } as Record<string, string>;
  const en = { create_task: 'a task', update_opportunity: 'a deal update', mark_hot: 'a hot flag' } as Record<string, string>;
  return (lang === 'zh' ? zh : en)[intent] ?? intent;
}

export function notStoredSection(lines: string[], lang: Lang): string[] {
  if (!lines.length) return [];
  return [lang === 'zh' ? '⚠️ 以下内容没有记录：' : '⚠️ Understood but not recorded:', ...lines.map((l) => `  – ${l}`)];
}
