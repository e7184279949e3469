// A generated sales organisation with a seeded random history, inserted straight into the
// database. The returned plain-JS copy is what tests compute expected answers from, with their
// own arithmetic — never by calling the code under test.
import type { PrismaClient } from '../../src/generated/prisma/client.js';

export const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
export const DAY = 86_400_000;
/** November 2026 in Asia/Shanghai. */
export const NOV = { start: new Date('2026-10-31T16:00:00Z'), end: new Date('2026-11-30T16:00:00Z') };
const NOV_START = NOV.start.getTime();
export const NOV_PERIOD = { start: '2026-11-01T00:00:00+08:00', end: '2026-12-01T00:00:00+08:00', label: '本月' };
export const Q1_2027 = { start: new Date('2026-12-31T16:00:00Z'), end: new Date('2027-03-31T16:00:00Z') };
export const Q1_PERIOD = { start: '2027-01-01T00:00:00+08:00', end: '2027-04-01T00:00:00+08:00', label: '下季度' };

export const STAGES = ['INITIAL_CONTACT', 'NEEDS_CONFIRMED', 'PROPOSAL', 'QUOTATION', 'NEGOTIATION', 'WON'];
export const PROB: Record<string, number> = { INITIAL_CONTACT: 10, NEEDS_CONFIRMED: 25, PROPOSAL: 40, QUOTATION: 60, NEGOTIATION: 80, WON: 100, LOST: 0 };

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

export interface GUser { id: string; name: string; role: 'REP' | 'MANAGER' | 'ADMIN'; teamId: string | null; console: string }
export interface GOpp {
  id: string; ownerId: string; customerId: string; createdAt: Date; stage: string; status: 'OPEN' | 'WON' | 'LOST';
  amount: number; probability: number; expectedCloseDate: Date | null; qualification: 'VALUABLE' | 'NOT_VALUABLE' | 'UNSURE';
  closedAt: Date | null; stageEnteredAt: Date; history: Array<{ toStage: string; at: Date }>;
  grade: 'BIG' | null;
  /** LOST deals: the reason as a rep wrote it, the competitor it names and its categories (known by hand). */
  lost: { reason: string; competitor: string | null; categories: string[] } | null;
}
/** Loss reasons with the competitor and categories a reader finds in them. */
export const LOSS_REASONS: Array<{ reason: string; competitor: string | null; categories: string[] }> = [
  { reason: '被竞品低价抢走', competitor: null, categories: ['price', 'competitor'] },
  { reason: '输给了华为，对方报价低15%', competitor: '华为', categories: ['price', 'competitor'] },
  { reason: '客户选了用友', competitor: '用友', categories: ['competitor'] },
  { reason: '项目暂停，明年再说', competitor: null, categories: ['timing'] },
  { reason: '功能不满足需求', competitor: null, categories: ['needs'] },
  { reason: '被金蝶截胡了', competitor: '金蝶', categories: ['competitor'] },
];
export interface GData {
  teams: { east: string; eastSub: string; north: string };
  users: Record<'admin' | 'mgrEast' | 'repA' | 'repB' | 'repC' | 'idle' | 'mgrNorth' | 'repD', GUser>;
  customers: Array<{ id: string; ownerId: string; createdAt: Date; name: string; lifecycle: 'POTENTIAL' | 'SIGNED' | 'REPEAT' | 'LOST'; hot: boolean; lastContactAt: Date | null }>;
  opps: GOpp[];
  activities: Array<{ authorId: string; customerId: string; type: string; occurredAt: Date }>;
  contracts: Array<{ id: string; customerId: string; ownerId: string; opportunityId: string | null; amount: number; signedAt: Date }>;
  payments: Array<{ id: string; customerId: string; contractId: string | null; amount: number; receivedAt: Date }>;
  plans: Array<{ id: string; customerId: string; contractId: string; amount: number; dueAt: Date }>;
}

const TYPES = ['VISIT', 'VISIT', 'CALL', 'WECHAT', 'MEETING', 'EMAIL', 'OTHER'] as const;

