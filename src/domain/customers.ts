// Customers: matching a name a rep typed to an existing record, creating it otherwise, and
// flagging 撞单 — the same company already worked by another rep.
import { Prisma, type Customer, type Opportunity, type User } from '../generated/prisma/client.js';
import { keyParts, MARK_CLASS, marksOf, marksSql, MIN_CONFLICT_KEY, SIMILARITY_THRESHOLD, trigrams, trigramSimilarity } from './conflictRules.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';
import { newId } from '../db/ids.js';
import { plannedEachRun } from '../db/statementNames.js';
import { escapeLike, soundsAlike } from './text.js';
import { visibleUserIds } from './users.js';
import { pickPrefixed, prefixedColumns } from './rows.js';

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
  conflicts: Conflict[];
  /**
   * The owner's open deal of an existing customer, read with it by this message before anything
   * was written (null: none); undefined when not read — then findOpenOpportunity reads it.
   */
  openDeal?: Opportunity | null;
}

// One message asks for the same customer by name up to three times (the ask-or-write decision,
// find-or-create, the reported-step check). Within a message's transaction (marked by
// `rememberCustomersIn`, assistant.ts) the answer found first — a row, or that there is none, and
// the partial matches of a name — is reused until code that changes a customer in the message
// (name, owner, hot flag, lifecycle) calls `forgetCustomersIn`; a customer this message creates
// is remembered as found. Another transaction creating the same key meanwhile cannot slip in
// unseen: the unique (owner, key) index makes one of the two fail and retry with a fresh memo.
const TX_CUSTOMERS = new WeakMap<object, Map<string, Customer | null | Customer[] | Conflict[] | readonly string[] | Opportunity>>();

/** Marks `tx` as one message's transaction: customer lookups by key are remembered in it. */
export function rememberCustomersIn(tx: Tx): void {
  TX_CUSTOMERS.set(tx, new Map());
}

/** Drops what `tx` remembered (after a rename or a merge in it). */
export function forgetCustomersIn(tx: Tx): void {
  TX_CUSTOMERS.get(tx)?.clear();
}

async function remembered<T extends Customer | null | Customer[]>(db: Tx, k: string, read: () => Promise<T>): Promise<T> {
  const memo = TX_CUSTOMERS.get(db);
  if (memo?.has(k)) return memo.get(k) as T;
  const value = await read();
  memo?.set(k, value);
  return value;
}

/** The owner's customer with exactly this normalised key (remembered within a message's transaction). */
export async function ownCustomerByKey(db: Tx, ownerId: string, key: string): Promise<Customer | null> {
  return remembered(db, `=${ownerId}\u0000${key}`, () => db.customer.findUnique({ where: { ownerId_normalizedName: { ownerId, normalizedName: key } } }));
}

/** How many partial matches a name lookup reads: the ask question offers up to 4 and must know of a 5th. */
export const PARTIAL_LIMIT = 5;

/**
 * The owner's customer with exactly this key, and — when there is none — those whose key contains
 * it (latest touched first, at most PARTIAL_LIMIT), from ONE statement: a name the rep has not used before costs
 * one look-up, not two (issue 15). Both answers are remembered within a message's transaction.
 */
