// Forged and replayed webhook requests, end to end over HTTP against the real adapters, the real
// SalesAssistant and PGlite. A forged request (wrong token, key, corp, secret, tampered body,
// stale or future timestamp) is refused before anything is decrypted or stored; a replay of a
// genuine request inside the freshness window is accepted by HTTP but stores and answers nothing
// new (idempotency on the platform's message id). No secret ever appears in what is logged.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encrypt, getSignature } from '@wecom/crypto';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { wecomConfigFromEnv, type WecomConfig } from '../../src/bot/wecom/config.js';
import { WecomServer } from '../../src/bot/wecom/server.js';
import { buildWecomXml } from '../../src/bot/wecom/xml.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import { createPgliteDb } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, type FakeServer } from '../bot/fakeServer.js';

const VISIT = '今天下午拜访了方舟电子的刘兵(技术负责人),预计30万,下周二前发修改方案';
const CORP = 'wwsecuritytest0001';
const AGENT = '1000009';
const TOKEN = `tok${randomBytes(6).toString('hex')}`;
const AES_KEY = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'a').slice(0, 43);
const WECOM_SECRET = `wecom-secret-${randomBytes(6).toString('hex')}`;
const SLACK_SECRET = `slack-signing-${randomBytes(6).toString('hex')}`;
const SLACK_BOT = `xoxb-${randomBytes(6).toString('hex')}`;
const SECRETS = [TOKEN, AES_KEY, WECOM_SECRET, SLACK_SECRET, SLACK_BOT];
const nowSec = () => Math.floor(Date.now() / 1000);

const suite = useTestDb(createPgliteDb, { reset: true });
let fake: FakeServer;
const logged: string[] = [];
const capture = (m: string, e?: unknown) => logged.push(`${m} ${e instanceof Error ? `${e.message} ${e.stack}` : JSON.stringify(e ?? '')}`);
const consoleSpies: Array<ReturnType<typeof vi.spyOn>> = [];

beforeAll(async () => {
  fake = await startFakeServer((r) => {
    if (r.path === '/cgi-bin/gettoken') return { errcode: 0, errmsg: 'ok', access_token: 'acc', expires_in: 7200 };
    if (r.path === '/api/auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    if (r.path === '/api/chat.postMessage') return { ok: true, channel: 'D1', ts: '1700000100.1' };
    return { errcode: 0, errmsg: 'ok', ok: true };
  });
});
afterAll(async () => fake?.close());
beforeEach(async () => {
  const team = await suite.db.prisma.team.create({ data: { name: '一部' } });
  await suite.db.prisma.user.create({ data: { displayName: '李娜', role: 'REP', teamId: team.id, wecomUserId: 'lina', slackUserId: 'ULINA' } });
  fake.requests.length = 0;
  logged.length = 0;
  for (const m of ['log', 'error', 'warn', 'info', 'debug'] as const)
    consoleSpies.push(vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))));
});
afterEach(() => {
  for (const s of consoleSpies.splice(0)) s.mockRestore();
  for (const secret of SECRETS) expect(logged.filter((l) => l.includes(secret))).toEqual([]);
});

const bot = () => new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, log: capture });

