// Talking to the assistant the way the adapters do, written once: one SalesAssistant per test on
// the suite's database with a fixed clock and the real rule parser, and `send(text, who)` as a
// member of the createWorld organisation. Register after useTestDb (its hooks run first).
//
//   const suite = useTestDb(create, { world: true });
//   const chat = useChat(suite, NOW);
//   await chat.send('拜访了方舟电子的刘兵');
import { beforeEach } from 'vitest';
import { SalesAssistant, type BotReply } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import type { TestDb } from './db.js';
import type { SuiteDb } from './suite.js';

/** A member of the createWorld organisation. */
export type Who = 'manager' | 'rep' | 'rep2' | 'outsider' | 'admin';

export interface Chat {
  readonly bot: SalesAssistant;
  send(text: string, who?: Who): Promise<BotReply>;
  /** Moves the assistant's clock (back to the start time for the next test). */
  at(when: Date): void;
}

export function useChat(suite: SuiteDb<TestDb>, now: Date): Chat {
  let bot: SalesAssistant | undefined;
  let seq = 0;
  let clock = now;
  beforeEach(() => {
    clock = now;
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => clock }), { parser: ruleParser, log: () => {} });
  });
  const chat: Chat = {
    get bot() {
      if (!bot) throw new Error('useChat: the assistant is created in beforeEach');
      return bot;
    },
    at: (when) => {
      clock = when;
    },
    send: (text, who = 'rep') => chat.bot.handleMessage({ platform: 'CONSOLE', externalId: `chat-${++seq}`, senderId: suite.world[who].consoleName, text }),
  };
  return chat;
}
