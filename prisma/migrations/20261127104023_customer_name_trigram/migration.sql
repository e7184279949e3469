-- Trigram matching for the 撞单 check (src/domain/customers.ts findConflicts): "contains" and
-- similarity searches over the normalised name of every customer, served by a GIN index instead of a
-- sequential scan. pg_trgm is a contrib module on PostgreSQL and is loaded into PGlite by
-- src/db/pglite.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
-- fastupdate off: PGlite has no autovacuum, so a pending list would only be merged when it
-- outgrows gin_pending_list_limit, and every search would read it linearly until then.
CREATE INDEX "Customer_normalizedName_trgm_idx" ON "Customer" USING GIN ("normalizedName" gin_trgm_ops) WITH (fastupdate = off);
