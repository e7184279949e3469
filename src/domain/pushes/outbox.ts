// The push outbox. Every push is a Push row written BEFORE anything is sent; the row's unique
// key (kind, recipient, periodKey) makes a second enqueue — by a restarted process or a second
// instance — a no-op. Delivery claims rows with a conditional update (PENDING -> SENDING, with a
// lease kept in nextAttempt), so two instances never send the same row; a failed send goes back
// to PENDING with exponential backoff and is never dropped. Only a permanent error (no channel
// can reach the recipient, WeCom's invaliduser, Slack's channel_not_found…) marks a row FAILED —
// logged, listed by `npm run cli -- push status`, and kept for `requeueFailed`.
//
// Replies to received messages use the same table (kind "reply", see messages/replies.ts) with a
// faster backoff. A message in several parts (text chunks, then a card) records each delivered
// part in `partsSent`, so a retry resumes after it and never repeats the text. A status write
// that fails after a successful send is retried in place (never treated as a failed send, which
// would send again); if the process dies right there, the row is re-claimed after its lease and
// WeCom's duplicate check drops the identical resend (src/bot/wecom/api.ts).
import type { Prisma } from '../../generated/prisma/client.js';
import type { Outbound, Recipient, SendProgress } from './outbound.js';
import type { Tx } from '../context.js';
import { inQuietHours, quietHoursEnd } from '../../schedulers/config.js';
import { renderChart } from '../../charts/render.js';
import { recipientKey, type PlannedPush, type PushPayload } from './types.js';

export const PUSH_STATUS = { PENDING: 'PENDING', SENDING: 'SENDING', SENT: 'SENT', FAILED: 'FAILED' } as const;

/** Backoff after the n-th failed attempt (n >= 1): 1m, 2m, 4m, … capped at `capMs` (1h). */
export function backoffMs(attempts: number, baseMs = 60_000, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Replies: someone is waiting for the answer, so 2 s, 4 s, 8 s, … capped at 5 minutes. */
export const REPLY_KIND = 'reply';
export function backoffFor(kind: string, attempts: number, opts: { baseBackoffMs?: number; maxBackoffMs?: number } = {}): number {
  if (kind === REPLY_KIND) return backoffMs(attempts, 2_000, 300_000);
  return backoffMs(attempts, opts.baseBackoffMs, opts.maxBackoffMs);
}

/** Errors that retrying cannot fix. Everything else is retried forever with backoff. */
export class PermanentPushError extends Error {}
export function isPermanent(e: unknown): boolean {
  return (
    e instanceof PermanentPushError ||
    (e as { permanent?: unknown })?.permanent === true ||
    (e instanceof Error && /no channel can reach/i.test(e.message))
  );
}

/** A bookkeeping write that kept failing after the send succeeded: the row is left to its lease. */
class StatusWriteError extends Error {}

/**
 * Runs a status write, retrying it for a while (a database blip must not turn a delivered
 * message into a "failed" one that would be sent again).
 */
async function persist(write: () => Promise<unknown>, tries = 8, firstDelayMs = 100): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await write();
      return;
    } catch (e) {
      if (i >= tries) throw new StatusWriteError(`status write failed ${tries} times: ${e instanceof Error ? e.message : String(e)}`);
      await new Promise((r) => setTimeout(r, Math.min(firstDelayMs * 2 ** (i - 1), 5_000)));
    }
  }
}

/**
 * Records one push. Returns true when this call created the row, false when the same
 * (kind, recipient, periodKey) was already recorded — by us earlier or by another instance.
 * INSERT … ON CONFLICT DO NOTHING (createMany skipDuplicates) keeps a surrounding transaction
 * usable on PostgreSQL, where a unique violation would abort it.
 */
