import type { OrderStatus } from "@/lib/domain";
import { canChargeMove, type ChargeOutcome, type ChargeStatus } from "./charge-status";
import type { DecisionReason } from "./timeline-events";

// The order's status as the merchant sees it, and how a change in one of its charges moves it.
// Forward only, with three documented ways back: a renewed code (expired/failed → pending), a
// late payment (expired/failed/cancelled → paid or underpaid), and the provider's reversal
// (paid/underpaid → reversed). An order is paid only when the confirmed amount equals the code's:
// less is `underpaid` (not fulfilled; the merchant settles the difference with the shopper),
// more is paid and flagged for a refund, and an answer whose own amounts disagree pays nothing.

const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "underpaid", "expired", "cancelled", "failed", "reversed"],
  expired: ["pending", "paid", "underpaid"],
  failed: ["pending", "paid", "underpaid"],
  cancelled: ["paid", "underpaid"],
  // A full payment on another of the order's codes completes it (the short one is refunded).
  underpaid: ["paid", "reversed"],
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
  | "transition_refused"
  | "underpaid"
  | "amount_conflict";

/** The confirmed amount against the code's, in IDR. */
export interface AmountCheck {
  /** The code's amount. */
  expected: number;
  /** What the provider confirmed; the code's amount when the answer names none. */
  received?: number;
  /** The provider's own amount fields disagree (ChargeSnapshot.amountConflict). */
  conflict?: string;
}

export type AmountVerdict = "exact" | "short" | "over" | "conflict";

export function judgeAmount({ expected, received, conflict }: AmountCheck): AmountVerdict {
  if (conflict) return "conflict";
  const amount = received ?? expected;
  return amount === expected ? "exact" : amount < expected ? "short" : "over";
}

export interface ChargeChange {
  order: { status: OrderStatus };
  charge: { status: ChargeStatus; isCurrent: boolean; paidTheOrder: boolean };
  to: ChargeOutcome;
  /** The provider shows the charge settled before it was reversed, whether or not we saw it paid. */
  settledBeforeReversal?: boolean;
  /** The confirmed amount against the code's; it decides what a payment does. */
  amount: AmountCheck;
}

export interface ChargeChangeDecision {
  /** False when the charge cannot make this move (e.g. paid → expired): nothing is written. */
  chargeMoves: boolean;
  orderTo?: OrderStatus;
  needsAttention: boolean;
  event: TimelineEventType;
  /** Why, for the timeline (worded per language by timeline-text.ts). */
  because: DecisionReason;
  /** Why, in English for logs and API errors. */
  reason: string;
  /** For a payment: how the confirmed amount compares with the code's. */
  amountVerdict?: AmountVerdict;
}

/**
 * Decides what a charge's new status does to its order. Pure: the caller applies the decision
 * in the same transaction that records the event.
 */
export function decideChargeChange({ order, charge, to, settledBeforeReversal, amount }: ChargeChange): ChargeChangeDecision {
  if (charge.status === to) {
    return { chargeMoves: false, needsAttention: false, event: "charge_updated", because: { key: "already", status: to }, reason: `charge already ${to}` };
  }
  if (!canChargeMove(charge.status, to)) {
    return {
      chargeMoves: false,
      needsAttention: false,
      event: "transition_refused",
      because: { key: "cannot_move", from: charge.status, to },
      reason: `a ${charge.status} charge cannot become ${to}`,
    };
  }

  if (to === "paid") return decidePayment(order.status, amount);

  if (to === "reversed") {
    if ((order.status === "paid" || order.status === "underpaid") && charge.paidTheOrder) {
      return {
        chargeMoves: true,
        orderTo: "reversed",
        needsAttention: true,
        event: "payment_reversed",
        because: { key: "reversed_settled" },
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
          because: { key: "reversed_unseen_settlement" },
          reason: "the provider reversed a settled payment whose settlement we never saw",
        };
      }
      return { chargeMoves: true, orderTo: "reversed", needsAttention: false, event: "status_changed", because: { key: "payment_denied" }, reason: "payment denied" };
    }
    return { chargeMoves: true, needsAttention: true, event: "payment_reversed", because: { key: "reversed_replaced_code" }, reason: "a payment on a replaced code was reversed" };
  }

  if (to === "pending") {
    return { chargeMoves: true, needsAttention: false, event: "charge_updated", because: { key: "code_waiting" }, reason: "code is waiting for payment" };
  }

  // expired, failed, cancelled: only the code the shopper holds decides the order.
  if (charge.isCurrent && order.status === "pending") {
    return { chargeMoves: true, orderTo: to, needsAttention: false, event: "status_changed", because: { key: "code_closed", status: to }, reason: `code ${to}` };
  }
  return { chargeMoves: true, needsAttention: false, event: "charge_updated", because: { key: "older_code_closed", status: to }, reason: `an older code ${to}` };
}

/** A charge confirmed paid: what it does to its order, by the order's status and the amount. */
function decidePayment(status: OrderStatus, amount: AmountCheck): ChargeChangeDecision {
  const verdict = judgeAmount(amount);
  if (verdict === "conflict") {
    return {
      chargeMoves: false,
      needsAttention: true,
      event: "amount_conflict",
      because: { key: "amounts_disagree" },
      reason: `the provider's amounts disagree (${amount.conflict}); not marked paid, check the payment with the provider`,
      amountVerdict: verdict,
    };
  }
  const late = status === "expired" || status === "failed" || status === "cancelled";
  if (status === "pending" || late) {
    const after = late ? ` after the order was ${status}` : "";
    if (verdict === "short") {
      return { chargeMoves: true, orderTo: "underpaid", needsAttention: true, event: "underpaid", because: { key: "short_paid", after: late ? status : null }, reason: `less than the code's amount was paid${after}`, amountVerdict: verdict };
    }
    const flagged = late || verdict === "over";
    return {
      chargeMoves: true,
      orderTo: "paid",
      needsAttention: flagged,
      event: late ? "late_payment" : "status_changed",
      because: late ? { key: "late_paid", after: status } : { key: "payment_confirmed" },
      reason: late ? `payment arrived${after}` : "payment confirmed",
      amountVerdict: verdict,
    };
  }
  if (status === "underpaid" && verdict !== "short") {
    return {
      chargeMoves: true,
      orderTo: "paid",
      needsAttention: true,
      event: "duplicate_payment",
      because: { key: "full_after_underpaid" },
      reason: "a full payment arrived on an underpaid order: refund the earlier short payment",
      amountVerdict: verdict,
    };
  }
  // Already paid through another code, or reversed, or a second short payment: the money is real.
  return {
    chargeMoves: true,
    needsAttention: true,
    event: "duplicate_payment",
    because: { key: "second_payment", status },
    reason: `a second payment arrived on a ${status} order: refund or reconcile it`,
    amountVerdict: verdict,
  };
}
