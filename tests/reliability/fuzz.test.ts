// Fuzz: thousands of random and hostile inputs (seeded, so any failure reproduces from the
// printed seed) through the rule parser and through the whole SalesAssistant on PGlite.
// Nothing may throw, every parse result must satisfy the ParsedMessage schema, and every reply
// must be non-empty. Set FUZZ_SEED / FUZZ_N to explore further.
import { beforeAll, describe, expect, it } from 'vitest';
import { SalesAssistant, cleanText } from '../../src/domain/assistant.js';
import { makeContext } from '../../src/domain/context.js';
import { ruleParser } from '../../src/intents/rules/index.js';
import { ParsedMessageSchema } from '../../src/intents/schema.js';
import { createPgliteDb } from '../helpers/db.js';
import { useTestDb } from '../helpers/suite.js';
import { createOrg } from './helpers.js';
import { rng } from '../../scripts/bench/corpus.js';

const SEED = Number(process.env.FUZZ_SEED || 20261123);
const N_PARSER = Number(process.env.FUZZ_N || 5000);
const N_INGEST = Number(process.env.FUZZ_INGEST_N || 1000);
const NOW = new Date('2026-11-23T02:00:00Z');

const REAL = [
  '今天下午拜访了方舟电子的刘兵(技术负责人),对报价有顾虑,预计30万,下周二前发修改方案',
  '又去了方舟电子，进入报价阶段，金额35万',
  '金额改成40万', '不是刘兵,是刘冰', '撤销', '我的待办', '客户 方舟电子', '本月漏斗', '本月排名',
  '哪些单子停滞超过14天', '方舟电子设为热点客户,12月10日左右签单', '签约方舟电子合同50万，首付款20万已到',
  '设置本月目标 张三 50万', '张三这周拜访了几家', '明天给刘总打电话', '帮助', 'help', 'undo',
  'Visited Acme Corp today, met Jane Smith (CTO), budget $50k, send proposal by Friday',
  'call with Globex tomorrow 3pm', 'amount should be 400k', 'my tasks', 'pipeline this month',
  '下季度预测', '哪些客户可能流失', '应收情况', '今天的日报', '语言 英文', '切换到中文',
];
const HOSTILE = [
  "'; DROP TABLE \"Customer\"; --", "1' OR '1'='1", 'Robert\'); DROP TABLE "User";--', '$1 $2 \\x00 %s %n',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{"intent":"undo","__proto__":{"x":1}}', '[[[[[[[[[[',
  '${process.env.SECRET}', '{{7*7}}', '../../../../etc/passwd', 'null', 'undefined', 'NaN', '-0', '1e309',
  '\u202eevil\u202c', '\ufeff', '\u200b\u200b\u200b', 'ｆｕｌｌｗｉｄｔｈ　全角　１２３万', '𠮷野家拜访了𠀋公司', '￥￥￥99999999999999999999万',
  '金额改成-40万', '金额改成999999999999999亿', '下周二前前前前前前', '明天明天明天后天大后天上上周', '百分之百万亿千',
];
const EMOJI = ['😀', '🎉', '👍🏽', '👨‍👩‍👧‍👦', '🇨🇳', '🔥', '💰'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

// Lone UTF-16 surrogates are in the mix on purpose: PostgreSQL cannot store them (22021), so the
// assistant must replace them (cleanText) rather than fail every redelivery.

function randomCodePoint(r: () => number): string {
  const band = r();
  let cp: number;
  if (band < 0.3) cp = 0x4e00 + Math.floor(r() * 0x5200); // CJK
  else if (band < 0.5) cp = 0x20 + Math.floor(r() * 0x5f); // ASCII
  else if (band < 0.6) cp = Math.floor(r() * 0x20); // control chars incl. NUL
  else if (band < 0.7) cp = 0xd800 + Math.floor(r() * 0x800); // lone surrogates
  else if (band < 0.8) cp = 0x1f300 + Math.floor(r() * 0x300); // emoji
  else cp = Math.floor(r() * 0x10ffff);
  if (cp >= 0xd800 && cp < 0xe000) return String.fromCharCode(cp);
  return String.fromCodePoint(cp);
}

function randomText(r: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += randomCodePoint(r);
  return s;
}

/** One input; the mix leans on mutated real messages, which reach the deepest parser paths. */
function generate(r: () => number): string {
  const k = r();
  if (k < 0.2) return randomText(r, 1 + Math.floor(r() * 80));
  if (k < 0.35) return pick(r, HOSTILE);
  if (k < 0.6) {
    // splice fragments of real messages, hostile strings and noise
    const parts: string[] = [];
    const n = 1 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      const src = r() < 0.7 ? pick(r, REAL) : pick(r, HOSTILE);
      const a = Math.floor(r() * src.length);
      parts.push(src.slice(a, a + 1 + Math.floor(r() * 30)));
      if (r() < 0.3) parts.push(pick(r, EMOJI));
      if (r() < 0.2) parts.push(randomText(r, 3));
      if (r() < 0.3) parts.push(pick(r, ['，', ',', '。', ' ', '\n', '\t', '、', ';']));
    }
    return parts.join('');
  }
  if (k < 0.8) {
    // a real message with a few characters replaced or inserted
    const chars = [...pick(r, REAL)];
    const edits = 1 + Math.floor(r() * 4);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(r() * (chars.length + 1));
      if (r() < 0.5) chars.splice(at, 1, randomCodePoint(r));
      else chars.splice(at, 0, pick(r, ['万', '亿', '元', '号', '点', '周', '月', '天', '前', '后', '(', ')', '（', '）', '-', '%', '0', '9']));
    }
    return chars.join('');
  }
  if (k < 0.85) return pick(r, REAL).repeat(1 + Math.floor(r() * 120)); // long, possibly over the limit
  if (k < 0.9) return pick(r, EMOJI).repeat(1 + Math.floor(r() * 50));
  if (k < 0.95) return JSON.stringify({ text: pick(r, REAL), n: r(), nested: [pick(r, HOSTILE)] });
  return pick(r, REAL);
}

describe('fuzz', () => {
  it(`rule parser: ${N_PARSER} inputs never throw and always return a schema-valid result (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const ctx = { now: NOW, timezone: 'Asia/Shanghai', knownCustomers: ['方舟电子', 'Acme Corp'], knownUsers: ['张三', '李娜'] };
    for (let i = 0; i < N_PARSER; i++) {
      const text = generate(r);
      let result;
      try {
        result = await ruleParser.parse(text, ctx);
      } catch (e) {
        throw new Error(`parser threw on input #${i} (seed ${SEED}): ${JSON.stringify(text)}: ${(e as Error).stack}`);
      }
      const check = ParsedMessageSchema.safeParse(result);
      if (!check.success) throw new Error(`invalid parse for input #${i} (seed ${SEED}): ${JSON.stringify(text)}: ${check.error.message}`);
    }
  });

  describe('SalesAssistant on PGlite', () => {
    const suite = useTestDb(createPgliteDb);
    let bot: SalesAssistant;
    let senders: string[];
    beforeAll(async () => {
      const org = await createOrg(suite.db.prisma, 3, 1);
      senders = [...org.reps.map((x) => x.wecom), org.managerA.wecom];
      bot = new SalesAssistant(makeContext(suite.db.prisma, { now: () => NOW }), { parser: ruleParser, log: () => {} });
    });

    it(`${N_INGEST} inputs: no throw, never ERROR, every reply non-empty, the tables stay intact (seed ${SEED + 1})`, async () => {
      const r = rng(SEED + 1);
      const outcomes = new Map<string, number>();
      const sent = new Map<string, string>();
      for (let i = 0; i < N_INGEST; i++) {
        const text = generate(r);
        const reply = await bot.handleMessage({ platform: 'WECOM', externalId: `fz-${i}`, senderId: pick(r, senders), text });
        const where = `input #${i} (seed ${SEED + 1}): ${JSON.stringify(text).slice(0, 300)}`;
        if (typeof reply.text !== 'string' || !reply.text.trim()) throw new Error(`empty reply for ${where}`);
        if (reply.outcome === 'ERROR') throw new Error(`ERROR reply for ${where}`);
        if (reply.outcome !== 'UNREGISTERED') sent.set(`fz-${i}`, text);
        outcomes.set(reply.outcome, (outcomes.get(reply.outcome) ?? 0) + 1);
      }
      // The mix really exercised writes, rejections and answers (not just one branch).
      expect(outcomes.get('APPLIED') ?? 0).toBeGreaterThan(50);
      expect(outcomes.get('REJECTED') ?? 0).toBeGreaterThan(50);
      expect(outcomes.get('ANSWERED') ?? 0).toBeGreaterThan(20);
      // Every message got its own inbound row holding exactly what was sent, as cleanText makes it
      // storable (NUL dropped, lone surrogates -> U+FFFD; PGlite's result decoder also drops one
      // leading U+FEFF when reading — the row keeps it), and the schema survived the SQL-looking ones.
      const rows = await suite.db.prisma.inboundMessage.findMany({ select: { externalId: true, text: true } });
      expect(rows).toHaveLength(N_INGEST);
      const strip = (x: string) => cleanText(x).replace(/^\ufeff/, '');
      const mismatched = rows.filter((row) => strip(row.text) !== strip(sent.get(row.externalId) ?? ''));
      expect(mismatched.map((m) => m.externalId)).toEqual([]);
      const tables = await suite.db.prisma.$queryRawUnsafe<Array<{ n: number }>>(`select count(*)::int n from pg_tables where schemaname = current_schema()`);
      expect(tables[0].n).toBeGreaterThanOrEqual(14);
    }, 300_000); // ~2,000 full ingests on embedded PGlite; minutes only when the shared machine is loaded

    // A lone surrogate (JSON payloads can carry "\udcf5") cannot be stored in PostgreSQL text;
    // the assistant replaces it with U+FFFD so the message is stored instead of failing forever.
    it('stores a message containing a lone surrogate, with the surrogate replaced', async () => {
      const reply = await bot.handleMessage({ platform: 'WECOM', externalId: 'surrogate-1', senderId: senders[0], text: '拜访\udcf5方舟电子' });
      expect(reply.outcome).not.toBe('ERROR');
      const stored = await suite.db.prisma.inboundMessage.findFirstOrThrow({ where: { externalId: 'surrogate-1' } });
      expect(stored.text).toBe('拜访\uFFFD方舟电子');
    });
  });
});
