// The console adapter: a scripted session through the real rule parser on PGlite with the demo
// data, and the actual `npm start` entry point driven over a pipe.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/bot/console/session.js';
import { SalesAssistant } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { seedDemo } from '../../src/domain/seed.js';
import { ruleParser } from '../../src/intents/index.js';
import { createPgliteDb } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const VISIT = '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案';

describe('console session', () => {
  const suite = useTestDb(createPgliteDb);
  let session: ConsoleSession;

  beforeAll(async () => {
    const ctx = makeContext(suite.db.prisma, { now: () => NOW });
    expect(await seedDemo(suite.db.prisma, NOW)).toBe(true);
    expect(await seedDemo(suite.db.prisma, NOW)).toBe(false);
    session = new ConsoleSession(new SalesAssistant(ctx, { parser: ruleParser, log: () => {} }), suite.db.prisma, { user: 'lina' });
  });

  it('logs a visit as the demo rep and shows it in tasks and the customer timeline', async () => {
    expect(await session.handleLine('/whoami')).toBe('李娜（lina，REP）');
    const reply = await session.handleLine(VISIT);
    expect(reply).toContain('✅ 已记录');
    expect(reply).toContain('客户：方舟电子（已有）');
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow({ where: { customer: { name: '方舟电子' } } });
    expect(Number(opp.amount)).toBe(300000);
    const tasks = await session.handleLine('我的待办');
    expect(tasks).toContain('发修改方案');
    expect(tasks).toContain('给华星科技王总发需求确认书');
    const timeline = await session.handleLine('客户 方舟电子');
    expect(timeline).toContain('刘兵');
    expect(timeline).toContain('对报价有顾虑');
  });

  it('corrects and undoes through chat', async () => {
    const fix = await session.handleLine('金额改成40万');
    expect(fix).toContain('40万元');
    const opp = await suite.db.prisma.opportunity.findFirstOrThrow({ where: { customer: { name: '方舟电子' } } });
    expect(Number(opp.amount)).toBe(400000);
    const undo = await session.handleLine('撤销');
    expect(undo).toContain('已撤销');
    const again = await suite.db.prisma.opportunity.findFirstOrThrow({ where: { customer: { name: '方舟电子' } } });
    expect(Number(again.amount)).toBe(300000);
  });

  it('switches user with /as and applies that user’s scope', async () => {
    expect(await session.handleLine('/as zhangwei')).toBe('已切换为 张伟（zhangwei，MANAGER）');
    expect(await session.handleLine('客户 方舟电子')).toContain('负责人 李娜');
    await session.handleLine('/as chenjing');
    expect(await session.handleLine('客户 方舟电子')).toBe('你没有权限查看或修改这部分数据。');
    expect(await session.handleLine('/as nobody')).toContain('没有用户 nobody');
    expect(session.currentUser).toBe('chenjing');
    expect(await session.handleLine('/bogus')).toContain('未知命令');
    expect(await session.handleLine('/quit')).toBeNull();
  });
});

describe('npm start entry point', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sa-console-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds a fresh data folder and answers piped chat lines', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot/console/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', OPENAI_API_KEY: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end(['帮助', VISIT, '我的待办', '/quit', ''].join('\n'));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('已写入演示数据');
    expect(out).toContain('销售助手用法');
    expect(out).toContain('✅ 已记录');
    expect(out).toContain('发修改方案');
  }, 120_000);
});
