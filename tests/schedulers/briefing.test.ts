// Pre-visit briefings (issue 14.4) with a controllable clock, on both databases: sent once, a lead
// time before a visit or meeting step on a customer, with the customer's contacts and roles, the last
// activity, the deal's stage, amount and days in stage, the missing 三一客 facts and other open tasks.
import { beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/schedulers/index.js';
import { RecordingChannel, at, createOrg, customer, dbPairs, outboundFor, task, type Org } from './helpers.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await dbPairs())('pre-visit briefings on $kind', ({ create }) => {
  const suite = useTestDb(create, { reset: true });
  let org: Org;
  let ch: RecordingChannel;
  let sched: Scheduler;
  const briefs = (u: string) => ch.to(`user:${u}`).filter((d) => d.text.startsWith('📋'));

  beforeEach(async () => {
    org = await createOrg(suite.db.a.prisma);
    ch = new RecordingChannel();
    sched = new Scheduler({ db: suite.db.a, outbound: outboundFor(ch) });
  });

  it('briefs the rep an hour before a visit, once, with contacts, last contact, deal and what is missing', async () => {
    const db = suite.db.a.prisma;
    const c = await customer(db, org.rep, '澄湖水务');
    await db.contact.create({ data: { customerId: c.id, name: '钱主任', title: '主任', role: 'DECISION_MAKER' } });
    await db.contact.create({ data: { customerId: c.id, name: '小蒋', role: 'USER' } });
    await db.activity.create({ data: { type: 'VISIT', occurredAt: at('2026-11-18T10:00:00+08:00'), summary: '对报价有顾虑，希望分两期付款', rawText: '…', authorId: org.rep, customerId: c.id } });
    await db.opportunity.create({ data: { customerId: c.id, ownerId: org.rep, title: '澄湖水务 管网监测', stage: 'QUOTATION', amount: 380000, stageEnteredAt: at('2026-11-13T10:00:00+08:00') } });
    await task(db, org.rep, '拜访钱主任，讲分期方案', at('2026-11-24T14:00:00+08:00'), '明天下午', { customerId: c.id });
    await task(db, org.rep, '发修改后的报价单', at('2026-11-25T18:00:00+08:00'), null, { customerId: c.id });
    // A step that is no meeting gets no briefing.
    await task(db, org.rep, '整理合同附件', at('2026-11-24T14:00:00+08:00'), null, { customerId: c.id });

    await sched.tick(at('2026-11-24T12:59:00+08:00'));
    expect(briefs(org.rep)).toHaveLength(0);
    await sched.tick(at('2026-11-24T13:00:00+08:00'));
    await sched.tick(at('2026-11-24T13:01:00+08:00'));
    const sent = briefs(org.rep);
    expect(sent).toHaveLength(1);
    const text = sent[0].text;
    expect(text.split('\n')[0]).toBe('📋 拜访简报：澄湖水务 · 拜访钱主任，讲分期方案 · 11月24日 14:00');
    expect(text).toContain('钱主任（主任 · 决策者）');
    expect(text).toContain('小蒋（使用者）');
    expect(text).toContain('🕘 上次跟进（6天前）：对报价有顾虑，希望分两期付款');
    expect(text).toMatch(/阶段 报价（已 11 天）· 金额 38万/);
    expect(text).toContain('三一客待补：定性（值不值得跟）、定级（大单/普通/小单）');
    expect(text).not.toContain('定量');
    expect(text).toContain('发修改后的报价单');
    expect(text).toContain('整理合同附件'); // listed as open, but no briefing of its own (counted above)
  });

  it('follows the team lead time, and 0 switches briefings off; English for English users', async () => {
    const db = suite.db.a.prisma;
    await db.team.update({ where: { id: org.teamId }, data: { settings: { briefingLeadMinutes: 0 } } });
    const c = await customer(db, org.rep, '鹭岛食品');
    await task(db, org.rep, '上门演示', at('2026-11-24T10:00:00+08:00'), null, { customerId: c.id });
    await sched.tick(at('2026-11-24T09:30:00+08:00'));
    expect(briefs(org.rep)).toHaveLength(0);

    await db.team.update({ where: { id: org.nyTeamId }, data: { settings: { briefingLeadMinutes: 30, quietHours: null } } });
    const en = await customer(db, org.nyRep, 'Harbor Lane Foods');
    await task(db, org.nyRep, 'Demo for the ops team', at('2026-11-24T10:00:00-05:00'), null, { customerId: en.id });
    await sched.tick(at('2026-11-24T09:29:00-05:00'));
    expect(briefs(org.nyRep)).toHaveLength(0);
    await sched.tick(at('2026-11-24T09:30:00-05:00'));
    const [b] = briefs(org.nyRep);
    expect(b.text.split('\n')[0]).toMatch(/^📋 Briefing: Harbor Lane Foods · Demo for the ops team · /);
    expect(b.text).toContain('Contacts: none on record yet');
    expect(b.text).toContain('Still to find out: qualification, grade and amount (no deal yet)');
  });
});
