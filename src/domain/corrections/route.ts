// update_opportunity comes in two kinds: a statement about a customer's deal ("方舟电子进入报价阶段，
// 金额30万", filed like any report, the customer created when new) and a change that names its
// customer ("把蓝湾酒店的金额改成18万", which the parser marks by keeping its correction): that one
// edits the sender's own customer and never creates one (corrections/named.ts).
import { namedChange } from '../corrections.js';
import type { IntentHandler } from '../handlerTypes.js';
import { ingestHandler } from '../ingest.js';
import { dealCorrections, isNamedChange } from './named.js';

export const updateOpportunityHandler: IntentHandler = (db, env) =>
  isNamedChange(env.parsed) ? namedChange(db, env, dealCorrections(env.parsed)) : ingestHandler(db, env);
