import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { ORDER_STATUSES, STORES, type ProviderId } from "@/lib/domain";
import { PROVIDER_IDS } from "@/lib/providers/catalog";
import { isLocale } from "@/lib/i18n/catalog";
import { ORDER_ID_PATTERN } from "@/lib/ids";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { createOrder, type OrderError } from "@/lib/orders/create-order";
import { paymentUrl } from "@/lib/payment-page/payment-url";
import { renewPaymentCode } from "@/lib/orders/renew-code";
import type { OrderDeps } from "@/lib/orders/deps";
import { apiOrderSchema, fieldErrors } from "@/lib/orders/order-input";
import { refuseOverLimit, type Limiter } from "@/lib/rate-limit/limiter";
import { apiActorName, authenticateApiRequest, modeRefusal, type ApiAuth } from "./api-keys";
import { withIdempotencyKey } from "./idempotency-key";
import type { ApiErrorType, createdOrderSchema, OrderResource } from "./resources";
import type { ChargeStatus } from "@/lib/orders/charge-status";
import { currentChargeOf, paymentTotals } from "@/lib/orders/charges";

// The merchant REST API: POST /api/v1/orders and GET /api/v1/orders/{id}. Same use case as
// the shop's checkout. Errors are JSON with a stable `type`, a sentence, and field messages.


/** Anything but one of our order ids in the URL names no order. */
const orderIdSchema = z.string().regex(ORDER_ID_PATTERN);

export function apiError(status: number, type: ApiErrorType, message: string, fields?: Record<string, string[]>) {
  return Response.json({ error: { type, message, ...(fields ? { fields } : {}) } }, { status });
}


export const UNAUTHORIZED = () =>
  apiError(401, "authentication_required", "Send your secret key as `Authorization: Bearer <key>`.");


/** Every authenticated request counts against the key's order limit, valid or not. */
export async function createOrderFromApi(deps: OrderDeps, auth: ApiAuth, request: Request, ordersLimit: Limiter): Promise<Response> {
  const caller = await authenticateApiRequest(request, auth);
  if (!caller) return UNAUTHORIZED();
  const tooMany = await refuseOverLimit(ordersLimit, caller.limitKey);
  if (tooMany) return tooMany;
  const wrongMode = modeRefusal(caller, auth);
  if (wrongMode) return apiError(403, "wrong_mode", wrongMode);
  const text = await request.text();
  return withIdempotencyKey(
    deps.db,
    { scope: caller.limitKey, key: request.headers.get("idempotency-key"), requestText: text, now: deps.now() },
    () => createOrderFromText(deps, text),
    (refusal) => apiError(refusal.status, refusal.type, refusal.message),
  );
}

async function createOrderFromText(deps: OrderDeps, text: string): Promise<Response> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return apiError(400, "invalid_json", "The request body must be JSON.");
  }
  const parsed = apiOrderSchema.safeParse(body);
  if (!parsed.success) {
    return apiError(422, "invalid_request", "The order has errors; see `fields`.", fieldErrors(parsed.error));
  }
  const input = parsed.data;
  const result = await createOrder(deps, {
    reference: input.reference,
    store: input.store,
    customer: input.customer,
    items: input.items.map((item) => ({ sku: item.sku, name: item.name, unitPrice: item.unit_price, quantity: item.quantity })),
    description: input.description,
    expiryMinutes: input.expires_in_minutes,
    returnUrl: input.return_url,
    locale: input.locale,
    source: "api",
  });
  if (!result.ok) return orderErrorResponse(result.error);
  const order = result.value;
  return Response.json(
    {
      id: order.id,
      reference: order.reference,
      status: order.status,
      amount: order.amount,
      currency: "IDR",
      store: order.store,
      provider: order.provider,
      payment_code: order.paymentCode,
      expires_at: order.expiresAt.toISOString(),
      payment_url: order.paymentUrl,
      created_at: order.createdAt.toISOString(),
    } satisfies z.infer<typeof createdOrderSchema>,
    // 200 for the same order sent again: nothing new was created.
    { status: order.replayed ? 200 : 201, headers: { Location: `/api/v1/orders/${order.id}` } },
  );
}

