// 热点客户 nudges: a hot customer untouched for `hotNudgeDays` nudges its owner every morning until
// someone logs contact; at `hotEscalateDays` the owner's manager is told as well. Signing ends it:
// a won deal unmarks the customer (deals/closing.ts), and a customer still marked hot from before
// that rule but signed since it became hot is not nudged. (The daily list of all hot customers is
// part of the morning digest, src/domain/reminders.ts.)
import { askNextStep } from './messages/nudgeReply.js';
import type { Tx } from './context.js';
import type { PlannedPush } from './pushes/types.js';
import { managersOf, userRecipient, type TeamCtx } from './pushes/team.js';
import { langOf } from './i18n.js';
import { daysBetween, formatDate, localDateKey } from './time.js';

export async function hotNudges(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const { hotNudgeDays, hotEscalateDays, quietHours } = team.settings;
  const date = localDateKey(now, team.tz);
  const customers = await db.customer.findMany({
    where: { hot: true, lifecycle: { not: 'LOST' }, owner: { teamId: team.id, active: true } },
    include: { owner: true },
    orderBy: [{ ownerId: 'asc' }, { name: 'asc' }],
  });
  const signed = await db.contract.findMany({ where: { customerId: { in: customers.map((c) => c.id) } }, select: { customerId: true, signedAt: true } });
  const out: PlannedPush[] = [];
  for (const c of customers) {
    if (signed.some((k) => k.customerId === c.id && k.signedAt >= (c.hotSince ?? c.createdAt))) continue;
    // Never contacted: count from when it became hot (or was created).
    const since = c.lastContactAt ?? c.hotSince ?? c.createdAt;
    const days = daysBetween(since, now);
    if (days < hotNudgeDays) continue;
    const lang = langOf(c.owner.locale);
    const last = c.lastContactAt ? formatDate(c.lastContactAt, lang, team.tz) : null;
    const note = c.hotNote ? (lang === 'zh' ? `（${c.hotNote}）` : ` (${c.hotNote})`) : '';
    out.push({
      kind: 'hot',
      recipient: userRecipient(c.ownerId),
      recipientName: c.owner.displayName,
      periodKey: `hot:${c.id}:${date}`,
      message: {
        text:
          lang === 'zh'
            ? `🔥 热点客户 ${c.name}${note} 已 ${days} 天没有跟进${last ? `（上次 ${last}）` : ''}，今天联系一下吧。\n${askNextStep(c.name, lang)}`
            : `🔥 Hot customer ${c.name}${note} has not been contacted for ${days} days${last ? ` (last: ${last})` : ''}. Reach out today.\n${askNextStep(c.name, lang)}`,
      },
      tz: team.tz,
      quiet: quietHours,
    });
    if (days < hotEscalateDays) continue;
    for (const m of await managersOf(db, c.owner)) {
      if (m.id === c.ownerId) continue;
      const ml = m.lang;
      const mnote = c.hotNote ? (ml === 'zh' ? `（${c.hotNote}）` : ` (${c.hotNote})`) : '';
      out.push({
        kind: 'hot_escalate',
        recipient: userRecipient(m.id),
        recipientName: m.displayName,
        periodKey: `hot-escalate:${c.id}:${date}`,
        message: {
          text:
            ml === 'zh'
              ? `🚨 ${c.owner.displayName} 的热点客户 ${c.name}${mnote} 已 ${days} 天没有跟进，请关注。`
              : `🚨 ${c.owner.displayName}'s hot customer ${c.name}${mnote} has not been contacted for ${days} days.`,
        },
        tz: team.tz,
        quiet: quietHours,
      });
    }
  }
  return out;
}
