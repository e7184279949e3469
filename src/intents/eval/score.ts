// Field-accuracy scoring of a parser on annotated messages ({"text", "expect"} JSON lines, the
// format of shared/parse-eval). The rules mirror the outside scorer (score.py) exactly, so a team
// can check a parser — or an LLM provider — on its own messages with `npm run eval:parse`, and
// the figure means the same thing as the one the product is judged by.
import { toCliJson, type MessageParser, type ParsedMessage } from '../schema.js';

export interface EvalCase {
  text: string;
  expect: Record<string, unknown>;
}

type CliJson = ReturnType<typeof toCliJson>;

const STAGE_LABELS: Record<string, string> = {
  初步接触: 'INITIAL_CONTACT', 需求确认: 'NEEDS_CONFIRMED', 方案: 'PROPOSAL', 报价: 'QUOTATION', 谈判: 'NEGOTIATION', 赢单: 'WON', 输单: 'LOST',
};

function get(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[k];
  }
  return v ?? null;
}

/** One field of one message: does the parse pass? (score.py's `check`.) */
export function checkField(key: string, want: unknown, got: CliJson): boolean {
  const contacts = got.contacts ?? [];
  switch (key) {
    case 'contacts.names': {
      const names = contacts.map((c) => c.name || '');
      return (want as string[]).every((w) => names.some((n) => n && (n.includes(w) || w.includes(n))));
    }
    case 'contacts.roles':
      return Object.entries(want as Record<string, string>).every(([w, role]) =>
        contacts.some((c) => c.name && (c.name.includes(w) || w.includes(c.name)) && c.role === role),
      );
    case 'nextSteps.dueDate': {
      const wants = Array.isArray(want) ? (want as string[]) : [want as string];
      const dues = got.nextSteps.map((s) => String(s.dueAt ?? ''));
      return dues.some((d) => wants.some((w) => d.startsWith(w)));
    }
    case 'customer.name': {
      const v = String(got.customer?.name ?? '').toLowerCase();
      const w = String(want).toLowerCase();
      return Boolean(v) && v.includes(w) && [...v].length <= [...w].length + 12 && v.length <= w.length + 12;
    }
    case 'opportunity.expectedCloseDate':
      return String(get(got, key) ?? '').startsWith(String(want));
    case 'opportunity.stage': {
      const v = String(get(got, key) ?? '');
      return v.includes(String(want)) || STAGE_LABELS[String(want)] === v;
    }
    case 'opportunity.amount': {
      const v = Number(get(got, key));
      return get(got, key) !== null && Number.isFinite(v) && Math.abs(v - Number(want)) < 0.5;
    }
    default:
      return JSON.stringify(get(got, key)) === JSON.stringify(want);
  }
}

export interface Miss {
  text: string;
  key: string;
  want: unknown;
  got: unknown;
}

export interface EvalReport {
  hits: number;
  total: number;
  accuracy: number;
  messages: number;
  byField: Record<string, { hits: number; total: number }>;
  misses: Miss[];
}

/** The value shown next to a miss: just the field, not the whole parse. */
function shown(key: string, got: CliJson): unknown {
  if (key.startsWith('contacts.')) return got.contacts.map((c) => `${c.name}:${c.role}`);
  if (key === 'nextSteps.dueDate') return got.nextSteps.map((s) => `${s.title} @ ${s.dueAt ?? '—'}`);
  return get(got, key);
}

export async function evaluate(parser: MessageParser, cases: EvalCase[], now: Date, timezone: string): Promise<EvalReport> {
  const report: EvalReport = { hits: 0, total: 0, accuracy: 0, messages: cases.length, byField: {}, misses: [] };
  for (const c of cases) {
    let parsed: ParsedMessage | null = null;
    try {
      parsed = await parser.parse(c.text, { now, timezone });
    } catch {
      parsed = null;
    }
    const got = parsed ? toCliJson(parsed) : ({ intent: null, activity: null, customer: null, contacts: [], opportunity: null, nextSteps: [], hot: null } as unknown as CliJson);
    for (const [key, want] of Object.entries(c.expect)) {
      const ok = checkField(key, want, got);
      const f = (report.byField[key] ??= { hits: 0, total: 0 });
      f.total++;
      report.total++;
      if (ok) {
        f.hits++;
        report.hits++;
      } else report.misses.push({ text: c.text, key, want, got: shown(key, got) });
    }
  }
  report.accuracy = report.total ? report.hits / report.total : 0;
  return report;
}

export function parseCases(jsonl: string): EvalCase[] {
  const out: EvalCase[] = [];
  jsonl.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new Error(`line ${i + 1}: not JSON (${(e as Error).message})`);
    }
    const o = v as Partial<EvalCase>;
    if (typeof o?.text !== 'string' || typeof o.expect !== 'object' || o.expect === null) throw new Error(`line ${i + 1}: needs "text" and "expect"`);
    out.push({ text: o.text, expect: o.expect });
  });
  return out;
}
