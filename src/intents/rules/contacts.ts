// People on the customer side. Chinese names are found through surnames, because nothing else
// marks where a name starts inside a run of characters ("方舟电子的刘兵").
import type { ParsedContact } from '../schema.js';
import { clip, escapeRegExp } from './text.js';

// Surnames allowed before an honorific (刘总, 王经理). Broad: the honorific anchors the match.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅邱秦侯邹熊孟薛闫雷白龙段郝孔邵史毛钱顾严汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪牛温季俞章鲁葛伍申尤毕聂焦向柳邢骆岳齐梅莫庄辛管祝左涂谷祁舒耿牟卜詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍覃霍翁隋甘景包司柏宁柯阮桂闵强柴华车冉房边吉饶刁瞿戚丘古米池滕晋苑邬臧宫缪苟全褚廉简娄符奚穆党燕郎冀谈姬屠连郁晏栾郜蓝万高方于江时';
const COMPOUND = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '司徒', '令狐', '夏侯', '尉迟', '公孙', '长孙', '宇文'];
// Surnames that are also everyday characters (成交, 高层, 方案, 时间, 金额…) are not trusted
// for bare full names, only with an honorific or a parenthesised title.
const AMBIGUOUS = new Set([...'金石白龙文安成高方于江时向华房车宁强全关常武易连简党司包甘景管齐牛米池古吉边万柳谈燕阳游盛']);

const HONORIFIC_TITLE: Record<string, string> = {
  总经理: '总经理', 总工: '总工程师', 总监: '总监', 总裁: '总裁', 总: '总经理', 经理: '经理', 主任: '主任', 主管: '主管',
  处长: '处长', 科长: '科长', 部长: '部长', 局长: '局长', 院长: '院长', 校长: '校长', 所长: '所长', 董事长: '董事长', 董: '董事长',
  书记: '书记', 老师: '老师', 老板: '老板', 博士: '博士', 教授: '教授', 律师: '律师', 医生: '医生', 工: '工程师', 秘书: '秘书', 助理: '助理',
};
const HONORIFICS = Object.keys(HONORIFIC_TITLE).sort((a, b) => b.length - a.length);
const SURNAME_ALT = `(?:${COMPOUND.join('|')}|[${SURNAMES}])`;
const HONORIFIC_RE = new RegExp(`(?<sn>${SURNAME_ALT})(?<h>${HONORIFICS.join('|')})`, 'g');
// 刘总结 / 金总额 / 施工: the honorific characters are part of another word.
const HONORIFIC_STOP_AFTER: Record<string, RegExp> = {
  总: /^(?:结|共|部|体|计|额|价|量|数|之|的来说|包|账|线|署|局)/,
  工: /^(?:作|程|厂|期|艺|资|人|具|地|业|序|时|单|件)/,
  董: /^(?:事会)/,
};
const HONORIFIC_STOP_WORDS = new Set(['施工', '童工', '加工', '分工', '开工', '完工', '员工', '手工', '全总', '高工', '成总', '连总', '方总监']);

