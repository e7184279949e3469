// Drives the reminder buttons through the real assistant (task_done / task_snooze).
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { StubParser } from '../helpers/world.js';

export async function handleTaskAction(prisma: PrismaClient, consoleName: string, action: 'task_done' | 'task_snooze', taskId: string, now: Date) {
  const bot = new SalesAssistant(makeContext(prisma, { now: () => now }), { parser: new StubParser(), log: () => {} });
  return bot.handleAction({ platform: 'CONSOLE', senderId: consoleName, action, targetId: taskId });
}
