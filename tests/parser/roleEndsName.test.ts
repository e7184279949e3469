// A role written right after a company ("立讯精密技术总监周工") is the person's title: the department
// word that opens it (技术, IT, 数据, 网络 — also words that end company names) ends the name. A
// strong organisation word (科技, 集团) stays the company's, a title that opens with its own department
// (采购经理) leaves the word before it in the name, and an honorific ("华为技术李总") keeps its reading.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-23T10:00:00+08:00'), timezone: 'Asia/Shanghai', knownUsers: [] };
const parse = (t: string) => parseRules(t, ctx);

describe('a role after a company name ends the name', () => {
  const rows: Array<[string, string, string, string]> = [
    ['晨光精密技术总监孙工说样机下个月测', '晨光精密', '孙工', '技术总监'],
    ['拜访了鼎盛电子技术总监钱伟，聊了二期', '鼎盛电子', '钱伟', '技术总监'],
    ['远航重工IT负责人郑工明天来我们这边看演示', '远航重工', '郑工', 'IT负责人'],
    ['今天去了锦程物流，锦程物流技术经理冯工对接口有疑问', '锦程物流', '冯工', '技术经理'],
    ['华为技术总监李明说方案可以', '华为', '李明', '技术总监'],
  ];
  for (const [text, name, person, title] of rows) {
    it(text, () => {
      const p = parse(text);
      expect(p.customer?.name).toBe(name);
      expect(p.contacts.find((c) => c.name === person)?.title).toBe(title);
    });
  }
});

describe('nearby names keep their words', () => {
  const rows: Array<[string, string]> = [
    ['华星科技总监何总说要等预算', '华星科技'],
    ['宏达工程项目经理刘工说图纸还在改', '宏达工程'],
    ['给蓝鲸数据采购经理打了电话', '蓝鲸数据'],
    ['今天拜访了东方信息技术有限公司的王总', '东方信息技术有限公司'],
    ['拜访了华星科技，技术部经理钱工在', '华星科技'],
    ['上午去了趟港湾航空货运，见了货站经理Alan和操作主管小麦', '港湾航空货运'],
  ];
  for (const [text, name] of rows) {
    it(text, () => {
      expect(parse(text).customer?.name).toBe(name);
    });
  }
});
