// Sales targets per rep or team for a month ("2026-11") or quarter ("2026-Q4"): set by chat
// ("设置本月目标 张三 50万") or the CLI, attainment from won money (deals/won.ts), payments
// received against the 回款计划 due in the period, remaining gap, and decomposition of a team
// target onto its reps. Reps are always listed; managers only when they have figures of their own.
// Targets are in the team's reporting currency (Team.settings.currency): progress %, gap and order
// count money in that currency only; won money in other currencies is shown beside it and noted as
// left out (money/totals.ts) — nothing is converted.
import type { Team, User } from '../../generated/prisma/client.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import type { IntentHandler } from '../handlerTypes.js';
import { fmtMoney, fmtPercent, t, type Lang } from '../i18n.js';
import { findVisibleUserByName, userNameExists } from '../users.js';
import { keyLabel, parsePeriodKey, periodKeyOf, rangeOfKey, currentMonthKey, type PeriodKey } from './periods.js';
import { teamTreeIds } from '../users.js';
import { noSuchPerson, resolveScope, teamMemberIds } from './scope.js';
import { num } from './sql.js';
import { renderTable } from './table.js';
import { attainmentChart } from './charts.js';
import { plannedByUser } from '../deals/paymentPlans.js';
import { paymentsByUser, wonAmountByUser } from '../deals/won.js';
import { addAmounts, amountIn, DEFAULT_CURRENCY, fmtAmounts, foreignNote, NO_AMOUNTS, type Amounts } from '../money/totals.js';
import { teamReportingCurrency } from '../teams/settings.js';

export type TargetOwner = { kind: 'user'; user: Pick<User, 'id' | 'displayName'> } | { kind: 'team'; team: Pick<Team, 'id' | 'name'> };

export interface SetTargetResult {
  owner: TargetOwner;
  period: PeriodKey;
  amount: number;
  previous: number | null;
}

/**
 * Upserts one target. The unique (period,userId,teamId) key does not stop duplicates when one
 * side is NULL in PostgreSQL, so this is findFirst + update/create inside the caller's transaction.
 */
export async function setTarget(db: Tx, owner: TargetOwner, period: PeriodKey, amount: number, log: ChangeLog): Promise<SetTargetResult> {
  const where = owner.kind === 'user' ? { period: period.key, userId: owner.user.id, teamId: null } : { period: period.key, teamId: owner.team.id, userId: null };
  const existing = await db.target.findFirst({ where, orderBy: { createdAt: 'asc' } });
  if (existing) {
    log.updated('target', existing.id, { amount: existing.amount });
    await db.target.update({ where: { id: existing.id }, data: { amount } });
    return { owner, period, amount, previous: Number(existing.amount) };
  }
  const created = await db.target.create({ data: { ...where, amount } });
  log.created('target', created.id);
  return { owner, period, amount, previous: null };
}

/** Who may set targets for whom: admins anyone, managers their team tree; reps nobody. */
export async function resolveTargetOwner(
  db: Tx,
  viewer: User & { team: Team | null },
  spec: { userName: string | null; team: boolean },
  lang: Lang,
): Promise<{ ok: true; owner: TargetOwner } | { ok: false; text: string }> {
  if (viewer.role === 'REP') {
    return { ok: false, text: lang === 'zh' ? '只有经理或管理员可以设置目标。' : 'Only managers and admins can set targets.' };
  }
  const name = spec.userName?.trim() || null;
  if (spec.team || (name && !(await findVisibleUserByName(db, viewer, name)) && (await db.team.findUnique({ where: { name } })))) {
    const team = name ? await db.team.findUnique({ where: { name } }) : viewer.team;
    if (!team) return { ok: false, text: name ? (lang === 'zh' ? `没有找到团队“${name}”。` : `There is no team called "${name}".`) : lang === 'zh' ? '你不属于任何团队，请写明团队名。' : 'You are not in a team; please name the team.' };
    if (viewer.role !== 'ADMIN' && !(viewer.teamId && (await teamTreeIds(db, viewer.teamId)).includes(team.id))) return { ok: false, text: t(lang, 'forbidden') };
    return { ok: true, owner: { kind: 'team', team: { id: team.id, name: team.name } } };
  }
  if (!name) return { ok: true, owner: { kind: 'user', user: { id: viewer.id, displayName: viewer.displayName } } };
  const user = await findVisibleUserByName(db, viewer, name);
  if (user) return { ok: true, owner: { kind: 'user', user: { id: user.id, displayName: user.displayName } } };
  return { ok: false, text: (await userNameExists(db, name)) ? t(lang, 'forbidden') : noSuchPerson(lang, name) };
}

