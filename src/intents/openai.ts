// LLM message parser: OpenAI Chat Completions with Structured Outputs (response_format
// json_schema), returning exactly the ParsedMessage contract of src/intents/schema.ts. Any failure
// (network, timeout, HTTP error, refusal, truncated/invalid JSON, zod validation, inconsistent
// intent) falls back to the offline parser, with source 'rule-fallback'.
//
// API choice: `client.chat.completions.create` rather than the Responses API, because Chat
// Completions + response_format is what OpenAI-compatible gateways (Azure, DeepSeek, Qwen,
// vLLM, one-api…) implement, and OPENAI_BASE_URL may point at one of them. We do not use
// `chat.completions.parse` / `openai/helpers/zod` (it does support zod 4 in openai v6) because its
// generated schema keeps `format: date-time` plus a huge regex `pattern` and would make the model
// produce `source`; we build the schema ourselves (see openaiPrompt.ts) and validate the reply
// with ParsedMessageSchema.safeParse so the result is the very same type the rule parser returns.
//
// Response formats: `json_schema` (default; OpenAI, Azure, vLLM…) sends the schema for constrained
// decoding. `json_object` is for providers that only have a JSON mode (DeepSeek's JSON Output,
// Qwen/DashScope compatible mode, Zhipu GLM, Moonshot): the schema and a worked example go into the
// prompt (which must contain the word "json"), zod validates the reply as always, and a blank reply
// — DeepSeek answers JSON mode with only spaces when the model strays — is retried once.
//
// Strict mode: ON by default. The schema is transformed into the strict subset (all properties
// required, optional → nullable, additionalProperties:false, no format/pattern/length keywords),
// so OpenAI's constrained decoding guarantees well-formed JSON of the right shape and stage keys
// from the configured list. What strict mode cannot express (ISO date-time with offset, string
// lengths, cross-field consistency) is enforced by zod afterwards. `strictSchema: false` exists for
// gateways that reject strict schemas; zod validation then does all the work.
import OpenAI from 'openai';
import { ParsedMessageSchema, type MessageParser, type ParseContext, type ParsedMessage } from './schema.js';
import { getStages, type StageDef } from '../domain/stages.js';
import { DEFAULT_TZ, formatIsoLocal, fromLocal } from '../domain/time.js';
import { RESPONSE_SCHEMA_NAME, buildResponseSchema, buildSystemPrompt, jsonModeInstructions } from './openaiPrompt.js';

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
export type ResponseFormat = 'json_schema' | 'json_object';
/** Room for the JSON reply; JSON mode needs it set so that a long reply is not cut mid-object. */
const MAX_REPLY_TOKENS = 2000;
export const DEFAULT_OPENAI_TIMEOUT_MS = 15_000;
/** Messages longer than this are cut before sending (chat messages are short; this bounds cost). */
export const MAX_INPUT_CHARS = 4000;

export interface OpenAIParserOptions {
  apiKey: string;
  /** OpenAI-compatible endpoint; when omitted the SDK uses OPENAI_BASE_URL or api.openai.com. */
  baseURL?: string;
  /** Default: env OPENAI_MODEL or 'gpt-4o-mini'. */
  model?: string;
  /** Overall deadline for one parse (including SDK retries). Default 15000. */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx/connection errors, bounded by timeoutMs. Default 1. */
  maxRetries?: number;
  /** Send the schema with strict: true (default). Set false for gateways that reject strict schemas. */
  strictSchema?: boolean;
  /** 'json_schema' (default) or 'json_object' for providers with a JSON mode only (DeepSeek, Qwen, GLM, Moonshot). */
  responseFormat?: ResponseFormat;
  /** Used for empty input and on any failure. */
  fallback: MessageParser;
  /** Receives one line per fallback/anomaly; never the API key or the message text. Default: console.warn. */
  log?: (msg: string) => void;
}

/** Why a reply was rejected; the message goes to the log, never to the user. */
class ParseFailure extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(detail);
  }
}

export class OpenAIParser implements MessageParser {
  readonly name = 'openai';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly strictSchema: boolean;
  readonly responseFormat: ResponseFormat;
  private readonly fallback: MessageParser;
  private readonly log: (msg: string) => void;

