-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "duplicateCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastDuplicateAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookDelivery_provider_verified_receivedAt_idx" ON "WebhookDelivery"("provider", "verified", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_outcome_receivedAt_idx" ON "WebhookDelivery"("outcome", "receivedAt");

