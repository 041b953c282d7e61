-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "returnUrl" TEXT;

