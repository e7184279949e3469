// The push outbox. Every push is a Push row written BEFORE anything is sent; the row's unique
// key (kind, recipient, periodKey) makes a second enqueue — by a restarted process or a second
// instance — a no-op. Delivery claims rows with a conditional update (PENDING -> SENDING, with a
// lease kept in nextAttempt), so two instances never send the same row; a failed send goes back
// to PENDING with exponential backoff and is never dropped. Only a permanent error (no channel
// can reach the recipient) marks a row FAILED — and the row stays, for `requeueFailed`.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Outbound, Recipient } from '../../bot/outbound.js';
import type { Tx } from '../context.js';
import { inQuietHours, quietHoursEnd } from '../../schedulers/config.js';
import { recipientKey, type PlannedPush, type PushPayload } from './types.js';

export const PUSH_STATUS = { PENDING: 'PENDING', SENDING: 'SENDING', SENT: 'SENT', FAILED: 'FAILED' } as const;

/** Backoff after the n-th failed attempt (n >= 1): 1m, 2m, 4m, … capped at `capMs` (1h). */
export function backoffMs(attempts: number, baseMs = 60_000, capMs = 3_600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Errors that retrying cannot fix. Everything else is retried forever with backoff. */
export class PermanentPushError extends Error {}
export function isPermanent(e: unknown): boolean {
  return e instanceof PermanentPushError || (e instanceof Error && /no channel can reach/i.test(e.message));
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
    where: { status: { in: [PUSH_STATUS.PENDING, PUSH_STATUS.SENDING] }, nextAttempt: { lte: now } },
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

    try {
      const channel = payload.file ? await sendStoredFile(prisma, outbound, payload) : await outbound.send(payload.recipient, payload.message);
      await prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.SENT, sentAt: now, attempts: { increment: 1 }, lastError: null } });
      result.sent++;
      log(`push ${row.kind} ${row.recipient} ${row.periodKey} sent via ${channel}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const attempts = row.attempts + 1;
      if (isPermanent(e) && opts.unreachable === 'leave') {
        await prisma.push.updateMany({ where: mine, data: { status: candidate.status === PUSH_STATUS.SENDING ? PUSH_STATUS.PENDING : candidate.status, nextAttempt: candidate.nextAttempt } });
        result.left++;
      } else if (isPermanent(e)) {
        await prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.FAILED, attempts, lastError: message.slice(0, 1000) } });
        result.failed++;
        log(`push ${row.kind} ${row.recipient} ${row.periodKey} FAILED permanently: ${message}`);
      } else {
        const next = new Date(now.getTime() + backoffMs(attempts, baseBackoffMs, maxBackoffMs));
        await prisma.push.updateMany({ where: mine, data: { status: PUSH_STATUS.PENDING, attempts, nextAttempt: next, lastError: message.slice(0, 1000) } });
        result.retried++;
        log(`push ${row.kind} ${row.recipient} ${row.periodKey} attempt ${attempts} failed (${message}); retry at ${next.toISOString()}`);
      }
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

/** Puts FAILED rows back in the queue (e.g. after the WeCom/Slack channel got configured). */
export async function requeueFailed(prisma: Tx, now: Date, where: { kind?: string } = {}): Promise<number> {
  const { count } = await prisma.push.updateMany({
    where: { status: PUSH_STATUS.FAILED, ...(where.kind ? { kind: where.kind } : {}) },
    data: { status: PUSH_STATUS.PENDING, nextAttempt: now },
  });
  return count;
}
