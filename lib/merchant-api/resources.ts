import { z } from "zod";
import "zod-openapi";
import { ORDER_STATUSES, STORES } from "@/lib/domain";
import { LOCALES } from "@/lib/i18n/catalog";
import { ORDER_NOTIFICATION_TYPES } from "@/lib/orders/order-notifications";
import { CHARGE_STATUSES } from "@/lib/orders/charge-status";
import { PROVIDER_IDS } from "@/lib/providers/catalog";

// What the merchant API answers, as zod schemas: the code that builds each answer is typed by
// them (a field added to one and not the other does not compile), and the OpenAPI document is
// generated from them (openapi.ts).

/** Every `error.type` the API answers with. */
export const API_ERROR_TYPES = [
  "authentication_required",
  "wrong_mode",
  "invalid_json",
  "invalid_request",
  "not_found",
  "duplicate_reference",
  "request_in_progress",
  "idempotency_key_in_use",
  "cannot_cancel",
  "cannot_renew",
  "amount_out_of_range",
  "store_not_supported",
  "payment_rejected",
  "rate_limited",
  "providers_unavailable",
] as const;
export type ApiErrorType = (typeof API_ERROR_TYPES)[number];

export const apiErrorSchema = z
  .object({
    error: z.object({
      type: z.enum(API_ERROR_TYPES),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Messages per field path, for `invalid_request`." }),
    }),
  })
  .meta({ id: "Error" });

const instant = z.iso.datetime({ offset: true });

export const createdOrderSchema = z
  .object({
    id: z.string().meta({ example: "ord_7WP9PUbBguYeueG83rWx" }),
    reference: z.string(),
    status: z.enum(ORDER_STATUSES),
    amount: z.number().int().meta({ description: "Rupiah, whole." }),
    currency: z.literal("IDR"),
    store: z.enum(STORES),
    provider: z.enum(PROVIDER_IDS),
    payment_code: z.string(),
    expires_at: instant,
    payment_url: z.url().meta({ description: "Send the shopper here." }),
    created_at: instant,
  })
  .meta({ id: "CreatedOrder" });

export const orderResourceSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(ORDER_STATUSES),
    amount: z.number().int(),
    currency: z.string(),
    store: z.enum(STORES),
    provider: z.enum(PROVIDER_IDS).nullable().meta({ description: "Who issued the current code." }),
    payment_code: z.string().nullable(),
    expires_at: instant.nullable(),
    payment_url: z.url(),
    return_url: z.url().nullable(),
    locale: z.enum(LOCALES).meta({ description: "The shopper's language for their emails." }),
    paid_at: instant.nullable(),
    needs_attention: z.boolean(),
    amount_received: z.number().int().meta({ description: "What the providers confirmed (less than `amount` when underpaid)." }),
    refund_due: z.number().int().meta({ description: "Owed back to the shopper: an overpayment or a second payment." }),
    created_at: instant,
    customer: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    items: z.array(z.object({ sku: z.string().nullable(), name: z.string(), unit_price: z.number().int(), quantity: z.number().int() })),
    charges: z.array(
      z.object({
        attempt: z.number().int(),
        provider: z.string(),
        status: z.enum(CHARGE_STATUSES),
        payment_code: z.string().nullable(),
        expires_at: instant.nullable(),
        paid_at: instant.nullable(),
        paid_amount: z.number().int().nullable(),
        failure_reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "Order" });
export type OrderResource = z.infer<typeof orderResourceSchema>;

export const orderListSchema = z
  .object({ data: z.array(orderResourceSchema), next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }) })
  .meta({ id: "OrderList" });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.url(),
    description: z.string().nullable(),
    event_types: z.array(z.enum(ORDER_NOTIFICATION_TYPES)),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().meta({ description: "Set when Gerai switched the endpoint off." }),
    disabled_at: instant.nullable(),
    created_at: instant,
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpointResource = z.infer<typeof webhookEndpointSchema>;

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: "The signing secret (whsec_…): shown this once." }) })
  .meta({ id: "CreatedWebhookEndpoint" });

export const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointSchema) }).meta({ id: "WebhookEndpointList" });