export async function ownCustomerMatches(db: Tx, ownerId: string, key: string): Promise<{ exact: Customer | null; partial: Customer[] }> {
  const memo = TX_CUSTOMERS.get(db);
  const exactKey = `=${ownerId}\u0000${key}`;
  const partialKey = `~${ownerId}\u0000${key}`;
  if (key.length < 2) return { exact: await ownCustomerByKey(db, ownerId, key), partial: [] };
  if (memo?.has(exactKey) && (memo.get(exactKey) || memo.has(partialKey))) {
    const exact = memo.get(exactKey) as Customer | null;
    return { exact, partial: exact ? [] : (memo.get(partialKey) as Customer[]) };
  }
  // A name none of the rep's customers has or contains (their names are all known: rememberOwnNames)
  // is about to be a new customer: its near-misses and 撞单 look-alikes are read in the same
  // statement (one round trip less per new customer, issue 15). The match read is the same either way.
  const own = memo?.get(`#${ownerId}`) as readonly string[] | undefined;
  if (memo && own && key.length >= MIN_CONFLICT_KEY && !namesText(own).includes(key)) return matchesWithNewNameChecks(db, memo, ownerId, key, own);
  if (!memo) {
    const rows = await db.$queryRaw<Customer[]>(matchSql(ownerId, key));
    const exact = rows.find((r) => r.normalizedName === key) ?? null;
    return exact ? { exact, partial: [] } : { exact: null, partial: rows };
  }
  // Within a message, the customer's open deal comes with it (see takeOpenDeal).
  const rows = await db.$queryRaw<Array<Record<string, unknown>>>(matchWithDealSql(ownerId, key));
  const found = rows.map((r) => pickPrefixed<Customer>(r, '', CUSTOMER_COLUMNS));
  const exact = found.find((r) => r.normalizedName === key) ?? null;
  memo.set(exactKey, exact);
  if (exact) {
    const row = rows[found.indexOf(exact)];
    memo.set(`d${exact.id}`, row.o_id ? pickPrefixed<Opportunity>(row, 'o_', OPPORTUNITY_COLUMNS) : null);
    return { exact, partial: [] };
  }
  memo.set(partialKey, found);
  return { exact: null, partial: found };
}

const OPPORTUNITY_COLUMNS = Object.values(Prisma.OpportunityScalarFieldEnum);

/**
 * matchSql with the exact match's owner's open deal (findOpenOpportunity's rule) in the same row,
 * its columns prefixed `o_`: a message about an existing customer that changes its deal reads both
 * in one statement (issue 15).
 */
function matchWithDealSql(ownerId: string, key: string): Prisma.Sql {
  const deal = Prisma.raw(prefixedColumns('o', 'o_', OPPORTUNITY_COLUMNS).join(', '));
  return Prisma.sql`
    SELECT m.*, ${deal} FROM (${matchSql(ownerId, key)}) m
    LEFT JOIN LATERAL (
      SELECT * FROM "Opportunity" o
       WHERE o."customerId" = m.id AND o."ownerId" = m."ownerId" AND o.status = 'OPEN' AND m."normalizedName" = ${key}
       ORDER BY o."updatedAt" DESC LIMIT 1) o ON true`;
}

/**
 * The open deal read with `customerId` by this message's name look-up, once: what a later write
 * in the message may have changed is never handed out (null: it has none; undefined: not read).
 */
function takeOpenDeal(db: Tx, customerId: string): Opportunity | null | undefined {
  const memo = TX_CUSTOMERS.get(db);
  const key = `d${customerId}`;
  if (!memo?.has(key)) return undefined;
  const deal = memo.get(key) as Opportunity | null;
  memo.delete(key);
  return deal;
}

/**
 * The owner's customer with exactly this key and, when there is none, those whose key contains it:
 * the exact one by the unique index; the `LIKE` search (trigram index) runs only when there is
 * none — a one-time filter in the plan, so a known customer costs what a key look-up costs.
 */
function matchSql(ownerId: string, key: string): Prisma.Sql {
  return Prisma.sql`
    WITH e AS (SELECT * FROM "Customer" WHERE "ownerId" = ${ownerId} AND "normalizedName" = ${key})
    SELECT * FROM e
    UNION ALL
    (SELECT * FROM "Customer" WHERE "ownerId" = ${ownerId} AND "normalizedName" LIKE ${`%${escapeLike(key)}%`} AND NOT EXISTS (SELECT 1 FROM e)
      ORDER BY "updatedAt" DESC LIMIT ${PARTIAL_LIMIT})`;
}

// The rep's names as one lower-case text, once per list: "does any of them contain this key?"
// (A name whose key contains it but whose text does not, "方舟 电子" for 方舟电子, only costs the
// checks of a new name: the match read is in that statement too.)
const NAMES_TEXT = new WeakMap<readonly string[], string>();
function namesText(names: readonly string[]): string {
  let text = NAMES_TEXT.get(names);
  if (text === undefined) NAMES_TEXT.set(names, (text = names.join('\n').toLowerCase()));
  return text;
}

