// 公海 (public pool) rules of a team, stored in Team.settings.pool next to the scheduler keys —
// Team.settings stays the one place a team's settings live. Validated with zod like the rest.
import { z } from 'zod';
import type { Lang } from '../i18n.js';

export const PoolRuleSchema = z.object({
  /** Customer.level this rule is for; null = every customer without a rule for its own level. */
  level: z.string().min(1).max(20).nullable().default(null),
  /** Returned after this many days without a follow-up (activity) since the owner got it. */
  noFollowUpDays: z.number().int().positive().max(3650).nullable().default(null),
  /** …or without a new deal (opportunity) this many days. */
  noDealDays: z.number().int().positive().max(3650).nullable().default(null),
  /** …or not signed (no contract / lifecycle 签约) this many days. */
  notSignedDays: z.number().int().positive().max(3650).nullable().default(null),
});
export type PoolRule = z.infer<typeof PoolRuleSchema>;

export const PoolSettingsSchema = z.object({
  rules: z.array(PoolRuleSchema).default([]),
  /** The owner is warned this many days before a customer would return. 0 = no warning. */
  warnDays: z.number().int().min(0).max(60).default(3),
  /** Claims per rep per local day. */
  claimLimit: z.number().int().positive().max(1000).default(5),
  /** A rep holding this many customers cannot claim more; null = no cap. */
  maxOwned: z.number().int().positive().nullable().default(null),
  /** Signed / repeat customers never return to the pool unless this is true. */
  includeSigned: z.boolean().default(false),
});
export type PoolSettings = z.infer<typeof PoolSettingsSchema>;

export const DEFAULT_POOL: PoolSettings = PoolSettingsSchema.parse({});

export function parsePoolSettings(raw: unknown, onError?: (msg: string) => void): PoolSettings {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const parsed = PoolSettingsSchema.safeParse(obj.pool ?? {});
  if (parsed.success) return parsed.data;
  onError?.(parsed.error.issues.map((i) => `pool.${i.path.join('.')}: ${i.message}`).join('; '));
  return DEFAULT_POOL;
}

/** The rule that applies to a customer of `level`: its own level's, else the catch-all. */
export function ruleFor(s: PoolSettings, level: string | null): PoolRule | null {
  const own = level ? s.rules.find((r) => r.level !== null && r.level.toLowerCase() === level.toLowerCase()) : undefined;
  const rule = own ?? s.rules.find((r) => r.level === null) ?? null;
  if (!rule || (rule.noFollowUpDays === null && rule.noDealDays === null && rule.notSignedDays === null)) return null;
  return rule;
}

export function poolEnabled(s: PoolSettings): boolean {
  return s.rules.some((r) => r.noFollowUpDays !== null || r.noDealDays !== null || r.notSignedDays !== null);
}

export function describeRule(r: PoolRule, lang: Lang): string {
  const zh = lang === 'zh';
  const parts: string[] = [];
  if (r.noFollowUpDays !== null) parts.push(zh ? `${r.noFollowUpDays}天未跟进` : `${r.noFollowUpDays} days without follow-up`);
  if (r.noDealDays !== null) parts.push(zh ? `${r.noDealDays}天无新商机` : `${r.noDealDays} days without a new deal`);
  if (r.notSignedDays !== null) parts.push(zh ? `${r.notSignedDays}天未成交` : `${r.notSignedDays} days not signed`);
  const who = r.level === null ? (zh ? '所有级别' : 'all levels') : zh ? `${r.level}级` : `level ${r.level}`;
  return `${who}: ${parts.join(zh ? ' 或 ' : ' or ')}`;
}

export function describePool(s: PoolSettings, lang: Lang): string {
  const zh = lang === 'zh';
  if (!poolEnabled(s)) return zh ? '未开启（没有回收规则）' : 'off (no return rules)';
  const rules = s.rules.filter((r) => ruleFor({ ...s, rules: [r] }, r.level)).map((r) => describeRule(r, lang));
  const extra = zh
    ? `提前${s.warnDays}天提醒负责人；每人每天最多领取${s.claimLimit}个${s.maxOwned ? `，最多持有${s.maxOwned}个客户` : ''}${s.includeSigned ? '；已成交客户也回收' : ''}`
    : `owner warned ${s.warnDays} day(s) before; claim limit ${s.claimLimit} per rep per day${s.maxOwned ? `, at most ${s.maxOwned} customers held` : ''}${s.includeSigned ? '; signed customers return too' : ''}`;
  return `${rules.join(zh ? '；' : '; ')}${zh ? '；' : '; '}${extra}`;
}

