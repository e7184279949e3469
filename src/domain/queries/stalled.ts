// "哪些单子停滞了 / 停滞超过14天": OPEN opportunities in the asker's scope whose days in the
// current stage exceed the asked number of days, or — without a number — the same threshold the
// stalled pushes use (the owner's team setting, else the stage's own; see stalled.ts).
import type { IntentHandler } from '../handlerTypes.js';
import { findStalledPage, formatStalledList } from '../stalled.js';
import { visibleUserIds } from '../users.js';

/** A company can have thousands of stalled deals: the answer lists the longest stalled ones. */
const MAX_LINES = 50;

export const stalledQuery: IntentHandler = async (db, env) => {
  const { lang, now, user } = env;
  const days = env.parsed.query?.days ?? null;
  const scope = await visibleUserIds(db, user);
  const { deals, total } = await findStalledPage(db, now, { userIds: scope, days, limit: MAX_LINES });
  const zh = lang === 'zh';
  if (!deals.length) {
    return {
      text: days ? (zh ? `👍 没有停滞超过 ${days} 天的商机。` : `👍 No opportunities stalled for more than ${days} days.`) : zh ? '👍 没有停滞的商机。' : '👍 No stalled opportunities.',
      outcome: 'ANSWERED',
    };
  }
  const title = days
    ? zh
      ? `🐢 停滞超过 ${days} 天的商机（${total}）`
      : `🐢 Opportunities stalled for more than ${days} days (${total})`
    : undefined;
  return { text: formatStalledList(deals, lang, { showOwner: scope === null || scope.length > 1, title, max: MAX_LINES, total }), outcome: 'ANSWERED' };
};
