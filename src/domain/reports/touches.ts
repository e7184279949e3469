// "Which customers did each rep work on, and what came of it" — the content of 日报, 周报/月报 and
// "这周大家都做了什么". Per rep and customer in a period: the follow-ups (count, types, the latest
// summary in the rep's words) and the outcomes (new deal, stage moved on or back, won money,
// lost with its reason, payment received). Read from the records; nothing is re-entered. Each
// amount keeps its own currency ("新商机 $80,000"): a deal's, a contract's, a payment's contract's.
import type { ActivityType } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { ACTIVITY_LABEL, fmtMoney, type Lang } from '../i18n.js';
import { getStages, stageIndex, stageLabel } from '../stages.js';
import { truncate } from '../analytics/table.js';
import { num } from '../analytics/sql.js';
import { wonDealsSql } from '../deals/won.js';

export type Outcome =
  | { kind: 'new'; amount: number | null; currency: string }
  | { kind: 'advanced'; stage: string }
  | { kind: 'back'; stage: string }
  | { kind: 'won'; amount: number; currency: string }
  | { kind: 'lost'; reason: string | null }
  | { kind: 'paid'; amount: number; currency: string };

export interface CustomerTouch {
  customerId: string;
  name: string;
  activities: number;
  types: ActivityType[];
  /** The latest follow-up's summary in the period, or null when only outcomes happened. */
  summary: string | null;
  outcomes: Outcome[];
  /** Latest event in the period (for ordering). */
  lastAt: Date;
}

