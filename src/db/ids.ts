// Row ids made in the application, for the few hot-path inserts written as one SQL statement with
// the update they imply (the activity and its customer's last contact, issue 15) — Prisma makes
// `@default(cuid())` ids on the client, so a raw INSERT must bring its own. Same shape as Prisma's
// cuid v1: 'c', the time in milliseconds (base 36, 8 digits), a per-process counter (4), a host
// fingerprint (4) and randomness (8), 25 characters. Ids therefore sort by creation time like the
// ones Prisma makes, which lists of same-time rows rely on ("最近一条" orders by occurredAt, id).
import { randomFillSync } from 'node:crypto';
import os from 'node:os';

const BASE = 36;
const pad = (s: string, n: number) => s.padStart(n, '0').slice(-n);

const fingerprint = (() => {
  const host = os.hostname();
  let h = host.length + BASE;
  for (const ch of host) h += ch.charCodeAt(0);
  return pad(process.pid.toString(BASE), 2) + pad(h.toString(BASE), 2);
})();

let counter = 0;
let lastMs = 0;

// Random bytes drawn from a pool refilled 4 KB at a time: one call into the OS per ~680 ids
// instead of one per id (several ids per message, issue 15).
const pool = Buffer.alloc(4096);
let used = pool.length;
function random48(): number {
  if (used + 6 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const n = pool.readUIntBE(used, 6);
  used += 6;
  return n;
}

/** A new cuid-shaped id; ids made by one process are strictly increasing. */
export function newId(): string {
  const now = Date.now();
  // Within one millisecond the counter orders ids (four base-36 digits: 1.6M per millisecond).
  if (now > lastMs) [lastMs, counter] = [now, 0];
  else counter += 1;
  const random = pad(random48().toString(BASE), 8);
  return `c${pad(lastMs.toString(BASE), 8)}${pad(counter.toString(BASE), 4)}${fingerprint}${random}`;
}
