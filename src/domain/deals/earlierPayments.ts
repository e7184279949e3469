// A payment recorded before its customer had any contract is kept unlinked (未关联合同): there
// was nothing to hang it on. When a contract is later written for that customer — a 签约 message,
// or a deal won with an amount (closing.ts) — those earlier payments are money on it: they are
// linked, so 待回款, the overpayment check and the collection reports count them, and the reply
// says so. Only payments with no contract are touched; each link goes through the change log, so
// "撤销" of the signing unlinks them again.
import type { Contract } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { fmtMoney, type Lang } from '../i18n.js';

export interface LinkedPayments {
  count: number;
  total: number;
}

/** Links the customer's unlinked payments received up to the contract's signing to `contract`. */
export async function linkEarlierPayments(db: Tx, contract: Pick<Contract, 'id' | 'customerId' | 'signedAt'>, log: ChangeLog): Promise<LinkedPayments | null> {
  const rows = await db.payment.findMany({
    where: { customerId: contract.customerId, contractId: null, receivedAt: { lte: contract.signedAt } },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, amount: true },
  });
  if (!rows.length) return null;
  for (const p of rows) log.updated('payment', p.id, { contractId: null });
  await db.payment.updateMany({ where: { id: { in: rows.map((p) => p.id) } }, data: { contractId: contract.id } });
  return { count: rows.length, total: rows.reduce((s, p) => s + Number(p.amount), 0) };
}

/** The reply line for payments linked to a new contract. */
export function linkedPaymentsLine(l: LinkedPayments, lang: Lang, currency: string): string {
  const money = fmtMoney(l.total, lang, currency);
  return lang === 'zh'
    ? `之前记录的 ${l.count} 笔未关联合同的回款（共 ${money}）已关联到这份合同`
    : `${l.count} earlier payment(s) with no contract (${money} in all) are now linked to this contract`;
}
