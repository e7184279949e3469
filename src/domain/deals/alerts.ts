// Deal alerts and hand-over reports, planned every minute from what was recorded (like due
// reminders): nothing needs to remember to send them, an undone message leaves nothing to announce,
// and `npm run cli -- push alerts --dry-run` shows them.
//  • won, lost (with the reason), a new deal at or above `dealAlerts.bigDealAmount`, and a deal
//    moving back a stage — to the owner's manager(s), the team chat, or both (`dealAlerts.to`,
//    per team; the team chat falls back to the managers when the team has none);
//  • a task a manager handed over and the assignee completed — back to the manager.
// One push per event and recipient (periodKey = the stage change / task), events older than
// `alertLookbackHours` are not announced late. The actor is never told about their own change.
import type { Tx } from '../context.js';
import { fmtMoney, type Lang } from '../i18n.js';
import type { PlannedPush, PushKind } from '../pushes/types.js';
import { managersOf, userRecipient, type Member, type TeamCtx } from '../pushes/team.js';
import { recipientKey } from '../pushes/types.js';
import { getStages, stageIndex, stageLabel } from '../stages.js';
import { formatShort } from '../time.js';
import { langOf } from '../i18n.js';
import { pathStages } from '../analytics/stagesSql.js';

interface Target {
  recipient: PlannedPush['recipient'];
  name: string;
  lang: Lang;
  userId: string | null;
}

async function alertTargets(db: Tx, team: TeamCtx, owner: { managerId: string | null; teamId: string | null; id: string }): Promise<Target[]> {
  const to = team.settings.dealAlerts.to;
  if (to === 'off') return [];
  const managers = async (): Promise<Target[]> =>
    (await managersOf(db, owner)).filter((m: Member) => m.id !== owner.id).map((m) => ({ recipient: userRecipient(m.id), name: m.displayName, lang: m.lang, userId: m.id }));
  const chat = (): Target[] => (team.chatTarget ? [{ recipient: { kind: 'chat', target: team.chatTarget }, name: team.chatTarget, lang: team.lang, userId: null }] : []);
  if (to === 'manager') return managers();
  if (to === 'chat') return team.chatTarget ? chat() : managers();
  return [...(await managers()), ...chat()];
}

function dealText(kind: PushKind, lang: Lang, e: { owner: string; customer: string; amount: number | null; currency: string; from: string | null; to: string; reason: string | null }): string {
  const zh = lang === 'zh';
  const money = fmtMoney(e.amount, lang, e.currency);
  switch (kind) {
    case 'deal_won':
      return zh ? `🎉 赢单：${e.owner} 签下 ${e.customer}，${money}` : `🎉 Won: ${e.owner} signed ${e.customer}, ${money}`;
    case 'deal_lost':
      return zh ? `❌ 丢单：${e.owner} 的 ${e.customer}（${money}），原因：${e.reason ?? '未填写'}` : `❌ Lost: ${e.owner}'s ${e.customer} (${money}); reason: ${e.reason ?? 'not given'}`;
    case 'deal_big':
      return zh ? `💼 新大单：${e.owner} 新建商机 ${e.customer}，${money}（${stageLabel(e.to, lang)}）` : `💼 Big new deal: ${e.owner} opened ${e.customer}, ${money} (${stageLabel(e.to, lang)})`;
    default:
      return zh ? `↩️ 商机倒退：${e.owner} 的 ${e.customer} 从${stageLabel(e.from ?? '', lang)}退回${stageLabel(e.to, lang)}（${money}）` : `↩️ Deal moved back: ${e.owner}'s ${e.customer} from ${stageLabel(e.from ?? '', lang)} to ${stageLabel(e.to, lang)} (${money})`;
  }
}

/** The deal-event kind of a stage change under the team's settings, or null. */
export function dealEventKind(change: { fromStage: string | null; toStage: string }, amount: number | null, bigDealAmount: number): PushKind | null {
  const stages = getStages();
  const to = stages.find((s) => s.key === change.toStage);
  if (to?.closes === 'WON') return 'deal_won';
  if (to?.closes === 'LOST') return 'deal_lost';
  if (change.fromStage === null) return amount !== null && amount >= bigDealAmount ? 'deal_big' : null;
  const path = pathStages(stages).map((s) => s.key);
  if (!path.includes(change.toStage) || !path.includes(change.fromStage)) return null;
  return stageIndex(change.toStage, stages) < stageIndex(change.fromStage, stages) ? 'deal_backwards' : null;
}

