// "刘兵的电话是13812345678", "方舟电子王总微信wz_8899": a message that only gives a contact's phone
// number or WeChat ID. The parser reads the details but no activity, so such a message used to be
// "not understood" and the number was lost. It is stored on that contact: the one of the sender's
// customers (not 失效) named in the message, else the only contact of theirs by that name;
// several or none is said plainly and nothing is written.
import type { HandlerEnv, HandlerResult } from '../handlerTypes.js';
import type { Tx } from '../context.js';
import { customerKey } from '../customers.js';

export async function contactDetailsOnly(db: Tx, env: HandlerEnv): Promise<HandlerResult | null> {
  const said = env.parsed.contacts.filter((c) => c.phone || c.wechat);
  if (said.length !== 1) return null;
  const c = said[0];
  const zh = env.lang === 'zh';
  const customer = env.parsed.customer ? customerKey(env.parsed.customer.name) : null;
  const found = await db.contact.findMany({
    where: { name: c.name.trim(), customer: { ownerId: env.user.id, lifecycle: { not: 'LOST' }, ...(customer ? { normalizedName: customer } : {}) } },
    include: { customer: true },
    take: 3,
  });
  const what = [c.phone ? (zh ? `电话 ${c.phone}` : `phone ${c.phone}`) : null, c.wechat ? (zh ? `微信 ${c.wechat}` : `WeChat ${c.wechat}`) : null].filter(Boolean).join(zh ? '、' : ', ');
  if (found.length !== 1) {
    const text = found.length
      ? zh ? `你有 ${found.length} 位叫“${c.name}”的联系人（${found.map((f) => f.customer.name).join('、')}），请带上客户名，例如“${found[0].customer.name}的${c.name}电话是…”。没有记录任何内容。` : `You have ${found.length} contacts called "${c.name}". Name the customer. Nothing was recorded.`
      : zh ? `你的客户里没有联系人“${c.name}”，${what}没有记录。请带上客户名，例如“方舟电子的${c.name}，电话…”。` : `No contact "${c.name}" among your customers, so ${what} was not recorded. Say it with the customer.`;
    return { text, outcome: 'REJECTED' };
  }
  const contact = found[0];
  const data: { phone?: string; wechat?: string } = {};
  if (c.phone && c.phone !== contact.phone) data.phone = c.phone;
  if (c.wechat && c.wechat !== contact.wechat) data.wechat = c.wechat;
  if (Object.keys(data).length) {
    env.log.updated('contact', contact.id, { phone: contact.phone, wechat: contact.wechat });
    await db.contact.update({ where: { id: contact.id }, data });
  } else {
    env.log.referenced('contact', contact.id);
  }
  const was = [data.phone && contact.phone ? `${contact.phone} → ${data.phone}` : null, data.wechat && contact.wechat ? `${contact.wechat} → ${data.wechat}` : null].filter(Boolean).join(zh ? '；' : '; ');
  return {
    text: zh
      ? `✅ 已记录 · ${contact.customer.name}\n• 联系人：${contact.name}（${what}）${was ? `\n  原来：${was}` : ''}\n回复“撤销”可撤回。`
      : `✅ Recorded · ${contact.customer.name}\n• Contact: ${contact.name} (${what})${was ? `\n  was: ${was}` : ''}\nReply "undo" to revert.`,
    outcome: 'APPLIED',
  };
}
