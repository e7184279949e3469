// Replies are in Chinese by default and in English when the rep writes English, whatever their
// own setting: a log, the customer question and short replies ("1", "撤销") are checked on both
// databases with the real rule parser.
import { describe, expect, it } from 'vitest';
import { messageLang } from '../../src/domain/assistant.js';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('messageLang', () => {
  it('English text (a Chinese name inside included) is English; short replies follow the setting', () => {
    expect(messageLang('Met Mr. Wang from 华星科技 today, he wants a demo', 'zh-CN')).toBe('en');
    expect(messageLang('Visited Acme Robotics, budget 500k', null)).toBe('en');
    expect(messageLang('拜访了Acme的CTO', 'en-US')).toBe('en');
    expect(messageLang('今天拜访了华星科技的王总，聊了MES的demo', 'en-US')).toBe('en');
    expect(messageLang('今天拜访了华星科技的王总，聊了MES的demo', 'zh-CN')).toBe('zh');
    expect(messageLang('1', 'zh-CN')).toBe('zh');
    expect(messageLang('ok', 'en-US')).toBe('en');
  });
});

describe.each(await testDatabases())('reply language on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);

  it('a Chinese-speaking rep writing English gets the record and the question in English', async () => {
    const r = await chat.send('Visited Northwind Traders today, met their CFO Dana Holt, budget 300k');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toMatch(/^✅ Recorded/);
    expect(r.text).toContain('Customer: Northwind Traders (new)');
    expect(r.text).not.toMatch(/[（）]|已记录/);
    const q = await chat.send('Spoke with Kevin about the pilot, they can spend 80k');
    expect(q.outcome).toBe('ASKED');
    expect(q.text).toContain('Which customer');
    const zh = await chat.send('今天拜访了星河传媒的秦总');
    expect(zh.text).toContain('已记录');
  });

  it('the answer to an English question ("1", a Chinese name) is answered in English, and the other way round', async () => {
    expect((await chat.send('拜访了星河传媒的秦总')).outcome).toBe('APPLIED');
    const q = await chat.send('Had a long call this afternoon, they liked the demo');
    expect(q.outcome).toBe('ASKED');
    const option = /(\d+)\. 星河传媒/.exec(q.text)?.[1];
    expect(option).toBeTruthy();
    const a = await chat.send(option!);
    expect(a.outcome).toBe('APPLIED');
    expect(a.text).toMatch(/^✅ Recorded/);
    expect(a.text).toContain('Customer: 星河传媒 (existing)');
    expect((await chat.send('下午又去拜访了一次，聊了交付排期')).outcome).toBe('ASKED');
    const zh = await chat.send('星河传媒');
    expect(zh.outcome).toBe('APPLIED');
    expect(zh.text).toContain('已记录');
  });
});

describe('short English commands', () => {
  it('"done 1", "undo" are English whatever the setting', () => {
    expect(messageLang('done 1', 'zh-CN')).toBe('en');
    expect(messageLang('undo', 'zh-CN')).toBe('en');
    expect(messageLang('完成 1', 'en-US')).toBe('en');
    expect(messageLang('完成 1', 'zh-CN')).toBe('zh');
  });
});