function ownerName(o: TargetOwner): string {
  return o.kind === 'user' ? o.user.displayName : o.team.name;
}

/** Target amount of a user or team for a key; a quarter without its own target sums its months. */
export async function targetAmount(db: Tx, owner: { userId: string } | { teamId: string }, pk: PeriodKey): Promise<number | null> {
  const base = 'userId' in owner ? { userId: owner.userId, teamId: null } : { teamId: owner.teamId, userId: null };
  const own = await db.target.findFirst({ where: { ...base, period: pk.key }, orderBy: { updatedAt: 'desc' } });
  if (own) return Number(own.amount);
  if (pk.kind !== 'quarter') return null;
  const months = [0, 1, 2].map((i) => `${pk.year}-${String((pk.index - 1) * 3 + 1 + i).padStart(2, '0')}`);
  const agg = await db.target.aggregate({ where: { ...base, period: { in: months } }, _sum: { amount: true }, _count: { _all: true } });
  return agg._count._all ? num(agg._sum.amount) : null;
}

/** Per-user targets for a key in one query (quarter: own quarter target, else the sum of its months). */
export async function userTargets(db: Tx, userIds: string[] | null, pk: PeriodKey): Promise<Map<string, number>> {
  const months = pk.kind === 'quarter' ? [0, 1, 2].map((i) => `${pk.year}-${String((pk.index - 1) * 3 + 1 + i).padStart(2, '0')}`) : [];
  const rows = await db.target.groupBy({
    by: ['userId', 'period'],
    where: { userId: userIds === null ? { not: null } : { in: userIds }, teamId: null, period: { in: [pk.key, ...months] } },
    _sum: { amount: true },
  });
  const own = new Map<string, number>();
  const monthly = new Map<string, number>();
  for (const r of rows) {
    if (!r.userId) continue;
    if (r.period === pk.key) own.set(r.userId, num(r._sum.amount));
    else monthly.set(r.userId, (monthly.get(r.userId) ?? 0) + num(r._sum.amount));
  }
  for (const [u, a] of monthly) if (!own.has(u)) own.set(u, a);
  return own;
}

export interface AttainmentRow {
  userId: string;
  displayName: string;
  target: number | null;
  /** won, paid, planned: the reporting-currency part of the *Amounts beside them. */
  won: number;
  paid: number;
  /** 回款计划 due in the period. */
  planned: number;
  wonAmounts: Amounts;
  paidAmounts: Amounts;
  plannedAmounts: Amounts;
  /** won / target, null without a target. */
  attainment: number | null;
  /** max(0, target - won), null without a target. */
  gap: number | null;
}

export async function attainment(db: Tx, userIds: string[] | null, pk: PeriodKey, tz: string, currency = DEFAULT_CURRENCY): Promise<AttainmentRow[]> {
  if (userIds && !userIds.length) return [];
  const { start, end } = rangeOfKey(pk, tz);
  const [targets, won, paid, planned] = await Promise.all([
    userTargets(db, userIds, pk),
    wonAmountByUser(db, userIds, start, end),
    paymentsByUser(db, userIds, start, end),
    plannedByUser(db, userIds, start, end),
  ]);
  const withData = [...new Set([...targets.keys(), ...won.keys(), ...paid.keys(), ...planned.keys()])];
  const users = await db.user.findMany({
    where: { id: userIds === null ? undefined : { in: userIds }, OR: [{ active: true, role: 'REP' }, { id: { in: withData } }] },
    select: { id: true, displayName: true },
  });
  return users
    .map((u) => {
      const target = targets.get(u.id) ?? null;
      const [wonAmounts, paidAmounts, plannedAmounts] = [won, paid, planned].map((m) => m.get(u.id) ?? NO_AMOUNTS);
      const w = amountIn(wonAmounts, currency);
      return {
        userId: u.id, displayName: u.displayName, target, won: w, paid: amountIn(paidAmounts, currency), planned: amountIn(plannedAmounts, currency), wonAmounts, paidAmounts, plannedAmounts,
        attainment: target ? w / target : null, gap: target === null ? null : Math.max(0, target - w),
      };
    })
    .sort((a, b) => (b.attainment ?? -1) - (a.attainment ?? -1) || b.won - a.won || a.displayName.localeCompare(b.displayName, 'zh'));
}