const EVENT_OF: Partial<Record<PushKind, string>> = { deal_won: 'won', deal_lost: 'lost', deal_big: 'big', deal_backwards: 'backwards' };

export async function dealAlerts(db: Tx, now: Date, team: TeamCtx): Promise<PlannedPush[]> {
  const s = team.settings;
  if (s.disabled.includes('alerts')) return [];
  const since = new Date(now.getTime() - s.alertLookbackHours * 3_600_000);
  const out: PlannedPush[] = [];
  const changes = await db.stageChange.findMany({
    where: { changedAt: { gt: since, lte: now }, opportunity: { owner: { teamId: team.id } } },
    include: {
      opportunity: {
        select: {
          id: true, amount: true, currency: true, lostReason: true,
          customer: { select: { name: true } },
          owner: { select: { id: true, displayName: true, managerId: true, teamId: true } },
          contracts: { select: { amount: true } },
        },
      },
    },
    orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
  });
  for (const c of changes) {
    const o = c.opportunity;
    const dealAmount = o.amount === null ? null : Number(o.amount);
    const kind = dealEventKind(c, dealAmount, s.dealAlerts.bigDealAmount);
    if (!kind || !s.dealAlerts.events.includes(EVENT_OF[kind] as never)) continue;
    const amount = kind === 'deal_won' && o.contracts.length ? o.contracts.reduce((a, k) => a + Number(k.amount), 0) : dealAmount;
    for (const t of await alertTargets(db, team, o.owner)) {
      if (t.userId && t.userId === c.changedById) continue;
      out.push({
        kind,
        recipient: t.recipient,
        recipientName: t.name,
        periodKey: `deal:${c.id}`,
        message: { text: dealText(kind, t.lang, { owner: o.owner.displayName, customer: o.customer.name, amount, currency: o.currency, from: c.fromStage, to: c.toStage, reason: o.lostReason }) },
        tz: team.tz,
        quiet: s.quietHours,
      });
    }
  }
  const done = await db.task.findMany({
    where: { status: 'DONE', completedAt: { gt: since, lte: now }, assignedById: { not: null }, assignee: { teamId: team.id } },
    include: { assignee: { select: { displayName: true } }, assignedBy: { select: { id: true, displayName: true, locale: true, active: true } }, customer: { select: { name: true } } },
    orderBy: [{ completedAt: 'asc' }, { id: 'asc' }],
  });
  for (const k of done) {
    const by = k.assignedBy!;
    if (!by.active || by.id === k.assigneeId) continue;
    const lang = langOf(by.locale);
    const who = k.customer ? ` · ${k.customer.name}` : '';
    out.push({
      kind: 'task_done',
      recipient: userRecipient(by.id),
      recipientName: by.displayName,
      periodKey: `task-done:${k.id}`,
      message: {
        text: lang === 'zh'
          ? `✅ ${k.assignee.displayName} 完成了你安排的待办：${k.title}${who}（${formatShort(k.completedAt!, lang, team.tz)}）`
          : `✅ ${k.assignee.displayName} completed the task you assigned: ${k.title}${who} (${formatShort(k.completedAt!, lang, team.tz)})`,
      },
      tz: team.tz,
      quiet: s.quietHours,
    });
  }
  return withoutRecorded(db, out);
}

/** Drops pushes already in the outbox, so planning every minute costs one lookup, not one insert each. */
async function withoutRecorded(db: Tx, planned: PlannedPush[]): Promise<PlannedPush[]> {
  if (!planned.length) return planned;
  const rows = await db.push.findMany({ where: { periodKey: { in: [...new Set(planned.map((p) => p.periodKey))] } }, select: { kind: true, recipient: true, periodKey: true } });
  const seen = new Set(rows.map((r) => `${r.kind}|${r.recipient}|${r.periodKey}`));
  return planned.filter((p) => !seen.has(`${p.kind}|${recipientKey(p.recipient)}|${p.periodKey}`));
}
