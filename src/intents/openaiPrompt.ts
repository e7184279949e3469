// Prompt and response-schema builder for the OpenAI parser (src/intents/openai.ts).
//
// The model is asked for exactly ParsedMessageSchema minus `source` (which the parser sets).
// Relative dates are the error-prone part of LLM parsing, so instead of only stating the rules we
// also hand the model a pre-computed calendar (tomorrow 09:00, next Tuesday 09:00, this month's
// period, …) built with the same time-zone helpers the rule parser uses; the model copies values.
import { z } from 'zod';
import { ParsedMessageSchema, INTENTS, QUERY_KINDS, CORRECTION_FIELDS, type ParseContext } from './schema.js';
import { parseRules } from './rules/index.js';
import { getStages, type StageDef } from '../domain/stages.js';
import { DEFAULT_TZ, formatIsoLocal, fromLocal, toLocal } from '../domain/time.js';

/** The JSON-schema name sent in response_format. */
export const RESPONSE_SCHEMA_NAME = 'parsed_message';

/** Caps that keep the prompt bounded when a tenant has thousands of customers. */
const MAX_KNOWN_NAMES = 200;
const MAX_NAME_LEN = 60;

type JsonSchema = Record<string, unknown>;

// Keywords we strip from the zod-generated schema before sending it in strict mode:
// - format / pattern: z.iso.datetime() emits `format: date-time` plus a ~400-char regex. Strict
//   Structured Outputs supports only a subset of formats/regex features and OpenAI-compatible
//   gateways (DeepSeek, Qwen, vLLM, …) support even less; we validate the exact format with zod.
// - minLength / maxLength: not in the strict-mode subset for strings; zod re-checks them.
// - default: meaningless once every property is required (strict mode requires that anyway).
// - $schema: the API does not need it.
const STRIPPED_KEYWORDS = ['format', 'pattern', 'minLength', 'maxLength', 'default', '$schema'];

function isRecord(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function allowsNull(s: JsonSchema): boolean {
  const t = s.type;
  if (t === 'null' || (Array.isArray(t) && t.includes('null'))) return true;
  const any = s.anyOf;
  return Array.isArray(any) && any.some((b) => isRecord(b) && allowsNull(b));
}

/**
 * Rewrite a zod-generated JSON schema into the OpenAI strict-mode subset: every object gets
 * `additionalProperties: false` and lists all its properties in `required`; a property that was
 * optional becomes nullable instead (strict mode has no optional keys); unsupported keywords are
 * dropped (date-time strings get a description instead of `format`). Pure; returns a copy.
 */
export function toStrictSubset(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toStrictSubset);
  if (!isRecord(schema)) return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (STRIPPED_KEYWORDS.includes(k)) continue;
    out[k] = k === 'properties' || k === 'enum' || k === 'const' ? v : toStrictSubset(v);
  }
  if (schema.format === 'date-time') {
    out.description = 'ISO 8601 date-time WITH offset, e.g. 2026-11-24T09:00:00+08:00';
  }
  if (isRecord(schema.properties)) {
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const props: JsonSchema = {};
    for (const [key, sub] of Object.entries(schema.properties)) {
      let s = toStrictSubset(sub) as JsonSchema;
      if (!required.has(key) && !allowsNull(s)) s = { anyOf: [s, { type: 'null' }] };
      props[key] = s;
    }
    out.properties = props;
    out.required = Object.keys(props);
    out.additionalProperties = false;
  }
  return out;
}

/** What the model must produce: the contract minus `source`, which the parser sets itself. */
export const ModelReplySchema = ParsedMessageSchema.omit({ source: true });

const schemaCache = new Map<string, JsonSchema>();

/**
 * JSON schema for response_format. `opportunity.stage` is narrowed to the configured stage keys
 * (plus null) so constrained decoding cannot invent a stage; the result is cached per stage list.
 */
