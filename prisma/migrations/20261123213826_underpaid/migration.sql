-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'underpaid';

-- AlterTable
ALTER TABLE "Charge" ADD COLUMN     "notifiedChecks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notifiedChecksSince" TIMESTAMP(3),
ADD COLUMN     "recheckAt" TIMESTAMP(3),
ADD COLUMN     "rechecksDone" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Charge_recheckAt_idx" ON "Charge"("recheckAt");

