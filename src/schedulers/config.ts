// Scheduler settings: defaults here, per-team overrides in Team.settings (JSON), validated with
// zod. A team whose settings JSON is invalid falls back to the defaults (and the scheduler logs
// why) rather than stopping pushes for everyone.
import { z } from 'zod';
import { fromLocal, toLocal, type LocalParts } from '../domain/time.js';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)');
const Weekday = z.number().int().min(1).max(7);

export const TimesSchema = z.object({
  /** Morning digest: overdue + today's tasks + hot customers, to each user. */
  digest: HHMM.default('08:30'),
  /** Hot-customer nudges (untouched N days) and escalations to the manager. */
  hot: HHMM.default('09:00'),
  /** Stalled-opportunity alerts to owners. */
  stalled: HHMM.default('09:00'),
  /** Weekly stalled list to managers (on `weeklyDay`). */
  stalledWeekly: HHMM.default('09:00'),
  /** 日报 to each rep. */
  dailyReport: HHMM.default('18:30'),
  /** Team roll-up of the day to managers. */
  dailyRollup: HHMM.default('19:00'),
  /** 周排名 to the team chat (on `weeklyDay`, for the previous ISO week). */
  weeklyRanking: HHMM.default('09:00'),
  /** 月排名 to the team chat (on day 1, for the previous month). */
  monthlyRanking: HHMM.default('09:00'),
  /** 公海 rules: returns and warnings, every day (src/domain/pool/recycle.ts). */
  pool: HHMM.default('07:00'),
  /** 回款计划 reminders (before and on the due date, overdue once) to the customer's owner, every day. */
  paymentReminders: HHMM.default('09:00'),
});

export const QuietHoursSchema = z.object({ start: HHMM, end: HHMM });
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const DEAL_ALERT_EVENTS = ['won', 'lost', 'big', 'backwards'] as const;
export type DealAlertEvent = (typeof DEAL_ALERT_EVENTS)[number];

/** Deal alerts (deals/alerts.ts): who hears about won / lost / big new / backwards deals of the team. */
export const DealAlertsSchema = z.object({
  /** manager: the owner's manager(s); chat: the team chat (managers when the team has none); both; off. */
  to: z.enum(['manager', 'chat', 'both', 'off']).default('manager'),
  /** A new deal at or above this amount (yuan) is a "big deal". */
  bigDealAmount: z.number().positive().default(500000),
  events: z.array(z.enum(DEAL_ALERT_EVENTS)).default([...DEAL_ALERT_EVENTS]),
});
export type DealAlertSettings = z.infer<typeof DealAlertsSchema>;

export const SchedulerSettingsSchema = z.object({
  times: TimesSchema.default(TimesSchema.parse({})),
  /** ISO weekdays (1 = Monday) on which the daily jobs (digest, hot, stalled, 日报) run. */
  workdays: z.array(Weekday).default([1, 2, 3, 4, 5]),
  /** ISO weekday of the weekly jobs (ranking, stalled list). */
  weeklyDay: Weekday.default(1),
  /** No pushes in this local window (reminders labelled 今晚/tonight excepted); null disables. */
  quietHours: QuietHoursSchema.nullable().default({ start: '21:00', end: '08:00' }),
  /** A hot customer untouched this many days nudges its owner… */
  hotNudgeDays: z.number().int().positive().default(3),
  /** …and this many days escalates to the owner's manager. */
  hotEscalateDays: z.number().int().positive().default(5),
  /** Stall threshold in days for answers and pushes alike: one number for every stage, or per stage key. */
  stallDays: z.union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())]).default({}),
  /** A scheduled job that was missed (process down) still runs this many minutes after its time. */
  catchUpMinutes: z.number().int().min(1).max(720).default(120),
  /** Tasks that fell due longer ago than this get no individual reminder (the digest lists them). */
  reminderLookbackHours: z.number().int().positive().default(12),
  /** A visit or meeting step on a customer gets a briefing this many minutes before it (0: none). */
  briefingLeadMinutes: z.number().int().min(0).max(24 * 60).default(60),
  /** …and this many minutes after it, the rep is asked how it went (0: not asked). */
  visitFollowUpMinutes: z.number().int().min(0).max(12 * 60).default(120),
  /** 回款计划: the owner is reminded this many days before the due date (and on the day). */
  paymentReminderDays: z.number().int().min(0).max(60).default(3),
  dealAlerts: DealAlertsSchema.default(DealAlertsSchema.parse({})),
  /** Deal alerts and task hand-over notices look back this far (events older are not announced late). */
  alertLookbackHours: z.number().int().positive().max(24 * 14).default(24),
  /** Switch single jobs off, e.g. ["monthlyRanking", "hot"]. */
  disabled: z
    .array(z.enum(['reminders', 'digest', 'hot', 'stalled', 'stalledWeekly', 'dailyReport', 'dailyRollup', 'weeklyRanking', 'monthlyRanking', 'pool', 'paymentReminders', 'alerts']))
    .default([]),
});
export type SchedulerSettings = z.infer<typeof SchedulerSettingsSchema>;
export type StallSetting = SchedulerSettings['stallDays'];

export const DEFAULT_SETTINGS: SchedulerSettings = SchedulerSettingsSchema.parse({});

/** Team.settings JSON -> validated settings. Scheduler keys may sit at the top level or under "schedulers". */
export function parseTeamSettings(raw: unknown, onError?: (msg: string) => void): SchedulerSettings {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const src = obj.schedulers && typeof obj.schedulers === 'object' ? obj.schedulers : obj;
  // Unknown keys (other features' settings) are ignored: zod objects strip them.
  const parsed = SchedulerSettingsSchema.safeParse(src);
  if (parsed.success) return parsed.data;
  onError?.(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return DEFAULT_SETTINGS;
}

export function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function minuteOfDay(l: Pick<LocalParts, 'hour' | 'minute'>): number {
  return l.hour * 60 + l.minute;
}

/** Is `instant` inside the quiet window in `tz`? Windows may wrap midnight (21:00–08:00). */
export function inQuietHours(instant: Date, tz: string, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const m = minuteOfDay(toLocal(instant, tz));
  const s = hhmmToMinutes(quiet.start);
  const e = hhmmToMinutes(quiet.end);
  if (s === e) return false;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The end of the quiet window that contains `instant` (call only when inQuietHours is true). */
export function quietHoursEnd(instant: Date, tz: string, quiet: QuietHours): Date {
  const l = toLocal(instant, tz);
  const m = minuteOfDay(l);
  const e = hhmmToMinutes(quiet.end);
  // Before the end on the same calendar day (e.g. 02:00 -> 08:00 today), else tomorrow's end.
  const addDay = m < e ? 0 : 1;
  return fromLocal(tz, l.year, l.month, l.day + addDay, Math.floor(e / 60), e % 60);
}

/** `instant`, or the end of quiet hours when it falls inside them. */
export function outsideQuietHours(instant: Date, tz: string, quiet: QuietHours | null): Date {
  return quiet && inQuietHours(instant, tz, quiet) ? quietHoursEnd(instant, tz, quiet) : instant;
}
