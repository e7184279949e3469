// Questions answered from the database. Specific kinds are recognised by their own words
// (漏斗, 排名, 停滞…); anything else phrased as a question is kind 'other'.
import type { ParsedQuery, Period } from '../schema.js';
import { findCustomer, findEnglishCustomerLoose } from './customers.js';
import type { TimeCtx } from './dates.js';
import { smallNumber } from './numbers.js';
import { findPeriod, periodFor, thisMonth } from './periods.js';
import { clip, tidy } from './text.js';

type Kind = ParsedQuery['kind'];

const KIND_RULES: Array<[Kind, RegExp]> = [
  ['my_tasks', /^(?:查看|看看|查|列出|显示)?\s*(?:我的)?\s*(?:待办|待办事项|任务|任务列表|todo|to-?dos?)\s*(?:列表|清单|有哪些|是什么|呢)?\s*[?？]?$|我的待办|我的任务|我(?:今天|明天|这周|本周)?有(?:哪些|什么)(?:待办|任务)|(?:有|还有)(?:哪些|什么)待办|(?<![a-z])(?:my tasks|my to-?dos?|show (?:me )?(?:my )?tasks|what'?s on my (?:plate|list)|todo list)(?![a-z])/i],
  ['daily_report', /日报|(?<![a-z])(?:daily (?:report|summary|digest))(?![a-z])/i],
  ['funnel', /漏斗|(?<![a-z])(?:pipeline|funnel)(?![a-z])/i],
  ['ranking', /排名|排行|龙虎榜|谁(?:业绩|签单|成交)?最多|(?<![a-z])(?:ranking|rankings|leaderboard|rank)(?![a-z])/i],
  ['stalled', /停滞|卡住|没进展|没有进展|没动静|(?<![a-z])(?:stalled|stuck|stale|no progress)(?![a-z])/i],
  ['target', /目标完成|完成率|完成了多少|完成情况|完成进度|目标进度|业绩完成|达成率|(?<![a-z])(?:target attainment|attainment|quota attainment|progress (?:to|against|toward) (?:target|quota))(?![a-z])/i],
  ['forecast', /预测|(?<![a-z])(?:forecast|projection)(?![a-z])/i],
  ['churn', /流失|(?<![a-z])(?:churn|at risk|at-risk)(?![a-z])/i],
  ['rfm', /(?<![a-z])rfm(?![a-z])|客户分层|客户价值分析|价值分层|客户分级/i],
  ['receivables', /应收|回款情况|回款进度|回款统计|回款汇总|回款了多少|收款情况|欠款|(?<![a-z])(?:receivables?|outstanding payments?|accounts receivable|collections)(?![a-z])/i],
  ['hot_customers', /(?:我的|哪些|有哪些|列出|看看|查看|所有|全部)\s*热点(?:客户)?|热点客户\s*(?:有哪些|列表|清单|名单|都有谁|是哪些)|^热点客户\s*[?？]?$|(?<![a-z])(?:(?:my|list|show(?: me)?|all)\s+hot\s+(?:customers|accounts|leads)|which (?:customers|accounts) are hot|hot customers\??$)(?![a-z])/i],
];
const QUESTION = /[?？]|吗|呢\s*$|多少|哪些|哪个|哪家|几家|几个|几次|几单|几位|是否|怎么样|如何|有没有|啥|什么|谁|(?<![a-z])(?:what|which|who|how many|how much|how is|how are|when|where|why|is there|are there|show me|list|tell me)(?![a-z])/i;
const ACTIVITY_WORDS = /拜访|打了|电话|跟进|做了什么|干了什么|活动|工作量|工作|拜访量|(?<![a-z])(?:visits?|calls?|activities|activity|did what|who did|meetings?)(?![a-z])/i;
// "客户问能否打折？" inside a visit report is not a question to the bot: an activity summary
// needs a counting or what-question word, not just a question mark.
const ACTIVITY_QUESTION = /几|多少|什么|哪些|谁|(?<![a-z])(?:how many|what|who|which)(?![a-z])/i;
const SOMEONE = /大家|谁|团队|全员|各位|(?<![a-z])(?:everyone|who|team|each rep)(?![a-z])/i;
const CUSTOMER_LEAD = /^(?:客户|查客户|customer|client|account)\s*[:：]?\s*(?<name>.+?)\s*[?？]?$/i;
const CUSTOMER_ASK = /(?:查一下|查查|查询|查看|看看|看一下|搜一下|找一下|了解一下|(?<![a-z])(?:show(?: me)?|look ?up|tell me about|what about|info on|status of|history of)(?![a-z]))\s*(?:客户|customer|client)?\s*(?<name>[^?？,，]+?)\s*(?:的(?:情况|进展|近况|跟进记录|记录|历史|动态|资料|信息))?\s*[?？]?$/i;
const CUSTOMER_STATE = /^(?<name>[^?？,，\s]{2,30}?)\s*(?:的|最近|近来)?\s*(?:情况|进展|近况|跟进记录|跟进情况|记录|历史|时间线|动态|怎么样了?|咋样了?)\s*[?？]?$/;
const STALLED_DAYS = /(\d{1,4}|[一二三四五六七八九十两百]{1,5})\s*(?:天|日|(?<![a-z])days?(?![a-z]))/i;

export function findQuery(s: string, c: TimeCtx, lang: 'zh' | 'en', knownCustomers: string[] | undefined, knownUsers: string[] | undefined): ParsedQuery | null {
  let kind: Kind | null = null;
  for (const [k, re] of KIND_RULES) {
    if (re.test(s)) {
      kind = k;
      break;
    }
  }
  let subject: string | null = null;
  const question = QUESTION.test(s);
  const user = findUser(s, knownUsers);

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

  if (kind !== 'customer') subject = user ?? (kind === 'activity_summary' ? leadingName(s) : null);
  if (kind === 'other' && !subject) {
    const cust = findCustomer(s, knownCustomers) ?? (lang === 'en' ? findEnglishCustomerLoose(s) : null);
    subject = cust?.name ?? null;
  }

  let period: Period | null = findPeriod(s, c);
  if (!period && /下季度|next quarter/i.test(s)) period = periodFor('quarter', 1, '下季度', c);
  if (!period && (kind === 'funnel' || kind === 'ranking' || kind === 'target' || kind === 'forecast')) period = thisMonth(lang, c);

  let days: number | null = null;
  if (kind === 'stalled') {
    const d = STALLED_DAYS.exec(s);
    const n = d ? smallNumber(d[1]) : null;
    days = n && n > 0 && Number.isInteger(n) ? n : null;
  }
  return { kind, subject, period, days };
}

function findUser(s: string, users: string[] | undefined): string | null {
  let best: string | null = null;
  const lower = s.toLowerCase();
  for (const u of users ?? []) if (u && lower.includes(u.toLowerCase()) && (!best || u.length > best.length)) best = u;
  return best;
}

// "张三这周拜访了几家": a 2–3 character name in front of the period or the activity word.
const LEADING_NAME = /^(?<name>[\u4e00-\u9fff]{2,3}?)(?:这周|本周|上周|今天|昨天|本月|这个月|上个?月|最近|拜访|打了|跟进|做了|一共|总共)/;
function leadingName(s: string): string | null {
  const m = LEADING_NAME.exec(s);
  const n = m?.groups?.name;
  if (!n || /^(?:大家|我们|团队|我|他们|谁|各位|全员|销售|所有人|每个人|今天|昨天|前天|本周|这周|上周|本月|最近)$/.test(n) || /^我/.test(n)) return null;
  return n;
}
