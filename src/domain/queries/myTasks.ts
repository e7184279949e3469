// "我的待办": the sender's open tasks, numbered. The numbering is remembered (tasks/listView.ts)
// so that "完成 2" or "第2条推迟到周五" right after means the task shown as 2 here.
import type { IntentHandler } from '../handlerTypes.js';
import { openTasksFor } from '../tasks.js';
import { numberedList } from '../tasks/listView.js';

export const myTasksQuery: IntentHandler = async (db, env) => {
  const tasks = await openTasksFor(db, env.user.id);
  const { lang, tz, now } = env;
  if (!tasks.length) return { text: lang === 'zh' ? '📋 你目前没有未完成的待办。' : '📋 You have no open tasks.', outcome: 'ANSWERED' };
  const list = await numberedList(db, env.user.id, tasks, lang, tz, now);
  const head = lang === 'zh' ? `📋 你的待办（${tasks.length}）` : `📋 Your open tasks (${tasks.length})`;
  const hint = lang === 'zh' ? '回复“完成 1”标记完成，“第2条推迟到周五”改时间。' : 'Reply "done 1" to close one, or "postpone 2 to Friday".';
  return { text: `${head}\n${list}\n${hint}`, outcome: 'ANSWERED' };
};
