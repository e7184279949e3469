// Writing a team's settings. Team.settings (JSON) is the one source: the scheduler keys
// (src/schedulers/config.ts), the 公海 rules (src/domain/pool/settings.ts) and the reporting
// currency (`currency`, money/totals.ts) live there, zone and group chat in their own columns. Every write is validated by the same zod schemas the readers
// use, so a setting accepted here is a setting the scheduler obeys.
import { z } from 'zod';
import type { Prisma, Team } from '../../generated/prisma/client.js';
import { SchedulerSettingsSchema, parseTeamSettings, type SchedulerSettings } from '../../schedulers/config.js';
import type { ChangeLog } from '../changes.js';
import type { Tx } from '../context.js';
import { DEFAULT_CURRENCY } from '../money/totals.js';
import { PoolSettingsSchema, parsePoolSettings, type PoolSettings } from '../pool/settings.js';

type Json = Record<string, unknown>;

function asObject(raw: unknown): Json {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Json) } : {};
}

/** The scheduler part of the stored JSON: under "schedulers" when the team uses that form. */
function schedulerPart(raw: Json): { nested: boolean; part: Json } {
  return raw.schedulers && typeof raw.schedulers === 'object' ? { nested: true, part: { ...(raw.schedulers as Json) } } : { nested: false, part: raw };
}

export function teamSchedulerSettings(team: Pick<Team, 'settings'>): SchedulerSettings {
  return parseTeamSettings(team.settings);
}

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code (CNY, USD…)');

/**
 * The team's reporting currency: Team.settings.currency ("CNY", "USD"…), default CNY. Money totals
 * print it first, and orderings and comparisons by money (rankings, targets, forecast, top deals)
 * use its amounts only — other currencies are shown beside it, never converted (money/totals.ts).
 * No team (an admin) or an invalid value: the default.
 */
export function teamReportingCurrency(team: Pick<Team, 'settings'> | null | undefined): string {
  const raw = asObject(team?.settings).currency;
  const parsed = CurrencySchema.safeParse(typeof raw === 'string' ? raw.trim().toUpperCase() : raw);
  return parsed.success ? parsed.data : DEFAULT_CURRENCY;
}

export function teamPoolSettings(team: Pick<Team, 'settings'>): PoolSettings {
  return parsePoolSettings(team.settings);
}

async function write(db: Tx, team: Team, settings: Json, log: ChangeLog): Promise<Team> {
  log.updated('team', team.id, { settings: team.settings });
  return db.team.update({ where: { id: team.id }, data: { settings: settings as Prisma.InputJsonValue } });
}

/**
 * Changes scheduler keys. `change` gets the current effective settings and returns the keys to
 * store; the result must validate, else nothing is written and the zod message is returned.
 */
export async function updateSchedulerSettings(
  db: Tx,
  team: Team,
  change: (current: SchedulerSettings) => Partial<SchedulerSettings>,
  log: ChangeLog,
): Promise<{ ok: true; team: Team; settings: SchedulerSettings } | { ok: false; error: string }> {
  const raw = asObject(team.settings);
  const { nested, part } = schedulerPart(raw);
  const current = parseTeamSettings(team.settings);
  const patch = change(current);
  const merged = { ...part, ...patch };
  const checked = SchedulerSettingsSchema.safeParse(merged);
  if (!checked.success) return { ok: false, error: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const next = nested ? { ...raw, schedulers: merged } : { ...raw, ...patch };
  const updated = await write(db, team, next, log);
  return { ok: true, team: updated, settings: checked.data };
}

export async function updatePoolSettings(
  db: Tx,
  team: Team,
  change: (current: PoolSettings) => PoolSettings,
  log: ChangeLog,
): Promise<{ ok: true; team: Team; pool: PoolSettings } | { ok: false; error: string }> {
  const raw = asObject(team.settings);
  const next = change(parsePoolSettings(team.settings));
  const checked = PoolSettingsSchema.safeParse(next);
  if (!checked.success) return { ok: false, error: checked.error.issues.map((i) => `pool.${i.path.join('.')}: ${i.message}`).join('; ') };
  const updated = await write(db, team, { ...raw, pool: checked.data }, log);
  return { ok: true, team: updated, pool: checked.data };
}
