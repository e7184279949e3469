// Finishing and postponing tasks by typing, as whole-message commands (commands.ts):
//   完成 1 · 完成第2条 · 第1条完成了 · 1、3 搞定了 · 1 done · done 2 · mark 3 as done
//   搞定了 · done (right after a reminder: the task it was about)
//   推迟到周五 · 第2条推迟到下周一 · 把第3条延期到明天下午 · postpone 2 to Friday · snooze to tomorrow
// A number is the one shown in the last task list the bot sent this user (tasks/listView.ts);
// without a number, a completion or postponement applies to the task of the latest reminder (or one-item list),
// else the rep is shown their numbered list and asked which. Each change goes through the
// message's change log, so "撤销" reverts it.
import type { Command, CommandEnv } from '../commands.js';
import type { Tx } from '../context.js';
import type { HandlerResult } from '../handlerTypes.js';
import { smallNumber } from '../../intents/rules/numbers.js';
import { openTasksFor } from '../tasks.js';
import { formatShort } from '../time.js';
import { numberedList, taskByNumber, taskInContext, type OpenTask } from './listView.js';
import { finishTask, moveTask, parseDueTime } from './steps.js';

const N = '(?:\\d{1,2}|[一二三四五六七八九十两]{1,3})';
const NS = `${N}(?:\\s*(?:[,，、&]|和|及|and)\\s*${N})*`;
const ITEM = '(?:条|个|项|号)?';
const END = '\\s*[。.!！~]*\\s*$';

const DONE_ZH = '(?:已经?|都)?(?:完成|做完|办完|搞定|弄完|处理完|结束)(?:了|啦)?';
const COMPLETE_PATTERNS = [
  new RegExp(`^\\s*(?:已经?)?(?:完成|搞定|做完|办完)(?:了)?\\s*第?\\s*(?<ns>${NS})\\s*${ITEM}${END}`),
  // "第3个完成了" is task 3, "3个都完成了" is a count: 个 only after 第.
  new RegExp(`^\\s*(?:待办|任务)?\\s*(?:第\\s*(?<ns>${NS})\\s*${ITEM}|(?<ns2>${NS})\\s*(?:条|项|号)?)\\s*${DONE_ZH}${END}`),
  new RegExp(`^\\s*(?:done|complete|completed|finished|close|closed|tick(?:\\s+off)?)\\s*(?:no\\.?|number|#|task)?\\s*(?<ns>${NS})${END}`, 'i'),
  new RegExp(`^\\s*(?:task\\s*|no\\.?\\s*|number\\s*|#)?(?<ns>${NS})\\s*(?:is\\s+|are\\s+)?(?:done|completed|finished|closed)${END}`, 'i'),
  new RegExp(`^\\s*mark\\s*(?:task\\s*|no\\.?\\s*|#)?(?<ns>${NS})\\s*(?:as\\s+)?(?:done|completed|complete|finished)${END}`, 'i'),
];

// Not a bare 改: "改成40万" is a correction.
const POSTPONE_ZH = '(?:推迟|延期|延后|推后|改期|顺延)';
const POSTPONE_PATTERNS = [
  new RegExp(`^\\s*(?:把)?\\s*(?:待办|任务)?\\s*(?:第\\s*(?<n>${N})\\s*${ITEM}|(?<n2>${N})\\s*(?:条|项|号))?\\s*(?:待办|任务)?\\s*${POSTPONE_ZH}\\s*(?:到|至|成|为)\\s*(?<when>.+?)\\s*$`),
  new RegExp(`^\\s*${POSTPONE_ZH}\\s*第\\s*(?<n>${N})\\s*${ITEM}\\s*(?:到|至)\\s*(?<when>.+?)\\s*$`),
  new RegExp(`^\\s*(?:postpone|snooze|push(?:\\s+back)?|move|delay|defer|reschedule)\\s*(?:task\\s*|no\\.?\\s*|#)?(?<n>\\d{1,2})?\\s*(?:to|until|till|for)\\s+(?<when>.+?)\\s*$`, 'i'),
];

function numbers(s: string): number[] {
  return s
    .split(/\s*(?:[,，、&]|和|及|and)\s*/)
    .map((x) => smallNumber(x.trim()))
    .filter((n): n is number => n !== null);
}

const ask = (zh: boolean) => (zh ? '请回复编号，例如“完成 1”或“第2条推迟到周五”。' : 'Reply with the number, e.g. "done 1" or "postpone 2 to Friday".');

/** The numbered open tasks, remembered as the new list, with a question. */
async function listAndAsk(db: Tx, env: CommandEnv, lead: string): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const tasks = await openTasksFor(db, env.user.id);
  if (!tasks.length) return { text: `${lead}${zh ? '你目前没有未完成的待办。' : 'You have no open tasks.'}`, outcome: 'REJECTED' };
  const list = await numberedList(db, env.user.id, tasks, env.lang, env.tz, env.now);
  return { text: `${lead}\n${list}\n${ask(zh)}`, outcome: 'REJECTED' };
}

function notOpenText(zh: boolean, n: number, r: Awaited<ReturnType<typeof taskByNumber>>): string {
  if (r.ok) return '';
  if (r.reason === 'out_of_range') return zh ? `上次的待办列表只有 ${r.size} 条，没有第 ${n} 条。` : `Your last task list had ${r.size} item(s); there is no number ${n}.`;
  if (r.task?.status === 'DONE') return zh ? `第 ${n} 条“${r.task.title}”已经完成了。` : `Number ${n} ("${r.task.title}") is already done.`;
  return zh ? `第 ${n} 条已经不是你的未完成待办了（可能已被撤销、转走或删除）。` : `Number ${n} is no longer one of your open tasks (undone, moved or deleted).`;
}

