// A bot process SIGKILLed in the middle of a burst of WeCom callbacks loses no acknowledged
// message and doubles none. The bot is a real child process (callback server + transactional
// inbox + reply outbox) receiving real encrypted, signed callbacks; the parent plays WeCom: it
// fires a burst, kills the child once part of it is acknowledged while work is still queued,
// starts a new process on the same database (start-up recovery), and redelivers what was never
// acknowledged, as WeCom does. Run on PostgreSQL and on a PGlite data folder.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encrypt, getSignature } from '@wecom/crypto';
import { openDb, type Db } from '../../src/db/client.js';
import { buildWecomXml } from '../../src/bot/wecom/xml.js';
import { isPostgresReachable } from '../helpers/db.js';
import { startFakeServer, waitFor, type FakeServer } from '../bot/fakeServer.js';
import { BURST_SENDERS, burstSender, burstText } from './fixtures/burstMessages.js';
import { killHard, startFixture, stopGracefully } from './childProcess.js';
import { createScratchPg, type ScratchPg } from './helpers.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'inbox-server.ts');
const CORP = 'wwburst0000000001';
const AGENT = '1000005';
const TOKEN = 'burstToken42';
const AES_KEY = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'b').slice(0, 43);
const N = 60;
// Few enough that a loaded machine (PGlite acknowledges more slowly while it processes) gets there.
const KILL_AFTER_ACKS = 16;

async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const { child, match, output } = await startFixture(FIXTURE, env, /LISTENING (\d+)/, 'the bot');
  return { child, port: Number(match[1]), output };
}

let seq = 0;
/** What WeCom POSTs for message n (msgId is the idempotency key WeCom keeps across retries). */
function callback(n: number) {
  const nowSec = Math.floor(Date.now() / 1000);
  const inner = buildWecomXml({ ToUserName: CORP, FromUserName: burstSender(n), CreateTime: nowSec, MsgType: 'text', Content: burstText(n), MsgId: `burst-${n}`, AgentID: AGENT });
  const enc = encrypt(AES_KEY, inner, CORP);
  const ts = String(nowSec);
  const nonce = `b${++seq}`;
  return { query: `msg_signature=${getSignature(TOKEN, ts, nonce, enc)}&timestamp=${ts}&nonce=${nonce}`, body: buildWecomXml({ ToUserName: CORP, AgentID: AGENT, Encrypt: enc }) };
}

