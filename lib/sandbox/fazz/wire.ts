import { createHmac } from "node:crypto";
import type { Store } from "@/lib/domain";
import { toJakartaIso } from "@/lib/time";
import type { FormSetting } from "../forms";

// What Fazz (formerly Xfers) documents for API v4-ID retail-outlet payments (shared/providers.md,
// Fazz), as the simulator plays it. Its own copy of every fact, not the adapter's.

export const FAZZ_PROVIDER = "fazz" as const;

/** JSON:API bodies. */
export const CONTENT_TYPE = "application/vnd.api+json";

export const RETAIL_OUTLETS = ["ALFAMART", "INDOMARET"] as const;
export type RetailOutlet = (typeof RETAIL_OUTLETS)[number];
export const STORE_OF_OUTLET: Record<RetailOutlet, Store> = { ALFAMART: "alfamart", INDOMARET: "indomaret" };

/** Per Fazz outlet (the reverse of Monxa's): ALFAMART 15,000–2,500,000; INDOMARET 10,000–5,000,000. */
export const LIMITS: Record<Store, { min: number; max: number }> = {
  alfamart: { min: 15_000, max: 2_500_000 },
  indomaret: { min: 10_000, max: 5_000_000 },
};

/** The sandbox's simulation tasks: POST /payments/{id}/tasks. */
export const TASK_ACTIONS = ["receive_payment", "settle", "cancel"] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export interface CreatePaymentAttributes {
  paymentMethodType: "retail_outlet";
  amount: number;
  currency?: "IDR";
  referenceId: string;
  expiredAt?: string;
  description?: string;
  paymentMethodOptions: { retailOutletName: RetailOutlet; displayName?: string };
}

export interface JsonApiError {
  code: string;
  title: string;
  detail: string;
  source?: { pointer: string };
}

export const SIGNATURE_HEADER = "Xfers-Signature";

/** Xfers-Signature: hex HMAC-SHA256 of the raw body with the endpoint's signing secret. */
export function callbackSignature(rawBody: string, signingSecret: string): string {
  return createHmac("sha256", signingSecret).update(rawBody, "utf8").digest("hex");
}

/** Callbacks are retried at an incremental interval of 5 minutes (5, 10, 15 …), up to 20 attempts. */
export const RETRY_MINUTES = Array.from({ length: 19 }, (_, index) => 5 * (index + 1));

/** Amounts are decimal strings: 100000 → "100000.0". */
export function amountText(rupiah: number): string {
  return `${rupiah}.0`;
}

/** Times in Indonesia's offset: "2026-11-23T09:30:00+07:00". */
export function jakartaIso(date: Date): string {
  return toJakartaIso(date);
}

/** ISO-8601 with an explicit offset (or Z), as Fazz requires for expiredAt. */
export function parseIsoWithOffset(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const FORMS = [
  {
    key: "paymentCallbacks",
    title: "Callbacks for a payment",
    options: [
      { value: "paid-then-completed", label: "paid, then completed when settled (API v4 payment statuses)" },
      { value: "completed-only", label: "completed only (callbacks page sample)" },
    ],
    defaultValue: "paid-then-completed",
  },
] as const satisfies readonly FormSetting[];
