// "给方舟电子的合同已经发了" / "华瑞医疗的报价单发过去了" / "sent the quote to Acme": a message
// saying a step was done closes the sender's matching OPEN task on that customer — matched by
// the customer and a key word shared with the task's title (合同, 报价, quote) — never by a
// person's name alone. Two equally good
// matches close nothing: the rep is shown both, numbered, and asked which ("完成 1"). When the
// parser also found facts to log, they are logged as usual and the reply gains a line
// "已完成待办：…"; when it found nothing else (intent unknown), the completion is the reply.
// Tasks created by the same message are never candidates. Writes go through the message's
// change log, so "撤销" reopens the task together with the rest of the message.
import { Prisma, type Customer, type Task } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import { customerNamesFor, findOwnCustomer } from '../customers.js';
import type { HandlerEnv, HandlerResult, IntentHandler } from '../handlerTypes.js';
import { t } from '../i18n.js';
import { escapeLike } from '../text.js';
import { isQuestion } from '../questions/askable.js';
import { numberedList, type OpenTask } from './listView.js';
import { finishTask } from './steps.js';
import { DOCUMENT_NOUNS } from '../../intents/rules/vocab/documents.js';
import { escapeRegExp } from '../../intents/rules/text.js';

// Something was delivered or finished: a verb with a completion marker, or an English past form.
const DONE_ZH = /(?:已经?|都)[^，,。;；]{0,8}?(?:发|寄|交|送|签|提交|做|办|完成|搞定|弄|准备|给|约|打|确认|安排|落实)|(?:发|寄|交|送|签|提交|做|办|弄|搞定|完成|准备|约|打|确认|安排|落实|回复|更新|修改|改)(?:完|好|出|过去|出去|掉)?了|(?:发|寄|送|交)(?:过去|出去|出)(?!去)/;
// (Bare 完成/搞定/做好 are left out: "预计下月完成采购", "下周做好方案" are plans.)
const DONE_EN = /\b(?:sent|mailed|emailed|delivered|submitted|signed|finished|completed|done|handed over|shared|called|booked|scheduled|prepared|updated|fixed)\b/i;
const NOT_DONE = /(?:没|未|还没|没有|尚未|不用|别)[^，,。;；]{0,3}(?:发|寄|交|送|签|提交|做|办|完成|搞定|弄|准备|约|打|确认)|(?:要|会|准备|打算|计划|明天|下周|稍后|待会|回头)(?:再)?(?:发|寄|交|送|签|提交|做|办|弄)(?!了)|\b(?:not|haven'?t|didn'?t|hasn'?t|yet to|will|going to|need to|tomorrow)\b/i;

/** Does the text report a step as done (not planned, not negated, not asked)? */
export function reportsDone(text: string): boolean {
  if (isQuestion(text, true)) return false;
  if (!DONE_ZH.test(text) && !DONE_EN.test(text)) return false;
  return !NOT_DONE.test(text.replace(/已经?|都/g, ''));
}

// Units that say nothing about which task it is: verbs of sending, time words, particles.
const STOP = new Set([
  '已经', '过去', '出去', '今天', '昨天', '刚才', '刚刚', '一下', '客户', '那边', '这边', '他们', '我们', '对方', '发了', '发过', '好了', '完了', '了一',
  // The kind of step is checked on its own (kindsAgree); shared units must name the object.
  '确认', '落实', '核实', '准备', '修改', '更新', '整理', '拜访', '提交', '发送', '完成', '搞定', '安排', '跟进', '联系', '沟通',
  'the', 'and', 'for', 'with', 'was', 'were', 'has', 'have', 'had', 'just', 'today', 'yesterday', 'them', 'their', 'our', 'over', 'sent', 'done', 'finished', 'completed', 'task',
  'send', 'call', 'email', 'mail', 'deliver', 'submit', 'finish', 'complete', 'follow', 'this', 'that', 'already',
]);
const STOP_CHARS = /[的了给把跟和与向对已都也还就再又在是我你他她它们吧啊呀哦嗯，,。.!！?？：:；;、\s"“”'‘’()（）]/g;

/** Key units of a text: CJK character pairs and English words, minus the customer's and its people's names. */
export function keyUnits(text: string, names: string[]): Set<string> {
  let s = text.toLowerCase();
  for (const n of names) if (n) s = s.split(n.toLowerCase()).join(' ');
  const out = new Set<string>();
  for (const w of s.match(/[a-z][a-z-]{2,}/g) ?? []) {
    const stem = w.replace(/(?:ations?|ing|ed|s)$/, '');
    if (!STOP.has(w) && !STOP.has(stem) && stem.length >= 3) out.add(stem);
  }
  for (const run of s.replace(/[a-z0-9]+/g, ' ').split(STOP_CHARS)) {
    const chars = [...run].filter((c) => /[\u4e00-\u9fff]/.test(c));
    for (let i = 0; i + 1 < chars.length; i++) {
      const pair = chars[i] + chars[i + 1];
      if (!STOP.has(pair)) out.add(pair);
    }
  }
  return out;
}

// What kind of step a text is about. A task whose title names a kind ("发合同": sending) is only
// closed by a message that did that kind of thing ("合同已经发了", "寄出去了") or says it is all
// done ("搞定了"): "确认了合同条款" does not close "发合同".
const KINDS: RegExp[] = [
  /发|寄|送|交|递|提交|\b(?:sen[dt]|mail(?:ed)?|e-?mail(?:ed)?|deliver(?:ed)?|submit(?:ted)?|shared?)\b/i,
  /签|\bsign(?:ed)?\b/i,
  /电话|回电|打给|\bcall(?:ed)?\b|\bphon(?:e|ed)\b/i,
  /约|拜访|见面|演示|上门|\b(?:meet|met|visit(?:ed)?|demo(?:ed)?|book(?:ed)?|schedul(?:e|ed))\b/i,
  /确认|落实|核实|\bconfirm(?:ed)?\b/i,
  /准备|做|写|改|修改|更新|整理|\b(?:prepare|prepared|draft(?:ed)?|update|updated|fix|fixed|write|wrote)\b/i,
];
const ALL_DONE = /完成|搞定|弄好|做好|办好|办完|做完|\b(?:done|finished|completed)\b/i;
// Papers whose names hold such a verb (确认书, 发票, 签收单) name no kind of step: taken out first.
const DOCUMENTS = new RegExp([...DOCUMENT_NOUNS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
const withoutDocuments = (s: string) => s.replace(DOCUMENTS, ' ');

/** The message did the kind of thing the task title names (or says it is all done). */
export function kindsAgree(title: string, text: string): boolean {
  const said = withoutDocuments(text);
  const wanted = KINDS.filter((k) => k.test(withoutDocuments(title)));
  return !wanted.length || ALL_DONE.test(said) || wanted.some((k) => k.test(said));
}

/** The sender's own customer the message is about: the parsed name, else a name of theirs in the text. */
async function customerOf(db: Tx, env: HandlerEnv): Promise<Customer | null> {
  const uid = env.user.id;
  const name = env.parsed?.customer?.name;
  if (name) return findOwnCustomer(db, uid, name);
  const text = env.rawText.toLowerCase();
  const named = (await customerNamesFor(db, uid)).filter((n) => n.length >= 2 && text.includes(n.toLowerCase()));
  if (named.length !== 1) return null;
  return db.customer.findFirst({ where: { ownerId: uid, name: named[0] } });
}

export type ReportedMatch = { kind: 'none' } | { kind: 'one'; task: OpenTask } | { kind: 'several'; tasks: OpenTask[] };

/** The sender's open task(s) the message reports as done, best key-word overlap first. */
export async function matchReportedTask(db: Tx, env: HandlerEnv): Promise<ReportedMatch> {
  if (!reportsDone(env.rawText)) return { kind: 'none' };
  const customer = await customerOf(db, env);
  if (!customer) return { kind: 'none' };
  // The candidates and the customer's people's names in one statement (a message reporting a
  // step done is common; issue 15). Not a task this very message created (NULL <> x is not true,
  // so NULL is said too); a task on no customer counts when its title names this one.
  const rows = await db.$queryRaw<Array<Task & { people: string[] | null }>>(Prisma.sql`
    WITH t AS (
      SELECT * FROM "Task"
      WHERE "assigneeId" = ${env.user.id} AND status = 'OPEN'
        AND ("customerId" = ${customer.id} OR ("customerId" IS NULL AND title LIKE ${`%${escapeLike(customer.name)}%`}))
        AND ("inboundId" IS NULL OR "inboundId" <> ${env.inboundId})
      ORDER BY "dueAt" ASC, "createdAt" ASC
      LIMIT 50)
    SELECT t.*, ARRAY(SELECT name FROM "Contact" WHERE "customerId" = ${customer.id} LIMIT 200) AS people FROM t
    ORDER BY "dueAt" ASC, "createdAt" ASC`);
  if (!rows.length) return { kind: 'none' };
  // Every candidate is on this customer or on none: its name needs no second read.
  const tasks: OpenTask[] = rows.map(({ people: _p, ...k }) => ({ ...k, customer: k.customerId ? { name: customer.name } : null }));
  // Names say who, not what: a shared 王总 must not make "报价单发过去了" close "给王总发需求确认书".
  const names = [customer.name, env.parsed?.customer?.name ?? '', ...(rows[0].people ?? []), ...(env.parsed?.contacts ?? []).map((c) => c.name)]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  const said = keyUnits(env.rawText, names);
  let best = 0;
  let top: OpenTask[] = [];
  for (const k of tasks) {
    if (!kindsAgree(k.title, env.rawText)) continue;
    const title = keyUnits(k.title, names);
    const score = [...title].filter((u) => said.has(u)).length;
    if (score > best) [best, top] = [score, [k]];
    else if (score === best && score > 0) top.push(k);
  }
  if (!best) return { kind: 'none' };
  return top.length === 1 ? { kind: 'one', task: top[0] } : { kind: 'several', tasks: top };
}

function label(k: OpenTask): string {
  return `${k.title}${k.customer ? ` · ${k.customer.name}` : ''}`;
}

/**
 * Closes the task the message reports as done. Returns the lines for the reply, or null when
 * the message matches no open task.
 */
export async function finishReportedTask(db: Tx, env: HandlerEnv): Promise<string[] | null> {
  const m = await matchReportedTask(db, env);
  const zh = env.lang === 'zh';
  if (m.kind === 'none') return null;
  if (m.kind === 'one') {
    await finishTask(db, m.task, env.now, env.log);
    return [zh ? `✅ 已完成待办：${label(m.task)}` : `✅ Task done: ${label(m.task)}`];
  }
  const list = await numberedList(db, env.user.id, m.tasks, env.lang, env.tz, env.now);
  return [zh ? `❓ 有 ${m.tasks.length} 条待办都对得上，完成的是哪一条？回复“完成 1”等（还没有标记完成）：` : `❓ ${m.tasks.length} open tasks match; which one is done? Reply "done 1" etc. (none marked yet):`, list];
}

/** Puts `extra` lines above the reply's last line (the undo/correction footer). */
function withLines(res: HandlerResult, extra: string[]): HandlerResult {
  const lines = res.text.split('\n');
  const at = lines.length > 1 ? lines.length - 1 : lines.length;
  lines.splice(at, 0, ...extra);
  return { ...res, text: lines.join('\n'), card: res.card ? { ...res.card, lines: [...res.card.lines, ...extra] } : undefined };
}

/**
 * Wraps the ingest handler: after the message's facts are recorded, a step it reports as done
 * closes the matching task. A message with nothing else to record still closes it.
 */
export function withReportedTasks(handler: IntentHandler): IntentHandler {
  return async (db, env) => {
    const res = await handler(db, env);
    const nothingElse = res.outcome === 'REJECTED' && res.text === t(env.lang, 'unknown') && env.log.empty;
    if (res.outcome !== 'APPLIED' && !nothingElse) return res;
    const extra = await finishReportedTask(db, env);
    if (!extra) return res;
    if (res.outcome === 'APPLIED') return withLines(res, extra);
    return onlyCompletion(env, extra);
  };
}

function onlyCompletion(env: HandlerEnv, extra: string[]): HandlerResult {
  const zh = env.lang === 'zh';
  const wrote = !env.log.empty;
  const tail = wrote ? (zh ? '发送“撤销”可恢复。' : 'Send "undo" to reopen it.') : '';
  return { text: [...extra, tail].filter(Boolean).join('\n'), outcome: wrote ? 'APPLIED' : 'ANSWERED' };
}

/**
 * For a message the parser did not understand: a reported completion, else null (the caller
 * answers as for any message it did not understand).
 */
export async function reportedCompletionOnly(db: Tx, env: HandlerEnv): Promise<HandlerResult | null> {
  const extra = await finishReportedTask(db, env);
  return extra ? onlyCompletion(env, extra) : null;
}
