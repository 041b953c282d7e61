-- DropIndex
DROP INDEX "Charge_provider_paidAt_createdAt_idx";

