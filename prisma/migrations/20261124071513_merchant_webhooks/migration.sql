-- CreateTable
CREATE TABLE "MerchantWebhookEndpoint" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "eventTypes" TEXT[],
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "disabledAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MerchantWebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MerchantWebhookDelivery" (
    "id" TEXT NOT NULL,
    "notificationId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "leasedUntil" TIMESTAMP(3),
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MerchantWebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MerchantWebhookAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "requestHeaders" JSONB NOT NULL,
    "requestBody" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" TEXT,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "MerchantWebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MerchantWebhookDelivery_endpointId_createdAt_idx" ON "MerchantWebhookDelivery"("endpointId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MerchantWebhookDelivery_notificationId_endpointId_key" ON "MerchantWebhookDelivery"("notificationId", "endpointId");

-- CreateIndex
CREATE INDEX "MerchantWebhookAttempt_deliveryId_at_idx" ON "MerchantWebhookAttempt"("deliveryId", "at");

-- AddForeignKey
ALTER TABLE "MerchantWebhookDelivery" ADD CONSTRAINT "MerchantWebhookDelivery_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "OrderNotification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MerchantWebhookDelivery" ADD CONSTRAINT "MerchantWebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "MerchantWebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MerchantWebhookAttempt" ADD CONSTRAINT "MerchantWebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "MerchantWebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

