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

type Translate = Awaited<ReturnType<typeof getTranslator>>["t"];

/**
 * What every order action does first: the member's role (refused: a message, nothing changed),
 * then the arguments; `act` runs only for a member who may act on orders.
 */
async function actOnOrder<S extends z.ZodType>(
  schema: S,
  args: unknown[],
  act: (parsed: z.output<S>, t: Translate) => Promise<OrderActionResult>,
): Promise<OrderActionResult> {
  const member = await memberAllowedTo("orders:act");
  const parsed = parseActionArgs(schema, args);
  const { t } = await getTranslator();
  if (!member) return { message: t("merchant.roles.refused"), changed: false };
  return act(parsed, t);
}

/** A use case's account of why it did not act: the provider's own words when the provider failed. */
function failureText(error: { message: string } | { code: "provider_error"; error: { message: string } }): string {
  return "error" in error ? error.error.message : error.message;
}

/** "Re-check with provider", bound to the order's id: asks the provider's status API about its current code. */
export async function recheckAction(...args: unknown[]): Promise<OrderActionResult> {
  return actOnOrder(orderIdArgs, args, async ([id], t) => {
    const result = await recheckOrder(await getOrderDeps(), id);
    if (!result.ok) return { message: t("merchant.recheckFailed", { message: failureText(result.error) }), changed: false };
    // Nothing new is still an entry on the timeline (who asked, what the provider said): shown on refresh.
    if (result.value.result === "same") return { message: t("merchant.recheckSame", { status: result.value.providerStatus }), changed: true };
    return { message: t("merchant.recheckChanged"), changed: true };
  });
}

/** "Cancel the code", bound to the order's id (after the member confirms it on the page). */
export async function cancelCodeAction(...args: unknown[]): Promise<OrderActionResult> {
  return actOnOrder(orderIdArgs, args, async ([id], t) => {
    const result = await cancelOrderCode(await getOrderDeps(), id);
    if (!result.ok) return { message: t("merchant.orderActions.cancelFailed", { message: failureText(result.error) }), changed: false };
    return { message: t(result.value.voidedAtProvider ? "merchant.orderActions.cancelled" : "merchant.orderActions.cancelledNotVoided"), changed: true };
  });
}

/** "Issue a new code", bound to the order's id: for an expired or failed order. */
export async function issueNewCodeAction(...args: unknown[]): Promise<OrderActionResult> {
  return actOnOrder(orderIdArgs, args, async ([id], t) => {
    const result = await issueNewCode(await getOrderDeps(), id);
    if (!result.ok) return { message: t("merchant.orderActions.renewFailed", { message: result.error.message }), changed: false };
    return { message: t("merchant.orderActions.renewed", { code: groupCode(result.value.paymentCode) }), changed: true };
  });
}

/** "Mark handled", bound to the order's id, with the member's note. */
export async function markHandledAction(...args: unknown[]): Promise<OrderActionResult> {
  return actOnOrder(markHandledArgs, args, async ([id, note], t) => {
    const result = await markOrderHandled(await getOrderDeps(), id, note);
    if (result.ok) return { message: t("merchant.orderActions.handled"), changed: true };
    switch (result.error.code) {
      case "invalid_note":
        return { message: t("merchant.orderActions.noteInvalid", { max: HANDLED_NOTE_MAX_CHARS }), changed: false };
      case "not_flagged":
        // Someone else handled it meanwhile: the page shows it once refreshed.
        return { message: t("merchant.orderActions.notFlagged"), changed: true };
      case "not_found":
        return { message: t("merchant.orderActions.notFound"), changed: false };
    }
  });
}
