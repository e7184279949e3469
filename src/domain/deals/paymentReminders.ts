// 回款计划 reminders, run every morning (every day: money falls due on weekends too) for the
// customers of each team's members, about plans with something still unpaid:
//  • `paymentReminderDays` (3) days or fewer before the due date: once, to the customer's owner;
//  • on the due date: once, to the owner;
//  • the first run after the due date passed unpaid (up to 30 days late): once, to the owner and
//    their manager(s).
// The unpaid part is derived from the contract's payments (paymentPlans.ts), so a plan paid in
// the meantime is simply not reminded.
import type { Tx } from '../context.js';
import { fmtMoney, type Lang } from '../i18n.js';
import type { PlannedPush, PushKind } from '../pushes/types.js';
import { managersOf, teamMembers, userRecipient, type TeamCtx } from '../pushes/team.js';
import { daysBetween, formatDate, startOfLocalDay } from '../time.js';
import { listPlans, type PlanRow } from './paymentPlans.js';

const OVERDUE_LOOKBACK_DAYS = 30;

function text(kind: PushKind, p: PlanRow, lang: Lang, tz: string, now: Date, forManager = false): string {
  const zh = lang === 'zh';
  const what = `${p.customer}${p.label ? ` ${p.label}` : ''} ${fmtMoney(p.unpaid, lang, p.currency)}`;
  const due = formatDate(p.dueAt, lang, tz);
  if (kind === 'payment_upcoming') {
    const days = daysBetween(startOfLocalDay(now, tz), startOfLocalDay(p.dueAt, tz));
    return zh ? `💵 回款提醒：${what} 将于 ${due} 到期（还有 ${days} 天），记得跟客户确认付款安排。` : `💵 Payment coming up: ${what} is due on ${due} (in ${days} days). Confirm the payment with the customer.`;
  }
  if (kind === 'payment_due') return zh ? `💵 今天到期：${what}（${due}）。收到后告诉我“${p.customer}回款…”。` : `💵 Due today: ${what} (${due}). Tell me when it arrives.`;
  const late = daysBetween(p.dueAt, now);
  if (forManager) return zh ? `⚠️ ${p.owner} 的回款逾期：${what}，应于 ${due} 回款，已逾期 ${late} 天。` : `⚠️ ${p.owner}'s payment is overdue: ${what}, due ${due}, ${late} days late.`;
  return zh ? `⚠️ 回款逾期：${what} 应于 ${due} 回款，已逾期 ${late} 天，请尽快跟进。` : `⚠️ Payment overdue: ${what} was due on ${due}, ${late} days late. Please follow up.`;
}

export async function paymentReminders(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const members = await teamMembers(db, team.id);
  if (!members.length) return [];
  const byId = new Map(members.map((m) => [m.id, m]));
  const today = startOfLocalDay(now, team.tz);
  const tomorrow = startOfLocalDay(now, team.tz, 1);
  const horizon = startOfLocalDay(now, team.tz, team.settings.paymentReminderDays + 1);
  const plans = await listPlans(db, { userIds: members.map((m) => m.id), dueFrom: new Date(today.getTime() - OVERDUE_LOOKBACK_DAYS * 86_400_000), dueBefore: horizon, openOnly: true, limit: 1000 });
  const out: PlannedPush[] = [];
  const base = { tz: team.tz, quiet: team.settings.quietHours };
  for (const p of plans) {
    const owner = byId.get(p.ownerId);
    if (!owner) continue;
    const kind: PushKind = p.dueAt < today ? 'payment_overdue' : p.dueAt < tomorrow ? 'payment_due' : 'payment_upcoming';
    const periodKey = `plan:${p.id}:${p.dueAt.toISOString()}`;
    out.push({ ...base, kind, recipient: userRecipient(owner.id), recipientName: owner.displayName, periodKey, message: { text: text(kind, p, owner.lang, team.tz, now) } });
    if (kind !== 'payment_overdue') continue;
    for (const m of await managersOf(db, owner)) {
      if (m.id === owner.id) continue;
      out.push({ ...base, kind, recipient: userRecipient(m.id), recipientName: m.displayName, periodKey, message: { text: text(kind, p, m.lang, team.tz, now, true) } });
    }
  }
  return out;
}
