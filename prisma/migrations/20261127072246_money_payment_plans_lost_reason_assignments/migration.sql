-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN     "lostCompetitor" TEXT,
ADD COLUMN     "lostReason" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "assignedById" TEXT;

-- CreateTable
CREATE TABLE "PaymentPlan" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "amount" DECIMAL(16,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "label" TEXT,
    "inboundId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PaymentPlan_dueAt_idx" ON "PaymentPlan"("dueAt");

-- CreateIndex
CREATE INDEX "PaymentPlan_contractId_dueAt_idx" ON "PaymentPlan"("contractId", "dueAt");

-- CreateIndex
CREATE INDEX "PaymentPlan_customerId_dueAt_idx" ON "PaymentPlan"("customerId", "dueAt");

-- CreateIndex
CREATE INDEX "Task_assignedById_completedAt_idx" ON "Task"("assignedById", "completedAt");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_assignedById_fkey" FOREIGN KEY ("assignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentPlan" ADD CONSTRAINT "PaymentPlan_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentPlan" ADD CONSTRAINT "PaymentPlan_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data (issue 12, one truth for won money): every won deal with an amount has its contract.
-- Deals marked won before contracts were written get one at the deal's amount and close date.
INSERT INTO "Contract" ("id", "customerId", "opportunityId", "ownerId", "amount", "currency", "signedAt", "createdAt")
SELECT 'won_' || o."id", o."customerId", o."id", o."ownerId", o."amount", o."currency", COALESCE(o."closedAt", o."updatedAt"), CURRENT_TIMESTAMP
  FROM "Opportunity" o
 WHERE o."status" = 'WON' AND o."amount" > 0
   AND NOT EXISTS (SELECT 1 FROM "Contract" k WHERE k."opportunityId" = o."id");

-- The customer lifecycle follows purchases: contracts, won deals still without one (no amount),
-- and payments without a contract (src/domain/deals/won.ts).
UPDATE "Customer" cu
   SET "lifecycle" = (CASE WHEN p.n > 1 THEN 'REPEAT' ELSE 'SIGNED' END)::"LifecycleStage"
  FROM (SELECT x."customerId", COUNT(*) AS n
          FROM (SELECT "customerId" FROM "Contract"
                UNION ALL SELECT o."customerId" FROM "Opportunity" o
                           WHERE o."status" = 'WON' AND o."closedAt" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Contract" k WHERE k."opportunityId" = o."id")
                UNION ALL SELECT "customerId" FROM "Payment" WHERE "contractId" IS NULL) x
         GROUP BY x."customerId") p
 WHERE p."customerId" = cu."id"
   AND cu."lifecycle" IN ('POTENTIAL', 'SIGNED')
   AND cu."lifecycle" <> (CASE WHEN p.n > 1 THEN 'REPEAT' ELSE 'SIGNED' END)::"LifecycleStage";
