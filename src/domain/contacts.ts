// Contacts of a customer, keyed by (customer, name). A later mention with a role, title, phone
// number or WeChat ID fills in what was unknown but never erases what the rep said before, nor
// narrows it: "赵主任" does not turn a stored 信息科主任 into 主任 (the new title is part of the old one),
// and the title a bare honorific implies (刘总 → 总经理) never replaces one the rep said (财务负责人).
// "Mr. Wang" is the customer's one contact surnamed 王 (王总), when there is exactly one.
import { Prisma, type Contact } from '../generated/prisma/client.js';
import type { ParsedContact } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';
import { englishAddressSurname, fullNameSound, honorificAddress, isPersonalName, latinFirstWord, latinGivenName, latinNameKeys, surnameSound, titleFits, titleFromHonorific } from './contacts/names.js';
import { newId } from '../db/ids.js';
import { escapeLike } from './text.js';

export interface ContactResult {
  contact: Contact;
  created: boolean;
  updated: boolean;
  /** The title before this message changed it (shown in the reply as old → new). */
  titleBefore?: string | null;
  /** The role before this message changed it. */
  roleBefore?: Contact['role'];
}

/** Does `next` say more than `stored`? Not when it is part of it ("主任" of "信息科主任", "经理" of "采购经理"). */
export function widensTitle(stored: string | null, next: string | null): boolean {
  if (!next || next === stored) return false;
  return !stored || !stored.includes(next);
}

// A new contact as the message says it (the one insert of findOrInsertContact and honorificContact).
const CONTACT_INSERT = Prisma.raw('INSERT INTO "Contact" (id, "customerId", name, title, role, phone, wechat, "createdAt", "updatedAt")');
const newContactValues = (customerId: string, name: string, c: ParsedContact, now: Date) =>
  Prisma.sql`${newId()}, ${customerId}, ${name}, ${c.title ?? null}::text, ${c.role}::"ContactRole", ${c.phone ?? null}::text, ${c.wechat ?? null}::text, ${now}::timestamp, ${now}::timestamp`;

/** The customer's contact of that name (unique). Raw: read for most messages (issue 15). */
export async function contactNamed(db: Tx, customerId: string, name: string): Promise<Contact | null> {
  const [row] = await db.$queryRaw<Contact[]>(Prisma.sql`SELECT * FROM "Contact" WHERE "customerId" = ${customerId} AND name = ${name}`);
  return row ?? null;
}

/**
 * "Met Mr. Wang from 华星科技": an English form of address stands for the customer's one contact
 * whose surname sounds like it (王总, 王建国) — only when exactly one of its contacts has that
 * surname; two 王s, or none, and "Mr. Wang" is a contact of its own. A full name in pinyin
 * ("Liu Bing", "Bing Liu") is the one contact whose Chinese full name reads so (刘兵); a given name
 * alone ("Sarah") the one contact whose Latin full name starts with it (Sarah Chen). A contact
 * stored under exactly that name comes first. Null (and no read) for a name of any other form;
 * a surname and honorific ("马经理") is `honorificContact`'s.
 */
async function addressedContact(db: Tx, customerId: string, name: string): Promise<Contact | null> {
  const sound = englishAddressSurname(name);
  const keys = sound ? null : latinNameKeys(name);
  const given = sound || keys ? null : latinGivenName(name);
  if (!sound && !keys && !given) return null;
  const all = await db.$queryRaw<Contact[]>(Prisma.sql`SELECT * FROM "Contact" WHERE "customerId" = ${customerId}`);
  const exact = all.find((c) => c.name === name);
  if (exact) return exact;
  const same = all.filter((c) =>
    sound ? surnameSound(c.name) === sound
    : keys ? keys.includes(fullNameSound(c.name) ?? '')
    : latinFirstWord(c.name) === given);
  return same.length === 1 ? same[0] : null;
}

/**
 * "马经理" is the customer's one contact with that surname whose title fits the honorific (马丽,
 * 采购经理), or 马经理 itself. One statement in the usual case (issue 15: a contact named so is in
 * most messages): the contacts of that surname are read and, when there are none, the new contact
 * inserted in the same statement. Only when same-surname contacts exist but none is the one does a
 * second statement insert it. Undefined for a name that is no surname and honorific.
 */
