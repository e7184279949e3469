// `npm run bench` — performance figures for the production path (see docs/benchmarks.md).
// Generates a realistic data set with bulk SQL on PGlite (temp folder) and/or a throw-away
// PostgreSQL database, then measures: rule-parser throughput, full ingest (SalesAssistant,
// one transaction per message) throughput and latency, manager queries (funnel, ranking,
// stalled), and the daily report for 500 reps — each next to a plain-SQL baseline doing the
// same aggregate/writes in the same process, reported as a ratio. Prints a Markdown report.
import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, redactUrl, type Db } from '../../src/db/client.js';
import { preparedStatements } from '../../src/db/statementNames.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { computeFunnel } from '../../src/domain/analytics/funnel.js';
import { thisMonth } from '../../src/domain/analytics/periods.js';
import { computeRankings } from '../../src/domain/analytics/rankings.js';
import { computeDailyReport, dailyRange, formatRollup } from '../../src/domain/reports/daily.js';
import { findStalled, findStalledPage, stalledSql } from '../../src/domain/stalled.js';
import { conflictSql, customerKey, findConflicts, lookalikesPlanStatements } from '../../src/domain/customers.js';
import { funnelSql } from '../../src/domain/analytics/funnel.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { visibleUserIds } from '../../src/domain/users.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { parseRules, ruleParser } from '../../src/intents/rules/index.js';
import { parseArgs, type BenchArgs, type BenchDb } from './args.js';
import { makeMessages, type BenchMessage } from './corpus.js';
import { brand, customerName, customerOfRep, ensureReps, generate, NAME_CHARS, NEAR, realName, TRADES, ts, type DataSpec } from './data.js';
import { measure, ms, ratio, summarize, type Timing } from './stats.js';

const TZ = 'Asia/Shanghai';
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Row {
  part: string;
  db: string;
  what: string;
  result: string;
  baseline: string;
  ratio: string;
}
const rows: Row[] = [];
const notes: string[] = [];

function machine(): string[] {
  const sh = (c: string) => {
    try {
      return execSync(c, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'n/a';
    }
  };
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- CPU: ${sh('nproc')} cores (${cpu})`,
    `- Memory: ${sh("free -h | awk '/^Mem:/ {print $2\" total, \"$7\" available\"}'")}`,
    `- Load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} (shared machine)`,
    `- Node ${process.version}, ${os.type()} ${os.release()}`,
  ];
}

// ---------------------------------------------------------------- databases

interface BenchDbHandle {
  kind: BenchDb;
  db: Db;
  version: string;
  cleanup(): Promise<void>;
}

async function openBenchDb(kind: BenchDb, args: BenchArgs): Promise<BenchDbHandle> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-bench-pglite-'));
    const db = await openDb({ dataDir: dir });
    const version = ((await db.prisma.$queryRawUnsafe<Array<{ v: string }>>('select version() v'))[0].v).split(' ').slice(0, 2).join(' ');
    return {
      kind, db, version: `PGlite (${version}, WASM, in-process, folder ${dir})`,
      async cleanup() {
        await db.close();
        if (!args.keep) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `sa_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: args.adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(args.adminUrl);
  u.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: u.toString() });
  const version = ((await db.prisma.$queryRawUnsafe<Array<{ v: string }>>('show server_version'))[0] as unknown as { server_version: string }).server_version;
  return {
    kind, db, version: `PostgreSQL ${version} (${redactUrl(u.toString())}, pool ${process.env.DB_POOL_SIZE || 10})`,
    async cleanup() {
      await db.close();
      if (args.keep) {
        log(`kept database ${name}`);
        return;
      }
      const a = new pg.Client({ connectionString: args.adminUrl });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

// ---------------------------------------------------------------- parser

function benchParser(args: BenchArgs, now: Date) {
  // Every message parsed once and all distinct: the parser's caches (segmentation, names) never
  // see a message twice, as in production.
  const warm = makeMessages(300, args.reps, args.customers, 7).map((m) => m.text);
  const msgs = [...new Set(makeMessages(8000, args.reps, args.customers, 11).map((m) => m.text))].filter((t) => !warm.includes(t));
  const known = Array.from({ length: Math.min(500, Math.floor(args.customers / args.reps)) }, (_, k) => customerName(customerOfRep(1, k, args.reps)));
  const ctx = { now, timezone: TZ, knownCustomers: known, knownUsers: ['销售1', '销售2', '经理1'] };
  for (const text of warm) parseRules(text, ctx); // warm up the JIT
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const text of msgs) {
    const s = performance.now();
    parseRules(text, ctx);
    samples.push(performance.now() - s);
  }
  const t = summarize(samples, performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  // CPU time is what the parser costs; wall time also counts other processes on a shared machine.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rows.push({
    part: 'parser',
    db: '—',
    what: `rule parser, ${t.n} distinct messages (${known.length} known customers in context)`,
    result: `${Math.round(t.n / cpuSeconds)} msg/s per CPU-second · ${Math.round(t.n / (t.totalMs / 1000))} msg/s wall · p50 ${ms(t.p50)} ms · p99 ${ms(t.p99)} ms`,
    baseline: 'n/a (no SQL)',
    ratio: '—',
  });
}

