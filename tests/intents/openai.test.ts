// OpenAIParser against a local fake OpenAI server (node:http on 127.0.0.1, random port).
// Never touches the internet; the fallback is a stub, not the real rule parser.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIParser, MAX_INPUT_CHARS, repairDateTime, stageKeyFor } from '../../src/intents/openai.js';
import { buildResponseSchema, buildSystemPrompt } from '../../src/intents/openaiPrompt.js';
import { ParsedMessageSchema, type MessageParser, type ParseContext, type ParsedMessage } from '../../src/intents/schema.js';
import { getStages } from '../../src/domain/stages.js';

const API_KEY = 'sk-test-secret-key-123';
const MODEL = 'test-model-mini';
// Monday 2026-11-23 10:30 in Shanghai.
const ctx: ParseContext = {
  now: new Date('2026-11-23T02:30:00Z'),
  timezone: 'Asia/Shanghai',
  knownCustomers: ['方舟电子', '星河科技'],
  knownUsers: ['张三'],
};
const NOW_ISO = '2026-11-23T10:30:00+08:00';

// ---- fake server ------------------------------------------------------------------------------

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}
type Handler = (req: Received, res: ServerResponse) => void;

let server: Server;
let baseURL: string;
let received: Received[] = [];
let handler: Handler = () => undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : null };
      received.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  handler = () => undefined;
});

function completion(content: string | null, extra: { refusal?: string; finish_reason?: string } = {}) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: extra.refusal ?? null },
        finish_reason: extra.finish_reason ?? 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

function replyJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Serve this model content for every request. */
function serveContent(content: string | null, extra?: { refusal?: string; finish_reason?: string }) {
  handler = (_req, res) => replyJson(res, 200, completion(content, extra));
}

// ---- stub fallback ----------------------------------------------------------------------------

const FALLBACK_RESULT: ParsedMessage = ParsedMessageSchema.parse({
  intent: 'unknown',
  language: 'zh',
  activity: null,
  customer: null,
  contacts: [],
  opportunity: null,
  nextSteps: [],
  hot: null,
  confidence: 0.1,
  source: 'rule',
});

class StubFallback implements MessageParser {
  readonly name = 'stub-rule';
  calls: Array<{ text: string; ctx: ParseContext }> = [];
  async parse(text: string, c: ParseContext): Promise<ParsedMessage> {
    this.calls.push({ text, ctx: c });
    return structuredClone(FALLBACK_RESULT);
  }
}

let fallback: StubFallback;
let logs: string[];

function makeParser(over: Partial<ConstructorParameters<typeof OpenAIParser>[0]> = {}) {
  fallback = new StubFallback();
  logs = [];
  return new OpenAIParser({
    apiKey: API_KEY,
    baseURL,
    model: MODEL,
    timeoutMs: 3000,
    maxRetries: 0,
    fallback,
    log: (m) => logs.push(m),
    ...over,
  });
}

// A complete, valid model reply (everything except `source`).
const GOOD_REPLY = {
  intent: 'log_activity',
  language: 'zh',
  activity: { type: 'VISIT', occurredAt: '2026-11-23T15:00:00+08:00', summary: '拜访方舟电子刘总，聊了ERP升级需求' },
  customer: { name: '方舟电子' },
  contacts: [{ name: '刘总', title: '总经理', role: 'DECISION_MAKER' }],
  opportunity: {
    stage: 'QUOTATION',
    amount: 300000,
    currency: 'CNY',
    expectedCloseDate: '2026-11-30T18:00:00+08:00',
    qualification: 'VALUABLE',
    grade: 'BIG',
  },
  nextSteps: [{ title: '给刘总发报价', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: '明天' }],
  hot: true,
  hotNote: '月底签单',
  correction: null,
  query: null,
  deal: null,
  target: null,
  confidence: 0.92,
};
const TEXT = '下午拜访方舟电子刘总总经理，聊了ERP升级需求，报价阶段，金额30万，月底签，明天给刘总发报价，设为热点';

