-- CreateTable
CREATE TABLE "OrderNotification" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "chargeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderNotification_orderId_createdAt_idx" ON "OrderNotification"("orderId", "createdAt");

-- CreateIndex
CREATE INDEX "OrderNotification_createdAt_idx" ON "OrderNotification"("createdAt");

-- AddForeignKey
ALTER TABLE "OrderNotification" ADD CONSTRAINT "OrderNotification_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Queues for what the merchant's systems hear (lib/jobs/queues.ts).
-- Standard: every notification and every attempt is a job of its own (no singleton key).
SELECT pgboss.create_queue('order-notification', '{"policy":"standard"}');
SELECT pgboss.create_queue('merchant-webhook', '{"policy":"standard"}');
