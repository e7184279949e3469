// The one shape every parser (rule-based or LLM) must return. Domain services consume only this,
// so the OpenAI parser and the offline parser are interchangeable. Times are ISO 8601 strings
// with offset; amounts are numbers in yuan (or the stated currency).
import { z } from 'zod';

export const INTENTS = [
  'log_activity', // a visit/call/… happened (may also carry contacts, opportunity, next steps, hot)
  'create_task', // only a next step / reminder ("明天给刘总打电话")
  'update_opportunity', // stage/amount/close date change without a new activity
  'mark_hot', // 设为热点客户 / unmark
  'record_deal', // 签约 / 回款: contract signed and/or payment received
  'set_target', // 设置本月目标 张三 50万
  'query', // any question answered from the database (see QueryKind)
  'correction', // 金额改成40万 / 不是刘兵,是刘冰 — applies to the sender's last record
  'undo', // 撤销 / undo
  'help',
  'unknown',
] as const;
export const IntentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof IntentSchema>;

export const ActivityTypeSchema = z.enum(['VISIT', 'CALL', 'WECHAT', 'MEETING', 'EMAIL', 'OTHER']);
export const ContactRoleSchema = z.enum(['DECISION_MAKER', 'USER', 'TECHNICAL', 'COACH', 'OTHER']);

const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * The largest amount the system stores: 1万亿 (10^12) in the stated currency. The columns hold
 * up to 10^14; the cap keeps sums and typos ("预计九千万亿") away from that edge. Parsers must not
 * emit more (the rule parser leaves such amounts out, an LLM answer fails validation) and the
 * assistant answers a message naming a bigger amount with a clear "not recorded" reply.
 */
export const MAX_AMOUNT = 1e12;
/** A money amount: finite, within the cap. */
export const AmountSchema = z.number().nonnegative().max(MAX_AMOUNT);
const PositiveAmount = z.number().positive().max(MAX_AMOUNT);

export const ActivitySchema = z.object({
  type: ActivityTypeSchema,
  occurredAt: IsoDateTime,
  /** What happened, in the rep's words minus the parts captured elsewhere (never empty). */
  summary: z.string().min(1),
});

/**
 * How a customer name was found, so the assistant can ask instead of guessing:
 * - known:   one of the sender's existing customers (or its alias) is named;
 * - clear:   a company-like name in a clear position (拜访了X, X的王总, visited X) or with an
 *            organisation word (电子, 医院, Ltd);
 * - weak:    a guess from position alone, e.g. a short word that may be a place or a product.
 * The assistant never creates a customer from a weak guess without asking.
 */
export const CustomerEvidenceSchema = z.enum(['known', 'clear', 'weak']);
export type CustomerEvidence = z.infer<typeof CustomerEvidenceSchema>;

export const CustomerRefSchema = z.object({
  name: z.string().min(1).max(200),
  evidence: CustomerEvidenceSchema.default('clear'),
});

export const ContactSchema = z.object({
  name: z.string().min(1).max(100),
  title: z.string().max(100).nullable(),
  role: ContactRoleSchema,
  /** A phone number the rep gave for this person ("他手机是139…"), digits as written, or null/absent. */
  phone: z.string().max(40).nullable().optional(),
  /** A WeChat ID the rep gave for this person ("微信liubing88"), or null/absent. */
  wechat: z.string().max(100).nullable().optional(),
});

export const OpportunitySchema = z.object({
  /** A stage key from src/domain/stages.ts (e.g. QUOTATION), or null when not mentioned. */
  stage: z.string().nullable(),
  amount: AmountSchema.nullable(),
  currency: z.string().length(3).default('CNY'),
  expectedCloseDate: IsoDateTime.nullable(),
  qualification: z.enum(['VALUABLE', 'NOT_VALUABLE', 'UNSURE']).nullable().default(null),
  grade: z.enum(['BIG', 'NORMAL', 'SMALL']).nullable().default(null),
  /** Why the deal was lost, in the rep's words ("被竞品低价抢走"), when the stage is a loss. */
  lostReason: z.string().max(500).nullable().default(null),
});