function orderErrorResponse(error: OrderError): Response {
  switch (error.code) {
    case "duplicate_reference":
      return apiError(409, "duplicate_reference", error.message, { reference: [error.message] });
    case "amount_out_of_range":
      return apiError(422, "amount_out_of_range", error.message, { items: [error.message] });
    case "store_not_supported":
      return apiError(422, "store_not_supported", error.message, { store: [error.message] });
    case "provider_rejected":
      return apiError(422, "payment_rejected", `${error.provider} refused the payment code: ${error.message}`);
    case "providers_unavailable":
      return apiError(503, "providers_unavailable", error.message);
    case "request_in_progress":
      return apiError(409, "request_in_progress", error.message);
    case "provider_choice_not_allowed":
      return apiError(422, "invalid_request", error.message);
  }
}

export async function getOrderForApi(db: Db, appUrl: string, auth: ApiAuth, request: Request, id: string): Promise<Response> {
  if (!(await authenticateApiRequest(request, auth))) return UNAUTHORIZED();
  if (!orderIdSchema.safeParse(id).success) return apiError(404, "not_found", "No order has this id.");
  const order = await findOrderResource(db, appUrl, id);
  if (!order) return apiError(404, "not_found", `No order ${id}.`);
  return Response.json(order);
}

const ORDER_INCLUDE = { items: { orderBy: { position: "asc" } }, charges: { orderBy: { attempt: "asc" } } } as const;
type OrderWithParts = Prisma.OrderGetPayload<{ include: typeof ORDER_INCLUDE }>;

/** An order as the API shows it (GET /api/v1/orders/{id}, and the data of every webhook event). */
export async function findOrderResource(db: Db, appUrl: string, id: string) {
  const order = await db.order.findUnique({ where: { id }, include: ORDER_INCLUDE });
  return order ? orderResource(order, appUrl) : undefined;
}

function orderResource(order: OrderWithParts, appUrl: string): OrderResource {
  const current = currentChargeOf(order.charges);
  const payments = paymentTotals(order, order.charges);
  return {
    id: order.id,
    reference: order.reference,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    store: order.store,
    provider: (current?.provider as ProviderId | undefined) ?? null,
    payment_code: current?.paymentCode ?? null,
    expires_at: current?.expiresAt?.toISOString() ?? null,
    payment_url: paymentUrl(appUrl, order.publicId),
    return_url: order.returnUrl,
    locale: isLocale(order.locale) ? order.locale : "id",
    paid_at: order.paidAt?.toISOString() ?? null,
    needs_attention: order.needsAttention,
    // What the provider confirmed, which is less than `amount` on an underpaid order, and what is
    // owed back to the shopper (an overpayment, or a second payment).
    amount_received: payments.received,
    refund_due: payments.refundDue,
    created_at: order.createdAt.toISOString(),
    customer: { name: order.customerName, email: order.customerEmail, phone: order.customerPhone },
    items: order.items.map((item) => ({ sku: item.sku, name: item.name, unit_price: item.unitPrice, quantity: item.quantity })),
    charges: order.charges.map((charge) => ({
      attempt: charge.attempt,
      provider: charge.provider,
      status: charge.status as ChargeStatus,
      payment_code: charge.paymentCode,
      expires_at: charge.expiresAt?.toISOString() ?? null,
      paid_at: charge.paidAt?.toISOString() ?? null,
      paid_amount: charge.paidAmount,
      failure_reason: charge.failureReason,
    })),
  };
}

const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
export const orderListQuerySchema = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    store: z.enum(STORES).optional(),
    provider: z.enum(PROVIDER_IDS).optional(),
    reference: z.string().trim().min(1).max(64).optional(),
    created_from: z.iso.datetime({ offset: true }).optional(),
    created_to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().regex(CURSOR).optional(),
  })
  .strict();

