-- AlterTable
ALTER TABLE "SandboxProviderState" ADD COLUMN     "forms" JSONB NOT NULL DEFAULT '{}';

