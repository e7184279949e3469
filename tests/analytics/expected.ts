// Independent re-computation of the answers from the generated data (plain JS loops over the
// in-memory copy). Deliberately written differently from the SQL under test.
import { DAY, NOW, STAGES, type GData } from './dataset.js';

export const within = (d: Date | null, s: Date, e: Date) => !!d && d.getTime() >= s.getTime() && d.getTime() < e.getTime();

export function scopeOf(g: GData, who: 'admin' | 'mgrEast' | 'mgrNorth' | 'repA'): string[] {
  const u = g.users;
  if (who === 'admin') return Object.values(u).map((x) => x.id);
  if (who === 'mgrEast') return [u.mgrEast.id, u.repA.id, u.repB.id, u.repC.id, u.idle.id];
  if (who === 'mgrNorth') return [u.mgrNorth.id, u.repD.id];
  return [u.repA.id];
}

/** Won deals, written out: every contract, plus each WON deal that has no contract, at its close. */
export function wonDeals(g: GData): Array<{ ownerId: string; customerId: string; contractId: string | null; oppId: string | null; amount: number; at: Date }> {
  const out: Array<{ ownerId: string; customerId: string; contractId: string | null; oppId: string | null; amount: number; at: Date }> = [];
  for (const k of g.contracts) out.push({ ownerId: k.ownerId, customerId: k.customerId, contractId: k.id, oppId: k.opportunityId, amount: k.amount, at: k.signedAt });
  for (const o of g.opps) if (o.status === 'WON' && !g.contracts.some((k) => k.opportunityId === o.id)) out.push({ ownerId: o.ownerId, customerId: o.customerId, contractId: null, oppId: o.id, amount: o.amount, at: o.closedAt! });
  return out;
}

export function loosePaymentsIn(g: GData, ids: string[], s: Date, e: Date): number {
  const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
  return g.payments.filter((p) => !p.contractId && ids.includes(owner.get(p.customerId)!) && within(p.receivedAt, s, e)).reduce((a, p) => a + p.amount, 0);
}

export function wonBy(g: GData, userId: string, s: Date, e: Date): number {
  let sum = 0;
  for (const k of g.contracts) if (k.ownerId === userId && within(k.signedAt, s, e)) sum += k.amount;
  for (const o of g.opps) {
    if (o.ownerId !== userId || o.status !== 'WON' || !within(o.closedAt, s, e)) continue;
    if (!g.contracts.some((k) => k.opportunityId === o.id)) sum += o.amount;
  }
  return sum;
}

export function paidBy(g: GData, userId: string, s: Date, e: Date): number {
  const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
  return g.payments.filter((p) => owner.get(p.customerId) === userId && within(p.receivedAt, s, e)).reduce((a, p) => a + p.amount, 0);
}

export function expectedRankings(g: GData, ids: string[], s: Date, e: Date) {
  // Only reps are ranked.
  const users = Object.values(g.users).filter((u) => ids.includes(u.id) && u.role === 'REP');
  const rows = users.map((u) => ({
    userId: u.id,
    activities: g.activities.filter((a) => a.authorId === u.id && within(a.occurredAt, s, e)).length,
    newCustomers: g.customers.filter((c) => c.ownerId === u.id && within(c.createdAt, s, e)).length,
    newPipeline: g.opps.filter((o) => o.ownerId === u.id && within(o.createdAt, s, e)).reduce((a, o) => a + o.amount, 0),
    wonAmount: wonBy(g, u.id, s, e),
  }));
  const rank = (m: 'activities' | 'newCustomers' | 'newPipeline' | 'wonAmount') => {
    const sorted = rows.map((r) => r[m]).sort((a, b) => b - a);
    return new Map(rows.map((r) => [r.userId, sorted.indexOf(r[m]) + 1]));
  };
  const ranks = { activities: rank('activities'), newCustomers: rank('newCustomers'), newPipeline: rank('newPipeline'), wonAmount: rank('wonAmount') };
  return rows.map((r) => ({ ...r, rank: { activities: ranks.activities.get(r.userId)!, newCustomers: ranks.newCustomers.get(r.userId)!, newPipeline: ranks.newPipeline.get(r.userId)!, wonAmount: ranks.wonAmount.get(r.userId)! } }));
}

