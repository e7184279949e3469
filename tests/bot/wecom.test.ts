// WeCom adapter end to end: real encrypted callbacks (built with @wecom/crypto like WeCom does),
// the real SalesAssistant on a real database, and a local fake of qyapi.weixin.qq.com.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encrypt, getSignature } from '@wecom/crypto';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { WecomChannel } from '../../src/bot/wecom/channel.js';
import { wecomConfigFromEnv, type WecomConfig } from '../../src/bot/wecom/config.js';
import { WecomServer, buttonKey } from '../../src/bot/wecom/server.js';
import { buildWecomXml } from '../../src/bot/wecom/xml.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, waitFor, type FakeServer } from './fakeServer.js';

const CORP = 'ww0123456789abcdef';
const AGENT = '1000002';
const TOKEN = 'callbackToken123';
const AES_KEY = randomBytes(32).toString('base64').slice(0, 43);
const VISIT = '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案';

let seq = 0;
const nowSec = () => Math.floor(Date.now() / 1000);

function textXml(from: string, content: string, msgId: string) {
  return buildWecomXml({ ToUserName: CORP, FromUserName: from, CreateTime: nowSec(), MsgType: 'text', Content: content, MsgId: msgId, AgentID: AGENT });
}

/** What WeCom POSTs: the encrypted envelope and the signed query string. */
function envelope(inner: string, o: { corp?: string; token?: string; timestamp?: number; key?: string } = {}) {
  const enc = encrypt(o.key ?? AES_KEY, inner, o.corp ?? CORP);
  const timestamp = String(o.timestamp ?? nowSec());
  const nonce = `n${++seq}`;
  const sig = getSignature(o.token ?? TOKEN, timestamp, nonce, enc);
  return { query: `msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`, body: buildWecomXml({ ToUserName: CORP, AgentID: AGENT, Encrypt: enc }) };
}