async function completeNumbers(db: Tx, env: CommandEnv, ns: number[]): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const done: OpenTask[] = [];
  const problems: string[] = [];
  for (const n of [...new Set(ns)]) {
    const r = await taskByNumber(db, env.user.id, n);
    if (r.ok) done.push(r.task);
    else if (r.reason === 'no_list') return listAndAsk(db, env, zh ? '我还没有给你发过待办列表，编号对不上。你现在的待办：' : 'I have not sent you a task list yet, so the number means nothing. Your open tasks:');
    else problems.push(notOpenText(zh, n, r));
  }
  // All or nothing: a wrong number among several closes none, so the rep is never unsure which went through.
  if (problems.length) {
    const tail = zh ? '没有标记任何待办。发送“我的待办”查看最新编号。' : 'Nothing was marked done. Send "my tasks" for the current numbers.';
    return { text: `${problems.join('\n')}\n${tail}`, outcome: 'REJECTED' };
  }
  for (const k of done) await finishTask(db, k, env.now, env.log);
  const lines = done.map((k) => `• ${k.title}${k.customer ? ` · ${k.customer.name}` : ''}`);
  const undo = zh ? '发送“撤销”可恢复。' : 'Send "undo" to reopen.';
  return { text: `${zh ? '✅ 已完成：' : '✅ Done:'}\n${lines.join('\n')}\n${undo}`, outcome: 'APPLIED' };
}

/** "搞定了" / "done" right after a reminder: the task it was about; else the list and a question. */
async function completeInContext(db: Tx, env: CommandEnv): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const task = await taskInContext(db, env.user.id, env.now);
  if (!task) return listAndAsk(db, env, zh ? '完成的是哪一条？' : 'Which task is done?');
  await finishTask(db, task, env.now, env.log);
  return { text: `${zh ? '✅ 已完成：' : '✅ Done:'}\n• ${task.title}${task.customer ? ` · ${task.customer.name}` : ''}\n${zh ? '发送“撤销”可恢复。' : 'Send "undo" to reopen.'}`, outcome: 'APPLIED' };
}

async function postpone(db: Tx, env: CommandEnv, n: number | null, when: string): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  const due = parseDueTime(when, env.now, env.tz);
  if (!due) return { text: zh ? `没看懂“${when}”是什么时间，请说“推迟到周五”或“推迟到明天下午3点”。没有修改任何待办。` : `I could not read "${when}" as a time. Try "postpone to Friday" or "postpone 2 to tomorrow 3pm". Nothing was changed.`, outcome: 'REJECTED' };
  let task: OpenTask | null = null;
  if (n !== null) {
    const r = await taskByNumber(db, env.user.id, n);
    if (r.ok) task = r.task;
    else if (r.reason === 'no_list') return listAndAsk(db, env, zh ? '我还没有给你发过待办列表，编号对不上。你现在的待办：' : 'I have not sent you a task list yet, so the number means nothing. Your open tasks:');
    else return { text: `${notOpenText(zh, n, r)}\n${zh ? '没有修改任何待办。发送“我的待办”查看最新编号。' : 'Nothing was changed. Send "my tasks" for the current numbers.'}`, outcome: 'REJECTED' };
  } else {
    task = await taskInContext(db, env.user.id, env.now);
    if (!task) {
      const open = await openTasksFor(db, env.user.id, 2);
      if (open.length === 1) task = open[0];
      else return listAndAsk(db, env, zh ? '要推迟哪一条？' : 'Which task should I postpone?');
    }
  }
  await moveTask(db, task, due.at, due.label, env.log);
  const who = task.customer ? ` · ${task.customer.name}` : '';
  const at = formatShort(due.at, env.lang, env.tz);
  return {
    text: zh ? `⏰ 已推迟：${task.title}${who}\n新时间：${at}（${due.label}），到时再提醒你。发送“撤销”可恢复原时间。` : `⏰ Postponed: ${task.title}${who}\nNew time: ${at} (${due.label}); I will remind you then. Send "undo" to restore the old time.`,
    outcome: 'APPLIED',
  };
}

export const TASK_COMMANDS: Command[] = [
  { match: /^\s*(?:已经?)?(?:完成|搞定|做完|办完|弄好|办好)(?:了|啦)?\s*[。.!！~]*\s*$|^\s*(?:done|finished|completed|all done)\s*[.!]*\s*$/i, apply: (db, env) => completeInContext(db, env) },
  ...COMPLETE_PATTERNS.map((match): Command => ({ match, apply: (db, env, m) => completeNumbers(db, env, numbers(m.groups!.ns ?? m.groups!.ns2)) })),
  ...POSTPONE_PATTERNS.map(
    (match): Command => ({
      match,
      // "推迟到周五再去方舟电子演示" is a sales message, not a command: only a bare time is one.
      // A short unreadable time ("推迟到下下下周吧") is still one: it gets a clear "which time?" reply.
      accepts: async (ctx, user, m) => parseDueTime(m.groups!.when, ctx.now(), user.team?.timezone || ctx.timezone) !== null || [...m.groups!.when].length <= 5,
      apply: (db, env, m) => {
        const raw = m.groups!.n ?? m.groups!.n2;
        return postpone(db, env, raw ? smallNumber(raw) : null, m.groups!.when);
      },
    }),
  ),
];
