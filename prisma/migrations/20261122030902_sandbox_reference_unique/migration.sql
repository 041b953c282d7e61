-- DropIndex
DROP INDEX "SandboxCharge_provider_merchantReference_idx";

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCharge_provider_merchantReference_key" ON "SandboxCharge"("provider", "merchantReference");