/**
 * ownCustomerMatches for a name that looks new, with what ownNearMisses and findOrCreateCustomer
 * would read next — the rep's near-misses (only when one of their names may be one: mayBeNearMiss)
 * and other reps' look-alikes (撞单) — from one statement, all remembered for the message.
 */
async function matchesWithNewNameChecks(db: Tx, memo: Map<string, unknown>, ownerId: string, key: string, own: readonly string[]): Promise<{ exact: Customer | null; partial: Customer[] }> {
  const cols = Prisma.raw(CUSTOMER_COLUMNS.map((c) => `z."${c}"`).join(', '));
  const near = mayBeNearMiss(key, own);
  const rows = await plannedEachRun(() => db.$queryRaw<Array<Customer & { kind: 'm' | 'n' | 'c'; typo: boolean | null; ownerDisplayName: string | null }>>(Prisma.sql`
    SELECT 'm' AS kind, ${cols}, NULL::boolean AS typo, NULL::text AS "ownerDisplayName" FROM (${matchSql(ownerId, key)}) z
    ${near ? Prisma.sql`UNION ALL SELECT 'n', ${cols}, z.typo, NULL FROM (${nearMissSql(ownerId, key, NEAR_LIMIT)}) z` : Prisma.empty}
    UNION ALL
    SELECT 'c', ${cols}, NULL, z."ownerDisplayName" FROM (${conflictSql({ ownerId, normalizedName: key }, CONFLICT_LIMIT)}) z`));
  const strip = ({ kind: _k, typo: _t, ownerDisplayName: _o, ...c }: (typeof rows)[number]) => c as Customer;
  const matches = rows.filter((r) => r.kind === 'm').map(strip);
  const exact = matches.find((r) => r.normalizedName === key) ?? null;
  memo.set(`=${ownerId}\u0000${key}`, exact);
  memo.set(`!${ownerId}\u0000${key}`, conflictsOf(rows.filter((r) => r.kind === 'c')));
  memo.set(`n${ownerId}\u0000${key}`, near ? nearMissesOf(rows.filter((r) => r.kind === 'n'), key, NEAR_LIMIT) : []);
  if (exact) return { exact, partial: [] };
  memo.set(`~${ownerId}\u0000${key}`, matches);
  return { exact: null, partial: matches };
}

// Prisma's scalar fields of Customer, in the order of its model: the new-name statement lists them
// so the rows of its two parts (near-misses, look-alikes) line up.
const CUSTOMER_COLUMNS = Object.values(Prisma.CustomerScalarFieldEnum);
const NEAR_LIMIT = 3;
const CONFLICT_LIMIT = 5;

/** The rep's own customer by name: exact normalised, then a unique partial match; never creates. */
export async function findOwnCustomer(db: Tx, ownerId: string, name: string): Promise<Customer | null> {
  const { exact, partial } = await ownCustomerMatches(db, ownerId, customerKey(name));
  return exact ?? (partial.length === 1 ? partial[0] : null);
}

/** Find the rep's own customer by name (exact normalised, then a unique partial match), or create it. */
export async function findOrCreateCustomer(db: Tx, owner: User, name: string, log: ChangeLog, now: Date): Promise<CustomerMatch> {
  const norm = customerKey(name);
  let customer = await findOwnCustomer(db, owner.id, name);
  let created = false;
  // Read with the near-misses (ownNearMisses) when the message asked about them — before the
  // insert below forgets what the message read.
  const lookAlikes = customer ? undefined : (TX_CUSTOMERS.get(db)?.get(`!${owner.id}\u0000${norm}`) as Conflict[] | undefined);
  if (!customer) {
    customer = await insertCustomer(db, { name: name.trim(), normalizedName: norm, ownerId: owner.id, createdAt: now });
    // What this message remembered about the name (none, no partial match) is no longer true.
    forgetCustomersIn(db);
    TX_CUSTOMERS.get(db)?.set(`=${owner.id}\u0000${norm}`, customer);
    log.created('customer', customer.id);
    created = true;
  } else {
    log.referenced('customer', customer.id);
  }
  const conflicts = created ? (lookAlikes ?? (await findConflicts(db, customer))) : [];
  const openDeal = created ? undefined : takeOpenDeal(db, customer.id);
  return { customer, created, conflicts, ...(openDeal !== undefined ? { openDeal } : {}) };
}

