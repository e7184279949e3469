// Secrets come only from the environment and are never logged; database locations are printed
// redacted; SQL-looking message text is stored verbatim and does nothing; error objects handed to
// the logger (messages, causes, SDK fields, a platform echoing a secret) are logged redacted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, redactUrl } from '../../src/db/client.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { createPgliteDb, testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';
import { encrypt, getSignature } from '@wecom/crypto';
import { makeLog } from '../../src/log.js';
import { Inbox } from '../../src/domain/messages/inbox.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { WecomChannel } from '../../src/bot/wecom/channel.js';
import { wecomConfigFromEnv } from '../../src/bot/wecom/config.js';
import { WecomServer } from '../../src/bot/wecom/server.js';
import { buildWecomXml } from '../../src/bot/wecom/xml.js';
import { startFakeServer } from '../bot/fakeServer.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated') return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Each logging call in the source with its full argument text (balanced parentheses). */
function logCalls(code: string): string[] {
  const out: string[] = [];
  const re = /\b(?:console\.(?:log|error|warn|info|debug|trace)|(?:this\.)?log|logger\.\w+)\s*\(/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    let depth = 1;
    let i = m.index + m[0].length;
    while (i < code.length && depth) {
      if (code[i] === '(') depth++;
      else if (code[i] === ')') depth--;
      i++;
    }
    out.push(code.slice(m.index, i));
  }
  return out;
}