export async function enqueue(
  db: Tx,
  kind: string,
  recipient: Recipient,
  periodKey: string,
  payload: PushPayload,
  opts: { notBefore?: Date } = {},
): Promise<boolean> {
  const { count } = await db.push.createMany({
    data: [
      {
        kind,
        recipient: recipientKey(recipient),
        periodKey,
        payload: payload as unknown as Prisma.InputJsonValue,
        status: PUSH_STATUS.PENDING,
        ...(opts.notBefore ? { nextAttempt: opts.notBefore } : {}),
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

export async function enqueuePlanned(db: Tx, p: PlannedPush, now: Date): Promise<boolean> {
  const payload: PushPayload = { recipient: p.recipient, message: p.message, tz: p.tz, quiet: p.quiet, ...(p.recipientName ? { recipientName: p.recipientName } : {}) };
  return enqueue(db, p.kind, p.recipient, p.periodKey, payload, { notBefore: p.notBefore && p.notBefore > now ? p.notBefore : now });
}

export interface DeliverOptions {
  /** Rows handled per call. */
  limit?: number;
  /** How long a claim lasts: a SENDING row whose sender died is picked up again after this. */
  leaseMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
  /**
   * What to do when no channel can reach the recipient: 'fail' (default, the server) marks the
   * row FAILED; 'leave' puts it back untouched for a process that has that channel (the CLI,
   * which only has the console, must not fail WeCom/Slack users' pushes).
   */
  unreachable?: 'fail' | 'leave';
  /** Only rows of this kind / with this key (the inbox delivers a reply right after its message). */
  only?: { kind?: string; periodKey?: string };
  /** Tries of a status write after a send before leaving the row to its lease (tests lower it). */
  statusWriteTries?: number;
}

export interface DeliverResult {
  sent: number;
  retried: number;
  failed: number;
  /** Rows pushed back to the end of quiet hours. */
  held: number;
  /** Rows another instance claimed first. */
  skipped: number;
  /** Rows left for another process (unreachable: 'leave'). */
  left: number;
}

/**
 * Sends every PENDING row whose nextAttempt <= now (and SENDING rows whose lease ran out).
 * Safe to run from any number of instances at once: each row is claimed by exactly one.
 */
export async function deliverDue(prisma: Tx, outbound: Outbound, now: Date, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const { limit = 50, leaseMs = 5 * 60_000, baseBackoffMs = 60_000, maxBackoffMs = 3_600_000, log = () => {} } = opts;
  const result: DeliverResult = { sent: 0, retried: 0, failed: 0, held: 0, skipped: 0, left: 0 };
  const due = await prisma.push.findMany({
    where: { status: { in: [PUSH_STATUS.PENDING, PUSH_STATUS.SENDING] }, nextAttempt: { lte: now }, ...(opts.only?.kind ? { kind: opts.only.kind } : {}), ...(opts.only?.periodKey ? { periodKey: opts.only.periodKey } : {}) },
    orderBy: [{ nextAttempt: 'asc' }, { createdAt: 'asc' }],
    take: limit,
    select: { id: true, status: true, nextAttempt: true },
  });
  for (const candidate of due) {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // The claim: only the instance whose update matches (same status and nextAttempt it read)
    // gets count 1; anyone else — including a concurrent claim of a stale lease — gets 0.
    const claim = await prisma.push.updateMany({
      where: { id: candidate.id, status: candidate.status, nextAttempt: candidate.nextAttempt },
      data: { status: PUSH_STATUS.SENDING, nextAttempt: leaseUntil },
    });
    if (claim.count !== 1) {
      result.skipped++;
      continue;
    }
    const row = await prisma.push.findUniqueOrThrow({ where: { id: candidate.id } });
    const payload = row.payload as unknown as PushPayload;
    const mine = { id: row.id, status: PUSH_STATUS.SENDING, nextAttempt: leaseUntil };

    if (payload.quiet && inQuietHours(now, payload.tz, payload.quiet)) {
      const until = quietHoursEnd(now, payload.tz, payload.quiet);
      await prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.PENDING, nextAttempt: until } });
      result.held++;
      continue;
    }

    // Each delivered part is recorded at once (under our claim), so a retry resumes after it.
    const progress: SendProgress = {
      done: row.partsSent,
      key: row.id,
      sent: (n) => persist(() => prisma.push.updateMany({ where: mine, data: { partsSent: n } }), opts.statusWriteTries),
    };
    let channel: string;
    try {
      channel = payload.chart ? await sendChart(outbound, payload) : payload.file ? await sendStoredFile(prisma, outbound, payload) : await outbound.send(payload.recipient, payload.message, progress);
    } catch (e) {
      if (e instanceof StatusWriteError) {
        log(`push ${row.kind} ${row.recipient} ${row.periodKey}: ${e.message}; left to its lease`);
        result.retried++;
        continue;
      }
      const message = e instanceof Error ? e.message : String(e);
      const attempts = row.attempts + 1;
      try {
        if (isPermanent(e) && opts.unreachable === 'leave' && /no channel can reach/i.test(message)) {
          await prisma.push.updateMany({ where: mine, data: { status: candidate.status === PUSH_STATUS.SENDING ? PUSH_STATUS.PENDING : candidate.status, nextAttempt: candidate.nextAttempt } });
          result.left++;
        } else if (isPermanent(e)) {
          await prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.FAILED, attempts, lastError: message.slice(0, 1000) } });
          result.failed++;
          log(`push ${row.kind} ${row.recipient} ${row.periodKey} FAILED permanently: ${message}`);
        } else {
          const next = new Date(now.getTime() + backoffFor(row.kind, attempts, { baseBackoffMs, maxBackoffMs }));
          await prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.PENDING, attempts, nextAttempt: next, lastError: message.slice(0, 1000) } });
          result.retried++;
          log(`push ${row.kind} ${row.recipient} ${row.periodKey} attempt ${attempts} failed (${message}); retry at ${next.toISOString()}`);
        }
      } catch (writeError) {
        // Nothing was delivered on this attempt; the lease brings the row back.
        log(`push ${row.kind} ${row.recipient} ${row.periodKey}: could not record the failure (${writeError instanceof Error ? writeError.message : String(writeError)})`);
        result.retried++;
      }
      continue;
    }
    try {
      await persist(() => prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.SENT, sentAt: now, attempts: { increment: 1 }, lastError: null } }), opts.statusWriteTries);
      result.sent++;
      log(`push ${row.kind} ${row.recipient} ${row.periodKey} sent via ${channel}`);
    } catch (e) {
      // Delivered, but not recorded: never "retry" it. The lease re-claims it later; WeCom drops
      // the identical resend (duplicate check), other channels may show it once more.
      log(`push ${row.kind} ${row.recipient} ${row.periodKey} was sent via ${channel} but ${e instanceof Error ? e.message : String(e)}; left to its lease`);
      result.sent++;
    }
  }
  return result;
}