/**
 * A new customer row, as `prisma.customer.create` with these fields makes it (defaults of the
 * schema; updatedAt the current time, as Prisma's @updatedAt), in one raw statement: the model
 * API's own work per call is a measurable part of a message (issue 15). rawReads.test.ts checks
 * the row equals Prisma's.
 */
export async function insertCustomer(db: Tx, data: { name: string; normalizedName: string; ownerId: string; createdAt: Date }): Promise<Customer> {
  const [row] = await db.$queryRaw<Customer[]>(Prisma.sql`
    INSERT INTO "Customer" (id, name, "normalizedName", "ownerId", "createdAt", "updatedAt")
    VALUES (${newId()}, ${data.name}, ${data.normalizedName}, ${data.ownerId}, ${data.createdAt}, ${new Date()})
    RETURNING *`);
  return row;
}

/**
 * Other holders' customers (not 失效) that look like the same company (撞单), best match first:
 * the rules of conflictRules.ts in one statement. The parts of the key go to the B-tree index on
 * normalizedName; "contains" (LIKE) and the near-miss search (pg_trgm `%`, then the stricter
 * threshold and the digits as a recheck) go to the trigram GIN index, so the cost does not grow
 * with the number of customers.
 */
export async function findConflicts(db: Tx, customer: Pick<Customer, 'ownerId' | 'normalizedName'>, limit = 5): Promise<Conflict[]> {
  if (customer.normalizedName.length < MIN_CONFLICT_KEY) return [];
  // Planned for its key every run: how selective the name's parts, LIKE and trigram searches are
  // depends on the name, so one plan for all names is not reused (at 50k customers it was not
  // faster either: p50 2.1 ms both ways, bench 2026-11-28T07:20Z).
  return conflictsOf(await db.$queryRaw<Array<Customer & { ownerDisplayName: string | null }>>(conflictSql(customer, limit)));
}

function conflictsOf(rows: Array<Customer & { ownerDisplayName: string | null }>): Conflict[] {
  return rows.map((r) => {
    const { ownerDisplayName, rank: _rank, sim: _sim, kind: _kind, typo: _typo, ...c } = r as typeof r & { rank?: unknown; sim?: unknown; kind?: unknown; typo?: unknown };
    return { customer: c as Customer, owner: { id: c.ownerId, displayName: ownerDisplayName ?? '' } };
  });
}

/**
 * The statement behind findConflicts (exported for the benchmark). The candidates come from the
 * database function customer_lookalikes (migration 20261128190000): the parts of the key by the
 * B-tree on normalizedName (one lookup per part), "contains" and near-misses by the trigram GIN
 * index, with one generic plan kept for the session; here they get their rows, holders and order.
 */
export function conflictSql(customer: Pick<Customer, 'ownerId' | 'normalizedName'>, limit = 5): Prisma.Sql {
  const key = customer.normalizedName;
  return Prisma.sql`
    SELECT c.*, u."displayName" AS "ownerDisplayName", similarity(c."normalizedName", ${key}) AS sim
      FROM customer_lookalikes(${lookalikesArgs(customer)}) f
      JOIN "Customer" c ON c.id = f.id
      JOIN "User" u ON u.id = c."ownerId"
     ORDER BY CASE WHEN c."normalizedName" = ${key} THEN 0 ELSE f.rank END, sim DESC, c."createdAt", c.id
     LIMIT ${limit}`;
}

