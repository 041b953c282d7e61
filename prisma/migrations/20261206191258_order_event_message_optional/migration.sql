-- AlterTable
ALTER TABLE "OrderEvent" ALTER COLUMN "message" DROP NOT NULL;

