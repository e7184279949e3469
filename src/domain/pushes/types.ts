// What the domain push builders (reminders, nudges, stalled, reports, rankings) hand to the
// outbox. Builders are pure reads: they never send and never write; the scheduler enqueues.
import type { OutboundMessage, Recipient } from './outbound.js';
import type { QuietHours } from '../../schedulers/config.js';
import type { ChartSpec } from '../../charts/render.js';

export type PushKind =
  | 'reminder'
  | 'digest'
  | 'hot'
  | 'hot_escalate'
  | 'stalled'
  | 'stalled_weekly'
  | 'daily'
  | 'daily_rollup'
  | 'weekly_ranking'
  | 'monthly_ranking'
  // teams, 公海 and exports (issue 13)
  | 'no_team'
  | 'no_team_admin'
  | 'team_chat_linked'
  | 'pool_warn'
  | 'pool_returned'
  | 'pool_summary'
  | 'file'
  // The chart image that goes with an analytics answer (messages/attachments.ts)
  | 'chart'
  // 回款计划 (deals/paymentPlans.ts, deals/paymentReminders.ts)
  | 'payment_upcoming'
  | 'payment_due'
  | 'payment_overdue'
  // Deal alerts to the manager / team chat (deals/alerts.ts)
  | 'deal_won'
  | 'deal_lost'
  | 'deal_big'
  | 'deal_backwards'
  // Manager hand-over (tasks/assignment.ts, tasks/nudge.ts) and the report back when done
  | 'task_assigned'
  | 'task_nudge'
  | 'task_done'
  // Pre-visit briefing before a meeting step (tasks/briefing.ts)
  | 'briefing'
  // …and after it, how did it go (the answer becomes the activity, messages/nudgeReply.ts)
  | 'visit_followup';

export interface PlannedPush {
  kind: PushKind;
  recipient: Recipient;
  /** With kind+recipient the exactly-once key, e.g. "digest:2026-11-23", "task:<id>:<dueAt ISO>". */
  periodKey: string;
  message: OutboundMessage;
  /** Earliest send time (default: now). Quiet hours are applied on top at delivery time. */
  notBefore?: Date;
  /** Recipient's zone, for quiet hours at delivery. */
  tz: string;
  /** Quiet window to respect at delivery; null = deliver whenever due (今晚 reminders). */
  quiet: QuietHours | null;
  /** The task a reminder is about (the scheduler stamps Task.remindedAt after enqueueing). */
  taskId?: string;
  /** …and the due time it was planned for (a snooze in between must not be stamped). */
  taskDueAt?: Date;
  /** For humans reading the dry-run: the display name of the recipient. */
  recipientName?: string;
}

/** Stored in Push.payload. */
export interface PushPayload {
  recipient: Recipient;
  message: OutboundMessage;
  /** A stored ExportFile to send, with `message.text` as its caption. */
  file?: { id: string; name: string };
  /** A chart to draw at delivery and send as a PNG named `<name>.png` (messages/attachments.ts). */
  chart?: { spec: ChartSpec; name: string };
  tz: string;
  quiet: QuietHours | null;
  recipientName?: string;
}

/** The Push.recipient column: "user:<id>", "chat:<target>" or "reply:<platform>:<where>". */
export function recipientKey(r: Recipient): string {
  if (r.kind === 'user') return `user:${r.userId}`;
  if (r.kind === 'chat') return `chat:${r.target}`;
  const route = r.route;
  if (route.platform === 'WECOM' || route.platform === 'CONSOLE') return `reply:${route.platform}:${route.user}`;
  return 'responseUrl' in route ? `reply:SLACK:${route.user}` : `reply:SLACK:${route.channel}`;
}
