// Next-step reminders and the morning digest. Pure reads: they return the pushes to enqueue and
// the scheduler records them. Fuzzy labels (明天, 本周内…) were resolved to Task.dueAt by the
// parser; here only dueAt counts, and dueLabel is echoed back to the rep.
import type { ActionButton, OutboundMessage } from './pushes/outbound.js';
import { outsideQuietHours } from '../schedulers/config.js';
import type { Tx } from './context.js';
import { langOf, type Lang } from './i18n.js';
import type { PlannedPush } from './pushes/types.js';
import { teamMembers, teamSettingsMemo, userRecipient, validTz, type TeamCtx } from './pushes/team.js';
import { daysBetween, DEFAULT_TZ, formatShort, localDateKey, startOfLocalDay } from './time.js';

/** A reminder labelled 今晚/tonight is delivered at its due time even inside quiet hours. */
export function isTonightLabel(label: string | null | undefined): boolean {
  return !!label && /今晚|今天晚上|tonight/i.test(label);
}

export function reminderButtons(taskId: string, lang: Lang): ActionButton[] {
  return [
    { label: lang === 'zh' ? '完成' : 'Done', action: 'task_done', targetId: taskId },
    { label: lang === 'zh' ? '推迟到明天' : 'Snooze', action: 'task_snooze', targetId: taskId },
  ];
}

export function reminderPeriodKey(taskId: string, dueAt: Date): string {
  return `task:${taskId}:${dueAt.toISOString()}`;
}

export interface ReminderOptions {
  /** Zone for users without a team. */
  defaultTz?: string;
  /** Only tasks of these users (CLI/tests); default everyone. */
  userIds?: string[];
}

/**
 * Reminders for OPEN tasks that have fallen due (dueAt <= now) and were not reminded for this
 * due time yet. A task that fell due longer ago than the team's reminderLookbackHours gets no
 * reminder of its own (after an outage we do not flood reps) — the morning digest lists it.
 * A due time inside quiet hours is held to their end, unless the label says 今晚/tonight.
 */
export async function dueReminders(db: Tx, now: Date, opts: ReminderOptions = {}): Promise<PlannedPush[]> {
  const maxLookbackH = 24 * 7;
  const tasks = await db.task.findMany({
    where: {
      status: 'OPEN',
      remindedAt: null,
      dueAt: { lte: now, gte: new Date(now.getTime() - maxLookbackH * 3_600_000) },
      assignee: { active: true },
      ...(opts.userIds ? { assigneeId: { in: opts.userIds } } : {}),
    },
    include: { assignee: { include: { team: true } }, customer: { select: { name: true } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
  });
  const out: PlannedPush[] = [];
  const settingsOf = teamSettingsMemo();
  for (const task of tasks) {
    const team = task.assignee.team;
    const tz = validTz(team?.timezone, opts.defaultTz ?? DEFAULT_TZ);
    const settings = settingsOf(team);
    if (settings.disabled.includes('reminders')) continue;
    const dueAt = task.dueAt!;
    if (now.getTime() - dueAt.getTime() > settings.reminderLookbackHours * 3_600_000) continue;
    const lang = langOf(task.assignee.locale);
    const quiet = isTonightLabel(task.dueLabel) ? null : settings.quietHours;
    const notBefore = outsideQuietHours(dueAt, tz, quiet);
    const zh = lang === 'zh';
    const who = task.customer ? ` · ${task.customer.name}` : '';
    const label = task.dueLabel ? `（${task.dueLabel}）` : '';
    const text = zh
      ? `⏰ 待办提醒：${task.title}${who}\n时间：${formatShort(dueAt, lang, tz)}${label}`
      : `⏰ Reminder: ${task.title}${who}\nDue: ${formatShort(dueAt, lang, tz)}${task.dueLabel ? ` (${task.dueLabel})` : ''}`;
    out.push({
      kind: 'reminder',
      recipient: userRecipient(task.assigneeId),
      recipientName: task.assignee.displayName,
      periodKey: reminderPeriodKey(task.id, dueAt),
      message: { text, buttons: reminderButtons(task.id, lang) },
      notBefore,
      tz,
      quiet,
      taskId: task.id,
      taskDueAt: dueAt,
    });
  }
  return out;
}

/** The digest for one user, or null when there is nothing to say. */
export async function buildDigest(
  db: Tx,
  now: Date,
  user: { id: string; displayName: string; lang: Lang },
  tz: string,
): Promise<OutboundMessage | null> {
  const lang = user.lang;
  const zh = lang === 'zh';
  const tomorrow = startOfLocalDay(now, tz, 1);
  const [overdue, today, hot] = await Promise.all([
    db.task.findMany({ where: { assigneeId: user.id, status: 'OPEN', dueAt: { lt: now } }, include: { customer: { select: { name: true } } }, orderBy: { dueAt: 'asc' }, take: 30 }),
    db.task.findMany({ where: { assigneeId: user.id, status: 'OPEN', dueAt: { gte: now, lt: tomorrow } }, include: { customer: { select: { name: true } } }, orderBy: { dueAt: 'asc' }, take: 30 }),
    db.customer.findMany({ where: { ownerId: user.id, hot: true, lifecycle: { not: 'LOST' } }, orderBy: [{ lastContactAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }], take: 30 }),
  ]);
  if (!overdue.length && !today.length && !hot.length) return null;
  const task = (t: (typeof overdue)[number]) => `${t.title}${t.customer ? ` · ${t.customer.name}` : ''} · ${formatShort(t.dueAt!, lang, tz)}${t.dueLabel ? `（${t.dueLabel}）` : ''}`;
  const lines: string[] = [zh ? `☀️ 早上好，${user.displayName}！今日待办摘要` : `☀️ Good morning, ${user.displayName}! Your day`];
  if (overdue.length) {
    lines.push(zh ? `⚠️ 已逾期（${overdue.length}）` : `⚠️ Overdue (${overdue.length})`);
    lines.push(...overdue.map((t) => `  • ${task(t)}`));
  }
  if (today.length) {
    lines.push(zh ? `📋 今天（${today.length}）` : `📋 Today (${today.length})`);
    lines.push(...today.map((t) => `  • ${task(t)}`));
  }
  if (hot.length) {
    lines.push(zh ? `🔥 热点客户（${hot.length}）` : `🔥 Hot customers (${hot.length})`);
    lines.push(...hot.map((c) => `  • ${c.name}${c.hotNote ? ` · ${c.hotNote}` : ''} · ${sinceContact(c.lastContactAt, now, lang)}`));
  }
  return { text: lines.join('\n') };
}

export function sinceContact(last: Date | null, now: Date, lang: Lang): string {
  if (!last) return lang === 'zh' ? '从未联系' : 'never contacted';
  const d = daysBetween(last, now);
  return lang === 'zh' ? `${d}天未联系` : `${d} day${d === 1 ? '' : 's'} since contact`;
}

/** Morning digest for every active member of the team (overdue + today's tasks + hot customers). */
export async function morningDigests(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const out: PlannedPush[] = [];
  const date = localDateKey(now, team.tz);
  for (const m of await teamMembers(db, team.id)) {
    const message = await buildDigest(db, now, m, team.tz);
    if (!message) continue;
    out.push({ kind: 'digest', recipient: userRecipient(m.id), recipientName: m.displayName, periodKey: `digest:${date}`, message, tz: team.tz, quiet: team.settings.quietHours });
  }
  return out;
}
