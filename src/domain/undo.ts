// Undo reverts the sender's most recent applied message (LIFO), using the change log written
// by that message's own transaction. Undoing older messages first would clobber later edits.
// What a later (e.g. concurrently committed) message uses is kept and named in the reply
// (messages/revert.ts); the target message row is locked so two undos never take the same one.
import { Prisma, type InboundMessage } from '../generated/prisma/client.js';
import type { Tx } from './context.js';
import type { Change } from './changes.js';
import { revertOwnChanges, type KeptRow } from './messages/revert.js';
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

const KEPT_LABEL: Record<string, Record<Lang, string>> = {
  customer: { zh: '客户', en: 'customer' },
  contact: { zh: '联系人', en: 'contact' },
  opportunity: { zh: '商机', en: 'deal' },
  contract: { zh: '合同', en: 'contract' },
  task: { zh: '待办', en: 'task' },
};

function keptText(kept: KeptRow[], lang: Lang): string {
  const items = kept.map((k) => `${(KEPT_LABEL[k.model] ?? { zh: '记录', en: 'record' })[lang]}${k.label ? (lang === 'zh' ? `“${k.label}”` : ` "${k.label}"`) : ''}`);
  return lang === 'zh'
    ? `保留了${items.join('、')}：之后的消息还在使用，没有删除。`
    : `Kept the ${items.join(', ')}: a later message uses it, so it was not deleted.`;
}

export async function undoMessage(db: Tx, target: InboundMessage, lang: Lang): Promise<string> {
  const kept = await revertOwnChanges(db, target);
  await db.inboundMessage.update({ where: { id: target.id }, data: { undone: true } });
  // An answer to "这是哪个客户？" wrote the draft's records: quote the draft, not "2".
  const text = (target.parseResult as { answers?: { text?: string } } | null)?.answers?.text ?? target.text;
  const chars = [...text];
  const quoted = chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : text;
  if (!kept.length) return lang === 'zh' ? `↩️ 已撤销：“${quoted}”，相关记录已全部撤回。` : `↩️ Undone: "${quoted}". All records it created or changed were reverted.`;
  return lang === 'zh' ? `↩️ 已撤销：“${quoted}”。${keptText(kept, lang)}其余记录已撤回。` : `↩️ Undone: "${quoted}". ${keptText(kept, lang)} Everything else it wrote was reverted.`;
}

/** Locks the message row; false when it was undone meanwhile (another undo got there first). */
async function claimForUndo(db: Tx, id: string): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ undone: boolean }>>(Prisma.sql`select "undone" from "InboundMessage" where "id" = ${id} for update`);
  return rows.length === 1 && !rows[0].undone;
}

export const undoHandler: IntentHandler = async (db, env) => {
  for (let i = 0; i < 5; i++) {
    const target = await lastApplied(db, env.user.id);
    if (!target) break;
    if (await claimForUndo(db, target.id)) return { text: await undoMessage(db, target, env.lang), outcome: 'UNDO' };
  }
  return { text: t(env.lang, 'nothingToUndo'), outcome: 'REJECTED' };
};

/** Undo a specific message (a card button): allowed only for the sender's latest applied one. */
export async function undoById(db: Tx, userId: string, inboundId: string, lang: Lang): Promise<string> {
  const last = await lastApplied(db, userId);
  if (last && last.id === inboundId && !(await claimForUndo(db, last.id))) return lang === 'zh' ? '这条记录已经撤销过了。' : 'That record was already undone.';
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
