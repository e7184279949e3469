// Query kind -> handler. Analytics answers (funnel, ranking, …) register here as they land.
// Answers are given in the language of the question (English question, English answer).
import type { QueryKind } from '../../intents/schema.js';
import {
  activitySummaryQuery,
  churnQuery,
  forecastQuery,
  funnelQuery,
  rankingQuery,
  receivablesQuery,
  rfmQuery,
  targetQuery,
} from '../analytics/index.js';
import type { IntentHandler } from '../handlerTypes.js';
import { askableReply } from '../questions/askable.js';
import { customerTimelineQuery } from './customerTimeline.js';
import { dailyReportQuery } from './dailyReport.js';
import { hotCustomersQuery } from './hotCustomers.js';
import { lostReasonsQuery } from '../analytics/lostAnalysis.js';
import { closingDealsQuery } from './closingDeals.js';
import { customerListQuery } from './customerList.js';
import { forgottenQuery } from './forgotten.js';
import { myTasksQuery } from './myTasks.js';
import { paymentPlansQuery } from './paymentPlans.js';
import { performanceQuery } from './performance.js';
import { periodReportQuery } from './periodReport.js';
import { stalledQuery } from './stalled.js';

export const QUERY_HANDLERS: Partial<Record<QueryKind, IntentHandler>> = {
  my_tasks: myTasksQuery,
  customer: customerTimelineQuery,
  hot_customers: hotCustomersQuery,
  funnel: funnelQuery,
  activity_summary: activitySummaryQuery,
  ranking: rankingQuery,
  target: targetQuery,
  forecast: forecastQuery,
  churn: churnQuery,
  rfm: rfmQuery,
  receivables: receivablesQuery,
  stalled: stalledQuery,
  daily_report: dailyReportQuery,
  period_report: periodReportQuery,
  closing_deals: closingDealsQuery,
  performance: performanceQuery,
  customers: customerListQuery,
  forgotten_customers: forgottenQuery,
  lost_reasons: lostReasonsQuery,
  payment_plans: paymentPlansQuery,
};

export const queryHandler: IntentHandler = async (db, env) => {
  const kind = env.parsed.query?.kind ?? 'other';
  const handler = QUERY_HANDLERS[kind];
  // A bare acronym ("RFM") says nothing about the asker's language: keep theirs.
  const acronym = /^[A-Z0-9\s?？]{1,6}$/.test(env.rawText.trim());
  const lang = !acronym && (env.parsed.language === 'en' || env.parsed.language === 'zh') ? env.parsed.language : env.lang;
  // A question we have no answer for: what can be asked (for the asker's role), nothing stored.
  if (!handler) return askableReply(db, { ...env, lang });
  return handler(db, { ...env, lang });
};