/** Rule 2: a key of 3+ characters contained anywhere, of 2 at the start or the end. */
function likePatterns(key: string): [string, string | null] {
  const esc = escapeLike(key);
  return key.length >= 3 ? [`%${esc}%`, null] : [`${esc}%`, `%${esc}`];
}

/** customer_lookalikes' eight arguments for a new key and its holder, with their types (see the migration). */
const LOOKALIKES_TYPES = ['text', 'text[]', 'text', 'text', 'real', 'text', 'text', 'text'] as const;
function lookalikesValues(customer: Pick<Customer, 'ownerId' | 'normalizedName'>): Array<string | string[] | number | null> {
  const key = customer.normalizedName;
  const [like, orLike] = likePatterns(key);
  return [key, keyParts(key), like, orLike, SIMILARITY_THRESHOLD, `[^${MARK_CLASS}]`, marksOf(key), customer.ownerId];
}

function lookalikesArgs(customer: Pick<Customer, 'ownerId' | 'normalizedName'>): Prisma.Sql {
  return Prisma.join(lookalikesValues(customer).map((v, i) => Prisma.sql`${v}::${Prisma.raw(LOOKALIKES_TYPES[i])}`));
}

/**
 * customer_lookalikes' query as PostgreSQL keeps it, with the values of a new key and holder, to
 * EXPLAIN the plan the function runs (tests, `npm run bench -- --explain`): in one transaction, run
 * `setup` (PREPARE, and the function's own settings), then `EXPLAIN (…) ${execute}`, then
 * `DEALLOCATE lookalikes`. The values are literals: EXECUTE takes no bind parameters.
 */
export async function lookalikesPlanStatements(db: Tx, customer: Pick<Customer, 'ownerId' | 'normalizedName'>): Promise<{ setup: string[]; execute: string }> {
  const [{ src }] = await db.$queryRaw<Array<{ src: string }>>`SELECT prosrc AS src FROM pg_proc WHERE proname = 'customer_lookalikes'`;
  const body = /RETURN QUERY([\s\S]*?);\s*END/.exec(src)?.[1];
  if (!body) throw new Error('customer_lookalikes: no RETURN QUERY in its body');
  const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  const literal = (v: string | string[] | number | null, i: number) =>
    `${Array.isArray(v) ? `ARRAY[${v.map(lit).join(', ')}]` : typeof v === 'number' ? String(v) : lit(v)}::${LOOKALIKES_TYPES[i]}`;
  return {
    setup: [
      `PREPARE lookalikes(${LOOKALIKES_TYPES.join(', ')}) AS ${body}`,
      'SET LOCAL plan_cache_mode = force_generic_plan',
      'SET LOCAL max_parallel_workers_per_gather = 0',
    ],
    execute: `EXECUTE lookalikes(${lookalikesValues(customer).map(literal).join(', ')})`,
  };
}

/**
 * Rule 3 of conflictRules.ts for customer row `x`: a near-miss of `key` (pg_trgm `%` on the trigram
 * index, then the exact threshold and the same digits and ordinals as a re-check).
 */
function nearMissOf(key: string): Prisma.Sql {
  return Prisma.sql`x."normalizedName" % ${key}
         AND similarity(x."normalizedName", ${key}) >= ${Prisma.raw(String(SIMILARITY_THRESHOLD))}::real
         AND ${Prisma.raw(marksSql('x."normalizedName"'))} = ${marksOf(key)}`;
}

/**
 * The sender's customer names as the message read them (messages/sender.ts: current when it was
 * read, latest touched first, at most KNOWN_CUSTOMER_NAMES). When that is all of the owner's
 * customers, a new name that is no near-miss of any of them by the rules above — checked here in
 * memory — needs no near-miss search in the database (issue 15: that search reads every customer
 * of the rep); the 撞单 look-alikes are still read. A customer this message creates, renames or
 * merges clears the memo (forgetCustomersIn), and the database is asked again.
 */