const HONORIFIC_AT_END = new RegExp(`(?:${SURNAME_ALT})(?:${HONORIFICS.map(escapeRegExp).join('|')})$`);
// A parenthesised title right after a name: 刘兵(技术负责人) / John Smith (CTO).
const PAREN_RE = /\(\s*([^()]{1,30}?)\s*\)/g;
// A bare Chinese full name after a word that introduces a person.
const INTRO = '(?:拜访了?|见了|见到|会见|约了|和|跟|与|同|找了?|联系了?|致电|给|的|联系人[:：]?|对接人[:：]?|是)';
const BARE_NAME_RE = new RegExp(`${INTRO}(?<name>${SURNAME_ALT}[\\u4e00-\\u9fff]{1,2})`, 'g');
// What may follow a bare name: nothing, punctuation, or a verb the person did.
const AFTER_NAME = /^(?:$|[\s,.;:!?()、]|的|聊|沟通|谈|说|讲|表示|反馈|觉得|认为|对|打|通|开|见|吃|确认|介绍|演示|提|问|同意|答应|负责|是|也|很|在|那|这|一起|现场|电话|微信|发|了解|看|商量|碰|面|交流|讨论)/;
const NOT_NAMES = new Set(['方案', '金额', '时间', '成本', '成交', '高层', '关系', '安排', '文档', '全部', '周五', '周一', '周二', '周三', '周四', '周六', '周日', '周末', '明天', '张图', '王牌', '黄了', '常规', '许多', '何时', '于是', '江湖', '程序', '程度', '田地', '石头', '李子', '孙子', '马上', '钱款', '钱都', '毛利', '余额', '余款', '董事', '贾方', '韩国', '曾经', '陆续', '邓白', '苏州', '江苏', '温州', '洪水', '杨浦', '严格', '严重', '尤其', '包括', '齐全', '费用', '纪要', '童鞋', '项目', '曲线', '冯总', '蓝图', '任何', '任务', '梁上', '罗列', '郑重', '谢谢', '宋体', '汪汪', '姚明', '雷达', '孔子', '段落', '熊猫', '叶子', '夏天', '秦朝', '卢布', '姜汁', '崔嵬', '钟头', '邵阳', '潘多', '牛逼', '温度', '季度', '俞伯', '葛优', '申请', '申报', '毕竟', '聂卫', '焦点', '焦虑', '邢台', '岳阳', '庄园', '辛苦', '祝福', '涂料', '舒服', '詹姆', '苗头', '凌晨', '盛情', '欧洲', '甄别', '项目经', '曲折', '游戏', '裴多', '席位', '卫生', '查一', '查看', '查询', '屈服', '霍尔', '翁源', '柏林', '宁波', '柯达', '冉冉', '吉利', '饶恕', '戚然', '丘陵', '滕州', '晋升', '苑囿', '宫殿', '缪斯', '苟且', '褚色', '廉价', '娄底', '符合', '奚落', '穆斯', '郎中', '冀望', '屠宰', '郁闷', '晏然', '郜然', '赖账', '黎明', '易用', '乔迁', '贺电', '龚滩', '庞大', '樊篱', '兰州', '殷切', '陶瓷', '翟然', '颜色', '倪端', '鲁莽', '伍佰', '莫过', '祁连', '卜卦', '耿直', '靳然', '甘肃', '景德', '桂林', '闵行', '柴油', '冉然', '边上', '刁难', '瞿塘', '臧否', '池子', '邬然', '党建', '燕郊', '谈判', '姬然', '栾川', '蓝色', '万一', '向上', '向下', '常州', '武汉', '高兴', '方面', '于是', '江门', '时候', '连续', '简单', '包装', '管理', '齐心', '米兰', '古代', '吉林', '边界', '柳州', '阳光', '游玩', '盛大']);

const ROLE_PATTERNS: Array<[ParsedContact['role'], RegExp]> = [
  ['DECISION_MAKER', /决策者|决策人|拍板的|拍板人|拍板|老板|一把手|说了算|decision[- ]maker|final say|economic buyer/i],
  ['COACH', /线人|内线|教练|内应|(?<![a-z])coach(?![a-z])|champion/i],
  ['TECHNICAL', /技术负责人|IT负责人|技术|(?<![A-Za-z])CTO(?![A-Za-z])|(?<![A-Za-z])CIO(?![A-Za-z])|(?<![A-Za-z])IT(?![A-Za-z])|technical lead|tech lead|technical/i],
  ['USER', /使用者|使用部门|用户|业务部门|end[- ]user|(?<![a-z])user(?![a-z])/i],
];

export function roleOf(text: string): ParsedContact['role'] {
  for (const [role, re] of ROLE_PATTERNS) if (re.test(text)) return role;
  return 'OTHER';
}

/** Case-insensitive first letters only: the name part of the regex must stay case-sensitive. */
function ci(alternation: string): string {
  return alternation.replace(/(^|\||\(\?:)([a-z])/g, (_m, pre: string, ch: string) => `${pre}[${ch}${ch.toUpperCase()}]`);
}
// English: a capitalised name after a verb of meeting, then "(CTO)" or ", the decision maker".
const EN_TITLE_WORDS =
  'CEO|CTO|CFO|COO|CIO|CMO|VP[\\w ]{0,20}|director[\\w ]{0,20}|head of [\\w ]{1,20}|manager|procurement manager|purchasing manager|engineer|founder|owner|president|decision maker|decision-maker|champion|coach|buyer|end user|technical lead|tech lead|IT lead|IT manager';
const EN_CONTACT_RE = new RegExp(
  `(?<![A-Za-z])(?:${ci('met(?: with)?|meeting with|meet(?: with)?|spoke (?:with|to)|talked (?:with|to)|called|call with|call|emailed|email|with|and|contact|visited')})\\s+(?:(?:Mr|Ms|Mrs|Dr)\\.?\\s+)?(?<name>[A-Z][a-z]+(?:\\s+[A-Z][a-z]+){0,2})(?:\\s*\\((?<pt>[^()]{1,40})\\)|,\\s*(?:the\\s+|our\\s+|their\\s+|an?\\s+)?(?<ct>(?:${EN_TITLE_WORDS}))(?![A-Za-z]))?`,
  'g',
);
const EN_NOT_NAME = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Yesterday|January|February|March|April|May|June|July|August|September|October|November|December|The|Our|Their|Them|Him|Her|It|This|Next|Last|Acme)$/;

