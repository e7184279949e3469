// Team and people administration in chat: every command goes through SalesAssistant like a
// real message, and the assertions read the database (and the settings the scheduler would use).
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseTeamSettings } from '../../src/schedulers/config.js';
import { dueOccurrence } from '../../src/schedulers/jobs.js';
import { parsePoolSettings } from '../../src/domain/pool/settings.js';
import { teamlessNotices } from '../../src/domain/teams/people.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await testDatabases())('team administration in chat on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let assistant: SalesAssistant;
  let parser: StubParser;
  let seq = 0;
  const NOW = new Date('2026-11-23T10:00:00+08:00');
  const say = (who: string, text: string, platform: 'CONSOLE' | 'WECOM' = 'CONSOLE') =>
    assistant.handleMessage({ platform, externalId: `m${++seq}`, senderId: who, text });
  const team = (name: string) => suite.db.prisma.team.findUniqueOrThrow({ where: { name } });
  const user = (id: string) => suite.db.prisma.user.findUniqueOrThrow({ where: { id } });

  beforeEach(async () => {
    parser = new StubParser().on('撤销', parsed({ intent: 'undo' }));
    assistant = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, log: () => {} });
  });

  it('an admin builds a team: create, manager, members, zone, quiet hours, stall days, report time', async () => {
    expect((await say('admin', '新建团队 华南二组')).outcome).toBe('APPLIED');
    expect((await say('admin', '新建团队 华南二组')).text).toContain('已存在');
    const mgr = await say('admin', '团队 华南二组 经理 王强');
    expect(mgr.outcome).toBe('APPLIED');
    const south = await team('华南二组');
    expect(await user(suite.world.rep2.id)).toMatchObject({ role: 'MANAGER', teamId: south.id });

    expect((await say('admin', '把 李娜 调到 华南二组')).outcome).toBe('APPLIED');
    expect(await user(suite.world.rep.id)).toMatchObject({ teamId: south.id, managerId: suite.world.rep2.id, role: 'REP' });

    expect((await say('admin', '团队 华南二组 时区 Asia/Tokyo')).outcome).toBe('APPLIED');
    expect((await say('admin', '团队 华南二组 免打扰 22:30-07:15')).outcome).toBe('APPLIED');
    expect((await say('admin', '团队 华南二组 停滞天数 谈判 5')).outcome).toBe('APPLIED');
    expect((await say('admin', '团队 华南二组 日报时间 17点45')).outcome).toBe('APPLIED');
    const t = await team('华南二组');
    expect(t.timezone).toBe('Asia/Tokyo');
    const s = parseTeamSettings(t.settings);
    expect(s.quietHours).toEqual({ start: '22:30', end: '07:15' });
    expect(s.stallDays).toEqual({ NEGOTIATION: 5 });
    expect(s.times.dailyReport).toBe('17:45');
    expect(s.times.dailyRollup).toBe('18:15');
    // The scheduler reads the same settings: the 日报 is due at 17:45 Tokyo time, not before.
    expect(dueOccurrence('dailyReport', new Date('2026-11-24T17:45:00+09:00'), t.timezone, s)).toBe('2026-11-24');
    expect(dueOccurrence('dailyReport', new Date('2026-11-24T17:44:00+09:00'), t.timezone, s)).toBeNull();

    const shown = await say('admin', '团队 华南二组');
    expect(shown.text).toContain('经理：王强');
    expect(shown.text).toContain('Asia/Tokyo');
    expect(shown.text).toContain('22:30–07:15');
  });

  it('bad values are refused with the format and change nothing', async () => {
    const before = await team('一部');
    for (const text of ['团队 一部 时区 Mars/Olympus', '团队 一部 免打扰 晚上', '团队 一部 停滞天数 0', '团队 一部 日报时间 25:00', '团队 一部 停滞天数 冥想 3', '团队 不存在的组 时区 UTC']) {
      const r = await say('admin', text);
      expect(r.outcome, text).toBe('REJECTED');
    }
    const after = await team('一部');
    expect(after.settings).toEqual(before.settings);
    expect(after.timezone).toBe(before.timezone);
  });

  it('links the group chat on the sender’s platform and greets it through the outbox', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { wecomUserId: 'boss' } });
    const r = await say('boss', '团队 一部 群聊 wrkSFfCgAAxyz', 'WECOM');
    expect(r.outcome).toBe('APPLIED');
    expect((await team('一部')).chatTarget).toBe('wecom:wrkSFfCgAAxyz');
    const push = await suite.db.prisma.push.findFirstOrThrow({ where: { kind: 'team_chat_linked' } });
    expect(push.recipient).toBe('chat:wecom:wrkSFfCgAAxyz');
    expect((await say('boss', '团队 一部 群聊 关闭', 'WECOM')).outcome).toBe('APPLIED');
    expect((await team('一部')).chatTarget).toBeNull();
  });

  it('managers change their own team only; reps change nothing', async () => {
    expect((await say('mgr', '团队 一部 免打扰 21:30-08:30')).outcome).toBe('APPLIED');
    expect((await say('mgr', '团队 二部 免打扰 21:30-08:30')).outcome).toBe('REJECTED');
    expect((await say('rep', '团队 一部 日报时间 20:00')).outcome).toBe('REJECTED');
    expect((await say('mgr', '新建团队 三部')).outcome).toBe('REJECTED');
    expect(parseTeamSettings((await team('二部')).settings).quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(parseTeamSettings((await team('一部')).settings).times.dailyReport).toBe('18:30');
  });

  it('sets 公海 rules per level into the same Team.settings', async () => {
    expect((await say('mgr', '团队 一部 公海 30天未跟进 提前2天提醒 每人每天领取3个')).outcome).toBe('APPLIED');
    expect((await say('mgr', '团队 一部 公海 A级 60天未跟进 120天未成交')).outcome).toBe('APPLIED');
    const t = await team('一部');
    const pool = parsePoolSettings(t.settings);
    expect(pool.warnDays).toBe(2);
    expect(pool.claimLimit).toBe(3);
    expect(pool.rules).toEqual([
      { level: null, noFollowUpDays: 30, noDealDays: null, notSignedDays: null },
      { level: 'A', noFollowUpDays: 60, noDealDays: null, notSignedDays: 120 },
    ]);
    // Scheduler keys in the same JSON are untouched and still valid.
    expect(parseTeamSettings(t.settings).quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect((await say('mgr', '团队 一部 公海 关闭')).outcome).toBe('APPLIED');
    expect(parsePoolSettings((await team('一部')).settings).rules).toEqual([]);
  });

  it('deactivates and re-activates a person; the deactivated one can no longer use the assistant', async () => {
    const off = await say('admin', '停用 赵六');
    expect(off.outcome).toBe('APPLIED');
    expect((await user(suite.world.outsider.id)).active).toBe(false);
    expect((await say('out', '我的待办')).outcome).toBe('UNREGISTERED');
    // Undo of the admin's last message restores the person.
    expect((await say('admin', '撤销')).outcome).toBe('UNDO');
    expect((await user(suite.world.outsider.id)).active).toBe(true);
    expect((await say('admin', '停用 赵六')).outcome).toBe('APPLIED');
    expect((await say('admin', '启用 赵六')).outcome).toBe('APPLIED');
    expect((await user(suite.world.outsider.id)).active).toBe(true);
  });

  it('lists teams and people within the asker’s scope', async () => {
    const teams = await say('admin', '团队列表');
    expect(teams.text).toContain('一部');
    expect(teams.text).toContain('二部');
    const mine = await say('mgr', '人员');
    expect(mine.text).toContain('李娜');
    expect(mine.text).not.toContain('赵六');
    expect((await say('rep', '人员')).outcome).toBe('REJECTED');
  });

  it('a person registered without a team is flagged to the admin, in the reply and in weekly notices', async () => {
    const r = await say('admin', '注册 console:xiaoming 小明 销售');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('还没有团队');
    const notices = await teamlessNotices(suite.db.prisma, NOW, 'Asia/Shanghai');
    const xm = await suite.db.prisma.user.findUniqueOrThrow({ where: { consoleName: 'xiaoming' } });
    expect(notices.filter((n) => n.recipient.kind === 'user' && n.recipient.userId === xm.id)).toHaveLength(1);
    const adminNotice = notices.find((n) => n.recipient.kind === 'user' && n.recipient.userId === suite.world.admin.id);
    expect(adminNotice?.message.text).toContain('小明');
    await say('admin', '把 小明 调到 二部');
    expect(await teamlessNotices(suite.db.prisma, NOW, 'Asia/Shanghai')).toEqual([]);
  });

  it('sentences that merely look like commands still go to the parser', async () => {
    parser.on('team ranking this month', parsed({ intent: 'query', query: { kind: 'ranking', subject: null, period: null, days: null } }));
    parser.on('把会议调到周五', parsed({ intent: 'unknown' }));
    for (const text of ['team ranking this month', '把会议调到周五', 'team lunch with manager tomorrow', '认领了一个新线索方舟电子', '员工 张三请假两天']) {
      parser.on(text, parsed({ intent: 'unknown' }));
      const r = await say('mgr', text);
      // Parsed messages keep their parse result; commands are stored without one.
      const row = await suite.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: r.inboundId! } });
      expect(row.parseResult, text).not.toBeNull();
    }
  });
});