export function rememberOwnNames(tx: Tx, ownerId: string, names: readonly string[]): void {
  if (names.length >= KNOWN_CUSTOMER_NAMES) return; // perhaps not all of them
  TX_CUSTOMERS.get(tx)?.set(`#${ownerId}`, names);
}

/**
 * Could `key` be a near-miss (nearMissSql) of one of `names`? Never false when the database would
 * find one: same marks and either one character changed or trigram similarity (pg_trgm's, equal
 * in memory: conflicts.test.ts) at the threshold — here with a margin below it, for pg_trgm's
 * hashed multibyte trigrams. LOST customers are not excluded (a superset is safe).
 */
export function mayBeNearMiss(key: string, names: readonly string[]): boolean {
  const marks = marksOf(key);
  const chars = [...key];
  const grams = trigrams(key);
  for (const name of names) {
    // Either rule needs a character in common (a changed one leaves the others; a shared trigram
    // shares its characters): a name with none is passed over before its facts are worked out.
    if (!sharesAChar(name, chars)) continue;
    const f = nameFacts(name);
    if (f.key === key || f.marks !== marks) continue;
    if (f.chars.length === chars.length && chars.length >= MIN_TYPO_KEY && f.chars.filter((c, i) => c !== chars[i]).length === 1) return true;
    if (trigramSimilarity(grams, f.grams) >= SIMILARITY_THRESHOLD - NEAR_MARGIN) return true;
  }
  return false;
}

const NEAR_MARGIN = 0.05;

/** Has `name`, as its key is made (NFKC, lower case), one of `chars`? */
function sharesAChar(name: string, chars: string[]): boolean {
  const n = /^[\u0000-\u007f\u4e00-\u9fff]*$/.test(name) ? name.toLowerCase() : name.normalize('NFKC').toLowerCase();
  return chars.some((c) => n.includes(c));
}

interface NameFacts {
  key: string;
  chars: string[];
  marks: string;
  grams: Set<string>;
}

// Per name, what the near-miss check needs: a rep's list is read again whole after each change,
// with the same names. Bounded; the oldest entries go first.
const NAME_FACTS = new Map<string, NameFacts>();
const MAX_NAME_FACTS = 50_000;

function nameFacts(name: string): NameFacts {
  let f = NAME_FACTS.get(name);
  if (!f) {
    const key = customerKey(name);
    f = { key, chars: [...key], marks: marksOf(key), grams: trigrams(key) };
    NAME_FACTS.set(name, f);
    if (NAME_FACTS.size > MAX_NAME_FACTS) NAME_FACTS.delete(NAME_FACTS.keys().next().value as string);
  }
  return f;
}

/** Names this long or longer count one changed homophone as a typo of the rep's own customer. */
export const MIN_TYPO_KEY = 2;

/**
 * The owner's own customers (not 失效) a NEW name is a near-miss of: rule 3 ("方舟电器" when they
 * have 方舟电子, 0.43), or — among their own customers only, where a rep's typo is the likely
 * story — the same name with one character swapped for a homophone, the typo a pinyin input
 * method makes, fuzzy pinyin included (华兴科技 / 华心科技 / 华星科技, 方洲电子 / 方舟电子: trigram
 * similarity 0.2–0.25, below rule 3). A different-sounding character is another company (方圆电子 / 方舟电子, 华宇 / 华星).
 * Digits and ordinals must still agree. Containment is found by the partial look-up already.
 * Best match first.
 */
