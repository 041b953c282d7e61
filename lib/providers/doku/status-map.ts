import type { EventKind } from "@/lib/providers/types";

// DOKU transaction.status → our charge outcome. For online-to-offline the check-status table lists
// PENDING, SUCCESS (final) and EXPIRED (final); notifications also carry FAILED. TIMEOUT and
// REDIRECT are "not final yet, ask again" states of other channels. REFUNDED is a card/e-money
// state that a cash payment at the till never reaches: recorded and ignored.
export function mapDokuStatus(status: string): EventKind {
  switch (status.toUpperCase()) {
    case "PENDING":
    case "TIMEOUT":
    case "REDIRECT":
      return "pending";
    case "SUCCESS":
      return "paid";
    case "FAILED":
      return "failed";
    case "EXPIRED":
      return "expired";
    default:
      return "ignored";
  }
}
