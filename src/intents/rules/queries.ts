// Questions answered from the database. Specific kinds are recognised by their own words
// (漏斗, 排名, 停滞…); anything else phrased as a question is kind 'other'. A person named in the
// question (one of the known users) is the subject; 我/我的 leave it null: the asker's own scope.
import type { ParsedQuery, Period } from '../schema.js';
import { findCustomer, findEnglishCustomerLoose } from './customers.js';
import { findTimeExprs, type TimeCtx } from './dates.js';
import { smallNumber } from './numbers.js';
import { findPeriod, periodFor, thisMonth } from './periods.js';
import { clip, tidy } from './text.js';

type Kind = ParsedQuery['kind'];

const KIND_RULES: Array<[Kind, RegExp]> = [
  ['my_tasks', /^(?:查看|看看|看下|看一下|查|查一下|查下|列出|列一下|显示)?\s*(?:我的?)?\s*(?:今天|今日|明天|后天|这周|本周|下周|这个月|本月)?\s*的?\s*(?:待办|待办事项|任务|任务列表|todo|to-?dos?)\s*(?:列表|清单|有哪些|是什么|呢)?\s*[?？]?$|我的待办|我的任务|我(?:今天|明天|这周|本周)?有(?:哪些|什么)(?:待办|任务)|(?:有|还有)(?:哪些|什么)待办|^(?:我)?\s*(?:今天|明天|后天|这周|本周|下周)\s*(?:还)?(?:要|得|该|需要)(?:去)?(?:拜访|跟进|联系|回访|见|做|打给)(?:哪些|哪几家|几家|谁|什么)|(?<![a-z])(?:my tasks|my to-?dos?|show (?:me )?(?:my )?tasks|what'?s on my (?:plate|list)|todo list)(?![a-z])/i],
  ['daily_report', /日报|(?<![a-z])(?:daily (?:report|summary|digest))(?![a-z])/i],
  // 周报/月报 as something to read, not to write or send ("明天交周报" is a task); "上周报的价",
  // "下月报价" are a time and 报.
  ['period_report', /(?<!(?:写|交|发|提交|整理|准备|做|改|汇报)(?:一下|个|份|一份)?)(?<![上下这本])(?:周报|月报|周总结|月总结)|(?<![a-z])(?<!(?:send|write|submit|prepare) (?:the |a |my )?)(?:weekly|monthly) (?:report|summary|review)(?![a-z])/i],
  ['funnel', /漏斗|(?<![a-z])(?:pipeline|funnel)(?![a-z])/i],
  ['ranking', /排名|排行|龙虎榜|谁(?:业绩|签单|成交)?最多|(?<![a-z])(?:ranking|rankings|leaderboard|rank)(?![a-z])/i],
  ['stalled', /停滞|卡住|没进展|没有进展|没动静|(?<![a-z])(?:stalled|stuck|stale|no progress)(?![a-z])/i],
  ['lost_reasons', /(?:丢单|输单|丢标|失单|落单)原因(?:分析|统计|汇总|排行|分布|有哪些|是什么)|(?:为什么|为啥|什么原因)(?:会)?(?:丢单|丢了|输单|输了|没签|没拿下)|输给了?(?:哪些|谁|哪家|哪几家)|竞品(?:分析|统计|排行)|(?<![a-z])(?:why (?:do|did) we lose|(?:lost|loss) (?:reasons?|analysis)|win.?loss (?:analysis|review)|lost to (?:whom|which competitors?))(?![a-z])/i],
  ['target', /目标完成|完成率|完成了多少|完成情况|完成进度|目标进度|业绩完成|达成率|(?<![a-z])(?:target attainment|attainment|quota attainment|progress (?:to|against|toward) (?:target|quota))(?![a-z])/i],
  ['forecast', /预测|(?<![a-z])(?:forecast|projection)(?![a-z])/i],
  ['closing_deals', /(?:要签|将签|待签|能签|可签|会签|预计签|预计成交|预计能签|可能成交|要成交|能成交|即将成交|签得下|签下来|能拿下|要拿下)(?:约|单|合同)?的?(?:单子|商机|项目|合同|单|客户)|(?:要签|能签|可以签|可签|预计签|能拿下|能成交|会签)(?:哪些|哪几个|哪几家|什么|几个)(?:单子|商机|项目|合同|单|客户)?|(?:单子|商机|项目|单)(?:有哪些|哪些)?.{0,6}(?:要签|能签|预计成交|能成交|签下来|能拿下)|(?<![a-z])(?:deals?|opportunities)\b.{0,24}\b(?:closing|close|to close|expected to close)(?![a-z])|(?<![a-z])closing (?:this|next) (?:month|quarter|week)(?![a-z])/i],
  ['forgotten_customers', /(?:没|没有|未|不)(?:跟进|联系|拜访|回访|跟)(?:过)?(?:的)?(?:客户|单子)|客户.{0,8}(?:没|没有|未)(?:人)?(?:跟进|联系|拜访|回访)|(?:被)?(?:遗忘|忘了|冷落|晾着)(?:的)?客户|n't (?:been )?(?:followed up|contacted|touched)(?![a-z])|(?:多久|很久|好久)没(?:人)?(?:跟进|联系)的?客户|(?<![a-z])(?:not (?:been )?(?:followed up|contacted|touched)|forgotten (?:customers|accounts|clients)|no follow-?ups?|neglected (?:customers|accounts))(?![a-z])/i],
  ['churn', /流失|(?<![a-z])(?:churn|at risk|at-risk)(?![a-z])/i],
  ['rfm', /(?<![a-z])rfm(?![a-z])|客户分层|客户价值分析|价值分层|客户分级/i],
  ['receivables', /应收|回款情况|回款进度|回款统计|回款汇总|回款了多少|收款情况|欠款|(?<![a-z])(?:receivables?|outstanding payments?|accounts receivable|collections)(?![a-z])/i],
  ['hot_customers', /(?:我的|哪些|有哪些|列出|看看|查看|所有|全部)\s*热点(?:客户)?|热点客户\s*(?:有哪些|列表|清单|名单|都有谁|是哪些)|^热点客户\s*[?？]?$|(?<![a-z])(?:(?:my|list|show(?: me)?|all)\s+hot\s+(?:customers|accounts|leads)|which (?:customers|accounts) are hot|hot customers\??$)(?![a-z])/i],
];
// Kinds whose words also occur in reports of work done ("好久没联系的老客户今天回访了",
// "回款计划：12月底收尾款10万"): only a question or a request to see something makes them a query.
const NEEDS_ASKING = new Set<Kind>(['closing_deals', 'performance', 'customers', 'forgotten_customers', 'lost_reasons', 'payment_plans']);
const SHOW = /^(?:看看|看一下|查看|查一下|查查|列出|列一下|显示|给我|发我|统计|汇总)|(?:列表|清单|名单|排行|分析|统计|汇总|单子|商机)\s*[?？]?$|(?<![a-z])(?:show|list|give me|which|what)(?![a-z])/i;
const PERFORMANCE = /(?:业绩|表现|成绩|战绩)(?:怎么样|如何|咋样|怎样|好不好|好吗|情况|呢|多少)|(?:干得|做得|卖得)(?:怎么样|如何|咋样|怎样)|(?<![a-z])(?:performance|how (?:is|are|was|did) .{1,30} doing|how did .{1,30} do)(?![a-z])/i;
const PAYMENT_PLANS = /(?:回款计划|收款计划)(?![:：]\s*\S)|(?:哪些|哪几笔|有没有|几笔)(?:回款|款项?|应收)(?:已经)?(?:逾期|到期|快到期|要到期)|逾期(?:的)?(?:回款|款项|应收|未回款)|(?:回款|款项|应收)(?:已经)?(?:逾期|快到期|要到期)|(?<![a-z])(?:payment plans?|overdue (?:payments?|receivables?)|payments? (?:due|overdue)|upcoming payments?)(?![a-z])/i;
// "张三的客户有哪些", "王强手上有哪些客户", "我的客户", "list Zhang San's customers".
const CUSTOMERS = /^(?:(?:看看|查看|列出|显示)\s*)?(?<who>[^\s的]{0,12}?)\s*(?<link>的|名下的?|手上的?|手里的?|负责的)?\s*(?:有哪些|有什么|都有哪些|有几个|有多少)?\s*(?:所有的?|全部的?)?\s*客户(?:列表|清单|名单)?\s*(?:有哪些|都有谁|都有哪些|是哪些|有几个|有多少|呢)?\s*[?？]?$|(?<![a-z])(?:(?<ewho>[^'’]{1,30}?)['’]s (?:customers|accounts|clients)|(?:customers|accounts|clients) of (?<ewho2>[^?？]{1,30}?)\s*[?？]?$|my (?:customers|accounts|clients))(?![a-z])/i;
const HOT_OF = /^(?<who>.{1,12}?)的\s*(?:热点|重点)客户(?:有哪些|都有谁|列表|清单|名单|是哪些|呢)?\s*[?？]?$/;
const SELF = /^(?:我|我自己|本人)$/;
const BARE_FORGOTTEN = /^(?:超过|已经)?\s*(?:\d{1,4}|[一二三四五六七八九十两百]{1,4})?\s*(?:天|周|个月)?\s*(?:都)?(?:没|没有|未)(?:人)?(?:跟进|联系|拜访|回访)(?:过)?的?客户\s*[?？]?$|^(?:(?:which|what)\s+)?(?:my\s+|our\s+)?(?:customers|accounts|clients)\s+(?:(?:have|has|were|are)\s*(?:n't|\s+not)|not|haven't|weren't)\s+(?:been\s+)?(?:followed up|contacted|touched)(?:\s+(?:on|with))?(?:\s+(?:for|in)\s+(?:\d{1,4}|a|two|three)\s+(?:days?|weeks?|months?))?\s*\??$/i;
/** A question asked by naming what it wants ("逾期回款", "我的业绩", "customers not followed up"). */
export function isBareQuestion(s: string): boolean {
  return BARE_PLANS.test(s) || BARE_FORGOTTEN.test(s) || BARE_PERFORMANCE.test(s);
}

// "我的业绩", "my performance", "团队业绩": the figures themselves, asked by naming them.
const BARE_PERFORMANCE = /^(?:我的|我|我们组的?|我们的|团队的?|本组的?)?\s*(?:本月|这个月|本季度?|今年)?\s*(?:业绩|战绩)\s*[?？]?$|^(?:my|our|team)\s+(?:performance|numbers|stats)(?:\s+this\s+(?:month|quarter|year))?\s*\??$/i;
const BARE_PLANS = /^(?:查看|看看)?\s*(?:我的|团队的?)?\s*(?:回款计划|收款计划|逾期回款|逾期应收|逾期的回款)\s*[?？]?$|^(?:show\s+(?:me\s+)?)?(?:my\s+|our\s+|the\s+|team\s+)?(?:overdue (?:payments?|receivables?)|payment plans?|upcoming payments?|payments? (?:due|overdue))\s*\??$/i;
const NOT_A_PERSON = /^(?:大家|我们|团队|他们|全员|所有人|每个人|销售|公司|全公司|本月|本周|这周|上周|今天|昨天|最近|大|小|老|新|重点|热点|潜在|意向)$/;
// Questions about one person: an unknown name in front is still their subject (the answer refuses).
const PERSON_KINDS = new Set<Kind>(['performance', 'customers', 'hot_customers', 'period_report', 'daily_report', 'forgotten_customers', 'closing_deals']);

const QUESTION = /[?？]|吗|呢\s*$|多少|哪些|哪个|哪家|几家|几个|几次|几单|几位|是否|怎么样|如何|有没有|啥|什么|谁|(?<![a-z])(?:what|which|who|how many|how much|how is|how are|when|where|why|is there|are there|show me|list|tell me)(?![a-z])/i;
const ACTIVITY_WORDS = /拜访|打了|电话|跟进|跑了|见了|去了|做了什么|干了什么|活动|工作量|工作|拜访量|(?<![a-z])(?:visits?|visited|calls?|called|activities|activity|did what|who did|what did|meetings?|met with|followed up|follow-ups?)(?![a-z])/i;
// "客户问能否打折？" inside a visit report is not a question to the bot: an activity summary
// needs a counting or what-question word, not just a question mark.
const ACTIVITY_QUESTION = /几|多少|什么|哪些|谁|(?<![a-z])(?:how many|what|who|which)(?![a-z])/i;
const SOMEONE = /大家|谁|团队|全员|各位|(?<![a-z])(?:everyone|who|team|each rep)(?![a-z])/i;
// "客户 方舟电子" looks one up; "客户说…", "客户要求…", "客户那边…" is the customer doing or saying something.
const CUSTOMER_LEAD = /^(?:客户(?!(?:说|讲|表示|提到|反馈|回复|告诉|透露|觉得|认为|问|要|想|希望|需要|打算|准备|计划|会|能|可以|已经?|还|也|都|又|再|就|不|没|那边|这边|方面|的|是|这边|刚|今天|昨天|明天|下周|上周|现在|目前|之前|以前|一直|最近|这次|上次|后来|用|在))|查客户|(?:customer|client|account)(?![a-z]))\s*[:：]?\s*(?<name>[^,，。;；]+?)\s*[?？]?$/i;
const CUSTOMER_ASK = /^(?:我想|我要|帮我|请|麻烦|给我|能不能|可以)?\s*(?:查一下|查查|查询|查看|看看|看一下|搜一下|找一下|了解一下|(?<![a-z])(?:show(?: me)?|look ?up|tell me about|what about|info on|status of|history of)(?![a-z]))\s*(?:客户|customer|client)?\s*(?<name>[^?？,，]+?)\s*(?:的(?:情况|进展|近况|跟进记录|记录|历史|动态|资料|信息))?\s*[?？]?$/i;
const CUSTOMER_STATE = /^(?<name>[^?？,，\s]{2,30}?)\s*(?:的|最近|近来)?\s*(?:情况|进展|近况|跟进记录|跟进情况|记录|历史|时间线|动态|怎么样了?|咋样了?|(?:现在|目前)?(?:走到|到了|进展到|推进到|在)?(?:哪个阶段|哪一步|什么阶段|哪步|几成)了?)\s*[?？]?$/;
const STALLED_DAYS = /(\d{1,4}|[一二三四五六七八九十两百]{1,5})\s*(?:天|日|(?<![a-z])days?(?![a-z]))/i;

export function findQuery(s: string, c: TimeCtx, lang: 'zh' | 'en', knownCustomers: string[] | undefined, knownUsers: string[] | undefined): ParsedQuery | null {
  let kind: Kind | null = null;
  const question = QUESTION.test(s);
  const user = findUser(s, knownUsers);
  // Who a "X的…" question names: the asker (我, none), a known user, or — so that the answer can
  // refuse or say "no such person" — a 2–3 character name in front of 的/名下/手上.
  let named: string | null = null;
  const person = (who: string | undefined, connector: boolean) => {
    const w = (who ?? '').trim().replace(/^(?:list|show(?: me)?|what are|who are)\s+/i, '');
    if (!w || SELF.test(w) || /^(?:my|me)$/i.test(w)) return true;
    if (user !== null && w.toLowerCase() === user.toLowerCase()) return true;
    if (connector && /^[\u4e00-\u9fff]{2,3}$/.test(w) && !NOT_A_PERSON.test(w) && !findCustomer(w, knownCustomers)) {
      named = w;
      return true;
    }
    return false;
  };
  const hotOf = HOT_OF.exec(s);
  if (hotOf && person(hotOf.groups?.who, true)) kind = 'hot_customers';
  for (const [k, re] of KIND_RULES) {
    if (kind) break;
    if (re.test(s)) kind = k;
  }
  // (Worked out only when asked: most messages are no question about figures.)
  const barePerformance = () => BARE_PERFORMANCE.test(s) || namedBarePerformance(s, user ?? leadingPerson(s, knownCustomers), c);
  if (!kind && (PERFORMANCE.test(s) || barePerformance())) kind = 'performance';
  if (!kind && PAYMENT_PLANS.test(s)) kind = 'payment_plans';
  if (!kind) {
    const m = CUSTOMERS.exec(s);
    if (m && person(m.groups?.who ?? m.groups?.ewho ?? m.groups?.ewho2, !!m.groups?.link)) kind = 'customers';
  }
  const bare = kind === 'customers' || (kind === 'performance' && barePerformance()) || (kind === 'payment_plans' && BARE_PLANS.test(s)) || (kind === 'forgotten_customers' && BARE_FORGOTTEN.test(s));
  if (kind && NEEDS_ASKING.has(kind) && !question && !SHOW.test(s) && !bare) kind = null;
  let subject: string | null = null;

  if (!kind && ACTIVITY_QUESTION.test(s) && ACTIVITY_WORDS.test(s) && (findPeriod(s, c) || user || SOMEONE.test(s) || leadingName(s))) kind = 'activity_summary';

  if (!kind) {
    const m = CUSTOMER_LEAD.exec(s) ?? CUSTOMER_ASK.exec(s) ?? CUSTOMER_STATE.exec(s);
    const name = m?.groups?.name ? tidy(m.groups.name) : '';
    if (name && name.length <= 40 && !/^(?:我的|我|所有|全部|大家)$/.test(name)) {
      const known = findCustomer(name, knownCustomers);
      kind = 'customer';
      subject = clip(known?.name ?? name, 200);
    }
  }
  if (!kind && question) kind = 'other';
  if (!kind) return null;

  if (kind !== 'customer') subject = user ?? named ?? (kind === 'activity_summary' ? leadingName(s) : PERSON_KINDS.has(kind) ? (leadingName(s) ?? personAhead(s, knownCustomers)) : null);
  if (kind === 'other' && !subject) {
    const cust = findCustomer(s, knownCustomers) ?? (lang === 'en' ? findEnglishCustomerLoose(s) : null);
    subject = cust?.name ?? null;
  }

  let period: Period | null = findPeriod(s, c);
  if (!period && /下季度|next quarter/i.test(s)) period = periodFor('quarter', 1, '下季度', c);
  if (!period && kind === 'period_report') period = periodFor(/月报|月总结|monthly/i.test(s) ? 'month' : 'week', 0, /月报|月总结|monthly/i.test(s) ? (lang === 'zh' ? '本月' : 'this month') : lang === 'zh' ? '本周' : 'this week', c);
  if (!period && (kind === 'funnel' || kind === 'ranking' || kind === 'target' || kind === 'forecast' || kind === 'closing_deals' || kind === 'performance')) period = thisMonth(lang, c);

  let days: number | null = null;
  if (kind === 'stalled' || kind === 'forgotten_customers') {
    const d = STALLED_DAYS.exec(s);
    const n = d ? smallNumber(d[1]) : null;
    days = n && n > 0 && Number.isInteger(n) ? n : null;
  }
  return { kind, subject, period, days };
}

const ASK_TO_SEE = /^\s*(?:看看|看一下|查看|查一下|查查|给我看看|发我)\s*/;

/**
 * "王强的业绩", "王强本月业绩", "看看李娜这周的业绩": a colleague's figures asked by naming them — what
 * is left without the user's name, the period and a 看看/查一下 is a bare "业绩".
 */
function namedBarePerformance(s: string, user: string | null, c: TimeCtx): boolean {
  if (!user) return false;
  let rest = s.replace(user, ' ');
  const label = findPeriod(s, c)?.label;
  if (label) rest = rest.replace(label, ' ');
  rest = rest.replace(ASK_TO_SEE, '').replace(/\s+/g, '').replace(/^的/, '').replace(/的(?=业绩|战绩)/, '');
  return BARE_PERFORMANCE.test(rest);
}

function findUser(s: string, users: string[] | undefined): string | null {
  let best: string | null = null;
  const lower = s.toLowerCase();
  for (const u of users ?? []) if (u && lower.includes(u.toLowerCase()) && (!best || u.length > best.length)) best = u;
  return best;
}

// "王强的业绩怎么样": a 2–3 character name in front of 的 or a period, not a customer of the asker.
const PERSON_AHEAD = /^(?<name>[\u4e00-\u9fff]{2,3})(?:的|这周|本周|上周|这个月|本月|上个?月|今天|昨天|最近|今年|本季度|这个季度|上季度)/;
function personAhead(s: string, knownCustomers: string[] | undefined): string | null {
  const n = PERSON_AHEAD.exec(s)?.groups?.name;
  if (!n || NOT_A_PERSON.test(n) || /^[我没未不哪有超好很多本这上下今昨最所全每各其]/.test(n) || findCustomer(n, knownCustomers)) return null;
  return n;
}

// "张三这周拜访了几家": a 2–3 character name in front of the period or the activity word.
const LEADING_NAME = /^(?<name>[\u4e00-\u9fff]{2,3}?)(?:这周|本周|上周|今天|昨天|本月|这个月|上个?月|最近|拜访|打了|跟进|做了|一共|总共)/;
/** A 2–3 character name opening the message ("王强的业绩", "王强本月业绩"), not a customer's. */
function leadingPerson(s: string, knownCustomers: string[] | undefined): string | null {
  const lead = /^([\u4e00-\u9fff]{2,3}?)(?=的|本|这|上|今|业绩|战绩)/.exec(s.replace(ASK_TO_SEE, ''))?.[1];
  return lead && !NOT_A_PERSON.test(lead) && !SELF.test(lead) && !findCustomer(lead, knownCustomers) && !findTimeExprs(lead).length ? lead : null;
}

function leadingName(s: string): string | null {
  const m = LEADING_NAME.exec(s);
  const n = m?.groups?.name;
  if (!n || /^(?:大家|我们|团队|我|他们|谁|各位|全员|销售|所有人|每个人|今天|昨天|前天|本周|这周|上周|本月|最近)$/.test(n) || /^我/.test(n)) return null;
  // "明天要拜访哪些客户", "下周要跟进谁": a time (and 要/得/该) is no person's name.
  if (findTimeExprs(n).length || /[要得该会]$/.test(n)) return null;
  return n;
}
