// The confirmation a rep gets after logging: exactly what was written, so a wrong guess is
// visible at once and can be fixed with a correction or undone.
import { closingReplyLines } from './deals/closing.js';
import type { HandlerEnv } from './handlerTypes.js';
import type { IngestSummary } from './ingest.js';
import { ACTIVITY_LABEL, CONTACT_ROLE_LABEL, GRADE_LABEL, QUALIFICATION_LABEL, fmtMoney, type Lang } from './i18n.js';
import { stageLabel } from './stages.js';
import { formatDate, formatShort } from './time.js';
import { notStoredSection } from './messages/dropped.js';
import { contactLine } from './ingest/contactLine.js';

const L = {
  recorded: { zh: '✅ 已记录', en: '✅ Recorded' },
  activity: { zh: '活动', en: 'Activity' },
  customer: { zh: '客户', en: 'Customer' },
  created: { zh: '新建', en: 'new' },
  existing: { zh: '已有', en: 'existing' },
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
  footerParts: {
    zh: '回复“撤销”可撤回整条消息；改某一家请带上客户名，例如“{name}的金额改成40万”。',
    en: 'Reply "undo" to revert the whole message; to fix one customer, name it, e.g. "{name} amount should be 400k".',
  },
} satisfies Record<string, Record<Lang, string>>;


export function ingestReply(s: IngestSummary, env: HandlerEnv): { text: string; title: string; lines: string[] } {
  const lines = summaryLines(s, env, false);
  const title = L.recorded[env.lang];
  return { title, lines, text: `${title}\n${lines.join('\n')}\n${L.footer[env.lang]}` };
}

/**
 * A message about several customers: one group per customer, headed by its name, so each fact
 * is shown under the customer it was filed on. `unplaced` lists what named no single customer.
 */
export function partsReply(parts: IngestSummary[], unplaced: UnplacedFacts, env: HandlerEnv): { text: string; title: string; lines: string[] } {
  const lang = env.lang;
  const sep = lang === 'zh' ? '：' : ': ';
  const lines: string[] = [];
  for (const s of parts) {
    if (!s.customer) continue;
    const c = s.customer;
    const tag = (c.created ? L.created : L.existing)[lang];
    lines.push(lang === 'zh' ? `【${c.customer.name}】（${tag}）` : `[${c.customer.name}] (${tag})`);
    lines.push(...summaryLines(s, env, true));
  }
  const n = parts.filter((p) => p.customer).length;
  if (unplaced.tasks.length) {
    if (n) lines.push(lang === 'zh' ? '【未关联客户】' : '[No customer]');
    lines.push(...summaryLines({ customer: null, contacts: [], opportunity: null, activity: null, tasks: unplaced.tasks, hot: null }, env, true));
  }
  if (unplaced.contacts.length) {
    lines.push(lang === 'zh'
      ? `⚠️ 联系人${unplaced.contacts.join('、')}没有记录：不确定属于哪家客户，请单独说明，例如“${parts[0]?.customer?.customer.name ?? '方舟电子'}的联系人${unplaced.contacts[0]}”。`
      : `⚠️ Contact ${unplaced.contacts.join(', ')} not recorded: unclear which customer they belong to. Say it again with the customer.`);
  }
  for (const u of unplaced.unsure) {
    lines.push(lang === 'zh'
      ? `⚠️ 不确定“${u.name}”是不是客户名，这部分没有记录${u.words ? `：${u.words}` : ''}。如果是新客户，请单独发一条，例如“拜访了新客户${u.name}，…”。`
      : `⚠️ Not sure "${u.name}" is a customer's name, so this part was not recorded${u.words ? `: ${u.words}` : ''}. If it is a new customer, send it on its own.`);
  }
  if (unplaced.hot !== null) {
    lines.push(lang === 'zh'
      ? `⚠️ ${unplaced.hot ? '热点标记' : '取消热点'}没有设置：不确定是哪家客户，请单独说，例如“${parts[0]?.customer?.customer.name ?? '方舟电子'}${unplaced.hot ? '设为热点' : '取消热点'}”。`
      : `⚠️ The hot flag was not ${unplaced.hot ? 'set' : 'cleared'}: unclear which customer. Say it again with the customer.`);
  }
  const title = n < 2 ? L.recorded[lang] : lang === 'zh' ? `${L.recorded.zh}（${n} 家客户）` : `${L.recorded.en} (${n} customers)`;
  const example = parts.find((p) => p.customer)?.customer?.customer.name ?? (lang === 'zh' ? '方舟电子' : 'Acme');
  return { title, lines, text: `${title}\n${lines.join('\n')}\n${L.footerParts[lang].replace('{name}', example)}` };
}

/** What a multi-customer message said that names no single customer (never filed on a guess). */
export interface UnplacedFacts {
  contacts: string[];
  tasks: IngestSummary['tasks'];
  hot: boolean | null;
  /** Parts left out because their customer's name was only a guess (and not a known customer). */
  unsure: Array<{ name: string; words: string | null }>;
}

/** "（新建）" in Chinese, " (new)" in English. */
const paren = (lang: Lang, x: string) => (lang === 'zh' ? `（${x}）` : ` (${x})`);

/** The bullet lines of one record set; `grouped`: under a customer heading (no customer line). */
function summaryLines(s: IngestSummary, env: HandlerEnv, grouped: boolean): string[] {
  const lang = env.lang;
  const tz = env.tz;
  const lines: string[] = [];
  const sep = lang === 'zh' ? '：' : ': ';
  if (s.activity) {
    const where = s.customer && !grouped ? ` · ${s.customer.customer.name}` : '';
    lines.push(`• ${L.activity[lang]}${sep}${ACTIVITY_LABEL[s.activity.type][lang]}${where} · ${formatShort(s.activity.occurredAt, lang, tz)}`);
    lines.push(`  ${s.activity.summary}`);
  }
  // Grouped under a heading, the heading names the customer.
  if (!grouped && s.customer) {
    const via = s.viaContact
      ? (lang === 'zh' ? ` · 按联系人${s.viaContact}` : ` · via contact ${s.viaContact}`)
      : s.viaPrevious ? (lang === 'zh' ? ' · 接上一条记录' : ' · from your previous record')
      : s.colleague ? (lang === 'zh' ? ` · ${s.colleague}的客户` : ` · ${s.colleague}'s customer`) : '';
    lines.push(`• ${L.customer[lang]}${sep}${s.customer.customer.name}${paren(lang, `${(s.customer.created ? L.created : L.existing)[lang]}${via}`)}`);
  } else if (!grouped && s.linkedCustomer) {
    lines.push(`• ${L.customer[lang]}${sep}${s.linkedCustomer}`);
  }
  for (const c of s.contacts) lines.push(contactLine(c, lang));
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
    const head = `${o.title}${paren(lang, (s.opportunity.created ? L.created : L.existing)[lang])}`;
    lines.push(`• ${L.opp[lang]}${sep}${head} · ${parts.join(' · ')}${changes.length ? `\n  ${changes.join(lang === 'zh' ? '；' : '; ')}` : ''}`);
    lines.push(...closingReplyLines(s.opportunity, lang, o.currency));
  }
  for (const task of s.tasks) {
    const due = task.dueAt ? `${L.due[lang]} ${formatShort(task.dueAt, lang, tz)}${task.dueLabel ? paren(lang, task.dueLabel) : ''}` : L.noDue[lang];
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
  return lines;
}
