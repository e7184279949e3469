// Undo reverts the sender's most recent applied message (LIFO), using the change log written
// by that message's own transaction. Undoing older messages first would clobber later edits.
import type { InboundMessage } from '../generated/prisma/client.js';
import type { Tx } from './context.js';
import { revertChanges, type Change } from './changes.js';
import type { IntentHandler } from './handlerTypes.js';
import { t, type Lang } from './i18n.js';

export async function lastApplied(db: Tx, userId: string): Promise<InboundMessage | null> {
  return db.inboundMessage.findFirst({
    where: { senderId: userId, outcome: 'APPLIED', undone: false },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

function changesOf(m: InboundMessage): Change[] {
  return Array.isArray(m.changes) ? (m.changes as unknown as Change[]) : [];
}

export async function undoMessage(db: Tx, target: InboundMessage, lang: Lang): Promise<string> {
  await revertChanges(db, changesOf(target));
  await db.inboundMessage.update({ where: { id: target.id }, data: { undone: true } });
  const quoted = target.text.length > 60 ? `${target.text.slice(0, 60)}…` : target.text;
  return lang === 'zh' ? `↩️ 已撤销：“${quoted}”，相关记录已全部撤回。` : `↩️ Undone: "${quoted}". All records it created or changed were reverted.`;
}

export const undoHandler: IntentHandler = async (db, env) => {
  const target = await lastApplied(db, env.user.id);
  if (!target) return { text: t(env.lang, 'nothingToUndo'), outcome: 'REJECTED' };
  return { text: await undoMessage(db, target, env.lang), outcome: 'UNDO' };
};

/** Undo a specific message (a card button): allowed only for the sender's latest applied one. */
export async function undoById(db: Tx, userId: string, inboundId: string, lang: Lang): Promise<string> {
  const last = await lastApplied(db, userId);
  if (!last || last.id !== inboundId) {
    const target = await db.inboundMessage.findFirst({ where: { id: inboundId, senderId: userId } });
    if (target?.undone) return lang === 'zh' ? '这条记录已经撤销过了。' : 'That record was already undone.';
    return lang === 'zh' ? '只能撤销你最近的一条记录。' : 'Only your most recent record can be undone.';
  }
  return undoMessage(db, last, lang);
}

/**
 * The record a correction applies to: the sender's latest applied message that is not itself a
 * correction, so "金额改成40万" then "不是刘兵，是刘冰" both edit the original visit.
 */
export async function lastCorrectable(db: Tx, userId: string): Promise<InboundMessage | null> {
  const recent = await db.inboundMessage.findMany({
    where: { senderId: userId, outcome: 'APPLIED', undone: false },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 20,
  });
  // Commands (transfers, claims, settings) are stored without a parse result: nothing to correct there.
  return recent.find((m) => m.parseResult !== null && (m.parseResult as { intent?: string }).intent !== 'correction') ?? null;
}

export { changesOf };
