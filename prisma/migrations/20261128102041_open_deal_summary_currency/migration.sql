-- AlterTable
ALTER TABLE "OpenDealSummary" DROP CONSTRAINT "OpenDealSummary_pkey",
ADD COLUMN     "currency" TEXT NOT NULL DEFAULT 'CNY',
ADD CONSTRAINT "OpenDealSummary_pkey" PRIMARY KEY ("ownerId", "groupKey", "currency");

-- Amounts per currency (src/domain/money/totals.ts): a deal's contribution goes to the row of its
-- owner, group AND currency, so the funnel never adds a USD deal into a CNY total. The functions of
-- …_open_deal_summary are replaced (the add function takes the currency now), the update trigger
-- also fires when a deal's currency changes, and the rows are rebuilt from the open deals.
DROP TRIGGER open_deal_summary_update ON "Opportunity";
DROP TRIGGER open_deal_summary_insert_delete ON "Opportunity";
DROP FUNCTION open_deal_summary_trigger();
DROP FUNCTION open_deal_summary_add(text, text, text[], text, int, numeric, int[], float8[], numeric);

-- Adds sign × one deal (or the difference of two states of one deal in the same row) to a row.
CREATE FUNCTION open_deal_summary_add(owner text, stage text, stages text[], last_stage text, cur text, dn int,
                                      damount numeric, dstays int[], ddays float8[], dsince numeric) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "OpenDealSummary" AS s ("ownerId", "groupKey", currency, stage, "historyStages", "lastStage", n, amount, stays, days, since)
  VALUES (owner, open_deal_summary_key(stage, last_stage, stages), cur, stage, COALESCE(stages, ARRAY[]::text[]), last_stage,
          dn, damount, COALESCE(dstays, ARRAY[]::int[]), COALESCE(ddays, ARRAY[]::float8[]), dsince)
  ON CONFLICT ("ownerId", "groupKey", currency) DO UPDATE
     SET n = s.n + EXCLUDED.n,
         amount = s.amount + EXCLUDED.amount,
         -- Same group, same stage list: the arrays have the same length.
         stays = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest(s.stays, EXCLUDED.stays) WITH ORDINALITY AS u(a, b, i) ORDER BY i),
         days = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest(s.days, EXCLUDED.days) WITH ORDINALITY AS u(a, b, i) ORDER BY i),
         since = s.since + EXCLUDED.since;
END $$;

-- As before, with the currency in the row key: a deal that stays in its row changes one row; one
-- that moves (group, owner or currency) changes two, in key order.
CREATE FUNCTION open_deal_summary_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_open boolean := TG_OP <> 'INSERT' AND OLD.status = 'OPEN';
  is_open boolean := TG_OP <> 'DELETE' AND NEW.status = 'OPEN';
  old_key text;
  new_key text;
BEGIN
  IF was_open THEN old_key := OLD."ownerId" || chr(31) || open_deal_summary_key(OLD.stage, OLD."lastStage", OLD."historyStages") || chr(31) || OLD.currency; END IF;
  IF is_open THEN new_key := NEW."ownerId" || chr(31) || open_deal_summary_key(NEW.stage, NEW."lastStage", NEW."historyStages") || chr(31) || NEW.currency; END IF;
  IF was_open AND is_open AND old_key = new_key THEN
    PERFORM open_deal_summary_add(NEW."ownerId", NEW.stage, NEW."historyStages", NEW."lastStage", NEW.currency, 0,
      COALESCE(NEW.amount, 0) - COALESCE(OLD.amount, 0),
      ARRAY(SELECT COALESCE(b, 0) - COALESCE(a, 0) FROM unnest(OLD."historyStays", NEW."historyStays") WITH ORDINALITY AS u(a, b, i) ORDER BY i),
      ARRAY(SELECT COALESCE(b, 0) - COALESCE(a, 0) FROM unnest(OLD."historyDays", NEW."historyDays") WITH ORDINALITY AS u(a, b, i) ORDER BY i),
      EXTRACT(EPOCH FROM COALESCE(NEW."lastStageAt", NEW."stageEnteredAt")) - EXTRACT(EPOCH FROM COALESCE(OLD."lastStageAt", OLD."stageEnteredAt")));
    RETURN NULL;
  END IF;
  -- Out of the old row, into the new one, in key order.
  IF was_open AND (NOT is_open OR old_key < new_key) THEN
    PERFORM open_deal_summary_add(OLD."ownerId", OLD.stage, OLD."historyStages", OLD."lastStage", OLD.currency, -1, -COALESCE(OLD.amount, 0),
      ARRAY(SELECT -v FROM unnest(OLD."historyStays") WITH ORDINALITY AS u(v, i) ORDER BY i), ARRAY(SELECT -v FROM unnest(OLD."historyDays") WITH ORDINALITY AS u(v, i) ORDER BY i),
      -EXTRACT(EPOCH FROM COALESCE(OLD."lastStageAt", OLD."stageEnteredAt")));
    was_open := false;
  END IF;
  IF is_open THEN
    PERFORM open_deal_summary_add(NEW."ownerId", NEW.stage, NEW."historyStages", NEW."lastStage", NEW.currency, 1, COALESCE(NEW.amount, 0),
      NEW."historyStays", NEW."historyDays", EXTRACT(EPOCH FROM COALESCE(NEW."lastStageAt", NEW."stageEnteredAt")));
  END IF;
  IF was_open THEN
    PERFORM open_deal_summary_add(OLD."ownerId", OLD.stage, OLD."historyStages", OLD."lastStage", OLD.currency, -1, -COALESCE(OLD.amount, 0),
      ARRAY(SELECT -v FROM unnest(OLD."historyStays") WITH ORDINALITY AS u(v, i) ORDER BY i), ARRAY(SELECT -v FROM unnest(OLD."historyDays") WITH ORDINALITY AS u(v, i) ORDER BY i),
      -EXTRACT(EPOCH FROM COALESCE(OLD."lastStageAt", OLD."stageEnteredAt")));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER open_deal_summary_insert_delete AFTER INSERT OR DELETE ON "Opportunity"
  FOR EACH ROW EXECUTE FUNCTION open_deal_summary_trigger();
