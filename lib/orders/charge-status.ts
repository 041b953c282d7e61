// The life of one payment code at one provider. It only moves forward; the backward-looking
// moves are the ones providers document: a payment that lands on an expired, failed or cancelled
// code (a shopper paying from an old screenshot), and Midtrans' settlement → deny reversal.

export const CHARGE_STATUSES = ["not_issued", "pending", "paid", "expired", "cancelled", "failed", "reversed"] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/** What a provider says happened to a charge, in our words. */
export type ChargeOutcome = "pending" | "paid" | "expired" | "cancelled" | "failed" | "reversed";

const ALLOWED: Record<ChargeStatus, readonly ChargeStatus[]> = {
  // A provider that timed out may still have issued the code; whatever it later reports counts.
  not_issued: ["paid", "expired", "cancelled", "failed", "reversed"],
  pending: ["paid", "expired", "cancelled", "failed", "reversed"],
  expired: ["paid"],
  cancelled: ["paid"],
  failed: ["paid"],
  paid: ["reversed"],
  reversed: [],
};

export function canChargeMove(from: ChargeStatus, to: ChargeStatus): boolean {
  return ALLOWED[from].includes(to);
}
