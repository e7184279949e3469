// A deal update or a step told by someone of theirs ("华星科技的王总说预算批了", "刘兵说他们下周可以
// 安排演示，让我们周三前把方案发过去") is a contact made: the ingest logs it, in the rep's words, so
// last contact and follow-up lists see it and what they said beyond the step is kept. So is the
// customer's price position ("他们采购想压到45万"): their figure is never the deal's amount, so the
// remark is what keeps it.
import { findAmounts } from '../../intents/rules/amounts.js';
import { isTheirAsk } from '../../intents/rules/asks.js';
import { escapeRegExp } from '../../intents/rules/text.js';

// When and how they said it, between the name and the verb: "刘兵今天回复说", "王总刚才电话里说".
const WHEN = ['今天', '昨天', '前天', '刚才', '刚刚', '刚', '上午', '下午', '中午', '晚上', '早上', '已经', '也', '又', '终于', '电话里', '微信上', '微信里', '在电话里', '在微信上', '打电话', '来电话', '发微信'].join('|');

/**
 * Did one of the named contacts speak to the rep ("王总说…", "刘兵今天回复说…", "Raj said…")? Not when
 * the name is who we speak to or wait for ("跟王总说一下", "等刘兵确认", "tell Raj…"), nor in a
 * phrase about what they once said ("刘兵说的那个方案").
 */
export function toldBy(contacts: Array<{ name: string }>, text: string): boolean {
  return contacts.some((c) => new RegExp(`(?<![跟和给对向同与找让叫请问等听]\\s*|(?:tell|ask|remind)\\s+)${escapeRegExp(c.name)}\\s*(?:那边|这边)?\\s*(?:${WHEN})*\\s*(?:说|表示|反馈|讲|提到|告诉|答应|确认|回复|(?:said|says|told|confirmed|mentioned)(?![a-z]))(?!的)`, 'i').test(text));
}

/** Does the text give a figure the customer wants or offers ("老板想把价格压到25万", asks.ts)? */
export function customerAsked(text: string): boolean {
  return findAmounts(text).some((a) => isTheirAsk(text, a));
}
