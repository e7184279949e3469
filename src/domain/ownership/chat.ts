// Chat commands for ownership and the 公海 (whole-message patterns; each in the message's
// transaction and change log, so "撤销" reverts it):
//   把方舟电子转给王强 · 把李娜的方舟电子转给王强          transfer Acme to Wang Qiang
//   把王强的客户全部转给李娜 (keeps 王强 active)           hand over Wang Qiang to Li Na
//   王强离职，客户转给李娜 · 离职继承 王强 李娜 (deactivates)  Wang Qiang left, hand over to Li Na
//   公海里有哪些客户 · 公海 · 华东一部的公海                what's in the pool / pool
//   领取 方舟电子                                          claim Acme
//   退回公海 方舟电子 · 把方舟电子退回公海                  release Acme
// Transfers are only taken as commands when the sender is a manager/admin and the last name is a
// colleague they can see: "把报价单转给王总" from a rep stays a sales message for the parser.
import type { Command, CommandEnv } from '../commands.js';
import type { DomainContext } from '../context.js';
import type { UserWithTeam } from '../handlerTypes.js';
import { claimFromPool, listPool, releaseToPool } from '../pool/claim.js';
import { actorOf } from '../teams/actor.js';
import { reply } from '../teams/chat.js';
import { cleanName, isVisiblePersonName } from '../teams/lookup.js';
import { customerKey } from '../customers.js';
import { findScopedCustomers, inheritAll, transferCustomer } from './transfer.js';
import { escapeLike } from '../text.js';

/** Does the sender's team pool hold a customer by (roughly) this name? */
async function inPool(ctx: DomainContext, user: UserWithTeam, name: string): Promise<boolean> {
  if (!user.teamId) return false;
  const key = customerKey(cleanName(name));
  if (key.length < 2) return false;
  return (await ctx.prisma.customer.count({ where: { owner: { poolTeamId: user.teamId }, normalizedName: { contains: escapeLike(key) } } })) > 0;
}

const ownEnv = (env: CommandEnv) => ({ lang: env.lang, now: env.now, log: env.log, inboundId: env.inboundId });

/** A manager/admin naming a colleague they can see as the receiver. */
const managerTo = (group: number) => async (ctx: DomainContext, user: UserWithTeam, m: RegExpMatchArray) =>
  user.role !== 'REP' && (await isVisiblePersonName(ctx.prisma, actorOf(user), m[group]));

const inherit = (leaver: number, heir: number, deactivate: boolean): Command['apply'] => async (db, env, m) => reply(await inheritAll(db, actorOf(env.user), ownEnv(env), m[leaver], m[heir], deactivate));

export const OWNERSHIP_COMMANDS: Command[] = [
  // 离职继承 first: its sentences also contain 转给.
  { match: /^\s*把\s*(.+?)\s*的\s*(?:所有|全部)?客户\s*(?:全部|都)?\s*(?:转给|转交给|移交给|交给)\s*(.+?)\s*$/, accepts: managerTo(2), apply: inherit(1, 2, false) },
  { match: /^\s*(?:离职继承|离职交接)\s*[:：]?\s*(\S+?)\s*(?:\s|给|到|->|→)\s*(\S+)\s*$/, accepts: managerTo(2), apply: inherit(1, 2, true) },
  {
    match: /^\s*(\S+?)\s*(?:已)?离职了?\s*[，,、;；]?\s*(?:(?:他|她|其)的)?(?:客户|工作)?\s*(?:全部|都)?\s*(?:转给|交给|移交给|由)\s*(\S+?)\s*(?:接手|继承)?\s*$/,
    accepts: managerTo(2),
    apply: inherit(1, 2, true),
  },
  { match: /^\s*hand\s*over\s+(.+?)\s+to\s+(.+?)\s*$/i, accepts: managerTo(2), apply: inherit(1, 2, false) },
  { match: /^\s*(.+?)\s+(?:has\s+)?left[,;]?\s+hand\s*over\s+to\s+(.+?)\s*$/i, accepts: managerTo(2), apply: inherit(1, 2, true) },
  {
    match: /^\s*把\s*(?:(\S+?)\s*的\s*)?(.+?)\s*(?:转给|转交给|移交给|交给|分配给)\s*(.+?)\s*$/,
    accepts: managerTo(3),
    apply: async (db, env, m) => reply(await transferCustomer(db, actorOf(env.user), ownEnv(env), m[2], m[3], m[1] ?? null)),
  },
  {
    match: /^\s*(?:transfer|reassign)\s+(?:customer\s+)?(.+?)\s+(?:from\s+(.+?)\s+)?to\s+(.+?)\s*$/i,
    accepts: managerTo(3),
    apply: async (db, env, m) => reply(await transferCustomer(db, actorOf(env.user), ownEnv(env), m[1], m[3], m[2] ?? null)),
  },
  // 公海
  {
    match: /^\s*(?:(\S+?)\s*的)?公海(?:里|中)?(?:有|都有)?(?:哪些|什么|多少)?(?:客户)?(?:列表)?\s*[？?]?\s*$/,
    apply: async (db, env, m) => reply(await listPool(db, actorOf(env.user), env.lang, env.tz, env.now, m[1] && m[1] !== '我' && m[1] !== '我们' ? m[1] : null), false),
  },
  {
    match: /^\s*(?:(?:show\s+)?(?:the\s+)?(?:public\s+)?pool(?:\s+of\s+(.+?))?|what(?:'s| is)\s+in\s+the\s+pool)\s*\??\s*$/i,
    apply: async (db, env, m) => reply(await listPool(db, actorOf(env.user), env.lang, env.tz, env.now, m[1] ?? null), false),
  },
  {
    // "领取 X" (keyword, space) is always the command; "认领了一个线索" only when X is in the pool.
    match: /^\s*(?:领取|认领|捞取|claim)\s*(?:公海(?:客户)?\s*)?(.+?)\s*$/i,
    accepts: async (ctx, user, m) => /^\s*(?:领取|认领|捞取|claim)\s/i.test(m[0]) || (await inPool(ctx, user, m[1])),
    apply: async (db, env, m) => reply(await claimFromPool(db, actorOf(env.user), { ...ownEnv(env), tz: env.tz }, m[1])),
  },
  {
    match: /^\s*(?:(?:退回|放回|放入|扔回)公海\s*(.+?)|把\s*(.+?)\s*(?:退回|放回|放入|扔回)公海|release\s+(.+?)(?:\s+to\s+(?:the\s+)?pool)?)\s*$/i,
    apply: async (db, env, m) => {
      const actor = actorOf(env.user);
      // Reps release their own customers; managers anyone's in their scope.
      return reply(await releaseToPool(db, actor, ownEnv(env), m[1] ?? m[2] ?? m[3], (name) => findScopedCustomers(db, actor, name, actor.role === 'REP' ? actor.id : undefined)));
    },
  },
];