function expectFellBack(result: ParsedMessage, text: string, reason: RegExp) {
  expect(result.source).toBe('rule-fallback');
  expect(result.intent).toBe(FALLBACK_RESULT.intent);
  expect(result.confidence).toBe(FALLBACK_RESULT.confidence);
  expect(fallback.calls).toHaveLength(1);
  expect(fallback.calls[0].text).toBe(text);
  expect(fallback.calls[0].ctx).toBe(ctx);
  expect(logs.join('\n')).toMatch(reason);
  // Never leak the key or the message into the log.
  for (const line of logs) {
    expect(line).not.toContain(API_KEY);
    if (text.trim()) expect(line).not.toContain(text);
  }
}

// ---- tests ------------------------------------------------------------------------------------

describe('OpenAIParser', () => {
  it('returns a good structured reply field by field and sends the expected request', async () => {
    serveContent(JSON.stringify(GOOD_REPLY));
    const parser = makeParser();
    expect(parser.name).toBe('openai');

    const r = await parser.parse(TEXT, ctx);

    expect(r.source).toBe('openai');
    expect(r.intent).toBe('log_activity');
    expect(r.language).toBe('zh');
    expect(r.activity).toEqual(GOOD_REPLY.activity);
    expect(r.customer).toMatchObject({ name: '方舟电子' });
    expect(r.contacts).toEqual([{ name: '刘总', title: '总经理', role: 'DECISION_MAKER' }]);
    expect(r.opportunity).toEqual({ ...GOOD_REPLY.opportunity, lostReason: null });
    expect(r.nextSteps).toMatchObject([{ title: '给刘总发报价', dueAt: '2026-11-24T09:00:00+08:00', dueLabel: '明天' }]);
    expect(r.hot).toBe(true);
    expect(r.hotNote).toBe('月底签单');
    expect(r.correction).toBeNull();
    expect(r.query).toBeNull();
    expect(r.deal).toBeNull();
    expect(r.target).toBeNull();
    expect(r.confidence).toBe(0.92);
    expect(ParsedMessageSchema.safeParse(r).success).toBe(true);
    expect(fallback.calls).toHaveLength(0);
    expect(logs).toEqual([]);

    expect(received).toHaveLength(1);
    const req = received[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.body.model).toBe(MODEL);
    expect(req.body.temperature).toBe(0);
    const [system, user] = req.body.messages;
    expect(system.role).toBe('system');
    expect(system.content).toContain(NOW_ISO);
    expect(system.content).toContain('Asia/Shanghai');
    expect(system.content).toContain('QUOTATION');
    expect(system.content).toContain('报价');
    expect(system.content).toContain('方舟电子'); // known customers
    expect(system.content).toContain('张三'); // known users
    expect(system.content).toContain('2026-11-24T09:00:00+08:00'); // 明天 anchor
    expect(user).toEqual({ role: 'user', content: TEXT });
    expect(req.body.response_format.type).toBe('json_schema');
    expect(req.body.response_format.json_schema.strict).toBe(true);
    expect(req.body.response_format.json_schema.schema.type).toBe('object');
    expect(JSON.stringify(req.body.response_format.json_schema.schema)).not.toMatch(/"format"|"pattern"/);
  });

  it('falls back when the reply is not valid JSON', async () => {
    serveContent('{"intent": "log_activity", oops');
    const r = await makeParser().parse(TEXT, ctx);
    expectFellBack(r, TEXT, /invalid_json/);
    expect(received).toHaveLength(1);
  });

  it('falls back when the JSON fails the zod schema (intent "bogus")', async () => {
    serveContent(JSON.stringify({ ...GOOD_REPLY, intent: 'bogus' }));
    const r = await makeParser().parse(TEXT, ctx);
    expectFellBack(r, TEXT, /schema: intent/);
  });

  it('falls back when a date-time is malformed', async () => {
    serveContent(JSON.stringify({ ...GOOD_REPLY, nextSteps: [{ title: 'x', dueAt: 'tomorrow', dueLabel: '明天' }] }));
    const r = await makeParser().parse(TEXT, ctx);
    expectFellBack(r, TEXT, /schema: nextSteps\.0\.dueAt/);
  });

  it('falls back when the intent lacks its payload (log_activity without activity)', async () => {
    serveContent(JSON.stringify({ ...GOOD_REPLY, activity: null }));
    const r = await makeParser().parse(TEXT, ctx);
    expectFellBack(r, TEXT, /inconsistent/);
  });

  it('falls back on a refusal', async () => {
    serveContent(null, { refusal: "I'm sorry, I can't help with that." });
    const r = await makeParser().parse(TEXT, ctx);
    expectFellBack(r, TEXT, /refusal/);
  });

  it('falls back on a truncated reply (finish_reason length)', async () => {
    serveContent('{"intent":"log_act', { finish_reason: 'length' });
    const r = await makeParser().parse(TEXT, ctx);
    expectFellBack(r, TEXT, /truncated/);
  });

  it('falls back on HTTP 500 (retries disabled: one request)', async () => {
    handler = (_req, res) => replyJson(res, 500, { error: { message: 'boom', type: 'server_error' } });
    const r = await makeParser({ maxRetries: 0 }).parse(TEXT, ctx);
    expectFellBack(r, TEXT, /http 500/);
    expect(received).toHaveLength(1);
  });

  it('falls back on HTTP 429 after a bounded retry', async () => {
    handler = (_req, res) =>
      replyJson(res, 429, { error: { message: 'Rate limit', type: 'rate_limit', code: 'rate_limit_exceeded' } }, { 'retry-after-ms': '10' });
    const r = await makeParser({ maxRetries: 1 }).parse(TEXT, ctx);
    expectFellBack(r, TEXT, /http 429/);
    expect(received).toHaveLength(2);
  });

  it('falls back on a timeout when the server never answers', async () => {
    handler = () => undefined; // never respond
    const started = Date.now();
    const r = await makeParser({ timeoutMs: 300, maxRetries: 1 }).parse(TEXT, ctx);
    const elapsed = Date.now() - started;
    expectFellBack(r, TEXT, /timeout/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it('falls back on a network error (nothing listening)', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const r = await makeParser({ baseURL: `http://127.0.0.1:${port}/v1` }).parse(TEXT, ctx);
    expectFellBack(r, TEXT, /network|timeout/);
  });

  it('goes straight to the fallback for empty or whitespace text (no HTTP call)', async () => {
    serveContent(JSON.stringify(GOOD_REPLY));
    for (const text of ['', '   \n\t ']) {
      const parser = makeParser();
      const r = await parser.parse(text, ctx);
      expect(r.source).toBe('rule-fallback');
      expect(fallback.calls).toEqual([{ text, ctx }]);
    }
    expect(received).toHaveLength(0);
  });

  it(`trims the message to ${MAX_INPUT_CHARS} chars before sending; the fallback still gets the full text`, async () => {
    serveContent('not json');
    const long = '拜访方舟电子。'.repeat(1000); // 7000 chars
    const r = await makeParser().parse(long, ctx);
    expect(received[0].body.messages[1].content).toHaveLength(MAX_INPUT_CHARS);
    expectFellBack(r, long, /invalid_json/);
  });

  it('repairs harmless deviations: stage label → key, local date-time → with offset, fenced JSON', async () => {
    const reply = {
      ...GOOD_REPLY,
      opportunity: { ...GOOD_REPLY.opportunity, stage: '报价' },
      nextSteps: [{ title: '给刘总发报价', dueAt: '2026-11-24T09:00:00', dueLabel: '明天' }],
    };
    serveContent('```json\n' + JSON.stringify(reply) + '\n```');
    const r = await makeParser().parse(TEXT, ctx);
    expect(r.source).toBe('openai');
    expect(r.opportunity?.stage).toBe('QUOTATION');
    expect(r.nextSteps[0].dueAt).toBe('2026-11-24T09:00:00+08:00');
  });

  it('fills zod defaults when a non-strict gateway omits optional fields', async () => {
    const { hotNote: _h, correction: _c, query: _q, deal: _d, target: _t, ...partial } = GOOD_REPLY;
    serveContent(JSON.stringify(partial));
    const r = await makeParser({ strictSchema: false }).parse(TEXT, ctx);
    expect(r.source).toBe('openai');
    expect(r.hotNote).toBeNull();
    expect(r.query).toBeNull();
    expect(received[0].body.response_format.json_schema.strict).toBe(false);
  });

  it('parses a query reply with a period', async () => {
    serveContent(
      JSON.stringify({
        ...GOOD_REPLY,
        intent: 'query',
        activity: null,
        customer: null,
        contacts: [],
        opportunity: null,
        nextSteps: [],
        hot: null,
        hotNote: null,
        query: {
          kind: 'activity_summary',
          subject: '张三',
          period: { start: '2026-11-23T00:00:00+08:00', end: '2026-11-30T00:00:00+08:00', label: '这周' },
          days: null,
        },
        confidence: 0.9,
      }),
    );
    const r = await makeParser().parse('张三这周拜访了几家', ctx);
    expect(r.source).toBe('openai');
    expect(r.query).toEqual({
      kind: 'activity_summary',
      subject: '张三',
      period: { start: '2026-11-23T00:00:00+08:00', end: '2026-11-30T00:00:00+08:00', label: '这周' },
      days: null,
    });
  });
});

describe('response schema and prompt', () => {
  it('is in the strict subset: every object closed with all properties required, no format/pattern', () => {
    const schema = buildResponseSchema();
    const walk = (s: unknown, path: string): void => {
      if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${path}[${i}]`));
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, any>;
      for (const k of ['format', 'pattern', 'minLength', 'maxLength', 'default']) expect(o[k], `${path}.${k}`).toBeUndefined();
      if (o.properties) {
        expect(o.additionalProperties, path).toBe(false);
        expect([...o.required].sort(), path).toEqual(Object.keys(o.properties).sort());
        for (const [k, v] of Object.entries(o.properties)) walk(v, `${path}.${k}`);
      }
      for (const k of ['items', 'anyOf']) if (o[k]) walk(o[k], `${path}.${k}`);
    };
    walk(schema, '$');
    const props = schema.properties as Record<string, any>;
    expect(props.source).toBeUndefined();
    const opp = props.opportunity.anyOf.find((b: any) => b.type === 'object');
    expect(opp.properties.stage.anyOf[0].enum).toEqual(getStages().map((s) => s.key));
  });

  it('states the fuzzy-time anchors computed in the context time zone', () => {
    const p = buildSystemPrompt(ctx);
    expect(p).toContain('2026-11-23T12:30:00+08:00'); // later today = now + 2h
    expect(p).toContain('2026-11-23T20:00:00+08:00'); // tonight
    expect(p).toContain('2026-11-24T14:00:00+08:00'); // tomorrow afternoon
    expect(p).toContain('2026-11-27T18:00:00+08:00'); // this week → Friday 18:00
    expect(p).toContain('2026-11-30T09:00:00+08:00'); // next week → next Monday
    expect(p).toContain('2026-12-01T09:00:00+08:00'); // next Tuesday / 1st of next month
    expect(p).toContain('2026-11-30T18:00:00+08:00'); // 月底
    for (const s of getStages()) expect(p).toContain(s.key);
  });

  it('helpers: repairDateTime and stageKeyFor', () => {
    expect(repairDateTime('2026-11-24 14:00', 'Asia/Shanghai')).toBe('2026-11-24T14:00:00+08:00');
    expect(repairDateTime('2026-11-24', 'Asia/Shanghai')).toBe('2026-11-24T09:00:00+08:00');
    expect(repairDateTime('2026-11-24T14:00:00Z', 'Asia/Shanghai')).toBe('2026-11-24T14:00:00Z');
    expect(stageKeyFor('quote', getStages())).toBe('QUOTATION');
    expect(stageKeyFor('谈判', getStages())).toBe('NEGOTIATION');
    expect(stageKeyFor('whatever', getStages())).toBeNull();
  });
});

// Providers with a JSON mode only (DeepSeek JSON Output, Qwen/DashScope, Zhipu GLM, Moonshot):
// response_format json_object, the schema and an example in the prompt, one retry on blank content.
describe('OpenAIParser in json_object mode', () => {
  it('sends json_object with the schema, the word json and a valid example in the prompt, and takes the reply', async () => {
    serveContent(JSON.stringify(GOOD_REPLY));
    const r = await makeParser({ responseFormat: 'json_object' }).parse('今天下午拜访了方舟电子刘总', ctx);
    expect(r.source).toBe('openai');
    expect(r.customer?.name).toBe('方舟电子');
    expect(received).toHaveLength(1);
    const body = received[0].body;
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.max_tokens).toBeGreaterThanOrEqual(1000);
    const system: string = body.messages[0].content;
    expect(system).toMatch(/json/);
    expect(system).toContain(JSON.stringify(buildResponseSchema(getStages())));
    // The example the prompt shows is itself a valid reply.
    const example = JSON.parse(system.split('EXAMPLE JSON OUTPUT:\n')[1]);
    expect(() => ParsedMessageSchema.parse({ ...example, source: 'openai' })).not.toThrow();
    expect(example.customer.name).toBe('方舟电子');
  });

  it('retries once when the reply is only spaces, then takes the second reply', async () => {
    let n = 0;
    handler = (_req, res) => replyJson(res, 200, completion(n++ === 0 ? '   ' : JSON.stringify(GOOD_REPLY)));
    const r = await makeParser({ responseFormat: 'json_object' }).parse('今天下午拜访了方舟电子刘总', ctx);
    expect(received).toHaveLength(2);
    expect(r.source).toBe('openai');
    expect(fallback.calls).toHaveLength(0);
  });

  it('falls back to the rules when the retry is blank too', async () => {
    serveContent('  \n ');
    const r = await makeParser({ responseFormat: 'json_object' }).parse('今天下午拜访了方舟电子刘总', ctx);
    expect(received).toHaveLength(2);
    expect(r.source).toBe('rule-fallback');
    expect(logs.join('\n')).toMatch(/empty/);
  });

  it('does not retry blank replies in json_schema mode', async () => {
    serveContent('   ');
    const r = await makeParser().parse('今天下午拜访了方舟电子刘总', ctx);
    expect(received).toHaveLength(1);
    expect(r.source).toBe('rule-fallback');
  });

  it('validates json_object replies with zod like any other (a bad intent falls back)', async () => {
    serveContent(JSON.stringify({ ...GOOD_REPLY, intent: 'bogus' }));
    const r = await makeParser({ responseFormat: 'json_object' }).parse('今天下午拜访了方舟电子刘总', ctx);
    expect(r.source).toBe('rule-fallback');
  });

  it('is chosen by OPENAI_RESPONSE_FORMAT; a wrong value is refused', async () => {
    const { createOpenAIParserFromEnv } = await import('../../src/intents/openai.js');
    const stub = new StubFallback();
    const p = createOpenAIParserFromEnv(stub, { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: baseURL, OPENAI_RESPONSE_FORMAT: 'json_object' });
    expect(p?.responseFormat).toBe('json_object');
    expect(createOpenAIParserFromEnv(stub, { OPENAI_API_KEY: 'k' })?.responseFormat).toBe('json_schema');
    expect(() => createOpenAIParserFromEnv(stub, { OPENAI_API_KEY: 'k', OPENAI_RESPONSE_FORMAT: 'xml' })).toThrow(/json_schema or json_object/);
  });
});
