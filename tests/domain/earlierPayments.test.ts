// A payment recorded before its customer had a contract (未关联合同) is linked when a contract is
// later written for that customer — by a signing message or by a deal won with an amount — and
// the reply says so; the contract's balance counts it; undo of the signing unlinks it again. The
// real rule parser, both databases.
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { useChat } from '../helpers/chat.js';
import { useTestDb } from '../helpers/suite.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe.each(await testDatabases())('payments before the contract on $kind', ({ create }) => {
  const suite = useTestDb(create, { world: true });
  const chat = useChat(suite, NOW);
  const payments = () => suite.db.prisma.payment.findMany({ orderBy: { amount: 'asc' }, select: { amount: true, contractId: true } });

  it('a signing links the earlier unlinked payments of that customer and counts them in what is still owed', async () => {
    expect((await chat.send('拜访了青峰化工的罗总，聊了采购计划')).outcome).toBe('APPLIED');
    const first = await chat.send('青峰化工先打过来12万预付款');
    expect(first.text).toContain('未关联合同');
    const signed = await chat.send('青峰化工签约60万');
    expect(signed.outcome).toBe('APPLIED');
    expect(signed.text).toContain('之前记录的 1 笔未关联合同的回款（共 12万元）已关联到这份合同');
    expect(signed.text).toContain('合同待回款：48万元');
    const k = await suite.db.prisma.contract.findFirstOrThrow();
    expect((await payments()).map((p) => [Number(p.amount), p.contractId])).toEqual([[120000, k.id]]);
    // Undo of the signing takes the contract away and leaves the payment as it was.
    await chat.send('撤销');
    expect(await suite.db.prisma.contract.count()).toBe(0);
    expect((await payments()).map((p) => [Number(p.amount), p.contractId])).toEqual([[120000, null]]);
  });

  it('several earlier payments, and another customer\'s stays unlinked', async () => {
    await chat.send('拜访了松岳物流的贺经理');
    await chat.send('拜访了白塔食品的韦总');
    await chat.send('松岳物流的首付款15万到账了');
    await chat.send('松岳物流又打过来5万');
    await chat.send('白塔食品先付了3万定金');
    const signed = await chat.send('松岳物流签约48万，合同已盖章');
    expect(signed.text).toContain('之前记录的 2 笔未关联合同的回款（共 20万元）已关联到这份合同');
    expect(signed.text).toContain('合同待回款：28万元');
    const k = await suite.db.prisma.contract.findFirstOrThrow();
    expect((await payments()).map((p) => [Number(p.amount), p.contractId])).toEqual([[30000, null], [50000, k.id], [150000, k.id]]);
  });

  it('a deal won with its amount writes the contract, and the earlier payment goes on it', async () => {
    await chat.send('拜访了岚山药业的苗总，项目预算40万');
    expect((await chat.send('岚山药业转过来10万定金')).text).toContain('未关联合同');
    const won = await chat.send('岚山药业赢单了');
    expect(won.outcome).toBe('APPLIED');
    expect(won.text).toContain('合同：40万元');
    expect(won.text).toContain('之前记录的 1 笔未关联合同的回款（共 10万元）已关联到这份合同');
    const k = await suite.db.prisma.contract.findFirstOrThrow();
    expect((await payments()).map((p) => p.contractId)).toEqual([k.id]);
  });

  it('English: the reply says the earlier payment is now on the contract', async () => {
    await chat.send('Visited Northwind Logistics, met their buyer Tom');
    await chat.send('Northwind Logistics paid a 20k deposit');
    const signed = await chat.send('Signed Northwind Logistics for 90k');
    expect(signed.text).toContain('1 earlier payment(s) with no contract');
    expect(signed.text).toContain('now linked to this contract');
  });
});
