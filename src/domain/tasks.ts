// Tasks are the rep's next steps. `dueLabel` keeps the rep's own words (明天, 下周二前) so that
// reminders can echo them; `dueAt` is the resolved instant the schedulers act on.
import { Prisma, type Task } from '../generated/prisma/client.js';
import { newId } from '../db/ids.js';
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
  if (!input.steps.length) return [];
  // One statement for all the steps, with ids made here (db/ids.ts): a step is in most messages,
  // and Prisma's model API costs more per call than the round trip (issue 15).
  const createdAt = new Date();
  const rows = input.steps.map((s, i) => {
    const assigneeId = input.assigneeIds?.[i] ?? input.assigneeId;
    const assignedById = input.assignedById && input.assignedById !== assigneeId ? input.assignedById : null;
    return Prisma.sql`(${newId()}, ${s.title.slice(0, 500)}, ${s.dueAt ? new Date(s.dueAt) : null}::timestamp, ${s.dueLabel}::text, 'OPEN'::"TaskStatus",
      ${assigneeId}, ${assignedById}::text, ${input.customerId}::text, ${input.inboundId}, ${createdAt}::timestamp)`;
  });
  const made = await db.$queryRaw<Task[]>(Prisma.sql`
    INSERT INTO "Task" (id, title, "dueAt", "dueLabel", status, "assigneeId", "assignedById", "customerId", "inboundId", "createdAt")
    VALUES ${Prisma.join(rows)} RETURNING *`);
  // In the order of the steps (ids made in that order increase).
  made.sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const task of made) log.created('task', task.id);
  return made;
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
