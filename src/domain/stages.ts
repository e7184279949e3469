// The sales stages. Stored on Opportunity.stage as the stable `key`; labels are per language.
// Teams can replace the list with SALES_STAGES (JSON array of StageDef) — see README.
import { z } from 'zod';

export const StageDefSchema = z.object({
  key: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  zh: z.string().min(1),
  en: z.string().min(1),
  /** Win probability in percent, used by the weighted forecast. */
  probability: z.number().min(0).max(100),
  /** Extra words reps use for this stage (matched by the rule parser, case-insensitive). */
  synonyms: z.array(z.string()).default([]),
  /** Closed stages end the opportunity: WON / LOST set its status. */
  closes: z.enum(['WON', 'LOST']).optional(),
  /** Days in this stage before the opportunity counts as stalled. */
  stallDays: z.number().int().positive().default(14),
});
export type StageDef = z.infer<typeof StageDefSchema>;

export const DEFAULT_STAGES: StageDef[] = [
  { key: 'INITIAL_CONTACT', zh: '初步接触', en: 'Initial contact', probability: 10, synonyms: ['初次接触', '初访', '首次拜访', 'first contact', 'initial contact only', 'early stage', 'prospecting', 'lead'], stallDays: 14 },
  { key: 'NEEDS_CONFIRMED', zh: '需求确认', en: 'Needs confirmed', probability: 25, synonyms: ['确认需求', '需求分析', '需求调研', 'needs analysis', 'discovery', 'qualified'], stallDays: 14 },
  { key: 'PROPOSAL', zh: '方案', en: 'Proposal', probability: 40, synonyms: ['方案阶段', '出方案', '方案交流', '方案演示', 'solution', 'demo'], stallDays: 21 },
  { key: 'QUOTATION', zh: '报价', en: 'Quotation', probability: 60, synonyms: ['报价阶段', '已报价', '投标', 'quote', 'quoted', 'pricing'], stallDays: 14 },
  { key: 'NEGOTIATION', zh: '谈判', en: 'Negotiation', probability: 80, synonyms: ['商务谈判', '合同谈判', '议价', 'negotiating', 'contract review'], stallDays: 10 },
  { key: 'WON', zh: '赢单', en: 'Won', probability: 100, synonyms: ['成交', '签单', '签约', '拿下', '中标', '赢了', '签了', '已签', '签下来了', 'closed won', 'won the deal', 'signed the contract', 'is won'], closes: 'WON', stallDays: 3650 },
  { key: 'LOST', zh: '输单', en: 'Lost', probability: 0, synonyms: ['丢单', '失败', '黄了', '没戏了', '凉了', '落标', '未中标', '没中标', '被抢走', '被抢了', '丢了', 'is lost', 'closed lost', 'lost the deal', 'lost to', 'went with a competitor', 'went with another vendor', 'chose a competitor', '输了', '输给了', '没拼过', '没拿下', 'chose another vendor', 'chosen another vendor', 'picked another vendor', 'went with a cheaper vendor', 'went with someone else', 'mark it lost', 'mark it as lost', 'marked it lost', 'marking this one lost', 'marking it lost', 'mark this one lost'], closes: 'LOST', stallDays: 3650 },
].map((s) => StageDefSchema.parse(s));

let cached: { raw: string | undefined; stages: StageDef[] } | undefined;

let snapshot: StageDef[] | undefined;

/**
 * Runs `fn` with the stage list read once: a synchronous pass that asks for the stages many times
 * (the rule parser asks per word) does not re-read the environment each time.
 */
export function withStageSnapshot<T>(fn: () => T): T {
  const prev = snapshot;
  snapshot = getStages();
  try {
    return fn();
  } finally {
    snapshot = prev;
  }
}

/** The configured stage list (SALES_STAGES env JSON overrides the default), in funnel order. */
export function getStages(env: NodeJS.ProcessEnv = process.env): StageDef[] {
  if (snapshot && env === process.env) return snapshot;
  const raw = env.SALES_STAGES;
  if (cached && cached.raw === raw) return cached.stages;
  let stages = DEFAULT_STAGES;
  if (raw && raw.trim()) {
    const parsed = z.array(StageDefSchema).min(2).safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`SALES_STAGES is not a valid stage list: ${parsed.error.message}`);
    stages = parsed.data;
  }
  cached = { raw, stages };
  return stages;
}

export function stageByKey(key: string, stages = getStages()): StageDef | undefined {
  return stages.find((s) => s.key === key);
}

export function stageLabel(key: string, lang: 'zh' | 'en', stages = getStages()): string {
  const s = stageByKey(key, stages);
  return s ? s[lang] : key;
}

/** Funnel position of an open stage (closing stages sort last). */
export function stageIndex(key: string, stages = getStages()): number {
  const i = stages.findIndex((s) => s.key === key);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
