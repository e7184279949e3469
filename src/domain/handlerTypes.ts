// The contract between the assistant router and the handlers of each intent / query kind.
import type { Team, User } from '../generated/prisma/client.js';
import type { ParsedMessage } from '../intents/schema.js';
import type { AnswerChart } from './analytics/charts.js';
import type { ChangeLog } from './changes.js';
import type { DomainContext, Tx } from './context.js';
import type { Lang } from './i18n.js';

export type UserWithTeam = User & { team: Team | null };

export interface HandlerEnv {
  ctx: DomainContext;
  user: UserWithTeam;
  lang: Lang;
  /** The user's zone (team setting, else the default). */
  tz: string;
  now: Date;
  parsed: ParsedMessage;
  rawText: string;
  inboundId: string;
  log: ChangeLog;
}

/** A confirmation card the adapters may render with buttons (Slack Block Kit, WeCom text). */
export interface ReplyCard {
  inboundId: string;
  title: string;
  lines: string[];
  actions: Array<'confirm' | 'undo' | 'edit_amount'>;
  /** A question's numbered answers (messages/ask.ts): buttons that answer with that number. */
  choices?: string[];
}

export interface HandlerResult {
  text: string;
  card?: ReplyCard;
  /** Stored on InboundMessage.outcome: APPLIED (wrote data), ANSWERED (read only), REJECTED, ASKED (a question, a draft kept)… */
  outcome: 'APPLIED' | 'ANSWERED' | 'REJECTED' | 'UNDO' | 'ASKED';
  /** Pushes were recorded in the outbox for this reply (e.g. an export file): deliver soon. */
  pushQueued?: boolean;
  /** A chart of the answer's figures, sent after the text as an image (messages/attachments.ts). */
  chart?: AnswerChart | null;
  /**
   * What InboundMessage.parseResult stores when it is not the message's own parse: an answer to a
   * question stores the completed parse of the message it answered (corrections and undo read it).
   */
  parseResult?: unknown;
}

/** Runs inside the message's transaction; `db` is the transaction client. */
export type IntentHandler = (db: Tx, env: HandlerEnv) => Promise<HandlerResult>;
