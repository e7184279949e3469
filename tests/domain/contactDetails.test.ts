// A phone number or WeChat ID said about a contact is kept on that contact, shown in the reply,
// never erased by a later mention without one, and taken back by 撤销. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('contact details on $kind', ({ create }) => {
  // One database per kind for the file: every test starts from an empty one with the world (world: true).
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  describe('contact details', () => {
    const contact = () => suite.db.prisma.contact.findFirstOrThrow({ where: { name: '邢海' } });

    it('kept, shown, not erased, undone', async () => {
      expect((await chat.send('拜访了澄江环保的总工邢海，聊了改造方案')).outcome).toBe('APPLIED');
      const r = await chat.send('下午又拜访了澄江环保的邢海，他手机是13811112222，微信xinghai_cj');
      expect(r.text).toContain('13811112222');
      expect(await contact()).toMatchObject({ phone: '13811112222', wechat: 'xinghai_cj' });
      expect((await chat.send('晚上跟澄江环保的邢海通了电话，确认了工期')).outcome).toBe('APPLIED');
      expect(await contact()).toMatchObject({ phone: '13811112222', wechat: 'xinghai_cj' });
      await chat.send('撤销');
      await chat.send('撤销');
      expect(await contact()).toMatchObject({ phone: null, wechat: null });
    });
  });

  describe("a message with only a contact's number", () => {
    it('is kept on that contact (by name, or with the customer when two share it); undo takes it back', async () => {
      expect((await chat.send('拜访了澄江环保的总工邢海')).outcome).toBe('APPLIED');
      const r = await chat.send('邢海的手机是13955556666');
      expect(r.outcome).toBe('APPLIED');
      expect(r.text).toContain('澄江环保');
      expect((await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '邢海' } })).phone).toBe('13955556666');
      expect((await chat.send('客户 澄江环保')).text).toContain('13955556666');
      await chat.send('撤销');
      expect((await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '邢海' } })).phone).toBeNull();
      expect((await chat.send('拜访了北溪建材的会计邢海')).outcome).toBe('APPLIED');
      const two = await chat.send('邢海的手机是13955556666');
      expect(two.outcome).toBe('REJECTED');
      expect(two.text).toContain('2 位');
      const named = await chat.send('北溪建材的邢海电话13977778888');
      expect(named.outcome).toBe('APPLIED');
      expect((await suite.db.prisma.contact.findFirstOrThrow({ where: { name: '邢海', customer: { name: '北溪建材' } } })).phone).toBe('13977778888');
    });
  });
});