async function deliver(port: number, n: number): Promise<boolean> {
  const c = callback(n);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/wecom/callback?${c.query}`, { method: 'POST', body: c.body, signal: AbortSignal.timeout(60_000) });
    return res.status === 200;
  } catch {
    return false; // connection refused / reset: not acknowledged, WeCom will retry
  }
}

async function setupOrg(db: Db) {
  const team = await db.prisma.team.create({ data: { name: '突发组' } });
  for (const [i, id] of BURST_SENDERS.entries()) await db.prisma.user.create({ data: { displayName: `突发销售${i}`, role: 'REP', teamId: team.id, wecomUserId: id } });
}

const pgAvailable = process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable());
const targets: Array<{ kind: string; prepare: () => Promise<{ env: Record<string, string>; open: () => Promise<Db>; cleanup: () => Promise<void> }> }> = [
  {
    kind: 'pglite folder',
    prepare: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sa-burst-'));
      let migrated = false;
      const open = async () => {
        const db = await openDb({ dataDir: dir, migrate: !migrated });
        migrated = true;
        return db;
      };
      return { env: { DATA_DIR: dir, DATABASE_URL: '' }, open, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
];
if (pgAvailable) {
  targets.push({
    kind: 'postgres',
    prepare: async () => {
      const scratch: ScratchPg = await createScratchPg('sa_burst');
      return { env: { DATABASE_URL: scratch.url }, open: () => openDb({ databaseUrl: scratch.url }), cleanup: () => scratch.drop() };
    },
  });
}

describe.each(targets)('SIGKILL during a burst of $kind', ({ prepare }) => {
  let fake: FakeServer;
  let cleanup: (() => Promise<void>) | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await fake?.close();
    await cleanup?.();
  });

  it('every acknowledged message is stored before the ack, processed once after a restart, and answered once', async () => {
    fake = await startFakeServer((r) => (r.path === '/cgi-bin/gettoken' ? { errcode: 0, errmsg: 'ok', access_token: 'tok', expires_in: 7200 } : { errcode: 0, errmsg: 'ok' }));
    const target = await prepare();
    cleanup = target.cleanup;
    const setup = await target.open();
    await setupOrg(setup);
    if (setup.kind === 'pglite') await setup.close(); // one process per PGlite folder
    const env = {
      ...target.env,
      WECOM_CORP_ID: CORP, WECOM_AGENT_ID: AGENT, WECOM_SECRET: 'burst-secret', WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY,
      WECOM_API_BASE: fake.url, PARSE_DELAY_MS: '80', LEASE_MS: '1500',
    };

    // 1. The burst, killed part-way.
    const first = await startChild(env);
    children.push(first.child);
    const acked = new Set<number>();
    let killedWith: NodeJS.Signals | null = null;
    let killing: Promise<void> | null = null;
    const inFlight: Array<Promise<void>> = [];
    for (let n = 0; n < N; n++) {
      inFlight.push(
        deliver(first.port, n).then((ok) => {
          if (!ok) return;
          acked.add(n);
          if (acked.size >= KILL_AFTER_ACKS && !killing) killing = killHard(first.child).then((s) => void (killedWith = s));
        }),
      );
      await new Promise((r) => setTimeout(r, 15));
    }
    await Promise.all(inFlight);
    // (If the burst ended before enough acknowledgements, kill now: the assertions below then fail.)
    await (killing ?? killHard(first.child));

    // 2. Proof that the kill happened mid-burst: the process died of SIGKILL, some deliveries
    //    were never acknowledged, and some acknowledged ones were not processed yet.
    expect({ killedWith, output: killedWith === 'SIGKILL' ? '' : first.output() }).toEqual({ killedWith: 'SIGKILL', output: '' });
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.size).toBeLessThan(N);
    const check = setup.kind === 'pglite' ? await target.open() : setup;
    const inboxAfterKill = await check.prisma.inboxMessage.findMany({ select: { externalId: true, status: true } });
    const stored = new Set(inboxAfterKill.map((r) => Number(r.externalId.replace('burst-', ''))));
    // Nothing acknowledged is missing: it was committed before WeCom got its 200.
    expect([...acked].filter((n) => !stored.has(n))).toEqual([]);
    const processedAtKill = await check.prisma.inboundMessage.count();
    expect(processedAtKill).toBeLessThan(acked.size); // acknowledged work was still queued
    expect(inboxAfterKill.some((r) => r.status === 'PENDING')).toBe(true);
    if (check.kind === 'pglite') await check.close();

    // 3. A new process on the same database: start-up recovery, plus WeCom's redelivery of every
    //    message it never got a 200 for (and a few it did — a retry after a slow answer).
    const second = await startChild(env);
    children.push(second.child);
    const redeliver = [...Array(N).keys()].filter((n) => !acked.has(n));
    for (const n of [...redeliver, ...[...acked].slice(0, 5)]) expect(await deliver(second.port, n)).toBe(true);

    const db = setup.kind === 'pglite' ? null : setup;
    if (db) await waitFor(async () => (await db.prisma.push.count({ where: { kind: 'reply', status: 'SENT' } })) === N, 120_000);
    // PGlite: the folder belongs to the running child; it reports what is left to do.
    else await waitFor(() => (second.output().match(/LEFT \d+ \d+/g) ?? []).at(-1) === 'LEFT 0 0' && new Set(fake.calls('/cgi-bin/message/send').map((r) => r.body)).size === 2 * N, 120_000);
    await stopGracefully(second.child);

    // 4. Exactly once: every message stored and processed once, one activity each, one reply each.
    const final = db ?? (await target.open());
    try {
      const inbox = await final.prisma.inboxMessage.findMany();
      expect(inbox).toHaveLength(N);
      expect(inbox.every((r) => r.status === 'DONE')).toBe(true);
      const inbound = await final.prisma.inboundMessage.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      expect(inbound.map((m) => m.externalId).sort()).toEqual([...Array(N).keys()].map((n) => `burst-${n}`).sort());
      expect(inbound.every((m) => m.outcome === 'APPLIED')).toBe(true);
      expect(await final.prisma.activity.count()).toBe(N);
      expect(await final.prisma.customer.count()).toBe(N);
      const replies = await final.prisma.push.findMany({ where: { kind: 'reply' } });
      expect(replies).toHaveLength(N);
      expect(replies.every((r) => r.status === 'SENT')).toBe(true);
      // Each sender's messages were processed in the order they were stored.
      const seqOf = new Map(inbox.map((r) => [r.externalId, r.seq]));
      for (const sender of BURST_SENDERS) {
        const mine = inbound.filter((m) => burstSender(Number(m.externalId.replace('burst-', ''))) === sender).map((m) => seqOf.get(m.externalId)!);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
    } finally {
      await final.close();
    }
    // What WeCom received: one distinct message/send per message. A send repeated after the kill
    // (sent, then killed before its status write) is byte-identical, so WeCom's duplicate check
    // (enable_duplicate_check, asserted on every call) drops it and the rep sees it once.
    // Each reply is its text and then its 确认/撤销 card (counted apart: the text says which message).
    const all = fake.calls('/cgi-bin/message/send');
    expect(all.every((r) => (r.json as { enable_duplicate_check?: number }).enable_duplicate_check === 1)).toBe(true);
    expect(new Set(all.filter((r) => (r.json as { msgtype: string }).msgtype === 'template_card').map((r) => r.body)).size).toBe(N);
    const sends = all.filter((r) => (r.json as { msgtype: string }).msgtype === 'text');
    const distinct = new Map<string, number>();
    for (const r of sends) distinct.set(r.body, (distinct.get(r.body) ?? 0) + 1);
    expect(distinct.size).toBe(N);
    for (let n = 0; n < N; n++) {
      const toSender = [...distinct.keys()].filter((b) => b.includes(`第${n}号仓储公司`) && JSON.parse(b).touser === burstSender(n));
      expect({ n, replies: toSender.length }).toEqual({ n, replies: 1 });
    }
  }, 300_000);
});