// ---------------------------------------------------------------- ingest

async function benchIngest(h: BenchDbHandle, args: BenchArgs, now: Date) {
  const { prisma } = h.db;
  const bot = new SalesAssistant(makeContext(prisma, { now: () => now, timezone: TZ }), { parser: ruleParser, parseAmount: parseAmountText, log: (m, e) => log(`[assistant] ${m} ${String(e).slice(0, 300)}`) });
  const msgs = makeMessages(args.messages, args.reps, args.customers, h.kind === 'pglite' ? 21 : 22);
  const outcomes = new Map<string, number>();
  const concOutcomes = new Map<string, number>();
  // The baselines' statements are prepared as the product's message path is (src/db/statementNames.ts).
  // Sequential, interleaved: one product message, then one message of each baseline (the same
  // records in plain SQL, one transaction per message, same client; and the minimal one used
  // before, for comparison with earlier runs), so a shared machine's load drifts over all three
  // alike instead of over whichever ran in a busy minute (runs before 2026-11-28T03:10Z timed the
  // product's 1,000 messages first, then each baseline's).
  const base = makeMessages(args.messages, args.reps, args.customers, h.kind === 'pglite' ? 41 : 42);
  const minimalMsgs = makeMessages(args.messages, args.reps, args.customers, h.kind === 'pglite' ? 51 : 52);
  const samples: number[] = [];
  const bSamples: number[] = [];
  const mSamples: number[] = [];
  let productMs = 0;
  let baseMs = 0;
  let minimalMs = 0;
  for (let i = 0; i < msgs.length; i++) {
    let s = performance.now();
    const r = await bot.handleMessage({ platform: 'WECOM', externalId: `bench-seq-${i}`, senderId: msgs[i].senderId, text: msgs[i].text });
    samples.push(performance.now() - s);
    productMs += samples[samples.length - 1];
    outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    s = performance.now();
    await preparedStatements(() => plainIngest(h.db, base[i], `bench-same-${i}`, now, 'same'));
    bSamples.push(performance.now() - s);
    baseMs += bSamples[bSamples.length - 1];
    s = performance.now();
    await preparedStatements(() => plainIngest(h.db, minimalMsgs[i], `bench-minimal-${i}`, now, 'minimal'));
    mSamples.push(performance.now() - s);
    minimalMs += mSamples[mSamples.length - 1];
  }
  const seq = summarize(samples, productMs);
  const baseT = summarize(bSamples, baseMs);
  const minT = summarize(mSamples, minimalMs);


  // Concurrent: 8 in flight (PGlite serialises them internally; PostgreSQL runs them on the pool).
  const conc = makeMessages(args.messages, args.reps, args.customers, h.kind === 'pglite' ? 31 : 32);
  const c0 = performance.now();
  let next = 0;
  const cSamples: number[] = [];
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < conc.length) {
      const i = next++;
      const s = performance.now();
      const r = await bot.handleMessage({ platform: 'WECOM', externalId: `bench-conc-${i}`, senderId: conc[i].senderId, text: conc[i].text });
      cSamples.push(performance.now() - s);
      concOutcomes.set(r.outcome, (concOutcomes.get(r.outcome) ?? 0) + 1);
    }
  }));
  const concT = summarize(cSamples, performance.now() - c0);

  const rate = (t: Timing) => Math.round(t.n / (t.totalMs / 1000));
  const mixOf = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ');
  const mix = mixOf(outcomes);
  const minimal = `(minimal baseline: p50 ${ms(minT.p50)} ms, ratio ${ratio(seq.p50, minT.p50)})`;
  rows.push({ part: 'ingest', db: h.kind, what: `full ingest, sequential, ${seq.n} msgs (${mix})`, result: `${rate(seq)} msg/s · p50 ${ms(seq.p50)} ms · p99 ${ms(seq.p99)} ms`, baseline: `${rate(baseT)} msg/s · p50 ${ms(baseT.p50)} ms · p99 ${ms(baseT.p99)} ms ${minimal}`, ratio: ratio(seq.p50, baseT.p50) });
  rows.push({ part: 'ingest', db: h.kind, what: `full ingest, 8 concurrent, ${concT.n} msgs (${mixOf(concOutcomes)}); ratio = baseline msg/s ÷ this msg/s`, result: `${rate(concT)} msg/s · p50 ${ms(concT.p50)} ms · p99 ${ms(concT.p99)} ms`, baseline: `(sequential) ${rate(baseT)} msg/s`, ratio: ratio(rate(baseT), rate(concT)) });
}

