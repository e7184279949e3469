// A short name in a message that names two companies ("今天见了恒通物流和方舟电子……恒通比较急")
// went to another customer of the rep's with that short form (恒通制造) instead of the company
// the message named in full; and the named company's activity then carried the whole message.
// A short form goes to the company the same message names (src/intents/rules/customers.ts
// namesOtherWithCore); each customer's activity keeps only its own clauses — one named only in
// the shared words gets those words, not the other customer's (ingest/parts.ts). Guide #8, new
// sentences of the same kind; real rule parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a short name in a message on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const db = () => suite.db.prisma;
  const activitiesOf = (name: string) => db().activity.findMany({ where: { customer: { name } }, orderBy: { createdAt: 'asc' } });
  const dealOf = (name: string) => db().opportunity.findFirst({ where: { customer: { name } } });

  describe('a short name in a message that names the company in full', () => {
    it('goes to the company named in the message, not to the rep\'s other customer of that short form', async () => {
      expect((await chat.send('拜访了金桥建材的钱总，聊了二期的供货')).outcome).toBe('APPLIED');
      const before = (await activitiesOf('金桥建材')).length;
      const r = await chat.send('上午跑了金桥物流和青松环保，金桥那边催得紧，下周五前要报价，青松说预算40万');
      expect(r.outcome).toBe('APPLIED');
      expect((await activitiesOf('金桥建材')).length).toBe(before);
      expect(await dealOf('金桥建材')).toBeNull();
      const tasks = await db().task.findMany({ where: { customer: { name: '金桥物流' } } });
      expect(tasks.map((t) => t.title).join()).toContain('报价');
      expect(Number((await dealOf('青松环保'))?.amount)).toBe(400000);
    });

    it('a customer named only in the shared words does not carry another customer\'s clauses', async () => {
      const r = await chat.send('下午见了澄江环保和北溪建材，北溪的邹经理说预算45万不变，下周要看样品');
      expect(r.outcome).toBe('APPLIED');
      const [shared] = await activitiesOf('澄江环保');
      expect(shared.summary).toContain('澄江环保');
      expect(shared.summary).not.toContain('邹经理');
      expect(shared.summary).not.toContain('样品');
      const [own] = await activitiesOf('北溪建材');
      expect(own.summary).toContain('邹经理');
    });

    it('each customer\'s activity carries only its own clauses', async () => {
      await chat.send('拜访了恒远制药的许主任，聊了冷链');
      const r = await chat.send('今天见了恒远物流和蓝湾水务，恒远比较急，月底要定，蓝湾说预算30万不变');
      expect(r.outcome).toBe('APPLIED');
      const [logistics] = await activitiesOf('恒远物流');
      const [water] = await activitiesOf('蓝湾水务');
      expect(logistics.summary).toContain('恒远比较急');
      expect(logistics.summary).not.toContain('预算30万');
      expect(water.summary).not.toContain('比较急');
      expect((await activitiesOf('恒远制药')).length).toBe(1);
    });
  });
});
