// 本月排名: the rankings of the reps in the asker's scope (or a named team). Naming a person
// shows that person's places within the asker's whole scope. Money is ranked in the asker's team
// reporting currency (Team.settings.currency), other currencies shown beside it.
import type { IntentHandler } from '../handlerTypes.js';
import { resolvePeriod } from './periods.js';
import { computeRankings, formatRankings, nonRepWon } from './rankings.js';
import { resolveScope } from './scope.js';
import { rankingChart } from './charts.js';
import { visibleUserIds } from '../users.js';
import { teamReportingCurrency } from '../teams/settings.js';

export const rankingQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const period = resolvePeriod(q?.period, env.now, env.tz, env.lang);
  const s = scope.scope;
  const zh = env.lang === 'zh';
  const userIds = s.person ? await visibleUserIds(db, env.user) : s.userIds;
  const currency = teamReportingCurrency(env.user.team);
  const rows = await computeRankings(db, { userIds, start: period.start, end: period.end, currency });
  const groupLabel = s.person ? (zh ? '团队' : 'team') : s.label;
  const title = zh ? `🏅 ${groupLabel} · ${period.label}排名` : `🏅 ${groupLabel} · ranking ${period.label}`;
  if (s.person) {
    const me = rows.find((r) => r.userId === s.person!.id);
    const n = rows.length;
    const text = me
      ? zh
        ? `🏅 ${me.displayName} · ${period.label}排名（共 ${n} 人）\n赢单金额 第${me.rank.wonAmount} · 新增商机 第${me.rank.newPipeline} · 新客户 第${me.rank.newCustomers} · 跟进次数 第${me.rank.activities}\n${formatRankings([me], env.lang, '', undefined, currency).trimStart()}`
        : `🏅 ${me.displayName} · ranking ${period.label} (of ${n})\nWon #${me.rank.wonAmount} · new pipeline #${me.rank.newPipeline} · new customers #${me.rank.newCustomers} · activities #${me.rank.activities}\n${formatRankings([me], env.lang, '', undefined, currency).trimStart()}`
      : formatRankings([], env.lang, title);
    return { text, outcome: 'ANSWERED' };
  }
  return { text: formatRankings(rows, env.lang, title, await nonRepWon(db, userIds, period.start, period.end), currency), outcome: 'ANSWERED', chart: rankingChart(rows, env.lang, title, currency) };
};