/**
 * The same records as plain SQL, hand-written, one transaction per message: what a minimal
 * implementation of this product has to send for the facts the message states (corpus.ts), and
 * nothing else — no parsing, no questions, no 撞单 check, no change log, no reply text.
 *
 * - `same`: the sender and the platform message id (idempotency) in one read before the
 *   transaction; the inbound row; find-or-create the customer; find-or-create the contact it
 *   names; the open deal read, then updated (or opened, with its first stage-history row) for an
 *   amount or stage, with a history row for a stage change; the activity and the customer's last
 *   contact; the task; the hot flag; the inbound row's outcome. The baseline of the ratio.
 * - `minimal` (the baseline before 2026-11-28, for comparison): inbound row, find-or-create
 *   customer, one activity, last contact, one task, outcome — whatever the message said.
 */
async function plainIngest(db: Db, m: BenchMessage, externalId: string, now: Date, kind: 'same' | 'minimal') {
  const { senderId, text, facts } = m;
  const name = m.customer;
  if (kind === 'same') {
    const [who] = await db.prisma.$queryRawUnsafe<Array<{ id: string; seen: string | null }>>(
      `SELECT u.id, (SELECT p.id FROM "InboundMessage" p WHERE p.platform = 'WECOM' AND p."externalId" = $2) AS seen FROM "User" u WHERE u."wecomUserId" = $1 AND u.active`, senderId, externalId);
    if (!who || who.seen) throw new Error(`baseline: sender ${senderId} unknown or message seen`);
  }
  await db.prisma.$transaction(async (tx) => {
    const inboundId = randomUUID();
    await tx.$executeRawUnsafe(`INSERT INTO "InboundMessage"(id, platform, "externalId", "senderId", text, outcome, "createdAt") VALUES ($1, 'WECOM', $2, $3, $4, 'PENDING', now())`, inboundId, externalId, senderId, text);
    const found = await tx.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "Customer" WHERE "ownerId" = $1 AND "normalizedName" = $2`, senderId, name);
    let customerId = found[0]?.id;
    if (!customerId) {
      customerId = randomUUID();
      await tx.$executeRawUnsafe(`INSERT INTO "Customer"(id, name, "normalizedName", "ownerId", lifecycle, hot, "createdAt", "updatedAt") VALUES ($1, $2, $2, $3, 'POTENTIAL', false, now(), now())`, customerId, name, senderId);
    }
    if (kind === 'minimal') {
      await tx.$executeRawUnsafe(`INSERT INTO "Activity"(id, type, "occurredAt", summary, "rawText", "authorId", "customerId", "inboundId", "createdAt") VALUES ($1, 'VISIT', ${ts(now)}, $2, $2, $3, $4, $5, now())`, randomUUID(), text, senderId, customerId, inboundId);
      await tx.$executeRawUnsafe(`UPDATE "Customer" SET "lastContactAt" = ${ts(now)}, "updatedAt" = now() WHERE id = $1`, customerId);
      await tx.$executeRawUnsafe(`INSERT INTO "Task"(id, title, status, "assigneeId", "customerId", "inboundId", "createdAt") VALUES ($1, '跟进', 'OPEN', $2, $3, $4, now())`, randomUUID(), senderId, customerId, inboundId);
    } else {
      if (facts.contact) {
        const c = await tx.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "Contact" WHERE "customerId" = $1 AND name = $2`, customerId, m.contact);
        if (!c.length) await tx.$executeRawUnsafe(`INSERT INTO "Contact"(id, "customerId", name, role, "createdAt", "updatedAt") VALUES ($1, $2, $3, 'OTHER', now(), now())`, randomUUID(), customerId, m.contact);
      }
      let dealId: string | null = null;
      if (facts.amount || facts.stage || facts.activity || facts.close) {
        const [deal] = await tx.$queryRawUnsafe<Array<{ id: string; stage: string }>>(`SELECT id, stage FROM "Opportunity" WHERE "customerId" = $1 AND "ownerId" = $2 AND status = 'OPEN' ORDER BY "updatedAt" DESC LIMIT 1`, customerId, senderId);
        dealId = deal?.id ?? null;
        if (facts.close && deal) await tx.$executeRawUnsafe(`UPDATE "Opportunity" SET "expectedCloseDate" = ${ts(now)}, "updatedAt" = now() WHERE id = $1`, deal.id);
        if (facts.amount || facts.stage) {
          if (!deal) {
            dealId = randomUUID();
            await tx.$executeRawUnsafe(`INSERT INTO "Opportunity"(id, "customerId", "ownerId", title, stage, amount, status, "stageEnteredAt", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, 'OPEN', now(), now(), now())`, dealId, customerId, senderId, name, facts.stage ?? 'INITIAL_CONTACT', m.amount * 10_000);
            await tx.$executeRawUnsafe(`INSERT INTO "StageChange"(id, "opportunityId", "toStage", "changedAt", "changedById") VALUES ($1, $2, $3, now(), $4)`, randomUUID(), dealId, facts.stage ?? 'INITIAL_CONTACT', senderId);
          } else {
            await tx.$executeRawUnsafe(`UPDATE "Opportunity" SET amount = $2, stage = coalesce($3, stage), "updatedAt" = now() WHERE id = $1`, deal.id, m.amount * 10_000, facts.stage ?? null);
            if (facts.stage && facts.stage !== deal.stage) await tx.$executeRawUnsafe(`INSERT INTO "StageChange"(id, "opportunityId", "fromStage", "toStage", "changedAt", "changedById") VALUES ($1, $2, $3, $4, now(), $5)`, randomUUID(), deal.id, deal.stage, facts.stage, senderId);
          }
        }
      }
      if (facts.activity) {
        await tx.$executeRawUnsafe(`INSERT INTO "Activity"(id, type, "occurredAt", summary, "rawText", "authorId", "customerId", "opportunityId", "inboundId", "createdAt") VALUES ($1, $2::"ActivityType", ${ts(now)}, $3, $3, $4, $5, $6, $7, now())`, randomUUID(), facts.activity, text, senderId, customerId, dealId, inboundId);
        await tx.$executeRawUnsafe(`UPDATE "Customer" SET "lastContactAt" = ${ts(now)}, "updatedAt" = now() WHERE id = $1`, customerId);
      }
      if (facts.step) await tx.$executeRawUnsafe(`INSERT INTO "Task"(id, title, status, "assigneeId", "customerId", "inboundId", "createdAt") VALUES ($1, '跟进', 'OPEN', $2, $3, $4, now())`, randomUUID(), senderId, customerId, inboundId);
      if (facts.hot) await tx.$executeRawUnsafe(`UPDATE "Customer" SET hot = true, "updatedAt" = now() WHERE id = $1`, customerId);
    }
    await tx.$executeRawUnsafe(`UPDATE "InboundMessage" SET outcome = 'APPLIED', reply = $2 WHERE id = $1`, inboundId, `已记录 ${name}`);
  });
}

