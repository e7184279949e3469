-- What the last change to a rep's customer names was, when it only ADDED customers: the names it
-- added, and the version it replaced. A process holding the list of the version before (most
-- often the one whose message just created the customer) brings its list up to date with the
-- added names instead of reading all of them again (messages/sender.ts; issue 15: the names
-- were read again after about half of the messages, each new customer included). Any other
-- change (a delete, a rename, a move to another owner) leaves `added` NULL: read again.
ALTER TABLE "CustomerNameVersion" ADD COLUMN "added" TEXT[],
ADD COLUMN "previous" TEXT;

-- Deletes, renames and moves: a new version, nothing added (read again).
CREATE OR REPLACE FUNCTION customer_name_version_bump(owners text[]) RETURNS void
  LANGUAGE sql AS $$
    INSERT INTO "CustomerNameVersion" AS v ("ownerId", version, previous, added)
    SELECT DISTINCT o, pg_current_xact_id()::text, '', NULL::text[] FROM unnest(owners) AS o WHERE o IS NOT NULL
    ON CONFLICT ("ownerId") DO UPDATE SET
      previous = CASE WHEN v.version = excluded.version THEN v.previous ELSE v.version END,
      added = NULL,
      version = excluded.version
  $$;

-- Inserts: the names added, per owner (owners in a fixed order, as before). A second insert in
-- the same transaction adds to the same version's list; more than 500 names (an import) is
-- "read again" too — the list the parser keeps is at most 500 names.
CREATE OR REPLACE FUNCTION customer_name_version_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CustomerNameVersion" AS v ("ownerId", version, previous, added)
  SELECT n."ownerId", pg_current_xact_id()::text, '', CASE WHEN count(*) <= 500 THEN array_agg(n.name ORDER BY n.id) END
    FROM new_rows n WHERE n."ownerId" IS NOT NULL GROUP BY n."ownerId" ORDER BY n."ownerId"
  ON CONFLICT ("ownerId") DO UPDATE SET
    previous = CASE WHEN v.version = excluded.version THEN v.previous ELSE v.version END,
    added = CASE
      WHEN v.version <> excluded.version THEN excluded.added
      WHEN v.added IS NULL OR excluded.added IS NULL OR cardinality(v.added) + cardinality(excluded.added) > 500 THEN NULL
      ELSE v.added || excluded.added END,
    version = excluded.version;
  RETURN NULL;
END $$;
