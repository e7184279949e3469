// The confirmation a rep gets after logging: exactly what was written, so a wrong guess is
// visible at once and can be fixed with a correction or undone.
import { closingReplyLines } from './deals/closing.js';
import type { HandlerEnv } from './handlerTypes.js';
import type { IngestSummary } from './ingest.js';
import { ACTIVITY_LABEL, CONTACT_ROLE_LABEL, GRADE_LABEL, QUALIFICATION_LABEL, fmtMoney, type Lang } from './i18n.js';
import { stageLabel } from './stages.js';
import { formatDate, formatShort } from './time.js';
import { notStoredSection } from './messages/dropped.js';

const L = {
  recorded: { zh: '✅ 已记录', en: '✅ Recorded' },
  activity: { zh: '活动', en: 'Activity' },
  customer: { zh: '客户', en: 'Customer' },
  created: { zh: '新建', en: 'new' },
  existing: { zh: '已有', en: 'existing' },
  contact: { zh: '联系人', en: 'Contact' },
  opp: { zh: '商机', en: 'Opportunity' },
  stage: { zh: '阶段', en: 'stage' },
  amount: { zh: '金额', en: 'amount' },
  close: { zh: '预计成交', en: 'expected close' },
  task: { zh: '待办', en: 'Next step' },
  due: { zh: '截止', en: 'due' },
  noDue: { zh: '未定时间', en: 'no due date' },
  hotOn: { zh: '🔥 已设为热点客户', en: '🔥 Marked as hot customer' },
  hotOff: { zh: '已取消热点客户', en: 'No longer a hot customer' },
  conflict: { zh: '⚠️ 撞单提醒', en: '⚠️ Possible duplicate (撞单)' },
  footer: {
    zh: '回复“撤销”可撤回；有误可直接说“金额改成40万”或“不是刘兵，是刘冰”。',
    en: 'Reply "undo" to revert, or correct it, e.g. "amount should be 400k".',
  },
} satisfies Record<string, Record<Lang, string>>;

export function ingestReply(s: IngestSummary, env: HandlerEnv): { text: string; title: string; lines: string[] } {
  const lang = env.lang;
  const tz = env.tz;
  const lines: string[] = [];
  const sep = lang === 'zh' ? '：' : ': ';
  if (s.activity) {
    const where = s.customer ? ` · ${s.customer.customer.name}` : '';
    lines.push(`• ${L.activity[lang]}${sep}${ACTIVITY_LABEL[s.activity.type][lang]}${where} · ${formatShort(s.activity.occurredAt, lang, tz)}`);
    lines.push(`  ${s.activity.summary}`);
  }
  if (s.customer) {
    lines.push(`• ${L.customer[lang]}${sep}${s.customer.customer.name}（${(s.customer.created ? L.created : L.existing)[lang]}）`);
  } else if (s.linkedCustomer) {
    lines.push(`• ${L.customer[lang]}${sep}${s.linkedCustomer}`);
  }
  for (const c of s.contacts) {
    const bits = [c.contact.title, c.contact.role !== 'OTHER' ? CONTACT_ROLE_LABEL[c.contact.role][lang] : null].filter(
      (b, i, arr): b is string => !!b && arr.indexOf(b) === i,
    );
    const tag = c.created ? L.created[lang] : null;
    const detail = [...bits, tag].filter(Boolean).join(' · ');
    lines.push(`• ${L.contact[lang]}${sep}${c.contact.name}${detail ? `（${detail}）` : ''}`);
  }
  if (s.opportunity) {
    const o = s.opportunity.opportunity;
    const parts = [`${L.stage[lang]} ${stageLabel(o.stage, lang)}`, `${L.amount[lang]} ${fmtMoney(o.amount, lang, o.currency)}`];
    if (o.expectedCloseDate) parts.push(`${L.close[lang]} ${formatDate(o.expectedCloseDate, lang, tz)}`);
    if (o.qualification !== 'UNSURE') parts.push(QUALIFICATION_LABEL[o.qualification][lang]);
    if (o.grade) parts.push(GRADE_LABEL[o.grade][lang]);
    const changes = s.opportunity.changed
      .filter((c) => c.field === 'amount' || c.field === 'stage')
      .map((c) =>
        c.field === 'amount'
          ? `${L.amount[lang]} ${fmtMoney(c.from as number | null, lang, o.currency)} → ${fmtMoney(c.to as number, lang, o.currency)}`
          : `${L.stage[lang]} ${stageLabel(String(c.from), lang)} → ${stageLabel(String(c.to), lang)}`,
      );
    const head = `${o.title}（${(s.opportunity.created ? L.created : L.existing)[lang]}）`;
    lines.push(`• ${L.opp[lang]}${sep}${head} · ${parts.join(' · ')}${changes.length ? `\n  ${changes.join('；')}` : ''}`);
    lines.push(...closingReplyLines(s.opportunity, lang, o.currency));
  }
  for (const task of s.tasks) {
    const due = task.dueAt ? `${L.due[lang]} ${formatShort(task.dueAt, lang, tz)}${task.dueLabel ? `（${task.dueLabel}）` : ''}` : L.noDue[lang];
    const to = task.assignee ? (lang === 'zh' ? ` · 交给 ${task.assignee}（已推送）` : ` · for ${task.assignee} (sent to them)`) : '';
    lines.push(`• ${L.task[lang]}${sep}${task.title} · ${due}${to}`);
  }
  if (s.hot) lines.push(s.hot.value ? `${L.hotOn[lang]}${s.hot.note ? `${sep}${s.hot.note}` : ''}` : L.hotOff[lang]);
  for (const c of s.customer?.conflicts ?? []) {
    lines.push(
      lang === 'zh'
        ? `${L.conflict.zh}：客户“${c.customer.name}”已由 ${c.owner.displayName} 跟进，请确认是否同一家。`
        : `${L.conflict.en}: "${c.customer.name}" is already worked by ${c.owner.displayName}. Please check whether it is the same company.`,
    );
  }
  lines.push(...notStoredSection(s.notStored ?? [], lang));
  const title = L.recorded[lang];
  return { title, lines, text: `${title}\n${lines.join('\n')}\n${L.footer[lang]}` };
}
