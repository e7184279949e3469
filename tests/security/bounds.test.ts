// Bad input always gets a clear answer and never breaks, loses or half-writes anything: amounts
// beyond what can be stored, LIKE wildcards in names, lengths in characters, oversize HTTP
// bodies, and a card action whose work fails.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseAmountText } from '../../src/intents/amountText.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { MAX_AMOUNT, OpportunitySchema, DealSchema } from '../../src/intents/schema.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { wecomConfigFromEnv } from '../../src/bot/wecom/config.js';
import { WecomServer } from '../../src/bot/wecom/server.js';
import { SlackAdapter } from '../../src/bot/slack/app.js';
import { slackConfigFromEnv } from '../../src/bot/slack/config.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { createPgliteDb, testDatabases } from '../helpers/db.js';
import { StubParser, counts, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z');

describe.each(await testDatabases())('input bounds on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let seq = 0;
  const bot = (parser = ruleParser) => new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, parseAmount: parseAmountText, log: () => {} });
  const say = (b: SalesAssistant, text: string, senderId = 'rep', externalId = `b${++seq}`) => b.handleMessage({ platform: 'CONSOLE', externalId, senderId, text });

  it('an amount beyond the cap gets a clear "not recorded" reply — and the same on every redelivery — instead of an overflow', async () => {
    const b = bot();
    await suite.db.prisma.customer.create({ data: { name: '天和制药', normalizedName: '天和制药', ownerId: suite.world.rep.id } });
    for (const text of ['今天又去了天和制药，谈得不错，预计九千万亿', '天和制药签约一万亿亿', '上午见了天和制药的刘总，预算3000000000000元']) {
      const r1 = await say(b, text, 'rep', `cap-${text}`);
      expect({ text, outcome: r1.outcome }).toEqual({ text, outcome: 'REJECTED' });
      expect(r1.text).toContain('超出上限');
      expect(r1.text).toContain('没有记录任何内容');
      const again = await say(b, text, 'rep', `cap-${text}`);
      expect([again.duplicate, again.text]).toEqual([true, r1.text]);
    }
    const c = await counts(suite.db.prisma);
    expect([c.activities, c.opportunities, c.tasks]).toEqual([0, 0, 0]);
    expect(await suite.db.prisma.contract.count()).toBe(0);
    // At the cap itself the amount is stored.
    expect((await say(b, '天和制药到了谈判阶段，预计一万亿')).outcome).toBe('APPLIED');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(MAX_AMOUNT);
    // A correction over the cap is refused and changes nothing.
    const fix = await say(b, '金额改成两万亿');
    expect(fix.outcome).toBe('REJECTED');
    expect(fix.text).toContain('两万亿');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(MAX_AMOUNT);
  });

  it('the shared schema caps amounts, so an LLM answer cannot carry one past the cap either', () => {
    const opp = { stage: null, currency: 'CNY', expectedCloseDate: null };
    expect(OpportunitySchema.safeParse({ ...opp, amount: MAX_AMOUNT }).success).toBe(true);
    expect(OpportunitySchema.safeParse({ ...opp, amount: MAX_AMOUNT * 10 }).success).toBe(false);
    expect(DealSchema.safeParse({ contractAmount: 9e15, paymentAmount: null }).success).toBe(false);
    expect(DealSchema.safeParse({ contractAmount: null, paymentAmount: Number.POSITIVE_INFINITY }).success).toBe(false);
  });

  it('the edit-amount button answers an oversize value, and answers even when its work fails', async () => {
    const b = bot();
    const visit = await say(b, '上午去了启明物流见了仓储部的何经理，预计18万');
    expect(visit.outcome).toBe('APPLIED');
    const big = await b.handleAction({ platform: 'CONSOLE', senderId: 'rep', action: 'edit_amount', targetId: visit.inboundId!, value: '一万亿亿' });
    expect(big.outcome).toBe('REJECTED');
    expect(big.text).toContain('超出上限');
    expect(Number((await suite.db.prisma.opportunity.findFirstOrThrow()).amount)).toBe(180000);
    // The database fails under the edit: the button still gets an answer (never a silent rejection).
    const failing = new Proxy(suite.db.prisma, {
      get: (t, k) => (k === '$transaction' ? () => Promise.reject(new Error('Connection terminated unexpectedly (injected)')) : Reflect.get(t, k)),
    }) as PrismaClient;
    const broken = new SalesAssistant(makeContext(failing, { now: () => NOW }), { parser: ruleParser, parseAmount: parseAmountText, log: () => {} });
    const r = await broken.handleAction({ platform: 'CONSOLE', senderId: 'rep', action: 'edit_amount', targetId: visit.inboundId!, value: '40万' });
    expect(r.outcome).toBe('ERROR');
    expect(r.text).toContain('没有保存');
  });

  it('a name made of LIKE wildcards matches only itself: no 撞单 warning about other teams, no foreign customer found', async () => {
    await suite.db.prisma.customer.create({ data: { name: '甲队秘密客户', normalizedName: '甲队秘密客户', ownerId: suite.world.outsider.id } });
    const parser = new StubParser()
      .on('今天去了%%见客户', parsed({ intent: 'log_activity', activity: { type: 'VISIT', occurredAt: '2026-11-23T10:00:00+08:00', summary: '见客户' }, customer: { name: '%%' } }))
      .on('客户 %%', parsed({ intent: 'query', query: { kind: 'customer', subject: '%%', period: null } }));
    const b = bot(parser);
    const r = await say(b, '今天去了%%见客户');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).not.toContain('撞单');
    expect(r.text).not.toContain('甲队秘密客户');
    const q = await say(b, '客户 %%');
    expect(q.text).not.toContain('甲队秘密客户');
    expect(q.text).not.toContain('没有权限'); // nothing of another team matched, so nothing to refuse
  });

  it('message length is counted in characters: 1500 emoji plus words are within the limit, 2001 characters are not', async () => {
    const b = bot();
    const emoji = '🎉'.repeat(1500);
    const ok = await say(b, `${emoji}今天拜访了天和制药`);
    expect(ok.text).not.toContain('消息太长');
    const long = await say(b, '拜'.repeat(1000) + '😀'.repeat(1001));
    expect(long.outcome).toBe('REJECTED');
    expect(long.text).toContain('消息太长（2001 字）');
  });
});

