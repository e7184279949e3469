// The customer's people, as reps name them in ordinary messages, become the right contacts of the
// right customer: a title between the company and an honorific form (X副总经理韩总), a department
// before 工 (质检部孟工), a full name opening the message (柏文涛今天回复说…), an English form of
// address for a contact stored in Chinese (Mr. Wang ⇄ 王总), a given name for the one full name it
// starts (Priya ⇄ Priya Raman), a surname and honorific for the full name whose title fits (龚经理 ⇄
// 龚秀兰, 仓储部经理) — and when no customer is sure, the bot
// asks instead of guessing. A visit the customer paid us (来参观, 来考察) is a visit. Real rule
// parser, both databases; sentences written for this file.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('people named in a message on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const prisma = () => suite.db.prisma;
  const contactsOf = (name: string) => prisma().contact.findMany({ where: { customer: { name } }, orderBy: { createdAt: 'asc' } });
  const applied = async (text: string) => expect((await chat.send(text)).outcome, text).toBe('APPLIED');

  it('a title written between the company and the honorific form is that person\'s title, on that customer', async () => {
    await applied('今天拜访了松涛物流，聊了仓储系统');
    await applied('拜访了绿野农业，看了冷库');
    const r = await chat.send('松涛物流副总经理韩总拍板了，下周签合同');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('韩总（副总经理 · 决策者');
    expect((await contactsOf('松涛物流')).map((c) => [c.name, c.title, c.role])).toEqual([['韩总', '副总经理', 'DECISION_MAKER']]);
    await applied('绿野农业采购总监冯总说价格还要再谈');
    expect((await contactsOf('绿野农业')).map((c) => [c.name, c.title])).toEqual([['冯总', '采购总监']]);
    expect(await prisma().customer.count()).toBe(2);
  });

  it('a department before 工 says what the speaker does; with no customer named the bot asks, and the answer files it', async () => {
    await applied('今天拜访了松涛物流，聊了仓储系统');
    await applied('拜访了绿野农业，看了冷库');
    await applied('松涛物流设备部邱工说图纸周五给');
    expect((await contactsOf('松涛物流')).map((c) => [c.name, c.title])).toEqual([['邱工', '设备部工程师']]);

    const q = await chat.send('质检部孟工说样品下周寄回来');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('这是哪个客户');
    expect(await prisma().contact.count({ where: { name: '孟工' } })).toBe(0);
    const n = q.text.split('\n').find((l) => /^\d+\. 绿野农业$/.test(l))!.slice(0, 1);
    const r = await chat.send(n);
    expect(r.outcome).toBe('APPLIED');
    expect((await contactsOf('绿野农业')).map((c) => [c.name, c.title])).toEqual([['孟工', '质检部工程师']]);
    const note = await prisma().activity.findFirstOrThrow({ where: { customer: { name: '绿野农业' }, type: 'OTHER' } });
    expect(note.summary).toContain('样品下周寄回来');
  });

  it('a full name opening the message is the known contact: filed on their customer, no new contact, no new customer', async () => {
    await applied('拜访了松涛物流的采购经理柏文涛，聊了报价');
    const before = await prisma().customer.findFirstOrThrow({ where: { name: '松涛物流' } });
    const r = await chat.send('柏文涛今天回复说报价他们能接受');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('松涛物流');
    expect(r.text).toContain('柏文涛（采购经理');
    await applied('柏文涛上午来电话说合同盖好章了');
    // Glued to the customer's name, the same person.
    await applied('松涛物流柏文涛说他们老板同意了，首期先做一个仓');
    const acts = await prisma().activity.findMany({ where: { customerId: before.id }, orderBy: { createdAt: 'asc' } });
    expect(acts.map((a) => a.type)).toEqual(['VISIT', 'OTHER', 'CALL', 'OTHER']);
    expect((await contactsOf('松涛物流')).map((c) => [c.name, c.title])).toEqual([['柏文涛', '采购经理']]);
    expect(await prisma().customer.count()).toBe(1);
  });

  it('a full name no customer of theirs has is asked about, never filed on a guess', async () => {
    await applied('拜访了松涛物流的采购经理柏文涛，聊了报价');
    const q = await chat.send('邹明远反馈说试用没问题');
    expect(q.outcome).toBe('ASKED');
    expect(await prisma().contact.count()).toBe(1);
    expect(await prisma().activity.count()).toBe(1);
  });

  it('"Mr. Wang" is the customer\'s one contact surnamed 王; with two of them it is a contact of its own', async () => {
    await applied('拜访了华光电气的王总，聊了配电柜');
    await applied('拜访了欧陆机电的欧阳静，看了产线');
    const r = await chat.send('Met Mr. Wang from 华光电气 today, he wants a demo');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('Contact: 王总');
    expect((await contactsOf('华光电气')).map((c) => c.name)).toEqual(['王总']);
    await applied('Called Ms. Ouyang at 欧陆机电 about the line upgrade');
    expect((await contactsOf('欧陆机电')).map((c) => c.name)).toEqual(['欧阳静']);

    // A full name in pinyin, either order, is the contact whose name reads so.
    await applied('拜访了华光电气的技术负责人蒋立新，看了现场');
    await applied('Had a call with Jiang Lixin at 华光电气 about the retrofit');
    await applied('Emailed Lixin Jiang at 华光电气 the drawings');
    expect((await contactsOf('华光电气')).map((c) => c.name)).toEqual(['王总', '蒋立新']);

    await applied('拜访了华光电气的王建平，聊了付款');
    await applied('Met Mr. Wang from 华光电气 again');
    expect((await contactsOf('华光电气')).map((c) => c.name).sort()).toEqual(['Mr. Wang', '王建平', '王总', '蒋立新'].sort());
  });

  it('a given name alone ("Priya") is the one contact whose full name starts with it; with two, a contact of its own', async () => {
    await applied('Visited Northgate Logistics this morning, met Priya Raman, their ops director, about the WMS upgrade');
    const r = await chat.send('Called Northgate Logistics, Priya wants the integration spec by Friday');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('Contact: Priya Raman');
    expect((await contactsOf('Northgate Logistics')).map((c) => c.name)).toEqual(['Priya Raman']);
    await applied('Met Priya Nair from Northgate Logistics finance team today');
    await applied('Emailed Priya at Northgate Logistics the invoice schedule');
    expect((await contactsOf('Northgate Logistics')).map((c) => c.name).sort()).toEqual(['Priya', 'Priya Nair', 'Priya Raman']);
  });

  it('a surname and honorific ("龚经理") is the one contact of that surname whose title fits; otherwise a contact of its own', async () => {
    await applied('上午拜访了嘉和冷链，见了仓储部经理龚秀兰，聊了温控系统');
    const r = await chat.send('嘉和冷链的龚经理发来了仓库平面图');
    expect(r.text).toContain('龚秀兰');
    expect((await contactsOf('嘉和冷链')).map((c) => c.name)).toEqual(['龚秀兰']);
    // A title the honorific does not fit is someone else.
    await applied('给嘉和冷链的龚工打了电话，问了冷机参数');
    expect((await contactsOf('嘉和冷链')).map((c) => c.name).sort()).toEqual(['龚工', '龚秀兰'].sort());
  });

  it('a visit they paid us (来参观, 来考察, 到访) is a visit; one they only plan is none', async () => {
    await applied('拜访了松涛物流的采购经理柏文涛，聊了报价');
    await applied('昨天松涛物流的柏文涛带队来公司参观了');
    await applied('上午陪松涛物流的柏文涛考察了我们的仓库');
    const visits = await prisma().activity.count({ where: { customer: { name: '松涛物流' }, type: 'VISIT' } });
    expect(visits).toBe(3);
    await chat.send('松涛物流的柏文涛说下个月来考察');
    expect(await prisma().activity.count({ where: { customer: { name: '松涛物流' }, type: 'VISIT' } })).toBe(3);
  });
});
