// The dry run of a customer import: resolves owners, groups the rows of one customer (one row
// per contact), finds per-row problems, the customers that already exist (→ filled in, never
// duplicated: running an import twice changes nothing the second time) and 撞单 — the same
// company held by someone else, in the database or earlier in the file. Nothing is written.
import type { ContactRole } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { customerKey } from '../customers.js';
import type { Lang } from '../i18n.js';
import { visibleUserIds } from '../users.js';
import type { Actor } from '../teams/actor.js';
import { cleanName } from '../teams/lookup.js';
import { ConflictIndex, type IndexedCustomer } from './conflicts.js';
import type { ImportRow } from './read.js';

export const LIMITS = { name: 100, level: 20, industry: 50, source: 50, contact: 50, title: 50, phone: 40, wechat: 50 } as const;

export interface ImportOptions {
  actor: Actor;
  lang: Lang;
  /** Owner (display name) of rows without one; default: the actor when the actor is a person. */
  defaultOwner?: string | null;
  /** Team whose 公海 takes rows whose owner is "公海" (default: the actor's team). */
  poolTeam?: string | null;
  /** Import 撞单 rows anyway (flagged), as a chat message would create them. Default: skip them. */
  allowDuplicates?: boolean;
}

export interface RowIssue {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface PlannedContact {
  name: string;
  title: string | null;
  phone: string | null;
  wechat: string | null;
  role: ContactRole;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'skip';

export interface PlannedCustomer {
  key: string;
  name: string;
  /** A User id, or "pool:<teamId>" for a team pool whose holder does not exist yet. */
  ownerId: string;
  ownerName: string;
  lines: number[];
  level: string | null;
  industry: string | null;
  source: string | null;
  contacts: PlannedContact[];
  existingId: string | null;
  conflicts: IndexedCustomer[];
  action: PlanAction;
}

export interface ImportPlan {
  sheet: string;
  rows: number;
  customers: PlannedCustomer[];
  issues: RowIssue[];
  counts: { create: number; update: number; unchanged: number; duplicates: number; errorRows: number; contacts: number };
}

const ROLE_WORDS: Array<[RegExp, ContactRole]> = [
  [/决策|拍板|老板|总经理|董事|decision|ceo|owner/i, 'DECISION_MAKER'],
  [/技术|工程|cto|it|tech/i, 'TECHNICAL'],
  [/使用|用户|user/i, 'USER'],
  [/线人|教练|内线|coach|champion/i, 'COACH'],
];

export function contactRole(text: string | undefined): ContactRole {
  if (!text) return 'OTHER';
  for (const [re, role] of ROLE_WORDS) if (re.test(text)) return role;
  return 'OTHER';
}

interface Person {
  id: string;
  displayName: string;
  active: boolean;
}

async function peopleIndex(db: Tx, actor: Actor) {
  const scope = await visibleUserIds(db, actor);
  const people = await db.user.findMany({
    where: { poolTeamId: null, ...(scope ? { id: { in: scope } } : {}) },
    select: { id: true, displayName: true, active: true, consoleName: true, wecomUserId: true, slackUserId: true },
  });
  const byName = new Map<string, Person[]>();
  const put = (k: string | null, p: Person) => {
    if (!k) return;
    const key = k.trim().toLowerCase();
    const list = byName.get(key) ?? [];
    if (!list.some((x) => x.id === p.id)) list.push(p);
    byName.set(key, list);
  };
  for (const p of people) for (const k of [p.displayName, p.consoleName, p.wecomUserId, p.slackUserId]) put(k, p);
  return byName;
}

/** Builds the plan. `lang` words the problems; nothing is written. */
export async function planImport(db: Tx, rows: ImportRow[], sheet: string, o: ImportOptions): Promise<ImportPlan> {
  const zh = o.lang === 'zh';
  const issues: RowIssue[] = [];
  const err = (line: number, message: string) => issues.push({ line, severity: 'error', message });
  const warn = (line: number, message: string) => issues.push({ line, severity: 'warning', message });
  const people = await peopleIndex(db, o.actor);

  const resolvePerson = (name: string): { ok: true; p: Person } | { ok: false; why: string } => {
    const list = people.get(cleanName(name).toLowerCase()) ?? [];
    if (!list.length) return { ok: false, why: zh ? `负责人“${name}”不存在或不在你的范围内` : `owner "${name}" unknown or outside your scope` };
    if (list.length > 1) return { ok: false, why: zh ? `有多位“${name}”，请用账号区分` : `several people are called "${name}"; use their platform id` };
    if (!list[0].active) return { ok: false, why: zh ? `负责人“${name}”已停用` : `owner "${name}" is deactivated` };
    return { ok: true, p: list[0] };
  };

  // Default owner, and the team pool for "公海" rows.
  let fallback: { id: string; name: string } | null = o.actor.id ? { id: o.actor.id, name: o.actor.displayName } : null;
  let fallbackError: string | null = null;
  if (o.defaultOwner) {
    const r = resolvePerson(o.defaultOwner);
    if (r.ok) fallback = { id: r.p.id, name: r.p.displayName };
    else fallbackError = r.why;
  }
  const poolTeam = o.poolTeam
    ? await db.team.findFirst({ where: { name: { equals: cleanName(o.poolTeam), mode: 'insensitive' } } })
    : o.actor.teamId
      ? await db.team.findUnique({ where: { id: o.actor.teamId } })
      : null;
  const poolHolderRow = poolTeam ? await db.user.findUnique({ where: { poolTeamId: poolTeam.id }, select: { id: true } }) : null;
  const poolOwner = poolTeam ? { id: poolHolderRow?.id ?? `pool:${poolTeam.id}`, name: `公海·${poolTeam.name}` } : null;

  // Everything already stored, once: own keys for idempotency, the rest for 撞单.
  const index = new ConflictIndex();
  const owned = new Map<string, string>(); // ownerId|key -> customer id
  const stored = await db.customer.findMany({ select: { id: true, name: true, normalizedName: true, ownerId: true, lifecycle: true, owner: { select: { displayName: true, poolTeamId: true } } } });
  for (const c of stored) {
    owned.set(`${c.ownerId}|${c.normalizedName}`, c.id);
    if (c.lifecycle !== 'LOST') index.add({ id: c.id, name: c.name, key: c.normalizedName, ownerId: c.ownerId, ownerName: c.owner.displayName, pool: c.owner.poolTeamId !== null });
  }

  const groups = new Map<string, PlannedCustomer>();
  const errorLines = new Set<number>();
  for (const row of rows) {
    const v = row.values;
    const name = (v.name ?? '').trim();
    const bad = (m: string) => {
      err(row.line, m);
      errorLines.add(row.line);
    };
    if (!name) {
      bad(zh ? '缺少客户名称' : 'no customer name');
      continue;
    }
    const tooLong = (Object.keys(LIMITS) as Array<keyof typeof LIMITS>).find((f) => (f === 'name' ? name : v[f as keyof typeof v] ?? '').length > LIMITS[f]);
    if (tooLong) {
      bad(zh ? `${tooLong} 太长（最多 ${LIMITS[tooLong]} 字）` : `${tooLong} too long (max ${LIMITS[tooLong]})`);
      continue;
    }
    if (v.phone && /[a-z]/i.test(v.phone.replace(/ext|转/gi, ''))) {
      bad(zh ? `电话“${v.phone}”不像电话号码` : `phone "${v.phone}" is not a phone number`);
      continue;
    }
    let owner: { id: string; name: string };
    const ownerCell = v.owner?.trim();
    if (ownerCell && /^(公海|public pool|pool)(·.*)?$/i.test(ownerCell)) {
      if (!poolOwner) {
        bad(zh ? '负责人为“公海”，但没有指定团队（--team）' : 'owner is the pool but no team was given (--team)');
        continue;
      }
      owner = poolOwner;
    } else if (ownerCell) {
      const r = resolvePerson(ownerCell);
      if (!r.ok) {
        bad(r.why);
        continue;
      }
      if (o.actor.role === 'REP' && r.p.id !== o.actor.id) {
        bad(zh ? '销售只能导入自己的客户' : 'reps can only import their own customers');
        continue;
      }
      owner = { id: r.p.id, name: r.p.displayName };
    } else if (fallback && !fallbackError) {
      owner = fallback;
    } else {
      bad(fallbackError ?? (zh ? '缺少负责人（或用 --owner 指定默认负责人）' : 'no owner (or give a default with --owner)'));
      continue;
    }

    const key = customerKey(name);
    const contact: PlannedContact | null = v.contact
      ? { name: v.contact.trim(), title: v.title ?? null, phone: v.phone ?? null, wechat: v.wechat ?? null, role: contactRole(v.role ?? v.title) }
      : null;
    if (!contact && (v.title || v.phone || v.wechat)) warn(row.line, zh ? '有电话/职务但没有联系人姓名，已忽略这些联系方式' : 'phone/title without a contact name: ignored');
    const gk = `${owner.id}|${key}`;
    const group = groups.get(gk);
    if (group) {
      // Another contact row of the same customer.
      group.lines.push(row.line);
      for (const f of ['level', 'industry', 'source'] as const) {
        const val = v[f] ?? null;
        if (val && group[f] && group[f] !== val) warn(row.line, zh ? `${f} 与第 ${group.lines[0]} 行不同（保留“${group[f]}”）` : `${f} differs from line ${group.lines[0]} (kept "${group[f]}")`);
        if (val && !group[f]) group[f] = val;
      }
      if (contact && !group.contacts.some((c) => c.name === contact.name)) group.contacts.push(contact);
      continue;
    }
    const existingId = owned.get(gk) ?? null;
    const conflicts = existingId ? [] : index.conflicts(key, owner.id);
    const planned: PlannedCustomer = {
      key,
      name,
      ownerId: owner.id,
      ownerName: owner.name,
      lines: [row.line],
      level: v.level ?? null,
      industry: v.industry ?? null,
      source: v.source ?? null,
      contacts: contact ? [contact] : [],
      existingId,
      conflicts,
      action: existingId ? 'update' : 'create',
    };
    if (conflicts.length) {
      const who = conflicts.map((c) => (c.line ? (zh ? `第 ${c.line} 行 ${c.ownerName} 的“${c.name}”` : `line ${c.line}: "${c.name}" of ${c.ownerName}`) : c.pool ? (zh ? `公海里的“${c.name}”` : `"${c.name}" in the pool`) : zh ? `${c.ownerName} 的“${c.name}”` : `"${c.name}" of ${c.ownerName}`)).join(zh ? '、' : ', ');
      warn(row.line, zh ? `撞单：与 ${who} 疑似同一客户${o.allowDuplicates ? '（仍会导入）' : '，将跳过'}` : `duplicate: looks like ${who}${o.allowDuplicates ? ' (imported anyway)' : '; skipped'}`);
      if (!o.allowDuplicates) planned.action = 'skip';
    }
    groups.set(gk, planned);
    if (planned.action !== 'skip' && !existingId) index.add({ id: null, name, key, ownerId: owner.id, ownerName: owner.name, pool: owner.id === poolOwner?.id, line: row.line });
  }

  const customers = [...groups.values()];
  await markUnchanged(db, customers);
  const count = (a: PlanAction) => customers.filter((c) => c.action === a).length;
  return {
    sheet,
    rows: rows.length,
    customers,
    issues: issues.sort((a, b) => a.line - b.line),
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      duplicates: count('skip'),
      errorRows: errorLines.size,
      contacts: customers.filter((c) => c.action === 'create' || c.action === 'update').reduce((n, c) => n + c.contacts.length, 0),
    },
  };
}

/** Existing customers whose empty fields and contacts the file would not change. */
async function markUnchanged(db: Tx, customers: PlannedCustomer[]) {
  const existing = customers.filter((c) => c.existingId);
  for (let i = 0; i < existing.length; i += 1000) {
    const chunk = existing.slice(i, i + 1000);
    const rows = await db.customer.findMany({
      where: { id: { in: chunk.map((c) => c.existingId!) } },
      select: { id: true, level: true, industry: true, source: true, contacts: { select: { name: true, title: true, phone: true, wechat: true } } },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const c of chunk) {
      const r = byId.get(c.existingId!);
      if (!r) continue;
      const fills = (['level', 'industry', 'source'] as const).some((f) => c[f] && !r[f]);
      const contactChange = c.contacts.some((p) => {
        const have = r.contacts.find((x) => x.name === p.name);
        return !have || (p.title && !have.title) || (p.phone && !have.phone) || (p.wechat && !have.wechat);
      });
      if (!fills && !contactChange) c.action = 'unchanged';
    }
  }
}

/** The dry-run report: totals, then the problems row by row (errors first in each row). */
export function formatPlan(plan: ImportPlan, lang: Lang, maxIssues = 50): string {
  const zh = lang === 'zh';
  const c = plan.counts;
  const head = zh
    ? `工作表“${plan.sheet}”：${plan.rows} 行 → 新建 ${c.create} 个客户、补充 ${c.update} 个已有客户、${c.unchanged} 个已有且无变化、撞单跳过 ${c.duplicates} 个、${c.errorRows} 行有错误（不导入）；联系人 ${c.contacts} 个。`
    : `Sheet "${plan.sheet}": ${plan.rows} rows → ${c.create} new customers, ${c.update} existing to fill in, ${c.unchanged} existing unchanged, ${c.duplicates} duplicates skipped, ${c.errorRows} rows with errors (not imported); ${c.contacts} contacts.`;
  const lines = plan.issues.slice(0, maxIssues).map((i) => `${zh ? '第' : 'line '}${i.line}${zh ? '行' : ''} ${i.severity === 'error' ? '❌' : '⚠️'} ${i.message}`);
  if (plan.issues.length > maxIssues) lines.push(zh ? `…另有 ${plan.issues.length - maxIssues} 条` : `…and ${plan.issues.length - maxIssues} more`);
  return [head, ...lines].join('\n');
}
