// Customer import from .xlsx/.csv through the CLI's code: the dry run reports per-row problems and
// 撞单 without writing, the import writes in batches with progress, a second run changes nothing,
// and the in-memory duplicate index agrees with findConflicts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/commands/import.js';
import { runExport } from '../../src/cli/commands/export.js';
import { customerKey, findConflicts } from '../../src/domain/customers.js';
import { ConflictIndex } from '../../src/domain/imports/conflicts.js';
import { testDatabases } from '../helpers/db.js';
import { counts } from '../helpers/world.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T10:00:00+08:00');

async function xlsx(file: string, rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

describe.each(await testDatabases())('customer import on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  let dir: string;
  const run = (args: string[], progress: Array<[string, number]> = []) =>
    runImport(suite.db.prisma, args, {
      now: NOW,
      lang: 'zh',
      progress: () => ({ start: (t) => progress.push(['start', t]), update: (d) => progress.push(['update', d]), stop: () => progress.push(['stop', 0]) }),
    });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sa-import-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await suite.db.prisma.customer.create({ data: { name: '方舟电子', normalizedName: customerKey('方舟电子'), ownerId: suite.world.outsider.id } });
  });

  const sample = () => [
    ['2026 客户名单（市场部整理）'],
    ['客户名称*', '负责人', '级别', '行业', '来源', '联系人', '职务', '手机号', '备注'],
    ['蓝鲸数据', '李娜', 'A', '大数据', '展会', '高远', 'CTO', 13700001111, '老客户介绍'],
    ['蓝鲸数据', '李娜', '', '', '', '何静', '采购经理', '13700002222'],
    ['赤峰机械', '王强', 'B', '机械', '官网', '钱多多', '总经理', ''],
    ['', '王强', 'C'],
    ['天穹光学', '孙悟空', 'B'],
    ['方舟电子股份有限公司', '王强', 'A'],
    ['赤峰机械有限公司', '李娜', 'B'],
    ['海风传媒', '', 'C', '传媒', '转介绍', '白露', '', 'abc-def'],
    ['海风传媒', '', 'C', '传媒', '转介绍', '白露', '市场总监', ''],
  ];

  it('the dry run lists every problem by line and writes nothing', async () => {
    const file = path.join(dir, 'dry.xlsx');
    await xlsx(file, sample());
    const before = await counts(suite.db.prisma);
    const [code, out] = await run([file, '--dry-run', '--owner', '李娜']);
    expect(code).toBe(0);
    expect(out).toContain('新建 3 个客户');
    expect(out).toContain('撞单跳过 2 个');
    expect(out).toMatch(/第6行 ❌ 缺少客户名称/);
    expect(out).toMatch(/第7行 ❌ 负责人“孙悟空”不存在/);
    expect(out).toMatch(/第8行 ⚠️ 撞单：与 赵六 的“方舟电子”/);
    expect(out).toMatch(/第9行 ⚠️ 撞单：与 第 5 行 王强 的“赤峰机械”/);
    expect(out).toMatch(/第10行 ❌ 电话“abc-def”/);
    expect(out).toContain('备注');
    expect(await counts(suite.db.prisma)).toEqual(before);
  });

  it('imports in batches with progress, and a second run changes nothing', async () => {
    const file = path.join(dir, 'real.xlsx');
    await xlsx(file, sample());
    const progress: Array<[string, number]> = [];
    const [code, out] = await runImport(suite.db.prisma, [file, '--owner', '李娜'], {
      now: NOW,
      lang: 'zh',
      progress: () => ({ start: (t) => progress.push(['start', t]), update: (d) => progress.push(['update', d]), stop: () => progress.push(['stop', 0]) }),
    });
    expect(code).toBe(0);
    expect(out).toContain('新建 3 个客户');
    expect(progress).toEqual([['start', 3], ['update', 3], ['stop', 0]]);
    const whale = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '蓝鲸数据' }, include: { contacts: { orderBy: { name: 'asc' } } } });
    expect(whale).toMatchObject({ ownerId: suite.world.rep.id, level: 'A', industry: '大数据', source: '展会', ownerSince: NOW });
    expect(whale.contacts.map((c) => [c.name, c.title, c.phone, c.role])).toEqual([
      ['何静', '采购经理', '13700002222', 'OTHER'],
      ['高远', 'CTO', '13700001111', 'TECHNICAL'],
    ]);
    expect((await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '海风传媒' } })).ownerId).toBe(suite.world.rep.id);
    expect(await suite.db.prisma.customer.count({ where: { name: { in: ['天穹光学', '方舟电子股份有限公司', '赤峰机械有限公司'] } } })).toBe(0);
    expect(await suite.db.prisma.customerEvent.count({ where: { kind: 'IMPORT' } })).toBe(3);

    const after = await counts(suite.db.prisma);
    const [code2, out2] = await run([file, '--owner', '李娜']);
    expect(code2).toBe(0);
    expect(out2).toContain('新建 0 个客户');
    expect(out2).toContain('3 个已有且无变化');
    expect(await counts(suite.db.prisma)).toEqual(after);
    expect(await suite.db.prisma.customerEvent.count()).toBe(3);
  });

  it('a later file fills empty fields and adds contacts of existing customers, never duplicating them', async () => {
    const first = path.join(dir, 'first.xlsx');
    await xlsx(first, [['客户', '负责人', '联系人'], ['玉衡软件', '王强', '米兰']]);
    expect((await run([first]))[0]).toBe(0);
    const second = path.join(dir, 'second.xlsx');
    await xlsx(second, [['Customer', 'Owner', 'Industry', 'Contact', 'Title', 'WeChat'], ['玉衡软件有限公司', '王强', 'SaaS', '米兰', '副总', 'milan88'], ['玉衡软件', '王强', '', '韩梅', '', '']]);
    const [, out] = await run([second]);
    expect(out).toContain('补充 1 个已有客户');
    const c = await suite.db.prisma.customer.findMany({ where: { ownerId: suite.world.rep2.id }, include: { contacts: { orderBy: { name: 'asc' } } } });
    expect(c).toHaveLength(1);
    expect(c[0].industry).toBe('SaaS');
    expect(c[0].contacts.map((x) => [x.name, x.title, x.wechat])).toEqual([['米兰', '副总', 'milan88'], ['韩梅', null, null]]);
  });

  it('reads a GBK-encoded CSV as Chinese Excel saves it, keeping leading zeros', async () => {
    const file = path.join(dir, 'gbk.csv');
    await writeFile(file, Buffer.from('bfcdbba7c3fbb3c62cb8bad4f0c8cb2cc1aacfb5c8cb2cb5e7bbb00d0ad4c6b7abceefc1f72cc0eec4c82cc1d6cfa62c303735353132330d0a', 'hex'));
    const [code] = await run([file]);
    expect(code).toBe(0);
    const c = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '云帆物流' } });
    expect(c.ownerId).toBe(suite.world.rep.id);
    const contact = await suite.db.prisma.contact.findFirstOrThrow({ where: { customerId: c.id } });
    expect([contact.name, contact.phone]).toEqual(['林夕', '0755123']);
  });

  it('a rep imports only their own customers; owner 公海 goes to the team pool', async () => {
    const file = path.join(dir, 'rep.xlsx');
    await xlsx(file, [['客户名称', '负责人'], ['紫金矿机', ''], ['银杏教育', '王强'], ['星火农业', '公海']]);
    const [, out] = await run([file, '--as', '李娜']);
    expect(out).toMatch(/第3行 ❌ 负责人“王强”不存在或不在你的范围内/);
    expect((await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '紫金矿机' } })).ownerId).toBe(suite.world.rep.id);
    const pooled = await suite.db.prisma.customer.findFirstOrThrow({ where: { name: '星火农业' }, include: { owner: true } });
    expect(pooled.owner.poolTeamId).toBe(suite.world.teamId);
  });

  it('refuses files that are not spreadsheets or have no customer column', async () => {
    const bad = path.join(dir, 'bad.xlsx');
    await writeFile(bad, 'not a zip');
    expect((await run([bad]))[0]).toBe(1);
    const noName = path.join(dir, 'noname.xlsx');
    await xlsx(noName, [['电话', '地址'], ['123', '某地']]);
    const [code, out] = await run([noName]);
    expect(code).toBe(1);
    expect(out).toContain('客户名称');
  });

  it('an export can be imported back unchanged', async () => {
    const file = path.join(dir, 'round.xlsx');
    await xlsx(file, sample());
    await run([file, '--owner', '李娜']);
    const exported = path.join(dir, 'exported.xlsx');
    const [code, out] = await runExport(suite.db.prisma, [exported], { lang: 'zh', tz: 'Asia/Shanghai' });
    expect(code).toBe(0);
    expect(out).toContain('客户 4');
    const before = await counts(suite.db.prisma);
    const [, again] = await run([exported]);
    expect(again).toContain('新建 0 个客户');
    expect(await counts(suite.db.prisma)).toEqual(before);
  });

  it('the in-memory duplicate index agrees with findConflicts', async () => {
    const names: Array<[string, string]> = [[suite.world.rep.id, '方舟'], [suite.world.rep2.id, '北方舟电子'], [suite.world.rep2.id, '恒星'], [suite.world.outsider.id, '恒星动力科技'], [suite.world.rep.id, '电子']];
    for (const [owner, name] of names) await suite.db.prisma.customer.create({ data: { name, normalizedName: customerKey(name), ownerId: owner } });
    const all = await suite.db.prisma.customer.findMany({ include: { owner: true } });
    const index = new ConflictIndex();
    for (const c of all) index.add({ id: c.id, name: c.name, key: c.normalizedName, ownerId: c.ownerId, ownerName: c.owner.displayName, pool: false });
    for (const probe of ['方舟电子', '恒星动力', '电子', '北方', '恒星']) {
      for (const owner of [suite.world.rep.id, suite.world.rep2.id]) {
        const key = customerKey(probe);
        const fromDb = (await findConflicts(suite.db.prisma, { id: 'x', name: probe, normalizedName: key, ownerId: owner } as never)).map((c) => c.customer.id).sort();
        const fromIndex = index.conflicts(key, owner, 10).map((c) => c.id).sort();
        expect(fromIndex, `${probe} for ${owner}`).toEqual(fromDb);
      }
    }
  });
});
