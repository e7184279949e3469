-- 撞单 look-alikes (src/domain/customers.ts conflictSql; rules in src/domain/conflictRules.ts):
-- other holders' customers (not 失效) whose key is one of the new key's parts, contains it, or is
-- a near-miss of it — each candidate set on the index that serves it. The statement is here, in a
-- function, for one reason: its plan. Planned for its values on every run it cost ~1 ms of
-- planning (a third of the check on PGlite: the selectivity of LIKE and of pg_trgm's % is worked
-- out per name), and PostgreSQL's automatic choice never switches to the generic plan, whose
-- estimate is higher though it is the same plan (bench 2026-11-28T19:10Z, both databases).
-- PL/pgSQL keeps the plan of RETURN QUERY for the session, and the SET clause makes it generic —
-- and serial: from the generic estimates PostgreSQL planned two parallel workers, whose start-up
-- cost 12 ms against 2 ms of work.
-- The body refers to its arguments as $1…$8 so that tests and the benchmark can PREPARE it as it
-- is and EXPLAIN the generic plan (customers.ts lookalikesBody).
--   $1 key, $2 its parts (equality), $3 and $4 LIKE patterns (the second may be NULL),
--   $5 similarity threshold, $6 regexp of what is no mark, $7 the key's marks, $8 the new holder.
CREATE OR REPLACE FUNCTION customer_lookalikes(text, text[], text, text, real, text, text, text)
  RETURNS TABLE (id text, rank int)
  LANGUAGE plpgsql STABLE
  ROWS 10
  SET plan_cache_mode = force_generic_plan
  SET max_parallel_workers_per_gather = 0
AS $$
BEGIN
  RETURN QUERY
    SELECT DISTINCT ON (c.id) c.id, c.rank FROM (
        SELECT x.id, x."ownerId", x.lifecycle, 1 AS rank FROM unnest($2) AS p(k) JOIN "Customer" x ON x."normalizedName" = p.k
        UNION ALL
        SELECT x.id, x."ownerId", x.lifecycle, 1 FROM "Customer" x WHERE x."normalizedName" LIKE $3
        UNION ALL
        SELECT x.id, x."ownerId", x.lifecycle, 1 FROM "Customer" x WHERE x."normalizedName" LIKE $4
        UNION ALL
        SELECT x.id, x."ownerId", x.lifecycle, 2 FROM "Customer" x
         WHERE x."normalizedName" % $1 AND similarity(x."normalizedName", $1) >= $5
           AND regexp_replace(x."normalizedName", $6, '', 'g') = $7
      ) c
     WHERE c."ownerId" <> $8 AND c.lifecycle <> 'LOST'
     ORDER BY c.id, c.rank;
END $$;
