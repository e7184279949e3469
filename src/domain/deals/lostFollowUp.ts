// "丢单原因：被竞品低价抢走" after "方舟电子丢单了": a reason that names no customer belongs to the
// sender's most recently lost deal (lost in the last 14 days; a message that itself reports the
// loss, "丢单了，价格太高", only to one lost in the last hour). It is stored like a reason given
// with the loss (deals/closing.ts), logged, so "撤销" takes it back. The whole-message form is
// recognised here whatever the parser made of it (withLostReason); a parse that carries
// opportunity.lostReason without a customer takes the same path.
import type { ParsedMessage } from '../../intents/schema.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import type { Tx } from '../context.js';
import { getStages, stageByKey } from '../stages.js';
import { afterLost, closingReplyLines } from './closing.js';

const REASON_ONLY = /^\s*(?:丢单原因|输单原因|丢单是因为|(?:lost|loss) reason)\s*[:：]?\s*(?<reason>\S[\s\S]*?)\s*$/i;

export async function lostReasonFollowUp(db: Tx, env: HandlerEnv): Promise<HandlerResult | null> {
  const o = env.parsed.opportunity;
  if (env.parsed.customer || !o) return null;
  const only = REASON_ONLY.exec(env.rawText)?.groups?.reason ?? null;
  const reason = o.lostReason ?? only;
  if (!reason || (o.stage !== null && stageByKey(o.stage)?.closes !== 'LOST')) return null;
  // A message that reports a loss itself ("Northwind lost to a competitor, price", "丢单了，价格太高")
  // whose customer the parser could not name is a new loss, not a reason for one recorded days ago
  // (it overwrote the reason of another customer's loss): only a loss recorded in the last hour —
  // the rep adding why — takes it; otherwise the ingest asks which customer.
  const window = only ? 14 * 86_400_000 : 3_600_000;
  const opp = await db.opportunity.findFirst({
    where: { ownerId: env.user.id, status: 'LOST', closedAt: { gte: new Date(env.now.getTime() - window) } },
    orderBy: [{ closedAt: 'desc' }, { updatedAt: 'desc' }],
    include: { customer: { select: { name: true } } },
  });
  const zh = env.lang === 'zh';
  if (!opp && !only) return null;
  if (!opp) return { text: zh ? '最近两周没有丢单记录，不知道这个原因属于哪个商机。请说明客户，例如“方舟电子丢单了，原因：…”。没有记录任何内容。' : 'No deal of yours was lost in the last two weeks, so I cannot tell which one this reason is for. Name the customer. Nothing was recorded.', outcome: 'REJECTED' };
  const effects = await afterLost(db, opp, reason, env.log, { reasonOnly: true });
  const lines = closingReplyLines({ lost: effects }, env.lang);
  return { text: [zh ? `✅ 已记录 · ${opp.customer.name}（${opp.title}）` : `✅ Recorded · ${opp.customer.name} (${opp.title})`, ...lines, zh ? '说错了可以发“撤销”。' : 'Send "undo" if this is wrong.'].join('\n'), outcome: 'APPLIED' };
}

/** "丢单原因：…" on its own: a reason for the latest loss, whatever the parser read into it. */
export function withLostReason(parsed: ParsedMessage, text: string): ParsedMessage {
  const reason = REASON_ONLY.exec(text)?.groups?.reason;
  const lost = getStages().find((s) => s.closes === 'LOST');
  // "丢单原因分析" is a question the parser already read as one, not a reason.
  if (!reason || !lost || parsed.customer || parsed.intent === 'query') return parsed;
  return {
    ...parsed,
    intent: 'update_opportunity',
    activity: null,
    contacts: [],
    nextSteps: [],
    hot: null,
    deal: null,
    query: null,
    opportunity: { stage: lost.key, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: reason.slice(0, 500) },
  };
}
