import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { endpointInputSchema, endpointUpdateSchema } from "@/lib/merchant-webhooks/endpoints";
import { apiOrderSchema } from "@/lib/orders/order-input";
import { ORDER_NOTIFICATION_TYPES } from "@/lib/orders/order-notifications";
import { orderListQuerySchema } from "./orders";
import {
  apiErrorSchema,
  createdOrderSchema,
  createdWebhookEndpointSchema,
  orderListSchema,
  orderResourceSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  type ApiErrorType,
} from "./resources";

// The merchant API's OpenAPI 3.1 document, generated from the zod schemas that validate its
// requests (order-input.ts, the endpoints' schemas, the list query) and type its answers
// (resources.ts). Served at /api/v1/openapi.json and rendered at /docs/api. A test checks that
// every route handler under app/api/v1 and every error type is in it.

const json = <S extends z.ZodType>(schema: S) => ({ content: { "application/json": { schema } } });

/** An error answer, listing the `error.type`s it can carry (also as `x-error-types`, for tools and the test). */
function errors(description: string, types: ApiErrorType[]): ZodOpenApiResponseObject {
  return { description: `${description} (${types.map((type) => `\`${type}\``).join(", ")})`, ...json(apiErrorSchema), "x-error-types": types } as ZodOpenApiResponseObject;
}

const UNAUTHORIZED = errors("No valid secret key", ["authentication_required"]);
const WRONG_MODE = errors("A test key where the providers are real, or a live key where they are simulators", ["wrong_mode"]);
const NOT_FOUND = errors("No such resource", ["not_found"]);
const orderId = z.object({ id: z.string().meta({ description: "The order's id (ord_…).", example: "ord_7WP9PUbBguYeueG83rWx" }) });
const endpointId = z.object({ id: z.string().meta({ description: "The endpoint's id (we_…)." }) });
const idempotencyKey = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .meta({ description: "1–255 visible ASCII characters. The same key and request within 24 h get the first answer again (`Idempotent-Replayed: true`)." }),
});

const webhookEventSchema = z
  .object({
    id: z.string().meta({ description: "evt_…; also the `webhook-id` header, the same on every attempt." }),
    type: z.enum(ORDER_NOTIFICATION_TYPES),
    created_at: z.iso.datetime({ offset: true }),
    data: z.object({ order: orderResourceSchema }),
  })
  .meta({ id: "OrderEvent" });

const orderEvent: ZodOpenApiOperationObject = {
  summary: "An order changed",
  description:
    "Sent to each of your endpoints that takes the event's type, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the endpoint's secret. Answer 2xx within 10 s; anything else is retried for more than 3 days.",
  requestBody: json(webhookEventSchema),
  responses: { "200": { description: "Received" } },
};

export function createApiDocument(serverUrl: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Gerai merchant API",
      version: "1",
      description:
        "Create orders payable in cash at Alfamart and Indomaret, follow them, and hear about their changes. Authenticate with `Authorization: Bearer <secret key>`: a key made in the console (`sk_test_…` reaches only the simulators, `sk_live_…` only real providers) or the deployment's own MERCHANT_API_KEY.",
    },
    servers: [{ url: serverUrl }],
    security: [{ secretKey: [] }],
    components: { securitySchemes: { secretKey: { type: "http", scheme: "bearer", description: "Your secret API key." } } },
    paths: {
      "/api/v1/orders": {
        post: {
          operationId: "createOrder",
          summary: "Create an order and its payment code",
          description: "Routes the order to a provider, which issues the code the shopper pays at the store. Safe to retry with the same `reference` and content, or with an `Idempotency-Key`.",
          requestParams: { header: idempotencyKey },
          requestBody: json(apiOrderSchema),
          responses: {
            "201": { description: "Created", ...json(createdOrderSchema) },
            "200": { description: "The same order sent again: nothing new was created", ...json(createdOrderSchema) },
            "400": errors("The body is not JSON, or the Idempotency-Key is malformed", ["invalid_json", "invalid_request"]),
            "401": UNAUTHORIZED,
            "403": WRONG_MODE,
            "409": errors("In conflict with an earlier request", ["duplicate_reference", "request_in_progress", "idempotency_key_in_use"]),
            "422": errors("The order cannot be made", ["invalid_request", "amount_out_of_range", "store_not_supported", "payment_rejected"]),
            "429": errors("Over the key's order limit; see `Retry-After`", ["rate_limited"]),
            "503": errors("No provider could issue a code", ["providers_unavailable"]),
          },
        },
        get: {
          operationId: "listOrders",
          summary: "List orders, newest first",
          requestParams: { query: orderListQuerySchema },
          responses: {
            "200": { description: "A page of orders", ...json(orderListSchema) },
            "401": UNAUTHORIZED,
            "422": errors("A parameter is unknown or bad", ["invalid_request"]),
          },
        },
      },
      "/api/v1/orders/{id}": {
        get: {
          operationId: "getOrder",
          summary: "An order, with every code it was issued",
          requestParams: { path: orderId },
          responses: { "200": { description: "The order", ...json(orderResourceSchema) }, "401": UNAUTHORIZED, "404": NOT_FOUND },
        },
      },
      "/api/v1/orders/{id}/cancel": {
        post: {
          operationId: "cancelOrder",
          summary: "Cancel an order still waiting for its payment",
          description:
            "Where the provider documents a way to void a code (Midtrans), it is voided there; elsewhere it stays payable until its deadline, and a payment on it arrives as a late payment flagged for a refund.",
          requestParams: { path: orderId },
          responses: {
            "200": { description: "The cancelled order", ...json(orderResourceSchema) },
            "401": UNAUTHORIZED,
            "403": WRONG_MODE,
            "404": NOT_FOUND,
            "409": errors("The order is not waiting for its payment, or the provider refused", ["cannot_cancel"]),
            "503": errors("The provider could not be reached", ["providers_unavailable"]),
          },
        },
      },
      "/api/v1/orders/{id}/renew": {
        post: {
          operationId: "renewOrder",
          summary: "A new code for an expired or failed order",
          requestParams: { path: orderId },
          responses: {
            "200": { description: "The order with its new code", ...json(orderResourceSchema) },
            "401": UNAUTHORIZED,
            "403": WRONG_MODE,
            "404": NOT_FOUND,
            "409": errors("The order is not expired or failed", ["cannot_renew"]),
            "422": errors("The provider refused the code", ["amount_out_of_range", "store_not_supported", "payment_rejected", "invalid_request"]),
            "503": errors("No provider could issue a code", ["providers_unavailable"]),
          },
        },
      },
      "/api/v1/webhook-endpoints": {
        get: {
          operationId: "listWebhookEndpoints",
          summary: "Your webhook endpoints",
          responses: { "200": { description: "Every endpoint", ...json(webhookEndpointListSchema) }, "401": UNAUTHORIZED },
        },
        post: {
          operationId: "createWebhookEndpoint",
          summary: "Register an endpoint for order events",
          requestBody: json(endpointInputSchema),
          responses: {
            "201": { description: "Registered; the answer carries the signing secret, this once", ...json(createdWebhookEndpointSchema) },
            "400": errors("The body is not JSON", ["invalid_json"]),
            "401": UNAUTHORIZED,
            "422": errors("A bad field, or an address Gerai may not call", ["invalid_request"]),
          },
        },
      },
      "/api/v1/webhook-endpoints/{id}": {
        get: {
          operationId: "getWebhookEndpoint",
          summary: "One endpoint",
          requestParams: { path: endpointId },
          responses: { "200": { description: "The endpoint", ...json(webhookEndpointSchema) }, "401": UNAUTHORIZED, "404": NOT_FOUND },
        },
        patch: {
          operationId: "switchWebhookEndpoint",
          summary: "Switch an endpoint off or on",
          requestParams: { path: endpointId },
          requestBody: json(endpointUpdateSchema),
          responses: {
            "200": { description: "The endpoint", ...json(webhookEndpointSchema) },
            "400": errors("The body is not JSON", ["invalid_json"]),
            "401": UNAUTHORIZED,
            "404": NOT_FOUND,
            "422": errors("`enabled` is missing or not a boolean", ["invalid_request"]),
          },
        },
        delete: {
          operationId: "deleteWebhookEndpoint",
          summary: "Remove an endpoint",
          requestParams: { path: endpointId },
          responses: { "204": { description: "Removed" }, "401": UNAUTHORIZED, "404": NOT_FOUND },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: z.object({}).loose() } } } },
        },
      },
    },
    webhooks: Object.fromEntries(ORDER_NOTIFICATION_TYPES.map((type) => [type, { post: { ...orderEvent, operationId: `on_${type.replace(".", "_")}` } }])),
  });
}
