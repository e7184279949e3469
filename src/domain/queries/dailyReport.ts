// "今天的日报": a rep gets their own report for the day; a manager (or admin) the team roll-up;
// "李娜今天的日报" (subject) gets that person's report when they are in the asker's scope.
import type { IntentHandler } from '../handlerTypes.js';
import { t } from '../i18n.js';
import { computeDailyReport, dailyRange, formatDailyReport, formatRollup, rollupRows } from '../reports/daily.js';
import { rollupUserIds } from '../reports/pushes.js';
import { findVisibleUserByName, userNameExists } from '../users.js';
import { teamReportingCurrency } from '../teams/settings.js';

export const dailyReportQuery: IntentHandler = async (db, env) => {
  const { lang, tz, user } = env;
  // The day asked about: the period's start when one was given (昨天的日报), else today.
  const periodStart = env.parsed.query?.period?.start;
  const day = periodStart ? new Date(periodStart) : env.now;
  const base = dailyRange(day < env.now ? day : env.now, tz);
  // Overdue as of the end of a past day, or as of now for today.
  const range = { ...base, asOf: base.end < env.now ? base.end : env.now };
  const subject = env.parsed.query?.subject?.trim();
  const currency = teamReportingCurrency(user.team);
  if (subject && subject !== user.displayName) {
    const who = await findVisibleUserByName(db, user, subject);
    if (!who) {
      const exists = await userNameExists(db, subject);
      return { text: exists ? t(lang, 'forbidden') : lang === 'zh' ? `没有找到“${subject}”。` : `No one named "${subject}".`, outcome: 'ANSWERED' };
    }
    const [row] = await computeDailyReport(db, [who.id], range, currency);
    return { text: formatDailyReport(row, lang, range.start, tz, undefined, currency), outcome: 'ANSWERED' };
  }
  if (user.role === 'REP' || subject) {
    const [row] = await computeDailyReport(db, [user.id], range, currency);
    return { text: formatDailyReport(row, lang, range.start, tz, undefined, currency), outcome: 'ANSWERED' };
  }
  const rows = rollupRows(await computeDailyReport(db, await rollupUserIds(db, user), range, currency));
  return { text: formatRollup(rows, lang, range.start, tz, undefined, undefined, currency), outcome: 'ANSWERED' };
};
