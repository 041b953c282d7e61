-- DropIndex
DROP INDEX "Charge_createdAt_provider_store_status_idx";

-- CreateIndex
CREATE INDEX "Charge_provider_store_status_createdAt_idx" ON "Charge"("provider", "store", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Charge_provider_paidAt_createdAt_idx" ON "Charge"("provider", "paidAt", "createdAt");

