import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { getPaymentView, type PaymentView } from "@/lib/orders/payment-view";

// The payment page's view, loaded by the order's public id. Holding that unguessable id is the
// shopper's authority over their own order.
//
// It only reads: the page, its image and its status poll never ask a provider or change an
// order. A code past its deadline is settled by the provider's own notification or by the
// expiry job (lib/orders/expire-overdue.ts), and the open page hears of it through its poll;
// "I have paid, check again" is the one shopper action that asks the provider.

export const publicIdSchema = z.string().regex(/^[0-9A-Za-z]{22}$/);

export async function loadPaymentView(db: Db, publicId: string): Promise<PaymentView | null> {
  if (!publicIdSchema.safeParse(publicId).success) return null;
  return getPaymentView(db, publicId);
}
