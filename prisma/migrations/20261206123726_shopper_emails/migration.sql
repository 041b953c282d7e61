-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'id';

-- CreateTable
CREATE TABLE "ShopperEmail" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "chargeId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopperEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxMail" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "images" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShopperEmail_orderId_createdAt_idx" ON "ShopperEmail"("orderId", "createdAt");

-- CreateIndex
CREATE INDEX "SandboxMail_createdAt_idx" ON "SandboxMail"("createdAt");

-- AddForeignKey
ALTER TABLE "ShopperEmail" ADD CONSTRAINT "ShopperEmail_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The queue that sends them (lib/jobs/queues.ts).
SELECT pgboss.create_queue('shopper-email', '{"policy":"standard"}');
