// Analytics thresholds: environment defaults, overridable per team in Team.settings
// ({ "rfm": { "recencyDays": 60, "frequency": 3, "monetary": 200000, "windowDays": 365 }, "churnFactor": 1.5,
//    "churnSilentDays": 60, "forgottenDays": { "hot": 7, "big": 7, "deal": 14, "signed": 30, "prospect": 30 } }).
import type { Team } from '../../generated/prisma/client.js';

export interface RfmBaselines {
  /** R is "high" (recent) when the last payment is at most this many days ago. */
  recencyDays: number;
  /** F is high at this many payments in the window or more. */
  frequency: number;
  /** M is high at this sum of payments in the window or more. */
  monetary: number;
  /** Window for F and M when the question names no period. */
  windowDays: number;
}

export interface AnalyticsConfig {
  rfm: RfmBaselines;
  /** Churn warning when days since last purchase > average interval × factor. */
  churnFactor: number;
  /** "Repurchase due" reminder from this share of the average interval (below the churn line). */
  repurchaseRatio: number;
  /** Customers without two purchases count as churn risk after this many days with neither a purchase nor a follow-up. */
  churnSilentDays: number;
  /** 哪些客户没跟进: days without a follow-up after which a customer of each level counts as forgotten. */
  forgottenDays: ForgottenDays;
}

/** Customer levels for "forgotten customers", most demanding first (a customer takes the first that applies). */
export const CUSTOMER_LEVELS = ['hot', 'big', 'deal', 'signed', 'prospect'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];
export type ForgottenDays = Record<CustomerLevel, number>;

function pos(v: unknown, fallback: number): number {
  const n = typeof v === 'string' && v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function analyticsConfig(team?: Pick<Team, 'settings'> | null, env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const s = (team?.settings && typeof team.settings === 'object' && !Array.isArray(team.settings) ? team.settings : {}) as Record<string, unknown>;
  const r = (s.rfm && typeof s.rfm === 'object' ? s.rfm : {}) as Record<string, unknown>;
  const base: AnalyticsConfig = {
    rfm: {
      recencyDays: pos(env.RFM_RECENCY_DAYS, 90),
      frequency: pos(env.RFM_FREQUENCY, 2),
      monetary: pos(env.RFM_MONETARY, 100000),
      windowDays: pos(env.RFM_WINDOW_DAYS, 365),
    },
    churnFactor: pos(env.CHURN_FACTOR, 1.0),
    repurchaseRatio: pos(env.REPURCHASE_RATIO, 0.8),
    churnSilentDays: pos(env.CHURN_SILENT_DAYS, 60),
    forgottenDays: { hot: 7, big: 7, deal: 14, signed: 30, prospect: 30 },
  };
  const f = (s.forgottenDays && typeof s.forgottenDays === 'object' ? s.forgottenDays : {}) as Record<string, unknown>;
  return {
    rfm: {
      recencyDays: pos(r.recencyDays, base.rfm.recencyDays),
      frequency: pos(r.frequency, base.rfm.frequency),
      monetary: pos(r.monetary, base.rfm.monetary),
      windowDays: pos(r.windowDays, base.rfm.windowDays),
    },
    churnFactor: pos(s.churnFactor, base.churnFactor),
    repurchaseRatio: pos(s.repurchaseRatio, base.repurchaseRatio),
    churnSilentDays: pos(s.churnSilentDays, base.churnSilentDays),
    forgottenDays: Object.fromEntries(CUSTOMER_LEVELS.map((l) => [l, pos(f[l], base.forgottenDays[l])])) as ForgottenDays,
  };
}
