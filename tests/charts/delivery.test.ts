// Charts end to end: a manager's question through the real adapters (a signed WeCom callback, a
// signed Slack event) with the real rule parser is answered with the usual text and then the
// chart: WeCom uploads it with media/upload?type=image and sends an image message, Slack uploads
// it with files.uploadV2 into the conversation; the console saves the PNG and prints its path.
// The uploaded bytes are checked as a PNG.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey } from '../../src/domain/customers.js';
import { deliverDue } from '../../src/domain/pushes/outbox.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { wecomConfigFromEnv } from '../../src/bot/wecom/config.js';
import { WecomServer } from '../../src/bot/wecom/server.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import { ConsoleChannel } from '../../src/bot/console/channel.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, type FakeServer, type Recorded } from '../bot/fakeServer.js';
import { visibleText, wecomCallbacks } from '../bot/wecomCallbacks.js';

const APP = { corp: 'wwcharts0000000001', agent: '1000009', token: 'chartsToken', aesKey: randomBytes(32).toString('base64').slice(0, 43) };
const SLACK_SECRET = 'slack-secret-charts';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function formFile(r: Recorded, field: string): Promise<File> {
  const form = await new Response(r.raw, { headers: { 'content-type': String(r.headers['content-type']) } }).formData();
  return form.get(field) as File;
}

