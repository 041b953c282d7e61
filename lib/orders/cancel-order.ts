import { PROVIDER_NAMES, type ProviderId } from "@/lib/providers/catalog";
import type { ProviderError } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { applyChargeObservation } from "./apply-charge-outcome";
import { currentChargeOf } from "./charges";
import type { OrderDeps } from "./deps";

// The merchant cancels an order that is still waiting for its payment. Where the provider
// documents a way to void a code (Midtrans' cancel API), the code is voided there first, so the
// store refuses it; elsewhere the code stays payable until its deadline, and the timeline says
// so: a payment on it then arrives as a late payment, flagged for a refund.

export type CancelError =
  | { code: "not_found"; message: string }
  | { code: "cannot_cancel"; message: string }
  | { code: "provider_error"; error: ProviderError };

/** `actor`: who cancelled (a console member, an API key), named on what the cancellation writes to the timeline. */
export async function cancelOrder(deps: OrderDeps, orderId: string, actor?: string): Promise<Result<{ voidedAtProvider: boolean }, CancelError>> {
  const order = await deps.db.order.findUnique({ where: { id: orderId }, include: { charges: true } });
  if (!order) return err({ code: "not_found", message: `No order ${orderId}.` });
  if (order.status !== "pending") return err({ code: "cannot_cancel", message: `A ${order.status} order cannot be cancelled.` });
  const charge = currentChargeOf(order.charges);
  if (!charge) return err({ code: "cannot_cancel", message: "The order has no code to cancel." });
  const providerId = charge.provider as ProviderId;
  const name = PROVIDER_NAMES[providerId] ?? charge.provider;
  const provider = deps.providers.get(providerId);

  let voidedAtProvider = false;
  // Not voided, the provider has said nothing new: its last word stays on the charge and the timeline.
  let providerStatus = charge.providerStatus ?? "";
  if (provider?.cancelCharge) {
    const voided = await provider.cancelCharge({ reference: charge.reference, providerChargeId: charge.providerChargeId });
    if (!voided.ok) {
      // The provider refuses: the code is no longer pending there (paid or expired meanwhile).
      if (voided.error.kind !== "unavailable") {
        return err({ code: "cannot_cancel", message: `${name} did not cancel the code: ${voided.error.message}. Re-check the order for its state.` });
      }
      return err({ code: "provider_error", error: voided.error });
    }
    if (voided.value.status !== "cancelled") {
      return err({ code: "cannot_cancel", message: `${name} reports the code "${voided.value.providerStatus}"; it was not cancelled. Re-check the order.` });
    }
    voidedAtProvider = true;
    providerStatus = voided.value.providerStatus;
  }

  const applied = await applyChargeObservation(
    deps.db,
    {
      chargeId: charge.id,
      outcome: "cancelled",
      providerStatus,
      eventKey: `merchant-cancel:${charge.id}`,
      source: "merchant",
      // No documented way to void the code: it stays payable at the store until its deadline, and
      // a payment on it is recorded as late and flagged for a refund.
      note: voidedAtProvider ? undefined : { key: "not_voidable", paymentCode: charge.paymentCode },
      actor,
    },
    deps.now(),
  );
  if (applied.result === "unchanged") return err({ code: "cannot_cancel", message: `The order changed meanwhile: ${applied.reason}.` });
  return ok({ voidedAtProvider });
}
