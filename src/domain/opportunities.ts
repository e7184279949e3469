// Opportunities: one open deal per customer and owner is the working assumption for chat input —
// a message about a customer updates that deal; a new one is opened when none is open.
import { Prisma, type Opportunity, type User } from '../generated/prisma/client.js';
import type { ParsedOpportunity } from '../intents/schema.js';
import type { Tx } from './context.js';
import type { ChangeLog } from './changes.js';
import { afterLost, afterWon, type LostEffects, type WonEffects } from './deals/closing.js';
import { getStages, stageByKey, type StageDef } from './stages.js';
import { newId } from '../db/ids.js';
import { ConcurrentChangeError } from './concurrent.js';

export interface OpportunityResult {
  opportunity: Opportunity;
  created: boolean;
  /** Fields that changed, for the reply ("金额 30万 → 40万"). */
  changed: Array<{ field: 'stage' | 'amount' | 'expectedCloseDate' | 'qualification' | 'grade'; from: unknown; to: unknown }>;
  /** What closing the deal did (contract written, hot ended, tasks cancelled…), when this message closed it. */
  won?: WonEffects;
  lost?: LostEffects;
}

export interface StageMove {
  opportunity: Opportunity;
  won?: WonEffects;
  lost?: LostEffects;
}

export function hasOpportunityInfo(o: ParsedOpportunity | null): o is ParsedOpportunity {
  return !!o && (o.stage !== null || o.amount !== null || o.expectedCloseDate !== null || o.qualification !== null || o.grade !== null);
}

/** The owner's open deal of the customer (at most one: a unique index). Raw: read for most messages (issue 15). */
export async function findOpenOpportunity(db: Tx, customerId: string, ownerId: string): Promise<Opportunity | null> {
  const [row] = await db.$queryRaw<Opportunity[]>(Prisma.sql`
    SELECT * FROM "Opportunity" WHERE "customerId" = ${customerId} AND "ownerId" = ${ownerId} AND status = 'OPEN' ORDER BY "updatedAt" DESC LIMIT 1`);
  return row ?? null;
}

/** Moves an opportunity to `stage`, writing the history row and closing it on WON/LOST. */
export async function changeStage(db: Tx, opp: Opportunity, stage: string, by: Pick<User, 'id'>, now: Date, log: ChangeLog): Promise<Opportunity> {
  const def = stageByKey(stage);
  if (!def) throw new Error(`unknown stage ${stage}`);
  log.updated('opportunity', opp.id, {
    stage: opp.stage, stageEnteredAt: opp.stageEnteredAt, status: opp.status, closedAt: opp.closedAt, probability: opp.probability,
    lostReason: opp.lostReason, lostCompetitor: opp.lostCompetitor,
  });
  const updated = await db.opportunity.update({
    where: { id: opp.id },
    data: {
      stage,
      stageEnteredAt: now,
      probability: def.probability,
      status: def.closes ?? 'OPEN',
      closedAt: def.closes ? now : null,
      // A reason belongs to a loss: a deal taken up again starts without one.
      ...(def.closes === 'LOST' ? {} : { lostReason: null, lostCompetitor: null }),
    },
  });
  const sc = await db.stageChange.create({ data: { opportunityId: opp.id, fromStage: opp.stage, toStage: stage, changedAt: now, changedById: by.id } });
  log.created('stageChange', sc.id);
  return updated;
}

/**
 * changeStage plus what closing a deal implies (deals/closing.ts): every path that moves a deal
 * to won or lost goes through here, so won money always has its contract.
 */
export async function moveStage(db: Tx, opp: Opportunity, stage: string, by: User, now: Date, log: ChangeLog, extra: { lostReason?: string | null } = {}): Promise<StageMove> {
  const updated = await changeStage(db, opp, stage, by, now, log);
  const closes = stageByKey(stage)?.closes;
  if (closes === 'WON') return { opportunity: updated, won: await afterWon(db, updated, now, log) };
  if (closes === 'LOST') {
    const lost = await afterLost(db, updated, extra.lostReason ?? null, log);
    return { opportunity: await db.opportunity.findUniqueOrThrow({ where: { id: opp.id } }), lost };
  }
  return { opportunity: updated };
}

/**
 * A new deal and its first stage-history row in one statement (issue 15: a round trip and two
 * model calls less for every message that opens a deal). The row is what Prisma's create returned
 * (tests/domain/rawReads.test.ts); the history summary columns are filled by the database's
 * triggers once the statement ends, as they were after the two model calls.
 */
