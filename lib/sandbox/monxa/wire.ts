import type { Store } from "@/lib/domain";
import type { FormSetting } from "../forms";

// What Monxa's documents say, as the simulator plays it (shared/providers.md, Monxa: the C-store
// guide, the API reference and the webhooks page). The sandbox keeps its own copy of every fact
// so that a wrong reading in the adapter is not repeated here by construction.

export const MONXA_PROVIDER = "monxa" as const;

/** channel_code per store (C-store guide). */
export const CHANNEL_OF_STORE: Record<Store, string> = { alfamart: "store_alfamart", indomaret: "store_indomaret" };
export const STORE_OF_CHANNEL: Readonly<Record<string, Store>> = { store_alfamart: "alfamart", store_indomaret: "indomaret" };

/** IDR limits per store (C-store guide): Alfamart 10,000–5,000,000, Indomaret 10,000–2,500,000. */
export const LIMITS: Record<Store, { min: number; max: number }> = {
  alfamart: { min: 10_000, max: 5_000_000 },
  indomaret: { min: 10_000, max: 2_500_000 },
};

/** Every webhook carries the dashboard's callback token verbatim in this header. */
export const CALLBACK_TOKEN_HEADER = "x-callback-token";

export type ChargeStatus = "pending" | "succeeded" | "failed" | "expired" | "cancelled";

/** Event type per final status; a payment's name is a form (the pages disagree). */
export const EVENT_OF_STATUS: Record<Exclude<ChargeStatus, "pending" | "succeeded">, string> = {
  failed: "charge.failed",
  expired: "charge.expired",
  cancelled: "charge.cancelled",
};

export const FORMS = [
  {
    key: "envelope",
    title: "Webhook envelope",
    options: [
      { value: "id-type-data", label: "{ id, type, data, created_at } (C-store guide)" },
      { value: "event-data", label: "{ event, data } (webhooks page)" },
    ],
    defaultValue: "id-type-data",
  },
  {
    key: "statusCase",
    title: "Status words",
    options: [
      { value: "lower", label: "lower case: succeeded (C-store guide)" },
      { value: "upper", label: "upper case: SUCCEEDED (API reference)" },
    ],
    defaultValue: "lower",
  },
  {
    key: "amountUnit",
    title: "Amounts (the account's unit)",
    options: [
      { value: "idr", label: "integer rupiah (C-store guide); amount_str beside it" },
      { value: "minor", label: "minor units, rupiah × 100; amount_str beside it (API reference, webhooks page)" },
    ],
    defaultValue: "idr",
  },
  {
    key: "paidEvent",
    title: "Payment event name",
    options: [
      { value: "charge.succeeded", label: "charge.succeeded (C-store guide)" },
      { value: "charge.completed", label: "charge.completed (webhooks page)" },
    ],
    defaultValue: "charge.succeeded",
  },
] as const satisfies readonly FormSetting[];

export type AmountUnit = "idr" | "minor";

/** Rupiah → Monxa's `amount` in the account's unit. */
export function amountInUnit(rupiah: number, unit: AmountUnit): number {
  return unit === "minor" ? rupiah * 100 : rupiah;
}

/**
 * The webhooks page's human-readable amount, "2563932.00" beside a minor-unit 256393200. The
 * guide's whole-rupiah examples do not show it; the simulator sends it in both units (assumed).
 */
export function amountText(rupiah: number): string {
  return `${rupiah}.00`;
}
