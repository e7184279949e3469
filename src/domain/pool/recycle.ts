// The daily 公海 job of one team: customers whose owner let them sit too long (no follow-up, no
// new deal, not signed — per level, see settings.ts) return to the team's pool; owners are warned
// `warnDays` before. Exactly once per team and local day: the PoolRun row (team, day) is inserted
// with ON CONFLICT DO NOTHING in the same transaction as the returns, so a second instance, a
// restart or a catch-up run that day finds the row and does nothing. Notices go through the
// outbox (unique keys), inside that same transaction.
import type { PrismaClient, Team } from '../../generated/prisma/client.js';
import { parseTeamSettings } from '../../schedulers/config.js';
import { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { langOf, type Lang } from '../i18n.js';
import { moveCustomers } from '../ownership/move.js';
import { enqueue } from '../pushes/outbox.js';
import { userRecipient, validTz } from '../pushes/team.js';
import { formatDate, localDateKey } from '../time.js';
import { poolHolder } from './holder.js';
import { parsePoolSettings, poolEnabled, ruleFor, type PoolSettings } from './settings.js';

const DAY_MS = 86_400_000;

export interface PoolCandidate {
  id: string;
  name: string;
  level: string | null;
  lifecycle: string;
  ownerId: string;
  createdAt: Date;
  ownerSince: Date | null;
  lastContactAt: Date | null;
  /** Newest opportunity created on the customer, if any. */
  lastDealAt: Date | null;
}

export interface PoolVerdict {
  /** When the customer returns to the pool under the current rule; null = never. */
  returnAt: Date;
  reason: 'noFollowUp' | 'noDeal' | 'notSigned';
}

const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

/** When (and why) a customer would return to the pool; null when no rule applies to it. */
export function poolVerdict(c: PoolCandidate, s: PoolSettings): PoolVerdict | null {
  const signed = c.lifecycle === 'SIGNED' || c.lifecycle === 'REPEAT';
  if (signed && !s.includeSigned) return null;
  const rule = ruleFor(s, c.level);
  if (!rule) return null;
  // The clock starts when the current owner got the customer: a fresh claim is not returned at once.
  const start = later(c.createdAt, c.ownerSince);
  const options: PoolVerdict[] = [];
  if (rule.noFollowUpDays !== null) options.push({ returnAt: new Date(later(start, c.lastContactAt).getTime() + rule.noFollowUpDays * DAY_MS), reason: 'noFollowUp' });
  if (rule.noDealDays !== null) options.push({ returnAt: new Date(later(start, c.lastDealAt).getTime() + rule.noDealDays * DAY_MS), reason: 'noDeal' });
  if (rule.notSignedDays !== null && !signed) options.push({ returnAt: new Date(start.getTime() + rule.notSignedDays * DAY_MS), reason: 'notSigned' });
  if (!options.length) return null;
  return options.reduce((a, b) => (b.returnAt < a.returnAt ? b : a));
}

const REASON: Record<PoolVerdict['reason'], Record<Lang, string>> = {
  noFollowUp: { zh: '长期未跟进', en: 'no follow-up' },
  noDeal: { zh: '长期无新商机', en: 'no new deal' },
  notSigned: { zh: '长期未成交', en: 'not signed' },
};

export interface PoolRunResult {
  /** False when the rules had already run for this team and day (or the pool is off). */
  ran: boolean;
  day: string;
  returned: number;
  warned: number;
}

async function candidates(db: Tx, teamId: string): Promise<PoolCandidate[]> {
  const rows = await db.customer.findMany({
    // A customer marked 失效 (customers/chat.ts) is neither warned about nor returned to the pool.
    where: { lifecycle: { not: 'LOST' }, owner: { teamId, active: true, poolTeamId: null } },
    select: { id: true, name: true, level: true, lifecycle: true, ownerId: true, createdAt: true, ownerSince: true, lastContactAt: true },
  });
  const last = new Map<string, Date | null>();
  for (let i = 0; i < rows.length; i += 1000) {
    const ids = rows.slice(i, i + 1000).map((r) => r.id);
    const deals = await db.opportunity.groupBy({ by: ['customerId'], where: { customerId: { in: ids } }, _max: { createdAt: true } });
    for (const d of deals) last.set(d.customerId, d._max.createdAt);
  }
  return rows.map((r) => ({ ...r, lastDealAt: last.get(r.id) ?? null }));
}

/** Runs the team's pool rules for the local day of `now`, at most once per day. */
export async function runPoolRules(prisma: PrismaClient, now: Date, team: Team, opts: { defaultTz?: string } = {}): Promise<PoolRunResult> {
  const tz = validTz(team.timezone, opts.defaultTz);
  const day = localDateKey(now, tz);
  const s = parsePoolSettings(team.settings);
  if (!poolEnabled(s)) return { ran: false, day, returned: 0, warned: 0 };
  const quiet = parseTeamSettings(team.settings).quietHours;
  return prisma.$transaction(
    async (tx) => {
      const { count } = await tx.poolRun.createMany({ data: [{ teamId: team.id, day }], skipDuplicates: true });
      if (count === 0) return { ran: false, day, returned: 0, warned: 0 };
      const holder = await poolHolder(tx, team);
      const dueBy = new Map<string, Array<{ c: PoolCandidate; v: PoolVerdict }>>();
      const warnBy = new Map<string, Array<{ c: PoolCandidate; v: PoolVerdict }>>();
      for (const c of await candidates(tx, team.id)) {
        const v = poolVerdict(c, s);
        if (!v) continue;
        const bucket = v.returnAt <= now ? dueBy : s.warnDays > 0 && v.returnAt.getTime() - now.getTime() <= s.warnDays * DAY_MS ? warnBy : null;
        if (!bucket) continue;
        const list = bucket.get(c.ownerId) ?? [];
        list.push({ c, v });
        bucket.set(c.ownerId, list);
      }
      const owners = new Map((await tx.user.findMany({ where: { id: { in: [...dueBy.keys(), ...warnBy.keys()] } } })).map((u) => [u.id, u]));
      const poolKeys = new Set((await tx.customer.findMany({ where: { ownerId: holder.id }, select: { normalizedName: true } })).map((c) => c.normalizedName));
      let returned = 0;
      const returnedNames: string[] = [];
      for (const [ownerId, items] of dueBy) {
        // A same-named customer already in the pool would break the (owner, name) key: leave it.
        const ids = (await tx.customer.findMany({ where: { id: { in: items.map((i) => i.c.id) } }, select: { id: true, normalizedName: true } }))
          .filter((c) => !poolKeys.has(c.normalizedName) && (poolKeys.add(c.normalizedName), true))
          .map((c) => c.id);
        const r = await moveCustomers(tx, { customerIds: ids, fromUserId: ownerId, toUserId: holder.id, kind: 'POOL_RETURN', actorId: null, inboundId: null, now, log: new ChangeLog() });
        if (!r.moved.length) continue;
        returned += r.moved.length;
        const moved = new Set(r.moved);
        const done = items.filter((i) => moved.has(i.c.id));
        returnedNames.push(...done.map((i) => i.c.name));
        const owner = owners.get(ownerId);
        const lang = langOf(owner?.locale);
        const lines = done.slice(0, 30).map((i) => `• ${i.c.name}（${REASON[i.v.reason][lang]}）`);
        const more = done.length > 30 ? [lang === 'zh' ? `…共 ${done.length} 个` : `…${done.length} in all`] : [];
        await enqueue(tx, 'pool_returned', userRecipient(ownerId), `pool-returned:${day}`, {
          recipient: userRecipient(ownerId),
          recipientName: owner?.displayName,
          message: { text: [lang === 'zh' ? `🌊 以下 ${done.length} 个客户按“${team.name}”公海规则退回了公海：` : `🌊 ${done.length} customer(s) returned to the pool of "${team.name}":`, ...lines, ...more].join('\n') },
          tz,
          quiet,
        }, { notBefore: now });
      }
      let warned = 0;
      for (const [ownerId, items] of warnBy) {
        const owner = owners.get(ownerId);
        const lang = langOf(owner?.locale);
        warned += items.length;
        items.sort((a, b) => a.v.returnAt.getTime() - b.v.returnAt.getTime());
        const lines = items.slice(0, 30).map((i) => (lang === 'zh' ? `• ${i.c.name}：${formatDate(i.v.returnAt, lang, tz)} 前需跟进（${REASON[i.v.reason][lang]}）` : `• ${i.c.name}: act before ${formatDate(i.v.returnAt, lang, tz)} (${REASON[i.v.reason][lang]})`));
        const more = items.length > 30 ? [lang === 'zh' ? `…共 ${items.length} 个` : `…${items.length} in all`] : [];
        await enqueue(tx, 'pool_warn', userRecipient(ownerId), `pool-warn:${day}`, {
          recipient: userRecipient(ownerId),
          recipientName: owner?.displayName,
          message: { text: [lang === 'zh' ? `⏳ 以下 ${items.length} 个客户即将退回公海，跟进后即可保留：` : `⏳ ${items.length} customer(s) will return to the pool unless you follow up:`, ...lines, ...more].join('\n') },
          tz,
          quiet,
        }, { notBefore: now });
      }
      if (returned && team.chatTarget) {
        const lang = langOf(team.locale);
        const names = returnedNames.slice(0, 20).join(lang === 'zh' ? '、' : ', ') + (returnedNames.length > 20 ? '…' : '');
        await enqueue(tx, 'pool_summary', { kind: 'chat', target: team.chatTarget }, `pool-summary:${day}`, {
          recipient: { kind: 'chat', target: team.chatTarget },
          message: { text: lang === 'zh' ? `🌊 今天有 ${returned} 个客户进入公海：${names}。发送“公海”查看，“领取 客户名”领取。` : `🌊 ${returned} customer(s) entered the pool today: ${names}. Send "pool" to see them, "claim <name>" to take one.` },
          tz,
          quiet,
        }, { notBefore: now });
      }
      await tx.poolRun.update({ where: { teamId_day: { teamId: team.id, day } }, data: { returned, warned } });
      return { ran: true, day, returned, warned };
    },
    { maxWait: 15_000, timeout: 120_000 },
  );
}
