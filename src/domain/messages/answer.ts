// The answer to "这是哪个客户？": recognising it (a number, a known customer's name, "新建 X" or a
// plausible new name, "取消"/"cancel") and completing the pending draft with it. The draft's
// records are written in the ANSWER message's transaction as if the draft had named that
// customer, so the answer is one message for undo and corrections: "撤销" after it reverts
// everything the draft wrote. Anything else from the sender is not an answer; it is handled
// normally and its reply reminds that the draft still waits (reminderText).
import { Prisma } from '../../generated/prisma/client.js';
import type { ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';
import { customerKey } from '../customers.js';
import type { HandlerEnv, HandlerResult, IntentHandler } from '../handlerTypes.js';
import type { Lang } from '../i18n.js';
import { ANSWERED_SOURCE_SUFFIX, candidateLabel, hasCustomerFacts, matchCustomers } from './ask.js';
import { draftTimeoutMinutes, expireInReply, quote, saveDraft, takeDraft, type Candidate, type Draft } from './drafts.js';

export type Answer =
  | { kind: 'cancel' }
  | { kind: 'pick'; index: number }
  /** A customer by name: an existing one of the sender's, or a new one. */
  | { kind: 'name'; name: string; forceNew: boolean }
  /** Looked like an answer but cannot be used (a number out of range…): ask again. */
  | { kind: 'invalid'; why: 'range' | 'needsCustomer' };

const CANCEL = /^(?:取消|撤销|撤回|算了|不要了|不用了|不记了|先不记了?|放弃|cancel|undo|never ?mind|forget it|drop it)$/i;
const NONE = /^(?:不关联(?:客户)?|无客户|没有客户|不是客户|都不是|no customer|none)$/i;
// "新建 青禾农业" / "new customer Northwind" / "new Northwind Ltd" (capitalised: "new proposal sent"
// is a sentence, not a name). A name carries no sentence punctuation.
const NEW = /^(?<command>新建客户|新增客户|添加客户|建个新客户|[Nn]ew (?:[Cc]ustomer|[Cc]lient))?(?:新建|新增|新客户|[Nn]ew(?=\s+[A-Z]))?\s*[:：]?\s*(?<name>[^，,。；;！!？?\n]{1,60})$/;
const NOT_A_NEW_NAME = /^(?:一个|一份|个|了|的|一下)/;
// "客户 华星科技" and "customer Acme" are the look-up command, not an answer: only 客户是/客户：.
const FILLER = /^(?:是|就是|客户是|客户\s*[:：]|应该是|it'?s|it is|customer\s*:)\s*/i;
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
// Short replies that are never a customer's name.
/** The characters a company name is written with ("Acme, Inc." keeps its comma): a sentence is not one. */
const NAME_CHARS = /^(?:[\p{L}\p{N}\s()（）&·.'\-]|, )+$/u;
const NOT_A_NAME = /^(?:好的?|好吧|好嘞|嗯+|哦+|哈+|呵+|ok(?:ay)?|收到|谢谢|多谢|辛苦了?|行|对|对的|是的|没问题|知道了|明白了?|在吗|你好|您好|稍等|等一下|等等|不知道|忘了|什么|啥|哪个|为什么|可以|没事|不用|稍后|晚点|回头再说|回头|等会儿?|待会儿?|再说|随便|都行|没有|不记得|忘记了|在忙|开会|hi|hello|hey|thanks?|thank you|yes|no|sure|wait|what|不是|不对|不清楚)(?:啦|啊|呀|哈|哦|呢|吧|了|嘛|哟|!|~|\s)*$/i;
const ORG_WORD = /(?:公司|集团|医院|学校|大学|学院|银行|科技|电子|物流|化工|能源|制药|药业|机械|工厂|厂|研究院|研究所|中心|商贸|贸易|实业|股份|ltd\.?|inc\.?|corp\.?|co\.?|llc|gmbh|group)$/i;

/** The offered name or a fix of it: one contains the other, or they start alike (青禾转 / 青禾农业). */
function sameName(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a) || ([...a].length >= 2 && [...a].slice(0, 2).join('') === [...b].slice(0, 2).join(''));
}

// Characters that make a run of Chinese a sentence rather than a company's name.
const SENTENCE_CHARS = /[的了说是在和跟给把对向我你他她们这那吗呢吧啊要会去见约让被都也就还再又没不很]/;

function clean(text: string): string {
  return text.normalize('NFKC').trim().replace(/[。.!！?？~～]+$/u, '').trim();
}

function numberOf(s: string): number | null {
  const m = /^(?:第|选|选择|#|no\.?\s*|option\s*)?\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|号|项)?$/i.exec(s);
  if (!m) return null;
  return /\d/.test(m[1]) ? Number(m[1]) : CN_DIGIT[m[1]];
}

const UNDO_WORD = /^(?:撤销|撤回|undo)$/i;

/**
 * "撤销" while a question waits: it takes back what was stored last. When the sender stored a
 * record after the question was asked ("华星科技赢单了" — then "撤销"), that record is what they
 * mean, not the older waiting message: true, and the message is handled as an undo (the question
 * keeps waiting). With nothing stored since, "撤销" drops the waiting message, as "取消" does.
 */
export async function undoesNewerRecord(db: Tx, draft: Draft, userId: string, text: string): Promise<boolean> {
  return UNDO_WORD.test(clean(text)) && recordSinceQuestion(db, draft, userId);
}

/** Has the sender stored a record (not undone) since the question was asked? */
export async function recordSinceQuestion(db: Tx, draft: Draft, userId: string): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ one: number }>>(Prisma.sql`
    SELECT 1 AS one FROM "InboundMessage" r JOIN "InboundMessage" a ON a.id = ${draft.askInboundId}
     WHERE r."senderId" = ${userId} AND r.outcome = 'APPLIED' AND NOT r.undone
       AND (r."createdAt" > a."createdAt" OR (r."createdAt" = a."createdAt" AND r.id > a.id))
     LIMIT 1`);
  return rows.length > 0;
}

/**
 * Recognises an answer without the parser: cancel, a number, "不关联", "新建 X", or exactly the
 * name of an option or of one of the sender's customers. Null: maybe a new name (see
 * answerFromParse) or an unrelated message.
 */
export async function matchAnswer(db: Tx, draft: Draft, text: string): Promise<Answer | null> {
  const s = clean(text);
  if (!s) return null;
  if (CANCEL.test(s)) return { kind: 'cancel' };
  const n = numberOf(s);
  if (n !== null) return n >= 1 && n <= draft.candidates.length ? { kind: 'pick', index: n - 1 } : { kind: 'invalid', why: 'range' };
  if (NONE.test(s)) {
    const i = draft.candidates.findIndex((c) => c.kind === 'none');
    return i >= 0 ? { kind: 'pick', index: i } : { kind: 'invalid', why: 'needsCustomer' };
  }
  const asNew = NEW.exec(s);
  const fresh = asNew && asNew[0] !== asNew.groups?.name ? asNew.groups?.name?.trim() : undefined;
  if (fresh && !NOT_A_NEW_NAME.test(fresh)) {
    // "新建客户 X" is also the command to create a customer: it answers the question only when X
    // is (a fix of) the name the question offered to create, or the question had no name to
    // offer. Otherwise it is that command, and the question keeps waiting.
    const k = customerKey(fresh);
    const offered = draft.candidates.some((c) => c.kind === 'new' && sameName(customerKey(c.name), k));
    const hadName = draft.candidates.some((c) => c.kind === 'new');
    if (!asNew?.groups?.command || offered || !hadName) return { kind: 'name', name: fresh, forceNew: true };
    return null;
  }
  const name = s.replace(FILLER, '').trim();
  if (!name || name.length > 100) return null;
  const key = customerKey(name);
  const i = draft.candidates.findIndex((c) => c.kind !== 'none' && customerKey(c.name) === key);
  if (i >= 0) return { kind: 'pick', index: i };
  // "华星" for the option 华星科技: a short form that starts exactly one of the offered customers
  // answers with it (not the look-up of that name).
  const fits = [...key].length >= 2 && NAME_CHARS.test(name) ? draft.candidates.flatMap((c, j) => (c.kind === 'existing' && customerKey(c.name).startsWith(key) ? [j] : [])) : [];
  if (fits.length === 1) return { kind: 'pick', index: fits[0] };
  // Only something written like a name is looked up among all customers (a sentence goes on to the parser).
  if (!NAME_CHARS.test(name)) return null;
  const m = await matchCustomers(db, draft.userId, name);
  if (m.exact) return { kind: 'name', name: m.exact.name, forceNew: false };
  return null;
}

/**
 * After parsing: a short message that is only a company name ("青禾农业", "Northwind Ltd") answers
 * the question with that (possibly new) customer. Greetings and sentences do not.
 */
export function answerFromParse(text: string, parsed: ParsedMessage): Answer | null {
  const s = clean(text).replace(FILLER, '').trim();
  if ([...s].length < 2 || [...s].length > 40 || NOT_A_NAME.test(s) || !NAME_CHARS.test(s)) return null;
  const bareName = parsed.intent === 'unknown' || (parsed.intent === 'query' && parsed.query?.kind === 'customer');
  if (!bareName) return null;
  const named = parsed.customer?.name ?? parsed.query?.subject ?? null;
  if (named && customerKey(named) === customerKey(s)) return { kind: 'name', name: named, forceNew: false };
  // A look-up written as one ("客户 华星科技", "查一下华星") is that look-up.
  if (parsed.intent === 'query') return null;
  if (ORG_WORD.test(s)) return { kind: 'name', name: s, forceNew: false };
  // Right after "这是哪个客户？", a lone Chinese word with nothing else in it is most likely the
  // name ("青禾"); the reply says "新建" so a wrong take is seen and undone at once.
  const nothingElse = parsed.intent === 'unknown' && !parsed.activity && !parsed.contacts.length && !parsed.nextSteps.length && parsed.hot === null && !parsed.opportunity;
  // (English needs an organisation word or the parser's reading: "Great", "Cool" are replies.)
  // A sentence the parser could not read ("华兴物流的张总说下周见") is not a name: a lone word has
  // no function characters, and no other company named inside it.
  if (nothingElse && !named && /^\p{Script=Han}{2,8}$/u.test(s) && !SENTENCE_CHARS.test(s)) return { kind: 'name', name: s, forceNew: false };
  return null;
}

function againText(lang: Lang, draft: Draft, why: 'range' | 'needsCustomer' | 'several' | 'exists', extra?: string): string {
  const zh = lang === 'zh';
  const head = {
    range: zh ? `没有这个序号，请回复 1–${draft.candidates.length} 或客户名。` : `There is no such number; reply 1–${draft.candidates.length} or the customer's name.`,
    needsCustomer: zh ? '这条消息里有联系人或商机信息，要挂在客户上才能保存，请回复客户名。' : 'This message has contacts or deal details, which need a customer. Reply with the customer\'s name.',
    several: zh ? `“${extra}”能对上好几个客户，请回复完整名称或序号。` : `"${extra}" matches several customers; reply with the full name or a number.`,
    exists: zh ? `已有客户“${extra}”：是它就回复“${extra}”；确实是另一家，请用完整的新名称新建。` : `You already have "${extra}": reply "${extra}" if it is that one, or use the full new name to create another.`,
  }[why];
  const options = draft.candidates.map((c, i) => `${i + 1}. ${candidateLabel(c, lang)}`);
  const footer = zh ? `回复“取消”放弃。（暂未保存：“${quote(draft.text, 40)}”）` : `Reply "cancel" to drop it. (Not stored yet: "${quote(draft.text, 40)}")`;
  return [head, ...options, footer].join('\n');
}

/**
 * The customer an answer names, or why it cannot be used yet. `existing` names one of the
 * sender's customers exactly; `new` will be created by the ingest.
 */
async function resolve(db: Tx, draft: Draft, a: Answer & { kind: 'pick' | 'name' }): Promise<{ customer: { name: string } | null } | { again: 'several' | 'exists' | 'needsCustomer'; extra?: string }> {
  let c: Candidate;
  if (a.kind === 'pick') c = draft.candidates[a.index];
  else c = { kind: 'new', name: a.name };
  if (c.kind === 'none') return hasCustomerFacts(draft.parsed) ? { again: 'needsCustomer' } : { customer: null };
  if (c.kind === 'existing') {
    const row = await db.customer.findFirst({ where: { id: c.customerId, ownerId: draft.userId } });
    // Removed or handed over since the question: use the name (found again, or created anew).
    if (row) return { customer: { name: row.name } };
  }
  const m = await matchCustomers(db, draft.userId, c.name);
  if (m.exact) return { customer: { name: m.exact.name } };
  // The ingest takes a unique partial match as that customer; a new one must not be merged into it.
  if (m.partial.length === 1) {
    if (a.kind === 'name' && !a.forceNew) return { customer: { name: m.partial[0].name } };
    return { again: 'exists', extra: m.partial[0].name };
  }
  if (m.partial.length >= 2 && a.kind === 'name' && !a.forceNew) return { again: 'several', extra: c.name };
  return { customer: { name: c.name.trim() } };
}

/**
 * Completes (or cancels) the draft in the answer message's transaction. The draft row is deleted
 * first — the claim that makes a concurrent second answer find nothing — and put back unchanged
 * when the records could not be written after all.
 */
export async function answerDraft(db: Tx, env: HandlerEnv, draft: Draft, answer: Answer, ingest: IntentHandler): Promise<HandlerResult> {
  const zh = env.lang === 'zh';
  if (draft.expiresAt.getTime() <= env.now.getTime()) {
    const notice = await expireInReply(db, draft, env.lang);
    return { text: notice ?? alreadyText(env.lang), outcome: 'REJECTED' };
  }
  if (answer.kind === 'invalid') return { text: againText(env.lang, draft, answer.why), outcome: 'REJECTED' };
  let customer: { name: string } | null = null;
  if (answer.kind !== 'cancel') {
    const r = await resolve(db, draft, answer);
    if ('again' in r) return { text: againText(env.lang, draft, r.again, r.extra), outcome: 'REJECTED' };
    customer = r.customer;
  }
  if (!(await takeDraft(db, draft.id))) return { text: alreadyText(env.lang), outcome: 'REJECTED' };
  if (answer.kind === 'cancel') {
    return { text: zh ? `🗑️ 已取消，没有保存：“${quote(draft.text)}”` : `🗑️ Cancelled; nothing was stored: "${quote(draft.text)}"`, outcome: 'ANSWERED' };
  }
  const parsed = completedParse(draft, customer);
  const result = await ingest(db, { ...env, parsed, rawText: draft.text });
  if (result.outcome === 'APPLIED') {
    // Corrections ("金额改成40万") and undo treat the answer as the message that logged all this.
    // `answers` names the draft, so undo can quote what it takes back (not just "2").
    return { ...result, parseResult: { ...parsed, answers: { askInboundId: draft.askInboundId, text: draft.text } } };
  } else {
    // Nothing was written (the ingest refuses before writing): the question stays open.
    await saveDraft(db, { userId: draft.userId, askInboundId: draft.askInboundId, text: draft.text, parsed: draft.parsed, reason: draft.reason, candidates: draft.candidates }, env.now);
    await db.pendingDraft.update({ where: { userId: draft.userId }, data: { expiresAt: draft.expiresAt } });
  }
  return result;
}

/** The draft's parse with the customer the rep chose: what the answer message stores and writes. */
export function completedParse(draft: Draft, customer: { name: string } | null): ParsedMessage {
  return {
    ...draft.parsed,
    customer: customer ? { name: customer.name, evidence: 'known' } : null,
    confidence: 1,
    source: `${draft.parsed.source}${ANSWERED_SOURCE_SUFFIX}`,
  };
}

/**
 * "2" with no question waiting, sent just after the sender's latest question: the answer to a
 * question already answered (a double tap, or a second device delivering its copy after the
 * first answer was stored). Said so, instead of "没太明白".
 */
export async function answeredAlready(db: Tx, userId: string, text: string, lang: Lang): Promise<HandlerResult | null> {
  if (numberOf(clean(text)) === null) return null;
  // Inbound rows are stamped with the clock of their arrival (not the injected `now`).
  const since = new Date(Date.now() - draftTimeoutMinutes() * 60_000);
  const asked = await db.inboundMessage.findFirst({ where: { senderId: userId, outcome: 'ASKED', createdAt: { gte: since } }, select: { id: true } });
  return asked ? { text: alreadyText(lang), outcome: 'REJECTED' } : null;
}

function alreadyText(lang: Lang): string {
  return lang === 'zh' ? '这个问题已经回答过了，没有重复保存。' : 'That question was already answered; nothing was stored twice.';
}
