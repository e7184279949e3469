// Analytics thresholds: environment defaults, overridable per team in Team.settings
// ({ "rfm": { "recencyDays": 60, "frequency": 3, "monetary": 200000, "windowDays": 365 }, "churnFactor": 1.5 }).
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
}

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
  };
  return {
    rfm: {
      recencyDays: pos(r.recencyDays, base.rfm.recencyDays),
      frequency: pos(r.frequency, base.rfm.frequency),
      monetary: pos(r.monetary, base.rfm.monetary),
      windowDays: pos(r.windowDays, base.rfm.windowDays),
    },
    churnFactor: pos(s.churnFactor, base.churnFactor),
    repurchaseRatio: pos(s.repurchaseRatio, base.repurchaseRatio),
  };
}
