// A deal update told by someone of theirs ("华星科技的王总说预算批了") is a contact made: the ingest
// logs it so last contact and follow-up lists see it. So is the customer's price position
// ("他们采购想压到45万"): their figure is never the deal's amount, so the remark is what keeps it.
import { findAmounts } from '../../intents/rules/amounts.js';
import { isTheirAsk } from '../../intents/rules/asks.js';
import { escapeRegExp } from '../../intents/rules/text.js';

/** Did one of the named contacts speak to the rep ("王总说…", "刘兵反馈…", "Raj said…")? */
export function toldBy(contacts: Array<{ name: string }>, text: string): boolean {
  return contacts.some((c) => new RegExp(`${escapeRegExp(c.name)}\\s*(?:那边|这边)?\\s*(?:说|表示|反馈|讲|提到|告诉|答应|确认|回复|(?:said|says|told|confirmed|mentioned)(?![a-z]))`, 'i').test(text));
}

/** Does the text give a figure the customer wants or offers ("老板想把价格压到25万", asks.ts)? */
export function customerAsked(text: string): boolean {
  return findAmounts(text).some((a) => isTheirAsk(text, a));
}
