// A local HTTP server standing in for a platform API: records every request and answers with
// whatever the test's handler returns (JSON). Bound to 127.0.0.1 on a random port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body as received (file uploads are binary). */
  raw: Buffer;
  /** JSON or form-encoded body, decoded. */
  json: Record<string, unknown> | null;
}

export type FakeHandler = (req: Recorded) => unknown | Promise<unknown>;

/** A non-JSON answer (a downloaded file): return `binary(bytes, type)` from a handler. */
export interface BinaryAnswer {
  binary: Buffer;
  contentType: string;
  headers?: Record<string, string>;
}
export const binary = (bytes: Buffer, contentType: string, headers: Record<string, string> = {}): BinaryAnswer => ({ binary: bytes, contentType, headers });
const isBinary = (v: unknown): v is BinaryAnswer => !!v && typeof v === 'object' && Buffer.isBuffer((v as BinaryAnswer).binary);

export interface FakeServer {
  url: string;
  requests: Recorded[];
  handler: FakeHandler;
  calls(path: string): Recorded[];
  close(): Promise<void>;
}

function decode(body: string, type: string | undefined): Record<string, unknown> | null {
  if (!body) return null;
  try {
    if (type?.includes('application/x-www-form-urlencoded')) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of new URLSearchParams(body)) {
        // Slack's WebClient form-encodes objects as JSON strings.
        try {
          out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
        } catch {
          out[k] = v;
        }
      }
      return out;
    }
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const fake: FakeServer = {
    url: '',
    requests: [],
    handler,
    calls: (p) => fake.requests.filter((r) => r.path === p),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const rec: Recorded = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body, raw, json: decode(body, req.headers['content-type']) };
      fake.requests.push(rec);
      try {
        const out = await fake.handler(rec);
        if (isBinary(out)) res.writeHead(200, { 'content-type': out.contentType, ...out.headers }).end(out.binary);
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out ?? {}));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Polls until `check` returns true (for work that happens after the HTTP answer). */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}
