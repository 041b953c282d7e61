import type { EventKind } from "@/lib/providers/types";

// Monxa's charge statuses and webhook event types → our charge outcome. Case does not matter:
// the guide writes "pending", the API reference "PENDING".

export function mapMonxaStatus(status: string): EventKind {
  switch (status.toLowerCase()) {
    case "pending":
      return "pending";
    case "succeeded":
    // Some pages call a paid charge's event charge.completed; read the same word as a status too.
    case "completed":
      return "paid";
    case "failed":
      return "failed";
    case "expired":
      return "expired";
    case "cancelled":
      return "cancelled";
    default:
      return "ignored";
  }
}

export function mapMonxaEvent(type: string): EventKind {
  switch (type.toLowerCase()) {
    case "charge.succeeded":
    case "charge.completed":
      return "paid";
    case "charge.failed":
      return "failed";
    case "charge.expired":
      return "expired";
    case "charge.cancelled":
      return "cancelled";
    default:
      // Events outside a store payment's life (e.g. account or payout events): recorded, ignored.
      return "ignored";
  }
}