export async function openDeal(
  db: Tx,
  d: { customerId: string; ownerId: string; title: string; stage: string; probability: number | null; amount: number | null; currency: string; expectedCloseDate: Date | null; qualification: string; grade: string | null; status: 'OPEN' | 'WON' | 'LOST'; now: Date },
): Promise<{ opportunity: Opportunity; stageChangeId: string }> {
  const id = newId();
  const stageChangeId = newId();
  const [row] = await db.$queryRaw<Opportunity[]>(Prisma.sql`
    WITH o AS (
      INSERT INTO "Opportunity" (id, "customerId", "ownerId", title, stage, "stageEnteredAt", probability, amount, currency, "expectedCloseDate",
                                 qualification, grade, status, "closedAt", "createdAt", "updatedAt")
      VALUES (${id}, ${d.customerId}, ${d.ownerId}, ${d.title}, ${d.stage}, ${d.now}::timestamp, ${d.probability}::int, ${d.amount === null ? null : String(d.amount)}::numeric,
              ${d.currency}, ${d.expectedCloseDate}::timestamp, ${d.qualification}::"Qualification", ${d.grade}::"Grade", ${d.status}::"OpportunityStatus",
              ${d.status === 'OPEN' ? null : d.now}::timestamp, ${d.now}::timestamp, ${new Date()}::timestamp)
      RETURNING *),
    h AS (
      INSERT INTO "StageChange" (id, "opportunityId", "fromStage", "toStage", "changedAt", "changedById")
      SELECT ${stageChangeId}, o.id, NULL, o.stage, ${d.now}::timestamp, o."ownerId" FROM o)
    SELECT * FROM o`);
  return { opportunity: row, stageChangeId };
}

/** Deal fields a message may state (applyOpportunity). */
interface DealFields {
  amount?: number | null;
  currency?: string;
  expectedCloseDate?: Date | null;
  qualification?: string;
  grade?: string | null;
}

/**
 * A message's changes to an existing deal in one statement: the fields it states and, for a move
 * to a stage that does not close the deal, the stage with its history row — what
 * `opportunity.update` followed by changeStage wrote in three round trips (issue 15). The row
 * returned is the one those returned (the history summary columns are refreshed by the database's
 * triggers once the statement ends, as they were after the history insert); checked against them
 * in tests/domain/rawReads.test.ts. The change log gets what changeStage logs.
 */
export async function updateDeal(
  db: Tx,
  opp: Opportunity,
  data: DealFields,
  move: { stage: string; by: Pick<User, 'id'>; now: Date } | null,
  log: ChangeLog,
): Promise<Opportunity> {
  const sets: Prisma.Sql[] = [];
  if ('amount' in data) sets.push(Prisma.sql`amount = ${data.amount === null || data.amount === undefined ? null : String(data.amount)}::numeric`);
  if ('currency' in data) sets.push(Prisma.sql`currency = ${data.currency}`);
  if ('expectedCloseDate' in data) sets.push(Prisma.sql`"expectedCloseDate" = ${data.expectedCloseDate ?? null}::timestamp`);
  if ('qualification' in data) sets.push(Prisma.sql`qualification = ${data.qualification}::"Qualification"`);
  if ('grade' in data) sets.push(Prisma.sql`grade = ${data.grade ?? null}::"Grade"`);
  let def: StageDef | undefined;
  if (move) {
    def = stageByKey(move.stage);
    if (!def || def.closes) throw new Error(`updateDeal moves to open stages only (got ${move.stage})`);
    log.updated('opportunity', opp.id, {
      stage: opp.stage, stageEnteredAt: opp.stageEnteredAt, status: opp.status, closedAt: opp.closedAt, probability: opp.probability,
      lostReason: opp.lostReason, lostCompetitor: opp.lostCompetitor,
    });
    sets.push(Prisma.sql`stage = ${move.stage}, "stageEnteredAt" = ${move.now}::timestamp, probability = ${def.probability ?? null}::int,
      status = 'OPEN'::"OpportunityStatus", "closedAt" = NULL, "lostReason" = NULL, "lostCompetitor" = NULL`);
  }
  if (!sets.length) return opp;
  sets.push(Prisma.sql`"updatedAt" = ${new Date()}::timestamp`);
  const stageChangeId = move ? newId() : null;
  const [row] = await db.$queryRaw<Opportunity[]>(move
    ? Prisma.sql`
    WITH u AS (UPDATE "Opportunity" SET ${Prisma.join(sets, ', ')} WHERE id = ${opp.id} RETURNING *),
    h AS (
      INSERT INTO "StageChange" (id, "opportunityId", "fromStage", "toStage", "changedAt", "changedById")
      SELECT ${stageChangeId}, u.id, ${opp.stage}, u.stage, ${move.now}::timestamp, ${move.by.id} FROM u)
    SELECT * FROM u`
    : Prisma.sql`UPDATE "Opportunity" SET ${Prisma.join(sets, ', ')} WHERE id = ${opp.id} RETURNING *`);
  // Removed since it was read (a concurrent undo of the message that opened it): retried afresh.
  if (!row) throw new ConcurrentChangeError(`opportunity ${opp.id} was removed concurrently`);
  if (stageChangeId) log.created('stageChange', stageChangeId);
  return row;
}

