import "server-only";
import type { Db } from "@/lib/db/client";
import { apiKeyInputSchema, createApiKey, listApiKeys, revokeApiKey } from "@/lib/merchant-api/api-keys";
import { fieldErrors } from "@/lib/orders/order-input";
import { requireMerchant } from "./session";

// The console's API keys page: every read and change checks the session itself.

export async function listMerchantApiKeys(db: Db) {
  await requireMerchant();
  return listApiKeys(db);
}

export type CreateApiKeyResult = { ok: true; name: string; key: string } | { ok: false; fields: Record<string, string[]> };

export async function createMerchantApiKey(db: Db, input: unknown): Promise<CreateApiKeyResult> {
  await requireMerchant();
  const parsed = apiKeyInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const { key, record } = await createApiKey(db, parsed.data);
  return { ok: true, name: record.name, key };
}

export async function revokeMerchantApiKey(db: Db, id: string) {
  await requireMerchant();
  return revokeApiKey(db, id);
}
