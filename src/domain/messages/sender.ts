// Everything a message needs to know before it is parsed, read in ONE statement: whether this
// platform message id was already handled (idempotency), who sent it (user and team), the
// question that waits for their answer (PendingDraft), the names of their customers that the
// parser matches against, and whether they sent the very same text minutes ago (a resend). These were six round trips per message before (issue 15: ingest within
// 2× plain SQL); a message is one statement here plus its own transaction.
//
// The customer names are the widest part of that read (up to KNOWN_CUSTOMER_NAMES per rep): they
// are kept per sender in this process and sent again only when the database's version of the
// rep's names (CustomerNameVersion, kept by triggers on Customer) differs from the kept one, so
// another instance's new customer is seen by the next message here too. When the one change since
// the kept version only added customers (a message created one), only their names are sent.
//
// Columns are listed from Prisma's generated scalar-field lists, so a new column on User, Team or
// PendingDraft is read here too; tests/domain/sender.test.ts checks the rows equal Prisma's own
// `findFirst({ include: { team: true } })` and `pendingDraftOf` on both databases.
import { Prisma, type PendingDraft, type Team, type User } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { KNOWN_CUSTOMER_NAMES } from '../customers.js';
import type { UserWithTeam } from '../handlerTypes.js';
import { platformIdField, type PlatformName } from '../users.js';
import { toDraft, type Draft } from './drafts.js';
import { pickPrefixed, prefixedColumns } from '../rows.js';

export interface SenderState {
  /** This platform message id was handled before: its stored answer. */
  previous: { id: string; reply: string | null; outcome: string } | null;
  /** The active user with this platform id, with their team. */
  user: UserWithTeam | null;
  draft: Draft | null;
  /** The sender's customer names as `customerNamesFor` lists them (latest touched first, at most KNOWN_CUSTOMER_NAMES). */
  knownCustomers: string[];
  /** When the sender's own identical message (same text, applied, not undone) was stored in the last REPEAT_MINUTES. */
  repeatOf?: Date | null;
}

/** An identical message resent within this many minutes is a duplicate send, not a second visit. */
export const REPEAT_MINUTES = 10;

// Enum columns come back as text (the casts keep both drivers returning plain strings).
const ENUM_COLUMNS = new Set(['role']);
const columns = (alias: string, prefix: string, fields: Record<string, string>) => prefixedColumns(alias, prefix, fields, ENUM_COLUMNS);

const SQL_BY_FIELD = new Map<string, string>();
function statement(idField: string): string {
  let sql = SQL_BY_FIELD.get(idField);
  if (!sql) {
    sql = `SELECT p.id AS "p_id", p.reply AS "p_reply", p.outcome AS "p_outcome",
        ${[...columns('u', 'u_', Prisma.UserScalarFieldEnum), ...columns('t', 't_', Prisma.TeamScalarFieldEnum), ...columns('d', 'd_', Prisma.PendingDraftScalarFieldEnum)].join(',\n        ')},
        v.version AS "names_version",
        CASE WHEN u.id IS NULL THEN ARRAY[]::text[]
             WHEN u.id = $6::text AND coalesce(v.version, '') = $5::text THEN NULL
             WHEN u.id = $6::text AND v.previous = $5::text AND v.added IS NOT NULL THEN NULL
             ELSE ARRAY(SELECT c.name FROM "Customer" c WHERE c."ownerId" = u.id ORDER BY c."updatedAt" DESC LIMIT ${KNOWN_CUSTOMER_NAMES}) END AS "names",
        CASE WHEN u.id = $6::text AND coalesce(v.version, '') <> $5::text AND v.previous = $5::text THEN v.added END AS "names_added",
        (SELECT r."createdAt" FROM "InboundMessage" r
          WHERE r."senderId" = u.id AND r.text = $4::text AND r.outcome = 'APPLIED' AND NOT r.undone
            AND r."createdAt" >= (now() AT TIME ZONE 'UTC') - interval '${REPEAT_MINUTES} minutes'
          ORDER BY r."createdAt" DESC LIMIT 1) AS "repeat_at"
      FROM (SELECT 1) AS one
      LEFT JOIN "InboundMessage" p ON p.platform = $1::"Platform" AND p."externalId" = $2
      LEFT JOIN "User" u ON u."${idField}" = $3 AND u.active
      LEFT JOIN "Team" t ON t.id = u."teamId"
      LEFT JOIN "PendingDraft" d ON d."userId" = u.id
      LEFT JOIN "CustomerNameVersion" v ON v."ownerId" = u.id`;
    SQL_BY_FIELD.set(idField, sql);
  }
  return sql;
}

interface KeptNames {
  userId: string;
  /** CustomerNameVersion.version when read ('' while the rep's names never changed). */
  version: string;
  names: string[];
}

/** Names kept per database client (tests open several) and platform sender id, oldest written first (dropped first). */
const KEPT = new WeakMap<object, Map<string, KeptNames>>();
const MAX_KEPT = 5_000;

function keep(db: Tx, key: string, value: KeptNames): void {
  let m = KEPT.get(db);
  if (!m) KEPT.set(db, (m = new Map()));
  m.delete(key);
  m.set(key, value);
  if (m.size > MAX_KEPT) m.delete(m.keys().next().value as string);
}

/** One statement: the earlier answer to this message id, the sender, their waiting question and customer names. */
export async function loadSender(db: Tx, platform: PlatformName, senderId: string, externalId: string, text: string | null = null): Promise<SenderState> {
  const key = `${platform}\u0000${senderId}`;
  const kept = KEPT.get(db)?.get(key);
  const [row] = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(statement(platformIdField(platform)), platform, externalId, senderId, text, kept?.version ?? null, kept?.userId ?? null);
  const previous = row.p_id ? { id: row.p_id as string, reply: (row.p_reply as string | null) ?? null, outcome: row.p_outcome as string } : null;
  if (!row.u_id) return { previous, user: null, draft: null, knownCustomers: [] };
  const user = pickPrefixed<User>(row, 'u_', Prisma.UserScalarFieldEnum);
  const team = row.t_id ? pickPrefixed<Team>(row, 't_', Prisma.TeamScalarFieldEnum) : null;
  const draft = row.d_id ? toDraft(pickPrefixed<PendingDraft>(row, 'd_', Prisma.PendingDraftScalarFieldEnum)) : null;
  let names = row.names as string[] | null;
  const added = row.names_added as string[] | null;
  if (names === null && kept && added) {
    // The last change only added these to the version kept here: the kept list with them first
    // (the latest touched), not read again.
    names = [...added].reverse();
    for (const n of kept.names) if (names.length < KNOWN_CUSTOMER_NAMES && !added.includes(n)) names.push(n);
    keep(db, key, { userId: user.id, version: row.names_version as string, names });
  } else if (names === null && kept) names = kept.names;
  else keep(db, key, { userId: user.id, version: (row.names_version as string | null) ?? '', names: (names ??= []) });
  return { previous, user: { ...user, team }, draft, knownCustomers: names, repeatOf: row.repeat_at ? new Date(row.repeat_at as string | Date) : null };
}