export function expectedFunnel(g: GData, ids: string[], s: Date, e: Date) {
  const opps = g.opps.filter((o) => ids.includes(o.ownerId) && o.createdAt < e && (o.status === 'OPEN' || (o.closedAt && o.closedAt >= s)));
  const byStage: Record<string, { count: number; amount: number }> = {};
  for (const o of opps) {
    if (o.status !== 'OPEN') continue;
    byStage[o.stage] ??= { count: 0, amount: 0 };
    byStage[o.stage].count++;
    byStage[o.stage].amount += o.amount;
  }
  // The won row is won money (contracts, else the deal's amount); the lost row the deals lost in the period.
  const won = wonDeals(g).filter((w) => ids.includes(w.ownerId) && within(w.at, s, e));
  byStage.WON = { count: new Set(won.map((w) => w.oppId ?? w.contractId)).size, amount: won.reduce((a, w) => a + w.amount, 0) };
  const lost = g.opps.filter((o) => ids.includes(o.ownerId) && o.status === 'LOST' && within(o.closedAt, s, e));
  byStage.LOST = { count: lost.length, amount: lost.reduce((a, o) => a + o.amount, 0) };
  // Furthest funnel stage ever reached; LOST is not on the path.
  const furthest = opps.map((o) => Math.max(-1, ...o.history.map((h) => STAGES.indexOf(h.toStage))));
  const reached = STAGES.map((_, i) => furthest.filter((f) => f >= i).length);
  const conversion = STAGES.map((_, i) => (i < STAGES.length - 1 && reached[i] > 0 ? reached[i + 1] / reached[i] : null));
  const stays: Record<string, number[]> = {};
  for (const o of opps) {
    o.history.forEach((h, i) => {
      const end = i + 1 < o.history.length ? o.history[i + 1].at : (o.closedAt ?? NOW);
      (stays[h.toStage] ??= []).push((end.getTime() - h.at.getTime()) / DAY);
    });
  }
  const avgDays = Object.fromEntries(Object.entries(stays).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
  return { byStage, reached, conversion, avgDays, count: Object.values(byStage).reduce((a, b) => a + b.count, 0) };
}

export function expectedForecast(g: GData, ids: string[], s: Date, e: Date) {
  const open = g.opps.filter((o) => ids.includes(o.ownerId) && o.status === 'OPEN' && within(o.expectedCloseDate, s, e));
  const weighted = open.reduce((a, o) => a + (o.amount * o.probability) / 100, 0);
  const pipeline = open.reduce((a, o) => a + o.amount, 0);
  const commit = open.filter((o) => o.qualification === 'VALUABLE');
  const won = ids.reduce((a, id) => a + wonBy(g, id, s, e), 0);
  return { weighted, pipeline, won, commitIds: commit.map((o) => o.id).sort(), commitTotal: commit.reduce((a, o) => a + o.amount, 0), openCount: open.length };
}

export function expectedReceivables(g: GData, ids: string[]) {
  const open = wonDeals(g)
    .filter((w) => ids.includes(w.ownerId))
    .map((w) => ({ id: w.contractId ?? w.oppId!, at: w.at, outstanding: w.amount - g.payments.filter((p) => w.contractId && p.contractId === w.contractId).reduce((a, p) => a + p.amount, 0) }))
    .filter((k) => k.outstanding > 0);
  const aging: Record<string, { count: number; amount: number }> = { '0-30': { count: 0, amount: 0 }, '31-60': { count: 0, amount: 0 }, '61-90': { count: 0, amount: 0 }, '90+': { count: 0, amount: 0 } };
  for (const k of open) {
    const d = Math.floor((NOW.getTime() - k.at.getTime()) / DAY);
    const b = d <= 30 ? '0-30' : d <= 60 ? '31-60' : d <= 90 ? '61-90' : '90+';
    aging[b].count++;
    aging[b].amount += k.outstanding;
  }
  return { count: open.length, total: open.reduce((a, k) => a + k.outstanding, 0), ids: open.map((k) => k.id).sort(), aging };
}

/** What is still unpaid of each plan: payments cover a contract's plans from the earliest due. */
export function expectedPlanUnpaid(g: GData): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of g.contracts) {
    const plans = g.plans.filter((p) => p.contractId === k.id).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1));
    const paid = g.payments.filter((p) => p.contractId === k.id).reduce((a, p) => a + p.amount, 0);
    const outstanding = Math.max(0, k.amount - paid);
    let covered = Math.max(0, plans.reduce((a, p) => a + p.amount, 0) - outstanding);
    for (const p of plans) {
      const take = Math.min(p.amount, covered);
      covered -= take;
      out.set(p.id, p.amount - take);
    }
  }
  return out;
}

export function expectedForgotten(g: GData, ids: string[], limits: Record<'hot' | 'big' | 'deal' | 'signed' | 'prospect', number>, days: number | null = null) {
  const out: Array<{ id: string; level: string; days: number }> = [];
  for (const c of g.customers) {
    if (!ids.includes(c.ownerId) || c.lifecycle === 'LOST') continue;
    const open = g.opps.filter((o) => o.customerId === c.id && o.status === 'OPEN');
    const signed = c.lifecycle === 'SIGNED' || c.lifecycle === 'REPEAT';
    const level = c.hot ? 'hot' : open.some((o) => o.grade === 'BIG') ? 'big' : open.length ? 'deal' : signed ? 'signed' : 'prospect';
    const since = Math.floor((NOW.getTime() - (c.lastContactAt ?? c.createdAt).getTime()) / DAY);
    if (since > (days ?? limits[level as keyof typeof limits])) out.push({ id: c.id, level, days: since });
  }
  return out;
}

