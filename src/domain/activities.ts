// Activities: the record of a visit, call, WeChat, meeting or email. Logging one also refreshes
// the customer's last-contact time, which drives hot-customer nudges and churn warnings.
import { Prisma, type Activity } from '../generated/prisma/client.js';
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
    // One round trip: move lastContactAt forward only, and return the previous value for undo.
    const moved = await db.$queryRaw<Array<{ before: Date | null }>>(Prisma.sql`
      UPDATE "Customer" c SET "lastContactAt" = ${occurredAt}::timestamp, "updatedAt" = ${new Date()}::timestamp
        FROM (SELECT id, "lastContactAt" AS before FROM "Customer" WHERE id = ${input.customerId}) p
       WHERE c.id = p.id AND (p.before IS NULL OR p.before < ${occurredAt}::timestamp)
      RETURNING p.before`);
    if (moved.length) log.updated('customer', input.customerId, { lastContactAt: moved[0].before });
  }
  return activity;
}