// ---------------------------------------------------------------- manager queries

async function benchQueries(h: BenchDbHandle, now: Date) {
  const { prisma } = h.db;
  const manager = await prisma.user.findUniqueOrThrow({ where: { id: 'bm1' } });
  const team = await visibleUserIds(prisma, manager);
  const { start, end } = thisMonth(now, TZ, 'zh');
  const bot = new SalesAssistant(makeContext(prisma, { now: () => now, timezone: TZ }), { parser: ruleParser, log: () => {} });
  let chatSeq = 0;
  const inList = (ids: string[] | null, col: string) => (ids ? `AND ${col} IN (${ids.map((id) => `'${id}'`).join(',')})` : '');

  for (const [scopeName, ids] of [[`team of ${team?.length} (manager)`, team], ['company (admin)', null]] as const) {
    const cases: Array<{ name: string; impl: () => Promise<unknown>; plain: string; chat?: string; chatSender?: string }> = [
      {
        name: 'funnel (this month)',
        impl: () => computeFunnel(prisma, { userIds: ids, start, end, now }),
        plain: `SELECT stage, count(*), sum(amount) FROM "Opportunity" o WHERE o."createdAt" < ${ts(end)} AND (o.status = 'OPEN' OR o."closedAt" >= ${ts(start)}) ${inList(ids, 'o."ownerId"')} GROUP BY stage`,
        chat: '本月漏斗',
      },
      {
        name: 'ranking (this month)',
        impl: () => computeRankings(prisma, { userIds: ids, start, end }),
        plain: `SELECT u.id, u."displayName",
                  (SELECT count(*) FROM "Activity" a WHERE a."authorId" = u.id AND a."occurredAt" >= ${ts(start)} AND a."occurredAt" < ${ts(end)}) acts,
                  (SELECT count(*) FROM "Customer" c WHERE c."ownerId" = u.id AND c."createdAt" >= ${ts(start)} AND c."createdAt" < ${ts(end)}) custs,
                  (SELECT sum(amount) FROM "Opportunity" o WHERE o."ownerId" = u.id AND o."createdAt" >= ${ts(start)} AND o."createdAt" < ${ts(end)}) pipe,
                  (SELECT sum(amount) FROM "Contract" k WHERE k."ownerId" = u.id AND k."signedAt" >= ${ts(start)} AND k."signedAt" < ${ts(end)}) won
                FROM "User" u WHERE u.active AND u.role <> 'ADMIN' ${inList(ids, 'u.id')}`,
        chat: '本月排名',
      },
      {
        // What the question answers: the 50 longest stalled and how many there are in all.
        name: 'stalled list (50 longest + total)',
        impl: () => findStalledPage(prisma, now, { userIds: ids, limit: 50 }),
        plain: `SELECT o.id, o.title, c.name, u."displayName", o.stage, o."stageEnteredAt", o.amount, count(*) OVER () AS total FROM "Opportunity" o JOIN "Customer" c ON c.id = o."customerId" JOIN "User" u ON u.id = o."ownerId"
                WHERE o.status = 'OPEN' AND o."stageEnteredAt" < ${ts(new Date(now.getTime() - 10 * 86_400_000))} ${inList(ids, 'o."ownerId"')} ORDER BY o."stageEnteredAt" LIMIT 50`,
        chat: '哪些单子停滞超过14天',
      },
      {
        // What the weekly push and the alerts read: every stalled deal with its names.
        name: 'stalled deals, every one (pushes)',
        impl: () => findStalled(prisma, now, { userIds: ids }),
        plain: `SELECT o.id, o.title, c.name, u."displayName", o.stage, o."stageEnteredAt", o.amount FROM "Opportunity" o JOIN "Customer" c ON c.id = o."customerId" JOIN "User" u ON u.id = o."ownerId"
                WHERE o.status = 'OPEN' AND o."stageEnteredAt" < ${ts(new Date(now.getTime() - 10 * 86_400_000))} ${inList(ids, 'o."ownerId"')} ORDER BY o."stageEnteredAt"`,
      },
    ];
    for (const c of cases) {
      const impl = await measure(() => c.impl(), { minRuns: 15, minMs: 1500, maxRuns: 200 });
      const plain = await measure(() => prisma.$queryRawUnsafe(c.plain), { minRuns: 15, minMs: 1500, maxRuns: 200 });
      let chat = '';
      if (c.chat) {
        const sender = ids ? 'bm1' : 'badmin';
        const t = await measure(() => bot.handleMessage({ platform: 'WECOM', externalId: `bench-q-${chatSeq++}`, senderId: sender, text: c.chat! }), { minRuns: 5, minMs: 500, maxRuns: 50, warmup: 1 });
        chat = ` · via chat p50 ${ms(t.p50)} ms`;
      }
      rows.push({ part: 'queries', db: h.kind, what: `${c.name}, ${scopeName}`, result: `p50 ${ms(impl.p50)} ms · p95 ${ms(impl.p95)} ms${chat}`, baseline: `p50 ${ms(plain.p50)} ms · p95 ${ms(plain.p95)} ms`, ratio: ratio(impl.p50, plain.p50) });
    }
  }
}