const PRONOUN_ROLE = /(?:他|她|对方|此人|(?<![a-z])(?:he|she)(?![a-z]))\s*(?:是|为|(?<![a-z])(?:is|was)(?![a-z]))\s*([^,.;，。；]{1,16})/i;
const EN_VERB = /^(?:Visited|Met|Called|Emailed|Email|Call|Meet|With|Spoke|Talked|And|Saw|Contacted|Pinged)$/;
const SURNAME_SET = new Set([...SURNAMES]);
const TRUSTED = (ch: string) => SURNAME_SET.has(ch) && !AMBIGUOUS.has(ch);
const CJK = /[\u4e00-\u9fff]/;
const NAME_BREAK = /[的了和跟与同见给找约是拜访联系致电到去在对把向]/;

/** The Chinese name ending right before `end` (e.g. before "(技术负责人)"), using surnames. */
function nameEndingAt(s: string, end: number): { name: string; start: number } | null {
  for (const cp of COMPOUND) {
    for (const len of [3, 4]) {
      const st = end - len;
      if (st >= 0 && s.slice(st, st + 2) === cp && [...s.slice(st, end)].every((c) => CJK.test(c))) return { name: s.slice(st, end), start: st };
    }
  }
  const c3 = end - 3;
  if (c3 >= 0 && TRUSTED(s[c3]) && CJK.test(s[c3 + 1]) && CJK.test(s[c3 + 2]) && (c3 === 0 || !CJK.test(s[c3 - 1]) || NAME_BREAK.test(s[c3 - 1]))) {
    if (!NAME_BREAK.test(s[c3 + 1])) return { name: s.slice(c3, end), start: c3 };
  }
  const c2 = end - 2;
  if (c2 >= 0 && SURNAME_SET.has(s[c2]) && CJK.test(s[c2 + 1])) return { name: s.slice(c2, end), start: c2 };
  return null;
}

// At most 20 contacts are returned; a few more mentions are enough to merge roles, and the cap
// keeps a pasted wall of names linear.
const MAX_HITS = 60;

interface Hit {
  contact: ParsedContact;
  start: number;
  end: number;
}