export async function generate(prisma: PrismaClient, seed = 7): Promise<GData> {
  const r = rng(seed);
  const east = await prisma.team.create({ data: { name: '华东' } });
  const eastSub = await prisma.team.create({ data: { name: '华东一组', parentId: east.id } });
  const north = await prisma.team.create({ data: { name: '华北' } });
  const mk = async (console: string, name: string, role: GUser['role'], teamId: string | null, managerId?: string): Promise<GUser> => {
    const u = await prisma.user.create({ data: { consoleName: console, displayName: name, role, teamId, managerId } });
    return { id: u.id, name, role, teamId, console };
  };
  const admin = await mk('admin', '管理员', 'ADMIN', null);
  const mgrEast = await mk('mgrEast', '陈经理', 'MANAGER', east.id);
  const repA = await mk('repA', '张三', 'REP', east.id, mgrEast.id);
  const repB = await mk('repB', '李四', 'REP', east.id, mgrEast.id);
  const repC = await mk('repC', '王五', 'REP', eastSub.id);
  const idle = await mk('idle', '孙七', 'REP', east.id, mgrEast.id);
  const mgrNorth = await mk('mgrNorth', '周经理', 'MANAGER', north.id);
  const repD = await mk('repD', '赵六', 'REP', north.id, mgrNorth.id);
  const data: GData = {
    teams: { east: east.id, eastSub: eastSub.id, north: north.id },
    users: { admin, mgrEast, repA, repB, repC, idle, mgrNorth, repD },
    customers: [], opps: [], activities: [], contracts: [], payments: [], plans: [],
  };
  const sellers = [repA, repB, repC, repD, mgrEast];
  const start = new Date('2026-08-01T00:00:00Z').getTime();
  const span = NOW.getTime() - 2 * DAY - start;
  let n = 0;
  for (const s of sellers) {
    const customers = s === mgrEast ? 3 : r.int(8, 12);
    for (let i = 0; i < customers; i++) {
      const createdAt = new Date(start + Math.floor(r.next() * span));
      const name = `${s.name}客户${++n}`;
      const c = await prisma.customer.create({ data: { name, normalizedName: name, ownerId: s.id, createdAt } });
      const cust: GData['customers'][number] = { id: c.id, ownerId: s.id, createdAt, name, lifecycle: 'POTENTIAL', hot: false, lastContactAt: null };
      data.customers.push(cust);
      // An opportunity walking forward through the stages, sometimes skipping one, ending open, won or lost.
      if (r.next() < 0.85) {
        const oppCreated = new Date(createdAt.getTime() + r.int(0, 5) * DAY + r.int(0, 20) * 3600_000);
        const history: GOpp['history'] = [];
        let idx = r.pick([0, 0, 0, 1]);
        let at = oppCreated;
        history.push({ toStage: STAGES[idx], at });
        const steps = r.int(0, 5);
        let status: GOpp['status'] = 'OPEN';
        for (let k = 0; k < steps; k++) {
          const next = new Date(at.getTime() + r.int(1, 20) * DAY + r.int(0, 23) * 3600_000);
          if (next >= NOW) break;
          at = next;
          if (r.next() < 0.12) { history.push({ toStage: 'LOST', at }); status = 'LOST'; break; }
          idx = Math.min(STAGES.length - 1, idx + (r.next() < 0.2 ? 2 : 1)); // 20% skip a stage
          history.push({ toStage: STAGES[idx], at });
          if (STAGES[idx] === 'WON') { status = 'WON'; break; }
        }
        const last = history[history.length - 1];
        const amount = r.int(2, 80) * 5000;
        const expected = r.next() < 0.85 ? new Date(NOW.getTime() + r.int(-20, 150) * DAY) : null;
        const qualification = r.pick(['VALUABLE', 'NOT_VALUABLE', 'UNSURE'] as const);
        const explicitProb = r.next() < 0.2 ? r.int(1, 19) * 5 : null;
        const o = await prisma.opportunity.create({
          data: {
            customerId: c.id, ownerId: s.id, title: name, stage: last.toStage, amount, probability: explicitProb ?? PROB[last.toStage],
            expectedCloseDate: expected, qualification, status, stageEnteredAt: last.at, closedAt: status === 'OPEN' ? null : last.at, createdAt: oppCreated,
          },
        });
        let prev: string | null = null;
        for (const h of history) {
          await prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: prev, toStage: h.toStage, changedAt: h.at } });
          prev = h.toStage;
        }
        const opp: GOpp = { id: o.id, ownerId: s.id, customerId: c.id, createdAt: oppCreated, stage: last.toStage, status, amount, probability: explicitProb ?? PROB[last.toStage], expectedCloseDate: expected, qualification, closedAt: status === 'OPEN' ? null : last.at, stageEnteredAt: last.at, history, grade: null, lost: null };
        data.opps.push(opp);
        // Most won deals get a contract (possibly for a different amount); some are paid in instalments.
        if (status === 'WON' && r.next() < 0.75) {
          const camount = amount + r.pick([0, 0, 5000, -5000]);
          const k = await prisma.contract.create({ data: { customerId: c.id, ownerId: s.id, opportunityId: o.id, amount: camount, signedAt: last.at } });
          data.contracts.push({ id: k.id, customerId: c.id, ownerId: s.id, opportunityId: o.id, amount: camount, signedAt: last.at });
          const parts = r.int(0, 2);
          for (let p = 0; p < parts; p++) {
            const when = new Date(last.at.getTime() + (p + 1) * r.int(1, 15) * DAY);
            if (when >= NOW) break;
            const pay = await prisma.payment.create({ data: { customerId: c.id, contractId: k.id, amount: Math.round(camount / 2), receivedAt: when } });
            data.payments.push({ id: pay.id, customerId: c.id, contractId: k.id, amount: Math.round(camount / 2), receivedAt: when });
          }
        }
      }
      for (let a = r.int(0, 6); a > 0; a--) {
        const occurredAt = new Date(createdAt.getTime() + Math.floor(r.next() * (NOW.getTime() - createdAt.getTime())));
        const type = r.pick(TYPES);
        await prisma.activity.create({ data: { type, occurredAt, summary: 'x', rawText: 'x', authorId: s.id, customerId: c.id } });
        data.activities.push({ authorId: s.id, customerId: c.id, type, occurredAt });
      }
    }
  }
  // Repeat buyers with purchase histories for RFM and churn: contract-less payments at known dates.
  const buyers: Array<[GUser, number[], number]> = [
    [repA, [300, 200, 100, 10], 60000], // regular ~97-day cycle, bought 10 days ago: fine
    [repA, [200, 150, 100, 70], 150000], // cycle ~43 days, 70 days since: churn
    [repB, [90, 60, 45], 20000], // cycle 22.5 days, 45 since: churn
    [repC, [400, 50], 250000], // one interval of 350, 50 since: fine
    [repD, [120, 80, 40, 5], 500000], // north, cycle 38.3, 5 since: fine
    [repB, [100, 70, 40, 33], 30000], // cycle 22.3, 33 days since → ratio 1.48, repurchase due only if factor > 1.48
  ];
  for (const [owner, daysAgo, amount] of buyers) {
    const name = `${owner.name}复购客户${++n}`;
    const c = await prisma.customer.create({ data: { name, normalizedName: name, ownerId: owner.id, createdAt: new Date(NOW.getTime() - 500 * DAY), lifecycle: 'REPEAT' } });
    data.customers.push({ id: c.id, ownerId: owner.id, createdAt: new Date(NOW.getTime() - 500 * DAY), name, lifecycle: 'REPEAT', hot: false, lastContactAt: null });
    for (const d of daysAgo) {
      const when = new Date(NOW.getTime() - d * DAY - 3600_000);
      const p = await prisma.payment.create({ data: { customerId: c.id, amount, receivedAt: when } });
      data.payments.push({ id: p.id, customerId: c.id, contractId: null, amount, receivedAt: when });
    }
  }
  await enrich(prisma, data, seed);
  return data;
}

