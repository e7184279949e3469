// 导出客户 / export: a manager (or admin) gets the .xlsx in chat. The file is built in the
// message's transaction, stored as an ExportFile and queued in the push outbox (kind "file"), so
// it is delivered once, retried on failure, and survives a restart; the delivering channel
// uploads it (WeCom media/upload + file message, Slack files.uploadV2) or, on the console,
// saves it and prints the path.
//   导出客户 · 导出 · 导出 华东一部 · 导出 王强        export · export customers · export "East 1"
import type { Command, CommandEnv } from '../commands.js';
import type { Tx } from '../context.js';
import type { HandlerResult } from '../handlerTypes.js';
import { enqueue } from '../pushes/outbox.js';
import { userRecipient } from '../pushes/team.js';
import { actorOf } from '../teams/actor.js';
import { exportFileName, exportScope, exportToBuffer, formatCounts } from './workbook.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The smallest limit of the platforms (WeCom temporary files: 20 MB). */
export const MAX_CHAT_FILE_BYTES = 20 * 1024 * 1024;
const KEEP_DAYS = 7;

export async function exportInChat(db: Tx, env: CommandEnv, subject: string | null): Promise<HandlerResult> {
  const { lang, now, tz } = env;
  const zh = lang === 'zh';
  const actor = actorOf(env.user);
  if (actor.role === 'REP') return { text: zh ? '只有经理和管理员可以导出数据。' : 'Only managers and admins can export data.', outcome: 'REJECTED' };
  const s = await exportScope(db, actor, lang, subject);
  if (!s.ok) return { text: s.result.text, outcome: 'REJECTED' };
  const { bytes, counts } = await exportToBuffer(db, s.scope, lang, tz);
  if (bytes.length > MAX_CHAT_FILE_BYTES) {
    return {
      text: zh
        ? `导出文件有 ${(bytes.length / 1048576).toFixed(1)} MB，超过聊天文件 20 MB 的上限。请缩小范围（如“导出 华东一部”）或用命令行：npm run cli -- export 文件.xlsx`
        : `The export is ${(bytes.length / 1048576).toFixed(1)} MB, over the 20 MB chat file limit. Narrow it ("export <team>") or use: npm run cli -- export file.xlsx`,
      outcome: 'REJECTED',
    };
  }
  // Old exports are dropped here rather than by a job of their own.
  await db.exportFile.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - KEEP_DAYS * 86_400_000) } } });
  const name = exportFileName(s.scope.label, now, tz, lang);
  const file = await db.exportFile.create({ data: { userId: actor.id, name, mime: XLSX_MIME, bytes: new Uint8Array(bytes), createdAt: now } });
  const caption = `📊 ${name}\n${formatCounts(counts, lang)}`;
  await enqueue(db, 'file', userRecipient(actor.id), `file:${file.id}`, { recipient: userRecipient(actor.id), recipientName: actor.displayName, message: { text: caption }, file: { id: file.id, name }, tz, quiet: null }, { notBefore: now });
  return {
    text: zh ? `📊 正在发送导出文件 ${name}（${formatCounts(counts, lang)}）。` : `📊 Sending the export ${name} (${formatCounts(counts, lang)}).`,
    // A read as far as undo is concerned: the file row is delivery plumbing, not a record.
    outcome: 'ANSWERED',
    pushQueued: true,
  };
}

export const EXPORT_COMMANDS: Command[] = [
  {
    match: /^\s*导出(?:全部|所有)?(?:客户|数据|客户数据|客户资料|销售数据)?(?:\s*(?:表格?|excel|xlsx))?(?:\s+(.+?))?\s*$/i,
    apply: (db, env: CommandEnv, m) => exportInChat(db, env, m[1] ?? null),
  },
  {
    match: /^\s*export(?:\s+(?:customers|data|all))?(?:\s+to\s+excel)?(?:\s+(?:of|for)\s+(.+?))?\s*$/i,
    apply: (db, env: CommandEnv, m) => exportInChat(db, env, m[1] ?? null),
  },
];
