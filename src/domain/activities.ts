// Activities: the record of a visit, call, WeChat, meeting or email. Logging one also refreshes
// the customer's last-contact time, which drives hot-customer nudges and churn warnings.
//
// One statement per activity (issue 15: ingest within 2× plain SQL): the INSERT, the link to the
// customer's open deal when the caller has not read it, and the forward-only move of
// lastContactAt (with its previous value, for undo) are CTEs of one query. The id is made here
// (db/ids.ts), in the shape and order of Prisma's own.
import { Prisma, type Activity } from '../generated/prisma/client.js';
import type { ParsedActivity } from '../intents/schema.js';
import { newId } from '../db/ids.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';

export interface NewActivity {
  authorId: string;
  customerId: string | null;
  /**
   * The deal it belongs to: an id, none, or `{ openOf: ownerId }` — that owner's open deal of the
   * customer if there is one (findOpenOpportunity's rule, read in the same statement).
   */
  opportunity: string | null | { openOf: string };
  inboundId: string;
  rawText: string;
  parsed: ParsedActivity;
  /** false: a remark that is no contact with the customer (a note) leaves lastContactAt alone. */
  contact?: boolean;
}

/**
 * `alsoWrite`: another write of the message (its tasks: tasks.ts taskRows) run as part of the
 * same statement — one round trip less for the usual visit-and-next-step message (issue 15).
 */
export async function createActivity(db: Tx, input: NewActivity, log: ChangeLog, alsoWrite?: Prisma.Sql): Promise<Activity> {
  const id = newId();
  const occurredAt = new Date(input.parsed.occurredAt);
  const createdAt = new Date();
  const summary = input.parsed.summary.slice(0, 2000);
  const deal = input.opportunity;
  const dealSql = deal && typeof deal === 'object'
    ? input.customerId
      ? Prisma.sql`(SELECT o.id FROM "Opportunity" o WHERE o."customerId" = ${input.customerId} AND o."ownerId" = ${deal.openOf} AND o.status = 'OPEN' ORDER BY o."updatedAt" DESC LIMIT 1)`
      : Prisma.sql`NULL::text`
    : Prisma.sql`${deal}::text`;
  const [row] = await db.$queryRaw<Array<{ opportunityId: string | null; moved: boolean; before: Date | null }>>(Prisma.sql`
    WITH a AS (
      INSERT INTO "Activity" (id, type, "occurredAt", summary, "rawText", "authorId", "customerId", "opportunityId", "inboundId", "createdAt")
      VALUES (${id}, ${input.parsed.type}::"ActivityType", ${occurredAt}::timestamp, ${summary}, ${input.rawText}, ${input.authorId},
              ${input.customerId}::text, ${dealSql}, ${input.inboundId}, ${createdAt}::timestamp)
      RETURNING "opportunityId"),
    p AS (SELECT id, "lastContactAt" AS before FROM "Customer" WHERE id = ${input.contact === false ? null : input.customerId}::text),
    m AS (
      -- Forward only: an activity dated before the last contact leaves it as it is.
      UPDATE "Customer" c SET "lastContactAt" = ${occurredAt}::timestamp, "updatedAt" = ${createdAt}::timestamp
        FROM p WHERE c.id = p.id AND (p.before IS NULL OR p.before < ${occurredAt}::timestamp)
      RETURNING p.before)${alsoWrite ? Prisma.sql`,
    w AS (${alsoWrite})` : Prisma.empty}
    SELECT a."opportunityId", EXISTS (SELECT 1 FROM m) AS moved, (SELECT before FROM m) AS before FROM a`);
  log.created('activity', id);
  if (row.moved && input.customerId) log.updated('customer', input.customerId, { lastContactAt: row.before ? new Date(row.before) : null });
  return {
    id, type: input.parsed.type, occurredAt, summary, rawText: input.rawText, authorId: input.authorId,
    customerId: input.customerId, opportunityId: row.opportunityId ?? null, inboundId: input.inboundId, createdAt,
  };
}
