// Stalled opportunities: OPEN deals whose days in the current stage exceed the threshold. ONE
// setting decides it for answers and pushes alike: the deal owner's team `settings.stallDays`
// (one number for every stage, or per stage key), else the stage's own StageDef.stallDays. Only a
// question that names a number ("哪些单子停滞超过14天") uses that number instead. Owners get one
// alert per deal per stage stint; managers a weekly list of everything stalled in their scope.
import { askNextStep } from './messages/nudgeReply.js';
import { parseTeamSettings, type StallSetting } from '../schedulers/config.js';
import { Prisma } from '../generated/prisma/client.js';
import { inScope } from './analytics/sql.js';
import type { Tx } from './context.js';
import { fmtMoney, type Lang } from './i18n.js';
import type { PlannedPush } from './pushes/types.js';
import { localWeekRange, teamMembers, userRecipient, type TeamCtx } from './pushes/team.js';
import { getStages, stageByKey, stageLabel } from './stages.js';
import { daysBetween } from './time.js';
import { visibleUserIds } from './users.js';

export interface StalledDeal {
  id: string;
  title: string;
  customerName: string;
  ownerId: string;
  ownerName: string;
  stage: string;
  stageEnteredAt: Date;
  daysInStage: number;
  threshold: number;
  amount: number | null;
  currency: string;
}

export interface StalledOptions {
  /** null = everyone (admin scope). */
  userIds: string[] | null;
  /** One threshold for every stage (from the question); else the owners' team settings. */
  days?: number | null;
  /** A setting to use for every owner instead of their team's (tests). */
  stallDays?: StallSetting;
}

export interface StalledPage {
  /** The longest stalled, at most `limit`. */
  deals: StalledDeal[];
  /** How many are stalled in all. */
  total: number;
}

export function stallThreshold(stage: string, opts: { days?: number | null; stallDays?: StallSetting } = {}): number {
  const s = opts.stallDays;
  return opts.days ?? (typeof s === 'number' ? s : s?.[stage]) ?? stageByKey(stage)?.stallDays ?? 14;
}

/**
 * Deals stalled at `now`, longest first. "Over" the threshold: days in stage > threshold, i.e.
 * whole days since stageEnteredAt ≥ threshold + 1. The thresholds (per owner's team and stage, as
 * stallThreshold decides them) go into the statement as a small VALUES table, so the database
 * returns only the stalled deals, already sorted — nothing is filtered in memory.
 */
export async function findStalled(db: Tx, now: Date, opts: StalledOptions): Promise<StalledDeal[]> {
  if (opts.userIds && !opts.userIds.length) return [];
  const found = await db.$queryRaw<Array<Omit<StalledDeal, 'daysInStage'>>>(await stalledSql(db, now, opts));
  return sortStalled(found, now);
}

/**
 * The `limit` longest stalled deals and how many there are in all — what a question answers. A
 * company has thousands of stalled deals; the database counts them and returns only the page.
 */
export async function findStalledPage(db: Tx, now: Date, opts: StalledOptions & { limit: number }): Promise<StalledPage> {
  if (opts.userIds && !opts.userIds.length) return { deals: [], total: 0 };
  const found = await db.$queryRaw<Array<Omit<StalledDeal, 'daysInStage'> & { total: unknown }>>(await stalledSql(db, now, opts));
  return { deals: sortStalled(found.map(({ total: _total, ...d }) => d), now), total: found.length ? Number(found[0].total) : 0 };
}

function sortStalled(found: Array<Omit<StalledDeal, 'daysInStage'>>, now: Date): StalledDeal[] {
  return found
    .map((d) => ({ ...d, daysInStage: daysBetween(d.stageEnteredAt, now) }))
    .sort((a, b) => b.daysInStage - a.daysInStage || byName.compare(a.customerName, b.customerName));
}

