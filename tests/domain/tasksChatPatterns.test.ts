// Which whole messages are task/customer commands (tasks/chat.ts, customers/chat.ts) and which
// look alike but are sales messages for the parser; and which texts report a step as done or
// are questions put to the assistant. Pure: no database.
import { describe, expect, it } from 'vitest';
import { TASK_COMMANDS } from '../../src/domain/tasks/chat.js';
import { CUSTOMER_COMMANDS } from '../../src/domain/customers/chat.js';
import { keyUnits, kindsAgree, reportsDone } from '../../src/domain/tasks/reported.js';
import { isQuestion, isQuestionNotWrite } from '../../src/domain/questions/askable.js';
import { parseDueTime } from '../../src/domain/tasks/steps.js';
import { parsed } from '../helpers/world.js';

const matches = (cmds: typeof TASK_COMMANDS, s: string) => cmds.some((c) => c.match.test(s));
const NOW = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 Shanghai

describe('task and customer command shapes', () => {
  it('finishing by number', () => {
    for (const s of ['完成 3', '完成第二条', '已完成 1', '第4条完成了', '第三个搞定了', '2、5 都做完了', '5 done', 'done 4', 'Done #2', 'mark 3 as done', 'task 2 is finished', '搞定了', '已完成', 'done'])
      expect(matches(TASK_COMMANDS, s), s).toBe(true);
    for (const s of ['3个都完成了', '完成30万回款', '方案完成了', '完成了宏达物流的演示', 'done with Acme today'])
      expect(matches(TASK_COMMANDS, s), s).toBe(false);
  });

  it('postponing, with the time read by the parser’s date rules', () => {
    for (const s of ['推迟到下周三', '第3条延期到月底', '把第二条推迟到明天上午10点', '顺延到后天', 'postpone 2 to next Monday', 'snooze to tomorrow'])
      expect(matches(TASK_COMMANDS, s), s).toBe(true);
    expect(matches(TASK_COMMANDS, '改成40万')).toBe(false);
    expect(parseDueTime('下周三吧', NOW, 'Asia/Shanghai')?.at.toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(parseDueTime('明天上午10点', NOW, 'Asia/Shanghai')?.label).toBe('明天上午10点');
    expect(parseDueTime('周五再去宏达物流', NOW, 'Asia/Shanghai')).toBeNull();
    expect(parseDueTime('昨天', NOW, 'Asia/Shanghai')).toBeNull();
  });

  it('customers', () => {
    for (const s of ['新建客户 蓝鲸数据', '新增一家客户：海川建材', 'add customer Northwind', '海川建材标记失效', '把蓝鲸数据设为无效', 'mark Northwind as lost'])
      expect(matches(CUSTOMER_COMMANDS, s), s).toBe(true);
    for (const s of ['恢复客户 蓝鲸数据', '蓝鲸数据恢复有效', '把海川建材重新激活', 'reactivate Northwind', 'mark Northwind as active'])
      expect(matches(CUSTOMER_COMMANDS, s), s).toBe(true);
    for (const s of ['今天新增了两个客户', '宏达物流的报价作废了', '蓝鲸数据的项目恢复了', '添加客户微信']) expect(CUSTOMER_COMMANDS.some((c) => c.match.test(s) && !c.accepts), s).toBe(false);
  });
});

describe('reported completions and questions', () => {
  it('a step reported done, not planned, negated or asked', () => {
    for (const s of ['给宏达物流的合同已经发了', '海川建材的样品寄出去了', '蓝鲸数据的方案改好了', 'sent the proposal to Northwind', '跟云帆软件的陈总约好了周四演示'])
      expect(reportsDone(s), s).toBe(true);
    for (const s of ['明天给宏达物流发合同', '宏达物流的合同还没发', '合同发了吗？', 'will send the proposal to Northwind tomorrow', '海川建材的样品下周寄', '蓝鲸数据预计下月完成采购', '下周做好方案给云帆软件'])
      expect(reportsDone(s), s).toBe(false);
  });

  it('the task is matched on the object and the kind of step, never on the customer’s name', () => {
    const shared = (a: string, b: string) => [...keyUnits(a, ['宏达物流', 'Northwind'])].filter((u) => keyUnits(b, ['宏达物流', 'Northwind']).has(u));
    expect(shared('宏达物流的报价单发过去了', '给宏达物流发报价')).toEqual(['报价']);
    expect(shared('宏达物流的报价单发过去了', '宏达物流回访')).toEqual([]);
    expect(shared('sent the quotes to Northwind', 'send quote to Northwind')).toEqual(['quote']);
    expect(kindsAgree('给宏达物流发合同', '宏达物流的合同寄出去了')).toBe(true);
    expect(kindsAgree('给宏达物流发合同', '和宏达物流确认了合同条款')).toBe(false);
    expect(kindsAgree('给宏达物流发合同', '宏达物流合同的事搞定了')).toBe(true);
  });

  it('questions to the assistant vs reported questions and statements', () => {
    for (const s of ['我们组谁最拼', '上个月回款率多少', '蓝鲸数据什么时候能签？', 'which rep closed the most this quarter'])
      expect(isQuestion(s), s).toBe(true);
    for (const s of ['客户问能不能再便宜点', '陈总想知道什么时候能交付', 'he asked when we can deliver']) expect(isQuestion(s), s).toBe(false);
    const task = parsed({ intent: 'create_task', nextSteps: [{ title: 'x', dueAt: null, dueLabel: null }] });
    expect(isQuestionNotWrite(task, '下周要去哪几家客户？')).toBe(true);
    expect(isQuestionNotWrite(task, '明天和云帆软件聊聊什么时候上线')).toBe(false);
    expect(isQuestionNotWrite(task, '见了陈总，他问什么时候能交付？')).toBe(false);
  });
});
