import { z } from "zod";

// Martis Core API, payment charges — the shapes on the wire. Martis answers in JSend:
// { status: "success", data } | { status: "fail", data: { field: [messages] } } (4xx) |
// { status: "error", message } (5xx).
// https://docs-staging.martis.id/api/charges, …/errors, …/idempotency, …/webhooks
//
// Not published by Martis, and therefore assumptions (see README):
// - the store payment code is returned in `data.payment_code`;
// - the webhook envelope is { id: "evt_…", event, data: <charge object>, created_at }.

export const MARTIS_CHARGES_PATH = "/api/v1/payments/charges";
export const MARTIS_CLIENT_REFERENCE_MAX = 50;
export const MARTIS_DESCRIPTION_MAX = 255;
/** Martis' docs cut off before the maximum; 255 is the common limit and the one we enforce. */
export const MARTIS_IDEMPOTENCY_KEY_MAX = 255;
export const MARTIS_EVENTS = [
  "payment_charge.created",
  "payment_charge.update",
  "payment_charge.succeeded",
  "payment_charge.failed",
] as const;
export type MartisEvent = (typeof MARTIS_EVENTS)[number];

export interface MartisChargeRequest {
  payment_method: string;
  channel: string;
  amount: number;
  currency: "idr";
  customer_details: { name: string; email: string; phone_number: string };
  client_reference_id: string;
  /** ISO-8601 instant. */
  expires_at: string;
  items: { name: string; price: number; quantity: number }[];
  description: string;
}

/** Martis documents money as "decimal": a JSON number or a numeric string (the fee; amounts are read strictly). */
const decimal = z.union([z.number(), z.string()]).transform((value, context) => {
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number)) {
    context.addIssue({ code: "custom", message: "not a decimal" });
    return z.NEVER;
  }
  return number;
});

export const martisChargeSchema = z
  .object({
    id: z.string().min(1),
    status: z.string().min(1),
    payment_method: z.string().optional(),
    channel: z.string().optional(),
    currency: z.string().optional(),
    /** Read by readRupiahAmount: a fraction or a non-number is a conflict, not a bad document. */
    amount: z.union([z.number(), z.string()]).optional(),
    fee: decimal.nullish(),
    client_reference_id: z.string().nullish(),
    payment_code: z.string().nullish(),
    payment_url: z.string().nullish(),
    qr_code_url: z.string().nullish(),
    expires_at: z.string().nullish(),
    paid_at: z.string().nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  })
  .loose();
export type MartisCharge = z.infer<typeof martisChargeSchema>;

export const martisSuccessSchema = z.object({ status: z.literal("success"), data: martisChargeSchema }).loose();

/** 4xx: field → messages (a lone string is tolerated). */
export const martisFailSchema = z
  .object({ status: z.literal("fail"), data: z.record(z.string(), z.union([z.array(z.string()), z.string()])) })
  .loose();
export type MartisFail = z.infer<typeof martisFailSchema>;

/** 5xx. */
export const martisErrorSchema = z.object({ status: z.literal("error"), message: z.string() }).loose();

export const martisWebhookSchema = z
  .object({
    id: z.string().min(1).optional(),
    event: z.string().min(1),
    data: martisChargeSchema,
    created_at: z.string().optional(),
  })
  .loose();
export type MartisWebhook = z.infer<typeof martisWebhookSchema>;

/** Martis datetimes are ISO-8601 with a zone; anything else is not trusted as an instant. */
export function parseMartisTime(text: string | null | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** 162500 → "162500.00", how the simulator writes Martis decimals. */
export function formatMartisDecimal(amount: number): string {
  return amount.toFixed(2);
}

/** "channel: The selected channel is invalid.; amount: …" for logs and the merchant. */
export function describeFail(fail: MartisFail): string {
  return Object.entries(fail.data)
    .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(", ") : messages}`)
    .join("; ");
}