/** The statement behind findStalled / findStalledPage (exported for EXPLAIN in the benchmark). */
export async function stalledSql(db: Tx, now: Date, opts: StalledOptions & { limit?: number }): Promise<Prisma.Sql> {
  // Per team ('' = no team): a threshold per stage key it or the configuration names, and one for any other stage.
  const settings: Array<[string, StallSetting | undefined]> = opts.stallDays !== undefined || opts.days
    ? [['*', opts.stallDays]]
    : [['', undefined], ...(await db.team.findMany({ select: { id: true, settings: true } })).map((t) => [t.id, parseTeamSettings(t.settings).stallDays] as [string, StallSetting])];
  // The thresholds go in as one JSON object — team ('' = none, '*' = one setting for all) → stage
  // key ('' = any other stage) → days — read per deal by key. Joined as a table (a CTE, VALUES)
  // on a computed team key they were mis-estimated and drove nested loops over every deal.
  const th: Record<string, Record<string, number>> = {};
  for (const [team, stallDays] of settings) {
    const keys = new Set([...getStages().map((s) => s.key), ...(typeof stallDays === 'object' ? Object.keys(stallDays) : [])]);
    th[team] = Object.fromEntries([...keys].map((k) => [k, stallThreshold(k, { days: opts.days, stallDays })]));
    th[team][''] = stallThreshold('', { days: opts.days, stallDays });
  }
  // No deal can be stalled before the smallest threshold: a bound the index can use.
  const minDays = Math.min(...Object.values(th).flatMap((m) => Object.values(m)));
  const teamKey = settings[0][0] === '*' ? Prisma.sql`'*'` : Prisma.sql`COALESCE(u."teamId", '')`;
  const threshold = Prisma.sql`COALESCE((k.th -> ${teamKey} ->> o.stage)::int, (k.th -> ${teamKey} ->> '')::int)`;
  // The stalled deals (and their count) are found without the customer's row — a 失效 customer
  // (lifecycle LOST, customers/chat.ts: not chased) is excluded by an anti-join over those few —
  // and names are joined to the rows returned: for a page, 50 look-ups instead of one per deal.
  return Prisma.sql`
    SELECT p.*, c.name AS "customerName"
      FROM (SELECT o.id, o.title, o."customerId", o."ownerId", u."displayName" AS "ownerName", o.stage, o."stageEnteredAt",
                   ${threshold} AS threshold, o.amount::float8 AS amount, o.currency${opts.limit !== undefined ? Prisma.sql`, count(*) OVER () AS total` : Prisma.empty}
              FROM "Opportunity" o
              JOIN "User" u ON u.id = o."ownerId"
              CROSS JOIN (SELECT ${JSON.stringify(th)}::jsonb AS th) k
             WHERE o.status = 'OPEN' ${inScope(Prisma.sql`o."ownerId"`, opts.userIds)}
               AND NOT EXISTS (SELECT 1 FROM "Customer" x WHERE x.id = o."customerId" AND x.lifecycle = 'LOST')
               AND o."stageEnteredAt" <= ${now}::timestamp - make_interval(days => ${minDays + 1}::int)
               AND o."stageEnteredAt" <= ${now}::timestamp - make_interval(days => ${threshold} + 1)
             ORDER BY o."stageEnteredAt", o.id${opts.limit !== undefined ? Prisma.sql` LIMIT ${opts.limit}` : Prisma.empty}) p
      JOIN "Customer" c ON c.id = p."customerId"
     ORDER BY p."stageEnteredAt", p.id`;
}

const byName = new Intl.Collator('zh');

export function formatStalledLine(d: StalledDeal, lang: Lang, showOwner: boolean): string {
  const owner = showOwner ? (lang === 'zh' ? `（${d.ownerName}）` : ` (${d.ownerName})`) : '';
  return lang === 'zh'
    ? `• ${d.customerName}${owner} · ${stageLabel(d.stage, lang)} ${d.daysInStage}天（阈值${d.threshold}天） · ${fmtMoney(d.amount, lang, d.currency)}`
    : `• ${d.customerName}${owner} · ${stageLabel(d.stage, lang)} ${d.daysInStage} days (limit ${d.threshold}) · ${fmtMoney(d.amount, lang, d.currency)}`;
}

