import type { OrderStatus } from "@/lib/domain";
import { canChargeMove, type ChargeOutcome, type ChargeStatus } from "./charge-status";

// The order's status as the merchant sees it, and how a change in one of its charges moves it.
// Forward only, with three documented ways back: a renewed code (expired/failed → pending), a
// late payment (expired/failed/cancelled → paid), and the provider's reversal (paid → reversed).

const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "expired", "cancelled", "failed", "reversed"],
  expired: ["pending", "paid"],
  failed: ["pending", "paid"],
  cancelled: ["paid"],
  paid: ["reversed"],
  reversed: [],
};

export function canOrderMove(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function canRenewCode(status: OrderStatus): boolean {
  return canOrderMove(status, "pending");
}

export type TimelineEventType =
  | "status_changed"
  | "late_payment"
  | "duplicate_payment"
  | "payment_reversed"
  | "charge_updated"
  | "transition_refused";

export interface ChargeChange {
  order: { status: OrderStatus };
  charge: { status: ChargeStatus; isCurrent: boolean; paidTheOrder: boolean };
  to: ChargeOutcome;
  /** The provider shows the charge settled before it was reversed, whether or not we saw it paid. */
  settledBeforeReversal?: boolean;
}

export interface ChargeChangeDecision {
  /** False when the charge cannot make this move (e.g. paid → expired): nothing is written. */
  chargeMoves: boolean;
  orderTo?: OrderStatus;
  needsAttention: boolean;
  event: TimelineEventType;
  reason: string;
}

/**
 * Decides what a charge's new status does to its order. Pure: the caller applies the decision
 * in the same transaction that records the event.
 */
export function decideChargeChange({ order, charge, to, settledBeforeReversal }: ChargeChange): ChargeChangeDecision {
  if (charge.status === to) {
    return { chargeMoves: false, needsAttention: false, event: "charge_updated", reason: `charge already ${to}` };
  }
  if (!canChargeMove(charge.status, to)) {
    return {
      chargeMoves: false,
      needsAttention: false,
      event: "transition_refused",
      reason: `a ${charge.status} charge cannot become ${to}`,
    };
  }

  if (to === "paid") {
    if (order.status === "pending") {
      return { chargeMoves: true, orderTo: "paid", needsAttention: false, event: "status_changed", reason: "payment confirmed" };
    }
    if (order.status === "expired" || order.status === "failed" || order.status === "cancelled") {
      return {
        chargeMoves: true,
        orderTo: "paid",
        needsAttention: true,
        event: "late_payment",
        reason: `payment arrived after the order was ${order.status}`,
      };
    }
    // Already paid through another code, or reversed: the money is real and must be handled.
    return {
      chargeMoves: true,
      needsAttention: true,
      event: "duplicate_payment",
      reason: `a second payment arrived on a ${order.status} order: refund or reconcile it`,
    };
  }

  if (to === "reversed") {
    if (order.status === "paid" && charge.paidTheOrder) {
      return {
        chargeMoves: true,
        orderTo: "reversed",
        needsAttention: true,
        event: "payment_reversed",
        reason: "the provider reversed a settled payment",
      };
    }
    if (order.status === "pending" && charge.isCurrent) {
      if (settledBeforeReversal) {
        // The settlement never reached us, but the shopper's cash did reach the provider.
        return {
          chargeMoves: true,
          orderTo: "reversed",
          needsAttention: true,
          event: "payment_reversed",
          reason: "the provider reversed a settled payment whose settlement we never saw",
        };
      }
      return { chargeMoves: true, orderTo: "reversed", needsAttention: false, event: "status_changed", reason: "payment denied" };
    }
    return { chargeMoves: true, needsAttention: true, event: "payment_reversed", reason: "a payment on a replaced code was reversed" };
  }

  if (to === "pending") {
    return { chargeMoves: true, needsAttention: false, event: "charge_updated", reason: "code is waiting for payment" };
  }

  // expired, failed, cancelled: only the code the shopper holds decides the order.
  if (charge.isCurrent && order.status === "pending") {
    return { chargeMoves: true, orderTo: to, needsAttention: false, event: "status_changed", reason: `code ${to}` };
  }
  return { chargeMoves: true, needsAttention: false, event: "charge_updated", reason: `an older code ${to}` };
}
