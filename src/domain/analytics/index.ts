// Manager questions answered from SQL aggregates, and the deal/target writes they report on.
export { activitySummaryQuery } from './activitySummary.js';
export { churnQuery } from './churn.js';
export { dealHandler, recordDeal } from '../deals/record.js';
export { forecastQuery } from './forecast.js';
export { funnelQuery } from './funnel.js';
export { markCustomerLost, reviveCustomer, refreshLifecycle } from './lifecycle.js';
export { rankingQuery } from './rankingQuery.js';
export { computeRankings, formatRankings, type RankingMetric, type RankingRow } from './rankings.js';
export { receivablesQuery } from './receivables.js';
export { rfmQuery } from './rfm.js';
export { targetHandler, targetQuery } from './targets.js';