-- Only the columns a row, its key or its totals are made of (not updatedAt, titles, close dates…).
CREATE TRIGGER open_deal_summary_update AFTER UPDATE ON "Opportunity"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."ownerId" IS DISTINCT FROM NEW."ownerId"
    OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.amount IS DISTINCT FROM NEW.amount OR OLD.currency IS DISTINCT FROM NEW.currency
    OR OLD."historyStages" IS DISTINCT FROM NEW."historyStages" OR OLD."historyStays" IS DISTINCT FROM NEW."historyStays"
    OR OLD."historyDays" IS DISTINCT FROM NEW."historyDays" OR OLD."lastStage" IS DISTINCT FROM NEW."lastStage"
    OR OLD."lastStageAt" IS DISTINCT FROM NEW."lastStageAt" OR OLD."stageEnteredAt" IS DISTINCT FROM NEW."stageEnteredAt")
  EXECUTE FUNCTION open_deal_summary_trigger();

-- The rows so far added every currency into one (ALTER TABLE put them all under CNY): rebuilt from
-- the open deals, one row per owner, group and currency (set-based, as in …_open_deal_summary).
DELETE FROM "OpenDealSummary";
WITH d AS (
  SELECT o.id, o."ownerId", o.stage, o."lastStage", COALESCE(o."historyStages", ARRAY[]::text[]) AS hs, o.currency AS cur,
         o."historyStays", o."historyDays", o.amount, COALESCE(o."lastStageAt", o."stageEnteredAt") AS since
    FROM "Opportunity" o WHERE o.status = 'OPEN'
), stays AS (
  SELECT x."ownerId", x.stage, x."lastStage", x.hs, x.cur, array_agg(x.v ORDER BY x.i) AS a
    FROM (SELECT d."ownerId", d.stage, d."lastStage", d.hs, d.cur, u.i, sum(COALESCE(u.v, 0))::int AS v
            FROM d, unnest(d."historyStays") WITH ORDINALITY AS u(v, i) GROUP BY 1, 2, 3, 4, 5, 6) x
   GROUP BY 1, 2, 3, 4, 5
), days AS (
  SELECT x."ownerId", x.stage, x."lastStage", x.hs, x.cur, array_agg(x.v ORDER BY x.i) AS a
    FROM (SELECT d."ownerId", d.stage, d."lastStage", d.hs, d.cur, u.i, sum(COALESCE(u.v, 0))::float8 AS v
            FROM d, unnest(d."historyDays") WITH ORDINALITY AS u(v, i) GROUP BY 1, 2, 3, 4, 5, 6) x
   GROUP BY 1, 2, 3, 4, 5
)
INSERT INTO "OpenDealSummary" ("ownerId", "groupKey", currency, stage, "historyStages", "lastStage", n, amount, stays, days, since)
SELECT g."ownerId", open_deal_summary_key(g.stage, g."lastStage", g.hs), g.cur, g.stage, g.hs, g."lastStage", g.n, g.amount,
       COALESCE(st.a, ARRAY[]::int[]), COALESCE(dy.a, ARRAY[]::float8[]), g.since
  FROM (SELECT "ownerId", stage, "lastStage", hs, cur, count(*)::int AS n, sum(COALESCE(amount, 0)) AS amount, sum(EXTRACT(EPOCH FROM since)) AS since
          FROM d GROUP BY 1, 2, 3, 4, 5) g
  LEFT JOIN stays st ON st."ownerId" = g."ownerId" AND st.stage = g.stage AND st."lastStage" IS NOT DISTINCT FROM g."lastStage" AND st.hs = g.hs AND st.cur = g.cur
  LEFT JOIN days dy ON dy."ownerId" = g."ownerId" AND dy.stage = g.stage AND dy."lastStage" IS NOT DISTINCT FROM g."lastStage" AND dy.hs = g.hs AND dy.cur = g.cur;
