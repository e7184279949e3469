// Which customer a message means when it names one of the rep's contacts but no company
// ("刘兵说他们下周可以安排演示，让我们周三前把方案发过去", "明天给邵宁打电话确认报价"). Reps
// talk about people they know by name; filing such a message on no customer loses it from that
// customer's history, and asking every time would be noise. A contact's full name that belongs to
// exactly one of the sender's customers (not 失效) settles it; a name at several customers is a
// question (ask.ts). Honorific forms (王总, 陈经理, 周工) and nicknames (小何, 老陈) are shared by
// many people and never settle anything on their own. An English full name counts when its given
// name is said (Sarah for Sarah Lee): that is how such a person is named in a message.
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { isPersonalName } from '../contacts/names.js';

export interface ContactMention {
  customerId: string;
  customerName: string;
  contactName: string;
}

/**
 * The sender's customers (not 失效) having a contact whose full name appears in `text`. A name
 * inside a longer matched name (刘兵 in 刘兵兵) does not count separately.
 */
export async function customersByContactMention(db: Tx, ownerId: string, text: string): Promise<ContactMention[]> {
  if (text.trim().length < 2) return [];
  const rows = await db.$queryRaw<ContactMention[]>(Prisma.sql`
    SELECT c.id AS "customerId", c.name AS "customerName", ct.name AS "contactName"
      FROM "Contact" ct JOIN "Customer" c ON c.id = ct."customerId"
     WHERE c."ownerId" = ${ownerId} AND c.lifecycle <> 'LOST'
       AND char_length(ct.name) >= 2
       AND (strpos(${text}, ct.name) > 0
         -- An English full name is said by its given name ("Send Sarah the deck" for Sarah Lee).
         OR (ct.name ~ '^[A-Z][a-z]{2,}( [A-Z][A-Za-z''-]+)+$' AND ${text} ~ ('\\m' || split_part(ct.name, ' ', 1) || '\\M')))
     ORDER BY c."updatedAt" DESC
     LIMIT 20`);
  const personal = rows.filter((r) => isPersonalName(r.contactName));
  return personal.filter((r) => !personal.some((o) => o.contactName.length > r.contactName.length && o.contactName.includes(r.contactName)));
}

/** The one customer the mentions point to, or null when none or several. */
export function soleCustomer(mentions: ContactMention[]): ContactMention | null {
  const ids = new Set(mentions.map((m) => m.customerId));
  return ids.size === 1 ? mentions[0] : null;
}
