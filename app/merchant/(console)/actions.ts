"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getTranslator } from "@/lib/i18n/server";
import { checkOrderStatus } from "@/lib/orders/check-status";
import { getOrderDeps } from "@/lib/orders/deps";
import { requireMerchant, signOut } from "@/lib/merchant-console/session";

export async function signOutAction() {
  await signOut();
  redirect("/merchant/login");
}

const orderIdSchema = z.string().regex(/^ord_[0-9A-Za-z]{20}$/);

/** "Re-check with provider": asks the provider's status API about the order's current code. */
export async function recheckAction(orderId: string): Promise<{ message: string; changed: boolean }> {
  await requireMerchant();
  const { t } = await getTranslator();
  const id = orderIdSchema.parse(orderId);
  const result = await checkOrderStatus(await getOrderDeps(), { id });
  if (!result.ok) {
    const message = result.error.code === "provider_error" ? result.error.error.message : result.error.message;
    return { message: t("merchant.recheckFailed", { message }), changed: false };
  }
  if (result.value.result === "same") return { message: t("merchant.recheckSame", { status: result.value.providerStatus }), changed: false };
  return { message: t("merchant.recheckChanged"), changed: true };
}
