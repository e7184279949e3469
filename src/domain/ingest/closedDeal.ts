// A deal figure for a customer whose only deal of the rep's is closed ("云杉家居预计55万" after it was
// won or lost) silently opened a new deal shown as 新建. The rep may mean the closed deal (its amount
// was wrong) or a new one; we cannot tell, so nothing is opened and the reply asks which, with the two
// ready answers. Said as another project ("新项目", "二期", "另开一个商机": otherProject.ts) it is
// clearly new and opens as before; a correction ("金额其实是…") goes through corrections.ts.
import type { ParsedOpportunity } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { isOtherProject } from './otherProject.js';

/**
 * The opportunity to apply: unchanged, or emptied with a question in `notes` when the rep may mean
 * the closed deal. `noOpenDeal`: the message's customer read already found none of the rep's open.
 */
export async function askAboutClosedDeal(db: Tx, customer: { id: string; name: string }, ownerId: string, opp: ParsedOpportunity, text: string, lang: Lang, notes: string[], noOpenDeal = false): Promise<ParsedOpportunity> {
  // A stage said with it ("签约了", "进入方案阶段") says what the deal is; only bare figures are unclear.
  if (opp.stage !== null || (opp.amount === null && opp.expectedCloseDate === null) || isOtherProject(text)) return opp;
  const closed = await db.opportunity.findFirst({
    where: { customerId: customer.id, ownerId, status: { in: ['WON', 'LOST'] } },
    orderBy: [{ closedAt: 'desc' }, { updatedAt: 'desc' }],
  });
  if (!closed) return opp;
  if (!noOpenDeal && (await db.opportunity.count({ where: { customerId: customer.id, ownerId, status: 'OPEN' } }))) return opp;
  const was = closed.amount !== null ? fmtMoney(closed.amount, lang, closed.currency) : null;
  const said = opp.amount !== null ? fmtMoney(opp.amount, lang, opp.currency) : null;
  const n = customer.name;
  notes.push(lang === 'zh'
    ? `${said ? `金额 ${said}` : '预计签单日期'}：${n}的商机已${closed.status === 'WON' ? '赢单' : '输单'}${was ? `（${was}）` : ''}，不确定你说的是那一单还是新的一单，所以没有记录。请回复：新的一单说“${n}新项目${said ? `预计${said}` : ''}”；改原来那单说“${n}金额改成${said ?? '…'}”`
    : `${said ? `Amount ${said}` : 'Expected close date'}: ${n}'s deal is already ${closed.status === 'WON' ? 'won' : 'lost'}${was ? ` (${was})` : ''}; not sure whether you mean that deal or a new one, so nothing was recorded. Reply "${n} new project ${said ?? ''}" for a new deal, or "${n} amount should be ${said ?? '…'}" to fix the closed one`);
  return { ...opp, amount: null, expectedCloseDate: null, qualification: null, grade: null };
}
