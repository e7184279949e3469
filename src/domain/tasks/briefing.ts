// Pre-visit briefing (issue 14.4): shortly before a visit or meeting step falls due, the rep gets
// what they need walking in — who is who at the customer, what happened last time, where the deal
// stands and how long it has stood there, which 三一客 facts (定性/定级/定量) are still missing, and
// what else is open with that customer. A pure read like every push builder: the scheduler
// records it in the outbox under a per-task, per-due-time key, so it goes out once.
import type { Tx } from '../context.js';
import { CONTACT_ROLE_LABEL, fmtMoney, langOf, type Lang } from '../i18n.js';
import type { PlannedPush } from '../pushes/types.js';
import { teamSettingsMemo, userRecipient, validTz } from '../pushes/team.js';
import { stageLabel } from '../stages.js';
import { daysBetween, DEFAULT_TZ, formatShort } from '../time.js';

/** Steps that are a meeting with the customer (the ones worth a briefing). */
const MEETING_STEP = /拜访|回访|上门|登门|见面|面谈|碰面|见一下|约见|开会|会议|演示|宣讲|交流|汇报|调研|参观|考察|吃饭|饭局|(?<![a-z])(?:visit|meet|meeting|demo|presentation|onsite|on-site|lunch|dinner|workshop|review)(?![a-z])/i;

export function isMeetingStep(title: string): boolean {
  return MEETING_STEP.test(title);
}

export function briefingKey(taskId: string, dueAt: Date): string {
  return `brief:${taskId}:${dueAt.toISOString()}`;
}

/**
 * Briefings for OPEN meeting steps on a customer that fall due within the team's
 * `briefingLeadMinutes` (default 60; 0 switches them off) and have not started yet.
 */
export async function visitBriefings(db: Tx, now: Date, opts: { defaultTz?: string; userIds?: string[] } = {}): Promise<PlannedPush[]> {
  const maxLeadMin = 24 * 60;
  const tasks = await db.task.findMany({
    where: {
      status: 'OPEN',
      customerId: { not: null },
      dueAt: { gt: now, lte: new Date(now.getTime() + maxLeadMin * 60_000) },
      assignee: { active: true },
      ...(opts.userIds ? { assigneeId: { in: opts.userIds } } : {}),
    },
    include: { assignee: { include: { team: true } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: 500,
  });
  const out: PlannedPush[] = [];
  const settingsOf = teamSettingsMemo();
  for (const task of tasks) {
    if (!isMeetingStep(task.title)) continue;
    const team = task.assignee.team;
    const settings = settingsOf(team);
    const lead = settings.briefingLeadMinutes;
    if (!lead || settings.disabled.includes('reminders')) continue;
    const dueAt = task.dueAt!;
    if (dueAt.getTime() - now.getTime() > lead * 60_000) continue;
    const tz = validTz(team?.timezone, opts.defaultTz ?? DEFAULT_TZ);
    const lang = langOf(task.assignee.locale);
    const text = await buildBriefing(db, { customerId: task.customerId!, ownerId: task.assigneeId, taskId: task.id, title: task.title, dueAt }, now, lang, tz);
    if (!text) continue;
    out.push({
      kind: 'briefing',
      recipient: userRecipient(task.assigneeId),
      recipientName: task.assignee.displayName,
      periodKey: briefingKey(task.id, dueAt),
      message: { text },
      tz,
      quiet: settings.quietHours,
    });
  }
  return out;
}

/** The briefing text for one step, or null when its customer is gone. */
export async function buildBriefing(
  db: Tx,
  step: { customerId: string; ownerId: string; taskId: string; title: string; dueAt: Date },
  now: Date,
  lang: Lang,
  tz: string,
): Promise<string | null> {
  const zh = lang === 'zh';
  const customer = await db.customer.findUnique({
    where: { id: step.customerId },
    include: {
      contacts: { orderBy: { updatedAt: 'desc' }, take: 8 },
      activities: { orderBy: { occurredAt: 'desc' }, take: 1 },
      opportunities: { where: { status: 'OPEN', ownerId: step.ownerId }, take: 1 },
      tasks: { where: { status: 'OPEN', id: { not: step.taskId } }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }], take: 5 },
    },
  });
  if (!customer) return null;
  const lines = [zh ? `📋 拜访简报：${customer.name} · ${step.title} · ${formatShort(step.dueAt, lang, tz)}` : `📋 Briefing: ${customer.name} · ${step.title} · ${formatShort(step.dueAt, lang, tz)}`];

  if (customer.contacts.length) {
    lines.push(zh ? '👥 联系人：' : '👥 Contacts:');
    for (const c of customer.contacts) {
      const bits = [c.title, c.role !== 'OTHER' ? CONTACT_ROLE_LABEL[c.role][lang] : null].filter(Boolean);
      lines.push(`  • ${c.name}${bits.length ? `（${bits.join(' · ')}）` : ''}`);
    }
  } else lines.push(zh ? '👥 联系人：还没有记录（这次记下见到的人和角色）' : '👥 Contacts: none on record yet (note who you meet and their role)');

  const last = customer.activities[0];
  if (last) {
    const ago = daysBetween(last.occurredAt, now);
    lines.push(zh ? `🕘 上次跟进（${ago}天前）：${last.summary}` : `🕘 Last contact (${ago} day${ago === 1 ? '' : 's'} ago): ${last.summary}`);
  } else lines.push(zh ? '🕘 上次跟进：无记录' : '🕘 Last contact: none on record');

  const opp = customer.opportunities[0];
  const missing: string[] = [];
  if (opp) {
    const days = daysBetween(opp.stageEnteredAt, now);
    lines.push(
      zh
        ? `💼 商机：${opp.title} · 阶段 ${stageLabel(opp.stage, lang)}（已 ${days} 天）· 金额 ${fmtMoney(opp.amount, lang, opp.currency)}`
        : `💼 Deal: ${opp.title} · ${stageLabel(opp.stage, lang)} (${days} day${days === 1 ? '' : 's'}) · ${fmtMoney(opp.amount, lang, opp.currency)}`,
    );
    if (opp.qualification === 'UNSURE') missing.push(zh ? '定性（值不值得跟）' : 'qualification (worth pursuing?)');
    if (!opp.grade) missing.push(zh ? '定级（大单/普通/小单）' : 'grade (big / normal / small)');
    if (opp.amount === null) missing.push(zh ? '定量（预计金额）' : 'amount (expected value)');
  } else {
    lines.push(zh ? '💼 商机：暂无进行中的商机' : '💼 Deal: no open deal');
    missing.push(zh ? '定性、定级、定量（还没有商机）' : 'qualification, grade and amount (no deal yet)');
  }
  if (missing.length) lines.push(zh ? `❓ 三一客待补：${missing.join('、')}` : `❓ Still to find out: ${missing.join(', ')}`);

  if (customer.tasks.length) {
    lines.push(zh ? '📝 其他待办：' : '📝 Also open:');
    for (const t of customer.tasks) lines.push(`  • ${t.title}${t.dueAt ? ` · ${formatShort(t.dueAt, lang, tz)}` : ''}`);
  }
  return lines.join('\n');
}

