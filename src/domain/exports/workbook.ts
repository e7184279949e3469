// Export to .xlsx (exceljs streaming writer, so 100k rows do not sit in memory): customers,
// contacts, deals, follow-ups, tasks and payments, limited to what the actor may see (rep: own,
// manager: team tree, admin: all; optionally narrowed to one team or person). The customer sheet
// uses the import's column names, so an export can be edited and imported back.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { ACTIVITY_LABEL, CONTACT_ROLE_LABEL, GRADE_LABEL, LIFECYCLE_LABEL, QUALIFICATION_LABEL, type Lang } from '../i18n.js';
import { stageLabel } from '../stages.js';
import { toLocal } from '../time.js';
import { teamTreeIds, visibleUserIds } from '../users.js';
import { canManageTeam, fail, type Actor, type OpResult } from '../teams/actor.js';
import { findPerson, findTeam } from '../teams/lookup.js';

export interface ExportScope {
  /** User ids whose data is exported; null = everyone. */
  userIds: string[] | null;
  label: string;
}

export interface ExportCounts {
  customers: number;
  contacts: number;
  deals: number;
  activities: number;
  tasks: number;
  payments: number;
}

const PAGE = 2000;

/** The actor's scope, narrowed to a team or a person they may see when `subject` names one. */
export async function exportScope(db: Tx, actor: Actor, lang: Lang, subject: string | null): Promise<{ ok: true; scope: ExportScope } | { ok: false; result: OpResult }> {
  const zh = lang === 'zh';
  const all = await visibleUserIds(db, actor);
  const own = { ok: true as const, scope: { userIds: all, label: actor.role === 'ADMIN' ? (zh ? '全公司' : 'company') : actor.role === 'MANAGER' ? (zh ? '我的团队' : 'my-team') : actor.displayName } };
  if (!subject) return own;
  const team = await db.team.findFirst({ where: { name: { equals: subject.trim(), mode: 'insensitive' } } });
  if (team) {
    if (!(await canManageTeam(db, actor, team.id))) return { ok: false, result: fail(zh ? '你没有权限导出这个团队的数据。' : 'You cannot export that team.') };
    const members = await db.user.findMany({ where: { teamId: { in: await teamTreeIds(db, team.id) } }, select: { id: true } });
    return { ok: true, scope: { userIds: members.map((m) => m.id), label: team.name } };
  }
  const person = await findPerson(db, actor, subject, lang);
  if (!person.ok) {
    const t = await findTeam(db, subject, lang);
    return { ok: false, result: t.ok ? person.result : fail(zh ? `没有找到团队或同事“${subject}”。` : `No team or person called "${subject}".`) };
  }
  return { ok: true, scope: { userIds: [person.value.id], label: person.value.displayName } };
}

/** A wall-clock Date whose UTC fields are the local time in `tz` (Excel dates have no zone). */
function excelDate(d: Date | null | undefined, tz: string): Date | null {
  if (!d) return null;
  const l = toLocal(d, tz);
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second));
}

const num = (d: Prisma.Decimal | null | undefined) => (d === null || d === undefined ? null : Number(d.toString()));

interface SheetDef {
  name: Record<Lang, string>;
  columns: Array<{ header: Record<Lang, string>; width: number; date?: boolean }>;
}

const H = (zh: string, en: string, width = 14, date = false) => ({ header: { zh, en }, width, date });

