// Why this file exists: names glued to their neighbours were read whole — "朋友公司启明星教育" made
// "朋友公司" (or the whole run) the customer, "Landmark Tech CEO Mark Li" gave Mark Li the title
// "Landmark Tech CEO", "Lisa (Brightwave)" gave Lisa the title "Brightwave" and no customer. A
// description before a company's name (vocab/organizations.ts NAME_DESCRIPTORS) is no part of it; the
// customer's name is never part of a contact's title; a company in brackets after a person's name is
// whose person it is, while a title in brackets stays a title. Sentences written for this file.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/intents/rules/index.js';
import type { ParseContext } from '../../src/intents/schema.js';

const ctx: ParseContext = { now: new Date('2026-11-27T06:00:00Z'), timezone: 'Asia/Shanghai', knownUsers: [] };
const p = (t: string) => parseRules(t, ctx);

describe('a description before the company is no part of its name', () => {
  it.each([
    ['今天去了同学公司远航物流，见了采购孙经理', '远航物流'],
    ['老客户青松环保想再加一套系统', '青松环保'],
    ['朋友的公司鼎丰食品下周想看演示', '鼎丰食品'],
  ])('%s', (text, name) => expect(p(text).customer?.name).toBe(name));
});

describe('the customer\'s name is not part of a title', () => {
  it('English, company then title then person', () => {
    const r = p('Visited Northwind Labs CTO Priya Shah, budget 80k');
    expect(r.customer?.name).toBe('Northwind Labs');
    expect(r.contacts).toEqual([expect.objectContaining({ name: 'Priya Shah', title: 'CTO', role: 'TECHNICAL' })]);
  });
});

describe('a company in brackets after a person is theirs', () => {
  it.each([
    ['Coffee with Daniel (Silverline) today, he wants pricing by Friday', 'Silverline', 'Daniel'],
    ['今天和孙静（远航物流）通了电话', '远航物流', '孙静'],
  ])('%s', (text, company, person) => {
    const r = p(text);
    expect(r.customer?.name).toBe(company);
    expect(r.contacts.find((x) => x.name === person)?.title ?? null).toBeNull();
  });
  it('…a title in brackets stays a title', () => {
    expect(p('Call with Maria Lopez (VP Sales) today').contacts[0]).toEqual(expect.objectContaining({ name: 'Maria Lopez', title: 'VP Sales' }));
  });
});
