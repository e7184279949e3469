// The admin "注册 / register" command, through SalesAssistant like any chat message.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ensureBootstrapAdmin } from '../../src/domain/registration.js';
import type { PlatformName } from '../../src/domain/users.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await testDatabases())('register command on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const say = (platform: PlatformName, senderId: string, text: string) => bot.handleMessage({ platform, externalId: `r${++seq}`, senderId, text });

  beforeEach(async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { wecomUserId: 'boss' } });
    bot = new SalesAssistant(makeContext(suite.db.prisma), { parser: new StubParser(), log: () => {} });
  });

  it('an admin registers a WeCom user with role and team; the reply is stored as the message outcome', async () => {
    const r = await say('WECOM', 'boss', '注册 zhangsan 张三 经理 二部');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('已注册');
    const u = await suite.db.prisma.user.findUniqueOrThrow({ where: { wecomUserId: 'zhangsan' } });
    expect(u).toMatchObject({ displayName: '张三', role: 'MANAGER', teamId: suite.world.otherTeamId, slackUserId: null });
    const inbound = await suite.db.prisma.inboundMessage.findFirstOrThrow({ where: { externalId: `r${seq}` } });
    expect(inbound).toMatchObject({ outcome: 'APPLIED', senderId: suite.world.admin.id });
    // The new user can now talk to the bot.
    expect((await say('WECOM', 'zhangsan', '随便说点什么')).outcome).not.toBe('UNREGISTERED');
  });

  it('defaults to a rep without team; English command and quoted names work', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { locale: 'en-US' } });
    const r = await say('WECOM', 'boss', 'register jsmith "John Smith"');
    expect(r.text).toContain('Registered John Smith (rep)');
    expect(await suite.db.prisma.user.findUniqueOrThrow({ where: { wecomUserId: 'jsmith' } })).toMatchObject({ displayName: 'John Smith', role: 'REP', teamId: null, locale: 'en-US' });
  });

  it('is admin-only', async () => {
    await suite.db.prisma.user.update({ where: { id: suite.world.manager.id }, data: { wecomUserId: 'mgr' } });
    const r = await say('WECOM', 'mgr', '注册 zhangsan 张三');
    expect(r.outcome).toBe('REJECTED');
    expect(r.text).toContain('只有管理员');
    expect(await suite.db.prisma.user.count({ where: { wecomUserId: 'zhangsan' } })).toBe(0);
  });

  it('rejects an unknown team and lists the existing ones', async () => {
    const r = await say('WECOM', 'boss', '注册 zhangsan 张三 销售 不存在的团队');
    expect(r.outcome).toBe('REJECTED');
    expect(r.text).toContain('一部');
    expect(await suite.db.prisma.user.count({ where: { wecomUserId: 'zhangsan' } })).toBe(0);
  });

  it('links an existing user only with the explicit word 关联, and will not steal a taken id', async () => {
    const r = await say('WECOM', 'boss', '注册 lina 李娜 关联');
    expect(r.text).toContain('已关联');
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } })).wecomUserId).toBe('lina');
    expect(await suite.db.prisma.user.count({ where: { displayName: '李娜' } })).toBe(1);
    const taken = await say('WECOM', 'boss', '注册 lina 王强');
    expect(taken.outcome).toBe('REJECTED');
    expect(taken.text).toContain('已注册为“李娜”');
  });

  it('a name alone registers a NEW person (no one inherits a manager account by name); 关联 then re-points the fresh one', async () => {
    // The namesake is a manager: linking by name alone would hand this id MANAGER access.
    const r = await say('WECOM', 'boss', '注册 slack:U7QX 张经理');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('已注册');
    expect(r.text).toContain('没有关联');
    expect(r.text).toContain('注册 slack:U7QX 张经理 关联');
    const fresh = await suite.db.prisma.user.findUniqueOrThrow({ where: { slackUserId: 'U7QX' } });
    expect(fresh.id).not.toBe(suite.world.manager.id);
    expect(fresh.role).toBe('REP');
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.manager.id } })).slackUserId).toBeNull();

    // The admin confirms it is the same person: the id moves to the manager, the unused new one is retired.
    const link = await say('WECOM', 'boss', '注册 slack:U7QX 张经理 关联');
    expect(link.outcome).toBe('APPLIED');
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.manager.id } })).slackUserId).toBe('U7QX');
    expect(await suite.db.prisma.user.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ slackUserId: null, active: false });

    // An id already in use by someone who sent messages is never re-pointed.
    await say('WECOM', 'boss', '注册 slack:U8QX 王强');
    const wang = await suite.db.prisma.user.findUniqueOrThrow({ where: { slackUserId: 'U8QX' } });
    expect((await bot.handleMessage({ platform: 'SLACK', externalId: `r${++seq}`, senderId: 'U8QX', text: '随便说一句' })).outcome).not.toBe('UNREGISTERED');
    const steal = await say('WECOM', 'boss', '注册 slack:U8QX 王强 关联');
    expect(steal.outcome).toBe('REJECTED');
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep2.id } })).slackUserId).toBeNull();
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: wang.id } })).slackUserId).toBe('U8QX');
  });

  it('uses an explicit platform prefix, and asks for one when the admin is on both platforms', async () => {
    await say('WECOM', 'boss', '注册 slack:U0NEW 新人');
    expect(await suite.db.prisma.user.findUniqueOrThrow({ where: { slackUserId: 'U0NEW' } })).toMatchObject({ displayName: '新人', wecomUserId: null });
    await suite.db.prisma.user.update({ where: { id: suite.world.admin.id }, data: { slackUserId: 'UBOSS' } });
    const r = await say('SLACK', 'UBOSS', '注册 U0OTHER 某人');
    expect(r.outcome).toBe('REJECTED');
    expect(r.text).toContain('前缀');
  });

  it('does not treat ordinary sentences as the command', async () => {
    const r = await say('WECOM', 'boss', '注册 了新公司方舟电子');
    expect(r.outcome).not.toBe('APPLIED');
    expect(await suite.db.prisma.user.count()).toBe(5);
  });

  it('bootstraps the first admin from configuration', async () => {
    const ctx = makeContext(suite.db.prisma);
    expect(await ensureBootstrapAdmin(ctx, 'SLACK', 'UFIRST')).toBe('created');
    expect(await ensureBootstrapAdmin(ctx, 'SLACK', 'UFIRST')).toBe('unchanged');
    await suite.db.prisma.user.update({ where: { id: suite.world.rep.id }, data: { slackUserId: 'ULINA' } });
    expect(await ensureBootstrapAdmin(ctx, 'SLACK', 'ULINA')).toBe('promoted');
    expect((await suite.db.prisma.user.findUniqueOrThrow({ where: { id: suite.world.rep.id } })).role).toBe('ADMIN');
  });
});
