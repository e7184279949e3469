-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "historyDays" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "historyStages" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "historyStays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "lastStage" TEXT,
ADD COLUMN     "lastStageAt" TIMESTAMP(3);

-- The summary columns say what the StageChange rows of the deal say, whoever writes them (chat, undo,
-- imports, scripts, cascading deletes): statement-level triggers recompute the summary of every
-- deal a statement touched, in one set-based UPDATE. Per deal: the distinct stages entered and,
-- per stage, the number of stays and the days of the finished ones (a stay ends at the next
-- change, ordered by time then id); the latest change, whose stay ends at closedAt or runs on.
CREATE FUNCTION opportunity_history_refresh(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the deals (in id order) before reading their history, so a concurrent writer of the
  -- same deal has committed and its rows are in the snapshot of this statement.
  PERFORM 1 FROM "Opportunity" WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
  UPDATE "Opportunity" o
     SET "historyStages" = COALESCE(h.stages, ARRAY[]::text[]),
         "historyStays" = COALESCE(h.stays, ARRAY[]::int[]),
         "historyDays" = COALESCE(h.days, ARRAY[]::float8[]),
         "lastStage" = l."toStage",
         "lastStageAt" = l."changedAt"
    FROM unnest(ids) AS t(id)
    LEFT JOIN LATERAL (
      SELECT array_agg(g.k ORDER BY g.k) AS stages, array_agg(g.n ORDER BY g.k) AS stays, array_agg(g.d ORDER BY g.k) AS days
        FROM (SELECT st.k, count(*)::int AS n, (COALESCE(sum(EXTRACT(EPOCH FROM st.t1 - st.t0)), 0) / 86400.0)::float8 AS d
                FROM (SELECT sc."toStage" AS k, sc."changedAt" AS t0,
                             LEAD(sc."changedAt") OVER (ORDER BY sc."changedAt", sc.id) AS t1
                        FROM "StageChange" sc
                       WHERE sc."opportunityId" = t.id) st
               GROUP BY st.k) g
    ) h ON TRUE
    LEFT JOIN LATERAL (
      SELECT sc."toStage", sc."changedAt"
        FROM "StageChange" sc
       WHERE sc."opportunityId" = t.id
       ORDER BY sc."changedAt" DESC, sc.id DESC
       LIMIT 1
    ) l ON TRUE
   WHERE o.id = t.id;
END $$;

CREATE FUNCTION stage_change_history_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM opportunity_history_refresh(ARRAY(SELECT DISTINCT "opportunityId" FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM opportunity_history_refresh(ARRAY(SELECT DISTINCT "opportunityId" FROM old_rows));
  ELSE
    PERFORM opportunity_history_refresh(ARRAY(SELECT "opportunityId" FROM old_rows UNION SELECT "opportunityId" FROM new_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER stage_change_history_insert AFTER INSERT ON "StageChange"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_change_history_trigger();
CREATE TRIGGER stage_change_history_update AFTER UPDATE ON "StageChange"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_change_history_trigger();
CREATE TRIGGER stage_change_history_delete AFTER DELETE ON "StageChange"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_change_history_trigger();

-- Existing deals.
SELECT opportunity_history_refresh(ARRAY(SELECT id FROM "Opportunity"));
