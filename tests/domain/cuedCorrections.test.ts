// A correction often starts with a cue that points at the last record or admits a mistake
// ("改一下，", "更正：", "刚才说错了，", "上一条写错了，", "actually", "oops,") and then just states the right value — with
// no change verb ("预算是…", "金额…"), as a bare value ("是下周三前…"), or as who a person really is
// ("…其实是…"). Such a message corrects the last record (never asks which customer, never logs a
// new deal); a time in the value moves the step, even when a stage word is in it. End to end on
// both databases, and at the parser.
import { beforeEach, describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { parseRules, ruleParser } from '../../src/intents/rules/index.js';
import { testDatabases } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const parse = (s: string) => parseRules(s, { now: NOW, timezone: 'Asia/Shanghai' });

describe('cued corrections at the parser', () => {
  it.each([
    ['麻烦改一下，报价是38万', 'amount', '380000'],
    ['更正：合同额42万', 'amount', '420000'],
    ['刚刚记错了，是25万不是20万', 'amount', '250000'],
    ['上条写错了，阶段是商务谈判', 'stage', 'NEGOTIATION'],
    ['改一下，是周四下午前给报价方案', 'due_at', '2026-11-26T14:00:00+08:00'],
    ['actually the deal size is $64k', 'amount', '64000'],
    ['oops, stage should be negotiation', 'stage', 'NEGOTIATION'],
  ])('%s', (text, field, to) => {
    const p = parse(text);
    expect(p.intent).toBe('correction');
    expect(p.correction).toMatchObject({ field, to });
  });

  it('a person who really has another title, after a cue', () => {
    const p = parse('更正一下，孔主任其实是设备科科长');
    expect(p.intent).toBe('correction');
    expect(p.correction).toMatchObject({ field: 'contact_role', to: '设备科科长' });
    expect(p.contacts[0]?.name).toBe('孔主任');
  });

  it('without a cue, "X是Y" is no correction of a title', () => {
    expect(parse('孔主任是设备科科长，人很好说话').intent).not.toBe('correction');
  });
});

describe.each(await testDatabases())('cued corrections of the last record ($kind)', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let bot: SalesAssistant;
  let seq = 0;
  const send = (text: string) => bot.handleMessage({ platform: 'CONSOLE', externalId: `q${++seq}`, senderId: suite.world.rep.consoleName, text });

  beforeEach(async () => {
    bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
    const r = await send('今天上午拜访了瑞丰包装，见了设备科的孔主任，他们想上一条新产线，预算40万左右，周三前发方案');
    expect(r.outcome).toBe('APPLIED');
  });

  it('the amount, the person and the step time are corrected on that record; nothing is asked or added', async () => {
    const amount = await send('改一下，预算是48万');
    expect(amount.outcome).toBe('APPLIED');
    expect(amount.text).toContain('已更正 瑞丰包装');
    const person = await send('更正，孔主任其实是技术负责人');
    expect(person.outcome).toBe('APPLIED');
    const step = await send('刚才写错了，是周四前发方案');
    expect(step.outcome).toBe('APPLIED');

    const db = suite.db.prisma;
    const deals = await db.opportunity.findMany();
    expect(deals.map((d) => Number(d.amount))).toEqual([480_000]);
    expect((await db.contact.findFirstOrThrow({ where: { name: '孔主任' } })).role).toBe('TECHNICAL');
    const tasks = await db.task.findMany();
    expect(tasks).toHaveLength(1);
    expect(tasks[0].dueAt?.toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(await db.activity.count()).toBe(1);
    expect(await db.customer.count({ where: { ownerId: suite.world.rep.id } })).toBe(1);
  });
});
