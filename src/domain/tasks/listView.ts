// Which task a rep means when they answer a list or a reminder without naming it: "完成 2" is the
// task that was number 2 in the last list the bot sent them (stored in TaskListView when the list
// is sent, so tasks added or closed since do not shift the numbers), and "推迟到周五" with no
// number is the task the latest reminder or one-item list was about.
import type { Task } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { formatShort } from '../time.js';
import type { Lang } from '../i18n.js';

/** How long "the task we were just talking about" stays the implied one. */
const CONTEXT_MS = 24 * 3_600_000;

export type OpenTask = Task & { customer: { name: string } | null };

/** Records the numbering of a list just sent to `userId` (1 = taskIds[0]). */
export async function rememberTaskList(db: Tx, userId: string, taskIds: string[], now: Date): Promise<void> {
  await db.taskListView.upsert({ where: { userId }, create: { userId, taskIds, at: now }, update: { taskIds, at: now } });
}

export type NumberedTask =
  | { ok: true; task: OpenTask }
  | { ok: false; reason: 'no_list' | 'out_of_range' | 'not_open'; task?: Task; size?: number };

/** The task number `n` of the user's last list pointed at, if it is still theirs and open. */
export async function taskByNumber(db: Tx, userId: string, n: number): Promise<NumberedTask> {
  const view = await db.taskListView.findUnique({ where: { userId } });
  if (!view || !view.taskIds.length) return { ok: false, reason: 'no_list' };
  if (n < 1 || n > view.taskIds.length) return { ok: false, reason: 'out_of_range', size: view.taskIds.length };
  const task = await db.task.findFirst({ where: { id: view.taskIds[n - 1], assigneeId: userId }, include: { customer: { select: { name: true } } } });
  if (!task || task.status !== 'OPEN') return { ok: false, reason: 'not_open', task: task ?? undefined };
  return { ok: true, task };
}

/**
 * The task the conversation is about when no number was given: the one of the latest reminder
 * or assignment push, or of a one-item list, whichever came last within a day. Null when the
 * latest thing sent was a longer list (the rep must say which) or nothing recent.
 */
export async function taskInContext(db: Tx, userId: string, now: Date): Promise<OpenTask | null> {
  const since = new Date(now.getTime() - CONTEXT_MS);
  const [view, push] = await Promise.all([
    db.taskListView.findUnique({ where: { userId } }),
    db.push.findFirst({
      where: { recipient: `user:${userId}`, kind: { in: ['reminder', 'task_assigned'] }, status: 'SENT', sentAt: { gte: since, lte: now } },
      orderBy: { sentAt: 'desc' },
    }),
  ]);
  const listAt = view && view.at >= since ? view.at : null;
  let id: string | null = null;
  if (push && (!listAt || push.sentAt! > listAt)) id = taskIdOfPush(push.periodKey);
  else if (listAt && view!.taskIds.length === 1) id = view!.taskIds[0];
  if (!id) return null;
  return db.task.findFirst({ where: { id, assigneeId: userId, status: 'OPEN' }, include: { customer: { select: { name: true } } } });
}

/** reminders.ts keys reminders "task:<id>:<due>", assignments "task-assigned:<id>". */
function taskIdOfPush(periodKey: string): string | null {
  return /^task(?:-assigned)?:([^:]+)/.exec(periodKey)?.[1] ?? null;
}

/** One numbered line of a task list, as "我的待办" shows it. */
export function taskLine(task: OpenTask, i: number, lang: Lang, tz: string, now: Date): string {
  const overdue = task.dueAt && task.dueAt < now ? (lang === 'zh' ? ' ⏰已逾期' : ' ⏰overdue') : '';
  const due = task.dueAt ? formatShort(task.dueAt, lang, tz) : lang === 'zh' ? '未定时间' : 'no date';
  const who = task.customer ? ` · ${task.customer.name}` : '';
  const label = task.dueLabel ? (lang === 'zh' ? `（${task.dueLabel}）` : ` (${task.dueLabel})`) : '';
  return `${i + 1}. ${task.title}${who} · ${due}${label}${overdue}`;
}

/** Sends (returns) a numbered list and remembers its numbering for "完成 N" / "第N条推迟到…". */
export async function numberedList(db: Tx, userId: string, tasks: OpenTask[], lang: Lang, tz: string, now: Date): Promise<string> {
  await rememberTaskList(db, userId, tasks.map((k) => k.id), now);
  return tasks.map((k, i) => taskLine(k, i, lang, tz, now)).join('\n');
}
