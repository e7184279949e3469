// Customer names. Three sources, best first: a name the sender already has (ctx.knownCustomers,
// longest match wins so 方舟电子科技 beats 方舟电子), a Chinese name ending in a company suffix,
// an English name ending in Inc/Ltd/Corp…
import { clip, escapeRegExp } from './text.js';

export interface Found {
  name: string;
  start: number;
  end: number;
}

const SUFFIX_CHAIN =
  /(?:股份有限公司|有限责任公司|有限公司|集团|科技|电子|信息|软件|网络|技术|实业|贸易|医药|制造|物流|传媒|地产|置业|能源|汽车|食品|化工|药业|生物|通信|电气|电器|机械|光电|半导体|环保|商贸|控股|证券|航空|酒店|学院|银行|医院|学校|大学|研究院|研究所|公司|厂)+/g;
// 技术/信息/网络 are also plain nouns: 技术负责人, 信息部, 网络问题.
const ADJECTIVE_USE = /^(?:负责人|总监|经理|主管|部门?|方案|交流|问题|支持|团队|人员|专家|对接|层面|指标|参数|架构|路线|文档|需求|标书|岗|骨干|人|的人|方面|上|细节|评审|要求|测试|验证|能力|实力|条款|服务)/;
// Any suffix word followed by these is a department or a job, not a company: 软件部, 电子工程师.
const ROLE_NOUN = /^(?:负责人|部门?|团队|人员|工程师|专业|行业|产品)/;
// Words that can precede a name in the same run of Chinese characters; the name starts after the last one.
const LEAD_WORDS = [
  '拜访了', '拜访', '去了', '到了', '见了', '约了', '联系了', '联系', '致电', '打电话给', '打给', '电话', '回访了', '回访', '走访了', '走访',
  '登门', '上门', '面谈', '开会', '会议', '签约', '签了', '签下', '拿下了', '拿下', '收到', '回款', '客户', '设为', '标记', '查一下', '查查',
  '查询', '查看', '看看', '看一下', '跟进', '今天', '昨天', '前天', '明天', '后天', '上午', '下午', '中午', '晚上', '早上', '刚才', '刚刚',
  '取消', '设置', '删除', '更新', '录入', '记录', '关于', '我们', '我司', '他们', '对方', '这家', '那家', '一家', '准备', '计划', '需要', '安排', '打算', '已经', '本周', '这周', '下周', '上周',
  '给', '去', '到', '和', '跟', '与', '在', '了', '的', '是', '把', '对', '向', '找', '见', '约', '从', '被', '让',
];
const LEAD_RE = new RegExp(`(?:${LEAD_WORDS.map(escapeRegExp).join('|')})`, 'g');
const NAME_CHARS = /[\u3400-\u9fffA-Za-z0-9·&]/;

const EN_SUFFIX = /(?<![A-Za-z])((?:[A-Z][\w&'-]*\.?\s+){1,4}?(?:Inc\.?|Ltd\.?|LLC|Corp\.?|Co\.(?:,?\s?Ltd\.?)?|Group|Technologies|Technology|Corporation|Limited|Company|Holdings|GmbH|PLC))(?![A-Za-z])/g;
const EN_LEAD = /^(?:(?:Visited|Visit|Met|Meet|Called|Call|Emailed|Email|Signed|Sign|With|At|From|For|To|Customer|Client|Account|And|Had|The|Our|Today|Yesterday|Tomorrow|Mark|Marked|Set|Show|Check|Lookup|Look|Up|Closed|Lost|Won)\s+)+/;

export function findKnownCustomer(s: string, known: string[] | undefined): Found | null {
  if (!known?.length) return null;
  const lower = s.toLowerCase();
  let best: Found | null = null;
  for (const k of known) {
    const name = k?.trim();
    if (!name) continue;
    const i = lower.indexOf(name.toLowerCase());
    if (i < 0) continue;
    if (!best || name.length > best.name.length) best = { name, start: i, end: i + name.length };
  }
  return best;
}

export function findSuffixCustomers(s: string): Found[] {
  const out: Found[] = [];
  SUFFIX_CHAIN.lastIndex = 0;
  for (let m = SUFFIX_CHAIN.exec(s); m; m = SUFFIX_CHAIN.exec(s)) {
    const end = m.index + m[0].length;
    const next = s.slice(end, end + 4);
    if (/^(?:技术|信息|网络)$/.test(m[0]) ? ADJECTIVE_USE.test(next) : ROLE_NOUN.test(next)) continue;
    let start = m.index;
    while (start > 0 && m.index - start < 16 && NAME_CHARS.test(s[start - 1]) && s[start - 1] !== ' ') start--;
    let prefix = s.slice(start, m.index);
    LEAD_RE.lastIndex = 0;
    let cut = 0;
    // The last lead word that still leaves a two-character name: 去了华为 keeps 华为 although 为 is also a lead word.
    for (let l = LEAD_RE.exec(prefix); l; l = LEAD_RE.exec(prefix)) {
      const c = l.index + l[0].length;
      if ([...prefix.slice(c)].length >= 2) cut = c;
    }
    prefix = prefix.slice(cut);
    start += cut;
    if ([...prefix].length < 2 && !/^[A-Za-z0-9]{2,}/.test(prefix)) continue;
    out.push({ name: clip(s.slice(start, end), 200), start, end });
  }
  EN_SUFFIX.lastIndex = 0;
  for (let m = EN_SUFFIX.exec(s); m; m = EN_SUFFIX.exec(s)) {
    const raw = m[1];
    const lead = EN_LEAD.exec(raw);
    const name = (lead ? raw.slice(lead[0].length) : raw).trim();
    if (!/^[A-Z]/.test(name) || /^(?:Inc|Ltd|LLC|Corp|Co|Group|Technologies|Corporation|Limited|Company)\b/.test(name)) continue;
    const start = m.index + raw.indexOf(name);
    out.push({ name: clip(name, 200), start, end: start + name.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function findCustomer(s: string, known: string[] | undefined): Found | null {
  const k = findKnownCustomer(s, known);
  const suffixed = findSuffixCustomers(s);
  if (k) {
    // A longer suffixed name that contains the known one is the more specific mention.
    const longer = suffixed.find((f) => f.start <= k.start && f.end >= k.end && f.name.length > k.name.length);
    return longer ?? k;
  }
  return suffixed[0] ?? null;
}

const EN_NAME_AFTER = /(?<![A-Za-z])(?:visited|signed|customer|client|account|at|from)\s+([A-Z][\w&'-]+(?:\s+[A-Z][\w&'-]+){0,2})/;
const NOT_A_NAME = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Yesterday|January|February|March|April|May|June|July|August|September|October|November|December|I|We|They|The|Our|Their|Mr|Ms|Mrs|Dr)$/;

/** English messages without a suffix: "signed Acme for 400k", "customer Acme". */
export function findEnglishCustomerLoose(s: string): Found | null {
  const m = EN_NAME_AFTER.exec(s);
  if (!m) return null;
  const words = m[1].split(/\s+/);
  while (words.length && NOT_A_NAME.test(words[words.length - 1])) words.pop();
  if (!words.length || NOT_A_NAME.test(words[0])) return null;
  const name = words.join(' ');
  const start = m.index + m[0].indexOf(name);
  return { name, start, end: start + name.length };
}
