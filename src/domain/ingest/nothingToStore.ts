// A message the parser understood but that holds nothing to record, said as such rather than
// "not understood": our own company's event that only takes place (公司年会下周五开 — no customer,
// nothing for the rep to do, so no task), or what the customer side plans with no customer named
// (王总说下周开会定供应商 — their meeting, not ours, and not a signing date). Named with its
// customer, the second is kept as a note instead (note.ts). The reply says what was not stored
// and how to have it stored if the rep wants it.
import { whyNothing } from '../../intents/rules/index.js';
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';

export function nothingToStore(env: HandlerEnv): HandlerResult | null {
  const why = whyNothing(env.rawText, { now: env.now, timezone: env.tz });
  if (!why) return null;
  const zh = env.lang === 'zh';
  const quoted = env.rawText.trim().slice(0, 60);
  const when = why.when ?? (zh ? '那天' : 'then');
  if (why.kind === 'our_event') {
    return {
      text: zh
        ? `没有记录：“${quoted}”是公司内部的安排，没有客户，也不是你要做的事，所以没有建待办。\n需要提醒的话请说“提醒我${when}……”。`
        : `Nothing recorded: "${quoted}" is an internal event with no customer and nothing for you to do, so no task was created.\nIf you want a reminder, say "remind me ${when} to …".`,
      outcome: 'REJECTED',
    };
  }
  return {
    text: zh
      ? `没有记录：“${quoted}”说的是客户那边的安排，不是我们的待办，也没有当作签约日期；没看出是哪个客户，所以也没有记为备注。\n带上客户名再发一次即可记为备注（例如“<客户名>的${quoted}”）。`
      : `Nothing recorded: "${quoted}" is what the customer side plans — not a task of ours and not a signing date — and no customer is named, so it was not kept as a note either.\nSend it again with the customer's name to keep it as a note.`,
    outcome: 'REJECTED',
  };
}
