// Realistic chat messages for the parser and ingest benchmarks: visits, calls, stage moves and
// next steps about the sender's existing customers (found-or-updated) and new ones (created).
import { customerName, customerOfRep, repId } from './data.js';

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTACTS = ['刘总', '王工', '陈经理', '张总', '李主任', '赵工'];
const TEMPLATES: Array<(c: string, p: string, n: number) => string> = [
  (c, p, n) => `今天下午拜访了${c}的${p}(技术负责人),对报价有顾虑,预计${n}万,下周二前发修改方案`,
  (c, p) => `给${c}的${p}打了电话，约了明天下午见面`,
  (c, _p, n) => `${c}进入报价阶段，金额${n}万`,
  (c, p) => `微信跟${c}的${p}沟通了方案，下周三前回复`,
  (c, p) => `明天给${c}的${p}打电话`,
  (c, p, n) => `上午和${c}${p}开会，确认了需求，预算${n}万，月底前出方案`,
  (c) => `${c}设为热点客户,12月10日左右签单`,
  (c, p) => `Visited ${c} today, met ${p}, will send the proposal by Friday`,
];

export interface BenchMessage {
  senderId: string;
  text: string;
}

/** ~70 % about one of the sender's existing customers, ~30 % about a new company. */
export function makeMessages(n: number, reps: number, customers: number, seed = 7): BenchMessage[] {
  const r = rng(seed);
  const perRep = Math.max(1, Math.floor(customers / reps));
  const out: BenchMessage[] = [];
  for (let i = 0; i < n; i++) {
    const rep = 1 + Math.floor(r() * reps);
    const existing = r() < 0.7;
    const name = existing ? customerName(customerOfRep(rep, Math.floor(r() * perRep), reps)) : `新客户${seed}x${i}电子`;
    const t = TEMPLATES[Math.floor(r() * TEMPLATES.length)];
    out.push({ senderId: repId(rep), text: t(name, CONTACTS[Math.floor(r() * CONTACTS.length)], 5 + Math.floor(r() * 300)) });
  }
  return out;
}
