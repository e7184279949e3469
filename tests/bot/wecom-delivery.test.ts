// Replies and pushes to WeCom are never lost and never doubled: real signed callbacks, the real
// inbox and outbox, and a fake qyapi.weixin.qq.com that answers message/send with the failures
// WeCom really produces (45009 rate limit, HTTP 5xx, a token rejected twice, a hanging request,
// invaliduser in a 200). The clock of the inbox/outbox is driven by the test, so backoff is real
// but instant.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { Inbox } from '../../src/domain/messages/inbox.js';
import { deliverDue, enqueue } from '../../src/domain/pushes/outbox.js';
import { pushStatus } from '../../src/cli/commands/push.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { WecomChannel } from '../../src/bot/wecom/channel.js';
import { wecomConfigFromEnv, type WecomConfig } from '../../src/bot/wecom/config.js';
import { WecomServer } from '../../src/bot/wecom/server.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, type FakeServer, type Recorded } from './fakeServer.js';
import { visibleText, wecomCallbacks } from './wecomCallbacks.js';

const APP = { corp: 'wwdelivery00000001', agent: '1000011', token: 'deliveryTok9', aesKey: randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'c').slice(0, 43) };
const VISIT = '上午去了启明物流见了仓储部的何经理，预计18万，周五前报价';
const { textXml, envelope } = wecomCallbacks(APP);

/** What message/send answers next; when the script runs out it answers ok. */
type Answer = 'ok' | 'http500' | 'hang' | { errcode: number; invaliduser?: string };

/** A prisma client whose push.updateMany fails `times` times for writes matching `when`. */
function flakyStatusWrites(prisma: PrismaClient, when: (data: Record<string, unknown>) => boolean, times: number): PrismaClient {
  let left = times;
  const push = new Proxy(prisma.push, {
    get(target, key) {
      if (key !== 'updateMany') return Reflect.get(target, key);
      return async (args: { data: Record<string, unknown> }) => {
        if (left > 0 && when(args.data)) {
          left--;
          throw new Error('Connection terminated unexpectedly (injected)');
        }
        return target.updateMany(args as never);
      };
    },
  });
  return new Proxy(prisma, { get: (target, key) => (key === 'push' ? push : Reflect.get(target, key)) }) as PrismaClient;
}

