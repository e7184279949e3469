// The rep's customer names the parser matches against are kept in the process between messages
// (messages/sender.ts) and read again only when the database says they changed
// (CustomerNameVersion, kept by triggers on Customer): a customer created, renamed, moved or
// deleted by ANOTHER instance (client b, its own connections on PostgreSQL) is in the very next
// read of this one (client a); a change that is no name change (a visit's last-contact time) keeps
// the kept list. Both databases (on PGlite a and b are one client).
import { describe, expect, it } from 'vitest';
import { customerKey } from '../../src/domain/customers.js';
import { loadSender } from '../../src/domain/messages/sender.js';
import { createWorld } from '../helpers/world.js';
import { dbPairs } from '../schedulers/helpers.js';
import { useTestDb } from '../helpers/suite.js';

describe.each(await dbPairs())('kept customer names on $kind', ({ create }) => {
  const suite = useTestDb(create, { reset: true });

  it('are read again after another instance creates, renames, moves or deletes a customer, and only then', async () => {
    const { a, b } = suite.db;
    const world = await createWorld(a.prisma);
    const rep = world.rep.id;
    const names = async (id: string) => (await loadSender(a.prisma, 'CONSOLE', 'rep', id)).knownCustomers;
    const mk = (name: string, ownerId = rep) => b.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId } });

    const first = await names('n1');
    expect(first).toEqual([]);
    const yuan = await mk('远山物流');
    const second = await names('n2');
    expect(second).toEqual(['远山物流']);
    // Nothing changed: the same kept list (the same array, so the parser's per-list caches hold).
    expect(await names('n3')).toBe(second);
    // A visit moves the last contact and updatedAt: no name changed, the list is kept.
    await b.prisma.customer.update({ where: { id: yuan.id }, data: { lastContactAt: new Date(), hot: true } });
    expect(await names('n4')).toBe(second);

    await b.prisma.customer.update({ where: { id: yuan.id }, data: { name: '远山国际物流', normalizedName: customerKey('远山国际物流') } });
    expect(await names('n5')).toEqual(['远山国际物流']);
    const other = await mk('北辰光电');
    expect([...(await names('n6'))].sort()).toEqual(['北辰光电', '远山国际物流'].sort());
    // Moved to another rep: gone from this rep's list (and in the other's).
    await b.prisma.customer.update({ where: { id: other.id }, data: { ownerId: world.rep2.id } });
    expect(await names('n7')).toEqual(['远山国际物流']);
    expect((await loadSender(a.prisma, 'CONSOLE', 'rep2', 'n8')).knownCustomers).toContain('北辰光电');
    await b.prisma.customer.delete({ where: { id: yuan.id } });
    expect(await names('n9')).toEqual([]);
    // Many at once (an import): one statement, seen as well.
    await b.prisma.customer.createMany({ data: ['嘉木家居', '青禾远电子'].map((n) => ({ name: n, normalizedName: customerKey(n), ownerId: rep })) });
    expect([...(await names('n10'))].sort()).toEqual(['嘉木家居', '青禾远电子'].sort());
    await b.prisma.customer.deleteMany({ where: { ownerId: rep } });
    expect(await names('n11')).toEqual([]);
  });

  it('after a change that only added customers, the kept list gets their names alone; any other change, or two changes, read them all', async () => {
    const { a, b } = suite.db;
    const world = await createWorld(a.prisma);
    const rep = world.rep.id;
    // What the read sent back: the whole list, or only the names added since the kept version.
    const sent: Array<Record<string, unknown>> = [];
    const spy = new Proxy(a.prisma, { get: (t, k) => (k === '$queryRawUnsafe' ? async (...args: unknown[]) => { const rows = await (t.$queryRawUnsafe as (...x: unknown[]) => Promise<Array<Record<string, unknown>>>)(...args); sent.push(rows[0]); return rows; } : Reflect.get(t, k)) });
    const read = async (id: string) => {
      const names = (await loadSender(spy as typeof a.prisma, 'CONSOLE', 'rep', id)).knownCustomers;
      const row = sent[sent.length - 1];
      return { names, how: row.names !== null ? 'all' : row.names_added ? 'added' : 'kept' };
    };
    const all = async () => (await a.prisma.customer.findMany({ where: { ownerId: rep }, select: { name: true } })).map((c) => c.name).sort();
    const mk = (name: string, db = b.prisma) => db.customer.create({ data: { name, normalizedName: customerKey(name), ownerId: rep } });

    await mk('松岭环保');
    expect(await read('k1')).toEqual({ names: ['松岭环保'], how: 'all' });
    await mk('澄湖信息');
    const one = await read('k2');
    expect(one).toEqual({ names: ['澄湖信息', '松岭环保'], how: 'added' });
    expect(await read('k3')).toEqual({ names: one.names, how: 'kept' });
    // Two in one transaction: one change, both names.
    await b.prisma.$transaction(async (tx) => { await mk('鹭洲电气', tx as typeof b.prisma); await mk('岚山物联', tx as typeof b.prisma); });
    const two = await read('k4');
    expect(two.how).toBe('added');
    expect([...two.names].sort()).toEqual(await all());
    expect(two.names.slice(0, 2).sort()).toEqual(['岚山物联', '鹭洲电气']);
    // Two changes since the kept version: read all.
    await mk('青峰茶业');
    await mk('北岭物流');
    expect((await read('k5')).how).toBe('all');
    // An insert and a delete in one transaction: not only added, read all.
    const gone = await a.prisma.customer.findFirstOrThrow({ where: { ownerId: rep, name: '松岭环保' } });
    await b.prisma.$transaction(async (tx) => { await mk('南屿冷链', tx as typeof b.prisma); await tx.customer.delete({ where: { id: gone.id } }); });
    const mixed = await read('k6');
    expect(mixed.how).toBe('all');
    expect([...mixed.names].sort()).toEqual(await all());
    // A rename: read all; the insert after it is added to the list read then.
    const hu = await a.prisma.customer.findFirstOrThrow({ where: { ownerId: rep, name: '澄湖信息' } });
    await b.prisma.customer.update({ where: { id: hu.id }, data: { name: '澄湖信息技术', normalizedName: customerKey('澄湖信息技术') } });
    expect((await read('k7')).how).toBe('all');
    await mk('远帆科技');
    const last = await read('k8');
    expect(last.how).toBe('added');
    expect([...last.names].sort()).toEqual(await all());
  });
});
