// Activities: the record of a visit, call, WeChat, meeting or email. Logging one also refreshes
// the customer's last-contact time, which drives hot-customer nudges and churn warnings.
import type { Activity } from '../generated/prisma/client.js';
import type { ParsedActivity } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';

export async function createActivity(
  db: Tx,
  input: { authorId: string; customerId: string | null; opportunityId: string | null; inboundId: string; rawText: string; parsed: ParsedActivity },
  log: ChangeLog,
): Promise<Activity> {
  const occurredAt = new Date(input.parsed.occurredAt);
  const activity = await db.activity.create({
    data: {
      type: input.parsed.type,
      occurredAt,
      summary: input.parsed.summary.slice(0, 2000),
      rawText: input.rawText,
      authorId: input.authorId,
      customerId: input.customerId,
      opportunityId: input.opportunityId,
      inboundId: input.inboundId,
    },
  });
  log.created('activity', activity.id);
  if (input.customerId) {
    const customer = await db.customer.findUnique({ where: { id: input.customerId }, select: { lastContactAt: true } });
    if (customer && (!customer.lastContactAt || customer.lastContactAt < occurredAt)) {
      log.updated('customer', input.customerId, { lastContactAt: customer.lastContactAt });
      await db.customer.update({ where: { id: input.customerId }, data: { lastContactAt: occurredAt } });
    }
  }
  return activity;
}