export const NextStepSchema = z.object({
  title: z.string().min(1).max(500),
  dueAt: IsoDateTime.nullable(),
  /** The rep's own words for the time (明天, 下周二前, by Friday), or null. */
  dueLabel: z.string().nullable(),
  /** A colleague the step is for ("让张三明天回访方舟电子" → 张三), or null for the sender. */
  assignee: z.string().max(100).nullable().default(null),
});

// contact_role: a contact's title / buying role ("刘兵不是技术负责人，是采购"): from/to are the old and
// new title, and the contact (name, new title, new role) is contacts[0].
export const CORRECTION_FIELDS = ['amount', 'contact_name', 'customer_name', 'stage', 'expected_close_date', 'activity_type', 'due_at', 'contact_role'] as const;
export const CorrectionSchema = z.object({
  field: z.enum(CORRECTION_FIELDS),
  /** The wrong value when the rep named it ("不是刘兵"), else null. */
  from: z.string().nullable(),
  /** The new value as text; amounts are normalised to a plain number string in yuan ("400000"). */
  to: z.string().min(1),
  /** due_at: the step the rep names ("样机改成下周一寄" → 样机), when the last record may have several. */
  about: z.string().max(100).nullable().optional(),
});

export const QUERY_KINDS = [
  'my_tasks', // 我的待办
  'customer', // 客户 方舟电子 (timeline)
  'funnel', // 本月漏斗 / pipeline by stage
  'activity_summary', // 张三这周拜访了几家 / who did what this week
  'ranking', // 本月排名
  'stalled', // 哪些单子停滞超过14天
  'target', // 目标完成率
  'forecast', // 下季度预测
  'churn', // 哪些客户可能流失
  'rfm', // RFM 客户分层
  'receivables', // 应收 / 回款情况
  'hot_customers', // 我的热点客户
  'daily_report', // 今天的日报
  'period_report', // 本周周报 / 本月月报 / 李娜的周报
  'closing_deals', // 这个月要签的单子有哪些 / deals closing this quarter
  'performance', // 王强这个月的业绩怎么样 / 我的业绩
  'customers', // 张三的客户有哪些 / 我的客户
  'forgotten_customers', // 哪些客户没跟进 / 超过30天没跟进的客户
  'lost_reasons', // 丢单原因分析 / 输给了哪些竞品
  'payment_plans', // 回款计划 / 哪些回款逾期了
  'other',
] as const;
export const QueryKindSchema = z.enum(QUERY_KINDS);
export type QueryKind = z.infer<typeof QueryKindSchema>;

export const PeriodSchema = z.object({
  /** Inclusive start, exclusive end, ISO with offset. */
  start: IsoDateTime,
  end: IsoDateTime,
  /** What the user said: 本月, 这周, 下季度, this month… */
  label: z.string(),
});
export type Period = z.infer<typeof PeriodSchema>;

export const QuerySchema = z.object({
  kind: QueryKindSchema,
  /** A customer name (kind=customer) or a person's display name (张三这周…), else null. */
  subject: z.string().nullable(),
  period: PeriodSchema.nullable(),
  /** Numeric parameter such as the day threshold in 停滞超过14天. */
  days: z.number().int().positive().nullable().default(null),
});

export const DealSchema = z.object({
  /** Contract amount signed now, or null. */
  contractAmount: PositiveAmount.nullable(),
  /** Payment received now (首付款20万已到), or null. */
  paymentAmount: PositiveAmount.nullable(),
  /** Payments planned for later (回款计划：12月底收尾款10万) — not money received. */
  plannedPayments: z
    .array(z.object({ amount: PositiveAmount, dueAt: IsoDateTime.nullable(), label: z.string().nullable() }))
    .max(20)
    .default([]),
  currency: z.string().length(3).default('CNY'),
});

export const TargetSchema = z.object({
  /** Display name of the rep, or null for the sender / the sender's team when team=true. */
  userName: z.string().nullable(),
  team: z.boolean().default(false),
  amount: PositiveAmount,
  period: PeriodSchema,
});

/**
 * One customer's share of a message that talks about several ("今天跑了三家：恒通物流…；天瑞化工…；
 * 远大能源…"). Each part becomes its own record set (activity, contacts, deal, steps) on its
 * own customer; the whole message is still one unit for undo.
 */
