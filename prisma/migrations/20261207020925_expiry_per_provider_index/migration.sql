-- DropIndex
DROP INDEX "Charge_status_expiresAt_idx";

-- CreateIndex
CREATE INDEX "Charge_provider_status_expiresAt_id_idx" ON "Charge"("provider", "status", "expiresAt", "id");

