// "催一下张三": a manager nudges a colleague about their overdue tasks. A whole-message command:
// the name must be a colleague the sender may see (others are refused; a name that is nobody's
// falls through to the parser, "催一下方舟电子的回款" is not a nudge). The nudge is written to the
// push outbox before the reply says it was sent; one per colleague and minute, so a redelivered
// message does not nudge twice.
import type { Command } from '../commands.js';
import { parseTeamSettings } from '../../schedulers/config.js';
import { langOf, t } from '../i18n.js';
import { enqueuePlanned } from '../pushes/outbox.js';
import { userRecipient, validTz } from '../pushes/team.js';
import { DEFAULT_TZ, daysBetween, formatShort } from '../time.js';
import { findVisibleUserByName, userNameExists } from '../users.js';

const MAX_LISTED = 10;

export const nudgeCommand: Command = {
  match: /^\s*(?:请|帮我|麻烦)?\s*(?:催一下|催一催|催催|催下|催促一下|催促|催)\s*(?<name>[^\s，,。.!！?？]{1,20}?)\s*(?:的?(?:逾期)?(?:待办|任务))?\s*[。.!！]*\s*$/,
  // A name that is nobody's is no nudge ("催一下方舟电子的回款"): the parser gets the message.
  async accepts(ctx, user, m) {
    const name = m.groups?.name?.trim() ?? '';
    return Boolean(await findVisibleUserByName(ctx.prisma, user, name)) || userNameExists(ctx.prisma, name);
  },
  async run(ctx, user, m, lang) {
    const name = m.groups?.name?.trim() ?? '';
    const zh = lang === 'zh';
    const db = ctx.prisma;
    const target = await findVisibleUserByName(db, user, name);
    if (!target) return { text: t(lang, 'forbidden'), outcome: 'REJECTED' };
    const now = ctx.now();
    const overdue = await db.task.findMany({
      where: { assigneeId: target.id, status: 'OPEN', dueAt: { lt: now } },
      include: { customer: { select: { name: true } } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    });
    if (!overdue.length) return { text: zh ? `👍 ${target.displayName} 目前没有逾期待办，没有发送提醒。` : `👍 ${target.displayName} has no overdue tasks; no nudge sent.`, outcome: 'ANSWERED' };
    const team = target.teamId ? await db.team.findUnique({ where: { id: target.teamId } }) : null;
    const tz = validTz(team?.timezone, DEFAULT_TZ);
    const tl = langOf(target.locale);
    const tzh = tl === 'zh';
    const list = overdue.slice(0, MAX_LISTED).map((k) => {
      const late = daysBetween(k.dueAt!, now);
      return `• ${k.title}${k.customer ? ` · ${k.customer.name}` : ''} · ${formatShort(k.dueAt!, tl, tz)}${tzh ? `（已逾期${late}天）` : ` (${late} days overdue)`}`;
    });
    if (overdue.length > MAX_LISTED) list.push(tzh ? `…还有 ${overdue.length - MAX_LISTED} 个` : `…and ${overdue.length - MAX_LISTED} more`);
    const text = tzh ? `⏰ ${user.displayName} 提醒你尽快处理逾期待办（${overdue.length}）：\n${list.join('\n')}` : `⏰ ${user.displayName} asks you to deal with your overdue tasks (${overdue.length}):\n${list.join('\n')}`;
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    await enqueuePlanned(db, { kind: 'task_nudge', recipient: userRecipient(target.id), recipientName: target.displayName, periodKey: `nudge:${user.id}:${minute}`, message: { text }, tz, quiet: parseTeamSettings(team?.settings).quietHours }, now);
    const titles = overdue.slice(0, 3).map((k) => k.title).join(zh ? '、' : '; ');
    return {
      text: zh
        ? `📣 已提醒 ${target.displayName} 处理 ${overdue.length} 个逾期待办：${titles}${overdue.length > 3 ? ' 等' : ''}。完成后会告诉你（限你安排的待办）。`
        : `📣 Nudged ${target.displayName} about ${overdue.length} overdue task(s): ${titles}${overdue.length > 3 ? ' …' : ''}. You will hear when tasks you assigned are done.`,
      outcome: 'APPLIED',
    };
  },
};