export const CustomerPartSchema = z.object({
  customer: CustomerRefSchema,
  /** The rep's words about this customer (used as that activity's summary), or null. */
  summary: z.string().nullable(),
  contacts: z.array(ContactSchema).max(20),
  opportunity: OpportunitySchema.nullable(),
  nextSteps: z.array(NextStepSchema).max(20),
  hot: z.boolean().nullable(),
  /** When this customer's share happened, when the rep gave it its own time ("上午A…，下午B…"); else the message's activity time. */
  occurredAt: IsoDateTime.nullable().default(null),
  /** The kind of contact this customer's share was: its own words ("晚上又给B打了电话"), else the
   * list's heading verb ("今天见了两个客户：…"); null leaves it to the message's activity. */
  activityType: ActivityTypeSchema.nullable().default(null),
});
export type ParsedCustomerPart = z.infer<typeof CustomerPartSchema>;

export const ParsedMessageSchema = z.object({
  intent: IntentSchema,
  language: z.enum(['zh', 'en']),
  activity: ActivitySchema.nullable(),
  customer: CustomerRefSchema.nullable(),
  contacts: z.array(ContactSchema).max(20),
  opportunity: OpportunitySchema.nullable(),
  nextSteps: z.array(NextStepSchema).max(20),
  /** true: mark hot, false: unmark, null: not mentioned. */
  hot: z.boolean().nullable(),
  /** Why it is hot, e.g. "10月10日左右签单". */
  hotNote: z.string().nullable().default(null),
  correction: CorrectionSchema.nullable().default(null),
  query: QuerySchema.nullable().default(null),
  deal: DealSchema.nullable().default(null),
  target: TargetSchema.nullable().default(null),
  /**
   * Several customers in one message: one part each (two or more). Then `customer` and
   * `opportunity` are null, and `contacts`/`nextSteps` hold the union of the parts' (for display
   * and the CLI contract). Empty for single-customer messages.
   */
  parts: z.array(CustomerPartSchema).max(10).default([]),
  /** 0..1, how sure the parser is; low values make the bot ask instead of writing. */
  confidence: z.number().min(0).max(1),
  /** Which parser produced this (rule / openai / rule-fallback). */
  source: z.string(),
});
export type ParsedMessage = z.infer<typeof ParsedMessageSchema>;
export type ParsedMessageInput = z.input<typeof ParsedMessageSchema>;
export type ParsedActivity = z.infer<typeof ActivitySchema>;
export type ParsedContact = z.infer<typeof ContactSchema>;
export type ParsedOpportunity = z.infer<typeof OpportunitySchema>;
export type ParsedNextStep = z.infer<typeof NextStepSchema>;
export type ParsedCorrection = z.infer<typeof CorrectionSchema>;
export type ParsedQuery = z.infer<typeof QuerySchema>;

export interface ParseContext {
  /** Reference time that relative words (今天, 下周二) resolve against. */
  now: Date;
  /** IANA zone, default Asia/Shanghai. */
  timezone: string;
  /** Customer names the sender already has; helps spot names without a company suffix. */
  knownCustomers?: string[];
  /** Display names of users, so "张三这周拜访了几家" can find 张三. */
  knownUsers?: string[];
}

export interface MessageParser {
  readonly name: string;
  parse(text: string, ctx: ParseContext): Promise<ParsedMessage>;
}

/** The stable projection printed by `cli parse --json` (outside checks rely on exactly these keys). */
export function toCliJson(p: ParsedMessage) {
  return {
    intent: p.intent,
    activity: p.activity ? { type: p.activity.type, occurredAt: p.activity.occurredAt, summary: p.activity.summary } : null,
    customer: p.customer ? { name: p.customer.name } : null,
    contacts: p.contacts.map((c) => ({ name: c.name, title: c.title, role: c.role })),
    opportunity: p.opportunity
      ? {
          stage: p.opportunity.stage,
          amount: p.opportunity.amount,
          currency: p.opportunity.currency,
          expectedCloseDate: p.opportunity.expectedCloseDate,
        }
      : null,
    nextSteps: p.nextSteps.map((n) => ({ title: n.title, dueAt: n.dueAt, dueLabel: n.dueLabel })),
    hot: p.hot,
  };
}
