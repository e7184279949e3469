// Tasks are the rep's next steps. `dueLabel` keeps the rep's own words (明天, 下周二前) so that
// reminders can echo them; `dueAt` is the resolved instant the schedulers act on.
import { Prisma, type Task } from '../generated/prisma/client.js';
import { newId } from '../db/ids.js';
import type { ParsedNextStep } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';

export interface TaskInput {
  assigneeId: string;
  customerId: string | null;
  inboundId: string;
  steps: ParsedNextStep[];
  /** Per step, when steps go to different people (a manager's "让张三…"); default assigneeId. */
  assigneeIds?: string[];
  /** Who asked, when not the assignee: told when the task is done. */
  assignedById?: string;
}

/**
 * A message's tasks as rows made here — ids (db/ids.ts, increasing in the order of the steps) and
 * the schema's defaults, so no RETURNING is needed — and the one INSERT that writes them all. The
 * insert can ride along with another statement of the message (createActivity's `alsoWrite`).
 * Null for no steps.
 */
export function taskRows(input: TaskInput): { tasks: Task[]; insert: Prisma.Sql } | null {
  if (!input.steps.length) return null;
  const createdAt = new Date();
  const tasks: Task[] = input.steps.map((s, i) => {
    const assigneeId = input.assigneeIds?.[i] ?? input.assigneeId;
    return {
      id: newId(), title: s.title.slice(0, 500), dueAt: s.dueAt ? new Date(s.dueAt) : null, dueLabel: s.dueLabel ?? null, status: 'OPEN',
      assigneeId, assignedById: input.assignedById && input.assignedById !== assigneeId ? input.assignedById : null,
      customerId: input.customerId, inboundId: input.inboundId, remindedAt: null, completedAt: null, createdAt,
    };
  });
  const values = tasks.map((t) => Prisma.sql`(${t.id}, ${t.title}, ${t.dueAt}::timestamp, ${t.dueLabel}::text, 'OPEN'::"TaskStatus",
      ${t.assigneeId}, ${t.assignedById}::text, ${t.customerId}::text, ${t.inboundId}, ${t.createdAt}::timestamp)`);
  return {
    tasks,
    insert: Prisma.sql`INSERT INTO "Task" (id, title, "dueAt", "dueLabel", status, "assigneeId", "assignedById", "customerId", "inboundId", "createdAt")
    VALUES ${Prisma.join(values)}`,
  };
}

/** Writes taskRows' rows in one statement (a step is in most messages, issue 15) and logs them. */
export async function createTasks(db: Tx, input: TaskInput, log: ChangeLog): Promise<Task[]> {
  const made = taskRows(input);
  if (!made) return [];
  return writeTaskRows(db, made, log, false);
}

/** taskRows' rows logged, and inserted unless another statement of the message already did (`written`). */
export async function writeTaskRows(db: Tx, made: { tasks: Task[]; insert: Prisma.Sql }, log: ChangeLog, written: boolean): Promise<Task[]> {
  if (!written) await db.$executeRaw(made.insert);
  for (const task of made.tasks) log.created('task', task.id);
  return made.tasks;
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
