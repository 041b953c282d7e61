"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { createMerchantApiKey, revokeMerchantApiKey, type CreateApiKeyResult } from "@/lib/merchant-console/api-keys";
import { requireMember } from "@/lib/merchant-console/session";
import { parseActionArgs } from "@/lib/server-action-args";

/** The make-a-key form (useActionState): (previous result, form data). */
export async function createApiKeyAction(...args: unknown[]): Promise<CreateApiKeyResult | undefined> {
  await requireMember("settings");
  const [, data] = parseActionArgs(z.tuple([z.unknown(), z.instanceof(FormData)]), args);
  const result = await createMerchantApiKey(await getDb(), { name: data.get("name"), mode: data.get("mode") });
  if (result.ok) revalidatePath("/merchant/api-keys");
  return result;
}

/** "Revoke", bound to the key's id. */
export async function revokeApiKeyAction(...args: unknown[]) {
  await requireMember("settings");
  const [id] = parseActionArgs(z.tuple([z.string().regex(/^key_[A-Za-z0-9]{1,40}$/)]).rest(z.instanceof(FormData)), args);
  await revokeMerchantApiKey(await getDb(), id);
  revalidatePath("/merchant/api-keys");
}
