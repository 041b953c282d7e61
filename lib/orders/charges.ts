import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import type { ProviderId } from "@/lib/domain";
import type { NormalisedEvent } from "@/lib/providers/types";

// The questions asked about an order's charges, answered in one place.
//
// "The order's current charge" is the newest attempt that reached a provider: a code the
// shopper holds (or held). Attempts that never got a code (`not_issued`) are not it.

/** Prisma's filter and order for the current charge, for queries that include it. */
export const CURRENT_CHARGE = {
  where: { status: { not: "not_issued" } },
  orderBy: { attempt: "desc" },
  take: 1,
} satisfies Prisma.Order$chargesArgs;

export function findCurrentCharge(db: Db | Tx, orderId: string) {
  return db.charge.findFirst({ where: { orderId, ...CURRENT_CHARGE.where }, orderBy: CURRENT_CHARGE.orderBy });
}

/** The current charge among charges already loaded, in any order. */
export function currentChargeOf<C extends { attempt: number; status: string }>(charges: readonly C[]): C | undefined {
  return charges.filter((charge) => charge.status !== "not_issued").sort((a, b) => b.attempt - a.attempt)[0];
}

/** The charge a provider's message names, by our reference or the provider's own id. */
export function findChargeByProviderIds(db: Db, provider: ProviderId, ids: Pick<NormalisedEvent, "reference" | "providerChargeId">) {
  if (!ids.reference && !ids.providerChargeId) return Promise.resolve(null);
  return db.charge.findFirst({
    where: {
      provider,
      OR: [
        ...(ids.reference ? [{ reference: ids.reference }] : []),
        ...(ids.providerChargeId ? [{ providerChargeId: ids.providerChargeId }] : []),
      ],
    },
    select: { id: true, orderId: true, reference: true, providerChargeId: true, status: true },
  });
}

/**
 * What the shopper paid over the order's charges, against the order's amount: what the merchant
 * received, and what is owed back (an overpayment, or a short payment the order went on without).
 */
export function paymentTotals(order: { amount: number; status: string }, charges: readonly { status: string; amount: number; paidAmount: number | null }[]) {
  const payments = charges.filter((charge) => charge.status === "paid").map((charge) => charge.paidAmount ?? charge.amount);
  const received = payments.reduce((sum, amount) => sum + amount, 0);
  // An underpaid order keeps the shopper's money until the merchant settles it: nothing is owed yet.
  const refundDue = order.status === "underpaid" ? 0 : Math.max(0, received - (order.status === "paid" ? order.amount : 0));
  return { received, refundDue };
}
