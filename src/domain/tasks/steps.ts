// Closing and moving a rep's own task from chat, written through the message's change log so
// that "撤销" reopens the task or puts the old due time back. (The card buttons in assistant.ts
// use tasks.ts without a message; these are the typed equivalents.)
import type { Task } from '../../generated/prisma/client.js';
import { findTimeExprs, resolveTime } from '../../intents/rules/dates.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';

export async function finishTask(db: Tx, task: Task, now: Date, log: ChangeLog): Promise<void> {
  if (task.status !== 'OPEN') return;
  log.updated('task', task.id, { status: task.status, completedAt: task.completedAt });
  await db.task.update({ where: { id: task.id }, data: { status: 'DONE', completedAt: now } });
}

/** A new due time clears the reminder mark so the reminder fires again at the new time. */
export async function moveTask(db: Tx, task: Task, dueAt: Date, dueLabel: string, log: ChangeLog): Promise<void> {
  log.updated('task', task.id, { dueAt: task.dueAt, dueLabel: task.dueLabel, remindedAt: task.remindedAt });
  await db.task.update({ where: { id: task.id }, data: { dueAt, dueLabel: dueLabel.slice(0, 100), remindedAt: null } });
}

// Words that may surround a time without changing it: "推迟到周五吧", "延期到明天下午再说".
const FILLER = /^[\s，,。.!！~～]*(?:吧|再说|再做|再办|再弄|再跟进|再处理|左右|then|please)?[\s，,。.!！~～]*$/i;

/**
 * The moment a whole phrase names ("周五", "下周一上午10点", "next Tuesday"), with the parser's
 * fuzzy future rules (intents/rules/dates.ts); null when the phrase is not just a time.
 */
export function parseDueTime(phrase: string, now: Date, tz: string): { at: Date; label: string } | null {
  const exprs = findTimeExprs(phrase);
  if (exprs.length !== 1) return null;
  const e = exprs[0];
  if (e.pastOnly) return null;
  if (!FILLER.test(phrase.slice(0, e.start)) || !FILLER.test(phrase.slice(e.end))) return null;
  const at = resolveTime(e, 'future', { now, tz });
  if (!at) return null;
  return { at, label: e.label };
}
