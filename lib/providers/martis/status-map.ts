import type { EventKind } from "@/lib/providers/types";

// Martis charge status → our charge outcome. Martis has three words: pending, success, failed,
// and "failed" also covers expiry. A charge that failed at or after its expires_at is therefore
// read as expired (the shopper can be offered a new code); one that failed earlier as failed.
export function mapMartisStatus(status: string, times: { expiresAt?: Date; failedAt?: Date } = {}): EventKind {
  switch (status.toLowerCase()) {
    case "pending":
      return "pending";
    case "success":
      return "paid";
    case "failed": {
      const { expiresAt, failedAt } = times;
      return expiresAt && failedAt && failedAt.getTime() >= expiresAt.getTime() ? "expired" : "failed";
    }
    default:
      return "ignored";
  }
}
