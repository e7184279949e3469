// A bare figure for a customer whose only deal is closed ("云杉家居预计55万" after it was won or lost)
// silently opened a new deal shown as 新建. The rep may mean the closed deal or a new one, so nothing
// is opened and the reply asks which; said as another project it opens a new deal, and a correction
// still amends the closed one. Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('a figure after the deal closed on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const deals = async () => (await suite.db.prisma.opportunity.findMany({ orderBy: { createdAt: 'asc' } })).map((d) => [d.status, Number(d.amount)]);

  it('after a win: asks, opens nothing; a visit with a figure keeps the visit only', async () => {
    expect((await chat.send('枫叶物流签约了，合同42万')).outcome).toBe('APPLIED');
    const r = await chat.send('枫叶物流这次大概70万');
    expect(r.text).not.toContain('新建');
    expect(r.text).toContain('新的一单');
    expect(await deals()).toEqual([['WON', 420000]]);
    const v = await chat.send('上午去枫叶物流见了孙总，预计66万');
    expect(v.outcome).toBe('APPLIED');
    expect(v.text).toContain('新的一单');
    expect(await deals()).toEqual([['WON', 420000]]);
    expect(await suite.db.prisma.activity.count({ where: { customer: { name: '枫叶物流' } } })).toBe(1);
  });

  it('after a loss: asks; "新项目" opens a new deal; a correction amends the lost one', async () => {
    expect((await chat.send('拜访了青松教育的马校长，预计18万')).outcome).toBe('APPLIED');
    expect((await chat.send('青松教育丢了，预算砍了')).outcome).toBe('APPLIED');
    const r = await chat.send('青松教育估计能有35万');
    expect(r.text).toContain('新的一单');
    expect(await deals()).toEqual([['LOST', 180000]]);
    expect((await chat.send('青松教育那单金额其实是20万')).text).toContain('已更正');
    expect(await deals()).toEqual([['LOST', 200000]]);
    expect((await chat.send('青松教育又来了个新项目，预计35万')).outcome).toBe('APPLIED');
    expect(await deals()).toEqual([['LOST', 200000], ['OPEN', 350000]]);
  });

  it('in English too', async () => {
    expect((await chat.send('signed Initech, contract 90k')).outcome).toBe('APPLIED');
    const r = await chat.send('Initech deal around 120k');
    expect(r.text).toContain('new one');
    expect(await deals()).toEqual([['WON', 90000]]);
  });
});