export function expectedClosing(g: GData, ids: string[], s: Date, e: Date) {
  const open = g.opps.filter((o) => ids.includes(o.ownerId) && o.status === 'OPEN' && within(o.expectedCloseDate, s, e));
  return { ids: open.map((o) => o.id).sort(), total: open.reduce((a, o) => a + o.amount, 0), weighted: open.reduce((a, o) => a + (o.amount * o.probability) / 100, 0) };
}

export function expectedLost(g: GData, ids: string[], s: Date, e: Date) {
  const lost = g.opps.filter((o) => ids.includes(o.ownerId) && o.status === 'LOST' && within(o.closedAt, s, e));
  const byCategory: Record<string, number> = {};
  const byCompetitor: Record<string, number> = {};
  for (const o of lost) {
    for (const c of o.lost?.categories ?? []) byCategory[c] = (byCategory[c] ?? 0) + 1;
    if (o.lost?.competitor) byCompetitor[o.lost.competitor] = (byCompetitor[o.lost.competitor] ?? 0) + 1;
  }
  return { count: lost.length, amount: lost.reduce((a, o) => a + o.amount, 0), byCategory, byCompetitor, withoutReason: lost.filter((o) => !o.lost).length };
}

const SEG: Record<string, string> = { HHH: '重要价值', LHH: '重要保持', HLH: '重要发展', LLH: '重要挽留', HHL: '一般价值', LHL: '一般保持', HLL: '一般发展', LLL: '一般挽留' };

/** Purchases: won deals and payments without a contract, per customer. */
export function purchases(g: GData): Array<{ customerId: string; amount: number; at: Date }> {
  return [
    ...wonDeals(g).map((w) => ({ customerId: w.customerId, amount: w.amount, at: w.at })),
    ...g.payments.filter((p) => !p.contractId).map((p) => ({ customerId: p.customerId, amount: p.amount, at: p.receivedAt })),
  ];
}

export function expectedRfm(g: GData, ids: string[], base = { recencyDays: 90, frequency: 2, monetary: 100000, windowDays: 365 }) {
  const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
  const windowStart = NOW.getTime() - base.windowDays * DAY;
  const per = new Map<string, { last: number; f: number; m: number }>();
  for (const p of purchases(g)) {
    if (!ids.includes(owner.get(p.customerId)!) || p.at >= NOW) continue;
    const x = per.get(p.customerId) ?? { last: 0, f: 0, m: 0 };
    x.last = Math.max(x.last, p.at.getTime());
    if (p.at.getTime() >= windowStart) {
      x.f++;
      x.m += p.amount;
    }
    per.set(p.customerId, x);
  }
  const out: Record<string, { count: number; monetary: number }> = Object.fromEntries(Object.values(SEG).map((s) => [s, { count: 0, monetary: 0 }]));
  for (const x of per.values()) {
    const r = Math.floor((NOW.getTime() - x.last) / DAY);
    const code = (r <= base.recencyDays ? 'H' : 'L') + (x.f >= base.frequency ? 'H' : 'L') + (x.m >= base.monetary ? 'H' : 'L');
    out[SEG[code]].count++;
    out[SEG[code]].monetary += x.m;
  }
  return out;
}

export function expectedChurn(g: GData, ids: string[], factor: number) {
  const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
  const dates = new Map<string, number[]>();
  const add = (cid: string, t: Date) => {
    if (!ids.includes(owner.get(cid)!)) return;
    dates.set(cid, [...(dates.get(cid) ?? []), t.getTime()]);
  };
  for (const p of purchases(g)) add(p.customerId, p.at);
  const warned: string[] = [];
  for (const [cid, ts] of dates) {
    if (ts.length < 2) continue;
    const sorted = [...ts].sort((a, b) => a - b).slice(-4);
    const intervals: number[] = [];
    for (let i = 1; i < sorted.length; i++) intervals.push((sorted[i] - sorted[i - 1]) / DAY);
    const avg = intervals.reduce((a, b) => a + b, 0) / intervals.length;
    const since = (NOW.getTime() - sorted[sorted.length - 1]) / DAY;
    if (since > avg * factor) warned.push(cid);
  }
  return warned.sort();
}

/** Customers with fewer than two purchases and a history, silent (no purchase, no follow-up) for over `days`. */
export function expectedSilent(g: GData, ids: string[], days: number) {
  const out: string[] = [];
  for (const c of g.customers) {
    if (!ids.includes(c.ownerId) || c.lifecycle === 'LOST') continue;
    const buys = purchases(g).filter((p) => p.customerId === c.id && p.at <= NOW).map((p) => p.at.getTime());
    if (buys.length >= 2) continue;
    const touches = [...buys, ...(c.lastContactAt ? [c.lastContactAt.getTime()] : [])];
    if (!touches.length) continue;
    if ((NOW.getTime() - Math.max(...touches)) / DAY > days) out.push(c.id);
  }
  return out.sort();
}
