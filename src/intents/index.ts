// Picks the parser: the OpenAI structured-output parser when OPENAI_API_KEY is set (it falls
// back to the rules on any failure), otherwise the offline rule parser. PARSER=rule forces rules.
import type { MessageParser } from './schema.js';
import { createOpenAIParserFromEnv } from './openai.js';
import { ruleParser } from './rules/index.js';

export function createParser(env: NodeJS.ProcessEnv = process.env, log?: (msg: string) => void): MessageParser {
  if (env.PARSER === 'rule') return ruleParser;
  return createOpenAIParserFromEnv(ruleParser, env, log) ?? ruleParser;
}

export { ruleParser };
