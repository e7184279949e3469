// "客户 方舟电子": who they are, who we know there, the open deal and the latest activities.
import { customerExistsAnywhere, findVisibleCustomers } from '../customers.js';
import type { IntentHandler } from '../handlerTypes.js';
import { ACTIVITY_LABEL, CONTACT_ROLE_LABEL, LIFECYCLE_LABEL, fmtMoney, t } from '../i18n.js';
import { stageLabel } from '../stages.js';
import { formatDate, formatShort } from '../time.js';
import { ownershipHistory } from '../ownership/history.js';

const TIMELINE_LIMIT = 10;

export const customerTimelineQuery: IntentHandler = async (db, env) => {
  const { lang, tz } = env;
  const name = env.parsed.query?.subject ?? env.parsed.customer?.name;
  if (!name) return { text: lang === 'zh' ? '请说明客户名称，例如“客户 方舟电子”。' : 'Which customer? e.g. "customer Acme".', outcome: 'REJECTED' };
  const matches = await findVisibleCustomers(db, env.user, name);
  if (!matches.length) {
    const elsewhere = await customerExistsAnywhere(db, name);
    return { text: elsewhere ? t(lang, 'forbidden') : lang === 'zh' ? `没有找到客户“${name}”。` : `No customer named "${name}".`, outcome: 'ANSWERED' };
  }
  const blocks: string[] = [];
  for (const c of matches.slice(0, 3)) {
    const [owner, contacts, opps, acts, tasks] = await Promise.all([
      db.user.findUnique({ where: { id: c.ownerId }, select: { displayName: true } }),
      db.contact.findMany({ where: { customerId: c.id }, orderBy: { createdAt: 'asc' } }),
      db.opportunity.findMany({ where: { customerId: c.id }, orderBy: [{ status: 'asc' }, { updatedAt: 'desc' }], take: 3 }),
      db.activity.findMany({ where: { customerId: c.id }, orderBy: { occurredAt: 'desc' }, take: TIMELINE_LIMIT, include: { author: { select: { displayName: true } } } }),
      db.task.findMany({ where: { customerId: c.id, status: 'OPEN' }, orderBy: { dueAt: 'asc' }, take: 5 }),
    ]);
    const zh = lang === 'zh';
    const lines = [
      `🏢 ${c.name}${c.hot ? ' 🔥' : ''} · ${zh ? '负责人' : 'owner'} ${owner?.displayName ?? '?'} · ${LIFECYCLE_LABEL[c.lifecycle][lang]}`,
    ];
    if (c.hot && c.hotNote) lines.push(`  ${zh ? '热点' : 'Hot'}: ${c.hotNote}`);
    lines.push(zh ? '联系人：' : 'Contacts:');
    const reach = (p: { phone: string | null; wechat: string | null }) =>
      `${p.phone ? ` · ${zh ? '电话' : 'phone'} ${p.phone}` : ''}${p.wechat ? ` · ${zh ? '微信' : 'WeChat'} ${p.wechat}` : ''}`;
    // The role once when the title says it already ("技术负责人（技术负责人）").
    const role = (p: { title: string | null; role: keyof typeof CONTACT_ROLE_LABEL }) => (p.title === CONTACT_ROLE_LABEL[p.role][lang] ? '' : `（${CONTACT_ROLE_LABEL[p.role][lang]}）`);
    lines.push(...(contacts.length ? contacts.map((p) => `  • ${p.name}${p.title ? ` ${p.title}` : ''}${role(p)}${reach(p)}`) : [zh ? '  （无）' : '  (none)']));
    lines.push(zh ? '商机：' : 'Opportunities:');
    lines.push(
      ...(opps.length
        ? opps.map((o) => `  • ${stageLabel(o.stage, lang)} · ${fmtMoney(o.amount, lang, o.currency)}${o.expectedCloseDate ? ` · ${zh ? '预计' : 'close'} ${formatDate(o.expectedCloseDate, lang, tz)}` : ''} · ${o.status}`)
        : [zh ? '  （无）' : '  (none)']),
    );
    if (tasks.length) {
      lines.push(zh ? '待办：' : 'Open tasks:');
      lines.push(...tasks.map((k) => `  • ${k.title}${k.dueAt ? ` · ${formatShort(k.dueAt, lang, tz)}` : ''}`));
    }
    lines.push(zh ? `最近动态（${acts.length}）：` : `Recent activity (${acts.length}):`);
    lines.push(...(acts.length ? acts.map((a) => `  • ${formatShort(a.occurredAt, lang, tz)} ${ACTIVITY_LABEL[a.type][lang]} · ${a.author.displayName}：${a.summary}`) : [zh ? '  （无）' : '  (none)']));
    lines.push(...(await ownershipHistory(db, c.id, lang, tz)));
    blocks.push(lines.join('\n'));
  }
  return { text: blocks.join('\n\n'), outcome: 'ANSWERED' };
};