/** userId -> customers touched in [start, end), most recent first. */
export async function touchesByUser(db: Tx, userIds: string[], start: Date, end: Date): Promise<Map<string, CustomerTouch[]>> {
  const out = new Map<string, Map<string, CustomerTouch>>();
  if (!userIds.length) return new Map();
  const range = { gte: start, lt: end };
  const [acts, moves, won, lost, paid] = await Promise.all([
    db.activity.findMany({
      where: { authorId: { in: userIds }, occurredAt: range, customerId: { not: null } },
      select: { authorId: true, customerId: true, type: true, summary: true, occurredAt: true, customer: { select: { name: true } } },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    }),
    db.stageChange.findMany({
      where: { changedAt: range, opportunity: { ownerId: { in: userIds } } },
      select: { opportunityId: true, fromStage: true, toStage: true, changedAt: true, opportunity: { select: { ownerId: true, customerId: true, amount: true, currency: true, customer: { select: { name: true } } } } },
      orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
    }),
    db.$queryRaw<Array<{ ownerId: string; customerId: string; name: string; amount: unknown; currency: string; at: Date }>>(Prisma.sql`
      SELECT w."ownerId", w."customerId", cu.name, w.amount::text AS amount, w.currency, w.at
        FROM (${wonDealsSql({ userIds, start, end })}) w JOIN "Customer" cu ON cu.id = w."customerId"
       ORDER BY w.at ASC, w.id ASC`),
    db.opportunity.findMany({
      where: { ownerId: { in: userIds }, status: 'LOST', closedAt: range },
      select: { ownerId: true, customerId: true, lostReason: true, closedAt: true, customer: { select: { name: true } } },
    }),
    db.payment.findMany({
      where: { receivedAt: range, customer: { ownerId: { in: userIds } } },
      select: { amount: true, receivedAt: true, customerId: true, customer: { select: { name: true, ownerId: true } }, contract: { select: { currency: true } } },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const touch = (userId: string, customerId: string, name: string, at: Date): CustomerTouch => {
    let byCustomer = out.get(userId);
    if (!byCustomer) out.set(userId, (byCustomer = new Map()));
    let t = byCustomer.get(customerId);
    if (!t) byCustomer.set(customerId, (t = { customerId, name, activities: 0, types: [], summary: null, outcomes: [], lastAt: at }));
    if (at > t.lastAt) t.lastAt = at;
    return t;
  };
  for (const a of acts) {
    const t = touch(a.authorId, a.customerId!, a.customer!.name, a.occurredAt);
    t.activities++;
    if (!t.types.includes(a.type)) t.types.push(a.type);
    t.summary = a.summary;
  }
  const stages = getStages();
  // Per deal only its last move of the period counts: "推进到报价", not every step on the way.
  const lastMove = new Map<string, (typeof moves)[number]>();
  for (const m of moves) if (m.fromStage !== null) lastMove.set(m.opportunityId, m);
  for (const m of moves) {
    const t = touch(m.opportunity.ownerId, m.opportunity.customerId, m.opportunity.customer.name, m.changedAt);
    const closes = stages.find((s) => s.key === m.toStage)?.closes;
    if (closes) continue; // won / lost are reported from the money and the loss below
    if (m.fromStage === null) {
      t.outcomes.push({ kind: 'new', amount: m.opportunity.amount === null ? null : Number(m.opportunity.amount), currency: m.opportunity.currency });
      continue;
    }
    if (lastMove.get(m.opportunityId) !== m) continue;
    const back = stageIndex(m.toStage, stages) < stageIndex(m.fromStage, stages);
    t.outcomes.push({ kind: back ? 'back' : 'advanced', stage: m.toStage });
  }
  for (const w of won) touch(w.ownerId, w.customerId, w.name, new Date(w.at)).outcomes.push({ kind: 'won', amount: num(w.amount), currency: w.currency });
  for (const l of lost) touch(l.ownerId, l.customerId, l.customer.name, l.closedAt!).outcomes.push({ kind: 'lost', reason: l.lostReason });
  for (const p of paid) touch(p.customer.ownerId, p.customerId, p.customer.name, p.receivedAt).outcomes.push({ kind: 'paid', amount: Number(p.amount), currency: p.contract?.currency ?? 'CNY' });
  return new Map(
    [...out].map(([u, m]) => [u, [...m.values()].sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || a.name.localeCompare(b.name, 'zh'))]),
  );
}

export function outcomeText(o: Outcome, lang: Lang): string {
  const zh = lang === 'zh';
  switch (o.kind) {
    case 'new':
      return zh ? `新商机${o.amount ? ` ${fmtMoney(o.amount, lang, o.currency)}` : ''}` : `new deal${o.amount ? ` ${fmtMoney(o.amount, lang, o.currency)}` : ''}`;
    case 'advanced':
      return zh ? `推进到${stageLabel(o.stage, lang)}` : `moved to ${stageLabel(o.stage, lang)}`;
    case 'back':
      return zh ? `退回${stageLabel(o.stage, lang)}` : `back to ${stageLabel(o.stage, lang)}`;
    case 'won':
      return zh ? `赢单 ${fmtMoney(o.amount, lang, o.currency)}` : `won ${fmtMoney(o.amount, lang, o.currency)}`;
    case 'lost':
      return zh ? `丢单${o.reason ? `（${truncate(o.reason, 30)}）` : ''}` : `lost${o.reason ? ` (${truncate(o.reason, 30)})` : ''}`;
    case 'paid':
      return zh ? `回款 ${fmtMoney(o.amount, lang, o.currency)}` : `collected ${fmtMoney(o.amount, lang, o.currency)}`;
  }
}

/** One line per customer: "• 方舟电子（拜访×2）：对报价有顾虑 → 推进到报价，赢单 110万元". */
export function touchLine(t: CustomerTouch, lang: Lang, summaryWidth = 40): string {
  const zh = lang === 'zh';
  const acts = t.activities
    ? zh
      ? `（${t.types.map((x) => ACTIVITY_LABEL[x].zh).join('、')}${t.activities > 1 ? `×${t.activities}` : ''}）`
      : ` (${t.types.map((x) => ACTIVITY_LABEL[x].en.toLowerCase()).join(', ')}${t.activities > 1 ? ` ×${t.activities}` : ''})`
    : '';
  const summary = t.summary ? truncate(t.summary.replace(/\s+/g, ' ').trim(), summaryWidth) : null;
  const outcomes = t.outcomes.map((o) => outcomeText(o, lang)).join(zh ? '，' : ', ');
  const body = [summary, outcomes ? `${summary ? '→ ' : ''}${outcomes}` : null].filter(Boolean).join(' ');
  return `• ${t.name}${acts}${body ? `${zh ? '：' : ': '}${body}` : ''}`;
}

/** The customer lines of one rep, at most `max`, then "…还有 N 家". */
export function touchLines(list: CustomerTouch[], lang: Lang, max = 10, summaryWidth = 40): string[] {
  const lines = list.slice(0, max).map((t) => touchLine(t, lang, summaryWidth));
  if (list.length > max) lines.push(lang === 'zh' ? `  …还有 ${list.length - max} 家客户` : `  …and ${list.length - max} more customers`);
  return lines;
}
