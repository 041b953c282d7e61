import type { Charge } from "@/lib/db/generated/prisma/client";
import { PROVIDER_NAMES, type ProviderId } from "@/lib/providers/catalog";
import { isRupiahCurrency } from "@/lib/money";
import type { ProviderError } from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { applyChargeObservation, flagNonRupiah, statusCurrencyKey, type ApplyResult } from "./apply-charge-outcome";
import { findCurrentCharge } from "./charges";
import type { WebhookDeps } from "./ingest-webhook";
import { recordOrderEvent } from "./timeline";

// Asking the provider instead of waiting to be told: the shopper's "I have paid, check again",
// the merchant's "re-check", the deadline sweep and the reconciliation of quiet charges. A lost
// webhook therefore never leaves an order stuck on pending.

/** A pending code nobody has heard about for this long is asked about (RECONCILE_AFTER_SECONDS). */
export const RECONCILE_AFTER_MS = 5 * 60_000;

export type CheckError = { code: "not_found" | "provider_missing"; message: string } | { code: "provider_error"; error: ProviderError };

export type CheckResult = ApplyResult | { result: "same"; providerStatus: string };

/** `actor`: the console member who asked, named on what the answer writes to the timeline. */
export async function checkChargeStatus(deps: WebhookDeps, charge: Charge, actor?: string): Promise<Result<CheckResult, CheckError>> {
  const provider = deps.providers.get(charge.provider as ProviderId);
  if (!provider) return err({ code: "provider_missing", message: `${charge.provider} is not configured` });
  const snapshot = await provider.getCharge({ reference: charge.reference, providerChargeId: charge.providerChargeId });
  await deps.db.charge.update({ where: { id: charge.id }, data: { checkedAt: deps.now() } });
  if (!snapshot.ok) return err({ code: "provider_error", error: snapshot.error });
  const currency = snapshot.value.currency;
  if (currency !== undefined && !isRupiahCurrency(currency)) {
    const message = `${PROVIDER_NAMES[provider.id]} status answers in ${currency}, not IDR`;
    await flagNonRupiah(
      deps.db,
      {
        chargeId: charge.id,
        eventKey: statusCurrencyKey(charge.reference, currency),
        params: { provider: provider.id, source: "status_check", providerStatus: snapshot.value.providerStatus, currency },
      },
      deps.now(),
    );
    return err({ code: "provider_error", error: { provider: provider.id, kind: "rejected", message, shopper: "provider_unavailable" } });
  }
  if (snapshot.value.status === charge.status) {
    // A person asked: the timeline keeps who asked and what the provider said. Background checks
    // (the deadline sweep, reconciliation) ask often and name nobody, so they write nothing here.
    if (actor) {
      const params = { provider: provider.id, providerStatus: snapshot.value.providerStatus };
      await deps.db.$transaction((tx) =>
        recordOrderEvent(tx, { orderId: charge.orderId, chargeId: charge.id, at: deps.now(), type: "recheck_unchanged", params, actor }),
      );
    }
    return ok({ result: "same", providerStatus: snapshot.value.providerStatus });
  }
  return ok(
    await applyChargeObservation(
      deps.db,
      {
        chargeId: charge.id,
        outcome: snapshot.value.status,
        providerStatus: snapshot.value.providerStatus,
        // One provider state of one charge, seen by asking: the same key however often we ask.
        eventKey: `status:${charge.reference}:${snapshot.value.providerStatus}`,
        source: "status_check",
        paidAt: snapshot.value.paidAt,
        amount: snapshot.value.amount,
        amountConflict: snapshot.value.amountConflict,
        settledBeforeReversal: snapshot.value.settledBeforeReversal,
        actor,
      },
      deps.now(),
    ),
  );
}

/** Re-checks the code an order currently shows (the shopper's and the merchant's button). */
export async function checkOrderStatus(deps: WebhookDeps, where: { publicId: string } | { id: string }, actor?: string) {
  const order = await deps.db.order.findUnique({ where, select: { id: true } });
  if (!order) return err({ code: "not_found" as const, message: "No such order." });
  const charge = await findCurrentCharge(deps.db, order.id);
  if (!charge) return err({ code: "not_found" as const, message: "The order has no code." });
  return checkChargeStatus(deps, charge, actor);
}

/** Pending codes nobody has heard about lately: ask the provider, in case a webhook was lost. */
export async function reconcilePendingCharges(deps: WebhookDeps, options: { limit?: number; quietForMs?: number } = {}) {
  const now = deps.now();
  const quietSince = new Date(now.getTime() - (options.quietForMs ?? RECONCILE_AFTER_MS));
  const charges = await deps.db.charge.findMany({
    where: {
      status: "pending",
      createdAt: { lte: quietSince },
      OR: [{ checkedAt: null }, { checkedAt: { lte: quietSince } }],
    },
    orderBy: { checkedAt: { sort: "asc", nulls: "first" } },
    take: options.limit ?? 50,
  });
  let changed = 0;
  for (const charge of charges) {
    const result = await checkChargeStatus(deps, charge);
    if (result.ok && result.value.result === "applied") changed += 1;
  }
  return { checked: charges.length, changed };
}