export async function applyOpportunity(
  db: Tx,
  owner: User,
  customer: { id: string; name: string },
  parsed: ParsedOpportunity,
  now: Date,
  log: ChangeLog,
  /**
   * `newCustomer`: created by this message's transaction, so it has no deal to look up yet.
   * `openDeal`: the owner's open deal as read with the customer (customers.ts CustomerMatch), when it was.
   */
  opts: { newCustomer?: boolean; openDeal?: Opportunity | null } = {},
): Promise<OpportunityResult> {
  const stages = getStages();
  const stageKey = parsed.stage && stageByKey(parsed.stage, stages) ? parsed.stage : null;
  // A loss keeps the deal's amount: a figure said with it ("预算只有20万，选了别家") explains the
  // loss, it is not what the deal was worth (the reply lists it as not recorded, dropped.ts).
  const amount = stageKey && stageByKey(stageKey, stages)?.closes === 'LOST' ? null : parsed.amount;
  let opp = opts.newCustomer ? null : opts.openDeal !== undefined ? opts.openDeal : await findOpenOpportunity(db, customer.id, owner.id);
  if (!opp) {
    const first = stageKey ?? stages[0].key;
    const def = stageByKey(first, stages)!;
    const opened = await openDeal(db, {
      customerId: customer.id,
      ownerId: owner.id,
      title: customer.name,
      stage: first,
      probability: def.probability ?? null,
      amount,
      currency: parsed.currency,
      expectedCloseDate: parsed.expectedCloseDate ? new Date(parsed.expectedCloseDate) : null,
      qualification: parsed.qualification ?? 'UNSURE',
      grade: parsed.grade ?? null,
      status: def.closes ?? 'OPEN',
      now,
    });
    opp = opened.opportunity;
    log.created('opportunity', opp.id);
    log.created('stageChange', opened.stageChangeId);
    const result: OpportunityResult = { opportunity: opp, created: true, changed: [] };
    if (def.closes === 'WON') result.won = await afterWon(db, opp, now, log);
    if (def.closes === 'LOST') {
      result.lost = await afterLost(db, opp, parsed.lostReason, log);
      result.opportunity = await db.opportunity.findUniqueOrThrow({ where: { id: opp.id } });
    }
    return result;
  }

  const changed: OpportunityResult['changed'] = [];
  const data: DealFields = {};
  const before: Record<string, unknown> = {};
  const set = (field: keyof DealFields & OpportunityResult['changed'][number]['field'], from: unknown, to: unknown) => {
    const same = from instanceof Date && to instanceof Date ? from.getTime() === to.getTime() : String(from ?? '') === String(to ?? '');
    if (same) return;
    (data as Record<string, unknown>)[field] = to;
    before[field] = from;
    changed.push({ field, from, to });
  };
  if (amount !== null) set('amount', opp.amount === null ? null : Number(opp.amount), amount);
  if (parsed.expectedCloseDate) set('expectedCloseDate', opp.expectedCloseDate, new Date(parsed.expectedCloseDate));
  if (parsed.qualification) set('qualification', opp.qualification, parsed.qualification);
  if (parsed.grade) set('grade', opp.grade, parsed.grade);
  if (Object.keys(data).length) {
    // The currency travels with a stated amount only: the parse defaults it to CNY, which must
    // not overwrite a USD deal when the message just changes its grade or close date.
    if ('amount' in data) {
      data.currency = parsed.currency;
      before.currency = opp.currency;
    }
    log.updated('opportunity', opp.id, { ...before, amount: opp.amount });
  }
  const moves = !!stageKey && stageKey !== opp.stage;
  if (moves) changed.push({ field: 'stage', from: opp.stage, to: stageKey });
  const closes = moves ? stageByKey(stageKey, stages)?.closes : undefined;
  let won: WonEffects | undefined;
  let lost: LostEffects | undefined;
  if (moves && !closes) {
    // An open stage: the fields and the move in one statement.
    opp = await updateDeal(db, opp, data, { stage: stageKey, by: owner, now }, log);
  } else {
    if (Object.keys(data).length) opp = await updateDeal(db, opp, data, null, log);
    // Won or lost: what closing implies (contract, reason) goes through moveStage like every other path.
    if (moves) ({ opportunity: opp, won, lost } = await moveStage(db, opp, stageKey, owner, now, log, { lostReason: parsed.lostReason }));
  }
  return { opportunity: opp, created: false, changed, ...(won ? { won } : {}), ...(lost ? { lost } : {}) };
}
