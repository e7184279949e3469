// Query kind -> handler. Analytics answers (funnel, ranking, …) register here as they land.
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
import { t } from '../i18n.js';
import { customerTimelineQuery } from './customerTimeline.js';
import { dailyReportQuery } from './dailyReport.js';
import { hotCustomersQuery } from './hotCustomers.js';
import { myTasksQuery } from './myTasks.js';
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
};

export const queryHandler: IntentHandler = async (db, env) => {
  const kind = env.parsed.query?.kind ?? 'other';
  const handler = QUERY_HANDLERS[kind];
  if (!handler) return { text: t(env.lang, 'queryNotSupported'), outcome: 'ANSWERED' };
  return handler(db, env);
};
