// The new manager questions end to end through the real rule parser, both databases, with hand-
// built data and hand-worked answers: deals closing, one rep's performance / customers / hot
// customers, forgotten customers, 周报/月报, 丢单原因, overdue 回款计划, "who did what" with
// customers and outcomes — by name or 我, refused outside the asker's scope; English questions get
// English answers; empty funnel stages show "—"; one stall setting for answers and pushes.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { loadTeams } from '../../src/domain/pushes/team.js';
import { findStalled, findStalledPage, stalledAlerts } from '../../src/domain/stalled.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import type { World } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-25T02:00:00Z'); // Wednesday 10:00 Shanghai
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

describe.each(await testDatabases())('manager questions, more ways ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const ask = (text: string, who: keyof World = 'manager') =>
    bot.handleMessage({ platform: 'CONSOLE', externalId: `q${++seq}`, senderId: (suite.world[who] as { consoleName: string }).consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
    const p = suite.db.prisma;
    const cust = (ownerId: string, name: string, extra: { hot?: boolean; lastContactAt?: Date | null; createdAt?: Date; lifecycle?: 'SIGNED' } = {}) =>
      p.customer.create({ data: { name, normalizedName: name, ownerId, hot: !!extra.hot, hotSince: extra.hot ? ago(5) : null, lastContactAt: extra.lastContactAt ?? null, createdAt: extra.createdAt ?? ago(60), lifecycle: extra.lifecycle } });
    const deal = (ownerId: string, customerId: string, stage: string, amount: number, close: Date | null, extra: { status?: 'WON' | 'LOST'; closedAt?: Date; lostReason?: string; lostCompetitor?: string; stageEnteredAt?: Date } = {}) =>
      p.opportunity.create({ data: { ownerId, customerId, title: 'x', stage, amount, expectedCloseDate: close, status: extra.status ?? 'OPEN', closedAt: extra.closedAt, lostReason: extra.lostReason, lostCompetitor: extra.lostCompetitor, createdAt: ago(50), stageEnteredAt: extra.stageEnteredAt ?? ago(2) } });
    // 李娜
    const qm = await cust(suite.world.rep.id, '启明电子', { hot: true, lastContactAt: ago(1) });
    await deal(suite.world.rep.id, qm.id, 'QUOTATION', 400000, new Date('2026-11-28T10:00:00+08:00'));
    await p.activity.create({ data: { type: 'VISIT', occurredAt: ago(1), summary: '演示了新版本，客户很满意', rawText: 'r', authorId: suite.world.rep.id, customerId: qm.id } });
    const yf = await cust(suite.world.rep.id, '云帆物流', { lastContactAt: ago(3) });
    await deal(suite.world.rep.id, yf.id, 'NEGOTIATION', 900000, new Date('2026-12-20T10:00:00+08:00'), { stageEnteredAt: ago(9) });
    const hc = await cust(suite.world.rep.id, '海川医药', { lastContactAt: ago(2), lifecycle: 'SIGNED' });
    const won = await deal(suite.world.rep.id, hc.id, 'WON', 500000, null, { status: 'WON', closedAt: ago(1) });
    const k = await p.contract.create({ data: { customerId: hc.id, ownerId: suite.world.rep.id, opportunityId: won.id, amount: 500000, signedAt: ago(1) } });
    await p.paymentPlan.create({ data: { customerId: hc.id, contractId: k.id, amount: 200000, dueAt: ago(2), label: '首付款' } });
    await cust(suite.world.rep.id, '老友超市', { lastContactAt: ago(40), createdAt: ago(90) });
    const lj = await cust(suite.world.rep.id, '蓝鲸科技', { lastContactAt: ago(6) });
    await deal(suite.world.rep.id, lj.id, 'LOST', 300000, null, { status: 'LOST', closedAt: ago(1), lostReason: '输给了华为，价格低两成', lostCompetitor: '华为' });
    // 王强
    const jq = await cust(suite.world.rep2.id, '金桥电子', { lastContactAt: ago(1) });
    await deal(suite.world.rep2.id, jq.id, 'PROPOSAL', 300000, new Date('2026-11-26T10:00:00+08:00'));
    await p.activity.create({ data: { type: 'CALL', occurredAt: ago(1), summary: '确认了采购流程', rawText: 'r', authorId: suite.world.rep2.id, customerId: jq.id } });
    await cust(suite.world.rep2.id, '银河酒店', { hot: true, lastContactAt: ago(2) });
    // 赵六, another team
    const bh = await cust(suite.world.outsider.id, '北海港务', { hot: true });
    await deal(suite.world.outsider.id, bh.id, 'QUOTATION', 700000, new Date('2026-11-27T10:00:00+08:00'));
  });

  it('这个月能签的单子: open deals closing this month in the scope, with totals; a rep sees only theirs', async () => {
    const r = await ask('本月预计能签下来的商机');
    expect(r.text.split('\n')[0]).toBe('📅 我的团队 · 本月预计成交的商机');
    expect(r.text).toMatch(/金桥电子\s+王强\s+方案\s+30万元\s+40%\s+2026年11月26日/);
    expect(r.text).toMatch(/启明电子\s+李娜\s+报价\s+40万元\s+60%\s+2026年11月28日/);
    expect(r.text).not.toMatch(/云帆物流|北海港务/);
    expect(r.text).toContain('合计 2 个，金额 70万元，按赢率加权 36万元');
    const mine = await ask('这个月我能签哪些单子？', 'rep');
    expect(mine.text).toContain('启明电子');
    expect(mine.text).not.toContain('金桥电子');
  });

  it('一个人的业绩: by name for a manager, 我 for a rep; others are refused', async () => {
    const r = await ask('李娜这个月业绩如何');
    expect(r.text.split('\n')).toEqual(expect.arrayContaining([
      '📈 李娜 · 这个月业绩',
      '• 赢单：1 单 50万元（未设目标）',
      '• 回款：¥0（本期计划回款 20万元）',
      '• 在途商机：2 个 130万元，其中本期预计成交 1 个 40万元',
      '• 赢单排名：第 1 名（共 2 名销售）',
    ]));
    expect((await ask('我这个月业绩怎么样', 'rep')).text.split('\n')[0]).toBe('📈 李娜 · 这个月业绩');
    expect((await ask('王强这个月业绩如何', 'rep')).text).toBe('你没有权限查看或修改这部分数据。');
    expect((await ask('赵六的业绩怎么样')).text).toBe('你没有权限查看或修改这部分数据。');
  });

  it('一个人的业绩 asked by naming the figures ("王强本周的业绩", "看看李娜这个月的业绩"): the same answer, the same scope', async () => {
    // Were "not understood", or looked up as a customer named "李娜这个月的业绩".
    expect((await ask('王强本月的业绩')).text.split('\n')[0]).toBe('📈 王强 · 本月业绩');
    expect((await ask('看看李娜这个月的业绩')).text.split('\n')[0]).toBe('📈 李娜 · 这个月业绩');
    expect((await ask('李娜业绩')).text).toContain('• 赢单：1 单 50万元');
    expect((await ask('王强的业绩', 'rep')).text).toBe('你没有权限查看或修改这部分数据。');
  });

  it('一个人的客户 and 热点客户, by name or 我, within scope', async () => {
    const r = await ask('王强手上有哪些客户');
    expect(r.text.split('\n')[0]).toBe('👥 王强的客户（2）');
    expect(r.text).toMatch(/银河酒店 🔥/);
    expect(r.text).toMatch(/金桥电子\s+潜在\s+方案\s+30万元\s+1天前/);
    expect(r.text).not.toContain('启明电子');
    expect((await ask('王强手上有哪些客户', 'rep')).text).toBe('你没有权限查看或修改这部分数据。');
    const hot = await ask('王强的热点客户');
    expect(hot.text).toBe('🔥 王强的热点客户（1）\n• 银河酒店 · 2天未联系');
    expect((await ask('赵六的热点客户')).text).toBe('你没有权限查看或修改这部分数据。');
    expect((await ask('我的客户', 'rep2')).text.split('\n')[0]).toBe('👥 我的客户（2）');
  });

  it('没跟进的客户: by customer level, or one number of days', async () => {
    const r = await ask('哪些客户好久没人跟进了');
    // 老友超市 (prospect, 40 > 30 days) only: hot 启明电子 1 day, 云帆 3 < 14 …
    expect(r.text).toBe('🕸️ 我的团队 · 没跟进的客户（1）\n潜在客户（超过30天）1 家：\n• 老友超市（李娜） · 40天未跟进');
    const five = await ask('超过5天没联系的客户', 'rep');
    expect(five.text.split('\n').filter((l) => l.startsWith('•'))).toEqual(['• 老友超市 · 40天未跟进', '• 蓝鲸科技 · 6天未跟进']);
  });

  it('周报 and 月报: a rep’s own with customers and outcomes; the team’s for a manager', async () => {
    const mine = await ask('这周周报', 'rep');
    expect(mine.text.split('\n')[0]).toBe('🗓️ 李娜 的周报 · 这周');
    expect(mine.text).toContain('• 启明电子（拜访）：演示了新版本，客户很满意');
    const team = await ask('团队月报');
    expect(team.text.split('\n')[0]).toBe('📊 团队月报 · 本月（2人）'); // the two reps; the manager has nothing on record
    expect(team.text).not.toMatch(/^张经理/m);
    expect(team.text).toContain('• 签约：1（50万元） · 丢单 1');
    expect(team.text).toContain('  • 金桥电子（电话）：确认了采购流程');
    expect(team.text).toContain('  • 海川医药：赢单 50万元');
    expect(team.text).toContain('  • 蓝鲸科技：丢单（输给了华为，价格低两成）');
  });

  it('这周大家都做了什么 names customers and what came of them', async () => {
    const r = await ask('这周大家都做了什么');
    expect(r.text).toContain('— 客户与进展 —');
    expect(r.text).toContain('李娜（3 家）：');
    expect(r.text).toContain('  • 启明电子（拜访）：演示了新版本，客户很满意');
    expect(r.text).toContain('  • 海川医药：赢单 50万元');
    expect(r.text).toContain('  • 蓝鲸科技：丢单（输给了华为，价格低两成）');
    expect(r.text).toContain('王强（1 家）：');
    // Only reps are listed: the manager did nothing and is not a zero row.
    expect(r.text).not.toMatch(/^张经理/m);
  });

  it('丢单原因 and overdue 回款计划', async () => {
    const lost = await ask('本季度丢单原因分析');
    expect(lost.text).toContain('丢单 1 个，金额 30万元');
    expect(lost.text).toMatch(/价格\s+1\s+30万元\s+0/);
    expect(lost.text).toMatch(/华为\s+1\s+30万元\s+0/);
    const plans = await ask('哪些回款逾期了');
    expect(plans.text).toContain('⏰ 已逾期 1 笔，未回款 20万元：');
    expect(plans.text).toMatch(/海川医药\s+李娜\s+首付款\s+2026年11月23日\s+20万元\s+2天/);
  });

  it('answers follow the language of the question, headers included', async () => {
    const r = await ask('which deals close this month?');
    expect(r.text.split('\n')[0]).toBe('📅 My team · deals expected to close this month');
    expect(r.text).toMatch(/^Customer\s+Owner\s+Stage\s+Amount\s+Win %\s+Close date$/m);
    // Every word but the customers' and people's names is English.
    expect(r.text.replace(/金桥电子|启明电子|王强|李娜/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = await ask('本月漏斗');
    expect(zh.text.split('\n')[0]).toContain('销售漏斗');
  });

  it('empty funnel stages show "—", not a conversion rate', async () => {
    const r = await ask('本月漏斗');
    const row = (label: string) => r.text.split('\n').find((l) => l.startsWith(label))!.split(/\s{2,}/);
    expect(row('需求确认')).toEqual(['需求确认', '0', '—', '—', '—']);
    expect(row('报价')[1]).toBe('1');
    expect(row('赢单（本期）').slice(0, 3)).toEqual(['赢单（本期）', '1', '50万元']);
  });

  it('one stall setting: the team’s stallDays decides both the answer and the push', async () => {
    // 云帆物流 has been in 谈判 for 9 days: under the stage default (10), over a team setting of 7.
    expect((await ask('哪些单子停滞了')).text).toBe('👍 没有停滞的商机。');
    const team = () => loadTeams(suite.db.prisma).then((ts) => ts.find((t) => t.id === suite.world.teamId)!);
    expect(await stalledAlerts(suite.db.prisma, NOW, await team())).toEqual([]);
    await suite.db.prisma.team.update({ where: { id: suite.world.teamId }, data: { settings: { stallDays: 7 } } });
    const r = await ask('哪些单子停滞了');
    expect(r.text).toBe('🐢 停滞商机（1）\n• 云帆物流（李娜） · 谈判 9天（阈值7天） · 90万元');
    const pushes = await stalledAlerts(suite.db.prisma, NOW, await team());
    expect(pushes.map((p) => p.message.text)).toEqual(['🐢 商机停滞：云帆物流「x」在谈判阶段已 9 天（超过 7 天），金额 90万元。\n下一步是什么？直接回复即可（如“下周二约他们开会”“阶段改成谈判”“丢单了，原因是价格”），我会记在 云帆物流 名下。']);
  });

  it('a long stalled list: the 50 longest stalled, the total counted by the database, the same order as the full list', async () => {
    // 57 more deals of 王强 stalled in 方案 for 30…85 days (two of them on the same day).
    for (let i = 0; i < 57; i++) {
      const c = await suite.db.prisma.customer.create({ data: { name: `停滞客户${i}`, normalizedName: `停滞客户${i}`, ownerId: suite.world.rep2.id } });
      await suite.db.prisma.opportunity.create({ data: { ownerId: suite.world.rep2.id, customerId: c.id, title: 'x', stage: 'PROPOSAL', amount: 10000 + i, createdAt: ago(90), stageEnteredAt: ago(30 + Math.min(i, 55)) } });
    }
    const scope = [suite.world.manager.id, suite.world.rep.id, suite.world.rep2.id];
    const all = await findStalled(suite.db.prisma, NOW, { userIds: scope });
    expect(all).toHaveLength(57);
    const page = await findStalledPage(suite.db.prisma, NOW, { userIds: scope, limit: 50 });
    expect(page.total).toBe(57);
    expect(page.deals.map((d) => d.daysInStage)).toEqual(all.slice(0, 50).map((d) => d.daysInStage));
    expect(page.deals[0].daysInStage).toBe(85);
    const r = await ask('哪些单子停滞了');
    const lines = r.text.split('\n');
    expect(lines[0]).toBe('🐢 停滞商机（57）');
    expect(lines.filter((l) => l.startsWith('• '))).toHaveLength(50);
    expect(lines.at(-1)).toBe('…另有 7 个停滞时间较短的商机未列出');
    // A number in the question is the threshold for every stage, and the count follows it.
    expect((await ask('哪些单子停滞超过70天')).text.split('\n')[0]).toBe("🐢 停滞超过 70 天的商机（16）");
  });
});
