import { z } from "zod";
import { expireCodesPastDeadline } from "@/lib/orders/expire-overdue";
import type { OrderDeps } from "@/lib/orders/deps";
import { getPaymentView, type PaymentView } from "@/lib/orders/payment-view";

// The payment page's view, loaded by the order's public id. Holding that unguessable id is the
// shopper's authority over their own order.

export const publicIdSchema = z.string().regex(/^[0-9A-Za-z]{22}$/);

/** The page's view, with a code whose deadline has passed expired first (asked of the provider). */
export async function loadPaymentView(deps: OrderDeps, publicId: string): Promise<PaymentView | null> {
  if (!publicIdSchema.safeParse(publicId).success) return null;
  const view = await getPaymentView(deps.db, publicId);
  if (view?.status === "pending" && view.code && view.code.expiresAt <= deps.now()) {
    await expireCodesPastDeadline(deps, { orderId: view.orderId });
    return getPaymentView(deps.db, publicId);
  }
  return view;
}