// ---------------------------------------------------------------- daily report

async function benchReport(h: BenchDbHandle, args: BenchArgs, spec: DataSpec, now: Date) {
  const { prisma } = h.db;
  const ids = await ensureReps(prisma, spec, args.reportReps);
  const range = dailyRange(now, TZ);
  const build = await measure(async () => {
    const rows = await computeDailyReport(prisma, ids, range);
    return formatRollup(rows, 'zh', now, TZ);
  }, { minRuns: 5, minMs: 2000, maxRuns: 50, warmup: 1 });
  const list = ids.map((id) => `'${id}'`).join(',');
  const day = `>= ${ts(range.start)} AND %s < ${ts(range.end)}`;
  const d = (col: string) => day.replace('%s', col).replace(/^/, `${col} `);
  const plainSql = `SELECT u.id, u."displayName",
      (SELECT count(*) FROM "Customer" c WHERE c."ownerId" = u.id AND ${d('c."createdAt"')}) new_customers,
      (SELECT count(*) FROM "Activity" a WHERE a."authorId" = u.id AND ${d('a."occurredAt"')}) activities,
      (SELECT count(*) FILTER (WHERE true) FROM "Opportunity" o WHERE o."ownerId" = u.id AND ${d('o."createdAt"')}) new_opps,
      (SELECT count(*) FROM "StageChange" s JOIN "Opportunity" o ON o.id = s."opportunityId" WHERE o."ownerId" = u.id AND s."fromStage" IS NOT NULL AND ${d('s."changedAt"')}) moves,
      (SELECT coalesce(sum(amount), 0) FROM "Contract" k WHERE k."ownerId" = u.id AND ${d('k."signedAt"')}) signed,
      (SELECT count(*) FROM "Task" t WHERE t."assigneeId" = u.id AND t.status = 'DONE' AND ${d('t."completedAt"')}) done,
      (SELECT count(*) FROM "Task" t WHERE t."assigneeId" = u.id AND t.status = 'OPEN' AND t."dueAt" < ${ts(range.asOf)}) overdue
    FROM "User" u WHERE u.id IN (${list})`;
  const plain = await measure(() => prisma.$queryRawUnsafe(plainSql), { minRuns: 5, minMs: 2000, maxRuns: 50, warmup: 1 });
  rows.push({ part: 'report', db: h.kind, what: `daily report build (compute + format roll-up), ${ids.length} reps`, result: `p50 ${ms(build.p50)} ms · p95 ${ms(build.p95)} ms`, baseline: `p50 ${ms(plain.p50)} ms · p95 ${ms(plain.p95)} ms`, ratio: ratio(build.p50, plain.p50) });
}