describe('WeCom callbacks', () => {
  let server: WecomServer;
  let base: string;
  let config: WecomConfig;
  let seq = 0;

  beforeEach(async () => {
    config = wecomConfigFromEnv({ WECOM_CORP_ID: CORP, WECOM_AGENT_ID: AGENT, WECOM_SECRET, WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY, WECOM_API_BASE: fake.url })!;
    const api = new WecomApi({ apiBase: config.apiBase, corpId: CORP, secret: config.secret, agentId: AGENT });
    server = new WecomServer({ config, assistant: bot(), api, log: capture });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterEach(async () => server?.close());

  const inner = (msgId: string, text = VISIT) =>
    buildWecomXml({ ToUserName: CORP, FromUserName: 'lina', CreateTime: nowSec(), MsgType: 'text', Content: text, MsgId: msgId, AgentID: AGENT });
  function envelope(xml: string, o: { token?: string; key?: string; corp?: string; ts?: number; tamper?: boolean } = {}) {
    let enc = encrypt(o.key ?? AES_KEY, xml, o.corp ?? CORP);
    const ts = String(o.ts ?? nowSec());
    const nonce = `n${++seq}`;
    const sig = getSignature(o.token ?? TOKEN, ts, nonce, enc);
    if (o.tamper) enc = enc.slice(0, 20) + (enc[20] === 'A' ? 'B' : 'A') + enc.slice(21);
    return { query: `msg_signature=${sig}&timestamp=${ts}&nonce=${nonce}`, body: buildWecomXml({ ToUserName: CORP, AgentID: AGENT, Encrypt: enc }) };
  }
  const post = (e: { query: string; body: string }) => fetch(`${base}${config.path}?${e.query}`, { method: 'POST', body: e.body, headers: { 'content-type': 'text/xml' } });
  const sends = () => fake.calls('/cgi-bin/message/send');

  it('refuses every kind of forgery and stores nothing', async () => {
    const forged = {
      wrongToken: envelope(inner('f1'), { token: 'not-the-token' }),
      wrongAesKey: envelope(inner('f2'), { key: randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'b').slice(0, 43) }),
      otherCorp: envelope(inner('f3'), { corp: 'wwsomeoneelse' }),
      tamperedPayload: envelope(inner('f4'), { tamper: true }),
      stale: envelope(inner('f5'), { ts: nowSec() - 3600 }),
      future: envelope(inner('f6'), { ts: nowSec() + 3600 }),
    };
    const status: Record<string, number> = {};
    for (const [name, e] of Object.entries(forged)) status[name] = (await post(e)).status;
    const noSig = await fetch(`${base}${config.path}?timestamp=${nowSec()}&nonce=x`, { method: 'POST', body: forged.wrongToken.body });
    // A payload sealed with another key fails at decryption (400) or decrypts to garbage whose
    // receiver id is not ours (403); either way it never reaches the assistant.
    expect([400, 403]).toContain(status.wrongAesKey);
    expect({ ...status, wrongAesKey: 0 }).toEqual({ wrongToken: 403, wrongAesKey: 0, otherCorp: 403, tamperedPayload: 403, stale: 403, future: 403 });
    expect(noSig.status).toBe(400);
    await server.idle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(sends()).toHaveLength(0);
  });

  it('a replay of a genuine request stores once and answers once, even when replayed concurrently', async () => {
    const genuine = envelope(inner('7301'));
    expect((await post(genuine)).status).toBe(200);
    await server.idle();
    const replays = await Promise.all([post(genuine), post(genuine), post(genuine)]);
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
    await server.idle();
    const c = await counts(suite.db.prisma);
    expect([c.inbound, c.activities, c.customers]).toEqual([1, 1, 1]);
    // One answer: its text and its 确认/撤销 card, once.
    expect(sends().map((r) => (r.json as { msgtype: string }).msgtype)).toEqual(['text', 'template_card']);
    // The token fetch carries the app secret to the API, and only there.
    expect(fake.calls('/cgi-bin/gettoken')[0].query.get('corpsecret')).toBe(WECOM_SECRET);
  });
});

describe('Slack events', () => {
  let adapter: SlackAdapter;
  let base: string;
  beforeEach(async () => {
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: SLACK_BOT, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    adapter = new SlackAdapter({ config, assistant: bot(), log: capture, logLevel: LogLevel.DEBUG });
    base = `http://127.0.0.1:${await adapter.start(0, '127.0.0.1')}`;
  });
  afterEach(async () => adapter?.stop());

  const sign = (body: string, ts = nowSec(), secret = SLACK_SECRET) => ({
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
  });
  const dm = (eventId: string, text = VISIT) =>
    JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: nowSec(), event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'ULINA', text, ts: `1700000000.${eventId.length}` } });
  const post = (body: string, headers: Record<string, string>) => fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 50));
    await adapter.idle();
  };

  it('refuses forged, tampered, unsigned and replayed-after-expiry requests and stores nothing', async () => {
    const body = dm('EvForged');
    const captured = sign(body, nowSec() - 6 * 60); // a genuine signature captured 6 minutes ago
    const statuses = [
      (await post(body, sign(body, undefined, 'guessed-secret'))).status,
      (await post(body.replace('方舟', '万科'), sign(body))).status,
      (await post(body, {})).status,
      (await post(body, captured)).status,
    ];
    // (Bolt's window is one-sided: a future timestamp with a valid signature is accepted. Only
    // Slack can sign, and it signs with its current time, so this is not a replay path.)
    expect(statuses).toEqual([401, 401, 401, 401]);
    await settle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(fake.calls('/api/chat.postMessage')).toHaveLength(0);
  });

  it('a replay of a genuine event inside the window (no retry header) stores once and answers once', async () => {
    const body = dm('EvReplay');
    const headers = sign(body);
    expect((await post(body, headers)).status).toBe(200);
    await settle();
    const again = await Promise.all([post(body, headers), post(body, headers)]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    await settle();
    const c = await counts(suite.db.prisma);
    expect([c.inbound, c.activities]).toEqual([1, 1]);
    expect(fake.calls('/api/chat.postMessage')).toHaveLength(1);
  });
});
