// "哪些单子停滞超过14天": OPEN opportunities in the asker's scope whose days in the current stage
// exceed the asked number of days, or — without a number — each stage's own threshold.
import type { IntentHandler } from '../handlerTypes.js';
import { parseTeamSettings } from '../../schedulers/config.js';
import { findStalled, formatStalledList } from '../stalled.js';
import { visibleUserIds } from '../users.js';

export const stalledQuery: IntentHandler = async (db, env) => {
  const { lang, now, user } = env;
  const days = env.parsed.query?.days ?? null;
  const scope = await visibleUserIds(db, user);
  const settings = parseTeamSettings(user.team?.settings);
  const deals = await findStalled(db, now, { userIds: scope, days, stallDays: settings.stallDays });
  const zh = lang === 'zh';
  if (!deals.length) {
    return {
      text: days ? (zh ? `👍 没有停滞超过 ${days} 天的商机。` : `👍 No opportunities stalled for more than ${days} days.`) : zh ? '👍 没有停滞的商机。' : '👍 No stalled opportunities.',
      outcome: 'ANSWERED',
    };
  }
  const title = days
    ? zh
      ? `🐢 停滞超过 ${days} 天的商机（${deals.length}）`
      : `🐢 Opportunities stalled for more than ${days} days (${deals.length})`
    : undefined;
  return { text: formatStalledList(deals, lang, { showOwner: scope === null || scope.length > 1, title }), outcome: 'ANSWERED' };
};
