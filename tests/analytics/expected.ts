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
  const users = Object.values(g.users).filter((u) => ids.includes(u.id) && u.role !== 'ADMIN');
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
    byStage[o.stage] ??= { count: 0, amount: 0 };
    byStage[o.stage].count++;
    byStage[o.stage].amount += o.amount;
  }
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
  return { byStage, reached, conversion, avgDays, count: opps.length };
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
  const open = g.contracts
    .filter((k) => ids.includes(k.ownerId))
    .map((k) => ({ id: k.id, outstanding: k.amount - g.payments.filter((p) => p.contractId === k.id).reduce((a, p) => a + p.amount, 0) }))
    .filter((k) => k.outstanding > 0);
  return { count: open.length, total: open.reduce((a, k) => a + k.outstanding, 0), ids: open.map((k) => k.id).sort() };
}

const SEG: Record<string, string> = { HHH: '重要价值', LHH: '重要保持', HLH: '重要发展', LLH: '重要挽留', HHL: '一般价值', LHL: '一般保持', HLL: '一般发展', LLL: '一般挽留' };

export function expectedRfm(g: GData, ids: string[], base = { recencyDays: 90, frequency: 2, monetary: 100000, windowDays: 365 }) {
  const owner = new Map(g.customers.map((c) => [c.id, c.ownerId]));
  const windowStart = NOW.getTime() - base.windowDays * DAY;
  const per = new Map<string, { last: number; f: number; m: number }>();
  for (const p of g.payments) {
    if (!ids.includes(owner.get(p.customerId)!) || p.receivedAt >= NOW) continue;
    const x = per.get(p.customerId) ?? { last: 0, f: 0, m: 0 };
    x.last = Math.max(x.last, p.receivedAt.getTime());
    if (p.receivedAt.getTime() >= windowStart) {
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
  for (const k of g.contracts) add(k.customerId, k.signedAt);
  for (const p of g.payments) if (!p.contractId) add(p.customerId, p.receivedAt);
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