  constructor(opts: OpenAIParserOptions) {
    if (!opts.apiKey) throw new Error('OpenAIParser: apiKey is required');
    this.model = opts.model || process.env.OPENAI_MODEL || DEFAULT_OPENAI_MODEL;
    this.timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_OPENAI_TIMEOUT_MS;
    this.strictSchema = opts.strictSchema ?? true;
    this.responseFormat = opts.responseFormat ?? 'json_schema';
    this.fallback = opts.fallback;
    this.log = opts.log ?? ((m) => console.warn(m));
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
      timeout: this.timeoutMs,
      maxRetries: Math.max(0, Math.min(opts.maxRetries ?? 1, 3)),
    });
  }

  async parse(text: string, ctx: ParseContext): Promise<ParsedMessage> {
    if (!text || !text.trim()) return this.useFallback(text, ctx, null);
    const started = Date.now();
    try {
      const result = await this.callModel(text, ctx);
      return result;
    } catch (err) {
      return this.useFallback(text, ctx, { err, ms: Date.now() - started });
    }
  }

  private async useFallback(
    text: string,
    ctx: ParseContext,
    failure: { err: unknown; ms: number } | null,
  ): Promise<ParsedMessage> {
    if (failure) {
      this.log(
        `[openai-parser] falling back to ${this.fallback.name}: ${describeError(failure.err)} ` +
          `(model=${this.model}, chars=${text.length}, ${failure.ms}ms)`,
      );
    }
    const parsed = await this.fallback.parse(text, ctx);
    return { ...parsed, source: 'rule-fallback' };
  }

  private async callModel(text: string, ctx: ParseContext): Promise<ParsedMessage> {
    try {
      return await this.callOnce(text, ctx);
    } catch (err) {
      // JSON mode sometimes answers with blank content; one more try, inside the same overall budget.
      if (this.responseFormat === 'json_object' && err instanceof ParseFailure && err.kind === 'empty') return this.callOnce(text, ctx);
      throw err;
    }
  }

  private async callOnce(text: string, ctx: ParseContext): Promise<ParsedMessage> {
    const tz = ctx.timezone || DEFAULT_TZ;
    const stages = getStages();
    const input = clip(text.trim(), MAX_INPUT_CHARS);
    const jsonMode = this.responseFormat === 'json_object';

    // One deadline for the whole call: the SDK's own `timeout` is per attempt and its retry sleeps
    // (e.g. a long Retry-After on 429) ignore the abort signal, so we also race a timer.
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ParseFailure('timeout', `no reply within ${this.timeoutMs}ms`));
      }, this.timeoutMs);
    });
    const request = this.client.chat.completions.create(
      {
        model: this.model,
        messages: [
          { role: 'system', content: buildSystemPrompt({ ...ctx, timezone: tz }, stages) + (jsonMode ? jsonModeInstructions({ ...ctx, timezone: tz }, stages) : '') },
          { role: 'user', content: input },
        ],
        response_format: jsonMode
          ? { type: 'json_object' }
          : {
              type: 'json_schema',
              json_schema: {
                name: RESPONSE_SCHEMA_NAME,
                description: 'One chat message from a sales rep, parsed into structured data',
                strict: this.strictSchema,
                schema: buildResponseSchema(stages),
              },
            },
        max_tokens: MAX_REPLY_TOKENS,
        // Reasoning models (o-series, gpt-5) reject a non-default temperature.
        ...(/^(o\d|gpt-5)/i.test(this.model) ? {} : { temperature: 0 }),
      },
      { signal: controller.signal },
    );
    request.catch(() => undefined); // the race below may settle first; avoid an unhandled rejection
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await Promise.race([request, deadline]);
    } finally {
      clearTimeout(timer);
    }

    const choice = completion.choices?.[0];
    if (!choice) throw new ParseFailure('empty', 'reply has no choices');
    if (choice.message?.refusal) throw new ParseFailure('refusal', 'model refused');
    if (choice.finish_reason === 'length') throw new ParseFailure('truncated', 'reply hit the token limit');
    if (choice.finish_reason === 'content_filter') throw new ParseFailure('content_filter', 'reply was filtered');
    const content = choice.message?.content;
    if (!content || !content.trim()) throw new ParseFailure('empty', 'reply has no content');

    let json: unknown;
    try {
      json = JSON.parse(stripCodeFence(content));
    } catch {
      throw new ParseFailure('invalid_json', `reply is not JSON (${content.length} chars)`);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      throw new ParseFailure('invalid_json', 'reply is not a JSON object');
    }

    const repaired = repairReply(json as Record<string, unknown>, tz, stages);
    const checked = ParsedMessageSchema.safeParse({ ...repaired, source: 'openai' });
    if (!checked.success) {
      const issues = checked.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`)
        .join('; ');
      throw new ParseFailure('schema', issues);
    }
    const problem = consistencyProblem(checked.data);
    if (problem) throw new ParseFailure('inconsistent', problem);
    return checked.data;
  }
}

/**
 * Build the parser from the environment, or null when OPENAI_API_KEY is not set (the app then
 * runs on the rule parser alone). Env: OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL,
 * OPENAI_TIMEOUT_MS.
 */
export function createOpenAIParserFromEnv(
  fallback: MessageParser,
  env: NodeJS.ProcessEnv = process.env,
  log?: (msg: string) => void,
): OpenAIParser | null {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return null;
  const timeout = Number(env.OPENAI_TIMEOUT_MS);
  const format = env.OPENAI_RESPONSE_FORMAT?.trim().toLowerCase();
  if (format && format !== 'json_schema' && format !== 'json_object') {
    throw new Error(`OPENAI_RESPONSE_FORMAT must be json_schema or json_object, not "${env.OPENAI_RESPONSE_FORMAT}"`);
  }
  return new OpenAIParser({
    apiKey,
    baseURL: env.OPENAI_BASE_URL?.trim() || undefined,
    model: env.OPENAI_MODEL?.trim() || DEFAULT_OPENAI_MODEL,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_OPENAI_TIMEOUT_MS,
    strictSchema: env.OPENAI_STRICT_SCHEMA?.trim() === 'false' ? false : undefined,
    responseFormat: (format as ResponseFormat | undefined) ?? 'json_schema',
    fallback,
    log,
  });
}

// ---------------------------------------------------------------------------------------------
// helpers (exported for tests)

function describeError(err: unknown): string {
  if (err instanceof ParseFailure) return `${err.kind}: ${err.message}`;
  if (err instanceof OpenAI.APIUserAbortError) return 'timeout: request aborted';
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'timeout: connection timed out';
  if (err instanceof OpenAI.APIConnectionError) return 'network: connection failed';
  if (err instanceof OpenAI.APIError) {
    // err.message may echo server text but never the request body or our key.
    return `http ${err.status ?? '?'}${err.code ? ` ${err.code}` : ''}`;
  }
  return `error: ${err instanceof Error ? err.name : typeof err}`;
}

/** Cut to `max` UTF-16 units without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/** Non-strict gateways sometimes wrap JSON in ```json fences. */
function stripCodeFence(s: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(s);
  return m ? m[1] : s;
}

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** "2026-11-24T09:00" / "2026-11-24" (no offset) → the same wall time in `tz`, with offset. */
export function repairDateTime(v: unknown, tz: string): unknown {
  if (typeof v !== 'string') return v;
  const m = LOCAL_DATETIME.exec(v.trim());
  if (!m) return v;
  const [, y, mo, d, h, mi, s] = m;
  const inst = fromLocal(tz, Number(y), Number(mo), Number(d), h ? Number(h) : 9, mi ? Number(mi) : 0, s ? Number(s) : 0);
  return formatIsoLocal(inst, tz);
}

/**
 * Small, safe repairs before validation (never guesses content): add the zone offset to local
 * date-times, map a stage label/synonym to its key (unknown stage → null), and fill `[]` for
 * missing arrays when a non-strict gateway omitted them.
 */
export function repairReply(reply: Record<string, unknown>, tz: string, stages: StageDef[]): Record<string, unknown> {
  const r: Record<string, unknown> = structuredClone(reply);
  const obj = (v: unknown): Record<string, unknown> | null =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const fixDate = (o: Record<string, unknown> | null, key: string) => {
    if (o && key in o) o[key] = repairDateTime(o[key], tz);
  };
  if (!Array.isArray(r.contacts)) r.contacts = r.contacts ?? [];
  if (!Array.isArray(r.nextSteps)) r.nextSteps = r.nextSteps ?? [];
  fixDate(obj(r.activity), 'occurredAt');
  const opp = obj(r.opportunity);
  fixDate(opp, 'expectedCloseDate');
  if (opp && typeof opp.stage === 'string') opp.stage = stageKeyFor(opp.stage, stages);
  if (Array.isArray(r.nextSteps)) for (const n of r.nextSteps) fixDate(obj(n), 'dueAt');
  for (const holder of [obj(r.query), obj(r.target)]) {
    const p = obj(holder?.period);
    fixDate(p, 'start');
    fixDate(p, 'end');
  }
  const corr = obj(r.correction);
  if (corr && corr.field === 'stage' && typeof corr.to === 'string') corr.to = stageKeyFor(corr.to, stages) ?? corr.to;
  return r;
}

export function stageKeyFor(value: string, stages: StageDef[]): string | null {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  const hit = stages.find(
    (s) => s.key.toLowerCase() === v || s.zh.toLowerCase() === v || s.en.toLowerCase() === v || s.synonyms.some((w) => w.toLowerCase() === v),
  );
  return hit ? hit.key : null;
}

/** Intent-specific payload the domain handlers rely on; a reply missing it is not trusted. */
export function consistencyProblem(p: ParsedMessage): string | null {
  switch (p.intent) {
    case 'log_activity':
      return p.activity ? null : 'log_activity without activity';
    case 'create_task':
      return p.nextSteps.length > 0 ? null : 'create_task without nextSteps';
    case 'record_deal':
      return p.deal ? null : 'record_deal without deal';
    case 'set_target':
      return p.target ? null : 'set_target without target';
    case 'query':
      return p.query ? null : 'query without query';
    case 'correction':
      return p.correction ? null : 'correction without correction';
    case 'mark_hot':
      return p.hot === null ? 'mark_hot without hot' : null;
    default:
      return null;
  }
}
