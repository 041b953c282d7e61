import type { EventKind } from "@/lib/providers/types";

// Midtrans transaction_status → our charge outcome.
// settlement counts as paid only when fraud_status is absent or "accept"; a "challenge" waits.
// "deny" after "settlement" is Midtrans' documented reversal for Indomaret.
export function mapMidtransStatus(transactionStatus: string, fraudStatus?: string): EventKind {
  const fraud = fraudStatus?.toLowerCase();
  switch (transactionStatus.toLowerCase()) {
    case "pending":
      return "pending";
    case "settlement":
    case "capture":
      if (!fraud || fraud === "accept") return "paid";
      return fraud === "deny" ? "reversed" : "pending";
    case "deny":
      return "reversed";
    case "expire":
      return "expired";
    case "cancel":
      return "cancelled";
    case "failure":
      return "failed";
    default:
      // refund, partial_refund, authorize …: not store-payment states; record and ignore.
      return "ignored";
  }
}