async function honorificContact(db: Tx, customerId: string, c: ParsedContact): Promise<{ contact: Contact; created: boolean } | undefined> {
  const name = c.name.trim();
  const address = honorificAddress(name);
  if (!address) return undefined;
  const now = new Date();
  const rows = await db.$queryRaw<Array<Contact & { created: boolean }>>(Prisma.sql`
    WITH same AS (
      SELECT * FROM "Contact" WHERE "customerId" = ${customerId} AND (name = ${name} OR name LIKE ${`${escapeLike(address.surname)}%`})),
    ins AS (
      ${CONTACT_INSERT} SELECT ${newContactValues(customerId, name, c, now)}
      WHERE NOT EXISTS (SELECT 1 FROM same)
      ON CONFLICT ("customerId", name) DO NOTHING
      RETURNING *)
    SELECT *, TRUE AS created FROM ins
    UNION ALL
    SELECT *, FALSE AS created FROM same`);
  const strip = ({ created: _c, ...contact }: Contact & { created: boolean }) => contact as Contact;
  const made = rows.find((r) => r.created);
  if (made) return { contact: strip(made), created: true };
  const exact = rows.find((r) => r.name === name);
  if (exact) return { contact: strip(exact), created: false };
  const fits = rows.filter((r) => isPersonalName(r.name) && r.name.startsWith(address.surname) && titleFits(r.title, address));
  if (fits.length === 1) return { contact: strip(fits[0]), created: false };
  // Same-surname contacts, none of them this one (or several that fit: it names none for sure);
  // or a concurrent message inserted the same surname a moment ago.
  return findOrInsertContact(db, customerId, { ...c, name });
}

/**
 * The customer's contact of that name, inserted with what the message says of them when there is
 * none — one statement instead of a read and an insert (issue 15). The unique key (customer, name)
 * decides: a contact another message inserted a moment ago is found, not duplicated.
 */
export async function findOrInsertContact(db: Tx, customerId: string, c: ParsedContact): Promise<{ contact: Contact; created: boolean }> {
  const name = c.name.trim();
  const now = new Date();
  const rows = await db.$queryRaw<Array<Contact & { created: boolean }>>(Prisma.sql`
    WITH ins AS (
      ${CONTACT_INSERT} VALUES (${newContactValues(customerId, name, c, now)})
      ON CONFLICT ("customerId", name) DO NOTHING
      RETURNING *)
    SELECT *, TRUE AS created FROM ins
    UNION ALL
    SELECT *, FALSE AS created FROM "Contact" WHERE "customerId" = ${customerId} AND name = ${name} AND NOT EXISTS (SELECT 1 FROM ins)`);
  if (rows.length) {
    const { created, ...contact } = rows[0];
    return { contact, created };
  }
  // Inserted by a transaction that committed while this statement waited on the key: this
  // statement's snapshot predates it, the next one sees it.
  const existing = await contactNamed(db, customerId, name);
  if (!existing) throw Object.assign(new Error('contact vanished while inserting'), { code: 'P2034' });
  return { contact: existing, created: false };
}

export async function upsertContacts(db: Tx, customerId: string, contacts: ParsedContact[], log: ChangeLog): Promise<ContactResult[]> {
  const out: ContactResult[] = [];
  for (const c of contacts) {
    const name = c.name.trim();
    const honorific = await honorificContact(db, customerId, { ...c, name });
    const addressed = honorific ? null : await addressedContact(db, customerId, name);
    const { contact: existing, created } = honorific ?? (addressed ? { contact: addressed, created: false } : await findOrInsertContact(db, customerId, { ...c, name }));
    if (created) {
      log.created('contact', existing.id);
      out.push({ contact: existing, created: true, updated: false });
      continue;
    }
    const data: { title?: string; role?: ParsedContact['role']; phone?: string; wechat?: string } = {};
    // "刘总" alone says 总经理 only by default: a title stated before ("财务刘总" → 财务负责人) stays.
    const implied = existing.title !== null && c.title === titleFromHonorific(name);
    if (widensTitle(existing.title, c.title) && !implied) data.title = c.title!;
    if (c.role !== 'OTHER' && c.role !== existing.role) data.role = c.role;
    // A number or WeChat ID said now is kept; one not said never erases the stored one.
    if (c.phone && c.phone !== existing.phone) data.phone = c.phone;
    if (c.wechat && c.wechat !== existing.wechat) data.wechat = c.wechat;
    if (Object.keys(data).length === 0) {
      log.referenced('contact', existing.id);
      out.push({ contact: existing, created: false, updated: false });
      continue;
    }
    log.updated('contact', existing.id, { title: existing.title, role: existing.role, phone: existing.phone, wechat: existing.wechat });
    const contact = await db.contact.update({ where: { id: existing.id }, data });
    out.push({ contact, created: false, updated: true, ...(data.title !== undefined ? { titleBefore: existing.title } : {}), ...(data.role !== undefined ? { roleBefore: existing.role } : {}) });
  }
  return out;
}
