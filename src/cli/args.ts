// Tiny flag parser shared by CLI commands: --flag value, --flag=value, --bool; the rest positional.
export interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
}

export function parseArgs(args: string[], booleanFlags: string[] = []): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    const m = a.match(/^--([^=]+)(?:=(.*))?$/);
    if (!m) {
      positional.push(a);
      continue;
    }
    if (m[2] !== undefined) flags[m[1]] = m[2];
    else if (booleanFlags.includes(m[1]) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags[m[1]] = true;
    else flags[m[1]] = args[++i];
  }
  return { flags, positional };
}

/** --now / --date values: ISO with offset, or a plain date taken in Asia/Shanghai. */
export function parseInstant(value: string | true | undefined, fallback: Date): Date {
  if (value === undefined || value === true) return fallback;
  const v = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T09:00:00+08:00` : value;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date/time: ${value} (use ISO 8601, e.g. 2026-11-23T10:00:00+08:00)`);
  return d;
}
