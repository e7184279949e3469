// A deal update or hot flag alone about a customer the sender does not have is never a new one.
import type { Tx } from '../context.js';
import { customerKey, findOwnCustomer } from '../customers.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { stageByKey } from '../stages.js';
import { visibleUserIds } from '../users.js';

/**
 * "远航物流丢单了" about a customer the sender does not have: a won or lost deal is refused — there
 * is no deal of theirs to close (a copy of the customer with a lost deal showed up in the loss
 * analysis and the rep's figures). A manager is told which of their people has it (a manager's
 * own visit goes there already: customers/colleague.ts); nobody outside the sender's scope is
 * named. A new customer's first figure ("新客户星河预计30万") still creates it.
 */
export async function notTheirCustomer(db: Tx, env: HandlerEnv, parsed: HandlerEnv['parsed']): Promise<HandlerResult | null> {
  const name = parsed.customer!.name;
  if (await findOwnCustomer(db, env.user.id, name)) return null;
  const zh = env.lang === 'zh';
  // Only a colleague the sender may see is named (a rep sees nobody else's customers).
  const scope = (await visibleUserIds(db, env.user))?.filter((id) => id !== env.user.id);
  const other = scope && !scope.length
    ? null
    : await db.customer.findFirst({ where: { normalizedName: customerKey(name), ownerId: scope ? { in: scope } : { not: env.user.id }, lifecycle: { not: 'LOST' } }, include: { owner: { select: { displayName: true } } } });
  if (other) {
    return {
      text: zh
        ? `“${other.name}”是 ${other.owner.displayName} 的客户，你的客户里没有它，这条没有记录。如果你也在跟这家，请先记一次跟进（例如“拜访了${other.name}的…”）。`
        : `"${other.name}" is ${other.owner.displayName}'s customer, not one of yours, so nothing was recorded. If you work it too, log a visit first.`,
      outcome: 'REJECTED',
    };
  }
  const closes = parsed.opportunity?.stage ? stageByKey(parsed.opportunity.stage)?.closes : undefined;
  if (!closes) return null;
  return {
    text: zh ? `你的客户里没有“${name}”，没有可以关闭的商机，这条没有记录。` : `You have no customer "${name}", so there is no deal to close. Nothing was recorded.`,
    outcome: 'REJECTED',
  };
}
