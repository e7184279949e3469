// Clause roles and next steps. Each clause is either a next step (future action), an expected
// close date ("预计12月签约"), or plain narrative (what happened). Activity detection and the
// summary only look at narrative clauses, which is what keeps "明天给刘总打电话" from being
// logged as a call that already happened. The time rules live in dates.ts.
import type { ParsedNextStep } from '../schema.js';
import { findTimeExprs, iso, resolveTime, type TimeCtx, type TimeExpr } from './dates.js';
import { clip, tidy, type Clause } from './text.js';

export type ClauseKind = 'step' | 'close' | 'plain';

export interface ClassifiedClause extends Clause {
  kind: ClauseKind;
  times: TimeExpr[];
  /** For kind 'close': the resolved expected close date. */
  closeAt?: Date;
}

const HEADER = /下一步(?:计划|安排|工作)?|下步|接下来|后续(?:计划|安排|工作)?|待办事项|(?<![a-z])(?:next steps?|action items?|to-?do)(?![a-z])/i;
const CUE_START =
  /^(?:(?:我|我们|我方|咱们)\s*)?(?:还|再|也|就|得)?(?:需要|要|得|准备|计划|打算|安排|待|约了|记得|别忘了?|提醒我|争取|会|将)|^(?:(?:i|we)\s*)?(?:will|'ll|need to|needs to|have to|has to|going to|plan to|must|should|gonna)(?![a-z])|^(?:remind me to|to do|todo|follow[- ]up|please)(?![a-z])/i;
const ACTION_ZH =
  /^(?:再|先|去|来|尽快|一起|马上|赶紧|要|得|需要)?(?:发|送|打|约|去|做|准备|提交|跟进|回访|安排|拜访|演示|确认|沟通|联系|签|出|提供|寄|报价|汇报|见|开|交|整理|催|上门|讨论|碰|拿|落实|推进|组织|邀请|培训|测试|部署|上线|给|和|跟|与|请|帮|核对|修改|更新|对接|申请|走访|登门|面谈|致电|回复|答复|带|陪|把|参加|参与|递交|提供|补|补齐|改|写|做|回|收|寄回|盖章|签字|跑|飞|出差|驻场|搞定|完成|finish|send|call|visit|prepare|submit|email|ping|follow|schedule|book)/i;
const ACTION_EN =
  /^(?:to\s+)?(?:send|call|email|schedule|follow|prepare|submit|visit|meet|book|arrange|confirm|share|review|demo|deliver|set up|check|contact|reach out|draft|finali[sz]e|sign|ping|update|present|invite|get|do|write|ship|resend|negotiate)(?![a-z])/i;
const PAST_MARK = /了|过(?![来去])|(?<![a-z])(?:visited|met|called|had|sent|emailed|spoke|talked|was|were|did|went|discussed)(?![a-z])/i;
const CLOSE_VERB = /签约|签单|签合同|签下|成交|落地|下单|(?<!标)签(?!到|字)|(?<![a-z])(?:close|closing|closed|sign|signing|signed)(?![a-z])/i;
const CLOSE_CUE = /预计|估计|争取|有望|应该|计划|可能|大概|左右|expected|expect|should|aim|target|likely|plan|forecast/i;

const CUE_STRIP =
  /^(?:(?:我|我们|我方|咱们)\s*)?(?:还|再|也|就)?(?:需要|要|得|准备|计划|打算|安排|待|记得|别忘了?|提醒我|争取|会|将)\s*|^(?:(?:i|we)\s*)?(?:will|'ll|need to|needs to|have to|has to|going to|plan to|must|should|gonna)\s+|^(?:remind me to|to do:?|todo:?|please)\s+/i;
const STEP_SPLIT = /并且|并|然后|、|;|(?<![a-z])(?:and then|then)(?![a-z])/i;
const JOINER = /(?:和|及|以及|, and|(?<![a-z])and)(?![a-z])/gi;

function isAction(s: string): boolean {
  const t = s.replace(/^[\s,:：]+/, '').replace(/^(?:(?:我|我们|我方)\s*)/, '');
  return ACTION_ZH.test(t) || ACTION_EN.test(t);
}

function stripTimes(s: string, times: TimeExpr[], offset = 0): string {
  let out = s;
  for (const e of [...times].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start - offset) + ' ' + out.slice(e.end - offset);
  }
  return out;
}

/** Words that make a whole message a to-do: 提醒我…, 记一下…, 待办…, remind me…, Tasks: … */
export const TASK_CUE = /提醒一下|提醒我|提醒下|remind\s*(?:me|我)|记一下|记个|记得|帮我记|待办|备忘|别忘了?|(?<![a-z])(?:to-?do|reminder|tasks?\s*[:：]|don'?t forget)(?![a-z])/i;

/** A fragment that is only a time, a header or a label ("上午", "待办 周三前", "下一步："). */
export function isFillerFragment(text: string): boolean {
  let t = text;
  for (const e of [...findTimeExprs(t)].sort((a, b) => b.start - a.start)) t = t.slice(0, e.start) + t.slice(e.end);
  t = t.replace(HEADER, '').replace(TASK_CUE, '').replace(/^[\u4e00-\u9fff]{1,4}[:：]\s*$/, '');
  return (t.match(/[\u3400-\u9fff]/g)?.length ?? 0) < 2 && !/[A-Za-z]{3,}/.test(t);
}

export function classifyClauses(clauses: Clause[], c: TimeCtx): ClassifiedClause[] {
  let inSteps = false;
  // After a future step ("下月初去成都跑一圈，拜访四川航空"), an action with no past marker is still the plan.
  let planning = false;
  const taskMode = clauses.some((cl) => TASK_CUE.test(cl.text));
  return clauses.map((cl) => {
    const times = findTimeExprs(cl.text);
    const future = times.filter((t) => !t.pastOnly);
    const base: ClassifiedClause = { ...cl, kind: 'plain', times };
    const firstFuture = future[0];
    if (firstFuture && CLOSE_VERB.test(cl.text) && !firstFuture.neutral) {
      const after = cl.text.slice(firstFuture.end, firstFuture.end + 5);
      if (CLOSE_CUE.test(cl.text) || /^\s*(?:左右|前后)?\s*(?:签|成交|落地|下单|close|sign)/i.test(after)) {
        const at = resolveTime(firstFuture, 'close', c);
        if (at) return { ...base, kind: 'close', closeAt: at };
      }
    }
    const header = HEADER.exec(cl.text);
    if (header) inSteps = true;
    const text = header ? cl.text.slice(header.index + header[0].length) : cl.text;
    if (inSteps && tidy(text)) return { ...base, kind: 'step' };
    const lead = tidy(stripTimes(cl.text, times).replace(TASK_CUE, ' '));
    const past = PAST_MARK.test(cl.text) || times.some((t) => t.pastOnly);
    if (CUE_START.test(lead) || CUE_START.test(tidy(cl.text)) || (TASK_CUE.test(cl.text) && !past)) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    if (firstFuture && !firstFuture.neutral && !past && (isAction(lead) || taskMode)) {
      planning = true;
      return { ...base, kind: 'step' };
    }
    if ((planning || taskMode) && !past && isAction(lead)) return { ...base, kind: 'step' };
    if (past) planning = false;
    return base;
  });
}

function splitParts(s: string): string[] {
  const parts: string[] = [];
  for (const chunk of s.split(STEP_SPLIT)) {
    // 和/and only split when both sides are actions: "发方案和报价单" is one step.
    let rest = chunk;
    JOINER.lastIndex = 0;
    for (let m = JOINER.exec(rest); m; m = JOINER.exec(rest)) {
      const right = rest.slice(m.index + m[0].length);
      const rightNoTime = tidy(stripTimes(right, findTimeExprs(right)));
      if (m.index > 0 && isAction(rightNoTime) && tidy(rest.slice(0, m.index))) {
        parts.push(rest.slice(0, m.index));
        rest = right;
        JOINER.lastIndex = 0;
      }
    }
    parts.push(rest);
  }
  return parts;
}

export function extractSteps(classified: ClassifiedClause[], c: TimeCtx): ParsedNextStep[] {
  const steps: ParsedNextStep[] = [];
  for (const cl of classified) {
    if (cl.kind !== 'step') continue;
    const header = HEADER.exec(cl.text);
    const text = header ? cl.text.slice(header.index + header[0].length) : cl.text;
    let inherited: { dueAt: string | null; dueLabel: string | null } = { dueAt: null, dueLabel: null };
    for (const part of splitParts(text)) {
      const times = findTimeExprs(part).filter((t) => !t.pastOnly);
      let title = tidy(stripTimes(part, times));
      for (let i = 0; i < 3; i++) {
        const next = tidy(title.replace(CUE_STRIP, ''));
        if (next === title) break;
        title = next;
      }
      title = tidy(title.replace(/^(?:to|by|on|at)\s+/i, '').replace(/\s+(?:to|by|on|at|before)$/i, ''));
      if (!title || !/[\p{L}\p{N}]/u.test(title)) continue;
      let due = inherited;
      if (times[0]) {
        const at = resolveTime(times[0], 'future', c);
        if (at) due = { dueAt: iso(c, at), dueLabel: times[0].label };
      }
      inherited = due;
      steps.push({ title: clip(title, 500), dueAt: due.dueAt, dueLabel: due.dueLabel, assignee: null });
      if (steps.length >= 20) return steps;
    }
  }
  return steps;
}