describe.each(await testDatabases())('WeCom delivery on $kind', ({ create }) => {
  const suite = useTestDb(create, {
    world: true,
    beforeReset: async () => {
      await server?.close();
      await inbox?.stop();
    },
  });
  let fake: FakeServer;
  let config: WecomConfig;
  let script: Answer[] = [];
  /** Bodies of message/send calls WeCom accepted (answered errcode 0, nothing invalid). */
  let delivered: Recorded[] = [];
  let clock = Date.now();
  const logs: string[] = [];
  let api: WecomApi;
  let inbox: Inbox;
  let server: WecomServer;
  let base: string;

  const post = (e: { query: string; body: string }) => fetch(`${base}${config.path}?${e.query}`, { method: 'POST', body: e.body });
  const replyRows = () => suite.db.prisma.push.findMany({ where: { kind: 'reply' } });

  beforeAll(async () => {
    fake = await startFakeServer(async (r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, errmsg: 'ok', access_token: `t${Math.random()}`, expires_in: 7200 };
      const next = script.shift() ?? 'ok';
      if (next === 'http500') throw new Error('upstream exploded');
      if (next === 'hang') return new Promise(() => {});
      if (next === 'ok') {
        delivered.push(r);
        return { errcode: 0, errmsg: 'ok', msgid: `m${delivered.length}` };
      }
      return { errcode: next.errcode, errmsg: next.errcode ? 'failed' : 'ok', ...(next.invaliduser ? { invaliduser: next.invaliduser } : {}) };
    });
    config = wecomConfigFromEnv({ WECOM_CORP_ID: APP.corp, WECOM_AGENT_ID: APP.agent, WECOM_SECRET: 's3', WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey, WECOM_API_BASE: fake.url })!;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { wecomUserId: 'hejing' } });
    script = [];
    delivered = [];
    logs.length = 0;
    fake.requests.length = 0;
    clock = Date.now();
    api = new WecomApi({ apiBase: fake.url, corpId: APP.corp, secret: 's3', agentId: APP.agent, timeoutMs: 400 });
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, log: () => {} });
    inbox = new Inbox({ assistant, outbound: new Outbound([new WecomChannel(api, suite.db.prisma)]), now: () => new Date(clock), log: (m) => logs.push(m) });
    server = new WecomServer({ config, assistant, api, inbox, log: () => {} });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });

  /** Lets time pass (10 minutes) and runs the sweep, until the reply rows settle. */
  async function retryUntilSettled(max = 10): Promise<number> {
    for (let i = 1; i <= max; i++) {
      const open = await suite.db.prisma.push.count({ where: { status: { in: ['PENDING', 'SENDING'] } } });
      if (!open) return i - 1;
      clock += 10 * 60_000;
      await inbox.sweep();
    }
    throw new Error('reply never settled');
  }

  it('a reply survives 45009, HTTP 500, a token rejected twice and a hanging request, and is delivered exactly once', async () => {
    script = [{ errcode: 45009 }, 'http500', { errcode: 42001 }, { errcode: 42001 }, 'hang'];
    expect((await post(envelope(textXml('hejing', VISIT, '91001')))).status).toBe(200);
    await server.idle();
    // Recorded once, the reply queued (not lost) after the first failure.
    expect((await counts(suite.db.prisma)).activities).toBe(1);
    let [row] = await replyRows();
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row.lastError).toContain('45009');
    expect(await retryUntilSettled()).toBe(4);
    [row] = await replyRows();
    expect(row).toMatchObject({ status: 'SENT', attempts: 5 });
    // The text once, then its 确认/撤销 card once.
    expect(delivered.map((d) => (d.json as { msgtype: string }).msgtype)).toEqual(['text', 'template_card']);
    expect(visibleText((delivered[0].json as { text: { content: string } }).text.content)).toContain('启明物流');
    // Each attempt carried the duplicate check, and the very same body (WeCom may drop a repeat).
    const attempts = fake.calls('/cgi-bin/message/send').filter((r) => (r.json as { msgtype: string }).msgtype === 'text');
    expect(attempts.every((r) => (r.json as { enable_duplicate_check: number; duplicate_check_interval: number }).enable_duplicate_check === 1)).toBe(true);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);

    // WeCom resends the same MsgId (it did not see our 200 in time): nothing new is stored or sent.
    expect((await post(envelope(textXml('hejing', VISIT, '91001')))).status).toBe(200);
    await server.idle();
    await retryUntilSettled();
    expect(delivered).toHaveLength(2);
    expect((await counts(suite.db.prisma)).inbound).toBe(1);
  });

  it('invaliduser in a 200 answer is a failed delivery: FAILED, logged, and listed by `cli push status`', async () => {
    script = [{ errcode: 0, invaliduser: 'hejing' }];
    await post(envelope(textXml('hejing', VISIT, '91002')));
    await server.idle();
    const [row] = await replyRows();
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toContain('invaliduser hejing');
    expect(logs.some((l) => l.includes('FAILED') && l.includes('invaliduser hejing'))).toBe(true);
    const status = await pushStatus(suite.db.prisma);
    expect(status).toContain('FAILED · reply · reply:WECOM:hejing · WECOM:91002');
    expect(status).toContain('invaliduser hejing');
    // Permanent: no retry spends more calls on it.
    await retryUntilSettled();
    expect(fake.calls('/cgi-bin/message/send')).toHaveLength(1);
  });

  it('a reminder is one unit: when only its card fails, the retry sends the card and not the text again', async () => {
    const now = new Date(clock);
    await enqueue(suite.db.prisma, 'reminder', { kind: 'user', userId: suite.world.rep.id }, 'task:t9:1', {
      recipient: { kind: 'user', userId: suite.world.rep.id },
      message: { text: '⏰ 待办提醒：给何经理发报价', buttons: [{ label: '完成', action: 'task_done', targetId: 't9' }, { label: '推迟到明天', action: 'task_snooze', targetId: 't9' }] },
      tz: 'Asia/Shanghai',
      quiet: null,
    }, { notBefore: now });
    const outbound = new Outbound([new WecomChannel(api, suite.db.prisma)]);
    script = ['ok', { errcode: 45009 }, { errcode: 45009 }, 'ok'];
    expect(await deliverDue(suite.db.prisma, outbound, now)).toMatchObject({ sent: 0, retried: 1 });
    expect(await suite.db.prisma.push.findFirstOrThrow()).toMatchObject({ status: 'PENDING', partsSent: 1 });
    expect(await deliverDue(suite.db.prisma, outbound, new Date(clock + 5 * 60_000))).toMatchObject({ retried: 1 });
    expect(await deliverDue(suite.db.prisma, outbound, new Date(clock + 60 * 60_000))).toMatchObject({ sent: 1 });
    const kinds = delivered.map((r) => (r.json as { msgtype: string }).msgtype);
    expect(kinds).toEqual(['text', 'template_card']);
    expect(fake.calls('/cgi-bin/message/send').filter((r) => (r.json as { msgtype: string }).msgtype === 'text')).toHaveLength(1);
    expect(await suite.db.prisma.push.findFirstOrThrow()).toMatchObject({ status: 'SENT', partsSent: 2, attempts: 3 });
  });

  it('a status write that fails after a successful send does not send again', async () => {
    const now = new Date(clock);
    const push = (key: string) =>
      enqueue(suite.db.prisma, 'digest', { kind: 'user', userId: suite.world.rep.id }, key, { recipient: { kind: 'user', userId: suite.world.rep.id }, message: { text: `☀️ 早上好 ${key}` }, tz: 'Asia/Shanghai', quiet: null }, { notBefore: now });
    const outbound = new Outbound([new WecomChannel(api, suite.db.prisma)]);

    // A blip: the SENT write fails twice, then the database is back. Sent once, recorded SENT.
    await push('d1');
    const blip = flakyStatusWrites(suite.db.prisma, (d) => d.status === 'SENT', 2);
    expect(await deliverDue(blip, outbound, now)).toMatchObject({ sent: 1, retried: 0 });
    expect(await suite.db.prisma.push.findFirstOrThrow({ where: { periodKey: 'd1' } })).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(delivered).toHaveLength(1);

    // An outage: no status write lands at all (the row stays claimed). After the claim expires
    // another run picks it up: the recorded part is not sent again.
    await push('d2');
    const outage = flakyStatusWrites(suite.db.prisma, (d) => d.status === 'SENT', 100);
    const r = await deliverDue(outage, outbound, now, { statusWriteTries: 2 });
    expect(r.sent).toBe(1);
    expect(await suite.db.prisma.push.findFirstOrThrow({ where: { periodKey: 'd2' } })).toMatchObject({ status: 'SENDING', partsSent: 1 });
    expect(await deliverDue(suite.db.prisma, outbound, new Date(clock + 10 * 60_000))).toMatchObject({ sent: 1 });
    expect(await suite.db.prisma.push.findFirstOrThrow({ where: { periodKey: 'd2' } })).toMatchObject({ status: 'SENT' });
    expect(delivered.map((d) => visibleText((d.json as { text: { content: string } }).text.content))).toEqual(['☀️ 早上好 d1', '☀️ 早上好 d2']);

    // Worst case: even the part record is lost, and the process dies. The resend after the claim
    // expires is byte-identical to the first send, which WeCom's duplicate check drops.
    await push('d3');
    const dead = flakyStatusWrites(suite.db.prisma, (d) => d.status === 'SENT' || 'partsSent' in d, 100);
    await deliverDue(dead, outbound, now, { statusWriteTries: 1 });
    await deliverDue(suite.db.prisma, outbound, new Date(clock + 10 * 60_000));
    const d3 = fake.calls('/cgi-bin/message/send').filter((c) => c.body.includes('d3'));
    expect(d3).toHaveLength(2);
    expect(d3[1].body).toBe(d3[0].body);
    expect((d3[0].json as { enable_duplicate_check: number }).enable_duplicate_check).toBe(1);
  });
});
