// "方舟电子的账期要求90天", "华星科技那边要求开增值税专票", "刘兵说他们下周可以安排演示": a remark
// about a customer in which the parser found nothing it has a field for — no activity, deal figure,
// step or hot flag. Answering "没太明白" would drop a fact the rep stated; guessing a field would
// store a wrong one. When the message surely belongs to one of the sender's customers (named
// exactly, or through a contact's full name that only one of them has, customers/byContact.ts;
// for a manager, also the one rep's customer of that name, customers/colleague.ts), the rep's
// words are kept as a note on it: an OTHER activity (the customer's history sees it; the last
// contact moves only when one of their people told it), with the people it names filed as contacts, and the reply
// says it was kept as a note. A name that is not one of theirs is said plainly; nothing is created.
// One of their people named with no customer that settles it is asked about (askWhose), never guessed.
import { previousRecordCustomers, speaksOfThem } from '../customers/previous.js';
import type { Customer } from '../../generated/prisma/client.js';
import type { Tx } from '../context.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import { createActivity } from '../activities.js';
import { upsertContacts } from '../contacts.js';
import { customersByContactMention, soleCustomer } from '../customers/byContact.js';
import { colleagueCustomer } from '../customers/colleague.js';
import { askInsteadOfGuessing, matchCustomers } from '../messages/ask.js';
import { customerKey, ownNearMisses } from '../customers.js';
import { escapeRegExp } from '../../intents/rules/text.js';
import { statedPast } from '../../intents/rules/index.js';
import { toldBy } from './told.js';
import { contactLine } from './contactLine.js';

const MAX_NOTE = 500;
// Words to the bot, not about the customer: a command or a request ("删除方舟电子", "帮我看看…").
const TO_THE_BOT = /^(?:请|麻烦|帮我|帮忙)?\s*(?:删除|删掉|删了|修改|改一下|取消|合并|转给|移交|导出|查一下|查查|查询|看看|看一下|打开|显示|列出)|(?<![a-z])(?:delete|remove|merge|export|show|list|open)(?![a-z])/i;
// Chatter that may mention a customer but states nothing ("方舟电子 哈哈", "华星科技 ok").
const FILLER = /(?:的|了|吧|啊|呀|哦|嗯|哈|呢|那边|这边|方面|一下|好的|收到|谢谢|(?<![a-z])(?:ok|okay|thanks|thank you|lol|haha)(?![a-z])|[\s\p{P}\p{S}\d])/giu;

/** Does `text` state something beyond the names in it (at least two words' worth)? */
function statesSomething(text: string, names: string[]): boolean {
  if (TO_THE_BOT.test(text.trim())) return false;
  let rest = text;
  for (const n of names.filter(Boolean).sort((a, b) => b.length - a.length)) rest = rest.replace(new RegExp(escapeRegExp(n), 'gi'), ' ');
  rest = rest.replace(FILLER, ' ');
  const han = rest.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = rest.replace(/\p{Script=Han}/gu, ' ').split(/[^A-Za-z]+/).filter((w) => w.length >= 2).length;
  return han >= 3 || latinWords >= 3;
}

/** The sender's customer the remark is about, and the contact that told which one (if that decided it). */
async function noteCustomer(db: Tx, env: HandlerEnv): Promise<{ customer: Customer; via?: string; colleague?: string; previous?: boolean } | { notTheirs: string } | null> {
  const named = env.parsed.customer;
  if (named) {
    const m = await matchCustomers(db, env.user.id, named.name);
    // A short form the parser matched to a customer of theirs ("华星" for 华星科技) may be partial.
    const sure = m.exact ?? (named.evidence === 'known' && m.partial.length === 1 ? m.partial[0] : null);
    if (sure) return { customer: sure };
    // A manager's remark about the one customer of that name among their reps' goes on it.
    const joint = await colleagueCustomer(db, env.user, named.name, env.rawText);
    if (joint) return { customer: joint.customer, colleague: joint.owner.displayName };
  }
  const mentioned = await customersByContactMention(db, env.user.id, env.rawText);
  const sole = soleCustomer(mentioned);
  // A name that is not the contact itself may be some other company: no guess then.
  if (sole && (!named || mentioned.some((x) => x.contactName === named.name.trim()))) {
    const customer = await db.customer.findUnique({ where: { id: sole.customerId } });
    if (customer) return { customer, via: sole.contactName };
  }
  if (named && named.evidence !== 'weak') return { notTheirs: named.name };
  // "他们周五前要一份报价单" right after a record of one customer: that customer (customers/previous.ts).
  // (A contact of theirs named by full name decides instead, or asks when several customers share it.)
  if (!named && !mentioned.length && speaksOfThem(env.rawText)) {
    const previous = await previousRecordCustomers(db, env.user.id, env.inboundId);
    if (previous?.length === 1) return { customer: previous[0], previous: true };
  }
  return null;
}