/**
 * More history on top, drawn from a second random stream so the base history stays as it was:
 * last-contact times from the activities, hot customers, big deals, loss reasons, and 回款计划 on
 * contracts (some paid off by the payments above, some overdue, some still to come).
 */
async function enrich(prisma: PrismaClient, data: GData, seed: number) {
  const r = rng(seed + 1000);
  for (const c of data.customers) {
    const times = data.activities.filter((a) => a.customerId === c.id && a.occurredAt <= NOW).map((a) => a.occurredAt.getTime());
    const hasOpen = data.opps.some((o) => o.customerId === c.id && o.status === 'OPEN');
    c.lastContactAt = times.length ? new Date(Math.max(...times)) : null;
    c.hot = hasOpen && r.next() < 0.2;
    await prisma.customer.update({ where: { id: c.id }, data: { lastContactAt: c.lastContactAt, hot: c.hot, hotSince: c.hot ? c.createdAt : null } });
  }
  for (const o of data.opps) {
    if (o.status === 'OPEN' && r.next() < 0.3) {
      o.grade = 'BIG';
      await prisma.opportunity.update({ where: { id: o.id }, data: { grade: 'BIG' } });
    }
    if (o.status === 'LOST' && r.next() < 0.85) {
      o.lost = r.pick(LOSS_REASONS);
      await prisma.opportunity.update({ where: { id: o.id }, data: { lostReason: o.lost.reason, lostCompetitor: o.lost.competitor } });
    }
  }
  // Wins in November: some open deals close now — most with a contract (its amount not always the
  // deal's, as when a deal is corrected after signing), some without one, some partly paid.
  let wins = 0;
  for (const o of data.opps.filter((x) => x.status === 'OPEN')) {
    if (r.next() > 0.4) continue;
    const earliest = Math.max(o.stageEnteredAt.getTime() + 3600_000, NOV_START);
    const latest = NOW.getTime() - DAY;
    if (earliest >= latest) continue;
    const at = new Date(earliest + Math.floor(r.next() * (latest - earliest)));
    o.history.push({ toStage: 'WON', at });
    await prisma.stageChange.create({ data: { opportunityId: o.id, fromStage: o.stage, toStage: 'WON', changedAt: at } });
    Object.assign(o, { stage: 'WON', status: 'WON', closedAt: at, stageEnteredAt: at, probability: 100, grade: null });
    await prisma.opportunity.update({ where: { id: o.id }, data: { stage: 'WON', status: 'WON', closedAt: at, stageEnteredAt: at, probability: 100, grade: null } });
    if (wins++ === 0 || r.next() < 0.2) continue; // won without a contract
    const amount = o.amount + r.pick([0, 50000, -5000]);
    const k = await prisma.contract.create({ data: { customerId: o.customerId, ownerId: o.ownerId, opportunityId: o.id, amount, signedAt: at } });
    data.contracts.push({ id: k.id, customerId: o.customerId, ownerId: o.ownerId, opportunityId: o.id, amount, signedAt: at });
    if (r.next() < 0.5) {
      const when = new Date(Math.min(NOW.getTime() - DAY, at.getTime() + r.int(1, 5) * DAY));
      const pay = await prisma.payment.create({ data: { customerId: o.customerId, contractId: k.id, amount: Math.round(amount * 0.3), receivedAt: when } });
      data.payments.push({ id: pay.id, customerId: o.customerId, contractId: k.id, amount: Math.round(amount * 0.3), receivedAt: when });
    }
  }
  // 回款计划 on most contracts, due around now: paid off, partly paid, overdue, due today, due soon.
  const unpaidContract = data.contracts.findIndex((k) => !data.payments.some((p) => p.contractId === k.id));
  for (const [i, k] of data.contracts.entries()) {
    const forced = i === unpaidContract;
    if (!forced && r.next() < 0.25) continue;
    const parts = forced ? 3 : r.int(1, 3);
    for (let j = 0; j < parts; j++) {
      // One unpaid contract gets a plan due today and one in two days, so every reminder kind occurs.
      const dueAt = forced && j < 2 ? new Date(NOW.getTime() + (j * 2 * DAY) + 6 * 3600_000) : new Date(NOW.getTime() + r.int(-40, 25) * DAY + 8 * 3600_000);
      const amount = Math.round(k.amount / (parts + 1));
      const p = await prisma.paymentPlan.create({ data: { customerId: k.customerId, contractId: k.id, amount, dueAt } });
      data.plans.push({ id: p.id, customerId: k.customerId, contractId: k.id, amount, dueAt });
    }
  }
}
