-- AlterTable
ALTER TABLE "Push" ADD COLUMN     "partsSent" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "InboxMessage" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'message',
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttempt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "InboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxMessage_status_nextAttempt_idx" ON "InboxMessage"("status", "nextAttempt");

-- CreateIndex
CREATE INDEX "InboxMessage_platform_sender_status_seq_idx" ON "InboxMessage"("platform", "sender", "status", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "InboxMessage_platform_externalId_key" ON "InboxMessage"("platform", "externalId");

-- Existing duplicates (open deals created twice by racing messages before this index existed)
-- are merged into the most recently updated one: their activities, stage history and contracts
-- move to it, then they are removed. Without this the unique index below could not be created.
CREATE TEMP TABLE "_open_deal_dup" AS
  SELECT "id", keep FROM (
    SELECT "id", first_value("id") OVER (PARTITION BY "customerId", "ownerId" ORDER BY "updatedAt" DESC, "id" DESC) AS keep
      FROM "Opportunity" WHERE "status" = 'OPEN'
  ) ranked WHERE "id" <> keep;
UPDATE "Activity" a SET "opportunityId" = d.keep FROM "_open_deal_dup" d WHERE a."opportunityId" = d."id";
UPDATE "StageChange" s SET "opportunityId" = d.keep FROM "_open_deal_dup" d WHERE s."opportunityId" = d."id";
UPDATE "Contract" c SET "opportunityId" = d.keep FROM "_open_deal_dup" d WHERE c."opportunityId" = d."id";
DELETE FROM "Opportunity" o USING "_open_deal_dup" d WHERE o."id" = d."id";
DROP TABLE "_open_deal_dup";

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_one_open_per_customer_owner" ON "Opportunity"("customerId", "ownerId") WHERE (status = 'OPEN');