const SECRET_ENV = /process\.env(?:\.|\[['"])(\w*(?:SECRET|TOKEN|KEY|PASSWORD|PASSWD|DATABASE_URL)\w*)/i;
const SECRET_FIELD = /\b(?:config|cfg|opts\.config|this\.opts\.config)\.(?:secret|token|encodingAesKey|signingSecret|botToken|appToken)\b/;

describe('secrets', () => {
  const files = sourceFiles(SRC);

  it('the scan sees the code base (guards against an empty scan passing)', () => {
    expect(files.length).toBeGreaterThan(40);
    const all = files.flatMap((f) => logCalls(readFileSync(f, 'utf8')));
    expect(all.length).toBeGreaterThan(10);
    // and the patterns do match what they are meant to catch
    expect(logCalls('console.log(`key=${process.env.OPENAI_API_KEY}`)').some((c) => SECRET_ENV.test(c))).toBe(true);
    expect(logCalls("log('x', config.secret)").some((c) => SECRET_FIELD.test(c))).toBe(true);
  });

  it('no logging call in src/ prints a secret env var, a secret config field or a whole env/config object', () => {
    const offenders: string[] = [];
    for (const f of files) {
      for (const call of logCalls(readFileSync(f, 'utf8'))) {
        if (SECRET_ENV.test(call) || SECRET_FIELD.test(call) || /\(\s*process\.env\s*\)|,\s*process\.env\s*\)|\(\s*config\s*\)|,\s*config\s*\)/.test(call))
          offenders.push(`${path.relative(SRC, f)}: ${call.slice(0, 160)}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('secrets are read from the environment, never hard-coded in src/', () => {
    const hardcoded: string[] = [];
    const pattern = /(?:secret|token|password|apiKey|api_key|encodingAesKey)\s*[:=]\s*['"`][A-Za-z0-9_\-+/]{12,}['"`]/i;
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (pattern.test(line) && !/example|placeholder|xoxb-…|test/i.test(line)) hardcoded.push(`${path.relative(SRC, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hardcoded).toEqual([]);
  });

  it('openDb describes a PostgreSQL location without its password, and errors redact it too', async () => {
    const url = 'postgres://sales:hunter2-pass@127.0.0.1:5432/sales_db';
    const db = await openDb({ databaseUrl: url, migrate: false });
    try {
      expect(db.describe).not.toContain('hunter2-pass');
      expect(db.describe).toContain('127.0.0.1:5432/sales_db');
    } finally {
      await db.close();
    }
    expect(redactUrl('postgresql://u:p%40ss@h/db')).not.toContain('p%40ss');
    await expect(openDb({ databaseUrl: 'mysql://root:topsecret@h/db', migrate: false })).rejects.toThrow(/^(?!.*topsecret)/s);
  });
});

describe.each(await testDatabases())('SQL-looking text on $kind', ({ create }) => {
  const suite = useTestDb(create);
  let bot: SalesAssistant;
  beforeAll(async () => {
    const team = await suite.db.prisma.team.create({ data: { name: '一部' } });
    await suite.db.prisma.user.create({ data: { displayName: '李娜', role: 'REP', teamId: team.id, wecomUserId: 'lina' } });
    bot = new SalesAssistant(makeContext(suite.db.prisma), { parser: ruleParser, log: () => {} });
  });

  const PAYLOADS = [
    `'; DROP TABLE "Customer"; --`,
    `今天拜访了Robert'); DROP TABLE "Activity";--科技的王总，预计10万`,
    `客户 x' OR '1'='1`,
    `拜访了"; TRUNCATE "User" CASCADE; select '公司，金额改成1万`,
    `1; UPDATE "Opportunity" SET amount = 0; --`,
    `客户 %' UNION SELECT "wecomUserId" FROM "User" --`,
    `$$; DELETE FROM "InboundMessage"; $$`,
  ];

  it('stores every payload verbatim, leaves every table and row in place, and answers each one', async () => {
    const tablesBefore = await suite.db.prisma.$queryRawUnsafe<Array<{ tablename: string }>>(`select tablename from pg_tables where schemaname = current_schema() order by 1`);
    let i = 0;
    for (const text of PAYLOADS) {
      const reply = await bot.handleMessage({ platform: 'WECOM', externalId: `sql-${i++}`, senderId: 'lina', text });
      expect(reply.text.length).toBeGreaterThan(0);
      expect(reply.outcome).not.toBe('ERROR');
      expect(reply.text).not.toContain('lina'); // the UNION probe never returns platform ids
    }
    const stored = await suite.db.prisma.inboundMessage.findMany({ orderBy: { externalId: 'asc' } });
    expect(stored.map((s) => s.text)).toEqual(PAYLOADS);
    const tablesAfter = await suite.db.prisma.$queryRawUnsafe<Array<{ tablename: string }>>(`select tablename from pg_tables where schemaname = current_schema() order by 1`);
    expect(tablesAfter).toEqual(tablesBefore);
    expect(await suite.db.prisma.user.count()).toBe(1);
    const c = await counts(suite.db.prisma);
    expect(c.inbound).toBe(PAYLOADS.length);
    // Whatever customer names the parser took out of the payloads are stored as plain text.
    for (const cust of await suite.db.prisma.customer.findMany()) expect(typeof cust.name).toBe('string');
  });
});

describe('errors handed to the logger', () => {
  const env = {
    WECOM_SECRET: 'wsec-AAAA1111bbbb',
    SLACK_BOT_TOKEN: 'xoxb-123-abcdefgh',
    OPENAI_API_KEY: 'sk-test-zzzz9999',
    DATABASE_URL: 'postgres://sales:p%40ss-w0rd99@db.internal:5432/sales',
  };
  const SECRETS = ['wsec-AAAA1111bbbb', 'xoxb-123-abcdefgh', 'sk-test-zzzz9999', 'p@ss-w0rd99', 'p%40ss-w0rd99', 'acc-tok-777777'];

  it('an error carrying secrets in its message, causes, aggregate parts or SDK fields is logged without them, but still described', () => {
    const lines: string[] = [];
    const log = makeLog('test', { env, write: (l) => lines.push(l) });
    log('token fetch failed', new Error('fetch failed for https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=wsec-AAAA1111bbbb', { cause: new Error('connect ECONNREFUSED', { cause: { message: 'token xoxb-123-abcdefgh rejected' } }) }));
    log('pool failed', new AggregateError([new Error('password authentication failed: p@ss-w0rd99'), new Error('bad key sk-test-zzzz9999')], 'pool failed twice'));
    log('slack', Object.assign(new Error('An API error occurred: invalid_auth'), { code: 'slack_webapi_platform_error', data: { error: 'invalid_auth' }, config: { headers: { Authorization: 'Bearer xoxb-123-abcdefgh' } } }));
    log('send failed', { message: 'POST /cgi-bin/message/send?access_token=acc-tok-777777 answered 500', token: 'xoxb-123-abcdefgh' });
    log(`outbox line with a url postgres://sales:p%40ss-w0rd99@db.internal/sales inside`);
    const all = lines.join('\n');
    for (const s of SECRETS) expect({ secret: s, found: all.includes(s) }).toEqual({ secret: s, found: false });
    // Positive control: the errors themselves are there (what failed and why).
    for (const s of ['ECONNREFUSED', 'gettoken', 'pool failed twice', 'password authentication failed', 'invalid_auth', 'slack_webapi_platform_error', 'answered 500', 'db.internal']) expect(all).toContain(s);
  });

  it('no code in src/ hands a raw error object to console.* (errors go through makeLog)', () => {
    const raw: string[] = [];
    for (const f of sourceFiles(SRC)) {
      for (const call of logCalls(readFileSync(f, 'utf8'))) {
        if (/^console\.\w+\(/.test(call) && /,\s*(?:e|err|error|cause)\s*(?:\?\?[^)]*)?\)$/.test(call)) raw.push(`${path.relative(SRC, f)}: ${call.slice(0, 120)}`);
      }
    }
    expect(raw).toEqual([]);
    // and the pattern does catch the old style
    expect(/,\s*(?:e|err|error|cause)\s*(?:\?\?[^)]*)?\)$/.test("console.error(`[x] ${m}`, e ?? '')")).toBe(true);
  });

  it('a WeCom answer echoing the app secret ends up in the logs redacted (adapter + inbox + outbox, real HTTP)', async () => {
    const fake = await startFakeServer((r) => (r.path === '/cgi-bin/gettoken' ? { errcode: 40001, errmsg: `invalid credential, corpsecret=${env.WECOM_SECRET} hint: [${env.WECOM_SECRET}]` } : { errcode: 0 }));
    const db = await createPgliteDb();
    const lines: string[] = [];
    const log = (scope: string) => makeLog(scope, { env, write: (l) => lines.push(l) });
    try {
      await db.prisma.user.create({ data: { displayName: '李娜', wecomUserId: 'lina' } });
      const aes = 'a'.repeat(43);
      const config = wecomConfigFromEnv({ WECOM_CORP_ID: 'wwlog', WECOM_AGENT_ID: '1', WECOM_SECRET: env.WECOM_SECRET, WECOM_TOKEN: 'logtok1', WECOM_ENCODING_AES_KEY: aes, WECOM_API_BASE: fake.url })!;
      const api = new WecomApi({ apiBase: fake.url, corpId: 'wwlog', secret: env.WECOM_SECRET, agentId: '1' });
      const assistant = new SalesAssistant(makeContext(db.prisma), { parser: ruleParser, log: log('assistant') });
      const inbox = new Inbox({ assistant, outbound: new Outbound([new WecomChannel(api, db.prisma)]), log: log('inbox') });
      const server = new WecomServer({ config, assistant, api, inbox, log: log('wecom') });
      const port = await server.listen(0, '127.0.0.1');
      const inner = buildWecomXml({ ToUserName: 'wwlog', FromUserName: 'lina', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: '我的待办', MsgId: 'log-1', AgentID: '1' });
      const enc = encrypt(aes, inner, 'wwlog');
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`http://127.0.0.1:${port}${config.path}?msg_signature=${getSignature('logtok1', ts, 'n1', enc)}&timestamp=${ts}&nonce=n1`, { method: 'POST', body: buildWecomXml({ ToUserName: 'wwlog', AgentID: '1', Encrypt: enc }) });
      expect(res.status).toBe(200);
      await server.close();
      await inbox.stop();
      const all = lines.join('\n');
      expect(all).toContain('gettoken'); // the failure was logged…
      expect(all).toContain('40001');
      expect(all).not.toContain(env.WECOM_SECRET); // …without the secret WeCom echoed
    } finally {
      await db.close();
      await fake.close();
    }
  });
});
