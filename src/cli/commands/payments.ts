// `npm run cli -- payments plan <客户> <金额> <YYYY-MM-DD> [--label 尾款] [--owner 姓名]` — add a 回款计划
// `npm run cli -- payments list [--overdue] [--team 团队名]` — open plans (overdue first)
// `npm run cli -- payments aging [--team 团队名]` — receivables by age and the overdue plans
// Runs as the operator of the CLI (everyone's data) through the same domain functions as chat.
import { parseArgs, parseInstant } from '../args.js';
import { openDb } from '../../db/client.js';
import { parseAmountText } from '../../intents/amountText.js';
import { ChangeLog } from '../../domain/changes.js';
import type { Tx } from '../../domain/context.js';
import { customerKey } from '../../domain/customers.js';
import { fmtMoney, type Lang } from '../../domain/i18n.js';
import { DEFAULT_TZ, formatDate, fromLocal, startOfLocalDay } from '../../domain/time.js';
import { computeReceivables, formatReceivables } from '../../domain/analytics/receivables.js';
import { teamMemberIds } from '../../domain/analytics/scope.js';
import { addPaymentPlans, listPlans, planContractFor } from '../../domain/deals/paymentPlans.js';
import { planOverview } from '../../domain/queries/paymentPlans.js';
import { monthRange } from '../../domain/analytics/periods.js';
import { toLocal } from '../../domain/time.js';

export const usage =
  'payments plan <客户> <金额> <YYYY-MM-DD> [--label 尾款] [--owner 姓名] | payments list [--overdue] [--team 团队名] | payments aging [--team 团队名]';

export interface PaymentsCliOptions {
  now: Date;
  tz: string;
  lang: Lang;
}

/** The CLI's logic on an open database; returns [exit code, output]. Exported for tests. */
export async function runPayments(db: Tx & { $transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T> }, args: string[], o: PaymentsCliOptions): Promise<[number, string]> {
  const { flags, positional } = parseArgs(args, ['overdue']);
  const [sub, ...rest] = positional;
  const zh = o.lang === 'zh';
  const teamName = typeof flags.team === 'string' ? flags.team : null;
  const scope = async (): Promise<string[] | null | undefined> => {
    if (!teamName) return null;
    const team = await db.team.findUnique({ where: { name: teamName } });
    return team ? teamMemberIds(db, team.id) : undefined;
  };

  if (sub === 'plan') {
    const [name, amountText, dateText] = rest;
    if (!name || !amountText || !dateText) return [2, `usage: ${usage}`];
    const amount = parseAmountText(amountText);
    if (amount === null || !(amount > 0)) return [2, `not an amount: ${amountText}`];
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText);
    if (!d) return [2, `not a date: ${dateText} (use YYYY-MM-DD)`];
    const dueAt = fromLocal(o.tz, Number(d[1]), Number(d[2]), Number(d[3]), 18);
    const owner = typeof flags.owner === 'string' ? await db.user.findMany({ where: { displayName: flags.owner }, take: 2 }) : null;
    if (owner && owner.length !== 1) return [1, zh ? `没有找到唯一的同事“${flags.owner}”。` : `No single user called "${flags.owner}".`];
    const customers = await db.customer.findMany({ where: { normalizedName: customerKey(name), ...(owner ? { ownerId: owner[0].id } : {}) }, include: { owner: { select: { displayName: true } } }, take: 5 });
    if (!customers.length) return [1, zh ? `没有找到客户“${name}”。` : `No customer called "${name}".`];
    if (customers.length > 1) return [1, zh ? `有 ${customers.length} 个客户叫“${name}”（${customers.map((c) => c.owner.displayName).join('、')}），请加 --owner 姓名。` : `${customers.length} customers are called "${name}"; add --owner <name>.`];
    const customer = customers[0];
    const contract = await planContractFor(db, customer.id);
    if (!contract) return [1, zh ? `${customer.name} 还没有合同，回款计划需要挂在合同上。` : `${customer.name} has no contract yet; a payment plan belongs to a contract.`];
    const label = typeof flags.label === 'string' ? flags.label : null;
    const r = await db.$transaction((tx) => addPaymentPlans(tx, { customerId: customer.id, contract, plans: [{ amount, dueAt, label }], currency: 'CNY', inboundId: null }, new ChangeLog()));
    const warn = r.overPlanned > 0 ? `\n${zh ? `⚠️ 计划回款合计超出合同待回款 ${fmtMoney(r.overPlanned, o.lang)}` : `⚠️ Planned payments exceed what is owed by ${fmtMoney(r.overPlanned, o.lang)}`}` : '';
    return [0, `${zh ? `💵 已添加回款计划：${customer.name}（${customer.owner.displayName}）${label ? ` ${label}` : ''} ${fmtMoney(amount, o.lang)}，${formatDate(dueAt, o.lang, o.tz)} 到期` : `💵 Payment plan added: ${customer.name} (${customer.owner.displayName})${label ? ` ${label}` : ''} ${fmtMoney(amount, o.lang)}, due ${formatDate(dueAt, o.lang, o.tz)}`}${warn}`];
  }
  if (sub === 'list') {
    const ids = await scope();
    if (ids === undefined) return [1, zh ? `没有找到团队“${teamName}”。` : `There is no team called "${teamName}".`];
    if (flags.overdue) {
      const rows = await listPlans(db, { userIds: ids, dueBefore: startOfLocalDay(o.now, o.tz), openOnly: true, limit: 500 });
      if (!rows.length) return [0, zh ? '没有逾期的回款计划。' : 'No overdue payment plans.'];
      return [0, rows.map((p) => `${p.customer}\t${p.owner}\t${p.label ?? '-'}\t${formatDate(p.dueAt, o.lang, o.tz)}\t${fmtMoney(p.unpaid, o.lang, p.currency)}`).join('\n')];
    }
    return [0, await planOverview(db, { userIds: ids, label: teamName ?? (zh ? '全公司' : 'Company'), lang: o.lang, tz: o.tz, now: o.now })];
  }
  if (sub === 'aging') {
    const ids = await scope();
    if (ids === undefined) return [1, zh ? `没有找到团队“${teamName}”。` : `There is no team called "${teamName}".`];
    const l = toLocal(o.now, o.tz);
    const month = monthRange(o.tz, l.year, l.month);
    const r = await computeReceivables(db, { userIds: ids, start: month.start, end: month.end, now: o.now, tz: o.tz, limit: 50 });
    return [0, formatReceivables(r, o.lang, `💰 ${teamName ?? (zh ? '全公司' : 'Company')} · ${zh ? '应收账龄' : 'receivables by age'}`, zh ? '本月' : 'This month', o.tz, o.now)];
  }
  return [2, `usage: ${usage}`];
}

export async function run(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, ['overdue']);
  const now = parseInstant(flags.now, new Date());
  const tz = typeof flags.tz === 'string' ? flags.tz : process.env.TZ_DEFAULT || DEFAULT_TZ;
  const lang: Lang = flags.lang === 'en' ? 'en' : 'zh';
  const db = await openDb();
  try {
    const strip = ['--now', '--tz', '--lang'];
    const [code, out] = await runPayments(db.prisma, args.filter((a, i) => !(strip.includes(a) || strip.includes(args[i - 1]))), { now, tz, lang });
    (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
    return code;
  } finally {
    await db.close();
  }
}
