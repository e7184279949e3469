// Bulk generation of a realistic sales data set with set-based SQL (generate_series + a hash for
// deterministic pseudo-randomness), run inside the target database itself — the same statements
// on PGlite and PostgreSQL, no row-by-row Prisma creates. Ids are readable: br12 = rep 12,
// bc345 = customer 345 (owned by rep ((345-1) % reps)+1), bo345 = its opportunity, …
import type { PrismaClient } from '../../src/generated/prisma/client.js';

export interface DataSpec {
  reps: number;
  customers: number;
  activities: number;
  now: Date;
}

export const REPS_PER_TEAM = 10;

/** A timestamp literal for "timestamp(3) without time zone" columns (stored in UTC). */
export function ts(d: Date): string {
  return `'${d.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp`;
}

/** Non-negative pseudo-random integer from an int expression and a salt. */
const h = (expr: string, salt: number) => `(hashint4((${expr})::int # ${salt}) & 2147483647)`;

export const teamCount = (reps: number) => Math.ceil(reps / REPS_PER_TEAM);
export const repId = (i: number) => `br${i}`;
export const customerName = (c: number) => `客户${c}科技`;
/** Customers of rep r (1-based): r, r+reps, r+2·reps, … */
export const customerOfRep = (r: number, k: number, reps: number) => r + k * reps;

// Realistic company names (the 撞单 part renames the data set's customers with them; the ingest
// corpus names its new companies with them): a 3-character brand (bijective in the customer
// number, so names stay unique) and a 4-character trade. The data set's 客户N科技 names all share
// 客户 and 科技 — every name a near-miss of hundreds of others, which no real customer list is.
export const NAME_CHARS = '青禾远山峰瑞金银华宇星辰海湾松柏竹溪云岭石门泰和鼎盛恒通达利嘉信诚春康顺丰源隆昌兴旺福寿永乐明光辉阳东南西北中天地人美新正大方圆宏伟博雅精工创智联合众汇鑫荣昊晟卓越腾飞骏驰凯旋锦绣豪铭澜夏秋冬梅兰菊玉';
export const TRADES = ['电子科技', '机械制造', '生物医药', '环保工程', '信息技术', '食品贸易', '建筑材料', '物流运输'];
export const NEAR = ['电子技术', '机械设备', '生物制药', '环保设备', '信息科技', '食品加工', '建筑工程', '物流仓储'];
// The customer number is spread over all 100³ brands first (× 7919 is a bijection mod 10⁶): taken
// directly, the third character of 50,000 names had only five values, so every name had dozens of
// one-character near-misses — denser than any real customer list.
const spread = (c: number) => (c * 7919 + 12345) % 1_000_000;
export const brand = (c: number) => [spread(c) % 100, Math.floor(spread(c) / 100) % 100, Math.floor(spread(c) / 10_000) % 100].map((i) => NAME_CHARS[i]).join('');
export const realName = (c: number) => `${brand(c)}${TRADES[c % 8]}`;