export function buildResponseSchema(stages: StageDef[] = getStages()): JsonSchema {
  const keys = stages.map((s) => s.key);
  const cacheKey = keys.join(',');
  const hit = schemaCache.get(cacheKey);
  if (hit) return hit;
  // io 'output': fields with a zod default are required in the output shape, which is what we want.
  const base = toStrictSubset(z.toJSONSchema(ModelReplySchema, { target: 'draft-7', io: 'output' })) as JsonSchema;
  const opp = ((base.properties as JsonSchema).opportunity as JsonSchema).anyOf as JsonSchema[];
  const oppObject = opp.find((b) => b.type === 'object') as JsonSchema;
  (oppObject.properties as JsonSchema).stage = {
    anyOf: [{ type: 'string', enum: keys }, { type: 'null' }],
    description: 'Stage key (never the label), or null when no stage is mentioned',
  };
  schemaCache.set(cacheKey, base);
  return base;
}

// ---------------------------------------------------------------------------------------------
// Calendar cheat sheet

const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export interface CalendarAnchors {
  now: string;
  weekday: string;
  laterToday: string;
  tonight: string;
  tomorrow: { morning: string; afternoon: string; evening: string };
  dayAfterTomorrow: string;
  thisWeekFriday: string;
  thisWeek: string[]; // Mon..Sun 09:00
  nextWeek: string[]; // Mon..Sun 09:00
  nextMonthFirst: string;
  monthEnd: string;
  periods: Record<string, { start: string; end: string }>;
}

export function calendarAnchors(now: Date, tz: string): CalendarAnchors {
  const l = toLocal(now, tz);
  const at = (y: number, m: number, d: number, h: number, min = 0) => formatIsoLocal(fromLocal(tz, y, m, d, h, min), tz);
  const day = (offset: number, h: number) => at(l.year, l.month, l.day + offset, h);
  const mondayOffset = 1 - l.weekday; // days from today to this ISO week's Monday
  const q0 = Math.floor((l.month - 1) / 3) * 3 + 1; // first month of this quarter
  const range = (s: Date, e: Date) => ({ start: formatIsoLocal(s, tz), end: formatIsoLocal(e, tz) });
  const d0 = (y: number, m: number, d: number) => fromLocal(tz, y, m, d);
  return {
    now: formatIsoLocal(now, tz),
    weekday: `${WEEKDAY_EN[l.weekday]} (${WEEKDAY_ZH[l.weekday]})`,
    laterToday: formatIsoLocal(new Date(now.getTime() + 2 * 3600_000), tz),
    tonight: day(0, 20),
    tomorrow: { morning: day(1, 9), afternoon: day(1, 14), evening: day(1, 20) },
    dayAfterTomorrow: day(2, 9),
    thisWeekFriday: day(mondayOffset + 4, 18),
    thisWeek: [0, 1, 2, 3, 4, 5, 6].map((i) => day(mondayOffset + i, 9)),
    nextWeek: [0, 1, 2, 3, 4, 5, 6].map((i) => day(mondayOffset + 7 + i, 9)),
    nextMonthFirst: at(l.year, l.month + 1, 1, 9),
    monthEnd: at(l.year, l.month + 1, 0, 18),
    periods: {
      'today (今天)': range(d0(l.year, l.month, l.day), d0(l.year, l.month, l.day + 1)),
      'yesterday (昨天)': range(d0(l.year, l.month, l.day - 1), d0(l.year, l.month, l.day)),
      'this week (本周/这周)': range(d0(l.year, l.month, l.day + mondayOffset), d0(l.year, l.month, l.day + mondayOffset + 7)),
      'last week (上周)': range(d0(l.year, l.month, l.day + mondayOffset - 7), d0(l.year, l.month, l.day + mondayOffset)),
      'next week (下周)': range(d0(l.year, l.month, l.day + mondayOffset + 7), d0(l.year, l.month, l.day + mondayOffset + 14)),
      'this month (本月/这个月)': range(d0(l.year, l.month, 1), d0(l.year, l.month + 1, 1)),
      'last month (上月/上个月)': range(d0(l.year, l.month - 1, 1), d0(l.year, l.month, 1)),
      'next month (下月/下个月)': range(d0(l.year, l.month + 1, 1), d0(l.year, l.month + 2, 1)),
      'this quarter (本季度)': range(d0(l.year, q0, 1), d0(l.year, q0 + 3, 1)),
      'last quarter (上季度)': range(d0(l.year, q0 - 3, 1), d0(l.year, q0, 1)),
      'next quarter (下季度)': range(d0(l.year, q0 + 3, 1), d0(l.year, q0 + 6, 1)),
      'this year (今年)': range(d0(l.year, 1, 1), d0(l.year + 1, 1, 1)),
    },
  };
}

