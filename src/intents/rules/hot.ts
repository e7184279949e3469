// 热点客户 flag. Unmarking is checked first because its phrases contain the marking ones.
import { clip, tidy } from './text.js';

const OFF =
  /取消(?:了)?(?:\S{0,10}?的)?热点(?:客户)?(?:标记)?|不再是热点(?:客户)?了?|移出热点(?:客户)?|从热点(?:客户)?(?:里|中)?(?:移除|去掉|拿掉)|不是热点(?:客户)?了|去掉热点(?:标记)?|(?<![a-z])(?:unmark(?:ed)?\s+(?:\S+\s+){0,3}?(?:as\s+)?hot|remove\s+(?:\S+\s+){0,3}?from\s+hot(?:\s+(?:customers|list))?|no longer (?:a )?hot(?:\s+(?:customer|account|lead))?|not hot any ?more)(?![a-z])/i;
export const ON =
  /(?:^|[\s,，])热点\s*[:：]|^\s*🔥+\s*(?=\S)|(?:加|加个|加上|打上|标上?)\s*🔥|(?:加到|加进|放到|放进|列到|拉到|拉进|纳入)\s*热点(?:客户)?(?:里|中|名单|列表|清单)?|^热点\s+(?=\S)|(?:标|设|列)\s*(?:成|为|置为|置成)?\s*hot(?![a-z])|重点(?:盯|关注|盯一下|盯住|关注一下)(?=\s|[,，。!！]|$|这家|这个客户)|(?:加|加个|加上|打个|打上|挂个|挂上)\s*热点(?:标记|标签|tag)?|(?<=^|[\s,，])热点(?=[\s🔥!！]*$)|(?:设为|设置为|设成|设置成|标记为?|标记成|标成|标为|标上|标个|标一下|标|列为|列入|加入|作为|定为|升级为|置为|改为|改成|是)\s*(?:一个|个)?\s*热点(?:客户)?|热点客户|重点跟进|重点客户|(?<=^|[\s,，:：])热点(?=\s*[!！。.]*$)|(?<![a-z])(?:(?:mark|marking|marked|set|setting|flag|flagging|flagged|tag|tagging|tagged)\s+(?:\S+\s+){0,3}?(?:as\s+)?(?:a\s+)?hot(?:\s+(?:customer|account|lead|prospect))?|hot (?:customer|account|lead|prospect))(?![a-z])/i;
const REASON_LEAD = /^(?:因为|原因是?|理由是?|理由|备注|because|since|as|reason:?|note:?)\s*/i;

export interface HotResult {
  hot: boolean;
  note: string | null;
  start: number;
  end: number;
}

export function findHot(s: string): HotResult | null {
  const off = OFF.exec(s);
  const m = off ?? ON.exec(s);
  if (!m) return null;
  const end = m.index + m[0].length;
  const note = tidy(s.slice(end).replace(/^[\s,，.。:：;；!！-]+/, '').replace(REASON_LEAD, ''));
  return { hot: !off, note: note && /[\p{L}\p{N}]/u.test(note) ? clip(note, 500) : null, start: m.index, end };
}