const SHEETS = {
  customers: { name: { zh: '客户', en: 'Customers' }, columns: [H('客户名称', 'Customer', 24), H('负责人', 'Owner'), H('团队', 'Team'), H('级别', 'Level', 8), H('行业', 'Industry'), H('来源', 'Source'), H('生命周期', 'Lifecycle', 10), H('热点', 'Hot', 6), H('最近跟进', 'Last contact', 17, true), H('负责起始', 'Owner since', 17, true), H('创建时间', 'Created', 17, true)] },
  contacts: { name: { zh: '联系人', en: 'Contacts' }, columns: [H('客户名称', 'Customer', 24), H('负责人', 'Owner'), H('联系人', 'Contact'), H('职务', 'Title'), H('联系人角色', 'Role'), H('电话', 'Phone', 16), H('微信', 'WeChat')] },
  deals: { name: { zh: '商机', en: 'Deals' }, columns: [H('客户名称', 'Customer', 24), H('负责人', 'Owner'), H('商机', 'Deal', 20), H('阶段', 'Stage', 10), H('金额', 'Amount', 12), H('币种', 'Currency', 8), H('赢率%', 'Win %', 8), H('预计成交', 'Expected close', 17, true), H('状态', 'Status', 8), H('定性', 'Qualification', 10), H('定级', 'Grade', 8), H('创建时间', 'Created', 17, true), H('关闭时间', 'Closed', 17, true)] },
  activities: { name: { zh: '跟进记录', en: 'Activities' }, columns: [H('时间', 'When', 17, true), H('类型', 'Type', 8), H('客户名称', 'Customer', 24), H('记录人', 'By'), H('摘要', 'Summary', 40), H('原文', 'Original text', 60)] },
  tasks: { name: { zh: '待办', en: 'Tasks' }, columns: [H('待办', 'Task', 36), H('客户名称', 'Customer', 24), H('负责人', 'Assignee'), H('截止时间', 'Due', 17, true), H('状态', 'Status', 8), H('完成时间', 'Completed', 17, true), H('创建时间', 'Created', 17, true)] },
  payments: { name: { zh: '回款', en: 'Payments' }, columns: [H('客户名称', 'Customer', 24), H('负责人', 'Owner'), H('金额', 'Amount', 12), H('到账时间', 'Received', 17, true), H('合同金额', 'Contract amount', 14), H('签约时间', 'Signed', 17, true)] },
} satisfies Record<string, SheetDef>;

type SheetKey = keyof typeof SHEETS;

