// The per-team context every push builder needs: zone, language, settings, members, managers.
import type { Recipient } from './outbound.js';
import { parseTeamSettings, type SchedulerSettings } from '../../schedulers/config.js';
import type { Tx } from '../context.js';
import { langOf, type Lang } from '../i18n.js';
import { teamReportingCurrency } from '../teams/settings.js';
import { DEFAULT_TZ, fromLocal, toLocal } from '../time.js';

export interface TeamCtx {
  id: string;
  name: string;
  tz: string;
  lang: Lang;
  chatTarget: string | null;
  settings: SchedulerSettings;
  /** Reporting currency (Team.settings.currency): money totals print it first, rankings order by it. */
  currency: string;
}

export interface Member {
  id: string;
  displayName: string;
  role: 'REP' | 'MANAGER' | 'ADMIN';
  lang: Lang;
  managerId: string | null;
  teamId: string | null;
}

/**
 * Scheduler settings per team, parsed once per builder run: builders that walk tasks of many
 * users (reminders, briefings) look the same team up again and again. No team: the defaults.
 */
export function teamSettingsMemo(): (team: { id: string; settings: unknown } | null | undefined) => SchedulerSettings {
  const seen = new Map<string, SchedulerSettings>();
  return (team) => {
    let settings = seen.get(team?.id ?? '');
    if (!settings) seen.set(team?.id ?? '', (settings = parseTeamSettings(team?.settings)));
    return settings;
  };
}

/** A zone name Intl accepts; anything else falls back to the default (and is reported). */
export function validTz(tz: string | null | undefined, fallback = DEFAULT_TZ, onError?: (msg: string) => void): string {
  if (!tz) return fallback;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    onError?.(`unknown time zone "${tz}", using ${fallback}`);
    return fallback;
  }
}

export async function loadTeams(db: Tx, opts: { defaultTz?: string; teamId?: string; onError?: (msg: string) => void } = {}): Promise<TeamCtx[]> {
  const teams = await db.team.findMany({ where: opts.teamId ? { id: opts.teamId } : {}, orderBy: { createdAt: 'asc' } });
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    tz: validTz(t.timezone, opts.defaultTz ?? DEFAULT_TZ, (m) => opts.onError?.(`team ${t.name}: ${m}`)),
    lang: langOf(t.locale),
    chatTarget: t.chatTarget,
    settings: parseTeamSettings(t.settings, (m) => opts.onError?.(`team ${t.name}: invalid scheduler settings (${m}), using defaults`)),
    currency: teamReportingCurrency(t),
  }));
}

export async function teamMembers(db: Tx, teamId: string): Promise<Member[]> {
  const users = await db.user.findMany({ where: { teamId, active: true }, orderBy: { createdAt: 'asc' } });
  return users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role, lang: langOf(u.locale), managerId: u.managerId, teamId: u.teamId }));
}

export function userRecipient(id: string): Recipient {
  return { kind: 'user', userId: id };
}

/**
 * Who gets a rep's escalations: their own manager when set (and active), else the MANAGERs of
 * the rep's team, else of the nearest ancestor team that has one.
 */
export async function managersOf(db: Tx, user: { managerId: string | null; teamId: string | null }): Promise<Member[]> {
  if (user.managerId) {
    const m = await db.user.findFirst({ where: { id: user.managerId, active: true } });
    if (m) return [{ id: m.id, displayName: m.displayName, role: m.role, lang: langOf(m.locale), managerId: m.managerId, teamId: m.teamId }];
  }
  let teamId = user.teamId;
  const seen = new Set<string>();
  while (teamId && !seen.has(teamId)) {
    seen.add(teamId);
    const ms = await db.user.findMany({ where: { teamId, role: 'MANAGER', active: true }, orderBy: { createdAt: 'asc' } });
    if (ms.length) return ms.map((m) => ({ id: m.id, displayName: m.displayName, role: m.role, lang: langOf(m.locale), managerId: m.managerId, teamId: m.teamId }));
    teamId = (await db.team.findUnique({ where: { id: teamId }, select: { parentId: true } }))?.parentId ?? null;
  }
  return [];
}

/** ISO-8601 week key of a local calendar date, e.g. "2026-W48". */
export function isoWeekKey(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  const wd = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - wd); // the Thursday of this week decides the year
  const y = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(y, 0, 1)) / 86_400_000 + 1) / 7);
  return `${y}-W${String(week).padStart(2, '0')}`;
}

/** The local Monday 00:00 .. next Monday 00:00 of the week containing `instant`, shifted by `addWeeks`. */
export function localWeekRange(instant: Date, tz: string, addWeeks = 0): { start: Date; end: Date; key: string } {
  const l = toLocal(instant, tz);
  const mondayDay = l.day - (l.weekday - 1) + addWeeks * 7;
  const start = fromLocal(tz, l.year, l.month, mondayDay);
  const end = fromLocal(tz, l.year, l.month, mondayDay + 7);
  const s = toLocal(start, tz);
  return { start, end, key: isoWeekKey(s.year, s.month, s.day) };
}

/** The local month containing `instant`, shifted by `addMonths`: range and "YYYY-MM" key. */
export function localMonthRange(instant: Date, tz: string, addMonths = 0): { start: Date; end: Date; key: string; year: number; month: number } {
  const l = toLocal(instant, tz);
  const start = fromLocal(tz, l.year, l.month + addMonths, 1);
  const end = fromLocal(tz, l.year, l.month + addMonths + 1, 1);
  const s = toLocal(start, tz);
  return { start, end, key: `${s.year}-${String(s.month).padStart(2, '0')}`, year: s.year, month: s.month };
}
