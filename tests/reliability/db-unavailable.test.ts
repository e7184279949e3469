// The database disappears for a moment (connections cut, new ones refused by a proxy in front of
// the real server): the sender gets the clear "not saved, send again" reply, nothing is stored,
// and once the database is back the platform's redelivery of that message is stored exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { isPostgresReachable } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { HANG_SENDER, HANG_TEXT, HANG_TEXT_AGAIN, hangParser } from './fixtures/hangMessage.js';
import { adminQuery, createOrg, createScratchPg, type ScratchPg } from './helpers.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

const BUSY_ZH = '系统繁忙，这条消息没有保存，请稍后重发。';
const pgAvailable = process.env.SKIP_POSTGRES_TESTS !== '1' && (await isPostgresReachable());

describe.skipIf(!pgAvailable)('database briefly unavailable (PostgreSQL behind a cuttable proxy)', () => {
  let scratch: ScratchPg;
  let proxy: TcpProxy;
  let db: Db;
  let direct: Db;
  let bot: SalesAssistant;
  // Each platform message is another visit (an identical text resent within minutes would be refused).
  const msg = (externalId: string) => ({ platform: 'WECOM' as const, externalId, senderId: HANG_SENDER, text: externalId === 'wx-outage-2' ? HANG_TEXT_AGAIN : HANG_TEXT });

  beforeAll(async () => {
    scratch = await createScratchPg();
    direct = await openDb({ databaseUrl: scratch.url });
    await createOrg(direct.prisma);
    const target = new URL(scratch.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(scratch.url);
    viaProxy.port = String(proxy.port);
    viaProxy.searchParams.set('connect_timeout', '2');
    db = await openDb({ databaseUrl: viaProxy.toString(), migrate: false });
    bot = new SalesAssistant(makeContext(db.prisma), { parser: hangParser(), log: () => {} });
  });
  afterAll(async () => {
    await db?.close().catch(() => {});
    await direct?.close();
    await proxy?.close();
    await scratch?.drop();
  });

  it('works through the proxy while it is up', async () => {
    const ok = await bot.handleMessage(msg('warmup'));
    expect(ok.outcome).toBe('APPLIED');
    await direct.prisma.$executeRawUnsafe('truncate "InboundMessage", "Activity", "Task", "StageChange", "Opportunity", "Contact", "Customer" cascade');
  });

  it('answers "try again" and stores nothing while the database is gone', async () => {
    proxy.cut();
    const reply = await bot.handleMessage(msg('wx-outage-1'));
    expect(reply.outcome).toBe('ERROR');
    expect(reply.duplicate).toBe(false);
    expect(reply.text).toBe(BUSY_ZH);
    const c = await counts(direct.prisma);
    expect([c.customers, c.activities, c.tasks, c.inbound]).toEqual([0, 0, 0, 0]);
  });

  it('stores the redelivered message exactly once after the database is back', async () => {
    proxy.restore();
    let reply = await bot.handleMessage(msg('wx-outage-1'));
    // The pool may still hold a connection the cut killed; the platform simply redelivers again.
    for (let i = 0; i < 5 && reply.outcome === 'ERROR'; i++) reply = await bot.handleMessage(msg('wx-outage-1'));
    expect(reply.outcome).toBe('APPLIED');
    expect(reply.duplicate).toBe(false);
    const again = await bot.handleMessage(msg('wx-outage-1'));
    expect(again.duplicate).toBe(true);
    const c = await counts(direct.prisma);
    expect([c.customers, c.contacts, c.opportunities, c.activities, c.tasks, c.inbound]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('a cut in the middle of a transaction rolls it back, and redelivery still stores once', async () => {
    // Hold the message inside its open transaction (every row written, nothing committed)…
    let release!: () => void;
    let inside!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const reached = new Promise<void>((r) => (inside = r));
    let seenInside = -1;
    const pending = bot.handleMessage(msg('wx-outage-2'), {
      beforeCommit: async (tx) => {
        seenInside = await tx.activity.count();
        inside();
        await held;
      },
    });
    await reached;
    expect(seenInside).toBe(2); // outage-1's and this one's: written, visible only inside the transaction
    const open = await adminQuery<{ n: number }>(`select count(*)::int n from pg_stat_activity where datname = $1 and state like 'idle in transaction%'`, [scratch.name]);
    expect(open[0].n).toBeGreaterThanOrEqual(1);
    // …then cut the database away: the proof that the cut hit the open transaction's connection.
    expect(proxy.cut()).toBeGreaterThanOrEqual(1);
    release();
    const reply = await pending;
    proxy.restore();
    expect(reply.outcome).toBe('ERROR');
    expect(reply.text).toBe(BUSY_ZH);
    expect(await direct.prisma.inboundMessage.count({ where: { externalId: 'wx-outage-2' } })).toBe(0);
    expect(await direct.prisma.activity.count()).toBe(1);
    let again = await bot.handleMessage(msg('wx-outage-2'));
    for (let i = 0; i < 5 && again.outcome === 'ERROR'; i++) again = await bot.handleMessage(msg('wx-outage-2'));
    expect(again.outcome).toBe('APPLIED');
    expect(await direct.prisma.inboundMessage.count({ where: { externalId: 'wx-outage-2' } })).toBe(1);
    expect(await direct.prisma.activity.count()).toBe(2); // outage-1 and outage-2, once each
  });
});