describe.each(await testDatabases())('charts sent with answers on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let fake: FakeServer;
  let assistant: SalesAssistant;
  const cb = wecomCallbacks(APP);

  beforeAll(async () => {
    fake = await startFakeServer(() => ({}));
  });
  afterAll(async () => fake?.close());
  beforeEach(async () => {
    fake.requests.length = 0;
    assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, parseAmount: parseAmountText, log: () => {} });
    // Open deals of the manager's team, created this month.
    const now = new Date();
    let i = 0;
    for (const [owner, name, stage, amount] of [[suite.world.rep.id, '青岚科技', 'QUOTATION', 380_000], [suite.world.rep2.id, '北辰物流', 'QUALIFICATION', 120_000], [suite.world.rep2.id, '海川医疗', 'QUOTATION', 90_000]] as const) {
      const c = await suite.db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId: owner } });
      await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: owner, title: name, stage, amount, createdAt: new Date(now.getTime() - ++i * 60_000) } });
    }
  });

  it('WeCom: the funnel answer as text, then the chart as an image message', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { wecomUserId: 'zhangjl' } });
    fake.handler = (r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, access_token: 'tok', expires_in: 7200 };
      if (r.path === '/cgi-bin/media/upload') return { errcode: 0, type: 'image', media_id: 'IMG7', created_at: '1' };
      return { errcode: 0, errmsg: 'ok' };
    };
    const config = wecomConfigFromEnv({ WECOM_CORP_ID: APP.corp, WECOM_AGENT_ID: APP.agent, WECOM_SECRET: 's', WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey, WECOM_API_BASE: fake.url, WECOM_PATH: '/wecom/callback' })!;
    const server = new WecomServer({ config, assistant, api: new WecomApi({ apiBase: fake.url, corpId: APP.corp, secret: 's', agentId: APP.agent }), log: () => {} });
    try {
      const base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
      const e = cb.envelope(cb.textXml('zhangjl', '这个月团队的销售漏斗', '88001'));
      expect((await fetch(`${base}/wecom/callback?${e.query}`, { method: 'POST', body: e.body })).status).toBe(200);
      await server.idle();

      const sends = fake.calls('/cgi-bin/message/send').map((r) => r.json as { touser: string; msgtype: string; text?: { content: string }; image?: { media_id: string } });
      expect(sends.map((s) => s.msgtype)).toEqual(['text', 'image']);
      expect(visibleText(sends[0].text?.content)).toMatch(/销售漏斗[\s\S]*报价/);
      expect(sends[1]).toMatchObject({ touser: 'zhangjl', image: { media_id: 'IMG7' } });
      const upload = fake.calls('/cgi-bin/media/upload');
      expect(upload).toHaveLength(1);
      expect(upload[0].query.get('type')).toBe('image');
      const file = await formFile(upload[0], 'media');
      expect(file.name).toMatch(/^我的团队-这个月销售漏斗-\d{8}-\d{6}\.png$/);
      expect(file.type).toBe('image/png');
      const png = Buffer.from(await file.arrayBuffer());
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // Sent once: the chart push is done, a later delivery run sends nothing more.
      expect(await suite.db.prisma.push.findMany({ where: { kind: 'chart' }, select: { status: true } })).toEqual([{ status: 'SENT' }]);
    } finally {
      await server.close();
    }
  });

  it('Slack: the ranking answer in the DM, then the chart uploaded into the same conversation', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { slackUserId: 'UMGR' } });
    fake.handler = (r) => {
      if (r.path === '/api/auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      if (r.path === '/api/files.getUploadURLExternal') return { ok: true, upload_url: `${fake.url}/upload/F9`, file_id: 'F9' };
      if (r.path === '/upload/F9') return 'OK';
      if (r.path === '/api/files.completeUploadExternal') return { ok: true, files: [{ id: 'F9' }] };
      return { ok: true, ts: '1700000200.000100' };
    };
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    const adapter = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    try {
      const base = `http://127.0.0.1:${await adapter.start(0, '127.0.0.1')}`;
      const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'EvRank1', event_time: 1, event: { type: 'message', channel_type: 'im', channel: 'D42', user: 'UMGR', text: '这个月大家的排名', ts: '1700000000.000200' } });
      const ts = Math.floor(Date.now() / 1000);
      const sig = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      await adapter.idle();

      const post = fake.calls('/api/chat.postMessage').map((r) => r.json as { channel: string; text: string });
      expect(post).toHaveLength(1);
      expect(post[0]).toMatchObject({ channel: 'D42' });
      expect(post[0].text).toMatch(/排名[\s\S]*李娜/);
      const get = fake.calls('/api/files.getUploadURLExternal')[0].json as { filename: string; length: string };
      expect(get.filename).toMatch(/^我的团队-这个月排名-.*\.png$/);
      const part = await formFile(fake.calls('/upload/F9')[0], 'body');
      const png = Buffer.from(await part.arrayBuffer());
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(Number(get.length)).toBe(png.length);
      expect((fake.calls('/api/files.completeUploadExternal')[0].json as { channel_id: string }).channel_id).toBe('D42');
      // The text went out before the picture.
      const order = fake.requests.map((r) => r.path).filter((p) => p === '/api/chat.postMessage' || p === '/api/files.getUploadURLExternal');
      expect(order).toEqual(['/api/chat.postMessage', '/api/files.getUploadURLExternal']);
    } finally {
      await adapter.stop();
    }
  });

  it('console: the 周报 comes with the weekly trend chart, saved as a PNG whose path is printed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sa-charts-'));
    try {
      const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '青岚科技' } });
      await suite.db.prisma.activity.create({ data: { type: 'VISIT', occurredAt: new Date(), summary: '上门演示', rawText: '上门演示', authorId: suite.world.rep.id, customerId: c.id } });
      const printed: string[] = [];
      const ch = new ConsoleChannel(suite.db.prisma, { print: (l) => printed.push(l), fileDir: dir });
      const reply = await assistant.handleMessage({ platform: 'CONSOLE', externalId: 'wk1', senderId: 'rep', text: '我的周报' });
      expect(reply.text).toContain('周报');
      expect(reply.pushQueued).toBe(true);
      expect((await deliverDue(suite.db.prisma, new Outbound([ch]), new Date())).sent).toBe(1);
      const file = printed.join('\n').match(/📎 (\S+\.png)/)![1];
      expect(path.dirname(file)).toBe(dir);
      expect(path.basename(file)).toMatch(/^李娜-最近8周趋势-/);
      const png = await readFile(file);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // An answer without figures to draw (a rep with no deals asking about another period) sends none.
      const none = await assistant.handleMessage({ platform: 'CONSOLE', externalId: 'wk2', senderId: 'out', text: '本月漏斗' });
      expect(none.pushQueued).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
