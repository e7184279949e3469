// Demo data for the console on first run: a small team with history, so that queries, reports
// and rankings have something to show. Idempotent: does nothing when users already exist.
import type { PrismaClient } from '../generated/prisma/client.js';
import { customerKey } from './customers.js';
import { getStages } from './stages.js';
import { fromLocal, toLocal } from './time.js';

export const DEMO_USERS = [
  { consoleName: 'zhangwei', displayName: '张伟', role: 'MANAGER' as const },
  { consoleName: 'lina', displayName: '李娜', role: 'REP' as const },
  { consoleName: 'wangqiang', displayName: '王强', role: 'REP' as const },
  { consoleName: 'chenjing', displayName: '陈静', role: 'REP' as const, team: 'east' },
  { consoleName: 'admin', displayName: '管理员', role: 'ADMIN' as const },
];

const DEMO_CUSTOMERS = [
  { owner: 'lina', name: '方舟电子', contact: ['刘兵', '技术负责人', 'TECHNICAL'], stage: 'QUOTATION', amount: 300000, hot: '12月中旬签单', daysAgo: 3 },
  { owner: 'lina', name: '华星科技', contact: ['王总', '总经理', 'DECISION_MAKER'], stage: 'NEEDS_CONFIRMED', amount: 800000, hot: null, daysAgo: 20 },
  { owner: 'lina', name: '蓝海医药', contact: ['赵主任', '信息科主任', 'USER'], stage: 'WON', amount: 450000, hot: null, daysAgo: 9 },
  { owner: 'wangqiang', name: '远航物流', contact: ['孙经理', '采购经理', 'DECISION_MAKER'], stage: 'NEGOTIATION', amount: 1200000, hot: '本月底前定合同', daysAgo: 6 },
  { owner: 'wangqiang', name: '恒通制造', contact: ['周工', '工程师', 'TECHNICAL'], stage: 'PROPOSAL', amount: 260000, hot: null, daysAgo: 30 },
  { owner: 'chenjing', name: '东方银行', contact: ['吴行长', '副行长', 'DECISION_MAKER'], stage: 'INITIAL_CONTACT', amount: 2000000, hot: null, daysAgo: 2 },
] as const;

export async function seedDemo(prisma: PrismaClient, now: Date, tz = 'Asia/Shanghai'): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  const stages = getStages();
  await prisma.$transaction(async (tx) => {
    const north = await tx.team.create({ data: { name: '华北销售部', timezone: tz } });
    const east = await tx.team.create({ data: { name: '华东销售组', timezone: tz, parentId: north.id } });
    const users: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      const teamId = 'team' in u ? east.id : u.role === 'ADMIN' ? null : north.id;
      const row = await tx.user.create({ data: { consoleName: u.consoleName, displayName: u.displayName, role: u.role, teamId } });
      users[u.consoleName] = row.id;
    }
    await tx.user.updateMany({ where: { id: { in: [users.lina, users.wangqiang, users.chenjing] } }, data: { managerId: users.zhangwei } });

    const l = toLocal(now, tz);
    const dayAt = (daysAgo: number, hour: number) => fromLocal(tz, l.year, l.month, l.day - daysAgo, hour);
    for (const c of DEMO_CUSTOMERS) {
      const ownerId = users[c.owner];
      const contactAt = dayAt(c.daysAgo, 15);
      const stage = stages.find((s) => s.key === c.stage) ?? stages[0];
      const customer = await tx.customer.create({
        data: {
          name: c.name,
          normalizedName: customerKey(c.name),
          ownerId,
          hot: !!c.hot,
          hotNote: c.hot,
          hotSince: c.hot ? dayAt(c.daysAgo + 5, 9) : null,
          lastContactAt: contactAt,
          lifecycle: stage.closes === 'WON' ? 'SIGNED' : 'POTENTIAL',
          createdAt: dayAt(c.daysAgo + 30, 10),
        },
      });
      await tx.contact.create({ data: { customerId: customer.id, name: c.contact[0], title: c.contact[1], role: c.contact[2] } });
      const opp = await tx.opportunity.create({
        data: {
          customerId: customer.id,
          ownerId,
          title: c.name,
          stage: stage.key,
          amount: c.amount,
          probability: stage.probability,
          status: stage.closes ?? 'OPEN',
          closedAt: stage.closes ? contactAt : null,
          stageEnteredAt: dayAt(c.daysAgo + 1, 10),
          expectedCloseDate: dayAt(-20, 18),
          qualification: 'VALUABLE',
          createdAt: dayAt(c.daysAgo + 30, 10),
        },
      });
      await tx.stageChange.create({ data: { opportunityId: opp.id, fromStage: null, toStage: stages[0].key, changedAt: dayAt(c.daysAgo + 30, 10), changedById: ownerId } });
      if (stage.key !== stages[0].key) {
        await tx.stageChange.create({ data: { opportunityId: opp.id, fromStage: stages[0].key, toStage: stage.key, changedAt: dayAt(c.daysAgo + 1, 10), changedById: ownerId } });
      }
      await tx.activity.create({
        data: { type: 'VISIT', occurredAt: contactAt, summary: `拜访${c.name}${c.contact[0]}`, rawText: `拜访了${c.name}的${c.contact[0]}`, authorId: ownerId, customerId: customer.id, opportunityId: opp.id },
      });
      if (stage.closes === 'WON') {
        const contract = await tx.contract.create({ data: { customerId: customer.id, opportunityId: opp.id, ownerId, amount: c.amount, signedAt: contactAt } });
        await tx.payment.create({ data: { customerId: customer.id, contractId: contract.id, amount: c.amount / 2, receivedAt: contactAt } });
        // The other half is a 回款计划 due in two days (shows in 回款情况 and the payment reminders).
        await tx.paymentPlan.create({ data: { customerId: customer.id, contractId: contract.id, amount: c.amount / 2, dueAt: dayAt(-2, 18), label: '尾款' } });
      }
    }
    await tx.task.create({ data: { title: '给华星科技王总发需求确认书', dueAt: dayAt(-1, 9), dueLabel: '明天', assigneeId: users.lina } });
    // A deal lost last week, with its reason (for 丢单原因分析).
    const lostAt = dayAt(4, 16);
    const lostCustomer = await tx.customer.create({ data: { name: '北方重工', normalizedName: customerKey('北方重工'), ownerId: users.wangqiang, lastContactAt: lostAt, createdAt: dayAt(40, 10) } });
    const lostStage = stages.find((x) => x.closes === 'LOST');
    if (lostStage) {
      const lost = await tx.opportunity.create({
        data: {
          customerId: lostCustomer.id, ownerId: users.wangqiang, title: '北方重工', stage: lostStage.key, amount: 650000, probability: lostStage.probability, status: 'LOST',
          closedAt: lostAt, stageEnteredAt: lostAt, lostReason: '输给了用友，对方报价低两成', lostCompetitor: '用友', createdAt: dayAt(40, 10),
        },
      });
      await tx.stageChange.create({ data: { opportunityId: lost.id, fromStage: null, toStage: stages[0].key, changedAt: dayAt(40, 10), changedById: users.wangqiang } });
      await tx.stageChange.create({ data: { opportunityId: lost.id, fromStage: stages[0].key, toStage: lostStage.key, changedAt: lostAt, changedById: users.wangqiang } });
    }
  });
  return true;
}