export interface TeamAttainment {
  team: Pick<Team, 'id' | 'name'>;
  target: number | null;
  /** Sum of the members' own targets: how much of the team target is decomposed. */
  assigned: number;
  won: number;
  paid: number;
  planned: number;
  wonAmounts: Amounts;
  paidAmounts: Amounts;
  plannedAmounts: Amounts;
  attainment: number | null;
  gap: number | null;
  currency: string;
}

/** `currency`: the reporting currency the target is in. */
export async function teamAttainment(db: Tx, team: Pick<Team, 'id' | 'name'>, pk: PeriodKey, tz: string, currency = DEFAULT_CURRENCY): Promise<TeamAttainment> {
  const cur = currency;
  const members = await teamMemberIds(db, team.id);
  const rows = await attainment(db, members, pk, tz, cur);
  const target = await targetAmount(db, { teamId: team.id }, pk);
  const won = rows.reduce((s, r) => s + r.won, 0);
  return {
    team,
    target,
    assigned: rows.reduce((s, r) => s + (r.target ?? 0), 0),
    won,
    paid: rows.reduce((s, r) => s + r.paid, 0),
    planned: rows.reduce((s, r) => s + r.planned, 0),
    wonAmounts: addAmounts(...rows.map((r) => r.wonAmounts)),
    paidAmounts: addAmounts(...rows.map((r) => r.paidAmounts)),
    plannedAmounts: addAmounts(...rows.map((r) => r.plannedAmounts)),
    attainment: target ? won / target : null,
    gap: target === null ? null : Math.max(0, target - won),
    currency: cur,
  };
}

/**
 * Splits what is left of a team target (team target minus the reps' existing targets) evenly over
 * the active reps of the team tree who have no target yet. Returns the targets written.
 */
export async function splitTeamTarget(db: Tx, team: Pick<Team, 'id' | 'name'>, pk: PeriodKey, log: ChangeLog): Promise<{ teamTarget: number | null; written: SetTargetResult[]; remaining: number }> {
  const teamTarget = await targetAmount(db, { teamId: team.id }, pk);
  if (teamTarget === null) return { teamTarget, written: [], remaining: 0 };
  const teams = await teamTreeIds(db, team.id);
  const reps = await db.user.findMany({ where: { teamId: { in: teams }, active: true, role: 'REP' }, select: { id: true, displayName: true }, orderBy: { displayName: 'asc' } });
  const existing = await userTargets(db, reps.map((r) => r.id), pk);
  const assigned = [...existing.values()].reduce((s, a) => s + a, 0);
  const open = reps.filter((r) => !existing.has(r.id));
  const remaining = Math.max(0, teamTarget - assigned);
  if (!open.length || remaining <= 0) return { teamTarget, written: [], remaining };
  // Whole yuan each; the first reps absorb the remainder so the parts add up exactly.
  const base = Math.floor(remaining / open.length);
  let extra = Math.round(remaining - base * open.length);
  const written: SetTargetResult[] = [];
  for (const r of open) {
    const amount = base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    if (amount > 0) written.push(await setTarget(db, { kind: 'user', user: r }, pk, amount, log));
  }
  return { teamTarget, written, remaining: 0 };
}

