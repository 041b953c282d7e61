import { z } from "zod";
import type { Store } from "@/lib/domain";

// Monxa Charges API for convenience stores — the shapes on the wire, as documented (see
// shared/providers.md, Monxa). Where its guide and API reference disagree, both forms are read.

export const MONXA_CHANNEL_CODES = ["store_alfamart", "store_indomaret"] as const;
export type MonxaChannelCode = (typeof MONXA_CHANNEL_CODES)[number];
export const MONXA_CHANNELS: Record<Store, MonxaChannelCode> = {
  alfamart: "store_alfamart",
  indomaret: "store_indomaret",
};
export const MONXA_STORE_OF_CHANNEL: Record<MonxaChannelCode, Store> = {
  store_alfamart: "alfamart",
  store_indomaret: "indomaret",
};

/**
 * The C-store guide says `amount` is an IDR integer; the API reference says "minor units"
 * (hundredths of a rupiah). Which one the account speaks is configuration (MONXA_AMOUNT_UNIT).
 */
export type MonxaAmountUnit = "idr" | "minor";

/** Both event names the docs use for a payment; they mean the same thing. */
export type MonxaPaidEvent = "charge.succeeded" | "charge.completed";

/** The dashboard's callback token arrives in this header on every webhook. */
export const MONXA_CALLBACK_TOKEN_HEADER = "x-callback-token";

export interface MonxaChargeRequest {
  amount: number;
  currency: "IDR";
  reference_id: string;
  channel_code: MonxaChannelCode;
  channel_properties: { customer_name: string };
  metadata?: Record<string, string>;
  description?: string;
}

/** An ISO-8601 instant that names its zone: a deadline without one cannot be shown in WIB. */
const instant = z.iso.datetime({ offset: true });

/**
 * A charge as the status API shows it. `status` is "pending" in the guide, "PENDING" in the
 * reference. `amount` is read as it comes (see readMonxaAmount): a string or a fraction there is
 * a conflict to show the merchant, not a reason to drop the whole answer.
 */
export const monxaChargeStatusSchema = z
  .object({
    id: z.string().min(1),
    status: z.string().min(1),
    amount: z.unknown().optional(),
    /** The webhooks page shows a human-readable copy beside `amount`: "2563932.00". */
    amount_str: z.unknown().optional(),
    currency: z.string().optional(),
    reference_id: z.string().optional(),
    channel_code: z.string().optional(),
    created_at: z.string().optional(),
    paid_at: instant.nullish(),
  })
  .loose();

/** The create answer: the same charge, with the code to present to the customer and its deadline. */
export const monxaChargeSchema = monxaChargeStatusSchema.extend({
  actions: z
    .object({
      type: z.string().optional(),
      display_code: z.string().min(1),
      instructions: z.unknown().optional(),
      expires_at: instant,
    })
    .loose(),
});

/** Monxa's error body. The docs name the codes but not the envelope; this is the one we assume. */
export const monxaErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }).loose(),
});

const monxaEventDataSchema = z
  .object({
    id: z.string().min(1),
    reference_id: z.string().min(1),
    amount: z.unknown().optional(),
    amount_str: z.unknown().optional(),
    currency: z.string().optional(),
    status: z.string().optional(),
    channel_code: z.string().optional(),
    paid_at: instant.nullish(),
  })
  .loose();

/**
 * The two envelopes Monxa's pages show for the same events: `{ id: "evt_…", type, data,
 * created_at }` in the C-store guide, `{ event, data }` on the webhooks page. Both are read into
 * one shape; which one arrived does not change what it means.
 */
export const monxaWebhookSchema = z.union([
  z
    .object({ id: z.string().min(1), type: z.string().min(1), data: monxaEventDataSchema, created_at: instant.optional() })
    .loose()
    .transform((body) => ({ eventType: body.type, data: body.data, createdAt: body.created_at })),
  z
    .object({ event: z.string().min(1), data: monxaEventDataSchema, created_at: instant.optional() })
    .loose()
    .transform((body) => ({ eventType: body.event, data: body.data, createdAt: body.created_at })),
]);
/** A webhook body as Monxa sends it, in either envelope. */
export type MonxaWebhook = z.input<typeof monxaWebhookSchema>;

/** Rupiah → the number Monxa expects in `amount`. */
export function toMonxaAmount(rupiah: number, unit: MonxaAmountUnit): number {
  return unit === "minor" ? rupiah * 100 : rupiah;
}

/** What Monxa's amount fields say in rupiah, or why they cannot be trusted. */
export type MonxaAmountReading = { amount?: number; amountConflict?: undefined } | { amount?: undefined; amountConflict: string };

const AMOUNT_STR = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Monxa's `amount` (in the configured unit) → whole rupiah, cross-checked against `amount_str`
 * ("2563932.00", rupiah with two decimals) when Monxa sends it. Whatever the unit, a string, a
 * fraction, a minor-unit amount with cents, or an `amount_str` that says another sum is a
 * conflict: no amount is reported, and the text tells the merchant what Monxa sent. The
 * cross-check is also what catches a MONXA_AMOUNT_UNIT that does not match the account.
 */
export function readMonxaAmount(amount: unknown, amountStr: unknown, unit: MonxaAmountUnit): MonxaAmountReading {
  if (amount === undefined || amount === null) {
    return amountStr === undefined || amountStr === null
      ? {}
      : { amountConflict: `Monxa sent amount_str ${JSON.stringify(amountStr)} without an amount` };
  }
  if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount < 0) {
    return { amountConflict: `Monxa's amount ${JSON.stringify(amount)} is not a whole number` };
  }
  const unitName = unit === "minor" ? "minor units" : "rupiah";
  if (unit === "minor" && amount % 100 !== 0) {
    return { amountConflict: `Monxa's amount ${amount} (minor units) is not a whole number of rupiah` };
  }
  const rupiah = unit === "minor" ? amount / 100 : amount;
  if (amountStr === undefined || amountStr === null) return { amount: rupiah };
  const match = typeof amountStr === "string" ? AMOUNT_STR.exec(amountStr.trim()) : null;
  if (!match?.[1]) {
    return { amountConflict: `Monxa's amount_str ${JSON.stringify(amountStr)} is not a rupiah amount like "2563932.00"` };
  }
  // Compared in hundredths, so "2563932.50" can never pass for 2563932.
  const statedHundredths = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(statedHundredths) || statedHundredths !== rupiah * 100) {
    return {
      amountConflict:
        `Monxa's amount ${amount} (read as ${unitName}: Rp ${rupiah}) disagrees with its amount_str "${amountStr}"; ` +
        "check MONXA_AMOUNT_UNIT and the payment in Monxa's dashboard",
    };
  }
  return { amount: rupiah };
}
