// The configured stage list as an inline, parameterised VALUES table, so SQL can order stages
// and look up probabilities without a stage table in the schema.
import { Prisma } from '../../generated/prisma/client.js';
import { getStages, type StageDef } from '../stages.js';

/** Stages that are part of the funnel path (everything except the LOST-closing stage), in order. */
export function pathStages(stages: StageDef[] = getStages()): StageDef[] {
  return stages.filter((s) => s.closes !== 'LOST');
}

/** `s(key, idx, prob)`: idx is the position on the funnel path (LOST stages get -1). */
export function stageValues(stages: StageDef[] = getStages()): Prisma.Sql {
  const path = pathStages(stages);
  const rows = stages.map((s) => Prisma.sql`(${s.key}::text, ${path.indexOf(s)}::int, ${s.probability}::int)`);
  return Prisma.sql`(VALUES ${Prisma.join(rows)}) AS s(key, idx, prob)`;
}