// ---------------------------------------------------------------- 撞单



/**
 * The 撞单 check a new customer triggers (findConflicts), for rep 1, over every customer of the
 * data set (renamed to realistic names first): a quarter each of another rep's exact name, a
 * longer name containing one, a near-miss (another trade word) and a name nobody holds.
 * Baseline: the check as it was before the trigram index — equal or contains, one LIKE '%…%'.
 */
async function benchConflicts(h: BenchDbHandle, args: BenchArgs) {
  const { prisma } = h.db;
  const chars = NAME_CHARS.slice(0, 100);
  const sqlName = (c: string, s: string) => `substr('${chars}', (${s} % 100)::int + 1, 1) || substr('${chars}', (${s} / 100 % 100)::int + 1, 1) || substr('${chars}', (${s} / 10000 % 100)::int + 1, 1) || (ARRAY['${TRADES.join("','")}'])[${c} % 8 + 1]`;
  await prisma.$executeRawUnsafe(`UPDATE "Customer" SET name = n, "normalizedName" = n FROM (SELECT cid, ${sqlName('c', 's')} AS n FROM (SELECT id AS cid, substr(id, 3)::int AS c, (substr(id, 3)::bigint * 7919 + 12345) % 1000000 AS s FROM "Customer" WHERE id ~ '^bc[0-9]+$') y) x WHERE id = x.cid`);
  // Renaming every customer leaves a dead version of each row (and its index entries) behind;
  // vacuum as autovacuum or the nightly PGlite maintenance would, like the generated data set.
  await prisma.$executeRawUnsafe('VACUUM (ANALYZE) "Customer"');
  // The SQL and the probes below must name customers alike, or the probes measure nothing.
  for (const c of [1, 2, Math.max(1, args.customers - 1)]) {
    const [row] = await prisma.$queryRawUnsafe<Array<{ name: string }>>('SELECT name FROM "Customer" WHERE id = $1', `bc${c}`);
    if (row?.name !== realName(c)) throw new Error(`bench names disagree for bc${c}: ${row?.name} vs ${realName(c)}`);
  }
  const r = (k: number) => 2 + ((k * 7919) % Math.max(1, args.customers - 1));
  const probes = Array.from({ length: 200 }, (_, k) => {
    const c = r(k);
    return [realName(c), `${realName(c)}发展`, `${brand(c)}${NEAR[c % 8]}`, `${brand(c + 7)}${brand(c + 13)}商贸`][k % 4];
  }).map(customerKey);
  let found = 0;
  // As in a message (and its baseline alike): prepared statements, plans reused (src/db/statementNames.ts).
  const impl = await measure((i) => preparedStatements(async () => {
    const key = probes[((i % probes.length) + probes.length) % probes.length];
    found += (await findConflicts(prisma, { ownerId: 'br1', normalizedName: key })).length;
  }), { minRuns: 400, minMs: 2000, maxRuns: 2000 });
  const plain = await measure((i) => preparedStatements(async () => {
    const key = probes[((i % probes.length) + probes.length) % probes.length];
    await prisma.$queryRawUnsafe(`SELECT id FROM "Customer" WHERE "ownerId" <> 'br1' AND lifecycle <> 'LOST' AND ("normalizedName" = $1 OR "normalizedName" LIKE '%' || $1 || '%') LIMIT 5`, key);
  }), { minRuns: 400, minMs: 2000, maxRuns: 2000 });
  rows.push({
    part: '撞单',
    db: h.kind,
    what: `conflict check on a new name over ${args.customers.toLocaleString('en')} customers with realistic names (same name / contains / near-miss / none; ${(found / impl.n).toFixed(2)} matches per check)`,
    result: `p50 ${ms(impl.p50)} ms · p95 ${ms(impl.p95)} ms · p99 ${ms(impl.p99)} ms`,
    baseline: `p50 ${ms(plain.p50)} ms · p95 ${ms(plain.p95)} ms (LIKE '%…%' only)`,
    ratio: ratio(impl.p50, plain.p50),
  });
  if (args.explain) {
    for (const key of probes.slice(0, 4)) {
      // The plan customer_lookalikes keeps (generic), then the statement around it.
      const plan = await prisma.$transaction(async (tx) => {
        const s = await lookalikesPlanStatements(tx, { ownerId: 'br1', normalizedName: key });
        for (const statement of s.setup) await tx.$executeRawUnsafe(statement);
        const rows = await tx.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN (ANALYZE, COSTS OFF) ${s.execute}`);
        await tx.$executeRawUnsafe('DEALLOCATE lookalikes');
        return [...rows, ...(await tx.$queryRaw<Array<Record<string, string>>>(Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF) ${conflictSql({ ownerId: 'br1', normalizedName: key })}`))];
      });
      log(`\n### ${h.kind}: 撞单 check for ${key} (customer_lookalikes' generic plan, then findConflicts' statement)\n${plan.map((x) => Object.values(x)[0]).join('\n')}`);
    }
  }
}