/** A file push: the bytes live in ExportFile (stored with the push, in the same transaction). */
async function sendStoredFile(prisma: Tx, outbound: Outbound, payload: PushPayload): Promise<string> {
  const file = await prisma.exportFile.findUnique({ where: { id: payload.file!.id } });
  if (!file) throw new PermanentPushError(`export file ${payload.file!.id} no longer exists`);
  return outbound.sendFile(payload.recipient, { name: file.name, mime: file.mime, bytes: Buffer.from(file.bytes) }, payload.message.text);
}

/**
 * A chart push: drawn now, at delivery (outside the message's transaction), and sent as a PNG
 * where the platform shows images. A chart that cannot be drawn never will be: permanent.
 */
async function sendChart(outbound: Outbound, payload: PushPayload): Promise<string> {
  let png: Buffer;
  try {
    png = renderChart(payload.chart!.spec).png;
  } catch (e) {
    throw new PermanentPushError(`chart ${payload.chart!.name} could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
  }
  return outbound.sendFile(payload.recipient, { name: `${payload.chart!.name}.png`, mime: 'image/png', bytes: png }, payload.message.text);
}

/** Puts FAILED rows back in the queue (e.g. after the WeCom/Slack channel got configured). */
export async function requeueFailed(prisma: Tx, now: Date, where: { kind?: string } = {}): Promise<number> {
  const { count } = await prisma.push.updateMany({
    where: { status: PUSH_STATUS.FAILED, ...(where.kind ? { kind: where.kind } : {}) },
    data: { status: PUSH_STATUS.PENDING, nextAttempt: now },
  });
  return count;
}
