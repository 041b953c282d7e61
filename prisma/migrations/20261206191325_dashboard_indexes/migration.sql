-- CreateIndex
CREATE INDEX "Charge_createdAt_provider_store_status_idx" ON "Charge"("createdAt", "provider", "store", "status");

-- CreateIndex
CREATE INDEX "Charge_paidAt_createdAt_provider_idx" ON "Charge"("paidAt", "createdAt", "provider");

-- CreateIndex
CREATE INDEX "Order_status_paidAt_amount_idx" ON "Order"("status", "paidAt", "amount");

-- CreateIndex
CREATE INDEX "OrderEvent_type_at_idx" ON "OrderEvent"("type", "at");

-- CreateIndex
CREATE INDEX "WebhookDelivery_verified_receivedAt_provider_idx" ON "WebhookDelivery"("verified", "receivedAt", "provider");

