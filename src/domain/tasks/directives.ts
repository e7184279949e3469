// "让张三明天回访方舟电子" / "叫李娜下午给刘总回电话": a manager's hand-over, recognised as a
// whole-message pattern until the parser fills nextSteps[].assignee itself (the ParsedMessage
// contract has the field). The colleague must be a registered user; the rest of the message is
// parsed as an ordinary next step and every step of it is given to that colleague. Whether the
// sender may assign to them is checked where the task is written (tasks/assignment.ts).
import type { ParsedMessage } from '../../intents/schema.js';
import type { Tx } from '../context.js';

const LEAD = /^\s*(?:请|麻烦)?\s*(?:让|叫|安排)\s*(?<rest>\S.*)$/s;

/** The colleague named right after 让/叫/安排 (longest registered display name), and the rest. */
export async function findAssignDirective(db: Tx, text: string): Promise<{ assignee: string; rest: string } | null> {
  const m = LEAD.exec(text);
  const rest = m?.groups?.rest;
  if (!rest) return null;
  const chars = [...rest];
  const candidates = [4, 3, 2].filter((n) => chars.length > n).map((n) => chars.slice(0, n).join(''));
  if (!candidates.length) return null;
  const users = await db.user.findMany({ where: { displayName: { in: candidates } }, select: { displayName: true } });
  const name = candidates.find((c) => users.some((u) => u.displayName === c));
  if (!name) return null;
  const after = rest.slice(name.length).replace(/^[\s，,:：]+/, '');
  return after ? { assignee: name, rest: after } : null;
}

/**
 * Applies a hand-over to a parse: when the parser found no assignee but the message is
 * "让<colleague><step>", the step part is parsed on its own and every step goes to the colleague.
 */
export async function withAssignDirective(db: Tx, parsed: ParsedMessage, text: string, parse: (text: string) => Promise<ParsedMessage>): Promise<ParsedMessage> {
  if (parsed.nextSteps.some((s) => s.assignee) || parsed.intent === 'query' || parsed.intent === 'undo' || parsed.intent === 'correction') return parsed;
  const d = await findAssignDirective(db, text);
  if (!d) return parsed;
  const inner = await parse(d.rest);
  const steps = inner.nextSteps.length ? inner.nextSteps : [{ title: d.rest.slice(0, 200), dueAt: null, dueLabel: null, assignee: null }];
  return {
    ...inner,
    intent: 'create_task',
    activity: null,
    contacts: [],
    opportunity: null,
    hot: null,
    hotNote: null,
    deal: null,
    parts: [],
    nextSteps: steps.map((s) => ({ ...s, assignee: s.assignee ?? d.assignee })),
  };
}
