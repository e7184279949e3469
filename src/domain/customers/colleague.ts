// A manager writing about a visit made with one of their reps ("今天陪李娜拜访了方舟电子的刘兵",
// "和王强一起去了远航物流"): the customer is the rep's, not a new one of the manager's. Filing it
// on a copy owned by the manager split the account's history, opened a phantom deal in the
// team funnel and left the rep's "last contact" stale. The colleague is the one named in the
// message, or the only one within the sender's scope who has that customer (same key); the reply
// says whose customer it went on. A manager's own customer of that name always wins.
import type { Customer, User } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { customerKey, ownCustomerByKey } from '../customers.js';
import { romanizedNames, visibleUserIds } from '../users.js';
import { escapeRegExp } from '../../intents/rules/text.js';

// Words that put the colleague beside the sender: 陪X, 和X一起, 跟X一起, 带着X, with X.
const COMPANION = (name: string) =>
  new RegExp(`(?:陪(?:着)?|带(?:着|上)?|和|跟|同|与)\\s*${name}\\s*(?:一起|一块儿?|一道)?|(?:陪|带)\\s*${name}|(?<![a-z])(?:with|joined|accompanied)\\s+${name}(?![a-z])`, 'i');

export interface ColleagueCustomer {
  customer: Customer;
  owner: User;
}

/** The customer of a colleague the sender went with, when the sender has none by that name. */
export async function colleagueCustomer(db: Tx, sender: User, name: string, text: string): Promise<ColleagueCustomer | null> {
  if (sender.role === 'REP') return null;
  const key = customerKey(name);
  if (await ownCustomerByKey(db, sender.id, key)) return null;
  const scope = await visibleUserIds(db, sender);
  const owners = await db.customer.findMany({
    where: { normalizedName: key, lifecycle: { not: 'LOST' }, ownerId: { not: sender.id, ...(scope ? { in: scope } : {}) } },
    include: { owner: true },
    take: 5,
  });
  const named = owners.filter((c) => [c.owner.displayName, ...romanizedNames(c.owner.displayName)].some((n) => n.length >= 2 && COMPANION(escapeRegExp(n)).test(text)));
  // The rep named as company, else the one rep of theirs who has that customer.
  const pick = named.length === 1 ? named[0] : named.length === 0 && owners.length === 1 ? owners[0] : null;
  if (!pick) return null;
  const { owner, ...customer } = pick;
  return { customer, owner };
}

