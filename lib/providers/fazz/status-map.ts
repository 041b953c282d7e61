import type { EventKind, ProviderNote } from "@/lib/providers/types";

// Fazz payment status → our charge outcome. "paid" is the moment to fulfil; "completed" only says
// the funds have reached the merchant balance, so it is paid too, with a note for the timeline.

export function mapFazzStatus(status: string): EventKind {
  switch (status.toLowerCase()) {
    case "pending":
    case "processing":
      return "pending";
    case "paid":
    case "completed":
      return "paid";
    case "expired":
      return "expired";
    case "cancelled":
      return "cancelled";
    case "failed":
      return "failed";
    default:
      return "ignored";
  }
}

/** What the timeline should add to a status, if anything. */
export function fazzStatusNote(status: string): ProviderNote | undefined {
  return status.toLowerCase() === "completed" ? "funds_available" : undefined;
}