/** A change to the pool settings, as parsed from chat or CLI words. */
export interface PoolPatch {
  off?: boolean;
  level?: string | null;
  noFollowUpDays?: number;
  noDealDays?: number;
  notSignedDays?: number;
  warnDays?: number;
  claimLimit?: number;
  maxOwned?: number | null;
  includeSigned?: boolean;
}

/**
 * Reads pool rule words: "A级 30天未跟进 90天未成交 提前3天提醒 每人每天领取5个 最多持有200个",
 * "level A 30 days no follow-up, 60 days no deal, warn 3, claim limit 5", "关闭"/"off".
 * Returns null when no rule word was recognised.
 */
export function parsePoolWords(text: string): PoolPatch | null {
  const s = text.trim();
  if (/^(关闭|停用|off|disable[d]?)$/i.test(s)) return { off: true };
  const p: PoolPatch = {};
  if (/所有级别|全部级别|all levels/i.test(s)) p.level = null;
  else {
    const level = s.match(/(?:^|\s)([A-Za-z0-9\u4e00-\u9fff]{1,8}?)\s*级(?!别)(?:客户)?/) ?? s.match(/级别\s*([A-Za-z0-9\u4e00-\u9fff]{1,8})/) ?? s.match(/\blevel\s+([A-Za-z0-9]+)/i);
    if (level) p.level = level[1];
  }
  const num = (re: RegExp) => {
    const m = s.match(re);
    return m ? Number(m[1]) : undefined;
  };
  p.noFollowUpDays = num(/(\d+)\s*天\s*(?:内)?(?:未|无|没有?)跟进/) ?? num(/(\d+)\s*days?\s*(?:without|no)\s*follow[- ]?ups?/i);
  p.noDealDays = num(/(\d+)\s*天\s*(?:内)?(?:无|没有?|未(?:新建|建))(?:新)?商机/) ?? num(/(\d+)\s*days?\s*(?:without|no)\s*(?:new\s*)?deals?/i);
  p.notSignedDays = num(/(\d+)\s*天\s*(?:内)?(?:未|没有?)(?:成交|签约|签单)/) ?? num(/(\d+)\s*days?\s*not\s*(?:signed|won)/i);
  p.warnDays = num(/提前\s*(\d+)\s*天/) ?? num(/\bwarn(?:ing)?\s*(\d+)/i);
  p.claimLimit = num(/领取\s*(?:上限\s*)?(\d+)\s*个?/) ?? num(/claim\s*limit\s*(\d+)/i);
  const maxOwned = num(/(?:最多|上限)\s*(?:持有|拥有)\s*(\d+)/) ?? num(/max(?:imum)?\s*(?:owned|held)\s*(\d+)/i);
  if (maxOwned !== undefined) p.maxOwned = maxOwned;
  if (/(?:不限|取消)(?:持有|拥有)上限|no\s*max/i.test(s)) p.maxOwned = null;
  if (/已成交(?:客户)?也回收|include signed/i.test(s)) p.includeSigned = true;
  if (/已成交(?:客户)?不回收|exclude signed/i.test(s)) p.includeSigned = false;
  for (const k of Object.keys(p) as Array<keyof PoolPatch>) if (p[k] === undefined) delete p[k];
  const meaningful = Object.keys(p).filter((k) => k !== 'level');
  return meaningful.length ? p : null;
}

/** Applies a patch to the stored pool JSON; the result is validated by the caller. */
export function applyPoolPatch(current: PoolSettings, patch: PoolPatch): PoolSettings {
  if (patch.off) return { ...current, rules: [] };
  const next: PoolSettings = { ...current, rules: current.rules.map((r) => ({ ...r })) };
  const touchesRule = patch.noFollowUpDays !== undefined || patch.noDealDays !== undefined || patch.notSignedDays !== undefined;
  if (touchesRule) {
    const level = patch.level ?? null;
    let rule = next.rules.find((r) => (r.level ?? '').toLowerCase() === (level ?? '').toLowerCase());
    if (!rule) {
      rule = { level, noFollowUpDays: null, noDealDays: null, notSignedDays: null };
      next.rules.push(rule);
    }
    if (patch.noFollowUpDays !== undefined) rule.noFollowUpDays = patch.noFollowUpDays;
    if (patch.noDealDays !== undefined) rule.noDealDays = patch.noDealDays;
    if (patch.notSignedDays !== undefined) rule.notSignedDays = patch.notSignedDays;
  }
  if (patch.warnDays !== undefined) next.warnDays = patch.warnDays;
  if (patch.claimLimit !== undefined) next.claimLimit = patch.claimLimit;
  if (patch.maxOwned !== undefined) next.maxOwned = patch.maxOwned;
  if (patch.includeSigned !== undefined) next.includeSigned = patch.includeSigned;
  return next;
}
