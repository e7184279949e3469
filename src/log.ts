// Log lines that can carry errors without carrying secrets. An error handed to a logger may hold
// a secret anywhere — its message (an API echoing a URL with access_token=… or corpsecret=…), its
// cause chain, an SDK's request config with an Authorization header — so errors are never dumped
// raw: describeError() takes name, code, message and causes, and every line passes redact(),
// which replaces the configured secrets (env vars named *SECRET*, *TOKEN*, *KEY*, *PASSWORD*, the
// DATABASE_URL password) and secret-looking URL parameters and headers with ***.

const SECRET_NAME = /SECRET|TOKEN|KEY|PASSWORD|PASSWD/i;
const SECRET_PARAM = /\b(access_token|corpsecret|secret|token|password|api_key|apikey|key)=([^&\s"'<>]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;
const SLACK_TOKEN = /\bx(?:ox[abpre]|app)-[A-Za-z0-9-]{6,}/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)@/gi;

/** The secret values configured in `env` (only values long enough to be worth hiding). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 6) continue;
    if (SECRET_NAME.test(name)) out.push(value);
    if (/DATABASE_URL/i.test(name)) {
      try {
        const pw = decodeURIComponent(new URL(value).password);
        if (pw) out.push(pw, encodeURIComponent(pw));
      } catch {
        /* not a URL */
      }
    }
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: string[] = secretValues()): string {
  let s = text;
  for (const v of secrets) s = s.split(v).join('***');
  return s.replace(SECRET_PARAM, '$1=***').replace(BEARER, '$1 ***').replace(SLACK_TOKEN, 'x***').replace(URL_PASSWORD, '$1***@');
}

/** name: message (code) ← cause ← cause…, without stacks or object dumps. */
export function describeError(e: unknown, depth = 0): string {
  if (e === undefined || e === null || e === '') return '';
  if (depth > 4) return '…';
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const platform = (e as { data?: { error?: unknown } }).data?.error;
    let s = `${e.name}: ${e.message}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}${typeof platform === 'string' ? ` [${platform}]` : ''}`;
    if (e instanceof AggregateError) s += ` [${e.errors.map((x) => describeError(x, depth + 1)).join('; ')}]`;
    const cause = (e as { cause?: unknown }).cause;
    if (cause !== undefined) s += ` ← ${describeError(cause, depth + 1)}`;
    return s;
  }
  if (typeof e === 'string') return e;
  if (typeof e === 'object') {
    const o = e as { message?: unknown; code?: unknown; error?: unknown };
    const parts = [o.message, o.code, o.error].filter((x) => typeof x === 'string' || typeof x === 'number');
    return parts.length ? parts.join(' ') : Object.prototype.toString.call(e);
  }
  return String(e);
}

/** A logger for one scope: "[scope] message: error", redacted, to stderr (or `write`). */
export function makeLog(scope: string, opts: { env?: NodeJS.ProcessEnv; write?: (line: string) => void } = {}): (msg: string, err?: unknown) => void {
  const secrets = secretValues(opts.env ?? process.env);
  const write = opts.write ?? ((line: string) => console.error(line));
  return (msg, err) => {
    const detail = describeError(err);
    // A few stack frames help find the bug; they are code locations, redacted like the rest.
    const frames = err instanceof Error && err.stack ? err.stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 4).join('\n') : '';
    write(redact(`[${scope}] ${msg}${detail ? `: ${detail}` : ''}${frames ? `\n${frames}` : ''}`, secrets));
  };
}
