// What a payment's reply must say so it never claims more than happened. A payment beyond its
// contract is money on that contract, not a new purchase: the reply names the totals so the rep
// can check. A payment for a customer with no contract on file is money received, not a signing:
// the customer's stage is left as it is (analytics/lifecycle.ts counts signings) and the reply
// says how to record the signing if there was one — the payment is linked to the contract that
// signing writes (earlierPayments.ts).
import { fmtMoney, type Lang } from '../i18n.js';

/** The part of a recorded deal (record.ts DealResult) these checks read. */
export interface PaymentFacts {
  customer: { name: string };
  payment: { contractId: string | null } | null;
  overpaid: { contractAmount: number; paid: number } | null;
}

export function paymentWarnings(r: PaymentFacts, lang: Lang, currency: string): string[] {
  const zh = lang === 'zh';
  const money = (n: number) => fmtMoney(n, lang, currency);
  const out: string[] = [];
  if (r.payment && !r.payment.contractId) {
    out.push(zh
      ? `客户阶段没有改：${r.customer.name} 还没有签约记录。如果已经签约，请说“${r.customer.name}签约XX万”，这笔回款会关联到那份合同。`
      : `Customer stage unchanged: ${r.customer.name} has no signing on file. If it was signed, say "signed ${r.customer.name} for …" and this payment goes on that contract.`);
  }
  if (r.overpaid) {
    const { paid, contractAmount } = r.overpaid;
    out.push(zh
      ? `⚠️ 这份合同的回款合计 ${money(paid)}，已超出合同金额 ${money(contractAmount)}（多 ${money(paid - contractAmount)}），请核对；客户阶段不变。`
      : `⚠️ Payments on this contract now total ${money(paid)}, more than its ${money(contractAmount)} (by ${money(paid - contractAmount)}); please check. The customer stage is unchanged.`);
  }
  return out;
}
