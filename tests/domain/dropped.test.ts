// "Nothing dropped in silence" (issue 10, point 2): whatever a logged message said that was not
// stored is listed in the reply with the reason. Real rule-parser sentences where the parser
// produces the shape, hand-built parses (an LLM's possible output) for the rest; both databases.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import type { MessageParser, ParsedMessage } from '../../src/intents/schema.js';
import { testDatabases } from '../helpers/db.js';
import { parsed, type World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const opp = (o: Partial<NonNullable<ParsedMessage['opportunity']>>) => ({ stage: null, amount: null, currency: 'CNY', expectedCloseDate: null, qualification: null, grade: null, lostReason: null, ...o });

// Parses an LLM could return; everything else goes to the rule parser.
const BUILT: Record<string, ParsedMessage> = {
  '远航物流推进到样机测试阶段了': parsed({ intent: 'update_opportunity', customer: { name: '远航物流' }, opportunity: opp({ stage: 'SAMPLE_TEST' }) }),
  '远航物流报价后客户说再比较一下，顺便吐槽上家服务差': parsed({
    intent: 'update_opportunity', customer: { name: '远航物流' }, opportunity: opp({ stage: 'QUOTATION', lostReason: '上家服务差' }),
    activity: { type: 'CALL', occurredAt: '2026-11-24T10:00:00+08:00', summary: '报价后客户说再比较一下' },
  }),
  '给远航物流打了电话，合同20万基本敲定': parsed({
    intent: 'log_activity', customer: { name: '远航物流' },
    activity: { type: 'CALL', occurredAt: '2026-11-24T10:00:00+08:00', summary: '合同基本敲定' },
    deal: { contractAmount: 200000, paymentAmount: null, plannedPayments: [], currency: 'CNY' },
  }),
  '把润田的样品周三前寄出去': parsed({
    intent: 'create_task', customer: { name: '润田', evidence: 'weak' },
    nextSteps: [{ title: '寄润田的样品', dueAt: '2026-11-25T18:00:00+08:00', dueLabel: '周三前', assignee: null }],
  }),
};
const parser: MessageParser = { name: 'mixed', parse: async (text, ctx) => BUILT[text] ?? ruleParser.parse(text, ctx) };

describe.each(await testDatabases())('nothing dropped in silence on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string, who: keyof World = 'rep') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `d${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, log: () => {} });
  });

  it('a task naming a person and a vague time says the contact and the time were not stored', async () => {
    const r = await send('过阵子再约刘工');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('以下内容没有记录');
    expect(r.text).toContain('联系人“刘工”：没有客户可挂，没有存入联系人');
    expect(r.text).toContain('时间“过阵子”：没能换算成具体时间');
    expect(await suite.db.prisma.contact.count()).toBe(0);
    expect(await suite.db.prisma.task.count()).toBe(1);
  });

  it('a hand-over whose customer the colleague does not have says the task is not linked', async () => {
    const r = await send('让王强明天回访远航物流', 'manager');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('客户“远航物流”：在被安排人的客户里没有找到，待办没有关联客户');
    expect(await suite.db.prisma.customer.count()).toBe(0);
  });

  it('a stage the team does not use is named, the rest is stored', async () => {
    const r = await send('远航物流推进到样机测试阶段了');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('阶段“SAMPLE_TEST”：不在本团队的阶段列表里，阶段没有修改');
  });

  it('an activity inside a deal update and a lost reason on an open deal are reported', async () => {
    const r = await send('远航物流报价后客户说再比较一下，顺便吐槽上家服务差');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('没有另记活动');
    expect(r.text).toContain('丢单原因：商机没有标为输单，原因没有记录');
    expect(await suite.db.prisma.activity.count()).toBe(0);
  });

  it('a contract amount in a call log is reported, not silently lost', async () => {
    const r = await send('给远航物流打了电话，合同20万基本敲定');
    expect(r.text).toContain('签约/回款金额：这条没有按签约回款处理，没有记录');
    expect(await suite.db.prisma.contract.count()).toBe(0);
  });

  it('a doubtful customer guess on a task is not created; the reply says so', async () => {
    const r = await send('把润田的样品周三前寄出去');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('客户“润田”：不确定是不是客户名，没有建客户');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    expect((await suite.db.prisma.task.findFirstOrThrow()).customerId).toBeNull();
    expect(await suite.db.prisma.pendingDraft.count()).toBe(0);
  });

  it('a fully stored visit has no "not recorded" section', async () => {
    const r = await send('上午拜访了远航物流的采购经理孙莉，谈了明年的框架协议，预计60万');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).not.toContain('没有记录');
  });

  it('a figure that is not the deal\'s (a competitor\'s quote, a unit price) is named as not recorded and stays in the activity', async () => {
    const r = await send('下午去了嘉禾食品，见了品控部邢经理，友商那边报了18万，比我们便宜不少');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toMatch(/以下内容没有记录[\s\S]*金额“18万”/);
    expect(await suite.db.prisma.opportunity.count({ where: { amount: { not: null } } })).toBe(0);
    const act = await suite.db.prisma.activity.findFirst();
    expect(act?.summary).toContain('18万');
    // A stored amount is not listed again, and the other figures of a change are not noise.
    const r2 = await send('嘉禾食品的报价从30万谈到了26万');
    expect(r2.text).not.toContain('没有记录');
  });

  it('in a message about two customers, a bound said about one of them is named under that customer', async () => {
    const r = await send('上午去了青柠教育，谈了排课系统；下午去了南山冷链，南山孟总说预算最多60万');
    expect(r.outcome).toBe('APPLIED');
    const [, south] = r.text.split('【南山冷链】');
    expect(south).toMatch(/以下内容没有记录[\s\S]*最多60万/);
    expect(r.text.split('【南山冷链】')[0]).not.toContain('没有记录');
    expect(await suite.db.prisma.opportunity.count({ where: { amount: { not: null } } })).toBe(0);
  });
});
