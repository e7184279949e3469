// Questions never write. A question the assistant cannot answer — a query the parser could not
// map to an answer (kind 'other'), or a message it did not understand that has the shape of a
// question ("我们组谁最拼", "what's our win rate?") — gets a short list of what can be asked,
// with examples for the asker's role, and nothing is stored. A write intent whose whole message
// is a direct question ("下周要拜访哪些客户？" taken for a task) is answered the same way
// instead of becoming a task. Every example here is a sentence the assistant answers.
import type { Role } from '../../generated/prisma/client.js';
import type { ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import type { Lang } from '../i18n.js';
import { visibleUserIds } from '../users.js';

// Interrogative words anywhere (a message we did not understand); for a message the parser took
// for a write only the unmistakable forms count — a question mark, a final 吗/呢, "…有哪些" —
// because statements embed question words ("聊了下什么时候上线", "不知道谁拍板").
const ZH_QUESTION = /哪些|哪个|哪家|哪位|哪几|哪一|哪天|哪里|谁|多少|几个|几家|几次|几单|几笔|几成|几号|什么|啥|怎么|怎样|如何|为什么|为何|为啥|是否|有没有|能不能|可不可以|要不要|会不会|是不是|多久|何时|几时|多大|多高/;
const ZH_FINAL = /(?:吗|呢|(?<![什这那怎多])么|嘛|没有)\s*[?？。.!！~]*\s*$/;
const ZH_ASKING_END = /(?:有哪些|是哪些|是哪个|是哪家|是谁|是多少|有多少|多少钱|有几[个家单笔次]|怎么样|如何)\s*[。.!！~]*\s*$/;
const EN_QUESTION = /^\s*(?:what|which|who|whom|whose|how|why|when|where)\b/i;
// Reported speech is a fact to log, not a question to us: "客户问能不能便宜点", "he asked when…".
const REPORTED = /(?:问|咨询|打听|想知道|想了解|关心|担心|纠结|考虑|商量|讨论|确认|询问|不知道|不确定|看看)|\b(?:asked|asks|asking|wondered|wonders|wants to know|wanted to know|inquired|enquired|not sure|checking)\b/i;

/** The text reads as a question put to the assistant (not a reported one). */
export function isQuestion(text: string, strict = false): boolean {
  const s = text.trim();
  if (!s || REPORTED.test(s)) return false;
  if (/[?？]\s*$/.test(s) || ZH_FINAL.test(s) || ZH_ASKING_END.test(s)) return true;
  // "who visited the most customers this week": an English question needs no "?".
  if (strict) return !/[\u4e00-\u9fff]/.test(s) && /^\s*(?:who|which|how many|how much|what did|what does|what is|what are)\b/i.test(s);
  if (/[\u4e00-\u9fff]/.test(s)) return ZH_QUESTION.test(s);
  return EN_QUESTION.test(s);
}

/** One sentence only: a message that also reports facts ("见了王总，他问什么时候交付？") is a log. */
function singleSentence(text: string): boolean {
  return !/[，,。;；\n!！]|\.\s|\s-\s/.test(text.trim().replace(/[?？。.!！\s]+$/, ''));
}

const WRITE_INTENTS = new Set<ParsedMessage['intent']>(['log_activity', 'create_task', 'update_opportunity', 'mark_hot', 'record_deal', 'set_target', 'correction']);

/** A write intent whose whole message is one direct question: answer, never write. */
export function isQuestionNotWrite(parsed: ParsedMessage, text: string): boolean {
  return WRITE_INTENTS.has(parsed.intent) && singleSentence(text) && isQuestion(text, true);
}

const EXAMPLES: Record<'rep' | 'manager', Record<Lang, (colleague: string, customer: string) => string[]>> = {
  rep: {
    zh: (_c, cu) => ['我的待办', '我的客户', `客户 ${cu}`, '热点客户', '这个月能签哪些单子', '哪些客户没跟进', '本月漏斗', '目标完成率', '回款计划'],
    en: (_c, cu) => ['my tasks', 'my customers', `customer ${cu}`, 'hot customers', 'which deals close this month', 'customers not followed up', 'pipeline this month', 'target attainment', 'payment plans'],
  },
  manager: {
    zh: (c) => ['本月排名', `${c}本月业绩如何`, '这周大家都做了什么', '本月漏斗', '这个月能签哪些单子', '目标完成率', '哪些回款逾期了', '哪些客户没跟进', '哪些客户可能流失', '丢单原因分析', '本周周报'],
    en: (c) => ['ranking this month', `how is ${c} doing this month`, 'who did what this week', 'pipeline this month', 'which deals close this month', 'target attainment', 'overdue payments', 'customers not followed up', 'churn risk', 'lost reasons', 'weekly report'],
  },
};

/** A colleague the asker may see, to make the "how is X doing" example real. */
async function exampleColleague(db: Tx, user: { id: string; role: Role; teamId: string | null }, lang: Lang): Promise<string> {
  const scope = await visibleUserIds(db, user);
  const other = await db.user.findFirst({
    where: { active: true, role: 'REP', id: { not: user.id }, ...(scope ? { id: { in: scope.filter((id) => id !== user.id) } } : {}) },
    orderBy: { createdAt: 'asc' },
    select: { displayName: true },
  });
  return other?.displayName ?? (lang === 'zh' ? '张三' : 'Zhang San');
}

/** The reply to a question we cannot answer: what can be asked, for this role; nothing stored. */
export async function askableReply(db: Tx, env: Pick<HandlerEnv, 'user'> & { lang: Lang }): Promise<HandlerResult> {
  const { user, lang } = env;
  const zh = lang === 'zh';
  const role = user.role === 'REP' ? 'rep' : 'manager';
  const own = await db.customer.findFirst({ where: { ownerId: user.id, lifecycle: { not: 'LOST' } }, orderBy: { updatedAt: 'desc' }, select: { name: true } });
  const customer = own?.name ?? (zh ? '方舟电子' : 'Acme');
  const examples = EXAMPLES[role][lang](role === 'manager' ? await exampleColleague(db, user, lang) : '', customer);
  const head = zh ? '这个问题我还回答不了（没有记录任何内容）。你可以这样问：' : 'I cannot answer that yet (nothing was recorded). You can ask:';
  const list = examples.map((e) => (zh ? `“${e}”` : `"${e}"`)).join(zh ? ' · ' : ' · ');
  const tail = zh ? '发送“帮助”查看全部用法。' : 'Send "help" for everything I can do.';
  return { text: `${head}\n${list}\n${tail}`, outcome: 'ANSWERED' };
}
