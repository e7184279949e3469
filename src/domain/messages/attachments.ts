// The chart that goes with an answer (analytics/charts.ts) is queued in the outbox in the
// message's own transaction, as a push of kind "chart" holding the chart description — not the
// picture: it is drawn at delivery, so the transaction stays short. It goes where the answer
// went (the reply route of a WeCom/Slack message; the inbox sends it right after the text) or,
// without a route (console, CLI), to the user, where the console saves it and prints the path.
import type { Recipient, ReplyRoute } from '../pushes/outbound.js';
import type { AnswerChart } from '../analytics/charts.js';
import type { Tx } from '../context.js';
import { enqueue } from '../pushes/outbox.js';
import { userRecipient } from '../pushes/team.js';
import { toLocal } from '../time.js';

export const CHART_KIND = 'chart';

/** The outbox key of the chart sent with the answer to one message. */
export function chartKey(platform: string, externalId: string): string {
  return `chart:${platform}:${externalId}`;
}

/** "<title>-20261123-1005": charts of the same question asked twice do not overwrite each other. */
function stamped(name: string, now: Date, tz: string): string {
  const l = toLocal(now, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${name}-${l.year}${p(l.month)}${p(l.day)}-${p(l.hour)}${p(l.minute)}${p(l.second)}`;
}

export async function enqueueChart(
  db: Tx,
  opts: { chart: AnswerChart; userId: string; route?: ReplyRoute; platform: string; externalId: string; now: Date; tz: string },
): Promise<boolean> {
  const recipient: Recipient = opts.route ? { kind: 'reply', route: opts.route } : userRecipient(opts.userId);
  return enqueue(
    db,
    CHART_KIND,
    recipient,
    chartKey(opts.platform, opts.externalId),
    { recipient, message: { text: '' }, chart: { spec: opts.chart.spec, name: stamped(opts.chart.name, opts.now, opts.tz) }, tz: opts.tz, quiet: null },
    { notBefore: opts.now },
  );
}