export function formatSetTarget(r: SetTargetResult, lang: Lang, currency = DEFAULT_CURRENCY): string {
  const money = (n: number) => fmtMoney(n, lang, currency);
  const who = r.owner.kind === 'team' ? (lang === 'zh' ? `团队 ${r.owner.team.name}` : `team ${r.owner.team.name}`) : r.owner.user.displayName;
  const prev = r.previous === null ? '' : lang === 'zh' ? `（原 ${money(r.previous)}）` : ` (was ${money(r.previous)})`;
  return lang === 'zh' ? `🎯 已设置 ${who} ${keyLabel(r.period, lang)}目标：${money(r.amount)}${prev}` : `🎯 Target for ${who}, ${keyLabel(r.period, lang)}: ${money(r.amount)}${prev}`;
}

export function formatTeamLine(ta: TeamAttainment, lang: Lang): string {
  const zh = lang === 'zh';
  const m = (a: Amounts) => fmtAmounts(a, lang, ta.currency);
  if (ta.target === null) return zh ? `团队 ${ta.team.name}：未设团队目标，成员已成交 ${m(ta.wonAmounts)}，回款 ${m(ta.paidAmounts)}（计划 ${m(ta.plannedAmounts)}）` : `Team ${ta.team.name}: no team target; members won ${m(ta.wonAmounts)}, collected ${m(ta.paidAmounts)} (planned ${m(ta.plannedAmounts)})`;
  const note = foreignNote(ta.wonAmounts, ta.currency, lang, { zh: '目标完成率', en: 'target attainment' });
  const unassigned = ta.target - ta.assigned;
  const split = unassigned > 0 ? (zh ? `，尚有 ${fmtMoney(unassigned, lang, ta.currency)} 未分解到个人` : `, ${fmtMoney(unassigned, lang, ta.currency)} not yet assigned to reps`) : unassigned < 0 ? (zh ? `，个人目标合计超出 ${fmtMoney(-unassigned, lang, ta.currency)}` : `, rep targets exceed it by ${fmtMoney(-unassigned, lang, ta.currency)}`) : '';
  return zh
    ? `团队 ${ta.team.name}：目标 ${fmtMoney(ta.target, lang, ta.currency)} · 已成交 ${m(ta.wonAmounts)}（${fmtPercent(ta.attainment)}）· 回款 ${m(ta.paidAmounts)}（计划 ${m(ta.plannedAmounts)}）· 差额 ${fmtMoney(ta.gap, lang, ta.currency)}；个人目标合计 ${fmtMoney(ta.assigned, lang, ta.currency)}${split}${note ? `\n${note}` : ''}`
    : `Team ${ta.team.name}: target ${fmtMoney(ta.target, lang, ta.currency)} · won ${m(ta.wonAmounts)} (${fmtPercent(ta.attainment)}) · collected ${m(ta.paidAmounts)} (planned ${m(ta.plannedAmounts)}) · gap ${fmtMoney(ta.gap, lang, ta.currency)}; rep targets total ${fmtMoney(ta.assigned, lang, ta.currency)}${split}${note ? `\n${note}` : ''}`;
}

export function formatAttainment(rows: AttainmentRow[], lang: Lang, title: string, currency = DEFAULT_CURRENCY): string {
  const zh = lang === 'zh';
  const m = (a: Amounts) => fmtAmounts(a, lang, currency);
  if (!rows.length) return `${title}\n${zh ? '（范围内没有销售人员）' : '(nobody in scope)'}`;
  const h = zh ? ['姓名', '目标', '已成交', '完成率', '已回款', '回款率', '计划回款', '差额'] : ['Name', 'Target', 'Won', 'Attained', 'Collected', 'Collected %', 'Planned', 'Gap'];
  const none = zh ? '未设' : 'none';
  const table = renderTable(
    [{ header: h[0], max: 12 }, ...h.slice(1).map((header) => ({ header, align: 'right' as const }))],
    rows.map((r) => [
      r.displayName,
      r.target === null ? none : fmtMoney(r.target, lang, currency),
      m(r.wonAmounts),
      fmtPercent(r.attainment),
      m(r.paidAmounts),
      fmtPercent(r.target ? r.paid / r.target : null),
      m(r.plannedAmounts),
      r.gap === null ? '—' : fmtMoney(r.gap, lang, currency),
    ]),
  );
  const note = foreignNote(addAmounts(...rows.filter((r) => r.target !== null).map((r) => r.wonAmounts)), currency, lang, { zh: '目标完成率', en: 'target attainment' });
  return `${title}\n${table}${note ? `\n${note}` : ''}`;
}

