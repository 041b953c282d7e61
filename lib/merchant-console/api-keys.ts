import "server-only";
import type { Db } from "@/lib/db/client";
import { apiKeyInputSchema, createApiKey, listApiKeys, revokeApiKey } from "@/lib/merchant-api/api-keys";
import { fieldErrors } from "@/lib/orders/order-input";
import { requireMember } from "./session";

// The console's API keys page, the owner's: every read and change checks the session and role itself.

export async function listMerchantApiKeys(db: Db) {
  await requireMember("settings");
  return listApiKeys(db);
}

export type CreateApiKeyResult = { ok: true; name: string; key: string } | { ok: false; fields: Record<string, string[]> };

export async function createMerchantApiKey(db: Db, input: unknown): Promise<CreateApiKeyResult> {
  await requireMember("settings");
  const parsed = apiKeyInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const { key, record } = await createApiKey(db, parsed.data);
  return { ok: true, name: record.name, key };
}

export async function revokeMerchantApiKey(db: Db, id: string) {
  await requireMember("settings");
  return revokeApiKey(db, id);
}
