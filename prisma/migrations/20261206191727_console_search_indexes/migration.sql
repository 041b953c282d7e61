-- The merchant console at a million orders (issues 11, 12): search and "needs attention".
--
-- * pg_trgm GIN indexes make the console's case-insensitive "contains" search (ILIKE '%q%' / LIKE)
--   an index lookup per field instead of a walk of every order (lib/merchant-console/order-search.ts).
--   PGlite loads the same extension (lib/db/pglite-extensions.ts), so this file runs there too.
-- * "Needs attention" gets a plain (needsAttention, createdAt) index rather than a partial one
--   (WHERE "needsAttention"): Prisma 6's schema cannot express a partial index, and one written here
--   by hand would be dropped again by the next `migrate diff` (the parity check would list it).
--   The planner walks only the true part of this index, newest first, so it reads as few rows as
--   the partial index would; it costs one small btree over every order.
-- Every index here is declared in prisma/schema.prisma (GIN with raw("gin_trgm_ops")), so schema and
-- migrations stay in parity. The extension itself is not: with the postgresqlExtensions preview
-- feature the Wasm schema engine's diff asks for CREATE EXTENSION again after replaying this very
-- file, so the schema leaves extensions out (Prisma then neither creates nor drops them) and this
-- file creates it.

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Charge_paymentCode_trgm_idx" ON "Charge" USING GIN ("paymentCode" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Order_needsAttention_createdAt_idx" ON "Order"("needsAttention", "createdAt");

-- CreateIndex
CREATE INDEX "Order_reference_trgm_idx" ON "Order" USING GIN ("reference" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Order_customerName_trgm_idx" ON "Order" USING GIN ("customerName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Order_customerEmail_trgm_idx" ON "Order" USING GIN ("customerEmail" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Order_customerPhone_trgm_idx" ON "Order" USING GIN ("customerPhone" gin_trgm_ops);

