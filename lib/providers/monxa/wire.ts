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

/** A charge as the status API shows it. `status` is "pending" in the guide, "PENDING" in the reference. */
export const monxaChargeStatusSchema = z
  .object({
    id: z.string().min(1),
    status: z.string().min(1),
    amount: z.number().optional(),
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

export const monxaWebhookSchema = z
  .object({
    id: z.string().min(1),
    type: z.string().min(1),
    data: z
      .object({
        id: z.string().min(1),
        reference_id: z.string().min(1),
        amount: z.number().optional(),
        currency: z.string().optional(),
        status: z.string().optional(),
        channel_code: z.string().optional(),
        paid_at: instant.nullish(),
      })
      .loose(),
    created_at: instant.optional(),
  })
  .loose();
export type MonxaWebhook = z.infer<typeof monxaWebhookSchema>;

/** Rupiah → the number Monxa expects in `amount`. */
export function toMonxaAmount(rupiah: number, unit: MonxaAmountUnit): number {
  return unit === "minor" ? rupiah * 100 : rupiah;
}

/** Monxa's `amount` → rupiah (IDR has no cents in use, so minor units are rounded away). */
export function fromMonxaAmount(amount: number | undefined, unit: MonxaAmountUnit): number | undefined {
  if (amount === undefined || !Number.isFinite(amount)) return undefined;
  return unit === "minor" ? Math.round(amount / 100) : Math.round(amount);
}