const STAGES = ['INITIAL_CONTACT', 'NEEDS_CONFIRMED', 'PROPOSAL', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST'];
const TYPES = ['VISIT', 'CALL', 'WECHAT', 'MEETING', 'EMAIL', 'OTHER'];

export async function generate(prisma: PrismaClient, spec: DataSpec, log: (s: string) => void): Promise<void> {
  const { reps, customers, activities } = spec;
  const NOW = ts(spec.now);
  const teams = teamCount(reps);
  const run = async (label: string, sql: string) => {
    const t0 = performance.now();
    // One statement per call: prepared statements take a single command.
    for (const stmt of sql.split(/;\s*\n/).filter((x) => x.trim())) await prisma.$executeRawUnsafe(stmt);
    log(`  ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const stageExpr = (i: string) => `(ARRAY['${STAGES.join("','")}'])[1 + (CASE WHEN ${h(i, 11)} % 100 < 70 THEN ${h(i, 12)} % 5 WHEN ${h(i, 12)} % 100 < 60 THEN 5 ELSE 6 END)]`;

  await run(`teams: ${teams}`, `INSERT INTO "Team"(id, name, timezone, locale, settings, "createdAt")
    SELECT 'bt'||k, '销售'||k||'部', 'Asia/Shanghai', 'zh-CN', '{}', ${NOW} - interval '400 days' FROM generate_series(1, ${teams}) k`);
  await run(`users: ${reps} reps, ${teams} managers, 1 admin`, `
    INSERT INTO "User"(id, "displayName", role, "teamId", "wecomUserId", locale, active, "createdAt")
      SELECT 'bm'||k, '经理'||k, 'MANAGER'::"Role", 'bt'||k, 'bm'||k, 'zh-CN', true, ${NOW} - interval '400 days' FROM generate_series(1, ${teams}) k
      UNION ALL SELECT 'badmin', '管理员', 'ADMIN'::"Role", NULL, 'badmin', 'zh-CN', true, ${NOW} - interval '400 days';
    INSERT INTO "User"(id, "displayName", role, "teamId", "managerId", "wecomUserId", locale, active, "createdAt")
      SELECT 'br'||i, '销售'||i, 'REP', 'bt'||(1 + (i - 1) / ${REPS_PER_TEAM}), 'bm'||(1 + (i - 1) / ${REPS_PER_TEAM}), 'br'||i, 'zh-CN', true, ${NOW} - interval '400 days'
      FROM generate_series(1, ${reps}) i`);
  await run(`customers: ${customers}`, `INSERT INTO "Customer"(id, name, "normalizedName", "ownerId", lifecycle, hot, "createdAt", "updatedAt", "lastContactAt")
    SELECT 'bc'||c, '客户'||c||'科技', '客户'||c||'科技', 'br'||(1 + (c - 1) % ${reps}),
           (CASE WHEN ${h('c', 1)} % 10 = 0 THEN 'SIGNED' ELSE 'POTENTIAL' END)::"LifecycleStage", ${h('c', 2)} % 40 = 0,
           ${NOW} - make_interval(mins => ${h('c', 3)} % (365 * 1440)), ${NOW} - make_interval(mins => ${h('c', 4)} % (30 * 1440)),
           ${NOW} - make_interval(mins => ${h('c', 5)} % (90 * 1440))
    FROM generate_series(1, ${customers}) c`);
  await run('contacts: 1 per customer', `INSERT INTO "Contact"(id, "customerId", name, title, role, "createdAt", "updatedAt")
    SELECT 'bn'||c, 'bc'||c, (ARRAY['刘总','王工','陈经理','张总','李主任'])[1 + ${h('c', 6)} % 5], '负责人', 'DECISION_MAKER', ${NOW} - interval '200 days', ${NOW}
    FROM generate_series(1, ${customers}) c`);
  // 60 % of customers have a deal: 70 % open (spread over the five open stages), the rest won/lost.
  await run('opportunities: 60 % of customers', `INSERT INTO "Opportunity"(id, "customerId", "ownerId", title, stage, amount, currency, probability, "expectedCloseDate", qualification, status, "stageEnteredAt", "closedAt", "createdAt", "updatedAt")
    SELECT 'bo'||c, 'bc'||c, 'br'||(1 + (c - 1) % ${reps}), '客户'||c||'科技', st, (10000 + ${h('c', 7)} % 2000000)::numeric(16,2), 'CNY', 50,
           ${NOW} + make_interval(days => ${h('c', 8)} % 120 - 30), 'UNSURE',
           (CASE st WHEN 'WON' THEN 'WON' WHEN 'LOST' THEN 'LOST' ELSE 'OPEN' END)::"OpportunityStatus",
           entered, CASE WHEN st IN ('WON', 'LOST') THEN entered END, entered - make_interval(days => ${h('c', 9)} % 60), entered
    FROM (SELECT c, ${stageExpr('c')} AS st, ${NOW} - make_interval(mins => ${h('c', 10)} % (75 * 1440)) AS entered
            FROM generate_series(1, ${customers}) c WHERE c % 5 < 3) x`);
  await run('stage changes: creation + current stage', `INSERT INTO "StageChange"(id, "opportunityId", "fromStage", "toStage", "changedAt", "changedById")
    SELECT 'bs0'||substr(id, 3), id, NULL, 'INITIAL_CONTACT', "createdAt", "ownerId" FROM "Opportunity" WHERE id LIKE 'bo%'
    UNION ALL
    SELECT 'bs1'||substr(id, 3), id, 'INITIAL_CONTACT', stage, "stageEnteredAt", "ownerId" FROM "Opportunity" WHERE id LIKE 'bo%' AND stage <> 'INITIAL_CONTACT'`);
  await run('contracts and payments for won deals', `
    INSERT INTO "Contract"(id, "customerId", "opportunityId", "ownerId", amount, currency, "signedAt", "createdAt")
      SELECT 'bk'||substr(id, 3), "customerId", id, "ownerId", amount, 'CNY', "closedAt", "closedAt" FROM "Opportunity" WHERE id LIKE 'bo%' AND status = 'WON';
    INSERT INTO "Payment"(id, "customerId", "contractId", amount, "receivedAt", "createdAt")
      SELECT 'bp'||substr(id, 3), "customerId", id, round(amount / 2, 2), "signedAt" + interval '10 days', "signedAt" + interval '10 days' FROM "Contract" WHERE id LIKE 'bk%'`);
  await run('tasks: 1 per 2 customers', `INSERT INTO "Task"(id, title, "dueAt", "dueLabel", status, "assigneeId", "customerId", "completedAt", "createdAt")
    SELECT 'bq'||c, '跟进客户'||c||'科技', ${NOW} + make_interval(hours => ${h('c', 13)} % (40 * 24) - 20 * 24), NULL,
           (CASE WHEN ${h('c', 14)} % 10 < 7 THEN 'OPEN' ELSE 'DONE' END)::"TaskStatus", 'br'||(1 + (c - 1) % ${reps}), 'bc'||c,
           CASE WHEN ${h('c', 14)} % 10 >= 7 THEN ${NOW} - make_interval(hours => ${h('c', 15)} % (30 * 24)) END, ${NOW} - interval '30 days'
    FROM generate_series(1, ${customers}) c WHERE c % 2 = 0`);
  // Activities: each on a pseudo-random customer by that customer's owner, over the last 180 days.
  const batch = 100_000;
  for (let from = 1; from <= activities; from += batch) {
    const to = Math.min(activities, from + batch - 1);
    await run(`activities ${from}–${to}`, `INSERT INTO "Activity"(id, type, "occurredAt", summary, "rawText", "authorId", "customerId", "opportunityId", "createdAt")
      SELECT 'ba'||j, (ARRAY['${TYPES.join("','")}'])[1 + ${h('j', 21)} % 6]::"ActivityType", occ,
             '跟进客户'||c||'科技', '今天跟进了客户'||c||'科技，沟通了方案和报价', 'br'||(1 + (c - 1) % ${reps}), 'bc'||c,
             CASE WHEN c % 5 < 3 THEN 'bo'||c END, occ
      FROM (SELECT j, 1 + ${h('j', 22)} % ${customers} AS c, ${NOW} - make_interval(mins => ${h('j', 23)} % (180 * 1440)) AS occ
              FROM generate_series(${from}, ${to}) j) x`);
  }
  // A settled database, as autovacuum (PostgreSQL) or the nightly maintenance (PGlite,
  // src/db/maintenance.ts) leaves it: statistics and the visibility map that index-only scans need.
  await run('VACUUM (ANALYZE)', 'VACUUM (ANALYZE)');
}

/** Adds quiet reps (with a few activities today) so the daily report covers `total` reps. */
export async function ensureReps(prisma: PrismaClient, spec: DataSpec, total: number): Promise<string[]> {
  const extra = total - spec.reps;
  if (extra > 0) {
    const NOW = ts(spec.now);
    const teams = teamCount(spec.reps);
    await prisma.$executeRawUnsafe(`INSERT INTO "User"(id, "displayName", role, "teamId", "managerId", "wecomUserId", locale, active, "createdAt")
      SELECT 'bx'||i, '新销售'||i, 'REP', 'bt'||(1 + i % ${teams}), 'bm'||(1 + i % ${teams}), 'bx'||i, 'zh-CN', true, ${NOW} - interval '10 days'
      FROM generate_series(1, ${extra}) i ON CONFLICT DO NOTHING`);
    await prisma.$executeRawUnsafe(`INSERT INTO "Activity"(id, type, "occurredAt", summary, "rawText", "authorId", "customerId", "createdAt")
      SELECT 'bxa'||i||'_'||k, 'CALL', ${NOW} - make_interval(mins => k * 20), '电话', '电话', 'bx'||i, NULL, ${NOW}
      FROM generate_series(1, ${extra}) i, generate_series(1, 3) k ON CONFLICT DO NOTHING`);
  }
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "User" WHERE role = 'REP' AND (id LIKE 'br%' OR id LIKE 'bx%') ORDER BY id LIMIT ${total}`);
  return rows.map((r) => r.id);
}
