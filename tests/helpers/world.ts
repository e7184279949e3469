// A small organisation for domain tests, and a stub parser that returns hand-built parse results
// so domain behaviour is tested independently of either real parser.
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { ParsedMessageSchema, type MessageParser, type ParsedMessage, type ParsedMessageInput } from '../../src/intents/schema.js';

export function parsed(p: Partial<ParsedMessageInput> & Pick<ParsedMessage, 'intent'>): ParsedMessage {
  return ParsedMessageSchema.parse({
    language: 'zh',
    activity: null,
    customer: null,
    contacts: [],
    opportunity: null,
    nextSteps: [],
    hot: null,
    confidence: 0.9,
    source: 'stub',
    ...p,
  });
}

export class StubParser implements MessageParser {
  readonly name = 'stub';
  private readonly table = new Map<string, ParsedMessage>();
  on(text: string, result: ParsedMessage) {
    this.table.set(text, result);
    return this;
  }
  async parse(text: string): Promise<ParsedMessage> {
    return this.table.get(text) ?? parsed({ intent: 'unknown', confidence: 0.1 });
  }
}

export interface World {
  teamId: string;
  otherTeamId: string;
  manager: { id: string; consoleName: string };
  rep: { id: string; consoleName: string };
  rep2: { id: string; consoleName: string };
  outsider: { id: string; consoleName: string };
  admin: { id: string; consoleName: string };
}

export async function createWorld(prisma: PrismaClient): Promise<World> {
  const team = await prisma.team.create({ data: { name: '一部' } });
  const other = await prisma.team.create({ data: { name: '二部' } });
  const mk = (consoleName: string, displayName: string, role: 'REP' | 'MANAGER' | 'ADMIN', teamId: string | null, managerId?: string) =>
    prisma.user.create({ data: { consoleName, displayName, role, teamId, managerId } });
  const manager = await mk('mgr', '张经理', 'MANAGER', team.id);
  const rep = await mk('rep', '李娜', 'REP', team.id, manager.id);
  const rep2 = await mk('rep2', '王强', 'REP', team.id, manager.id);
  const outsider = await mk('out', '赵六', 'REP', other.id);
  const admin = await mk('admin', '管理员', 'ADMIN', null);
  const pick = (u: { id: string; consoleName: string | null }) => ({ id: u.id, consoleName: u.consoleName! });
  return { teamId: team.id, otherTeamId: other.id, manager: pick(manager), rep: pick(rep), rep2: pick(rep2), outsider: pick(outsider), admin: pick(admin) };
}

/** Row counts of everything an ingest can write. */
export async function counts(prisma: PrismaClient) {
  const [customers, contacts, opportunities, stageChanges, activities, tasks, inbound] = await Promise.all([
    prisma.customer.count(),
    prisma.contact.count(),
    prisma.opportunity.count(),
    prisma.stageChange.count(),
    prisma.activity.count(),
    prisma.task.count(),
    prisma.inboundMessage.count(),
  ]);
  return { customers, contacts, opportunities, stageChanges, activities, tasks, inbound };
}
