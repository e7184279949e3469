-- CreateTable
CREATE TABLE "CustomerNameVersion" (
    "ownerId" TEXT NOT NULL,
    "version" TEXT NOT NULL,

    CONSTRAINT "CustomerNameVersion_pkey" PRIMARY KEY ("ownerId")
);

-- A rep's customer names change when a customer is inserted or deleted (statement triggers with
-- transition tables: an import of thousands of customers bumps each owner once) or renamed or
-- moved to another owner (row trigger, only when those columns change). The new version is the
-- changing transaction's id: never reused, so a reader holding an older list always sees a
-- different version.
CREATE FUNCTION customer_name_version_bump(owners text[]) RETURNS void
  LANGUAGE sql AS $$
    INSERT INTO "CustomerNameVersion" ("ownerId", version)
    SELECT DISTINCT o, pg_current_xact_id()::text FROM unnest(owners) AS o WHERE o IS NOT NULL
    ON CONFLICT ("ownerId") DO UPDATE SET version = excluded.version
  $$;

CREATE FUNCTION customer_name_version_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_name_version_bump(ARRAY(SELECT DISTINCT "ownerId" FROM new_rows ORDER BY 1));
  RETURN NULL;
END $$;

CREATE FUNCTION customer_name_version_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_name_version_bump(ARRAY(SELECT DISTINCT "ownerId" FROM old_rows ORDER BY 1));
  RETURN NULL;
END $$;

CREATE FUNCTION customer_name_version_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customer_name_version_bump(ARRAY(SELECT DISTINCT o FROM unnest(ARRAY[OLD."ownerId", NEW."ownerId"]) AS o ORDER BY 1));
  RETURN NULL;
END $$;

CREATE TRIGGER customer_name_version_insert AFTER INSERT ON "Customer"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_name_version_inserted();
CREATE TRIGGER customer_name_version_delete AFTER DELETE ON "Customer"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_name_version_deleted();
CREATE TRIGGER customer_name_version_update AFTER UPDATE OF name, "ownerId" ON "Customer"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD."ownerId" IS DISTINCT FROM NEW."ownerId")
  EXECUTE FUNCTION customer_name_version_updated();