/**
 * "工程部刘工说图纸下周给", "李明华反馈说没问题": one of their people told the rep something, but
 * the message names no customer of theirs and the person decides none (an honorific form, or a
 * name no customer of theirs has). Answering "没太明白" would drop it and guessing would misfile
 * it: the bot asks which customer (messages/ask.ts), the person's customers first, and the answer
 * keeps it as this note would be kept — an activity of type 其他 in the rep's words, with the person.
 */
async function askWhose(db: Tx, env: HandlerEnv, text: string): Promise<HandlerResult | null> {
  const summary = text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}…` : text;
  const parsed = { ...env.parsed, intent: 'log_activity' as const, activity: { type: 'OTHER' as const, occurredAt: env.now.toISOString(), summary } };
  const gate = await askInsteadOfGuessing(db, { ...env, parsed });
  return 'reply' in gate ? gate.reply : null;
}

/**
 * For a message the parser found nothing to record in: a note on the customer it is about, the
 * plain "not one of your customers" when it names someone else's, or null (not a remark).
 */
export async function customerNote(db: Tx, env: HandlerEnv): Promise<HandlerResult | null> {
  const text = env.rawText.trim();
  const p = env.parsed;
  const zh = env.lang === 'zh';
  if (!statesSomething(text, [p.customer?.name ?? '', ...p.contacts.map((c) => c.name)])) return null;
  const found = await noteCustomer(db, env);
  if (!found) return p.contacts.length && (!p.customer || p.customer.evidence === 'weak') ? askWhose(db, env, text) : null;
  if ('notTheirs' in found) {
    // "华兴科技的王总说…" when the rep has 华星科技: a typo of their own customer is asked about
    // ("是同一家吗？"), never refused as someone else's.
    if ((await ownNearMisses(db, env.user.id, customerKey(found.notTheirs))).length) {
      const asked = await askWhose(db, env, text);
      if (asked) return asked;
    }
    return {
      text: zh
        ? `没有记录：你的客户里没有“${found.notTheirs}”。如果是新客户，记一次拜访或电话时带上它（例如“今天拜访了${found.notTheirs}，…”）就会新建。`
        : `Nothing recorded: "${found.notTheirs}" is not one of your customers. If it is a new one, log a visit or call with it (e.g. "visited ${found.notTheirs} today, …") to create it.`,
      outcome: 'REJECTED',
    };
  }
  const { customer, via, colleague, previous } = found;
  const contacts = p.contacts.length ? await upsertContacts(db, customer.id, p.contacts, env.log) : [];
  const summary = text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}…` : text;
  await createActivity(
    db,
    // Only what one of their people told the rep is a contact with the customer: a bare remark
    // ("方舟电子下个月换采购负责人") must not hide a customer going quiet from the churn and
    // hot-customer checks, which read the last contact.
    {
      authorId: env.user.id, customerId: customer.id, opportunity: { openOf: customer.ownerId }, inboundId: env.inboundId, rawText: env.rawText,
      // Dated when the rep says it was said ("今天上午方舟电子的刘总说…"), else now.
      parsed: { type: 'OTHER', occurredAt: statedPast(env.rawText, { now: env.now, timezone: env.tz }) ?? env.now.toISOString(), summary }, contact: toldBy([...p.contacts, ...(via ? [{ name: via }] : [])], env.rawText),
    },
    env.log,
  );
  const who = via ? (zh ? `（按联系人${via}）` : ` (via contact ${via})`) : colleague ? (zh ? `（${colleague}的客户）` : ` (${colleague}'s customer)`) : previous ? (zh ? '（接上一条记录）' : ' (from your previous record)') : '';
  const title = zh ? `📝 已记为备注 · ${customer.name}${who}` : `📝 Kept as a note · ${customer.name}${who}`;
  const lines = [
    `• ${summary}`,
    ...contacts.map((c) => contactLine(c, env.lang)),
    // Said only when true: a contact this message created or changed is a field that was stored.
    contacts.some((c) => c.created || c.updated)
      ? (zh ? '（联系人已按上面更新；原话另作为一条“其他”类活动存在客户记录里）' : '(The contacts above are stored; your words are also kept on the customer as an activity of type Other.)')
      : (zh ? '（没有对应的字段，原话作为一条“其他”类活动存在客户记录里）' : '(There is no field for this, so your words are kept on the customer as an activity of type Other.)'),
  ];
  const footer = zh ? '回复“撤销”可撤回。' : 'Reply "undo" to revert.';
  return {
    text: [title, ...lines, footer].join('\n'),
    outcome: 'APPLIED',
    card: { inboundId: env.inboundId, title, lines, actions: ['undo'] },
  };
}
