import { z } from "zod";
import { checkChargeStatus, expireOverdueCharges } from "@/lib/orders/check-status";
import type { OrderDeps } from "@/lib/orders/deps";
import { getPaymentView, type PaymentView } from "@/lib/orders/payment-view";
import { renewPaymentCode } from "@/lib/orders/renew-code";

// What the payment page may do. Holding the unguessable public id is the shopper's authority
// over their own order; everything else is parsed and checked here.

export const publicIdSchema = z.string().regex(/^[0-9A-Za-z]{22}$/);

/** A shopper pressing "check again" repeatedly must not hammer the provider. */
const CHECK_AGAIN_INTERVAL_MS = 10_000;

/** The page's view, with a code whose deadline has passed expired first (asked of the provider). */
export async function loadPaymentView(deps: OrderDeps, publicId: string): Promise<PaymentView | null> {
  if (!publicIdSchema.safeParse(publicId).success) return null;
  const view = await getPaymentView(deps.db, publicId);
  if (view?.status === "pending" && view.code && view.code.expiresAt <= deps.now()) {
    await expireOverdueCharges(deps, { orderId: view.orderId });
    return getPaymentView(deps.db, publicId);
  }
  return view;
}

export async function checkAgain(deps: OrderDeps, publicId: unknown): Promise<"changed" | "unchanged" | "failed"> {
  const parsed = publicIdSchema.safeParse(publicId);
  if (!parsed.success) return "failed";
  const order = await deps.db.order.findUnique({ where: { publicId: parsed.data }, select: { id: true } });
  if (!order) return "failed";
  const charge = await deps.db.charge.findFirst({
    where: { orderId: order.id, status: { not: "not_issued" } },
    orderBy: { attempt: "desc" },
  });
  if (!charge) return "failed";
  if (charge.checkedAt && deps.now().getTime() - charge.checkedAt.getTime() < CHECK_AGAIN_INTERVAL_MS) return "unchanged";
  const result = await checkChargeStatus(deps, charge);
  if (!result.ok) return "failed";
  return result.value.result === "applied" ? "changed" : "unchanged";
}

export async function renewCode(deps: OrderDeps, publicId: unknown): Promise<{ ok: boolean }> {
  const parsed = publicIdSchema.safeParse(publicId);
  if (!parsed.success) return { ok: false };
  const result = await renewPaymentCode(deps, parsed.data);
  return { ok: result.ok };
}
