// The `team` CLI on the same domain code as chat: settings the scheduler reads, transfers, the
// 公海 run (once per day) and the WeCom directory sync against a local fake of user/simplelist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTeam } from '../../src/cli/commands/team.js';
import { customerKey } from '../../src/domain/customers.js';
import { parseTeamSettings } from '../../src/schedulers/config.js';
import { WecomApi } from '../../src/bot/wecom/api.js';
import { wecomDirectory } from '../../src/bot/wecom/directory.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { startFakeServer, type FakeServer } from '../bot/fakeServer.js';

describe.each(await testDatabases())('team CLI on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let fake: FakeServer;
  const NOW = new Date('2026-11-23T07:10:00+08:00');
  const team = (args: string[], extra = {}) => runTeam(suite.db.prisma, args, { now: NOW, lang: 'zh', timezone: 'Asia/Shanghai', ...extra });

  beforeAll(async () => {
    fake = await startFakeServer((r) => {
      if (r.path === '/cgi-bin/gettoken') return { errcode: 0, access_token: 'tok', expires_in: 7200 };
      if (r.path === '/cgi-bin/user/simplelist' && r.query.get('department_id') === '7') {
        return { errcode: 0, userlist: [{ userid: 'sunli', name: '孙丽', department: [7] }, { userid: 'wangq', name: '王强', department: [7] }, { userid: 'zhaol', name: '赵六', department: [7] }] };
      }
      if (r.path === '/cgi-bin/user/simplelist') return { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' };
      return { errcode: 0 };
    });
  });
  afterAll(async () => fake?.close());

  it('sets team settings through the same validation as chat', async () => {
    expect((await team(['quiet', '一部', '22:00-07:30']))[0]).toBe(0);
    expect((await team(['stall', '一部', '9', '--stage', '报价']))[0]).toBe(0);
    expect((await team(['tz', '一部', 'Mars/Base']))[0]).toBe(1);
    const s = parseTeamSettings((await suite.db.prisma.team.findUniqueOrThrow({ where: { name: '一部' } })).settings);
    expect(s.quietHours).toEqual({ start: '22:00', end: '07:30' });
    expect(s.stallDays).toEqual({ QUOTATION: 9 });
    const [code, list] = await team(['list']);
    expect(code).toBe(0);
    expect(list).toContain('一部');
  });

  it('transfers, hands over and runs the pool once per day', async () => {
    const c = await suite.db.prisma.customer.create({ data: { name: '锦程物流', normalizedName: customerKey('锦程物流'), ownerId: suite.world.rep.id, ownerSince: new Date('2026-09-01T00:00:00Z'), createdAt: new Date('2026-09-01T00:00:00Z') } });
    expect((await team(['transfer', '锦程物流', '王强']))[0]).toBe(0);
    expect((await suite.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(suite.world.rep2.id);
    expect((await suite.db.prisma.customerEvent.findFirstOrThrow({ where: { customerId: c.id } })).actorId).toBeNull();
    expect((await team(['handover', '王强', '李娜', '--deactivate']))[0]).toBe(0);
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep2.id } })).active).toBe(false);

    expect((await team(['pool', '一部', '30天未跟进']))[0]).toBe(0);
    // ownerSince was reset by the handover: nothing is stale yet.
    const [, first] = await team(['pool-run', '--team', '一部']);
    expect(first).toContain('0 returned');
    const [, again] = await team(['pool-run', '--team', '一部']);
    expect(again).toContain('not run');
  });

  it('syncs a WeCom department into a team: new reps, ids linked by name, members moved in', async () => {
    const api = new WecomApi({ apiBase: fake.url, corpId: 'ww1', secret: 's', agentId: '1' });
    await suite.db.prisma.user.update({ where: { id: suite.world.outsider.id }, data: { wecomUserId: 'zhaol' } });
    const [code, out] = await team(['sync-wecom', '一部', '7'], { directory: wecomDirectory(api) });
    expect(code, out).toBe(0);
    expect(out).toContain('新增 1 人');
    const sun = await suite.db.prisma.user.findFirstOrThrow({ where: { wecomUserId: 'sunli' } });
    expect(sun).toMatchObject({ displayName: '孙丽', role: 'REP', teamId: suite.world.teamId, managerId: suite.world.manager.id });
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep2.id } })).wecomUserId).toBe('wangq');
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.outsider.id } })).teamId).toBe(suite.world.teamId);
    // Again: nothing new.
    const [, again] = await team(['sync-wecom', '一部', '7'], { directory: wecomDirectory(api) });
    expect(again).toContain('新增 0 人');
    // A department the app may not read is an error, not an empty sync.
    await expect(team(['sync-wecom', '一部', '8'], { directory: wecomDirectory(api) })).rejects.toThrow(/60011/);
    expect((await team(['sync-wecom', '一部', '7'], { directory: null }))[0]).toBe(2);
  });
});