/** The position after an order in the list (newest first): its creation time and id. */
function encodeCursor(order: { createdAt: Date; id: string }): string {
  return Buffer.from(`${order.createdAt.toISOString()}|${order.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  return id && ORDER_ID_PATTERN.test(id) && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
}

/**
 * GET /api/v1/orders: the merchant's orders, newest first, filtered, a page at a time. The
 * answer's `next_cursor` fetches the page after it (null on the last).
 */
export async function listOrdersForApi(db: Db, appUrl: string, auth: ApiAuth, request: Request): Promise<Response> {
  if (!(await authenticateApiRequest(request, auth))) return UNAUTHORIZED();
  const parsed = orderListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return apiError(422, "invalid_request", "The query has errors; see `fields`.", fieldErrors(parsed.error));
  const query = parsed.data;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) return apiError(422, "invalid_request", "This cursor was not made by Gerai.", { cursor: ["unknown cursor"] });
  const where: Prisma.OrderWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.store ? { store: query.store } : {}),
    ...(query.reference ? { reference: query.reference } : {}),
    ...(query.provider ? { charges: { some: { provider: query.provider, paymentCode: { not: null } } } } : {}),
    createdAt: { ...(query.created_from ? { gte: new Date(query.created_from) } : {}), ...(query.created_to ? { lt: new Date(query.created_to) } : {}) },
    ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
  };
  const orders = await db.order.findMany({ where, include: ORDER_INCLUDE, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = orders.slice(0, query.limit);
  return Response.json({
    data: page.map((order) => orderResource(order, appUrl)),
    next_cursor: orders.length > query.limit ? encodeCursor(page.at(-1)!) : null,
  });
}

/** POST /api/v1/orders/{id}/cancel: the order as it stands after, or why not. */
export async function cancelOrderFromApi(deps: OrderDeps, auth: ApiAuth, request: Request, id: string): Promise<Response> {
  const caller = await authenticateApiRequest(request, auth);
  if (!caller) return UNAUTHORIZED();
  const wrongMode = modeRefusal(caller, auth);
  if (wrongMode) return apiError(403, "wrong_mode", wrongMode);
  if (!orderIdSchema.safeParse(id).success) return apiError(404, "not_found", "No order has this id.");
  const result = await cancelOrder(deps, id, apiActorName(caller));
  if (!result.ok) {
    const error = result.error;
    if (error.code === "not_found") return apiError(404, "not_found", error.message);
    if (error.code === "cannot_cancel") return apiError(409, "cannot_cancel", error.message);
    return apiError(503, "providers_unavailable", `${error.error.provider} could not be reached to cancel the code: ${error.error.message}`);
  }
  return Response.json(await findOrderResource(deps.db, deps.appUrl, id));
}

/** POST /api/v1/orders/{id}/renew: a new code for an expired or failed order. */
export async function renewOrderFromApi(deps: OrderDeps, auth: ApiAuth, request: Request, id: string): Promise<Response> {
  const caller = await authenticateApiRequest(request, auth);
  if (!caller) return UNAUTHORIZED();
  const wrongMode = modeRefusal(caller, auth);
  if (wrongMode) return apiError(403, "wrong_mode", wrongMode);
  if (!orderIdSchema.safeParse(id).success) return apiError(404, "not_found", "No order has this id.");
  const order = await deps.db.order.findUnique({ where: { id }, select: { publicId: true } });
  if (!order) return apiError(404, "not_found", `No order ${id}.`);
  const result = await renewPaymentCode(deps, order.publicId, apiActorName(caller));
  if (!result.ok) {
    const error = result.error;
    if (error.code === "not_found") return apiError(404, "not_found", error.message);
    if (error.code === "cannot_renew") return apiError(409, "cannot_renew", error.message);
    return orderErrorResponse(error);
  }
  return Response.json(await findOrderResource(deps.db, deps.appUrl, id));
}