/**
 * The list, longest stalled first; with `max`, only that many lines and a line saying how many
 * more; `total`: how many are stalled in all when `deals` is only the first page (findStalledPage).
 */
export function formatStalledList(deals: StalledDeal[], lang: Lang, opts: { showOwner: boolean; title?: string; max?: number; total?: number }): string {
  const total = Math.max(opts.total ?? 0, deals.length);
  const title = opts.title ?? (lang === 'zh' ? `🐢 停滞商机（${total}）` : `🐢 Stalled opportunities (${total})`);
  if (!deals.length) return lang === 'zh' ? '👍 没有停滞的商机。' : '👍 No stalled opportunities.';
  const shown = opts.max !== undefined && deals.length > opts.max ? deals.slice(0, opts.max) : deals;
  const rest = total - shown.length;
  const more = rest
    ? lang === 'zh'
      ? `\n…另有 ${rest} 个停滞时间较短的商机未列出`
      : `\n…and ${rest} more, stalled for less long, not listed`
    : '';
  return `${title}\n${shown.map((d) => formatStalledLine(d, lang, opts.showOwner)).join('\n')}${more}`;
}

/** One alert per stalled deal to its owner; the key includes the stage stint, so it fires once per stint. */
export async function stalledAlerts(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const members = await teamMembers(db, team.id);
  const byId = new Map(members.map((m) => [m.id, m]));
  const deals = await findStalled(db, now, { userIds: members.map((m) => m.id) });
  return deals.map((d) => {
    const lang = byId.get(d.ownerId)!.lang;
    const what = d.title && d.title !== d.customerName ? (lang === 'zh' ? `「${d.title}」` : ` "${d.title}"`) : '';
    const text =
      lang === 'zh'
        ? `🐢 商机停滞：${d.customerName}${what}在${stageLabel(d.stage, lang)}阶段已 ${d.daysInStage} 天（超过 ${d.threshold} 天），金额 ${fmtMoney(d.amount, lang, d.currency)}。\n${askNextStep(d.customerName, lang)}`
        : `🐢 Stalled: ${d.customerName}${what} has been in ${stageLabel(d.stage, lang)} for ${d.daysInStage} days (limit ${d.threshold}), amount ${fmtMoney(d.amount, lang, d.currency)}.\n${askNextStep(d.customerName, lang)}`;
    return {
      kind: 'stalled' as const,
      recipient: userRecipient(d.ownerId),
      recipientName: d.ownerName,
      periodKey: `opp:${d.id}:${d.stageEnteredAt.toISOString()}`,
      message: { text },
      tz: team.tz,
      quiet: team.settings.quietHours,
    };
  });
}

/** The weekly list to each MANAGER of the team, over everyone they can see. */
export async function stalledWeekly(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const week = localWeekRange(now, team.tz).key;
  const out: PlannedPush[] = [];
  for (const m of (await teamMembers(db, team.id)).filter((u) => u.role === 'MANAGER')) {
    const scope = await visibleUserIds(db, { id: m.id, role: m.role, teamId: m.teamId });
    const deals = await findStalled(db, now, { userIds: scope });
    if (!deals.length) continue;
    const title = m.lang === 'zh' ? `🐢 本周停滞商机（${deals.length}）` : `🐢 Stalled opportunities this week (${deals.length})`;
    out.push({
      kind: 'stalled_weekly',
      recipient: userRecipient(m.id),
      recipientName: m.displayName,
      periodKey: `stalled-weekly:${week}`,
      message: { text: formatStalledList(deals, m.lang, { showOwner: true, title }) },
      tz: team.tz,
      quiet: team.settings.quietHours,
    });
  }
  return out;
}
