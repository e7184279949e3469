// Customers: matching a name a rep typed to an existing record, creating it otherwise, and
// flagging 撞单 — the same company already worked by another rep.
import type { Customer, User } from '../generated/prisma/client.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';
import { escapeLike } from './text.js';
import { visibleUserIds } from './users.js';

// Legal-form suffixes and region prefixes carry no identity: "深圳市方舟电子有限公司" is "方舟电子".
// Industry words (电子, 科技) are kept: 方舟电子 and 方舟科技 may be different companies.
const SUFFIXES = [
  '股份有限公司', '有限责任公司', '集团有限公司', '集团股份有限公司', '有限公司', '集团公司', '集团', '公司',
  'co., ltd.', 'co.,ltd.', 'co. ltd', 'co ltd', 'company limited', 'limited', 'ltd.', 'ltd', 'inc.', 'inc',
  'llc', 'corporation', 'corp.', 'corp', 'gmbh', 'co.', 'group',
].sort((a, b) => b.length - a.length);
const REGION_PREFIX = /^(北京|上海|天津|重庆|深圳|广州|杭州|南京|苏州|成都|武汉|西安|长沙|郑州|青岛|厦门|宁波|合肥|东莞|佛山|无锡|济南|沈阳|大连|福州|昆明|哈尔滨|长春|石家庄|太原|南昌|南宁|贵阳|海口|兰州|银川|西宁|乌鲁木齐|呼和浩特|拉萨|香港|澳门|台北)(市)?(?=.{2,})/;

export function normalizeCustomerName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase().trim();
  s = s.replace(/[()（）【】\[\]「」"'“”‘’]/g, ' ').replace(/\s+/g, ' ').trim();
  let changed = true;
  while (changed) {
    changed = false;
    for (const suf of SUFFIXES) {
      if (s.length > suf.length + 1 && s.endsWith(suf)) {
        s = s.slice(0, -suf.length).replace(/[\s,.]+$/, '');
        changed = true;
      }
    }
  }
  s = s.replace(REGION_PREFIX, '');
  return s.replace(/[\s,.·&\-_/]+/g, '');
}

/** The matching key for a name as typed; names that normalise to nothing keep their own text. */
export function customerKey(name: string): string {
  return normalizeCustomerName(name) || name.trim().toLowerCase();
}

export interface CustomerMatch {
  customer: Customer;
  created: boolean;
  /** Customers of other reps that look like the same company (撞单). */
  conflicts: Array<{ customer: Customer; owner: Pick<User, 'id' | 'displayName'> }>;
}

/** The rep's own customer by name: exact normalised, then a unique partial match; never creates. */
export async function findOwnCustomer(db: Tx, ownerId: string, name: string): Promise<Customer | null> {
  const norm = customerKey(name);
  const customer = await db.customer.findUnique({ where: { ownerId_normalizedName: { ownerId, normalizedName: norm } } });
  if (customer || norm.length < 2) return customer;
  const partial = await db.customer.findMany({ where: { ownerId, normalizedName: { contains: escapeLike(norm) } }, take: 2 });
  return partial.length === 1 ? partial[0] : null;
}

/** Find the rep's own customer by name (exact normalised, then a unique partial match), or create it. */
export async function findOrCreateCustomer(db: Tx, owner: User, name: string, log: ChangeLog, now: Date): Promise<CustomerMatch> {
  const norm = customerKey(name);
  let customer = await findOwnCustomer(db, owner.id, name);
  let created = false;
  if (!customer) {
    customer = await db.customer.create({ data: { name: name.trim(), normalizedName: norm, ownerId: owner.id, lastContactAt: null, createdAt: now } });
    log.created('customer', customer.id);
    created = true;
  } else {
    log.referenced('customer', customer.id);
  }
  const conflicts = created ? await findConflicts(db, customer) : [];
  return { customer, created, conflicts };
}

/** Other reps' customers whose normalised name equals, contains or is contained in this one. */
export async function findConflicts(db: Tx, customer: Customer) {
  const norm = customer.normalizedName;
  if (norm.length < 2) return [];
  const candidates = await db.customer.findMany({
    where: {
      ownerId: { not: customer.ownerId },
      lifecycle: { not: 'LOST' },
      normalizedName: { contains: escapeLike(norm) },
    },
    include: { owner: { select: { id: true, displayName: true } } },
    take: 5,
  });
  // "contained in" needs the reverse test, which SQL LIKE can't index; check the few short names in memory.
  const shorter = norm.length > 2
    ? await db.customer.findMany({
        where: { ownerId: { not: customer.ownerId }, lifecycle: { not: 'LOST' }, normalizedName: { in: prefixesOf(norm) } },
        include: { owner: { select: { id: true, displayName: true } } },
        take: 5,
      })
    : [];
  const seen = new Set<string>();
  return [...candidates, ...shorter]
    .filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)))
    .map((c) => ({ customer: c, owner: c.owner }));
}

// Names like 方舟 inside 方舟电子: every prefix of at least 2 characters.
function prefixesOf(norm: string): string[] {
  const out: string[] = [];
  for (let i = 2; i < norm.length; i++) out.push(norm.slice(0, i));
  return out;
}

/** Customers matching a name that `viewer` may see (for "客户 方舟电子"). */
export async function findVisibleCustomers(db: Tx, viewer: User, name: string): Promise<Customer[]> {
  const norm = customerKey(name);
  const scope = await visibleUserIds(db, viewer);
  const owner = scope ? { ownerId: { in: scope } } : {};
  const exact = await db.customer.findMany({ where: { ...owner, normalizedName: norm }, take: 5 });
  if (exact.length) return exact;
  return db.customer.findMany({ where: { ...owner, normalizedName: { contains: escapeLike(norm) } }, take: 5, orderBy: { updatedAt: 'desc' } });
}

/** Does any customer by that name exist outside the viewer's scope (to refuse rather than say "not found")? */
export async function customerExistsAnywhere(db: Tx, name: string): Promise<boolean> {
  return (await db.customer.count({ where: { normalizedName: { contains: escapeLike(customerKey(name)) } } })) > 0;
}

/** Names of the rep's customers, handed to the parser so it can spot names without a suffix. */
export async function customerNamesFor(db: Tx, ownerId: string, limit = 500): Promise<string[]> {
  const rows = await db.customer.findMany({ where: { ownerId }, select: { name: true }, orderBy: { updatedAt: 'desc' }, take: limit });
  return rows.map((r) => r.name);
}
