// Managers hand work to reps from chat: "让张三明天回访方舟电子" is a task assigned to 张三, who
// must be someone the sender may see (a rep can only assign to themself). The task is pushed to
// the assignee through the outbox in the same transaction, and when they complete it the sender
// hears back (deals/alerts.ts plans that report). The customer named is looked up among the
// assignee's customers, then the sender's visible ones — never created under the manager.
import type { Customer, Task, User } from '../../generated/prisma/client.js';
import type { ParsedNextStep } from '../../intents/schema.js';
import { parseTeamSettings } from '../../schedulers/config.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { customerKey } from '../customers.js';
import { langOf, type Lang } from '../i18n.js';
import { enqueuePlanned } from '../pushes/outbox.js';
import { userRecipient, validTz } from '../pushes/team.js';
import { reminderButtons } from '../reminders.js';
import { formatShort, DEFAULT_TZ } from '../time.js';
import { findVisibleUserByName, userNameExists, visibleUserIds } from '../users.js';
import { escapeLike } from '../text.js';

export type Assignee = Pick<User, 'id' | 'displayName' | 'locale' | 'teamId'>;

/**
 * The user each step is for: the sender unless the step names someone else. Fails (nothing may be
 * written) when a named colleague is outside the sender's scope or does not exist.
 */
export async function resolveAssignees(db: Tx, sender: User, steps: ParsedNextStep[], lang: Lang): Promise<{ ok: true; assignees: Assignee[] } | { ok: false; text: string }> {
  const out: Assignee[] = [];
  for (const s of steps) {
    const name = s.assignee?.trim();
    if (!name || name === sender.displayName || /^(?:我|我自己|me|myself)$/i.test(name)) {
      out.push(sender);
      continue;
    }
    const user = await findVisibleUserByName(db, sender, name);
    if (user?.active) {
      out.push(user);
      continue;
    }
    const zh = lang === 'zh';
    if (user || (await userNameExists(db, name))) {
      return { ok: false, text: zh ? `你不能给“${name}”安排待办（不在你可以管理的范围内）。没有记录任何内容。` : `You cannot assign tasks to "${name}" (outside the people you manage). Nothing was recorded.` };
    }
    return { ok: false, text: zh ? `没有找到名为“${name}”的同事，待办没有安排。没有记录任何内容。` : `There is nobody called "${name}", so no task was assigned. Nothing was recorded.` };
  }
  return { ok: true, assignees: out };
}

/** The customer an assigned task is about: the assignee's own first, then any the sender may see. */
export async function findCustomerForAssignee(db: Tx, sender: User, assigneeId: string, name: string): Promise<Customer | null> {
  const norm = customerKey(name);
  const scope = await visibleUserIds(db, sender);
  const mine = await db.customer.findMany({ where: { ownerId: assigneeId, normalizedName: { contains: escapeLike(norm) } }, take: 2 });
  if (mine.length === 1) return mine[0];
  const visible = await db.customer.findMany({ where: { ...(scope ? { ownerId: { in: scope } } : {}), normalizedName: norm }, take: 2 });
  return visible.length === 1 ? visible[0] : null;
}

/** Records the "you have a new task" push to the assignee, in the caller's transaction. */
export async function pushAssignment(db: Tx, task: Task, assignee: Assignee, sender: Pick<User, 'displayName'>, customerName: string | null, now: Date, log: ChangeLog): Promise<void> {
  const team = assignee.teamId ? await db.team.findUnique({ where: { id: assignee.teamId } }) : null;
  const tz = validTz(team?.timezone, DEFAULT_TZ);
  const settings = parseTeamSettings(team?.settings);
  const lang = langOf(assignee.locale);
  const zh = lang === 'zh';
  const who = customerName ? ` · ${customerName}` : '';
  const due = task.dueAt ? `${formatShort(task.dueAt, lang, tz)}${task.dueLabel ? (zh ? `（${task.dueLabel}）` : ` (${task.dueLabel})`) : ''}` : zh ? '未定时间' : 'no due date';
  const text = zh ? `📌 ${sender.displayName} 给你安排了待办：${task.title}${who}\n时间：${due}` : `📌 ${sender.displayName} assigned you a task: ${task.title}${who}\nDue: ${due}`;
  const periodKey = `task-assigned:${task.id}`;
  await enqueuePlanned(db, { kind: 'task_assigned', recipient: userRecipient(assignee.id), recipientName: assignee.displayName, periodKey, message: { text, buttons: reminderButtons(task.id, lang) }, tz, quiet: settings.quietHours }, now);
  const row = await db.push.findUnique({ where: { kind_recipient_periodKey: { kind: 'task_assigned', recipient: `user:${assignee.id}`, periodKey } }, select: { id: true } });
  if (row) log.created('push', row.id);
}