// ---------------------------------------------------------------- EXPLAIN

export function hotQueries(now: Date, reps: number): Array<{ name: string; sql: string | Prisma.Sql }> {
  const monthStart = new Date(now.getTime() - 30 * 86_400_000);
  const team = Array.from({ length: Math.min(10, reps) }, (_, i) => `'br${i + 1}'`).join(',');
  return [
    { name: 'activities by owner + date (ranking, daily report, activity summary)', sql: `SELECT count(*) FROM "Activity" WHERE "authorId" = 'br1' AND "occurredAt" >= ${ts(monthStart)} AND "occurredAt" < ${ts(now)}` },
    { name: 'activities by customer (客户 X timeline)', sql: `SELECT * FROM "Activity" WHERE "customerId" = 'bc1' ORDER BY "occurredAt" DESC LIMIT 10` },
    { name: 'open tasks by customer (客户 X timeline)', sql: `SELECT * FROM "Task" WHERE "customerId" = 'bc2' AND status = 'OPEN' ORDER BY "dueAt" LIMIT 5` },
    { name: 'opportunities by stage for a team (funnel)', sql: `SELECT stage, count(*), sum(amount) FROM "Opportunity" WHERE "ownerId" IN (${team}) AND "createdAt" < ${ts(now)} AND (status = 'OPEN' OR "closedAt" >= ${ts(monthStart)}) GROUP BY stage` },
    { name: 'stalled open deals, whole company (admin / scheduler)', sql: `SELECT id FROM "Opportunity" WHERE status = 'OPEN' AND "stageEnteredAt" < ${ts(new Date(now.getTime() - 14 * 86_400_000))}` },
    { name: 'stalled open deals, one team', sql: `SELECT id FROM "Opportunity" WHERE status = 'OPEN' AND "ownerId" IN (${team}) AND "stageEnteredAt" < ${ts(new Date(now.getTime() - 14 * 86_400_000))}` },
    { name: "rep's customer names for the parser (every message)", sql: `SELECT name FROM "Customer" WHERE "ownerId" = 'br1' ORDER BY "updatedAt" DESC LIMIT 500` },
    { name: '撞单 check on a new customer, before: contains, other owners (sequential scan)', sql: `SELECT id FROM "Customer" WHERE "ownerId" <> 'br1' AND lifecycle <> 'LOST' AND ("normalizedName" = '客户123科技' OR "normalizedName" LIKE '%客户123科技%') LIMIT 5` },
    { name: '撞单 check on a new customer (findConflicts: parts, contains, near-miss)', sql: conflictSql({ ownerId: 'br1', normalizedName: '客户123技术' }) },
    // A period that has not ended: the open deals' running totals, the deals closed in it, open deals created after it.
    ...funnelSql(null, monthStart, new Date(now.getTime() + 86_400_000), now).map((sql, i) => ({ name: `funnel, whole company, this month (computeFunnel, statement ${i + 1} of 3: ${['running totals of the open deals', 'deals closed since the start', 'open deals created after the end'][i]})`, sql })),
    { name: 'funnel, whole company, a period that has ended (computeFunnel: one pass over its deals)', sql: funnelSql(null, new Date(monthStart.getTime() - 30 * 86_400_000), monthStart, now)[0] },
  ];
}

