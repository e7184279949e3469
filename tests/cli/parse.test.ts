// The `cli parse --json` contract that outside checks depend on: exactly one JSON object on
// stdout with these keys, ISO times and the amount in yuan.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

async function cli(...args: string[]) {
  const { stdout } = await run('npm', ['run', '-s', 'cli', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, OPENAI_API_KEY: '', npm_config_loglevel: 'silent' },
  });
  return stdout;
}

describe('npm run -s cli -- parse --json', () => {
  it('prints exactly one JSON object with the contract fields', async () => {
    const stdout = await cli('parse', '--json', '--now', '2026-11-23T20:00:00+08:00', '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out).sort()).toEqual(['activity', 'contacts', 'customer', 'hot', 'intent', 'nextSteps', 'opportunity']);
    expect(out.intent).toBe('log_activity');
    expect(out.activity.type).toBe('VISIT');
    expect(out.activity.occurredAt).toBe('2026-11-23T15:00:00+08:00');
    expect(out.activity.summary.length).toBeGreaterThan(0);
    expect(out.customer).toEqual({ name: '方舟电子' });
    expect(out.contacts).toEqual([{ name: '刘兵', title: '技术负责人', role: 'TECHNICAL' }]);
    expect(out.opportunity).toMatchObject({ amount: 300000, currency: 'CNY', expectedCloseDate: null });
    expect(Object.keys(out.opportunity).sort()).toEqual(['amount', 'currency', 'expectedCloseDate', 'stage']);
    expect(out.nextSteps).toEqual([{ title: '发修改方案', dueAt: '2026-12-01T09:00:00+08:00', dueLabel: '下周二前' }]);
    expect(out.hot).toBeNull();
  }, 60_000);

  it('answers garbage with a valid unknown result, not a crash', async () => {
    const out = JSON.parse((await cli('parse', '--json', '--now', '2026-11-23T10:00:00+08:00', "'; DROP TABLE x; --")).trim());
    expect(out.intent).toBe('unknown');
    expect(out.activity).toBeNull();
    expect(out.nextSteps).toEqual([]);
  }, 60_000);
});
