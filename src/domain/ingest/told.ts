// A deal update told by someone of theirs ("华星科技的王总说预算批了") is a contact made: the ingest
// logs it so last contact and follow-up lists see it.
import { escapeRegExp } from '../../intents/rules/text.js';

/** Did one of the named contacts speak to the rep ("王总说…", "刘兵反馈…", "Raj said…")? */
export function toldBy(contacts: Array<{ name: string }>, text: string): boolean {
  return contacts.some((c) => new RegExp(`${escapeRegExp(c.name)}\\s*(?:那边|这边)?\\s*(?:说|表示|反馈|讲|提到|告诉|答应|确认|回复|(?:said|says|told|confirmed|mentioned)(?![a-z]))`, 'i').test(text));
}
