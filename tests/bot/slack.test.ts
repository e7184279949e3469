// Slack adapter end to end over the HTTP receiver: signed requests (Slack's v0 HMAC), the real
// SalesAssistant on a real database, and a local fake of slack.com/api and response_url.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { SlackChannel } from '../../src/bot/slack/channel.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, waitFor, type FakeServer } from './fakeServer.js';

const SECRET = 'slack-signing-secret-for-tests';
const VISIT = '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案';

type Block = { type: string; elements?: Array<{ action_id?: string; value?: string; text?: { text: string } }> };

describe.each(await testDatabases())('Slack adapter on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true, beforeReset: () => adapter?.stop() });
  let fake: FakeServer;
  let adapter: SlackAdapter;
  let base: string;
  let seq = 0;

  const sign = (body: string, ts = Math.floor(Date.now() / 1000), secret = SECRET) => ({
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
  });
  const postRaw = (body: string, type: string, headers: Record<string, string>) =>
    fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': type, ...headers } });
  const postJson = (payload: unknown, extra: Record<string, string> = {}, signer = sign) => {
    const body = JSON.stringify(payload);
    return postRaw(body, 'application/json', { ...signer(body), ...extra });
  };
  const postForm = (fields: Record<string, string>) => {
    const body = new URLSearchParams(fields).toString();
    return postRaw(body, 'application/x-www-form-urlencoded', sign(body));
  };
  const event = (e: Record<string, unknown>, eventId = `Ev${++seq}`) => ({
    token: 'legacy', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
    event: { ts: `1700000000.${String(++seq).padStart(6, '0')}`, event_ts: '1700000000.000001', ...e },
  });
  const dm = (user: string, text: string, eventId?: string) => event({ type: 'message', channel_type: 'im', channel: 'D100', user, text }, eventId);
  const posts = () => fake.calls('/api/chat.postMessage').map((r) => r.json as { channel: string; text: string; thread_ts?: string; blocks?: Block[] });
  const responds = () => fake.calls('/hooks/respond').map((r) => r.json as { text: string; replace_original?: boolean; response_type?: string; blocks?: Block[] });
  /** Holds parsing until opened: proves the HTTP ack does not wait for the work. */
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  const closeGate = () => {
    let open!: () => void;
    const promise = new Promise<void>((r) => (open = r));
    gate = { promise, open };
    return gate;
  };
  const gatedParser = { name: 'gated-rule', parse: async (t: string, c: Parameters<typeof ruleParser.parse>[1]) => (await gate?.promise, ruleParser.parse(t, c)) };
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 50));
    await adapter.idle();
  };

  beforeAll(async () => {
    fake = await startFakeServer((r) => {
      if (r.path === '/api/auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'sales-bot' };
      if (r.path === '/api/chat.postMessage') return { ok: true, channel: (r.json as { channel: string }).channel, ts: `1700000100.${++seq}` };
      return { ok: true };
    });
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { slackUserId: 'ULINA' } });
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { slackUserId: 'UADMIN', locale: 'en-US' } });
    fake.requests.length = 0;
    gate = null;
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fake.url}/api` })!;
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: gatedParser, parseAmount: parseAmountText, log: () => {} });
    adapter = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    base = `http://127.0.0.1:${await adapter.start(0, '127.0.0.1')}`;
  });

  it('a signed DM is acked, stored once (real rule parser) and answered with a Block Kit card', async () => {
    const g = closeGate();
    const res = await postJson(dm('ULINA', VISIT, 'EvVisit1'));
    // Acked while the work is still blocked: nothing stored or posted yet.
    expect(res.status).toBe(200);
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(posts()).toHaveLength(0);
    g.open();
    await settle();
    const c = await counts(suite.db.prisma);
    expect(c.inbound).toBe(1);
    expect(c.activities).toBe(1);
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    expect(inbound).toMatchObject({ platform: 'SLACK', externalId: 'EvVisit1', senderId: suite.world.rep.id });
    const p = posts();
    expect(p).toHaveLength(1);
    expect(p[0].channel).toBe('D100');
    expect(p[0].text).toContain('方舟电子');
    const actions = p[0].blocks!.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => [e.action_id, e.value, e.text!.text])).toEqual([
      ['sa_confirm', inbound.id, '确认/Confirm'],
      ['sa_undo', inbound.id, '撤销/Undo'],
      ['sa_edit_amount', inbound.id, '编辑金额/Edit amount'],
    ]);
    expect(fake.calls('/api/chat.postMessage')[0].headers.authorization).toBe('Bearer xoxb-test');
  });

  it('rejects bad signatures, other secrets and stale timestamps with 401 and stores nothing', async () => {
    const body = JSON.stringify(dm('ULINA', VISIT));
    const good = sign(body);
    const tampered = await postRaw(body.replace('方舟', '万科'), 'application/json', good);
    const otherSecret = await postRaw(body, 'application/json', sign(body, undefined, 'not-the-secret'));
    const stale = await postRaw(body, 'application/json', sign(body, Math.floor(Date.now() / 1000) - 600));
    const unsigned = await postRaw(body, 'application/json', {});
    expect([tampered.status, otherSecret.status, stale.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    await settle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(posts()).toHaveLength(0);
  });

  it('a retried event (same event_id, X-Slack-Retry-Num) creates no second record and no second reply', async () => {
    const payload = dm('ULINA', VISIT, 'EvRetry');
    expect((await postJson(payload)).status).toBe(200);
    await settle();
    const retries = await Promise.all([
      postJson(payload, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }),
      postJson(payload, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' }),
    ]);
    expect(retries.map((r) => r.status)).toEqual([200, 200]);
    await settle();
    const c = await counts(suite.db.prisma);
    expect(c.inbound).toBe(1);
    expect(c.activities).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  it('answers an @mention in a thread, without the mention in the stored text; ignores bots and plain channel messages', async () => {
    await postJson(event({ type: 'app_mention', channel: 'C200', user: 'ULINA', text: '<@UBOT> 我的待办', ts: '1700000200.000100' }));
    await postJson(event({ type: 'message', channel_type: 'channel', channel: 'C200', user: 'ULINA', text: '我的待办' }));
    await postJson(event({ type: 'message', channel_type: 'im', channel: 'D100', bot_id: 'BOTHER', subtype: 'bot_message', text: '我的待办' }));
    await settle();
    const inbound = await suite.db.prisma.inboundMessage.findMany();
    expect(inbound).toHaveLength(1);
    expect(inbound[0].text).toBe('我的待办');
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({ channel: 'C200', thread_ts: '1700000200.000100' });
  });

  it('tells an unknown Slack user they are not registered; an admin registers them with a mention', async () => {
    await postJson(dm('UNEW', 'Visited Acme Corp today'));
    await settle();
    expect((await counts(suite.db.prisma)).inbound).toBe(0);
    expect(posts()[0].text).toContain('register UNEW');

    await postJson(dm('UADMIN', 'register <@UNEW> "John Smith" manager 二部'));
    await settle();
    const u = await suite.db.prisma.user.findUniqueOrThrow({ where: { slackUserId: 'UNEW' } });
    expect(u).toMatchObject({ displayName: 'John Smith', role: 'MANAGER', teamId: suite.world.otherTeamId });
    expect(posts()[1].text).toContain('Registered John Smith');
  });

  it('the /sales command is acked at once and answered through the response_url', async () => {
    const res = await postForm({
      token: 'legacy', team_id: 'T1', channel_id: 'C300', user_id: 'ULINA', command: '/sales', text: VISIT,
      response_url: `${fake.url}/hooks/respond`, trigger_id: 'trig.1',
    });
    expect(res.status).toBe(200);
    await settle();
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    expect(inbound).toMatchObject({ platform: 'SLACK', externalId: 'cmd:trig.1', text: VISIT });
    expect(responds()).toHaveLength(1);
    expect(responds()[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(responds()[0].blocks!.some((b) => b.type === 'actions')).toBe(true);
  });

  it('the Undo button reverts the logged visit and replaces the card', async () => {
    await postJson(dm('ULINA', VISIT));
    await settle();
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    const card = posts()[0];
    const press = (userId: string) =>
      postForm({
        payload: JSON.stringify({
          type: 'block_actions', user: { id: userId }, team: { id: 'T1' }, api_app_id: 'A1', trigger_id: 'trig.2',
          channel: { id: 'D100' }, container: { type: 'message', message_ts: '1700000100.1', channel_id: 'D100' },
          message: { type: 'message', ts: '1700000100.1', text: card.text, blocks: card.blocks },
          response_url: `${fake.url}/hooks/respond`,
          actions: [{ type: 'button', action_id: 'sa_undo', block_id: 'sa_actions', value: inbound.id, action_ts: '1700000101.0' }],
        }),
      });
    // Someone else pressing the same button (e.g. a forwarded card) cannot undo it.
    expect((await press('UADMIN')).status).toBe(200);
    await settle();
    expect((await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: inbound.id } })).undone).toBe(false);

    expect((await press('ULINA')).status).toBe(200);
    await settle();
    expect((await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: inbound.id } })).undone).toBe(true);
    expect(await suite.db.prisma.activity.count()).toBe(0);
    const r = responds().at(-1)!;
    expect(r.replace_original).toBe(true);
    expect(r.blocks!.some((b) => b.type === 'actions')).toBe(false);
    expect(r.blocks!.some((b) => b.type === 'context')).toBe(true);
  });

  const pressOn = (card: { text: string; blocks?: Block[] }, userId: string, actionId: string, value: string, trigger: string) =>
    postForm({
      payload: JSON.stringify({
        type: 'block_actions', user: { id: userId }, team: { id: 'T1' }, api_app_id: 'A1', trigger_id: trigger,
        channel: { id: 'C200' }, container: { type: 'message', message_ts: '1700000100.1', channel_id: 'C200' },
        message: { type: 'message', ts: '1700000100.1', text: card.text, blocks: card.blocks },
        response_url: `${fake.url}/hooks/respond`,
        actions: [{ type: 'button', action_id: actionId, block_id: 'sa_actions', value, action_ts: `1700000101.${trigger.length}` }],
      }),
    });
  const QUESTION = '下午跟设备科的钱主任通了电话，他们预算大概45万';

  it("someone else's press on a card in a channel is refused privately and leaves the card for its owner", async () => {
    await postJson(event({ type: 'app_mention', channel: 'C200', user: 'ULINA', text: `<@UBOT> ${VISIT}` }));
    await settle();
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    const card = posts()[0];
    expect((await pressOn(card, 'UADMIN', 'sa_confirm', inbound.id, 'trig.other')).status).toBe(200);
    await settle();
    const refusal = responds().at(-1)!;
    expect(refusal.response_type).toBe('ephemeral');
    expect(refusal.replace_original).toBe(false);
    expect(refusal.text).toContain('permission');
    // The owner still has the buttons: her press works and then resolves the card.
    expect((await pressOn(card, 'ULINA', 'sa_undo', inbound.id, 'trig.owner')).status).toBe(200);
    await settle();
    expect((await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: inbound.id } })).undone).toBe(true);
    const resolved = responds().at(-1)!;
    expect(resolved.replace_original).toBe(true);
    expect(resolved.blocks!.some((b) => b.type === 'actions')).toBe(false);
  });

  it('a question comes as a card with numbered buttons; pressing one files the draft under that customer', async () => {
    for (const name of ['方舟电子', '新桥医院']) await suite.db.prisma.customer.create({ data: { name, normalizedName: name, ownerId: suite.world.rep.id } });
    await postJson(dm('ULINA', QUESTION));
    await settle();
    const card = posts()[0];
    expect(card.text).toContain('这是哪个客户');
    const buttons = card.blocks!.find((b) => b.type === 'actions')!.elements!;
    const ask = await suite.db.prisma.pendingDraft.findFirstOrThrow();
    const xinqiao = buttons.find((e) => e.text!.text.includes('新桥医院'))!;
    expect(xinqiao.action_id).toMatch(/^sa_choose_\d$/);
    expect(xinqiao.value).toBe(`${ask.askInboundId}:${xinqiao.action_id!.slice(-1)}`);
    expect(buttons.some((e) => e.action_id === 'sa_undo')).toBe(true);
    // Another user cannot answer it.
    await pressOn(card, 'UADMIN', xinqiao.action_id!, xinqiao.value!, 'trig.q1');
    await settle();
    expect(await suite.db.prisma.pendingDraft.count()).toBe(1);
    await pressOn(card, 'ULINA', xinqiao.action_id!, xinqiao.value!, 'trig.q2');
    await settle();
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
    const contact = await suite.db.prisma.contact.findFirstOrThrow({ include: { customer: true } });
    expect([contact.name, contact.customer.name]).toEqual(['钱主任', '新桥医院']);
    expect(responds().at(-1)!.replace_original).toBe(true);
    // A second press of the same (old) card changes nothing.
    await pressOn(card, 'ULINA', buttons[0].action_id!, buttons[0].value!, 'trig.q3');
    await settle();
    expect(await suite.db.prisma.activity.count()).toBe(1);
    expect(responds().at(-1)!.text ?? '').not.toContain('已记录');
  });

  it("one sender's messages are handled in arrival order: an answer sent right behind its question applies to it", async () => {
    await suite.db.prisma.customer.create({ data: { name: '新桥医院', normalizedName: '新桥医院', ownerId: suite.world.rep.id } });
    const g = closeGate();
    expect((await postJson(dm('ULINA', QUESTION))).status).toBe(200);
    expect((await postJson(dm('ULINA', '1'))).status).toBe(200);
    g.open();
    await settle();
    await waitFor(() => posts().length >= 2);
    const p = posts();
    expect(p[0].text).toContain('这是哪个客户');
    expect(p[1].text).toContain('已记录');
    expect((await suite.db.prisma.contact.findFirstOrThrow({ include: { customer: true } })).customer.name).toBe('新桥医院');
  });

  it('Edit amount opens a modal; submitting "40万" changes the opportunity to 400000', async () => {
    await postJson(dm('ULINA', VISIT));
    await settle();
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow();
    await postForm({
      payload: JSON.stringify({
        type: 'block_actions', user: { id: 'ULINA' }, team: { id: 'T1' }, api_app_id: 'A1', trigger_id: 'trig.edit',
        channel: { id: 'D100' }, container: { type: 'message', message_ts: '1700000100.1' },
        message: { type: 'message', ts: '1700000100.1', text: 'card' }, response_url: `${fake.url}/hooks/respond`,
        actions: [{ type: 'button', action_id: 'sa_edit_amount', block_id: 'sa_actions', value: inbound.id, action_ts: '1' }],
      }),
    });
    await settle();
    const open = fake.calls('/api/views.open')[0].json as { trigger_id: string; view: { callback_id: string; private_metadata: string } };
    expect(open.trigger_id).toBe('trig.edit');
    expect(open.view.callback_id).toBe('sa_edit_amount');

    const res = await postForm({
      payload: JSON.stringify({
        type: 'view_submission', user: { id: 'ULINA' }, team: { id: 'T1' }, api_app_id: 'A1', trigger_id: 'trig.sub',
        view: { id: 'V1', type: 'modal', callback_id: 'sa_edit_amount', private_metadata: open.view.private_metadata, state: { values: { amount: { value: { type: 'plain_text_input', value: '40万' } } } } },
      }),
    });
    expect(res.status).toBe(200);
    await settle();
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow();
    expect(Number(opp.amount)).toBe(400000);
    const last = posts().at(-1)!;
    expect(last).toMatchObject({ channel: 'D100', thread_ts: '1700000100.1' });
  });

  it('answers Slack URL verification', async () => {
    const res = await postJson({ type: 'url_verification', challenge: 'chal-123', token: 'legacy' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('chal-123');
  });

  it('the outbound channel DMs users by Slack id with buttons, and posts to channels', async () => {
    const outbound = new Outbound([new SlackChannel(adapter.client, suite.db.prisma)]);
    expect(await outbound.send({ kind: 'user', userId: suite.world.rep.id }, { text: '⏰ 发修改方案', buttons: [{ label: '完成/Done', action: 'task_done', targetId: 'task1' }] })).toBe('slack');
    expect(await outbound.send({ kind: 'chat', target: 'slack:C999' }, { text: 'ranking' })).toBe('slack');
    await expect(outbound.send({ kind: 'user', userId: suite.world.rep2.id }, { text: 'x' })).rejects.toThrow(/no channel/);
    await waitFor(() => posts().length === 2);
    expect(posts()[0]).toMatchObject({ channel: 'ULINA', text: '⏰ 发修改方案' });
    expect(posts()[0].blocks!.find((b) => b.type === 'actions')!.elements![0]).toMatchObject({ action_id: 'sa_task_done', value: 'task1' });
    expect(posts()[1]).toMatchObject({ channel: 'C999', text: 'ranking' });
    expect(posts()[1].blocks).toBeUndefined();
  });
});