export function findContacts(s: string, exclude: string[] = []): ParsedContact[] {
  const hits: Hit[] = [];
  const excluded = (name: string) => exclude.some((x) => x && (x.includes(name) || name.includes(x)));
  const overlaps = (a: number, b: number) => hits.some((h) => a < h.end && b > h.start);
  const roleAfter = (from: number) => {
    const tail = s.slice(from, from + 14).split(/[,;.!?。，；\n]/)[0];
    return tail;
  };

  PAREN_RE.lastIndex = 0;
  for (let m = PAREN_RE.exec(s); m && hits.length < MAX_HITS; m = PAREN_RE.exec(s)) {
    const title = m[1].trim();
    if (!title || /^\d+$/.test(title)) continue;
    const before = s.slice(0, m.index).replace(/\s+$/, '');
    const end = before.length;
    const hon = HONORIFIC_AT_END.exec(before);
    let name: string | null = null;
    let start = end;
    if (hon) {
      name = hon[0];
      start = end - name.length;
    } else if (CJK.test(before[end - 1] ?? '')) {
      const n = nameEndingAt(before, end);
      if (n) ((name = n.name), (start = n.start));
    } else {
      const en = /([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})$/.exec(before);
      const words = en ? en[1].split(/\s+/) : [];
      while (words.length > 1 && EN_VERB.test(words[0])) words.shift();
      if (words.length && !EN_NOT_NAME.test(words[0]) && !EN_VERB.test(words[0])) ((name = words.join(' ')), (start = end - name.length));
    }
    if (!name || excluded(name)) continue;
    hits.push({ contact: { name: clip(name, 100), title: clip(title, 100), role: roleOf(title) }, start, end: m.index + m[0].length });
  }

  HONORIFIC_RE.lastIndex = 0;
  for (let m = HONORIFIC_RE.exec(s); m && hits.length < MAX_HITS; m = HONORIFIC_RE.exec(s)) {
    const name = m[0];
    const start = m.index;
    const end = start + name.length;
    const h = m.groups!.h;
    if (HONORIFIC_STOP_WORDS.has(name)) continue;
    const stopAfter = HONORIFIC_STOP_AFTER[h];
    if (stopAfter && stopAfter.test(s.slice(end, end + 4))) continue;
    if (overlaps(start, end) || excluded(name)) continue;
    const after = roleAfter(end);
    const role = roleOf(h === '老板' ? '老板' : after.replace(/^(?:是|为|作为)?/, '').slice(0, 10));
    hits.push({ contact: { name, title: HONORIFIC_TITLE[h] ?? h, role: /^(?:是|为|作为)/.test(after) || h === '老板' ? role : 'OTHER' }, start, end });
  }

  BARE_NAME_RE.lastIndex = 0;
  for (let m = BARE_NAME_RE.exec(s); m && hits.length < MAX_HITS; m = BARE_NAME_RE.exec(s)) {
    const nStart = m.index + m[0].length - m.groups!.name.length;
    const cand = m.groups!.name;
    const first = COMPOUND.find((c) => cand.startsWith(c)) ?? cand[0];
    if (first.length === 1 && !TRUSTED(first)) continue;
    let picked: string | null = null;
    for (const len of [first.length + 1, first.length + 2]) {
      if (len > cand.length) break;
      const name = cand.slice(0, len);
      if (NOT_NAMES.has(name) || NAME_BREAK.test(name[name.length - 1])) continue;
      if (AFTER_NAME.test(s.slice(nStart + len, nStart + len + 4))) {
        picked = name;
        break;
      }
    }
    BARE_NAME_RE.lastIndex = nStart + 1;
    if (!picked) continue;
    const end = nStart + picked.length;
    if (overlaps(nStart, end) || excluded(picked)) continue;
    // "刘兵是技术负责人": the words after the name say the role.
    const after = roleAfter(end);
    const roleText = /^(?:是|为|作为)/.test(after) ? after.slice(1) : '';
    hits.push({ contact: { name: picked, title: roleText ? clip(roleText.replace(/^(?:我们的|他们的|对方的|的)/, ''), 100) || null : null, role: roleOf(roleText) }, start: nStart, end });
  }

  EN_CONTACT_RE.lastIndex = 0;
  for (let m = EN_CONTACT_RE.exec(s); m && hits.length < MAX_HITS; m = EN_CONTACT_RE.exec(s)) {
    const g = m.groups!;
    const words = g.name.split(/\s+/);
    if (EN_NOT_NAME.test(words[0])) continue;
    const start = m.index + m[0].indexOf(g.name);
    const end = start + g.name.length;
    if (overlaps(start, end) || excluded(g.name)) continue;
    // "Acme Corp" after "with" is the company, not a person.
    if (/(?:^|\s)(?:Inc|Ltd|LLC|Corp|Group|Technologies|Corporation|Limited|Company|Holdings)$/.test(g.name)) continue;
    if (/^\s*(?:Inc|Ltd|LLC|Corp|Co\.|Group|Technologies|Corporation|Limited|Company)\b/.test(s.slice(end, end + 14))) continue;
    const title = (g.pt ?? g.ct ?? '').trim() || null;
    hits.push({ contact: { name: clip(g.name, 100), title: title ? clip(title, 100) : null, role: title ? roleOf(title) : 'OTHER' }, start, end });
  }

  hits.sort((a, b) => a.start - b.start);
  const byName = new Map<string, ParsedContact>();
  for (const h of hits) {
    const prev = byName.get(h.contact.name);
    if (!prev) {
      if (byName.size < 20) byName.set(h.contact.name, { ...h.contact });
      continue;
    }
    // "见了刘总，刘总是拍板的": a later mention may carry the role.
    if (prev.role === 'OTHER' && h.contact.role !== 'OTHER') prev.role = h.contact.role;
    if (!prev.title && h.contact.title) prev.title = h.contact.title;
  }
  const out = [...byName.values()];
  // "她是内线": with a single contact, a pronoun sentence describes that person.
  if (out.length === 1 && out[0].role === 'OTHER') {
    const p = PRONOUN_ROLE.exec(s);
    if (p) out[0].role = roleOf(p[1]);
  }
  return out;
}