async function explain(h: BenchDbHandle, now: Date, reps: number) {
  const queries = [...hotQueries(now, reps), { name: 'stalled list, whole company (findStalled: thresholds in SQL)', sql: await stalledSql(h.db.prisma, now, { userIds: null }) }];
  for (const q of queries) {
    const plan = typeof q.sql === 'string'
      ? await h.db.prisma.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN (ANALYZE, COSTS OFF) ${q.sql}`)
      : await h.db.prisma.$queryRaw<Array<Record<string, string>>>(Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF) ${q.sql}`);
    const text = typeof q.sql === 'string' ? q.sql : `${q.sql.sql} -- ${JSON.stringify(q.sql.values).slice(0, 300)}`;
    log(`\n### ${h.kind}: ${q.name}\n${text.replace(/\s+/g, ' ')}\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const now = new Date();
  now.setUTCSeconds(0, 0);
  const spec: DataSpec = { reps: args.reps, customers: args.customers, activities: args.activities, now };
  const versions: string[] = [];
  log(`bench: size ${args.size} — ${args.reps} reps, ${args.customers} customers, ${args.activities} activities; ${args.messages} ingest messages; databases ${args.dbs.join(', ')}; parts ${[...args.only].join(', ')}`);

  if (args.only.has('parser')) benchParser(args, now);
  const needsDb = ['ingest', 'queries', 'report', 'conflicts'].some((p) => args.only.has(p as never)) || args.explain;
  for (const kind of needsDb ? args.dbs : []) {
    let h: BenchDbHandle;
    try {
      h = await openBenchDb(kind, args);
    } catch (e) {
      notes.push(`${kind}: not available (${(e as Error).message.split('\n')[0]}) — skipped`);
      continue;
    }
    versions.push(`- ${kind}: ${h.version}`);
    try {
      log(`${kind}: generating data…`);
      const g0 = performance.now();
      await generate(h.db.prisma, spec, log);
      notes.push(`${kind}: data set generated in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
      if (args.explain) await explain(h, now, args.reps);
      if (args.only.has('ingest')) { log(`${kind}: ingest…`); await benchIngest(h, args, now); }
      if (args.only.has('queries')) { log(`${kind}: queries…`); await benchQueries(h, now); }
      if (args.only.has('report')) { log(`${kind}: daily report…`); await benchReport(h, args, spec, now); }
      if (args.only.has('conflicts')) { log(`${kind}: 撞单…`); await benchConflicts(h, args); }
    } finally {
      await h.cleanup();
    }
  }

  const out: string[] = [];
  out.push(`## Run ${now.toISOString().slice(0, 16)}Z — size \`${args.size}\`: ${args.reps} reps, ${args.customers.toLocaleString('en')} customers, ${args.activities.toLocaleString('en')} activities`);
  out.push('', ...machine(), ...versions, '');
  out.push('| part | db | what | result | plain-SQL baseline | ratio |', '|---|---|---|---|---|---|');
  for (const r of rows) out.push(`| ${r.part} | ${r.db} | ${r.what} | ${r.result} | ${r.baseline} | ${r.ratio} |`);
  if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