describe.each(await testDatabases())('WeCom adapter on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true, beforeReset: () => server?.close() });
  let fake: FakeServer;
  let server: WecomServer;
  let base: string;
  let config: WecomConfig;
  let tokenCounter = 0;
  let failNextSendWith: number | null = null;
  const logs: string[] = [];
  /** Holds parsing until opened: proves the HTTP answer does not wait for the work. */
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  const closeGate = () => {
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    gate = { promise, open };
    return gate;
  };
  const gatedParser = { name: 'gated-rule', parse: async (t: string, c: Parameters<typeof ruleParser.parse>[1]) => (await gate?.promise, ruleParser.parse(t, c)) };

  const post = (e: { query: string; body: string }) =>
    fetch(`${base}/wecom/callback?${e.query}`, { method: 'POST', body: e.body, headers: { 'content-type': 'text/xml' } });
  const sends = () => fake.calls('/cgi-bin/message/send').map((r) => r.json as { touser: string; msgtype: string; text?: { content: string }; template_card?: Record<string, unknown> });

  beforeAll(async () => {
    fake = await startFakeServer(() => ({}));
    config = wecomConfigFromEnv({
      WECOM_CORP_ID: CORP, WECOM_AGENT_ID: AGENT, WECOM_SECRET: 'app-secret', WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY,
      WECOM_API_BASE: fake.url, WECOM_PATH: '/wecom/callback',
    })!;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  beforeEach(async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { wecomUserId: 'lina' } });
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { wecomUserId: 'boss' } });
    fake.requests.length = 0;
    logs.length = 0;
    failNextSendWith = null;
    gate = null;
    fake.handler = (r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, errmsg: 'ok', access_token: `tok${++tokenCounter}`, expires_in: 7200 };
      if (failNextSendWith !== null) {
        const code = failNextSendWith;
        failNextSendWith = null;
        return { errcode: code, errmsg: 'access_token expired' };
      }
      return { errcode: 0, errmsg: 'ok' };
    };
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: gatedParser, parseAmount: parseAmountText, log: () => {} });
    const api = new WecomApi({ apiBase: config.apiBase, corpId: CORP, secret: config.secret, agentId: AGENT });
    server = new WecomServer({ config, assistant, api, log: (m) => logs.push(m) });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });

  it('answers the URL verification GET with the decrypted echostr, and refuses a bad signature', async () => {
    const echo = 'echo-1234567890';
    const enc = encrypt(AES_KEY, echo, CORP);
    const ts = String(nowSec());
    const sig = getSignature(TOKEN, ts, 'abc', enc);
    const q = (s: string) => `${base}/wecom/callback?msg_signature=${s}&timestamp=${ts}&nonce=abc&echostr=${encodeURIComponent(enc)}`;
    const ok = await fetch(q(sig));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(echo);
    // An echostr with '+' sent unencoded (decoded as a space by URL rules) still verifies.
    let raw = enc;
    while (!raw.includes('+')) raw = encrypt(AES_KEY, echo, CORP);
    const rawSig = getSignature(TOKEN, ts, 'abc', raw);
    const plus = await fetch(`${base}/wecom/callback?msg_signature=${rawSig}&timestamp=${ts}&nonce=abc&echostr=${raw}`);
    expect(plus.status).toBe(200);
    expect(await plus.text()).toBe(echo);
    const bad = await fetch(q(sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))));
    expect(bad.status).toBe(403);
    expect(await bad.text()).not.toContain(echo);
  });

  it('stores a text message (real rule parser) and replies through message/send with a fetched token', async () => {
    const g = closeGate();
    const res = await post(envelope(textXml('lina', VISIT, '7001')));
    // Answered while the work is still blocked (WeCom's 5 s limit): nothing stored or sent yet.
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(fake.calls('/cgi-bin/message/send')).toHaveLength(0);
    g.open();
    await server.idle();
    const c = await counts(suite.db.prisma);
    expect(c.inbound).toBe(1);
    expect(c.activities).toBe(1);
    expect(c.customers).toBe(1);
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    expect(inbound).toMatchObject({ platform: 'WECOM', externalId: '7001', senderId: suite.world.rep.id, text: VISIT });
    expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(1);
    expect(fake.calls('/cgi-bin/gettoken')[0].query.get('corpsecret')).toBe('app-secret');
    const sent = sends();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ touser: 'lina', msgtype: 'text', agentid: Number(AGENT) });
    expect(sent[0].text!.content).toContain('方舟电子');
    // Then the record's card: 确认 and 撤销 for this message.
    const card = sent[1].template_card as { card_type: string; main_title: { title: string; desc?: string }; button_list: Array<{ key: string }> };
    expect(card.card_type).toBe('button_interaction');
    expect(card.main_title.title).toBe('✅ 已记录');
    expect(card.button_list.map((b) => b.key)).toEqual([buttonKey('confirm', inbound.id), buttonKey('undo', inbound.id)]);
    expect(fake.calls('/cgi-bin/message/send')[0].query.get('access_token')).toMatch(/^tok\d+$/);
  });

  it('a retried MsgId creates no second record and no second reply', async () => {
    const e = envelope(textXml('lina', VISIT, '7002'));
    expect((await post(e)).status).toBe(200);
    await server.idle();
    // WeCom retries with a new signature/nonce but the same MsgId; also a concurrent double.
    const again = [post(envelope(textXml('lina', VISIT, '7002'))), post(envelope(textXml('lina', VISIT, '7002')))];
    expect((await Promise.all(again)).map((r) => r.status)).toEqual([200, 200]);
    await server.idle();
    const c = await counts(suite.db.prisma);
    expect(c.inbound).toBe(1);
    expect(c.activities).toBe(1);
    expect(sends().map((r) => r.msgtype)).toEqual(['text', 'template_card']);
  });

  it.each([
    ['bad signature', () => envelope(textXml('lina', VISIT, '8001'), { token: 'wrong-token' }), 403],
    ['wrong corpid', () => envelope(textXml('lina', VISIT, '8002'), { corp: 'wwSomeOtherCorp' }), 403],
    ['stale timestamp', () => envelope(textXml('lina', VISIT, '8003'), { timestamp: nowSec() - 301 }), 403],
    ['future timestamp', () => envelope(textXml('lina', VISIT, '8004'), { timestamp: nowSec() + 3600 }), 403],
    ['wrong AES key', () => envelope(textXml('lina', VISIT, '8005'), { key: randomBytes(32).toString('base64').slice(0, 43) }), 0],
    ['malformed inner XML', () => envelope('<xml><FromUserName><![CDATA[lina]]></FromUserName><MsgType>text</xml>'), 400],
    ['inner XML with a DTD', () => envelope('<!DOCTYPE x [<!ENTITY a "b">]><xml><FromUserName>lina</FromUserName></xml>'), 400],
    ['malformed outer XML', () => ({ ...envelope(textXml('lina', VISIT, '8006')), body: '<xml><Encrypt>abc</xml>' }), 400],
    ['no Encrypt field', () => ({ ...envelope(textXml('lina', VISIT, '8007')), body: buildWecomXml({ ToUserName: CORP }) }), 400],
  ])('rejects %s with HTTP 4xx and stores nothing', async (_name, make, status) => {
    const res = await post(make());
    // 0: any 4xx (a wrong key decrypts to garbage: unreadable or addressed to no corp).
    if (status) expect(res.status).toBe(status);
    else expect([400, 403]).toContain(res.status);
    await server.idle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(logs.some((l) => l.startsWith('rejected POST'))).toBe(true);
  });

  it('rejects unsigned or missing parameters, other paths and methods', async () => {
    const e = envelope(textXml('lina', VISIT, '8101'));
    expect((await fetch(`${base}/wecom/callback`, { method: 'POST', body: e.body })).status).toBe(400);
    expect((await fetch(`${base}/other?${e.query}`, { method: 'POST', body: e.body })).status).toBe(404);
    expect((await fetch(`${base}/wecom/callback?${e.query}`, { method: 'PUT', body: e.body })).status).toBe(405);
    await server.idle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
  });

  it('tells an unknown user they are not registered; an admin registers them over WeCom', async () => {
    await post(envelope(textXml('zhangsan', VISIT, '9001')));
    await server.idle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(sends()[0]).toMatchObject({ touser: 'zhangsan' });
    expect(sends()[0].text!.content).toContain('注册 zhangsan');

    await post(envelope(textXml('boss', '注册 zhangsan 张三 销售 一部', '9002')));
    await server.idle();
    const u = await suite.db.prisma.user.findUniqueOrThrow({ where: { wecomUserId: 'zhangsan' } });
    expect(u).toMatchObject({ displayName: '张三', role: 'REP', teamId: suite.world.teamId });
    expect(sends()[1]).toMatchObject({ touser: 'boss' });
    expect(sends()[1].text!.content).toContain('已注册');

    // Now the same message (a new MsgId) is recorded for them.
    await post(envelope(textXml('zhangsan', VISIT, '9003')));
    await server.idle();
    const inbound = await suite.db.prisma.inboundMessage.findMany({ where: { senderId: u.id } });
    expect(inbound).toHaveLength(1);
    expect(sends()[2].text!.content).toContain('方舟电子');
  });

  it('refreshes the access token on 42001 and caches it otherwise', async () => {
    await post(envelope(textXml('lina', '我的待办', '9101')));
    await server.idle();
    failNextSendWith = 42001;
    await post(envelope(textXml('lina', '帮助', '9102')));
    await server.idle();
    await post(envelope(textXml('lina', 'help', '9103')));
    await server.idle();
    const tokens = fake.calls('/cgi-bin/message/send').map((r) => r.query.get('access_token'));
    // 1st with tok A; 2nd rejected with A, retried with fresh B; 3rd reuses B.
    expect(fake.calls('/cgi-bin/gettoken')).toHaveLength(2);
    expect(tokens).toHaveLength(4);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[1]);
    expect(tokens[3]).toBe(tokens[2]);
    expect((await counts(suite.db.prisma)).inbound).toBe(3);
  });

  it('handles enter_agent and non-text messages without storing anything', async () => {
    const ev = buildWecomXml({ ToUserName: CORP, FromUserName: 'lina', CreateTime: nowSec(), MsgType: 'event', Event: 'enter_agent', EventKey: '', AgentID: AGENT });
    expect((await post(envelope(ev))).status).toBe(200);
    const img = buildWecomXml({ ToUserName: CORP, FromUserName: 'lina', CreateTime: nowSec(), MsgType: 'image', PicUrl: 'http://x/y.png', MediaId: 'm1', MsgId: '9201', AgentID: AGENT });
    expect((await post(envelope(img))).status).toBe(200);
    expect((await post(envelope(img))).status).toBe(200); // retry: hinted once only
    await server.idle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(sends()).toHaveLength(1);
    expect(sends()[0].text!.content).toContain('文字');
  });

  it('a template card button (task_done) completes the task through the domain', async () => {
    const task = await suite.db.prisma.task.create({ data: { title: '发修改方案', assigneeId: suite.world.rep.id } });
    const ev = buildWecomXml({
      ToUserName: CORP, FromUserName: 'lina', CreateTime: nowSec(), MsgType: 'event', Event: 'template_card_event',
      EventKey: buttonKey('task_done', task.id), TaskId: 'sa-task-1', CardType: 'button_interaction', ResponseCode: 'rc', AgentID: AGENT,
    });
    expect((await post(envelope(ev))).status).toBe(200);
    await server.idle();
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('DONE');
    expect(sends()[0].text!.content).toContain('发修改方案');
    // Another user pressing a forged button for lina's task changes nothing.
    const task2 = await suite.db.prisma.task.create({ data: { title: '打电话', assigneeId: suite.world.rep.id } });
    const forged = buildWecomXml({ ToUserName: CORP, FromUserName: 'boss2', CreateTime: nowSec(), MsgType: 'event', Event: 'template_card_event', EventKey: buttonKey('task_done', task2.id), TaskId: 't2', AgentID: AGENT });
    await post(envelope(forged));
    await server.idle();
    expect((await suite.db.prisma.task.findUniqueOrThrow({ where: { id: task2.id } })).status).toBe('OPEN');
  });

  it('a question comes with a button card; a press answers it and turns the card into the outcome (update_template_card)', async () => {
    for (const name of ['方舟电子', '新桥医院']) await suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId: suite.world.rep.id } });
    await post(envelope(textXml('lina', '刚跟设备科的钱主任通了电话，他们预算大概45万', '7301')));
    await server.idle();
    const draft = await suite.db.prisma.pendingDraft.findFirstOrThrow();
    const [text, cardMsg] = sends();
    expect(text.text!.content).toContain('这是哪个客户');
    expect(cardMsg.msgtype).toBe('template_card');
    const card = cardMsg.template_card as { card_type: string; main_title: { title: string }; task_id: string; button_list: Array<{ text: string; key: string }> };
    expect(card.card_type).toBe('button_interaction');
    expect(card.main_title.title).toBe('❓ 这是哪个客户？');
    const xinqiao = card.button_list.find((b) => b.text.includes('新桥医院'))!;
    expect(xinqiao.key).toMatch(new RegExp(`^sa\\|choose\\|${draft.askInboundId}:\\d$`));
    expect(card.button_list.at(-1)!.key).toBe(buttonKey('undo', draft.askInboundId));
    const press = (key: string, code: string) => buildWecomXml({
      ToUserName: CORP, FromUserName: 'lina', CreateTime: nowSec(), MsgType: 'event', Event: 'template_card_event',
      EventKey: key, TaskId: card.task_id, CardType: 'button_interaction', ResponseCode: code, AgentID: AGENT,
    });
    expect((await post(envelope(press(xinqiao.key, 'rc-answer')))).status).toBe(200);
    await server.idle();
    const contact = await suite.db.prisma.contact.findFirstOrThrow({ include: { customer: true } });
    expect([contact.name, contact.customer.name]).toEqual(['钱主任', '新桥医院']);
    const updates = fake.calls('/cgi-bin/message/update_template_card').map((r) => r.json as { userids: string[]; agentid: number; response_code: string; button: { replace_name: string } });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ userids: ['lina'], agentid: Number(AGENT), response_code: 'rc-answer' });
    expect(updates[0].button.replace_name).toContain('已记录');
    expect(sends().filter((m) => m.msgtype === 'text').at(-1)!.text!.content).toContain('客户：新桥医院');
    // A replayed press of the same card (another button) writes nothing more.
    await post(envelope(press(card.button_list[0].key, 'rc-again')));
    await server.idle();
    expect(await suite.db.prisma.activity.count()).toBe(1);
    expect(await suite.db.prisma.contact.count()).toBe(1);
  });

  it('取消 on a question card drops the draft and says nothing was stored', async () => {
    await post(envelope(textXml('lina', '刚跟设备科的钱主任通了电话，他们预算大概45万', '7302')));
    await server.idle();
    const draft = await suite.db.prisma.pendingDraft.findFirstOrThrow();
    const ev = buildWecomXml({
      ToUserName: CORP, FromUserName: 'lina', CreateTime: nowSec(), MsgType: 'event', Event: 'template_card_event',
      EventKey: buttonKey('undo', draft.askInboundId), TaskId: 'sa-q', CardType: 'button_interaction', ResponseCode: 'rc-cancel', AgentID: AGENT,
    });
    await post(envelope(ev));
    await server.idle();
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    expect(sends().at(-1)!.text!.content).toContain('已取消，没有保存');
    expect((fake.calls('/cgi-bin/message/update_template_card')[0].json as { button: { replace_name: string } }).button.replace_name).toContain('已取消');
    expect((await counts(suite.db.prisma)).contacts).toBe(0);
  });

  it('the outbound channel reaches users by WeCom id and group chats via appchat', async () => {
    const outbound = new Outbound([new WecomChannel(new WecomApi({ apiBase: fake.url, corpId: CORP, secret: 's', agentId: AGENT }), suite.db.prisma)]);
    expect(await outbound.send({ kind: 'user', userId: suite.world.rep.id }, { text: '⏰ 今天要给方舟电子发方案', buttons: [{ label: '完成', action: 'task_done', targetId: 't1' }, { label: '明天再说', action: 'task_snooze', targetId: 't1' }] })).toBe('wecom');
    expect(await outbound.send({ kind: 'chat', target: 'wecom:chat42' }, { text: '本周排名' })).toBe('wecom');
    await expect(outbound.send({ kind: 'user', userId: suite.world.rep2.id }, { text: 'x' })).rejects.toThrow(/no channel/);
    await expect(outbound.send({ kind: 'chat', target: 'slack:C1' }, { text: 'x' })).rejects.toThrow(/no channel/);
    const s = sends();
    expect(s[0]).toMatchObject({ touser: 'lina', msgtype: 'text', text: { content: '⏰ 今天要给方舟电子发方案' } });
    expect(s[1]).toMatchObject({ touser: 'lina', msgtype: 'template_card' });
    const card = s[1].template_card as { card_type: string; button_list: Array<{ key: string }> };
    expect(card.card_type).toBe('button_interaction');
    expect(card.button_list.map((b) => b.key)).toEqual([buttonKey('task_done', 't1'), buttonKey('task_snooze', 't1')]);
    expect(fake.calls('/cgi-bin/appchat/send')[0].json).toMatchObject({ chatid: 'chat42', msgtype: 'text', text: { content: '本周排名' } });
  });
});