export function visitFollowUpKey(taskId: string, dueAt: Date): string {
  return `visited:${taskId}:${dueAt.toISOString()}`;
}

/**
 * After a visit or meeting step on a customer (the team's `visitFollowUpMinutes` after its due time,
 * default 120; 0 switches it off), ask the rep how it went — unless they already logged contact with
 * that customer since shortly before it. The answer is filed as that visit's activity
 * (messages/nudgeReply.ts). Steps due more than a day ago are not asked about late.
 */
export async function visitFollowUps(db: Tx, now: Date, opts: { defaultTz?: string; userIds?: string[] } = {}): Promise<PlannedPush[]> {
  const tasks = await db.task.findMany({
    where: {
      customerId: { not: null },
      dueAt: { lte: now, gte: new Date(now.getTime() - 24 * 3_600_000) },
      assignee: { active: true },
      ...(opts.userIds ? { assigneeId: { in: opts.userIds } } : {}),
    },
    include: { assignee: { include: { team: true } }, customer: { select: { name: true, lastContactAt: true } } },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: 500,
  });
  const out: PlannedPush[] = [];
  const settingsOf = teamSettingsMemo();
  for (const task of tasks) {
    if (!isMeetingStep(task.title) || !task.customer) continue;
    const settings = settingsOf(task.assignee.team);
    const after = settings.visitFollowUpMinutes;
    if (!after || settings.disabled.includes('reminders')) continue;
    const dueAt = task.dueAt!;
    if (now.getTime() - dueAt.getTime() < after * 60_000) continue;
    // Already reported (contact logged from two hours before the step on): nothing to ask.
    if (task.customer.lastContactAt && task.customer.lastContactAt.getTime() >= dueAt.getTime() - 2 * 3_600_000) continue;
    const lang = langOf(task.assignee.locale);
    const tz = validTz(task.assignee.team?.timezone, opts.defaultTz ?? DEFAULT_TZ);
    const text = lang === 'zh'
      ? `📝 ${task.customer.name}「${task.title}」（${formatShort(dueAt, lang, tz)}）怎么样了？直接回复几句，我会记成这次的跟进记录。`
      : `📝 How did "${task.title}" with ${task.customer.name} (${formatShort(dueAt, lang, tz)}) go? Reply in a few words and I will log it as this visit.`;
    out.push({
      kind: 'visit_followup',
      recipient: userRecipient(task.assigneeId),
      recipientName: task.assignee.displayName,
      periodKey: visitFollowUpKey(task.id, dueAt),
      message: { text },
      tz,
      quiet: settings.quietHours,
    });
  }
  return out;
}
