// 撞单 (another rep already works the same company) on both databases: names contained in each
// other, near-misses by trigram similarity (pg_trgm, loaded into PGlite too), names differing in
// digits or sharing only two characters in the middle kept apart; the in-memory import index
// applies the same rules; the trigram index can serve the statement; the chat reply warns.
import { describe, expect, it } from 'vitest';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { trigrams, trigramSimilarity } from '../../src/domain/conflictRules.js';
import { makeContext } from '../../src/domain/context.js';
import { customerKey, lookalikesPlanStatements, findConflicts, findOrCreateCustomer, mayBeNearMiss, ownCustomerMatches, ownNearMisses, rememberCustomersIn, rememberOwnNames } from '../../src/domain/customers.js';
import { ChangeLog } from '../../src/domain/changes.js';
import { ConflictIndex } from '../../src/domain/imports/conflicts.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { testDatabases } from '../helpers/db.js';
import { StubParser, parsed } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('撞单 check on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });

  const add = (ownerId: string, name: string, lifecycle: 'POTENTIAL' | 'LOST' = 'POTENTIAL') =>
    suite.db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId, lifecycle } });
  /** Names of the customers flagged for `name` typed by `ownerId`. */
  const flagged = async (ownerId: string, name: string) =>
    (await findConflicts(suite.db.prisma, { ownerId, normalizedName: customerKey(name) })).map((c) => c.customer.name).sort();

  it('catches names contained in each other and near-misses, and keeps different companies apart', async () => {
    const o = suite.world.outsider.id;
    await add(o, '青禾环保设备有限公司');
    await add(o, '瑞峰');
    await add(o, '蓝湾物流2号仓');
    await add(o, '华瑞峰达');
    await add(o, '松柏置业');
    await add(suite.world.rep.id, '青禾环保设备'); // the rep's own: never a conflict for them
    await add(suite.world.rep2.id, '青禾环保工程', 'LOST'); // 失效: not worked any more

    const rep = suite.world.rep.id;
    expect(await flagged(rep, '广州青禾环保设备工程')).toEqual(['青禾环保设备有限公司']); // contains it (region prefix dropped)
    expect(await flagged(rep, '青禾环保')).toEqual(['青禾环保设备有限公司']); // contained in it
    expect(await flagged(rep, '青禾环保科技')).toEqual(['青禾环保设备有限公司']); // another trade word: near-miss
    expect(await flagged(rep, '青河环保设备')).toEqual(['青禾环保设备有限公司']); // one character mistyped
    expect(await flagged(rep, '瑞峰智造')).toEqual(['瑞峰']); // two characters at the start
    expect(await flagged(rep, '金瑞峰')).toEqual(['瑞峰']); // … or at the end
    expect(await flagged(rep, '金瑞峰科技')).toEqual([]); // two characters in the middle: coincidence
    expect(await flagged(rep, '蓝湾物流3号仓')).toEqual([]); // similar, but another branch number
    expect(await flagged(rep, '蓝湾物流2号仓库')).toEqual(['蓝湾物流2号仓']);
    expect(await flagged(rep, '松柏地产')).toEqual([]); // shares a first word only
    expect(await flagged(rep, '禾')).toEqual([]); // too short to mean anything
    // The outsider's own customers never conflict with themselves.
    expect(await flagged(o, '青禾环保设备')).toEqual(['青禾环保设备']);
  });

  it('puts the same key first, then containment, then the closest near-miss', async () => {
    const o = suite.world.outsider.id;
    await add(o, '银杉仪表科技');
    await add(suite.world.rep2.id, '银杉仪表');
    await add(o, '银杉仪器');
    const found = await findConflicts(suite.db.prisma, { ownerId: suite.world.rep.id, normalizedName: customerKey('银杉仪表') });
    expect(found.map((c) => [c.customer.name, c.owner.displayName])).toEqual([
      ['银杉仪表', '王强'],
      ['银杉仪表科技', '赵六'],
      ['银杉仪器', '赵六'],
    ]);
  });

  it('a new name\'s near-misses and 撞单 look-alikes are read in one statement, equal to their own statements, and the new customer is checked with them', async () => {
    const rep = suite.world.rep.id;
    await add(rep, '方舟电子'); // the rep's own: 方舟电器 is a near-miss of it, 方洲电子 a homophone typo
    await add(rep, '华星科技');
    await add(suite.world.outsider.id, '方舟电器设备'); // another holder's: 撞单 for several
    await add(suite.world.outsider.id, '华兴科技');
    await add(suite.world.rep2.id, '远山物流');
    let checked = 0;
    for (const name of ['方舟电器', '方洲电子', '华心科技', '远山物流', '远山物流园', '全新的名字', '方舟电子', '方舟']) {
      const key = customerKey(name);
      const separate = { near: await ownNearMisses(suite.db.prisma, rep, key), conflicts: await findConflicts(suite.db.prisma, { ownerId: rep, normalizedName: key }) };
      // Rolled back at the end: every name starts from the same customers.
      await suite.db.prisma.$transaction(async (tx) => {
        rememberCustomersIn(tx);
        const m = await ownCustomerMatches(tx, rep, key);
        if (m.exact || m.partial.length) throw new Error('roll back');
        expect(await ownNearMisses(tx, rep, key), name).toEqual(separate.near);
        // Written after that read, in the same transaction, without telling it: a check read
        // again would flag this other holder's same name first; the new customer's check is the
        // one read with the near-misses.
        await tx.customer.create({ data: { name, normalizedName: key, ownerId: suite.world.manager.id } });
        const made = await findOrCreateCustomer(tx, suite.world.rep as never, name, new ChangeLog(), NOW);
        expect(made.created).toBe(true);
        expect(made.conflicts, name).toEqual(separate.conflicts);
        expect((await findConflicts(tx, { ownerId: rep, normalizedName: key }))[0].customer.name, name).toBe(name);
        checked++;
        throw new Error('roll back');
      }).catch((e: Error) => expect(e.message).toBe('roll back'));
    }
    expect(checked).toBe(6);
    // The names above did exercise every part: a near-miss, a homophone typo, a look-alike.
    expect((await ownNearMisses(suite.db.prisma, rep, customerKey('方舟电器'))).map((c) => c.name)).toEqual(['方舟电子']);
    expect((await ownNearMisses(suite.db.prisma, rep, customerKey('华心科技'))).map((c) => c.name)).toEqual(['华星科技']);
    expect((await findConflicts(suite.db.prisma, { ownerId: rep, normalizedName: customerKey('远山物流园') })).map((c) => c.customer.name)).toEqual(['远山物流']);
  });

  it('with all of the rep\'s names known, a name close to none of them reads only the look-alikes; a close one still reads its near-misses', async () => {
    const rep = suite.world.rep.id;
    const own = ['临江电子科技', '星桥物流', '华晟机电设备', '云杉一号店', '北辰医疗器械'];
    for (const n of own) await add(rep, n);
    await add(rep, '星乔物流', 'LOST');
    await add(suite.world.outsider.id, '临江电子'); // 撞单 for 临江电子技术
    await add(suite.world.rep2.id, '青石建材');
    const ownNames = [...own, '星乔物流'];
    const cases = { '临江电子技术': true, '星侨物流': true, '华晟机电': true, '云杉二号店': false, '青石建材': false, '东湖园林绿化': false };
    for (const [name, close] of Object.entries(cases)) {
      const key = customerKey(name);
      const want = { near: await ownNearMisses(suite.db.prisma, rep, key), conflicts: await findConflicts(suite.db.prisma, { ownerId: rep, normalizedName: key }) };
      await suite.db.prisma.$transaction(async (tx) => {
        // What the message's transaction sends, to see which searches ran.
        const sent: string[] = [];
        const spy = new Proxy(tx, { get: (t, k) => (k === '$queryRaw' ? (q: Prisma.Sql) => (sent.push(q.sql), t.$queryRaw(q)) : Reflect.get(t, k)) });
        rememberCustomersIn(spy);
        rememberOwnNames(spy, rep, ownNames);
        expect(await ownNearMisses(spy, rep, key), name).toEqual(want.near);
        expect(sent.some((q) => q.includes('typo')), `${name}: near-miss search`).toBe(close);
        const made = await findOrCreateCustomer(spy, suite.world.rep as never, name, new ChangeLog(), NOW);
        expect(made.conflicts, name).toEqual(want.conflicts);
        throw new Error('roll back');
      }).catch((e: Error) => expect(e.message).toBe('roll back'));
    }
    // The cases found something where expected: a near-miss, a homophone typo (of a 失效 one, left out), a look-alike.
    expect((await ownNearMisses(suite.db.prisma, rep, customerKey('临江电子技术'))).map((c) => c.name)).toEqual(['临江电子科技']);
    expect((await findConflicts(suite.db.prisma, { ownerId: rep, normalizedName: customerKey('临江电子技术') })).map((c) => c.customer.name)).toEqual(['临江电子']);
    // A list that may be cut short (as many names as the read returns at most) is not trusted.
    await suite.db.prisma.$transaction(async (tx) => {
      rememberCustomersIn(tx);
      rememberOwnNames(tx, rep, Array.from({ length: 500 }, (_, i) => `客户${i}`));
      expect((await ownNearMisses(tx, rep, customerKey('临江电子技术'))).map((c) => c.name)).toEqual(['临江电子科技']);
    });
  });

  it('a name none of the rep\'s known names contains: its matches, near-misses and look-alikes come from the first read, equal to their own statements', async () => {
    const rep = suite.world.rep.id;
    const own = ['松涛电子科技', '北岭物流', '澜湾食品'];
    for (const n of own) await add(rep, n);
    await add(suite.world.outsider.id, '松涛电子'); // 撞单 for 松涛电子设备
    // (松涛电子设备: a near-miss of the rep's 松涛电子科技 and a look-alike of another's; 澜湾: a part of a known name.)
    for (const [name, reads] of [['松涛电子设备', 1], ['青峰茶业', 1], ['澜湾', 1]] as const) {
      const key = customerKey(name);
      const want = { matches: await ownCustomerMatches(suite.db.prisma, rep, key), near: await ownNearMisses(suite.db.prisma, rep, key), conflicts: await findConflicts(suite.db.prisma, { ownerId: rep, normalizedName: key }) };
      await suite.db.prisma.$transaction(async (tx) => {
        const sent: string[] = [];
        const spy = new Proxy(tx, { get: (t, k) => (k === '$queryRaw' ? (q: Prisma.Sql) => (sent.push(q.sql), t.$queryRaw(q)) : Reflect.get(t, k)) });
        rememberCustomersIn(spy);
        rememberOwnNames(spy, rep, own);
        expect(await ownCustomerMatches(spy, rep, key), name).toEqual(want.matches);
        expect(sent.length, name).toBe(reads);
        const known = want.matches.partial.length > 0;
        // A new-looking name's first read also searched near-misses and look-alikes; a part of a known name's did not.
        expect(sent[0].includes('similarity'), name).toBe(!known);
        if (known) throw new Error('roll back');
        expect(await ownNearMisses(spy, rep, key), name).toEqual(want.near);
        const made = await findOrCreateCustomer(spy, suite.world.rep as never, name, new ChangeLog(), NOW);
        expect(made.conflicts, name).toEqual(want.conflicts);
        // Nothing searched again: the insert is the only other statement.
        expect(sent.length, name).toBe(2);
        throw new Error('roll back');
      }).catch((e: Error) => expect(e.message).toBe('roll back'));
    }
    expect((await ownNearMisses(suite.db.prisma, rep, customerKey('松涛电子设备'))).map((c) => c.name)).toEqual(['松涛电子科技']);
    expect((await findConflicts(suite.db.prisma, { ownerId: rep, normalizedName: customerKey('松涛电子设备') })).map((c) => c.customer.name)).toEqual(['松涛电子']);
  });

  it('the in-memory check never rules out a near-miss the database finds', async () => {
    // Names of one rep and variants of them: one character changed (homophone or not), a trade
    // word changed, shortened, lengthened, another branch number.
    const rep = suite.world.rep2.id;
    const own = ['金穗粮油贸易', '博远教育咨询', '天衡检测技术', '瑞丰汽车配件', '银河二号仓储', '方圆建筑设计院', '科达'];
    for (const n of own) await add(rep, n);
    const variants = ['金穗粮油', '金岁粮油贸易', '金穗油脂贸易', '博远教育', '博园教育咨询', '天衡检验技术', '天恒检测技术', '瑞丰汽配', '瑞风汽车配件', '瑞丰汽车配件厂',
      '银河三号仓储', '银河二号物流', '方圆建筑设计', '方园建筑设计院', '科大', '可达', '科达物流', '全然不同'];
    let found = 0;
    for (const v of variants) {
      const key = customerKey(v);
      const near = await ownNearMisses(suite.db.prisma, rep, key);
      if (near.length) {
        found++;
        expect(mayBeNearMiss(key, own), v).toBe(true);
      }
    }
    expect(found).toBeGreaterThan(8);
  });

  it('LIKE wildcards in a name are plain characters', async () => {
    await add(suite.world.outsider.id, '百分百传媒');
    await add(suite.world.outsider.id, '%%传媒');
    expect(await flagged(suite.world.rep.id, '%%')).toEqual(['%%传媒']);
    expect(await flagged(suite.world.rep.id, '%传媒')).toEqual(['%%传媒']);
  });

  it('trigram similarity in memory equals pg_trgm similarity()', async () => {
    const pairs: Array<[string, string]> = [
      ['青禾环保设备', '青禾环保科技'],
      ['银杉仪表', '银杉仪器'],
      ['northwind traders', 'northwind trading'],
      ['c++软件工作室', 'c软件工作室'],
      ['泰和2期', '泰和3期'],
      ['abc', 'xyz'],
      ['%%', '%%'],
    ];
    for (const [a, b] of pairs) {
      const [row] = await suite.db.prisma.$queryRaw<Array<{ s: number }>>(Prisma.sql`SELECT similarity(${a}, ${b})::float8 AS s`);
      expect(trigramSimilarity(trigrams(a), trigrams(b)), `${a} / ${b}`).toBeCloseTo(row.s, 5);
    }
  });

  it('the import index flags exactly what findConflicts flags', async () => {
    const o = suite.world.outsider.id;
    const r2 = suite.world.rep2.id;
    const held: Array<[string, string]> = [[o, '竹溪茶业'], [r2, '竹溪茶业发展'], [o, '竹溪茶叶'], [r2, '云岭'], [o, '云岭矿业3分公司'], [suite.world.rep.id, '竹溪'], [o, '石门水泥']];
    for (const [owner, name] of held) await add(owner, name);
    const all = await suite.db.prisma.customer.findMany({ include: { owner: true } });
    const index = new ConflictIndex();
    for (const c of all) index.add({ id: c.id, name: c.name, key: c.normalizedName, ownerId: c.ownerId, ownerName: c.owner.displayName, pool: false });
    for (const probe of ['竹溪茶业', '竹溪茶', '竹溪', '竹溪茶业集团', '云岭矿业4分公司', '云岭矿业3分公司南区', '大云岭', '石门水泥厂', '石门', '门水']) {
      for (const owner of [suite.world.rep.id, r2]) {
        const key = customerKey(probe);
        const fromDb = (await findConflicts(suite.db.prisma, { ownerId: owner, normalizedName: key }, 10)).map((c) => c.customer.id).sort();
        const fromIndex = index.conflicts(key, owner, 10).map((c) => c.id).sort();
        expect(fromIndex, `${probe} for ${owner}`).toEqual(fromDb);
      }
    }
  });

  it('the trigram index can serve the check (no scan of every customer), in the generic plan the function keeps', async () => {
    for (let i = 0; i < 50; i++) await add(suite.world.outsider.id, `样本${i}号企业`);
    await suite.db.prisma.$executeRawUnsafe('ANALYZE "Customer"');
    const plan = await suite.db.prisma.$transaction(async (tx) => {
      // A table this small is read whole; forbid that to see which indexes can answer it.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      await tx.$executeRawUnsafe('SET LOCAL enable_indexscan = off');
      const s = await lookalikesPlanStatements(tx, { ownerId: suite.world.rep.id, normalizedName: customerKey('远山光伏科技') });
      for (const statement of s.setup) await tx.$executeRawUnsafe(statement);
      const rows = await tx.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN ${s.execute}`);
      await tx.$executeRawUnsafe('DEALLOCATE lookalikes');
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('Customer_normalizedName_trgm_idx');
    expect(plan).toMatch(/\$1/); // the generic plan: the values are parameters
    expect(plan).not.toMatch(/Seq Scan on "Customer"/);
  });

  it('the function keeps one generic plan, serial, whatever the session says', async () => {
    const [fn] = await suite.db.prisma.$queryRaw<Array<{ config: string[] }>>`SELECT proconfig AS config FROM pg_proc WHERE proname = 'customer_lookalikes'`;
    expect(fn.config.sort()).toEqual(['max_parallel_workers_per_gather=0', 'plan_cache_mode=force_generic_plan']);
  });

  it('the reply to a message about a near-miss name warns about the other rep', async () => {
    await add(suite.world.outsider.id, '峡湾渔业科技');
    const text = '下午去峡湾渔业技术聊了冷链方案';
    const parser = new StubParser().on(text, parsed({
      intent: 'log_activity',
      activity: { type: 'VISIT', occurredAt: '2026-11-24T15:00:00+08:00', summary: '聊冷链方案' },
      customer: { name: '峡湾渔业技术' },
    }));
    const bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser, log: () => {} });
    const r = await bot.handleMessage({ platform: 'CONSOLE', externalId: 'c1', senderId: 'rep', text });
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('撞单提醒：客户“峡湾渔业科技”已由 赵六 跟进');
    expect(await suite.db.prisma.customer.count({ where: { ownerId: suite.world.rep.id, normalizedName: '峡湾渔业技术' } })).toBe(1);
  });
});
