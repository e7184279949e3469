// What every domain service needs. Passing the clock in (instead of calling new Date()) is what
// lets tests and `--now` drive fuzzy times, reminders and reports deterministically.
import type { PrismaClient } from '../generated/prisma/client.js';
import { DEFAULT_TZ } from './time.js';

/** A Prisma client or an interactive-transaction client: services accept either. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface DomainContext {
  prisma: PrismaClient;
  now: () => Date;
  /** Default zone for users whose team has none. */
  timezone: string;
}

export function makeContext(prisma: PrismaClient, opts: { now?: () => Date; timezone?: string } = {}): DomainContext {
  return { prisma, now: opts.now ?? (() => new Date()), timezone: opts.timezone ?? process.env.TZ_DEFAULT ?? DEFAULT_TZ };
}
