// Tasks are the rep's next steps. `dueLabel` keeps the rep's own words (明天, 下周二前) so that
// reminders can echo them; `dueAt` is the resolved instant the schedulers act on.
import type { Task } from '../generated/prisma/client.js';
import type { ParsedNextStep } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';

export async function createTasks(
  db: Tx,
  input: {
    assigneeId: string;
    customerId: string | null;
    inboundId: string;
    steps: ParsedNextStep[];
    /** Per step, when steps go to different people (a manager's "让张三…"); default assigneeId. */
    assigneeIds?: string[];
    /** Who asked, when not the assignee: told when the task is done. */
    assignedById?: string;
  },
  log: ChangeLog,
): Promise<Task[]> {
  const out: Task[] = [];
  for (const [i, s] of input.steps.entries()) {
    const assigneeId = input.assigneeIds?.[i] ?? input.assigneeId;
    const task = await db.task.create({
      data: {
        title: s.title.slice(0, 500),
        dueAt: s.dueAt ? new Date(s.dueAt) : null,
        dueLabel: s.dueLabel,
        assigneeId,
        assignedById: input.assignedById && input.assignedById !== assigneeId ? input.assignedById : null,
        customerId: input.customerId,
        inboundId: input.inboundId,
      },
    });
    log.created('task', task.id);
    out.push(task);
  }
  return out;
}

export async function openTasksFor(db: Tx, assigneeId: string, limit = 50) {
  return db.task.findMany({
    where: { assigneeId, status: 'OPEN' },
    include: { customer: { select: { name: true } } },
    // Undated tasks last: Postgres sorts NULL last for ASC by default.
    orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }],
    take: limit,
  });
}

export async function completeTask(db: Tx, taskId: string, userId: string, now: Date): Promise<Task | null> {
  const task = await db.task.findFirst({ where: { id: taskId, assigneeId: userId } });
  if (!task) return null;
  if (task.status === 'DONE') return task;
  return db.task.update({ where: { id: task.id }, data: { status: 'DONE', completedAt: now } });
}

/** Pushes a task to `until` (e.g. tomorrow 09:00) and clears the reminder so it fires again. */
export async function snoozeTask(db: Tx, taskId: string, userId: string, until: Date): Promise<Task | null> {
  const task = await db.task.findFirst({ where: { id: taskId, assigneeId: userId, status: 'OPEN' } });
  if (!task) return null;
  return db.task.update({ where: { id: task.id }, data: { dueAt: until, remindedAt: null } });
}
