"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getTranslator } from "@/lib/i18n/server";
import { ORDER_ID_PATTERN } from "@/lib/ids";
import { getOrderDeps } from "@/lib/orders/deps";
import { recheckOrder } from "@/lib/merchant-console/order-actions";
import { memberAllowedTo, signOut } from "@/lib/merchant-console/session";
import { parseActionArgs } from "@/lib/server-action-args";

/** The sign-out form: (form data, unread). */
export async function signOutAction(...args: unknown[]) {
  parseActionArgs(z.tuple([z.instanceof(FormData)]).or(z.tuple([])), args);
  await signOut();
  redirect("/merchant/login");
}

const recheckArgs = z.tuple([z.string().regex(ORDER_ID_PATTERN)]);

/** "Re-check with provider", bound to the order's id: asks the provider's status API about its current code. */
export async function recheckAction(...args: unknown[]): Promise<{ message: string; changed: boolean }> {
  const member = await memberAllowedTo("orders:act");
  const [id] = parseActionArgs(recheckArgs, args);
  const { t } = await getTranslator();
  if (!member) return { message: t("merchant.roles.refused"), changed: false };
  const result = await recheckOrder(await getOrderDeps(), id);
  if (!result.ok) {
    const message = result.error.code === "provider_error" ? result.error.error.message : result.error.message;
    return { message: t("merchant.recheckFailed", { message }), changed: false };
  }
  if (result.value.result === "same") return { message: t("merchant.recheckSame", { status: result.value.providerStatus }), changed: false };
  return { message: t("merchant.recheckChanged"), changed: true };
}