/** Pages through a table by id (stable under concurrent inserts, constant memory). */
async function* pages<T extends { id: string }>(fetch: (cursor: string | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  for (;;) {
    const rows = await fetch(cursor);
    if (!rows.length) return;
    yield rows;
    if (rows.length < PAGE) return;
    cursor = rows[rows.length - 1].id;
  }
}

const after = (cursor: string | null) => (cursor ? { id: { gt: cursor } } : {});

/** Writes the workbook to `target` (a file path or a stream). Returns the row counts. */
export async function writeExport(db: Tx, scope: ExportScope, lang: Lang, tz: string, target: { filename: string } | { stream: NodeJS.WritableStream }): Promise<ExportCounts> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ ...('filename' in target ? { filename: target.filename } : { stream: target.stream as never }), useStyles: true, useSharedStrings: false });
  wb.creator = '销售助手';
  const sheet = (key: SheetKey) => {
    const def: SheetDef = SHEETS[key];
    const ws = wb.addWorksheet(def.name[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = def.columns.map((c) => ({ header: c.header[lang], width: c.width, ...(c.date ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}) }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const d = (x: Date | null | undefined) => excelDate(x, tz);
  const ids = scope.userIds;
  const inScope = ids ? { in: ids } : undefined;
  const names = new Map((await db.user.findMany({ select: { id: true, displayName: true, team: { select: { name: true } } } })).map((u) => [u.id, u]));
  const who = (id: string | null | undefined) => (id ? names.get(id)?.displayName ?? '' : '');
  const counts: ExportCounts = { customers: 0, contacts: 0, deals: 0, activities: 0, tasks: 0, payments: 0 };
  const customerWhere = inScope ? { ownerId: inScope } : {};

  let ws = sheet('customers');
  for await (const rows of pages((c) => db.customer.findMany({ where: { ...customerWhere, ...after(c) }, orderBy: { id: 'asc' }, take: PAGE }))) {
    for (const c of rows) ws.addRow([c.name, who(c.ownerId), names.get(c.ownerId)?.team?.name ?? '', c.level, c.industry, c.source, LIFECYCLE_LABEL[c.lifecycle][lang], c.hot ? '🔥' : '', d(c.lastContactAt), d(c.ownerSince), d(c.createdAt)]).commit();
    counts.customers += rows.length;
  }
  ws.commit();

  ws = sheet('contacts');
  for await (const rows of pages((c) => db.contact.findMany({ where: { customer: customerWhere, ...after(c) }, orderBy: { id: 'asc' }, take: PAGE, include: { customer: { select: { name: true, ownerId: true } } } }))) {
    for (const p of rows) ws.addRow([p.customer.name, who(p.customer.ownerId), p.name, p.title, CONTACT_ROLE_LABEL[p.role][lang], p.phone, p.wechat]).commit();
    counts.contacts += rows.length;
  }
  ws.commit();

  ws = sheet('deals');
  for await (const rows of pages((c) => db.opportunity.findMany({ where: { ...(inScope ? { ownerId: inScope } : {}), ...after(c) }, orderBy: { id: 'asc' }, take: PAGE, include: { customer: { select: { name: true } } } }))) {
    for (const o of rows) {
      ws.addRow([o.customer.name, who(o.ownerId), o.title, stageLabel(o.stage, lang), num(o.amount), o.currency, o.probability, d(o.expectedCloseDate), o.status, QUALIFICATION_LABEL[o.qualification][lang], o.grade ? GRADE_LABEL[o.grade][lang] : null, d(o.createdAt), d(o.closedAt)]).commit();
    }
    counts.deals += rows.length;
  }
  ws.commit();

  ws = sheet('activities');
  for await (const rows of pages((c) => db.activity.findMany({ where: { ...(inScope ? { authorId: inScope } : {}), ...after(c) }, orderBy: { id: 'asc' }, take: PAGE, include: { customer: { select: { name: true } } } }))) {
    for (const a of rows) ws.addRow([d(a.occurredAt), ACTIVITY_LABEL[a.type][lang], a.customer?.name ?? '', who(a.authorId), a.summary, a.rawText]).commit();
    counts.activities += rows.length;
  }
  ws.commit();

  ws = sheet('tasks');
  for await (const rows of pages((c) => db.task.findMany({ where: { ...(inScope ? { assigneeId: inScope } : {}), ...after(c) }, orderBy: { id: 'asc' }, take: PAGE, include: { customer: { select: { name: true } } } }))) {
    for (const k of rows) ws.addRow([k.title, k.customer?.name ?? '', who(k.assigneeId), d(k.dueAt), k.status, d(k.completedAt), d(k.createdAt)]).commit();
    counts.tasks += rows.length;
  }
  ws.commit();

  ws = sheet('payments');
  const paymentWhere = inScope ? { OR: [{ customer: { ownerId: inScope } }, { contract: { ownerId: inScope } }] } : {};
  for await (const rows of pages((c) => db.payment.findMany({ where: { ...paymentWhere, ...after(c) }, orderBy: { id: 'asc' }, take: PAGE, include: { customer: { select: { name: true, ownerId: true } }, contract: true } }))) {
    for (const p of rows) ws.addRow([p.customer.name, who(p.contract?.ownerId ?? p.customer.ownerId), num(p.amount), d(p.receivedAt), num(p.contract?.amount), d(p.contract?.signedAt)]).commit();
    counts.payments += rows.length;
  }
  ws.commit();

  await wb.commit();
  return counts;
}

/** The export in memory (for chat, where the file goes through the outbox). */
export async function exportToBuffer(db: Tx, scope: ExportScope, lang: Lang, tz: string): Promise<{ bytes: Buffer; counts: ExportCounts }> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const counts = await writeExport(db, scope, lang, tz, { stream });
  stream.end();
  await done;
  return { bytes: Buffer.concat(chunks), counts };
}

export function exportFileName(label: string, now: Date, tz: string, lang: Lang): string {
  const l = toLocal(now, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  const safe = label.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${lang === 'zh' ? '销售数据' : 'sales-data'}-${safe}-${l.year}${p(l.month)}${p(l.day)}-${p(l.hour)}${p(l.minute)}.xlsx`;
}

export function formatCounts(c: ExportCounts, lang: Lang): string {
  return lang === 'zh'
    ? `客户 ${c.customers} · 联系人 ${c.contacts} · 商机 ${c.deals} · 跟进记录 ${c.activities} · 待办 ${c.tasks} · 回款 ${c.payments}`
    : `${c.customers} customers · ${c.contacts} contacts · ${c.deals} deals · ${c.activities} activities · ${c.tasks} tasks · ${c.payments} payments`;
}
