// 设置本月目标 张三 50万 / 张三本月目标50万 / 设置团队本月目标 200万 / set target for Zhang San 500k.
// The rep's name is whatever is left once the command words, the period and the amount are gone.
import type { Period } from '../schema.js';
import type { Amount } from './amounts.js';
import { findPeriod, thisMonth } from './periods.js';
import type { TimeCtx } from './dates.js';
import { clip } from './text.js';

// 目标价 (a customer's target price) and 目标是1月签 (a close date) are not sales targets.
const TARGET_WORD = /目标(?!价|客户|公司|是\s*[0-9一二三四五六七八九十]{1,2}月)|指标|业绩任务|销售任务|(?<![a-z])(?:target|quota|goal)(?! price)(?![a-z])/i;
// A report of a visit or a call that mentions a target is not a command to set one.
const REPORT = /拜访|电话|开会|开了|见了|聊了|沟通|通了|去了|微信|报价|(?<![a-z])(?:visited|called|met|meeting|call with)(?![a-z])/i;
const ATTAINMENT = /完成率|完成了多少|完成情况|完成度|进度|达成|多少了|(?<![a-z])(?:attainment|progress|achieved|how (?:much|far))(?![a-z])|[?？]|吗/i;
const TEAM = /团队|全员|全组|全部门|部门|整个组|大家|(?<![a-z])team(?![a-z])/i;
const NOISE =
  /设置|设定|设为|设成|定为|调整为|调整|改为|改成|销售目标|业绩目标|目标|指标|业绩任务|销售任务|本月|这个月|当月|下个?月|本季度?|下季度|今年|本年度?|团队|的|为|是|给|把|我的|我|(?<![a-z])(?:set|sets|setting|the|sales|target|quota|goal|for|of|to|my|me|is|a|team|this|next|month|quarter|year|week)(?![a-z])|[:：,，。.;；]/gi;

export interface TargetResult {
  userName: string | null;
  team: boolean;
  amount: number;
  period: Period;
}

export function findTarget(s: string, amounts: Amount[], knownUsers: string[] | undefined, lang: 'zh' | 'en', c: TimeCtx): TargetResult | null {
  if (!TARGET_WORD.test(s) || ATTAINMENT.test(s) || !amounts.length || s.length > 60 || REPORT.test(s)) return null;
  const amount = amounts[0];
  const period = findPeriod(s, c) ?? thisMonth(lang, c);
  const team = TEAM.test(s);
  let userName: string | null = null;
  const lower = s.toLowerCase();
  for (const u of knownUsers ?? []) if (u && lower.includes(u.toLowerCase()) && (!userName || u.length > userName.length)) userName = u;
  if (!userName && !team) {
    let rest = s.slice(0, amount.start) + ' ' + s.slice(amount.end);
    rest = rest.replace(period.label, ' ').replace(NOISE, ' ').replace(/\s+/g, ' ').trim();
    if (/^[\u4e00-\u9fff·]{2,5}$/.test(rest) || /^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}$/.test(rest)) userName = clip(rest, 100);
  }
  return { userName: team ? null : userName, team, amount: amount.value, period };
}
