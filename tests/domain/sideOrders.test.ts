// A side order next to a big open deal — a small order, consumables, spare parts — is another
// deal: signing it ("小单1.2w已经签了") closed the big deal as won at 1.2万, and its figure
// ("耗材单3.5k") overwrote the big deal's amount. Now the signing is a won deal of its own (the open
// deal is named as unchanged) and an unsigned side figure is named as not recorded. And "金额其实是…"
// after a loss corrects the lost deal (it opened a new deal at that amount). Both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('side orders and the open deal on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const deals = async () => (await suite.db.prisma.opportunity.findMany({ orderBy: { createdAt: 'asc' } })).map((d) => [d.status, Number(d.amount)]);

  it('a side order signed is a won deal of its own; the open deal keeps its stage and amount', async () => {
    expect((await chat.send('拜访了云杉家居的周经理，整体改造项目预计60万，进入方案阶段')).outcome).toBe('APPLIED');
    const r = await chat.send('云杉家居的配件单8千已经签了');
    expect(r.outcome).toBe('APPLIED');
    expect(r.text).toContain('不变');
    expect(await deals()).toEqual([['OPEN', 600000], ['WON', 8000]]);
    const contracts = await suite.db.prisma.contract.findMany({ include: { opportunity: true } });
    expect(contracts.map((k) => [Number(k.amount), k.opportunity?.status])).toEqual([[8000, 'WON']]);
  });

  it('a side figure does not overwrite the open deal and is named as not recorded', async () => {
    expect((await chat.send('拜访了云杉家居的周经理，整体改造项目预计60万')).outcome).toBe('APPLIED');
    const r = await chat.send('云杉家居零星采购一批耗材，大概5千');
    expect(r.text).toContain('没有覆盖');
    expect(await deals()).toEqual([['OPEN', 600000]]);
  });

  it('"金额其实是…" after a loss corrects the lost deal, no new deal', async () => {
    expect((await chat.send('拜访了云杉家居的周经理，预计60万')).outcome).toBe('APPLIED');
    expect((await chat.send('云杉家居丢单了，被对手低价抢走')).outcome).toBe('APPLIED');
    const r = await chat.send('云杉家居那个单子金额其实是52万');
    expect(r.text).toContain('已更正');
    expect(await deals()).toEqual([['LOST', 520000]]);
  });
});
