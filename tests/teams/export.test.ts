// Export by chat, end to end: the manager's message stores the .xlsx and queues a file push;
// delivery uploads it to a local fake of WeCom (media/upload + file message) or Slack
// (files.uploadV2: getUploadURLExternal, the upload, completeUploadExternal), or saves it on the
// console. The uploaded bytes are opened with exceljs: only the manager's team is in them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey } from '../../src/domain/customers.js';
import { deliverDue } from '../../src/domain/pushes/outbox.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { WecomChannel } from '../../src/bot/wecom/channel.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { SlackChannel } from '../../src/bot/slack/channel.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import { ConsoleChannel } from '../../src/bot/console/channel.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, type FakeServer } from '../bot/fakeServer.js';

async function sheetRows(bytes: Buffer, sheet: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}: ${wb.worksheets.map((w) => w.name).join(',')}`);
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')))));
  return out;
}

describe.each(await testDatabases())('export files in chat on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let fake: FakeServer;
  let assistant: SalesAssistant;
  let seq = 0;
  const NOW = new Date('2026-11-23T10:00:00+08:00');
  const say = (platform: 'WECOM' | 'SLACK' | 'CONSOLE', who: string, text: string) => assistant.handleMessage({ platform, externalId: `x${++seq}`, senderId: who, text });

  beforeAll(async () => {
    fake = await startFakeServer(() => ({}));
  });
  afterAll(async () => fake?.close());
  beforeEach(async () => {
    fake.requests.length = 0;
    assistant = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: new StubParser(), log: () => {} });
    const c = await suite.db.prisma.customer.create({ data: { name: '青岚科技', normalizedName: customerKey('青岚科技'), ownerId: suite.world.rep.id, level: 'A', industry: '软件' } });
    await suite.db.prisma.contact.create({ data: { customerId: c.id, name: '孟凡', title: 'CTO', role: 'TECHNICAL', phone: '13911112222' } });
    await suite.db.prisma.opportunity.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, title: '平台', stage: 'QUOTATION', amount: 380000 } });
    await suite.db.prisma.task.create({ data: { title: '约技术交流', assigneeId: suite.world.rep.id, customerId: c.id } });
    await suite.db.prisma.activity.create({ data: { type: 'CALL', occurredAt: new Date('2026-11-20T03:00:00Z'), summary: '电话沟通报价', rawText: '给孟凡打电话沟通报价', authorId: suite.world.rep.id, customerId: c.id } });
    const outsiderCustomer = await suite.db.prisma.customer.create({ data: { name: '远洋贸易', normalizedName: customerKey('远洋贸易'), ownerId: suite.world.outsider.id } });
    await suite.db.prisma.payment.create({ data: { customerId: outsiderCustomer.id, amount: 50000, receivedAt: NOW } });
  });

  it('WeCom: uploads the file with media/upload and sends it as a file message', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { wecomUserId: 'zhangjl' } });
    fake.handler = (r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, access_token: 'tok', expires_in: 7200 };
      if (r.path === '/cgi-bin/media/upload') return { errcode: 0, type: 'file', media_id: 'MEDIA42', created_at: '1' };
      return { errcode: 0, errmsg: 'ok' };
    };
    const reply = await say('WECOM', 'zhangjl', '导出客户');
    expect(reply.outcome).toBe('ANSWERED');
    expect(reply.pushQueued).toBe(true);
    const api = new WecomApi({ apiBase: fake.url, corpId: 'ww1', secret: 's', agentId: '1000002' });
    const d = await deliverDue(suite.db.prisma, new Outbound([new WecomChannel(api, suite.db.prisma)]), NOW);
    expect(d.sent).toBe(1);

    const upload = fake.calls('/cgi-bin/media/upload');
    expect(upload).toHaveLength(1);
    expect(upload[0].query.get('type')).toBe('file');
    const form = await new Response(upload[0].raw, { headers: { 'content-type': String(upload[0].headers['content-type']) } }).formData();
    const media = form.get('media') as File;
    expect(media.name).toMatch(/^销售数据-我的团队-20261123-1000\.xlsx$/);
    const bytes = Buffer.from(await media.arrayBuffer());
    const customers = await sheetRows(bytes, '客户');
    expect(customers[0].slice(0, 6)).toEqual(['客户名称', '负责人', '团队', '级别', '行业', '来源']);
    expect(customers.slice(1).map((r) => r[0])).toEqual(['青岚科技']);
    expect((await sheetRows(bytes, '联系人'))[1].slice(2, 6)).toEqual(['孟凡', 'CTO', '技术负责人', '13911112222']);
    expect((await sheetRows(bytes, '商机'))[1][4]).toBe('380000');
    expect((await sheetRows(bytes, '跟进记录'))[1][4]).toBe('电话沟通报价');
    expect((await sheetRows(bytes, '待办'))[1][0]).toBe('约技术交流');
    // The other team's payment is not the manager's to see.
    expect(await sheetRows(bytes, '回款')).toHaveLength(1);

    const sends = fake.calls('/cgi-bin/message/send').map((r) => r.json as { touser: string; msgtype: string; file?: { media_id: string } });
    expect(sends.map((s) => s.msgtype)).toEqual(['text', 'file']);
    expect(sends[1]).toMatchObject({ touser: 'zhangjl', file: { media_id: 'MEDIA42' } });
    // Delivered once: a second delivery run sends nothing more.
    expect((await deliverDue(suite.db.prisma, new Outbound([new WecomChannel(api, suite.db.prisma)]), NOW)).sent).toBe(0);
  });

  it('WeCom upload failure is retried later, the file is not lost', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { wecomUserId: 'boss' } });
    let fail = true;
    fake.handler = (r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, access_token: 'tok', expires_in: 7200 };
      if (r.path === '/cgi-bin/media/upload') return fail ? { errcode: 45001, errmsg: 'media size out of limit' } : { errcode: 0, media_id: 'M2' };
      return { errcode: 0 };
    };
    expect((await say('WECOM', 'boss', '导出')).pushQueued).toBe(true);
    const api = new WecomApi({ apiBase: fake.url, corpId: 'ww1', secret: 's', agentId: '1000002' });
    const out = new Outbound([new WecomChannel(api, suite.db.prisma)]);
    expect((await deliverDue(suite.db.prisma, out, NOW)).retried).toBe(1);
    fail = false;
    expect((await deliverDue(suite.db.prisma, out, new Date(NOW.getTime() + 5 * 60_000))).sent).toBe(1);
    const form = await new Response(fake.calls('/cgi-bin/media/upload')[1].raw, { headers: { 'content-type': String(fake.calls('/cgi-bin/media/upload')[1].headers['content-type']) } }).formData();
    const rows = await sheetRows(Buffer.from(await (form.get('media') as File).arrayBuffer()), '客户');
    // The admin sees every team.
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(['远洋贸易', '青岚科技']);
  });

  it('Slack: files.uploadV2 into the manager’s DM', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { slackUserId: 'UMGR', locale: 'en-US' } });
    fake.handler = (r) => {
      if (r.path === '/api/conversations.open') return { ok: true, channel: { id: 'DMGR' } };
      if (r.path === '/api/files.getUploadURLExternal') return { ok: true, upload_url: `${fake.url}/upload/F123`, file_id: 'F123' };
      if (r.path === '/upload/F123') return 'OK - 1234';
      if (r.path === '/api/files.completeUploadExternal') return { ok: true, files: [{ id: 'F123' }] };
      return { ok: true };
    };
    const reply = await say('SLACK', 'UMGR', 'export customers');
    expect(reply.text).toMatch(/^📊 Sending the export sales-data-my-team-/);
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'x', SLACK_API_URL: `${fake.url}/api/` })!;
    const adapter = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    const d = await deliverDue(suite.db.prisma, new Outbound([new SlackChannel(adapter.client, suite.db.prisma)]), NOW);
    expect(d).toMatchObject({ sent: 1, retried: 0 });
    expect((fake.calls('/api/conversations.open')[0].json as { users: string }).users).toBe('UMGR');
    const get = fake.calls('/api/files.getUploadURLExternal')[0].json as { filename: string; length: string };
    expect(get.filename).toMatch(/\.xlsx$/);
    // The SDK posts the bytes to upload_url as multipart/form-data (field "body").
    const up = fake.calls('/upload/F123')[0];
    expect(String(up.headers['content-type'])).toMatch(/^multipart\/form-data/);
    const part = (await new Response(up.raw, { headers: { 'content-type': String(up.headers['content-type']) } }).formData()).get('body') as File;
    const uploaded = Buffer.from(await part.arrayBuffer());
    expect(Number(get.length)).toBe(uploaded.length);
    expect((await sheetRows(uploaded, 'Customers')).slice(1).map((r) => r[0])).toEqual(['青岚科技']);
    const complete = fake.calls('/api/files.completeUploadExternal')[0].json as { channel_id: string; files: unknown; initial_comment: string };
    expect(complete.channel_id).toBe('DMGR');
    expect(complete.initial_comment).toContain('1 customers');
  });

  it('console: saves the file and prints its path; reps may not export', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sa-export-'));
    try {
      const printed: string[] = [];
      const ch = new ConsoleChannel(suite.db.prisma, { print: (l) => printed.push(l), fileDir: dir });
      expect((await say('CONSOLE', 'rep', '导出客户')).outcome).toBe('REJECTED');
      expect((await say('CONSOLE', 'mgr', '导出 一部')).pushQueued).toBe(true);
      expect((await deliverDue(suite.db.prisma, new Outbound([ch]), NOW)).sent).toBe(1);
      const file = printed.join('\n').match(/📎 (\S+\.xlsx)/)![1];
      expect(path.dirname(file)).toBe(dir);
      expect((await sheetRows(await readFile(file), '客户')).length).toBe(2);
      expect((await say('CONSOLE', 'mgr', '导出 二部')).outcome).toBe('REJECTED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
