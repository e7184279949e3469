// `npm run cli -- target set <用户名|--team 团队名> <金额> [--period 2026-11]` — set a target
// `npm run cli -- target show [--period 2026-11] [--team 团队名] [--lang en]` — attainment table
// `npm run cli -- target split --team 团队名 [--period 2026-11]` — spread the unassigned part of
// a team target evenly over its reps without a target.
// Runs as an administrator (the operator of the CLI) through the same domain functions as chat.
import { teamReportingCurrency } from '../../domain/teams/settings.js';
import { parseArgs, parseInstant } from '../args.js';
import { openDb } from '../../db/client.js';
import { parseAmountText } from '../../intents/amountText.js';
import { ChangeLog } from '../../domain/changes.js';
import type { Tx } from '../../domain/context.js';
import type { Lang } from '../../domain/i18n.js';
import { DEFAULT_TZ } from '../../domain/time.js';
import { currentMonthKey, keyLabel, parsePeriodKey, type PeriodKey } from '../../domain/analytics/periods.js';
import { noSuchPerson } from '../../domain/analytics/scope.js';
import {
  attainment,
  formatAttainment,
  formatSetTarget,
  formatTeamLine,
  setTarget,
  splitTeamTarget,
  teamAttainment,
  type TargetOwner,
} from '../../domain/analytics/targets.js';
import { teamMemberIds } from '../../domain/analytics/scope.js';

export const usage =
  'target set <用户名|--team 团队名> <金额> [--period 2026-11|2026-Q4] | target show [--period] [--team 团队名] | target split --team 团队名 [--period]';

export interface TargetCliOptions {
  now: Date;
  tz: string;
  lang: Lang;
}

/** The CLI's logic on an open database; returns [exit code, output]. Exported for tests. */
export async function runTarget(db: Tx & { $transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T> }, args: string[], o: TargetCliOptions): Promise<[number, string]> {
  const { flags, positional } = parseArgs(args);
  const [sub, ...rest] = positional;
  const rawPeriod = typeof flags.period === 'string' ? flags.period : currentMonthKey(o.now, o.tz);
  const pk: PeriodKey | null = parsePeriodKey(rawPeriod);
  if (!pk) return [2, `not a period: ${rawPeriod} (use 2026-11 or 2026-Q4)`];
  const teamName = typeof flags.team === 'string' ? flags.team : null;
  const findTeam = async () => (teamName ? db.team.findUnique({ where: { name: teamName } }) : null);

  if (sub === 'set') {
    const amountText = teamName ? rest[0] : rest[1];
    const userName = teamName ? null : rest[0];
    if ((!teamName && !userName) || !amountText) return [2, `usage: ${usage}`];
    const amount = parseAmountText(amountText);
    if (amount === null || !(amount > 0)) return [2, `not an amount: ${amountText}`];
    let owner: TargetOwner;
    if (teamName) {
      const team = await findTeam();
      if (!team) return [1, o.lang === 'zh' ? `没有找到团队“${teamName}”。` : `There is no team called "${teamName}".`];
      owner = { kind: 'team', team };
    } else {
      const users = await db.user.findMany({ where: { displayName: userName! }, take: 2 });
      if (users.length !== 1) return [1, users.length ? `more than one user is called ${userName}` : noSuchPerson(o.lang, userName!)];
      owner = { kind: 'user', user: users[0] };
    }
    const r = await db.$transaction((tx) => setTarget(tx, owner, pk, amount, new ChangeLog()));
    return [0, formatSetTarget(r, o.lang)];
  }
  if (sub === 'show') {
    const team = await findTeam();
    if (teamName && !team) return [1, o.lang === 'zh' ? `没有找到团队“${teamName}”。` : `There is no team called "${teamName}".`];
    const ids = team ? await teamMemberIds(db, team.id) : null;
    const currency = teamReportingCurrency(team);
    const rows = await attainment(db, ids, pk, o.tz, currency);
    const title = `🎯 ${team?.name ?? (o.lang === 'zh' ? '全公司' : 'Company')} · ${keyLabel(pk, o.lang)}`;
    const out = [formatAttainment(rows, o.lang, title, currency)];
    const teams = team ? [team] : await db.team.findMany({ where: { parentId: null }, orderBy: { name: 'asc' } });
    for (const tm of teams) out.push(formatTeamLine(await teamAttainment(db, tm, pk, o.tz, teamReportingCurrency(tm)), o.lang));
    return [0, out.join('\n')];
  }
  if (sub === 'split') {
    const team = await findTeam();
    if (!team) return [2, `usage: target split --team <团队名> [--period ${pk.key}]`];
    const r = await db.$transaction((tx) => splitTeamTarget(tx, team, pk, new ChangeLog()));
    if (r.teamTarget === null) return [1, o.lang === 'zh' ? `团队 ${team.name} 没有 ${keyLabel(pk, o.lang)} 的目标。` : `Team ${team.name} has no target for ${keyLabel(pk, o.lang)}.`];
    if (!r.written.length) return [0, o.lang === 'zh' ? '没有需要分解的部分（个人目标已覆盖团队目标，或没有未设目标的销售）。' : 'Nothing to split (rep targets already cover the team target, or every rep has one).'];
    return [0, r.written.map((w) => formatSetTarget(w, o.lang)).join('\n')];
  }
  return [2, `usage: ${usage}`];
}

export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args);
  const now = parseInstant(flags.now, new Date());
  const tz = typeof flags.tz === 'string' ? flags.tz : process.env.TZ_DEFAULT || DEFAULT_TZ;
  const lang: Lang = flags.lang === 'en' ? 'en' : 'zh';
  const db = await openDb();
  try {
    const [code, out] = await runTarget(db.prisma, args.filter((a, i) => !(['--now', '--tz', '--lang'].includes(a) || ['--now', '--tz', '--lang'].includes(args[i - 1]))), { now, tz, lang });
    (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
    return code;
  } finally {
    await db.close();
  }
}
