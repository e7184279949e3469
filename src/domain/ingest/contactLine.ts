// One line per contact a message touched, the same in every reply that reports stored contacts
// (a record, a note on a customer): name, title (old → new when this message changed it), role
// (old → new likewise), phone and WeChat, and whether it is new or was changed — so the rep sees every contact
// fact that was stored, and only those.
import type { ContactResult } from '../contacts.js';
import { CONTACT_ROLE_LABEL, type Lang } from '../i18n.js';

// "孙总(决策人)": a title that only states the role is shown once, as the role.
const ROLE_ONLY_TITLE = /^(?:决策人|决策者|拍板的?人?|内线|线人|教练|自己人|用户|使用者|使用人|最终用户|用户代表|(?:the\s+)?(?:decision[- ]maker|champion|coach|insider|end[- ]user|user))$/i;

export function contactLine(c: ContactResult, lang: Lang): string {
  const zh = lang === 'zh';
  const role = c.contact.role;
  const shown = role !== 'OTHER' && c.contact.title && ROLE_ONLY_TITLE.test(c.contact.title.trim()) ? null : c.contact.title;
  // A stored title or role this message replaced is shown with what it was, so the rep sees the change.
  const title = shown && c.titleBefore ? `${c.titleBefore} → ${shown}` : shown;
  const roleLabel = role !== 'OTHER' ? CONTACT_ROLE_LABEL[role][lang] : null;
  const roleShown = roleLabel && c.roleBefore && c.roleBefore !== 'OTHER' ? `${CONTACT_ROLE_LABEL[c.roleBefore][lang]} → ${roleLabel}` : roleLabel;
  const bits = [title, roleShown].filter((b, i, arr): b is string => !!b && arr.indexOf(b) === i);
  const reach = [c.contact.phone ? `${zh ? '电话' : 'phone'} ${c.contact.phone}` : null, c.contact.wechat ? `${zh ? '微信' : 'WeChat'} ${c.contact.wechat}` : null];
  const tag = c.created ? (zh ? '新建' : 'new') : c.updated ? (zh ? '已更新' : 'updated') : null;
  const detail = [...bits, ...reach, tag].filter(Boolean).join(' · ');
  return `• ${zh ? '联系人：' : 'Contact: '}${c.contact.name}${detail ? (zh ? `（${detail}）` : ` (${detail})`) : ''}`;
}