/** Resolves the target period key of a question: the parsed period when it is a month/quarter, else this month. */
export function targetPeriodOf(period: { start: string; end: string } | null | undefined, now: Date, tz: string): PeriodKey | null {
  if (!period) return parsePeriodKey(currentMonthKey(now, tz));
  const key = periodKeyOf(new Date(period.start), new Date(period.end), tz);
  return key ? parsePeriodKey(key) : null;
}

function notMonthOrQuarter(lang: Lang): string {
  return lang === 'zh' ? '目标按月或按季度设置，请说“本月”“下月”“本季度”等。' : 'Targets are set per month or quarter: say "this month", "next month", "this quarter"…';
}

/** set_target intent: "设置本月目标 张三 50万". */
export const targetHandler: IntentHandler = async (db, env) => {
  const spec = env.parsed.target;
  if (!spec) return { text: t(env.lang, 'unknown'), outcome: 'REJECTED' };
  const pk = targetPeriodOf(spec.period, env.now, env.tz);
  if (!pk) return { text: notMonthOrQuarter(env.lang), outcome: 'REJECTED' };
  const who = await resolveTargetOwner(db, env.user, spec, env.lang);
  if (!who.ok) return { text: who.text, outcome: 'REJECTED' };
  const r = await setTarget(db, who.owner, pk, spec.amount, env.log);
  let text = formatSetTarget(r, env.lang, teamReportingCurrency(env.user.team));
  if (who.owner.kind === 'team') text += `\n${formatTeamLine(await teamAttainment(db, who.owner.team, pk, env.tz, teamReportingCurrency(env.user.team)), env.lang)}`;
  return { text: `${text}\n${env.lang === 'zh' ? '说错了可以发“撤销”。' : 'Send "undo" if this is wrong.'}`, outcome: 'APPLIED' };
};

/** query kind=target: 目标完成率 for the asker's scope (or the named person/team). */
export const targetQuery: IntentHandler = async (db, env) => {
  const q = env.parsed.query;
  const scope = await resolveScope(db, env.user, q?.subject, env.lang);
  if (!scope.ok) return { text: scope.text, outcome: 'REJECTED' };
  const pk = targetPeriodOf(q?.period, env.now, env.tz);
  if (!pk) return { text: notMonthOrQuarter(env.lang), outcome: 'REJECTED' };
  const s = scope.scope;
  const currency = teamReportingCurrency(env.user.team);
  const rows = await attainment(db, s.userIds, pk, env.tz, currency);
  const title = env.lang === 'zh' ? `🎯 ${s.label} · ${keyLabel(pk, env.lang)} 目标完成情况` : `🎯 ${s.label} · targets ${keyLabel(pk, env.lang)}`;
  const parts = [formatAttainment(rows, env.lang, title, currency)];
  const team = s.team ?? (!s.person && env.user.role === 'MANAGER' && env.user.team ? env.user.team : null);
  if (team) parts.push(formatTeamLine(await teamAttainment(db, team, pk, env.tz, currency), env.lang));
  if (!s.person && !s.team && env.user.role === 'ADMIN') {
    const top = await db.team.findMany({ where: { parentId: null }, select: { id: true, name: true }, orderBy: { name: 'asc' }, take: 20 });
    for (const tm of top) parts.push(formatTeamLine(await teamAttainment(db, tm, pk, env.tz, currency), env.lang));
  }
  return { text: parts.join('\n'), outcome: 'ANSWERED', chart: attainmentChart(rows, env.lang, title, currency) };
};
