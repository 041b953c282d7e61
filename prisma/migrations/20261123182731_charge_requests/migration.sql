-- CreateTable
CREATE TABLE "ChargeRequest" (
    "id" TEXT NOT NULL,
    "orderReference" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "failureKind" TEXT,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChargeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChargeRequest_reference_key" ON "ChargeRequest"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeRequest_idempotencyKey_key" ON "ChargeRequest"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeRequest_orderReference_attempt_key" ON "ChargeRequest"("orderReference", "attempt");

