// The 回款计划 CLI (`cli payments plan|list|aging`) on both databases, and the real
// `npm run cli -- push … --dry-run` showing the new deal alerts and payment reminders (a child
// process on a PGlite data folder, like an operator would run it).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { runPayments } from '../../src/cli/commands/payments.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 Shanghai
const DAY = 86_400_000;
const o = { now: NOW, tz: 'Asia/Shanghai', lang: 'zh' as const };

describe.each(await testDatabases())('cli payments ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });

  it('adds a plan on the customer’s open contract (warning when more is planned than owed); lists what is overdue; shows receivables by age', async () => {
    const c = await suite.db.prisma.customer.create({ data: { name: '星海电子', normalizedName: '星海电子', ownerId: suite.world.rep.id } });
    const k = await suite.db.prisma.contract.create({ data: { customerId: c.id, ownerId: suite.world.rep.id, amount: 400000, signedAt: new Date(NOW.getTime() - 45 * DAY) } });
    await suite.db.prisma.payment.create({ data: { customerId: c.id, contractId: k.id, amount: 100000, receivedAt: new Date(NOW.getTime() - 40 * DAY) } });
    expect(await runPayments(suite.db.prisma, ['plan', '星海电子', '12万', '2026-11-20', '--label', '二期款'], o)).toEqual([0, '💵 已添加回款计划：星海电子（李娜） 二期款 12万元，2026年11月20日 到期']);
    const plan = await suite.db.prisma.paymentPlan.findFirstOrThrow();
    expect([plan.contractId, Number(plan.amount), plan.dueAt.toISOString()]).toEqual([k.id, 120000, '2026-11-20T10:00:00.000Z']);
    // 30万 is still owed: 12万 + 20万 planned is 2万 too much, and 3万 more is 3万 too much.
    expect((await runPayments(suite.db.prisma, ['plan', '星海电子', '200000', '2026-12-20'], o))[1]).toContain('⚠️ 计划回款合计超出合同待回款 2万元');
    expect((await runPayments(suite.db.prisma, ['plan', '星海电子', '3万', '2027-01-20'], o))[1]).toContain('⚠️ 计划回款合计超出合同待回款 3万元');
    const [code, overdue] = await runPayments(suite.db.prisma, ['list', '--overdue'], o);
    expect([code, overdue]).toEqual([0, '星海电子\t李娜\t二期款\t2026年11月20日\t7万元']);
    const [, listed] = await runPayments(suite.db.prisma, ['list', '--team', '一部'], o);
    expect(listed).toContain('⏰ 已逾期 1 笔，未回款 7万元：');
    const [, aging] = await runPayments(suite.db.prisma, ['aging'], o);
    expect(aging).toContain('账龄（自签约起）：0–30天 ¥0（0份） · 31–60天 30万元（1份） · 61–90天 ¥0（0份） · 90天以上 ¥0（0份）');
  });

  it('refuses what it cannot do, writing nothing', async () => {
    await suite.db.prisma.customer.create({ data: { name: '无合同', normalizedName: '无合同', ownerId: suite.world.rep.id } });
    await suite.db.prisma.customer.create({ data: { name: '重名客户', normalizedName: '重名客户', ownerId: suite.world.rep.id } });
    await suite.db.prisma.customer.create({ data: { name: '重名客户', normalizedName: '重名客户', ownerId: suite.world.rep2.id } });
    expect((await runPayments(suite.db.prisma, ['plan', '没这家', '1万', '2026-12-01'], o))[0]).toBe(1);
    expect(await runPayments(suite.db.prisma, ['plan', '无合同', '1万', '2026-12-01'], o)).toEqual([1, '无合同 还没有合同，回款计划需要挂在合同上。']);
    expect((await runPayments(suite.db.prisma, ['plan', '重名客户', '1万', '2026-12-01'], o))[1]).toContain('请加 --owner 姓名');
    expect((await runPayments(suite.db.prisma, ['plan', '无合同', '很多', '2026-12-01'], o))[0]).toBe(2);
    expect((await runPayments(suite.db.prisma, ['plan', '无合同', '1万', '12月1日'], o))[0]).toBe(2);
    expect(await suite.db.prisma.paymentPlan.count()).toBe(0);
  });
});

describe('npm run cli -- push alerts|payments --dry-run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sa-money-cli-'));
    const db = await openDb({ dataDir: dir });
    try {
      const p = db.prisma;
      const team = await p.team.create({ data: { name: '一部', chatTarget: 'console:yibu', settings: { dealAlerts: { to: 'both' } } } });
      const mgr = await p.user.create({ data: { displayName: '张经理', role: 'MANAGER', teamId: team.id, consoleName: 'mgr' } });
      const rep = await p.user.create({ data: { displayName: '李娜', role: 'REP', teamId: team.id, managerId: mgr.id, consoleName: 'rep' } });
      const c = await p.customer.create({ data: { name: '星海电子', normalizedName: '星海电子', ownerId: rep.id } });
      const won = await p.opportunity.create({ data: { customerId: c.id, ownerId: rep.id, title: '星海电子', stage: 'WON', status: 'WON', amount: 800000, closedAt: new Date(NOW.getTime() - 3600_000) } });
      await p.stageChange.create({ data: { opportunityId: won.id, fromStage: 'NEGOTIATION', toStage: 'WON', changedAt: new Date(NOW.getTime() - 3600_000), changedById: rep.id } });
      const k = await p.contract.create({ data: { customerId: c.id, ownerId: rep.id, opportunityId: won.id, amount: 800000, signedAt: new Date(NOW.getTime() - 3600_000) } });
      await p.paymentPlan.create({ data: { customerId: c.id, contractId: k.id, amount: 300000, dueAt: new Date('2026-11-23T10:00:00Z'), label: '首付款' } });
    } finally {
      await db.close();
    }
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the deal alert to the manager and the team chat, and the payment due today, recording nothing', async () => {
    const cli = async (...args: string[]) =>
      (await run('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', npm_config_loglevel: 'silent' } })).stdout;
    const alerts = await cli('push', 'alerts', '--dry-run', '--date', '2026-11-23T10:00:00+08:00');
    expect(alerts).toContain('# alerts at 2026-11-23T10:00:00+08:00 (dry run: nothing recorded or sent) — 2 message(s)');
    expect(alerts).toMatch(/→ 张经理 <user:\S+> · deal_won · deal:\S+\n {2}🎉 赢单：李娜 签下 星海电子，80万元/);
    expect(alerts).toMatch(/→ console:yibu <chat:console:yibu> · deal_won/);
    const pay = await cli('push', 'payments', '--dry-run', '--date', '2026-11-23T09:00:00+08:00');
    expect(pay).toMatch(/→ 李娜 <user:\S+> · payment_due · plan:\S+\n {2}💵 今天到期：星海电子 首付款 30万元（2026年11月23日）/);
    const db = await openDb({ dataDir: dir });
    try {
      expect(await db.prisma.push.count()).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);
});
