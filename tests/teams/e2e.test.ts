// A new deployment, from an empty database to a working team, with only the documented chat and
// CLI commands: the CLI registers the first admin, the admin builds the team in (WeCom) chat, the
// CLI imports 1,000 customers, and then the team works — a rep's visit lands on an imported
// customer, the 日报 is planned for every rep, rankings go to the team chat, the manager exports.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/commands/import.js';
import { runTeam } from '../../src/cli/commands/team.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { Scheduler } from '../../src/schedulers/index.js';
import { managersOf } from '../../src/domain/pushes/team.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { RecordingChannel, outboundFor } from '../schedulers/helpers.js';

describe.each(await testDatabases())('empty database to a working team on $kind', ({ create }) => {
  const suite = useTestDb(create);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sa-e2e-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('admin, manager, reps, group chat and 1,000 imported customers, then a working day', async () => {
    // Monday 2026-11-23, Shanghai.
    let clock = new Date('2026-11-23T09:30:00+08:00');
    const assistant = new SalesAssistant(makeContext(suite.db.prisma, { now: () => clock }), { parser: ruleParser, log: () => {} });
    let seq = 0;
    const say = async (who: string, text: string) => {
      const r = await assistant.handleMessage({ platform: 'WECOM', externalId: `w${++seq}`, senderId: who, text });
      return r;
    };
    const cli = { now: clock, lang: 'zh' as const, timezone: 'Asia/Shanghai' };
    expect(await suite.db.prisma.user.count()).toBe(0);

    // 1. The first admin, from the CLI.
    const [code, out] = await runTeam(suite.db.prisma, ['register', 'wecom:boss', '周总', '管理员'], cli);
    expect(code, out).toBe(0);

    // 2. The team, in chat.
    const steps = [
      '新建团队 华东一部',
      '注册 zhangwei 张伟 销售 华东一部',
      '团队 华东一部 经理 张伟',
      '注册 lina 李娜 销售 华东一部',
      '注册 wangqiang 王强 销售 华东一部',
      '注册 zhaoliu 赵六 销售',
      '把 赵六 调到 华东一部',
      '团队 华东一部 群聊 wrEastTeamChat',
      '团队 华东一部 日报时间 18:00',
      '团队 华东一部 公海 30天未跟进 提前3天提醒 每人每天领取5个',
    ];
    for (const text of steps) expect((await say('boss', text)).outcome, text).toBe('APPLIED');
    const team = await suite.db.prisma.team.findUniqueOrThrow({ where: { name: '华东一部' }, include: { users: true } });
    expect(team.chatTarget).toBe('wecom:wrEastTeamChat');
    const zhang = team.users.find((u) => u.displayName === '张伟')!;
    expect(zhang.role).toBe('MANAGER');
    // Escalations of every rep reach the team's manager.
    for (const rep of team.users.filter((u) => u.role === 'REP')) expect((await managersOf(suite.db.prisma, rep)).map((m) => m.id), rep.displayName).toEqual([zhang.id]);

    // 3. 1,000 customers from the team's spreadsheet, via the CLI (dry run first).
    const file = path.join(dir, '客户名单.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '负责人', '级别', '行业', '联系人', '职务', '电话']);
    ws.addRow(['星河光电', '李娜', 'A', '光电', '郑工', '技术总监', '13600000000']);
    const owners = ['李娜', '王强', '赵六'];
    for (let i = 1; i < 1000; i++) ws.addRow([`东方${String(i).padStart(4, '0')}实业`, owners[i % 3], i % 2 ? 'B' : 'C', '制造', `联系人${i}`, '采购', `1390000${String(i).padStart(4, '0')}`]);
    await wb.xlsx.writeFile(file);
    const [dryCode, dry] = await runImport(suite.db.prisma, [file, '--dry-run'], cli);
    expect(dryCode).toBe(0);
    expect(dry).toContain('新建 1000 个客户');
    expect(await suite.db.prisma.customer.count()).toBe(0);
    const [importCode, imported] = await runImport(suite.db.prisma, [file], cli);
    expect(importCode, imported).toBe(0);
    expect(await suite.db.prisma.customer.count()).toBe(1000);
    expect(await suite.db.prisma.contact.count()).toBe(1000);

    // 4. A working day. The rep's visit lands on the imported customer (no duplicate).
    clock = new Date('2026-11-23T15:00:00+08:00');
    const visit = await say('lina', '今天下午拜访了星河光电的郑工，对方对报价有顾虑，预计50万，下周二前发修改方案');
    expect(visit.outcome).toBe('APPLIED');
    expect(await suite.db.prisma.customer.count({ where: { name: { contains: '星河光电' } } })).toBe(1);
    const star = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '星河光电' }, include: { activities: true, opportunities: true } });
    expect(star.activities).toHaveLength(1);
    expect(Number(star.opportunities[0]?.amount)).toBe(500000);

    const ch = new RecordingChannel();
    const scheduler = new Scheduler({ db: suite.db, outbound: outboundFor(ch), now: () => clock, log: () => {} });
    // 日报 at the team's 18:00 for every rep (the manager gets the roll-up).
    const daily = await scheduler.plan('dailyReport', new Date('2026-11-23T18:00:00+08:00'));
    expect(daily.map((p) => p.recipientName).sort()).toEqual(['李娜', '王强', '赵六']);
    // Weekly ranking to the group chat set in chat.
    const ranking = await scheduler.plan('weeklyRanking', new Date('2026-11-23T09:00:00+08:00'));
    expect(ranking.map((p) => p.recipient)).toEqual([{ kind: 'chat', target: 'wecom:wrEastTeamChat' }]);

    // The manager takes the data out.
    const exp = await say('zhangwei', '导出客户');
    expect(exp.pushQueued).toBe(true);
    expect(exp.text).toContain('客户 1000');
    await scheduler.deliver(clock);
    expect(ch.sent.some((d) => d.to === 'chat:wecom:wrEastTeamChat' && d.text.includes('华东一部'))).toBe(true);
  }, 180_000);
});
