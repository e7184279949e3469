-- CreateTable
CREATE TABLE "PendingDraft" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "askInboundId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "parsed" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "candidates" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingDraft_userId_key" ON "PendingDraft"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PendingDraft_askInboundId_key" ON "PendingDraft"("askInboundId");

-- CreateIndex
CREATE INDEX "PendingDraft_expiresAt_idx" ON "PendingDraft"("expiresAt");

-- AddForeignKey
ALTER TABLE "PendingDraft" ADD CONSTRAINT "PendingDraft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
