// Realistic chat messages for the parser and ingest benchmarks: visits, calls, stage moves and
// next steps about the sender's existing customers (found-or-updated) and new ones (created,
// named like real companies).
import { customerName, customerOfRep, realName, repId } from './data.js';

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

/**
 * What a message states, for the plain-SQL baseline to write the same records (scripts/bench/
 * main.ts plainIngest): a contact, a deal amount or stage, an activity, a next step, a hot flag.
 */
export interface Facts {
  contact?: boolean;
  amount?: boolean;
  stage?: string;
  activity?: string;
  step?: boolean;
  hot?: boolean;
  /** An expected closing date for the open deal. */
  close?: boolean;
}

const TEMPLATES: Array<{ text: (c: string, p: string, n: number) => string; facts: Facts }> = [
  { text: (c, p, n) => `今天下午拜访了${c}的${p}(技术负责人),对报价有顾虑,预计${n}万,下周二前发修改方案`, facts: { contact: true, amount: true, activity: 'VISIT', step: true } },
  { text: (c, p) => `给${c}的${p}打了电话，约了明天下午见面`, facts: { contact: true, activity: 'CALL', step: true } },
  { text: (c, _p, n) => `${c}进入报价阶段，金额${n}万`, facts: { amount: true, stage: 'QUOTATION' } },
  { text: (c, p) => `微信跟${c}的${p}沟通了方案，下周三前回复`, facts: { contact: true, activity: 'WECHAT', step: true } },
  { text: (c, p) => `明天给${c}的${p}打电话`, facts: { contact: true, step: true } },
  { text: (c, p, n) => `上午和${c}${p}开会，确认了需求，预算${n}万，月底前出方案`, facts: { contact: true, amount: true, activity: 'MEETING', step: true } },
  { text: (c) => `${c}设为热点客户,12月10日左右签单`, facts: { hot: true, close: true } },
  { text: (c, p) => `Visited ${c} today, met ${p}, will send the proposal by Friday`, facts: { contact: true, activity: 'VISIT', step: true } },
];

export interface BenchMessage {
  senderId: string;
  text: string;
  /** The customer it is about, as written, and what it states about it. */
  customer: string;
  contact: string;
  amount: number;
  facts: Facts;
}

/** ~70 % about one of the sender's existing customers, ~30 % about a new company. */
export function makeMessages(n: number, reps: number, customers: number, seed = 7): BenchMessage[] {
  const r = rng(seed);
  const perRep = Math.max(1, Math.floor(customers / reps));
  const out: BenchMessage[] = [];
  for (let i = 0; i < n; i++) {
    const rep = 1 + Math.floor(r() * reps);
    const existing = r() < 0.7;
    // A new company has a name like a real one (青禾远电子科技), which the parser must recognise by
    // its shape, from numbers no customer of the data set uses and no other seed uses (realName is
    // unique below 10⁶ only: seeds < 60, up to 8,000 messages each).
    const name = existing ? customerName(customerOfRep(rep, Math.floor(r() * perRep), reps)) : realName(500_000 + seed * 8_000 + (i % 8_000));
    const t = TEMPLATES[Math.floor(r() * TEMPLATES.length)];
    const contact = CONTACTS[Math.floor(r() * CONTACTS.length)];
    const amount = 5 + Math.floor(r() * 300);
    out.push({ senderId: repId(rep), text: t.text(name, contact, amount), customer: name, contact, amount, facts: t.facts });
  }
  return out;
}
