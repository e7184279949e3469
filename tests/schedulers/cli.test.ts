// The console channel, the CLI's dry-run rendering, and startSchedulers' lifecycle.
import { beforeEach, describe, expect, it } from 'vitest';
import { ConsoleChannel } from '../../src/bot/console/channel.js';
import { Outbound } from '../../src/domain/pushes/outbound.js';
import { renderPlanned, sendTime } from '../../src/cli/commands/push.js';
import { startSchedulers } from '../../src/schedulers/index.js';
import { parseTeamSettings, DEFAULT_SETTINGS } from '../../src/schedulers/config.js';
import { createPgliteDb } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { at, createOrg, pushRows, task, type Org } from './helpers.js';

describe('console channel, dry-run, lifecycle', () => {
  const suite = useTestDb(createPgliteDb, { reset: true });
  let org: Org;
  beforeEach(async () => {
    org = await createOrg(suite.db.prisma);
  });

  it('prints pushes prefixed with the console user / chat, and only reaches console users', async () => {
    const lines: string[] = [];
    const ch = new ConsoleChannel(suite.db.prisma, { print: (l) => lines.push(l) });
    const noConsole = await suite.db.prisma.user.create({ data: { displayName: '企业微信用户', wecomUserId: 'wx1', teamId: org.teamId } });
    expect(await ch.canReach({ kind: 'user', userId: org.rep })).toBe(true);
    expect(await ch.canReach({ kind: 'user', userId: noConsole.id })).toBe(false);
    expect(await ch.canReach({ kind: 'chat', target: 'console:yibu' })).toBe(true);
    expect(await ch.canReach({ kind: 'chat', target: 'wecom:abc' })).toBe(false);
    const out = new Outbound([ch]);
    await out.send({ kind: 'user', userId: org.rep }, { text: '⏰ 待办提醒：打电话', buttons: [{ label: '完成', action: 'task_done', targetId: 't1' }, { label: '推迟到明天', action: 'task_snooze', targetId: 't1' }] });
    await out.send({ kind: 'chat', target: 'console:yibu' }, { text: '🏅 周排名' });
    await expect(out.send({ kind: 'user', userId: noConsole.id }, { text: 'x' })).rejects.toThrow(/no channel can reach/);
    expect(lines).toEqual(['[推送 → rep] ⏰ 待办提醒：打电话\n  [完成] [推迟到明天]', '[推送 → #yibu] 🏅 周排名']);
    expect(ch.to(`user:${org.rep}`)).toHaveLength(1);
  });

  it('dry-run rendering shows recipient, key and when a held push would go out', () => {
    const p = { kind: 'reminder' as const, recipient: { kind: 'user' as const, userId: 'u1' }, recipientName: '李娜', periodKey: 'task:t:2026', message: { text: '⏰ 待办提醒：整理报价单' }, tz: 'Asia/Shanghai', quiet: { start: '21:00', end: '08:00' }, notBefore: at('2026-11-24T22:00:00+08:00') };
    const now = at('2026-11-24T22:00:00+08:00');
    expect(sendTime(p, now).toISOString()).toBe(at('2026-11-25T08:00:00+08:00').toISOString());
    expect(renderPlanned(p, now)).toBe('→ 李娜 <user:u1> · reminder · task:t:2026 · held until 2026-11-25T08:00:00+08:00\n  ⏰ 待办提醒：整理报价单');
    expect(renderPlanned({ ...p, quiet: null }, now)).toBe('→ 李娜 <user:u1> · reminder · task:t:2026\n  ⏰ 待办提醒：整理报价单');
  });

  it('settings: overrides merge with defaults; invalid JSON falls back to defaults and is reported', () => {
    const s = parseTeamSettings({ times: { digest: '07:45' }, hotNudgeDays: 2, other: 'ignored' });
    expect(s.times.digest).toBe('07:45');
    expect(s.times.dailyReport).toBe('18:30');
    expect(s.hotNudgeDays).toBe(2);
    expect(parseTeamSettings({ schedulers: { quietHours: null } }).quietHours).toBeNull();
    const errors: string[] = [];
    expect(parseTeamSettings({ times: { digest: '8:30am' } }, (e) => errors.push(e))).toEqual(DEFAULT_SETTINGS);
    expect(errors[0]).toContain('times.digest');
  });

  it('startSchedulers returns stop(); its tick sends through the given outbound', async () => {
    const lines: string[] = [];
    const ch = new ConsoleChannel(suite.db.prisma, { print: (l) => lines.push(l) });
    await task(suite.db.prisma, org.rep, '打电话', at('2026-11-24T10:00:00+08:00'));
    const stop = startSchedulers({ db: suite.db, outbound: new Outbound([ch]), now: () => at('2026-11-24T10:00:30+08:00') });
    try {
      const r = await stop.tick();
      expect(r.scanned).toBe(true);
      expect(r.enqueued.reminders).toBe(1);
      expect(lines.filter((l) => l.startsWith('[推送 → rep] ⏰'))).toHaveLength(1);
      expect((await pushRows(suite.db.prisma)).map((p) => p.status)).toContain('SENT');
    } finally {
      await stop();
    }
  });
});
