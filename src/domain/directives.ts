// Whole-message forms the domain recognises on top of the parser's reading, until (or whether or
// not) the parser marks them itself: a manager's hand-over "让王强明天回访金桥电子"
// (tasks/directives.ts) and a loss reason sent on its own "丢单原因：…" (deals/lostFollowUp.ts).
import type { ParsedMessage } from '../intents/schema.js';
import type { Tx } from './context.js';
import { withLostReason } from './deals/lostFollowUp.js';
import { withAssignDirective } from './tasks/directives.js';

export async function applyDirectives(db: Tx, parsed: ParsedMessage, text: string, parse: (text: string) => Promise<ParsedMessage>): Promise<ParsedMessage> {
  return withAssignDirective(db, withLostReason(parsed, text), text, parse);
}
