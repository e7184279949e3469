// The transactional inbox through the Slack adapter (signed HTTP requests against a fake Slack)
// and on its own: a delivery is stored before Slack hears 200; when it cannot be stored Slack gets
// an error (and redelivers); a sender's messages are handled in arrival order; a message that
// keeps failing is answered "nothing was recorded" instead of silence; what a dead process left
// behind is processed on start-up; Socket Mode holds its ack until the delivery is stored.
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { Inbox } from '../../src/domain/messages/inbox.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import type { MessageParser } from '../../src/intents/schema.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { SlackChannel } from '../../src/bot/slack/channel.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { testDatabases } from '../helpers/db.js';
import { parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, waitFor, type FakeServer } from './fakeServer.js';

const SECRET = 'inbox-signing-secret';

describe.each(await testDatabases())('the inbox behind the Slack adapter on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let fake: FakeServer;
  let adapter: SlackAdapter;
  let base: string;
  let parser: MessageParser;
  let seq = 0;
  const posts = () => fake.calls('/api/chat.postMessage').map((r) => r.json as { channel: string; text: string });
  const sign = (body: string) => {
    const ts = Math.floor(Date.now() / 1000);
    return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}` };
  };
  const dm = (user: string, text: string, eventId = `EvIn${++seq}`) => {
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event: { type: 'message', channel_type: 'im', channel: 'D7', user, text, ts: `1700000000.${String(++seq).padStart(6, '0')}` } });
    return fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...sign(body) } });
  };
  async function start(prisma: PrismaClient = suite.db.prisma) {
    await adapter?.stop();
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-inbox', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    const assistant = new SalesAssistant(makeContext(prisma), { parser, log: () => {} });
    adapter = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    base = `http://127.0.0.1:${await adapter.start(0, '127.0.0.1')}`;
  }

  beforeAll(async () => {
    fake = await startFakeServer((r) => (r.path === '/api/chat.postMessage' ? { ok: true, channel: 'D7', ts: `1.${++seq}` } : { ok: true }));
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { slackUserId: 'UREP' } });
    fake.requests.length = 0;
    parser = ruleParser;
  });

  it('the 200 goes out only after the delivery is stored; without the database Slack gets a 500 and its retry is stored once', async () => {
    await start();
    const res = await dm('UREP', '我的待办', 'EvStored');
    expect(res.status).toBe(200);
    // At the moment Slack has its 200 the delivery is already committed.
    expect(await suite.db.prisma.inboxMessage.count({ where: { externalId: 'EvStored' } })).toBe(1);

    // The database refuses the insert: no 200, nothing half-stored.
    const broken = new Proxy(suite.db.prisma, {
      get: (t, k) => (k === 'inboxMessage' ? new Proxy(t.inboxMessage, { get: (m, mk) => (mk === 'createMany' ? () => Promise.reject(new Error('connection refused (injected)')) : Reflect.get(m, mk)) }) : Reflect.get(t, k)),
    }) as PrismaClient;
    await start(broken);
    const refused = await dm('UREP', '本月漏斗', 'EvDown');
    expect(refused.status).toBe(500);
    expect(await suite.db.prisma.inboxMessage.count({ where: { externalId: 'EvDown' } })).toBe(0);
    await start();
    expect((await dm('UREP', '本月漏斗', 'EvDown')).status).toBe(200);
    await adapter.idle();
    expect(await suite.db.prisma.inboundMessage.count({ where: { externalId: 'EvDown' } })).toBe(1);
    await waitFor(() => posts().length === 2);
  });

  it('one sender’s burst is handled in the order it arrived, even when early messages take longer', async () => {
    // The first messages are the slowest to parse: without the per-sender queue they would finish last.
    parser = {
      name: 'slow-first',
      async parse(text, ctx) {
        const n = Number(/第(\d+)条/.exec(text)?.[1] ?? 0);
        await new Promise((r) => setTimeout(r, Math.max(0, 120 - n * 15)));
        return ruleParser.parse(text, ctx);
      },
    };
    await start();
    const texts = Array.from({ length: 8 }, (_, n) => `明天提醒我第${n}条跟进事项`);
    for (const text of texts) expect((await dm('UREP', text)).status).toBe(200);
    await adapter.idle();
    const stored = await suite.db.prisma.inboundMessage.findMany({ where: { senderId: suite.world.rep.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(stored.map((m) => m.text)).toEqual(texts);
    await waitFor(() => posts().length === 8);
  });

  it('a message that keeps failing is retried with backoff, then answered "nothing was recorded" — never left silent', async () => {
    parser = { name: 'broken', parse: async () => Promise.reject(new Error('parser exploded')) };
    let clock = Date.now();
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-inbox', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser, log: () => {} });
    await adapter?.stop();
    const probe = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    const inbox = new Inbox({ assistant, outbound: new Outbound([new SlackChannel(probe.client, suite.db.prisma)]), maxAttempts: 3, now: () => new Date(clock), log: () => {} });
    adapter = new SlackAdapter({ config, assistant, inbox, log: () => {}, logLevel: LogLevel.ERROR });
    base = `http://127.0.0.1:${await adapter.start(0, '127.0.0.1')}`;
    expect((await dm('UREP', '今天拜访了启明物流', 'EvBroken')).status).toBe(200);
    await inbox.idle();
    expect(await suite.db.prisma.inboxMessage.findFirstOrThrow()).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'parser exploded' });
    expect(posts()).toHaveLength(0);
    for (let i = 0; i < 2; i++) {
      clock += 120_000;
      await inbox.sweep();
      await inbox.idle();
    }
    expect(await suite.db.prisma.inboxMessage.findFirstOrThrow()).toMatchObject({ status: 'FAILED', attempts: 3 });
    await waitFor(() => posts().length === 1);
    expect(posts()[0].text).toContain('没有记录任何内容');
    expect(await suite.db.prisma.inboundMessage.count()).toBe(0);
    await inbox.stop();
  });

  it('what a dead process left unprocessed is processed on start-up, once', async () => {
    // A delivery stored (acknowledged) by a process that died before handling it, with its claim.
    await suite.db.prisma.inboxMessage.create({ data: { platform: 'SLACK', externalId: 'EvOrphan', sender: 'UREP', payload: { text: '我的待办', route: { platform: 'SLACK', channel: 'D7' } } } });
    await suite.db.prisma.schedulerLock.create({ data: { name: 'inbox:SLACK:UREP', holder: 'dead-host:1', expiresAt: new Date(Date.now() + 3_600_000) } });
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-inbox', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser, log: () => {} });
    await adapter?.stop();
    const unstarted = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    // Only this process uses the database (exclusive): the dead holder's claim is dropped at start.
    const inbox = new Inbox({ assistant, outbound: new Outbound([new SlackChannel(unstarted.client, suite.db.prisma)]), exclusive: true, log: () => {} });
    await inbox.start();
    await inbox.idle();
    await waitFor(() => posts().length === 1);
    expect(await suite.db.prisma.inboxMessage.findFirstOrThrow()).toMatchObject({ status: 'DONE' });
    expect(await suite.db.prisma.inboundMessage.count({ where: { externalId: 'EvOrphan' } })).toBe(1);
    await inbox.sweep();
    await inbox.idle();
    expect(posts()).toHaveLength(1);
    await inbox.stop();
  });

  it('Socket Mode: the envelope is acknowledged only after the delivery is stored, and not at all when it is not', async () => {
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-inbox', SLACK_APP_TOKEN: 'xapp-1-inbox', SLACK_API_URL: `${fake.url}/api` })!;
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser, log: () => {} });
    await adapter?.stop();
    const socket = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    const client = socket.socketReceiver!.client as unknown as EventEmitter;
    const envelope = (eventId: string) => ({
      body: { type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event: { type: 'message', channel_type: 'im', channel: 'D7', user: 'UREP', text: '我的待办', ts: '1700000001.000001' } },
      retry_num: 0,
    });
    const acked: Array<{ id: string; storedAtAck: number }> = [];
    const deliver = (eventId: string) =>
      new Promise<void>((resolve) => {
        const listeners = client.listeners('slack_event');
        expect(listeners).toHaveLength(1);
        void (listeners[0] as (a: unknown) => Promise<void>)({
          ...envelope(eventId),
          ack: async () => {
            acked.push({ id: eventId, storedAtAck: await suite.db.prisma.inboxMessage.count({ where: { externalId: eventId } }) });
          },
        }).then(() => resolve());
      });
    await deliver('EvSock1');
    expect(acked).toEqual([{ id: 'EvSock1', storedAtAck: 1 }]);
    // Storage failing: no ack (Slack redelivers the envelope).
    const inbox = socket.inbox as unknown as { receive: () => Promise<never> };
    const real = inbox.receive;
    inbox.receive = () => Promise.reject(new Error('db down (injected)'));
    await deliver('EvSock2');
    inbox.receive = real;
    expect(acked.map((a) => a.id)).toEqual(['EvSock1']);
    await socket.inbox.stop();
  });
});
