// Another project of a customer that already has an open deal ("他们要做二期，预计60万", "明年再加一期", "又提了个
// 新项目", "上海分公司也想采购一批", a renewal or service contract: "运维服务也要续，3.8万", "另外开一个商机"): its figure must not overwrite the open deal's amount, and one
// open deal per customer and owner is a database rule — so the figure is named as not recorded.
import type { ParsedOpportunity } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import { fmtMoney, type Lang } from '../i18n.js';
import { findOpenOpportunity } from '../opportunities.js';
import { stageByKey } from '../stages.js';

// A branch or subsidiary buying on its own counts as another project; so does a side order — a
// small order, consumables or spare parts bought besides the project ("小单1.2w已经签了",
// "耗材单3.5k，顺便报了个价"): it closed or overwrote the big open deal.
const OTHER_PROJECT = /小单|零星(?:采购|订单|单)?|耗材|配件|备件|备品|顺便(?:买|采购|订|下单|报)|另(?:外)?(?:一|下了一|签了一)(?:单|笔单|个单子)|small order|side order|add-on order|consumables|spare parts|二期|三期|续费|续签|续约|(?:也|还)要续|另外开(?:一个|个)?(?:商机|单子)?|另开(?:一个|个)?(?:商机|单子)?|单独(?:开|记|立)(?:一个|个)?(?:商机|单子|项目)?|新开(?:一个|个)?(?:商机|单子)|(?:再|又|还|另)?(?:加|上|追加|多做)(?:一|下一|新一)期|下一期|新一期|新项目|另一个项目|另外一个项目|又(?:提|有|来)了(?:个|一个)?(?:新)?(?:项目|需求)|新需求|(?:分公司|子公司|分厂|分院|事业部|门店)[^，,。；;]{0,4}(?:也|还|另外)(?:想|要|有|打算|准备|在)|another project|new project|phase (?:2|two|ii)|(?:branch|subsidiary|plant) (?:also|too)/i;

/** Does the message speak of another project or a side order of the customer? */
export function isOtherProject(text: string): boolean {
  return OTHER_PROJECT.test(text);
}

export async function keepOtherProjectApart(db: Tx, customerId: string, ownerId: string, opp: ParsedOpportunity, text: string, lang: Lang, notes: string[]): Promise<ParsedOpportunity> {
  const closes = opp.stage ? stageByKey(opp.stage)?.closes : undefined;
  if ((opp.amount === null && !closes) || !OTHER_PROJECT.test(text)) return opp;
  const open = await findOpenOpportunity(db, customerId, ownerId);
  if (!open) return opp;
  // "二期签了20万" in a message about several customers: another order won or lost is not the open
  // deal's end (a signing said on its own is a won deal of its own: deals/record.ts).
  if (closes) {
    const has = open.amount !== null ? fmtMoney(open.amount, lang, open.currency) : null;
    notes.push(lang === 'zh'
      ? `${closes === 'WON' ? '签约' : '丢单'}${opp.amount !== null ? ` ${fmtMoney(opp.amount, lang, opp.currency)}` : ''}：说的是另一个项目或另一单，没有记到进行中的商机${has ? `（${has}）` : ''}上。请单独发一条，例如“二期签约20万”`
      : `${closes === 'WON' ? 'Signing' : 'Loss'}${opp.amount !== null ? ` ${fmtMoney(opp.amount, lang, opp.currency)}` : ''}: said about another project or order, so the open deal${has ? ` (${has})` : ''} was not closed. Send it on its own, e.g. "signed phase 2 for 200k"`);
    return { ...opp, stage: null, amount: null };
  }
  if (open.amount === null || Number(open.amount) === opp.amount) return opp;
  const said = fmtMoney(opp.amount, lang, opp.currency);
  const has = fmtMoney(open.amount, lang, open.currency);
  notes.push(lang === 'zh'
    ? `金额 ${said}：说的是另一个项目或另一单，没有覆盖进行中的商机（${has}）。要改这单的金额请说“金额改成…”；这单结束后再记新项目`
    : `Amount ${said}: said about another project or order, so the open deal (${has}) was not overwritten. Say "amount should be …" to change this deal`);
  return { ...opp, amount: null };
}
