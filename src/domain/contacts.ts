// Contacts of a customer, keyed by (customer, name). A later mention with a role, title, phone
// number or WeChat ID fills in what was unknown but never erases what the rep said before, nor
// narrows it: "赵主任" does not turn a stored 信息科主任 into 主任 (the new title is part of the old one),
// and the title a bare honorific implies (刘总 → 总经理) never replaces one the rep said (财务负责人).
import type { Contact } from '../generated/prisma/client.js';
import type { ParsedContact } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';
import { titleFromHonorific } from './contacts/names.js';

export interface ContactResult {
  contact: Contact;
  created: boolean;
  updated: boolean;
  /** The title before this message changed it (shown in the reply as old → new). */
  titleBefore?: string | null;
}

/** Does `next` say more than `stored`? Not when it is part of it ("主任" of "信息科主任", "经理" of "采购经理"). */
export function widensTitle(stored: string | null, next: string | null): boolean {
  if (!next || next === stored) return false;
  return !stored || !stored.includes(next);
}

export async function upsertContacts(db: Tx, customerId: string, contacts: ParsedContact[], log: ChangeLog): Promise<ContactResult[]> {
  const out: ContactResult[] = [];
  for (const c of contacts) {
    const name = c.name.trim();
    const existing = await db.contact.findUnique({ where: { customerId_name: { customerId, name } } });
    if (!existing) {
      const contact = await db.contact.create({ data: { customerId, name, title: c.title, role: c.role, phone: c.phone ?? null, wechat: c.wechat ?? null } });
      log.created('contact', contact.id);
      out.push({ contact, created: true, updated: false });
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
    out.push({ contact, created: false, updated: true, ...(data.title !== undefined ? { titleBefore: existing.title } : {}) });
  }
  return out;
}
