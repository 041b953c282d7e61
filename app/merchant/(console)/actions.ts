"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getTranslator } from "@/lib/i18n/server";
import { ORDER_ID_PATTERN } from "@/lib/ids";
import { getOrderDeps } from "@/lib/orders/deps";
import { HANDLED_NOTE_MAX_CHARS } from "@/lib/orders/mark-handled";
import { groupCode } from "@/lib/payment-page/code-images";
import { cancelOrderCode, issueNewCode, markOrderHandled, recheckOrder } from "@/lib/merchant-console/order-actions";
import { memberAllowedTo, signOut } from "@/lib/merchant-console/session";
import { parseActionArgs } from "@/lib/server-action-args";

/** The sign-out form: (form data, unread). */
export async function signOutAction(...args: unknown[]) {
  parseActionArgs(z.tuple([z.instanceof(FormData)]).or(z.tuple([])), args);
  await signOut();
  redirect("/merchant/login");
}

const orderIdArgs = z.tuple([z.string().regex(ORDER_ID_PATTERN)]);
// The note's own rules (trimmed, 1–500 characters) are the use case's: it answers with a message.
const markHandledArgs = z.tuple([z.string().regex(ORDER_ID_PATTERN), z.string().max(20_000)]);

/** What an order's action answers: the message to show, and whether the page has changed. */
export type OrderActionResult = { message: string; changed: boolean };

/** "Re-check with provider", bound to the order's id: asks the provider's status API about its current code. */
export async function recheckAction(...args: unknown[]): Promise<OrderActionResult> {
  const member = await memberAllowedTo("orders:act");
  const [id] = parseActionArgs(orderIdArgs, args);
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

/** "Cancel the code", bound to the order's id (after the member confirms it on the page). */
export async function cancelCodeAction(...args: unknown[]): Promise<OrderActionResult> {
  const member = await memberAllowedTo("orders:act");
  const [id] = parseActionArgs(orderIdArgs, args);
  const { t } = await getTranslator();
  if (!member) return { message: t("merchant.roles.refused"), changed: false };
  const result = await cancelOrderCode(await getOrderDeps(), id);
  if (!result.ok) {
    const message = result.error.code === "provider_error" ? result.error.error.message : result.error.message;
    return { message: t("merchant.orderActions.cancelFailed", { message }), changed: false };
  }
  return { message: t(result.value.voidedAtProvider ? "merchant.orderActions.cancelled" : "merchant.orderActions.cancelledNotVoided"), changed: true };
}

/** "Issue a new code", bound to the order's id: for an expired or failed order. */
export async function issueNewCodeAction(...args: unknown[]): Promise<OrderActionResult> {
  const member = await memberAllowedTo("orders:act");
  const [id] = parseActionArgs(orderIdArgs, args);
  const { t } = await getTranslator();
  if (!member) return { message: t("merchant.roles.refused"), changed: false };
  const result = await issueNewCode(await getOrderDeps(), id);
  if (!result.ok) return { message: t("merchant.orderActions.renewFailed", { message: result.error.message }), changed: false };
  return { message: t("merchant.orderActions.renewed", { code: groupCode(result.value.paymentCode) }), changed: true };
}

/** "Mark handled", bound to the order's id, with the member's note. */
export async function markHandledAction(...args: unknown[]): Promise<OrderActionResult> {
  const member = await memberAllowedTo("orders:act");
  const [id, note] = parseActionArgs(markHandledArgs, args);
  const { t } = await getTranslator();
  if (!member) return { message: t("merchant.roles.refused"), changed: false };
  const result = await markOrderHandled(await getOrderDeps(), id, note);
  if (!result.ok) {
    const code = result.error.code;
    if (code === "invalid_note") return { message: t("merchant.orderActions.noteInvalid", { max: HANDLED_NOTE_MAX_CHARS }), changed: false };
    if (code === "not_flagged") return { message: t("merchant.orderActions.notFlagged"), changed: true };
    return { message: result.error.message, changed: false };
  }
  return { message: t("merchant.orderActions.handled"), changed: true };
}
