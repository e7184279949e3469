-- CreateIndex
CREATE INDEX "Task_customerId_status_idx" ON "Task"("customerId", "status");