export async function ownNearMisses(db: Tx, ownerId: string, key: string, limit = NEAR_LIMIT): Promise<Customer[]> {
  if (key.length < MIN_CONFLICT_KEY) return [];
  const memo = TX_CUSTOMERS.get(db);
  if (!memo) return nearMissesOf(await db.$queryRaw<Array<Customer & { typo: boolean }>>(nearMissSql(ownerId, key, limit)), key, limit);
  // Read with the name's matches (matchesWithNewNameChecks).
  const read = limit === NEAR_LIMIT ? (memo.get(`n${ownerId}\u0000${key}`) as Customer[] | undefined) : undefined;
  if (read) return read;
  // All of the rep's names are known and none is close: only the look-alikes are read.
  const own = memo.get(`#${ownerId}`) as readonly string[] | undefined;
  if (own && !mayBeNearMiss(key, own)) {
    memo.set(`!${ownerId}\u0000${key}`, await findConflicts(db, { ownerId, normalizedName: key }, CONFLICT_LIMIT));
    return [];
  }
  // Within a message: the name is about to become a customer unless it is a near-miss, and a new
  // customer is checked for 撞单 — both searches in one statement, the look-alikes remembered
  // for findOrCreateCustomer.
  const cols = Prisma.raw(CUSTOMER_COLUMNS.map((c) => `z."${c}"`).join(', '));
  const rows = await plannedEachRun(() => db.$queryRaw<Array<Customer & { kind: 'n' | 'c'; typo: boolean | null; ownerDisplayName: string | null }>>(Prisma.sql`
    SELECT 'n' AS kind, ${cols}, z.typo, NULL::text AS "ownerDisplayName" FROM (${nearMissSql(ownerId, key, limit)}) z
    UNION ALL
    SELECT 'c', ${cols}, NULL, z."ownerDisplayName" FROM (${conflictSql({ ownerId, normalizedName: key }, CONFLICT_LIMIT)}) z`));
  memo.set(`!${ownerId}\u0000${key}`, conflictsOf(rows.filter((r) => r.kind === 'c')));
  return nearMissesOf(rows.filter((r) => r.kind === 'n'), key, limit);
}

/**
 * The statement behind ownNearMisses: the rule-3 near-misses, and the same-length names one
 * character away (`typo`: the homophone check is made on those few rows by nearMissesOf).
 */
function nearMissSql(ownerId: string, key: string, limit: number): Prisma.Sql {
  const len = [...key].length;
  return Prisma.sql`
    SELECT x.*, NOT (${nearMissOf(key)}) AS typo FROM "Customer" x
     WHERE x."ownerId" = ${ownerId} AND x.lifecycle <> 'LOST' AND x."normalizedName" <> ${key}
       AND ((${nearMissOf(key)})
         OR (${len >= MIN_TYPO_KEY} AND char_length(x."normalizedName") = ${len}
             AND ${Prisma.raw(marksSql('x."normalizedName"'))} = ${marksOf(key)}
             AND (SELECT count(*) FROM generate_series(1, ${len}::int) i WHERE substr(x."normalizedName", i, 1) <> substr(${key}::text, i, 1)) = 1))
     ORDER BY similarity(x."normalizedName", ${key}) DESC, x."updatedAt" DESC
     LIMIT ${limit * 3}`;
}

function nearMissesOf(rows: Array<Customer & { typo: boolean | null; kind?: string; ownerDisplayName?: string | null }>, key: string, limit: number): Customer[] {
  return rows
    .filter((r) => !r.typo || homophoneTypo(r.normalizedName, key))
    .slice(0, limit)
    .map(({ typo: _typo, kind: _kind, ownerDisplayName: _owner, ...c }) => c as Customer);
}

/** Same length, and the one character that differs sounds the same (toneless pinyin). */
function homophoneTypo(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  const i = x.findIndex((ch, k) => ch !== y[k]);
  if (i < 0 || !/\p{Script=Han}/u.test(x[i]) || !/\p{Script=Han}/u.test(y[i])) return false;
  return soundsAlike(x[i], y[i], true);
}

export interface Conflict {
  customer: Customer;
  owner: Pick<User, 'id' | 'displayName'>;
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
/** How many of a rep's customers (latest touched first) the parser sees by name. */
export const KNOWN_CUSTOMER_NAMES = 500;

export async function customerNamesFor(db: Tx, ownerId: string, limit = KNOWN_CUSTOMER_NAMES): Promise<string[]> {
  const rows = await db.customer.findMany({ where: { ownerId }, select: { name: true }, orderBy: { updatedAt: 'desc' }, take: limit });
  return rows.map((r) => r.name);
}