describe('oversize request bodies', () => {
  const suite = useTestDb(createPgliteDb);
  const megabyte = 'x'.repeat(1024 * 1024);

  it('WeCom answers 413 (not a reset connection) and stores nothing', async () => {
    const config = wecomConfigFromEnv({ WECOM_CORP_ID: 'wwbig', WECOM_AGENT_ID: '1', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'd').slice(0, 43), WECOM_API_BASE: 'http://127.0.0.1:9' })!;
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, log: () => {} });
    const server = new WecomServer({ config, assistant, api: new WecomApi({ apiBase: config.apiBase, corpId: 'wwbig', secret: 's', agentId: '1' }), log: () => {} });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}${config.path}?msg_signature=x&timestamp=1&nonce=n`, { method: 'POST', body: `<xml><Encrypt>${megabyte}</Encrypt></xml>` });
      expect(res.status).toBe(413);
      expect(await suite.db.prisma.inboxMessage.count()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('Slack answers 413 and stores nothing', async () => {
    const secret = 'bounds-signing-secret';
    const config = slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-bounds', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: 'http://127.0.0.1:9/api' })!;
    const assistant = new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, log: () => {} });
    const adapter = new SlackAdapter({ config, assistant, log: () => {}, logLevel: LogLevel.ERROR });
    const port = await adapter.start(0, '127.0.0.1');
    try {
      const body = JSON.stringify({ type: 'event_callback', event_id: 'EvBig', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: megabyte, ts: '1.1' } });
      const ts = Math.floor(Date.now() / 1000);
      const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
      expect(res.status).toBe(413);
      expect(await suite.db.prisma.inboxMessage.count()).toBe(0);
    } finally {
      await adapter.stop();
    }
  });
});