function nameList(names: string[] | undefined): string | null {
  if (!names || names.length === 0) return null;
  const cleaned = [...new Set(names.map((n) => n.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LEN)).filter(Boolean))];
  const shown = cleaned.slice(0, MAX_KNOWN_NAMES);
  const more = cleaned.length - shown.length;
  return shown.map((n) => JSON.stringify(n)).join(', ') + (more > 0 ? ` (+${more} more not listed)` : '');
}

// ---------------------------------------------------------------------------------------------
// System prompt

export function buildSystemPrompt(ctx: ParseContext, stages: StageDef[] = getStages()): string {
  const tz = ctx.timezone || DEFAULT_TZ;
  const c = calendarAnchors(ctx.now, tz);
  const stageLines = stages
    .map((s) => {
      const syn = s.synonyms.length ? `; synonyms: ${s.synonyms.join(', ')}` : '';
      const closes = s.closes ? `; closes the deal as ${s.closes}` : '';
      return `- ${s.key}: 中文「${s.zh}」, English "${s.en}"${syn}${closes}`;
    })
    .join('\n');
  const wk = (arr: string[]) => arr.map((v, i) => `  - ${WEEKDAY_ZH[i + 1]} / ${WEEKDAY_EN[i + 1]}: ${v}`).join('\n');
  const periods = Object.entries(c.periods)
    .map(([k, v]) => `  - ${k}: start ${v.start}, end ${v.end}`)
    .join('\n');
  const customers = nameList(ctx.knownCustomers);
  const users = nameList(ctx.knownUsers);

  return `You are the message parser of 销售助手, a chat sales assistant used by sales reps of small Chinese companies (messages are mostly Chinese, sometimes English). Convert ONE chat message from a sales rep into a single JSON object that follows the provided JSON schema exactly. Output only data; never answer the question, never invent facts that are not in the message.

# Reference time
- Now: ${c.now} (${c.weekday}), time zone ${tz}. All relative words resolve against this instant, in this time zone.
- Every date-time you output MUST be ISO 8601 with seconds and an explicit offset, like ${c.now}.

# Intents (field "intent")
- log_activity: a customer interaction happened (拜访/见了/电话/微信/开会/发邮件…). May also carry customer, contacts, opportunity info, next steps and hot flag. Requires "activity".
- create_task: only a future action or reminder, nothing happened yet ("明天给刘总打电话", "remind me to send the quote Friday"). Requires at least one "nextSteps" item; "activity" is null.
- update_opportunity: stage / amount / expected close date changed without a new interaction ("方舟电子进入报价阶段，金额30万").
- mark_hot: mark (hot=true) or unmark (hot=false) a customer as hot (设为热点客户 / 取消热点).
- record_deal: contract signed (签约/签合同) and/or payment received (回款/首付款到账). Requires "deal".
- set_target: set a sales target ("设置本月目标 张三 50万"). Requires "target".
- query: any question answered from the CRM data (我的待办, 客户 方舟电子, 本月漏斗, 排名…). Requires "query".
- correction: fixes a record ("金额改成40万", "不是刘兵，是刘冰"). Requires "correction". When it names a customer ("把蓝湾酒店的金额改成18万", "远大能源阶段改成报价，预计下月初签") set "customer" to that name and put every stated deal field in "opportunity" as well: it changes that customer's deal. Without a name "customer" is null: it applies to the sender's last record.
- undo: 撤销 / 撤回 / undo the last record.
- help: asks how to use the assistant (帮助, 怎么用, help).
- unknown: greetings, chit-chat or anything that fits nothing above (confidence low).
When a message both reports an interaction and plans a next step, use log_activity (with nextSteps).

# Fields
- language: "zh" if the message is mainly Chinese, else "en".
- activity: {type, occurredAt, summary} or null. type: VISIT (拜访/上门/见面), CALL (电话), WECHAT (微信), MEETING (会议/线上会/演示), EMAIL (邮件), OTHER. summary: what happened in the rep's own words, minus the parts captured elsewhere; never empty.
- customer: {name} — the customer company (or person for individual customers), exactly as written; prefer the matching known customer name when one is clearly meant. null if none.
- contacts: people at the customer mentioned in the message: {name, title (职位 such as 总经理/采购经理/CTO, or null), role, phone (a phone number given for that person, digits as written, else null), wechat (a WeChat ID given for that person, else null)}. role: DECISION_MAKER (老板/总经理/拍板的人), USER (使用部门), TECHNICAL (IT/技术评估), COACH (内线/支持我们的人), OTHER. Use the name as written (刘总 → name "刘总", title null unless stated). [] when none. Never list the sender or our own colleagues.
- opportunity: null unless stage, amount, expected close date, qualification or grade is mentioned. stage: one of the stage keys below (never a label), or null. amount: number in yuan, or null — our deal's value only: never a figure the customer wants, asks for or offers (老板想把价格压到25万, 还价50万, 只能接受45万, "they want it under 250k", "countered at 88k"; a price already agreed, 从85万压到了78万, is ours), a competitor's price, or a figure said with a loss (丢单了，预算只有20万 → amount null, the figure stays in lostReason). currency: ISO code, "CNY" unless another currency is stated. expectedCloseDate: date-time or null (预计/争取X月签 → that date per the rules below). qualification: VALUABLE / NOT_VALUABLE / UNSURE (有价值/没价值/不确定) or null. grade: BIG / NORMAL / SMALL (大单/普通/小单) or null.
- nextSteps: planned follow-ups: {title (short imperative, e.g. "给刘总发报价"), dueAt (date-time or null), dueLabel (the rep's own words for the time, e.g. "明天", "下周二前", "by Friday"; null if no time was said)}. [] when none.
- hot: true when the customer should be marked hot (热点/重点跟进/hot), false when unmarked, else null. hotNote: why it is hot in the rep's words (e.g. "10月10日左右签单"), else null.
- parts: ONLY for a message about two or more customers ("今天跑了三家：A…；B…；C…"): one entry per customer, in the order named: {customer {name, evidence}, summary (the rep's words about that customer only), contacts, opportunity, nextSteps, hot} holding only what was said about THAT customer. Then the top-level customer and opportunity are null, and the top-level contacts / nextSteps list every part's plus any said of several customers together. A fact said about several customers at once ("两家的报价都周四前发") goes in no part (top level only); never attach a fact to a customer it was not said about. [] for a message about one customer or none.
- correction: {field, from, to} for intent correction, else null. field: one of ${CORRECTION_FIELDS.join(', ')}. from: the wrong value if named, else null. to: the new value as text; amounts as a plain number string in yuan ("400000"); stage as a stage key; dates as a date-time; activity_type as VISIT/CALL/…; contact_role (a contact's title or buying role was wrong: "刘兵不是技术负责人，是采购"): from/to are the old and new title, and "contacts" holds that one contact with the new title and role
- query: {kind, subject, period, days} for intent query, else null. kind: one of ${QUERY_KINDS.join(', ')} (my_tasks=我的待办, customer=客户时间线, funnel=漏斗, activity_summary=谁做了什么/拜访了几家, ranking=排名, stalled=停滞的单子, target=目标完成率, forecast=预测, churn=可能流失, rfm=RFM分层, receivables=应收/回款, hot_customers=热点客户, daily_report=日报, period_report=周报/月报, closing_deals=本月/本季度要签的单子, performance=某人的业绩怎么样, customers=某人的客户有哪些, forgotten_customers=哪些客户没跟进, lost_reasons=丢单原因分析/竞品, payment_plans=回款计划/逾期回款, other). subject: the customer name (kind customer) or a person's name (张三这周…, 李娜的热点客户), else null (我/我的 = the sender: null). period: {start (inclusive), end (exclusive), label (the words used: 本月, 这周, this month…)} or null when no period was said. days: integer threshold such as 14 in 停滞超过14天, else null.
- deal: {contractAmount, paymentAmount, currency} for record_deal, else null. Amounts positive numbers in yuan or null.
- target: {userName (a person's name, or null for the sender / the team), team (true for 团队/全组 targets), amount, period} for set_target, else null.
- confidence: 0..1. Use >= 0.8 only when intent and key fields are unambiguous; < 0.5 when guessing.

# Amounts
Numbers in yuan: 30万 → 300000, 1.5万 → 15000, 2千/2k → 2000, 1亿 → 100000000, 三十万 → 300000, 50w → 500000, $20k → 20000 with currency "USD".

# Sales stages (opportunity.stage must be one of these keys)
${stageLines}

# Fuzzy times for next steps / close dates (in ${tz})
- 今天稍后 / later today → now + 2h = ${c.laterToday}
- 今晚 / tonight → 20:00 today = ${c.tonight}
- 明天 / tomorrow → tomorrow 09:00 = ${c.tomorrow.morning}; 明天上午 → 09:00; 明天下午 → 14:00 = ${c.tomorrow.afternoon}; 明天晚上 → 20:00 = ${c.tomorrow.evening}
- 后天 → ${c.dayAfterTomorrow}
- 本周内 / 这周 / this week → Friday 18:00 of this ISO week = ${c.thisWeekFriday}
- 下周 / next week → next Monday 09:00 = ${c.nextWeek[0]}
- 下周X / next <weekday> → that weekday of next ISO week at 09:00:
${wk(c.nextWeek)}
- 周X / 这周X / this <weekday> → that weekday of this ISO week at 09:00:
${wk(c.thisWeek)}
- 下月 / 下个月 / next month → 1st of next month 09:00 = ${c.nextMonthFirst}
- 月底 / end of month → last day of this month 18:00 = ${c.monthEnd}
- An explicit date (11月24日, 24号, Nov 24, 2026-11-24) → 09:00 that day (an explicit time of day wins, e.g. 11月24日下午3点 → 15:00). Dates without a year are the next such date on or after today.
- "X前" / "by X" means the same instant as X.
- No time mentioned → dueAt null, dueLabel null.

# Activity time (activity.occurredAt, in ${tz})
- Today with a part of day: 上午 → 10:00, 中午 → 12:00, 下午 → 15:00, 晚上 → 19:00. An explicit clock time wins (下午3点 → 15:00).
- Today with no time (or no day mentioned at all) → now = ${c.now}.
- 昨天 / yesterday, 前天, or a past date → that day with the same part-of-day rules (10:00 when no part of day is said).

# Periods for queries and targets (start inclusive, end exclusive)
${periods}
Quarters are calendar quarters; weeks are ISO weeks (Monday start).
${customers ? `\n# Known customers of the sender\n${customers}\n` : ''}${users ? `\n# Known users (sales reps / colleagues)\n${users}\nA known user's name is a person (query subject or target userName), not a customer contact.\n` : ''}
# Output rules
- Include every field of the schema; use null / [] for anything not mentioned.
- intent must be one of: ${INTENTS.join(', ')}.
- Keep names exactly as written (no translation, no pinyin).`;
}

// ---------------------------------------------------------------------------------------------
// JSON mode (response_format json_object): the model sees no schema through the API, so the prompt
// carries it, says "json" (DeepSeek requires the word), and shows one worked example. The example
// is produced by the offline rule parser for a fixed message at the same reference time, so it is
// always a valid reply of the current schema and stage list.

const EXAMPLE_INPUT = '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案';

export function jsonModeInstructions(ctx: ParseContext, stages: StageDef[] = getStages()): string {
  const example = exampleReply(ctx);
  return `

# Output format: json
Reply with exactly one JSON object and nothing else (no markdown, no code fence, no comments). The json must follow this JSON Schema:
${JSON.stringify(buildResponseSchema(stages))}

EXAMPLE INPUT:
${EXAMPLE_INPUT}

EXAMPLE JSON OUTPUT:
${JSON.stringify(example)}`;
}

function exampleReply(ctx: ParseContext): Record<string, unknown> {
  const { source: _source, ...rest } = parseRules(EXAMPLE_INPUT, { now: ctx.now, timezone: ctx.timezone });
  return rest;
}
