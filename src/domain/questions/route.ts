// What runs for a parsed message before the intent's own handler is trusted with it:
//   • a write intent whose whole message is a direct question → the list of what can be asked
//     (questions never create tasks or records);
//   • a message the parser did not understand → a step reported as done closes its task
//     (tasks/reported.ts), a contact's phone or WeChat alone is kept on that contact
//     (contacts/details.ts), else a question-shaped one gets the list, else a remark about one of
//     the sender's customers is kept as a note on it (ingest/note.ts), else what it says that is
//     not stored (our own event, the customer's plan with no customer: ingest/nothingToStore.ts),
//     else a word back to mere chatter about the day (intents/rules/moods.ts), else "not understood";
//   • the ingest intents (log, task, deal update, hot) → the usual recording, after which a step
//     the message reports as done closes the matching open task.
import type { ParsedMessage } from '../../intents/schema.js';
import type { HandlerEnv, IntentHandler } from '../handlerTypes.js';
import { t, type Lang } from '../i18n.js';
import { reportedCompletionOnly, withReportedTasks } from '../tasks/reported.js';
import { askableReply, isQuestion, isQuestionNotWrite } from './askable.js';
import { contactDetailsOnly } from '../contacts/details.js';
import { customerNote } from '../ingest/note.js';
import { answeredAlready } from '../messages/answer.js';
import { nothingToStore } from '../ingest/nothingToStore.js';
import { isMoodOnly } from '../../intents/rules/moods.js';

const INGEST_INTENTS = new Set<ParsedMessage['intent']>(['log_activity', 'create_task', 'update_opportunity', 'mark_hot']);

// Like every answer, in the language of the question.
const questionLang = (env: HandlerEnv): Lang => (env.parsed?.language === 'en' || env.parsed?.language === 'zh' ? env.parsed.language : env.lang);

const askable: IntentHandler = (db, env) => askableReply(db, { ...env, lang: questionLang(env) });

const notUnderstood: IntentHandler = async (db, env) => {
  const done = await reportedCompletionOnly(db, env);
  if (done) return done;
  // "刘兵的电话是138…": only a contact's number or WeChat ID — kept on that contact.
  const details = await contactDetailsOnly(db, env);
  if (details) return details;
  if (isQuestion(env.rawText)) return askableReply(db, { ...env, lang: questionLang(env) });
  // "方舟电子的账期要求90天": a fact with no field of its own, kept as a note on that customer.
  const note = await customerNote(db, env);
  if (note) return note;
  // "2" once the question it answers has been answered.
  const late = await answeredAlready(db, env.user.id, env.rawText, env.lang);
  if (late) return late;
  // "公司年会下周五开", "王总说下周开会定供应商": understood, and nothing of it is ours to store.
  const nothing = nothingToStore(env);
  if (nothing) return nothing;
  // "今天好累啊，跑了一天": only how the day felt — a short word back, nothing stored, and a
  // waiting question keeps waiting (the reminder below the reply says so).
  if (isMoodOnly(env.rawText.trim().toLowerCase())) return { text: t(env.lang, 'chatterMood'), outcome: 'REJECTED' };
  return { text: t(env.lang, 'unknown'), outcome: 'REJECTED' };
};

/** The handler to run for `parsed` (undefined: the router answers "not understood"). */
export function routeMessage(parsed: ParsedMessage, text: string, handler: IntentHandler | undefined): IntentHandler | undefined {
  if (isQuestionNotWrite(parsed, text)) return askable;
  if (parsed.intent === 'unknown') return notUnderstood;
  if (handler && INGEST_INTENTS.has(parsed.intent)) return withReportedTasks(handler);
  return handler;
}
