import { createHmac } from "node:crypto";
import type { Store } from "@/lib/domain";

// What Martis documents for its Core API charges (shared/providers.md, Martis), as the simulator
// plays it. Its own copy of every fact, not the adapter's. Martis publishes no store channel and
// no webhook header names or string to sign: those come from the merchant's account settings
// (MartisAccount), as a Martis dashboard would set them.

export const MARTIS_PROVIDER = "martis" as const;

export const CLIENT_REFERENCE_MAX = 50;
export const DESCRIPTION_MAX = 255;
/** Martis' page cuts off before the maximum; 255 is assumed. */
export const IDEMPOTENCY_KEY_MAX = 255;

/** Martis publishes no store limits; these are assumed (the store chains' usual per-code cash limits). */
export const LIMITS: Record<Store, { min: number; max: number }> = {
  alfamart: { min: 10_000, max: 2_500_000 },
  indomaret: { min: 10_000, max: 5_000_000 },
};

export type MartisStatus = "pending" | "success" | "failed";
export type MartisEvent = "payment_charge.created" | "payment_charge.update" | "payment_charge.succeeded" | "payment_charge.failed";

/** Martis writes money as decimal strings with two places: "154000.00". */
export function decimalText(rupiah: number): string {
  return `${rupiah}.00`;
}

/** ISO-8601 with an explicit zone; anything else is refused. */
export function parseIsoInstant(text: string | null | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** HMAC-SHA256 (hex) of the account's string to sign, {timestamp} and {body} filled in one pass. */
export function webhookSignature(secret: string, template: string, timestamp: string, rawBody: string): string {
  const signed = template.replace(/\{timestamp\}|\{body\}/g, (placeholder) => (placeholder === "{body}" ? rawBody : timestamp));
  return createHmac("sha256", secret).update(signed, "utf8").digest("hex");
}
