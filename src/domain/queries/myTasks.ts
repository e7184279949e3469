import type { IntentHandler } from '../handlerTypes.js';
import { openTasksFor } from '../tasks.js';
import { formatShort } from '../time.js';

export const myTasksQuery: IntentHandler = async (db, env) => {
  const tasks = await openTasksFor(db, env.user.id);
  const { lang, tz, now } = env;
  if (!tasks.length) return { text: lang === 'zh' ? '📋 你目前没有未完成的待办。' : '📋 You have no open tasks.', outcome: 'ANSWERED' };
  const lines = tasks.map((task, i) => {
    const overdue = task.dueAt && task.dueAt < now ? (lang === 'zh' ? ' ⏰已逾期' : ' ⏰overdue') : '';
    const due = task.dueAt ? formatShort(task.dueAt, lang, tz) : lang === 'zh' ? '未定时间' : 'no date';
    const who = task.customer ? ` · ${task.customer.name}` : '';
    return `${i + 1}. ${task.title}${who} · ${due}${task.dueLabel ? `（${task.dueLabel}）` : ''}${overdue}`;
  });
  const head = lang === 'zh' ? `📋 你的待办（${tasks.length}）` : `📋 Your open tasks (${tasks.length})`;
  return { text: `${head}\n${lines.join('\n')}`, outcome: 'ANSWERED' };
};
