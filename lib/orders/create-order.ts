import { log } from "@/lib/log.mjs";
import type { Db, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/prisma/client";
import { type OrderStatus, type Store } from "@/lib/domain";
import type { ProviderId } from "@/lib/providers/catalog";
import { newId, newPublicId, newReadableCode } from "@/lib/ids";
import { paymentUrl } from "@/lib/payment-page/payment-url";
import { err, ok, type Result } from "@/lib/result";
import { addMinutes } from "@/lib/time";
import { isUniqueViolation } from "@/lib/db/errors";
import type { OrderDeps } from "./deps";
import { hashOrderRequest, issueCharge, type EarlierCall, type FailedAttempt, type IssueError, type SucceededAttempt } from "./issue-charge";
import type { Locale } from "@/lib/i18n/catalog";
import type { CustomerInput } from "./order-input";
import { recordOrderEvents, type OrderEventInput } from "./timeline";
import { currentChargeOf } from "./charges";

// Creating an order: the one use case behind the shop's checkout and POST /api/v1/orders.
// The providers are asked first; the order, every attempt and the issued code are then stored in
// one transaction, so an order never exists without a code the shopper can pay.

export interface NewOrderItem {
  sku?: string | null;
  name: string;
  unitPrice: number;
  quantity: number;
}

export interface NewOrder {
  /** The merchant's reference; the shop makes one up when absent. */
  reference?: string;
  store: Store;
  customer: CustomerInput;
  items: NewOrderItem[];
  description?: string;
  expiryMinutes?: number;
  /** Where the shopper goes back to the merchant. */
  returnUrl?: string;
  /** The shopper's language, for their emails. Default Indonesian. */
  locale?: Locale;
  source: "shop" | "api";
  /** Test mode only: issue the code at this provider. */
  provider?: ProviderId;
}

export interface CreatedOrder {
  /** True when the order already existed and this was the same request again. */
  replayed: boolean;
  id: string;
  publicId: string;
  reference: string;
  status: OrderStatus;
  amount: number;
  store: Store;
  provider: ProviderId;
  paymentCode: string;
  expiresAt: Date;
  paymentUrl: string;
  createdAt: Date;
}

export type OrderError =
  | IssueError
  | { code: "duplicate_reference"; message: string }
  | { code: "provider_choice_not_allowed"; message: string };

/** A shop order number a shopper can read out: GR-20261122-7KQ2MX. */
export function newShopReference(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  return `GR-${day}-${newReadableCode(6)}`;
}

export async function createOrder(deps: OrderDeps, input: NewOrder): Promise<Result<CreatedOrder, OrderError>> {
  if (input.provider && !deps.allowProviderChoice) {
    return err({ code: "provider_choice_not_allowed", message: "Choosing a provider is only possible in test mode." });
  }
  const now = deps.now();
  const reference = input.reference ?? newShopReference(now);
  const amount = input.items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);
  const expiryMinutes = input.expiryMinutes ?? deps.defaultExpiryMinutes;
  const description = input.description ?? `Order ${reference} at ${deps.merchantName}`;

  const { existingId, earlier } = await findReferenceUse(deps.db, reference);
  const existing =
    existingId &&
    (await deps.db.order.findUnique({
      where: { id: existingId },
      include: { items: { orderBy: { position: "asc" } }, charges: { orderBy: { attempt: "asc" } } },
    }));
  if (existing) {
    // The same order sent again (its answer was lost on the way back) gets the same answer;
    // another order under a reference already used is refused.
    const askedFor = { store: input.store, amount, description, customer: input.customer, items: input.items };
    const stored = {
      store: existing.store,
      amount: existing.amount,
      description: existing.description,
      customer: { name: existing.customerName, email: existing.customerEmail, phone: existing.customerPhone },
      items: existing.items,
    };
    const current = currentChargeOf(existing.charges);
    const same =
      existing.source === input.source &&
      existing.expiryMinutes === expiryMinutes &&
      hashOrderRequest(askedFor, deps.merchantName) === hashOrderRequest(stored, deps.merchantName);
    if (!same || !current?.paymentCode || !current.expiresAt) {
      return err({ code: "duplicate_reference", message: `An order with reference ${reference} already exists.` });
    }
    return ok({
      replayed: true,
      id: existing.id,
      publicId: existing.publicId,
      reference,
      status: existing.status,
      amount,
      store: existing.store,
      provider: current.provider as ProviderId,
      paymentCode: current.paymentCode,
      expiresAt: current.expiresAt,
      paymentUrl: paymentUrl(deps.appUrl, existing.publicId),
      createdAt: existing.createdAt,
    });
  }

  const result = await issueCharge(deps, {
    orderReference: reference,
    earlier,
    firstAttempt: 1,
    store: input.store,
    amount,
    expiresAt: addMinutes(now, expiryMinutes),
    customer: input.customer,
    items: input.items,
    description,
    only: input.provider,
  });
  if (!result.ok) return err(result.error);

  const orderId = newId("ord");
  const publicId = newPublicId();
  const { issued, failures } = result;
  try {
    await deps.db.$transaction(async (tx) => {
      await insertOrder(tx, { id: orderId, publicId, reference, amount, description, expiryMinutes, createdAt: now, input });
      const created: OrderEventInput = { orderId, at: now, type: "order_created", toStatus: "pending", params: { source: input.source, amount, store: input.store } };
      await recordOrderEvents(tx, [created, ...(await storeAttempts(tx, { orderId, store: input.store, amount, failures, issued }))]);
      await forgetCalls(tx, reference);
    });
  } catch (error) {
    // Two requests raced with one reference; the loser's code is never shown (its call stays
    // written down in ChargeRequest).
    if (isUniqueViolation(error)) {
      return err({ code: "duplicate_reference", message: `An order with reference ${reference} already exists.` });
    }
    throw error;
  }

  log.info({ orderId, reference, provider: issued.provider, store: input.store, failedOver: failures.length }, "order created");
  return ok({
    replayed: false,
    id: orderId,
    publicId,
    reference,
    status: "pending",
    amount,
    store: input.store,
    provider: issued.provider,
    paymentCode: issued.issued.paymentCode,
    expiresAt: issued.issued.expiresAt,
    paymentUrl: paymentUrl(deps.appUrl, publicId),
    createdAt: now,
  });
}

/**
 * Whether an order already has this reference, and the calls already made for it (a repeat of a
 * lost one gets its code back): one statement before the provider is asked.
 */
async function findReferenceUse(db: Db, reference: string): Promise<{ existingId: string | null; earlier: EarlierCall[] }> {
  const rows = await db.$queryRaw<(Omit<EarlierCall, "id"> & { id: string | null; existingId: string | null })[]>`
    SELECT o.id AS "existingId", c.id, c.attempt, c.provider, c.reference, c."idempotencyKey", c."requestHash", c."sentAt", c."expiresAt", c."failureKind", c."failureReason"
    FROM (SELECT ${reference}::text AS reference) AS asked
    LEFT JOIN "Order" o ON o.reference = asked.reference
    LEFT JOIN "ChargeRequest" c ON c."orderReference" = asked.reference
    ORDER BY c.attempt`;
  const earlier = rows.flatMap(({ existingId: _, id, ...call }) => (id === null ? [] : [{ id, ...call }]));
  return { existingId: rows[0]?.existingId ?? null, earlier };
}

/** The order and its items, in one statement. */
async function insertOrder(
  tx: Tx,
  order: { id: string; publicId: string; reference: string; amount: number; description: string; expiryMinutes: number; createdAt: Date; input: NewOrder },
): Promise<void> {
  const { input } = order;
  const items = input.items.map(
    (item, position) => Prisma.sql`(${newId("itm")}, ${position}::int, ${item.sku ?? null}::text, ${item.name}, ${item.unitPrice}::int, ${item.quantity}::int)`,
  );
  await tx.$executeRaw`
    WITH created AS (
      INSERT INTO "Order" (id, "publicId", reference, status, amount, store, source, "customerName", "customerEmail", "customerPhone", description, "expiryMinutes", "returnUrl", locale, "createdAt", "updatedAt")
      VALUES (${order.id}, ${order.publicId}, ${order.reference}, 'pending', ${order.amount}, ${input.store}::"Store", ${input.source}, ${input.customer.name}, ${input.customer.email},
        ${input.customer.phone}, ${order.description}, ${order.expiryMinutes}, ${input.returnUrl ?? null}, ${input.locale ?? "id"}, ${order.createdAt}, now())
      RETURNING id
    )
    INSERT INTO "OrderItem" (id, "orderId", position, sku, name, "unitPrice", quantity)
    SELECT item.id, created.id, item.position, item.sku, item.name, item."unitPrice", item.quantity
    FROM created, (VALUES ${Prisma.join(items)}) AS item (id, position, sku, name, "unitPrice", quantity)`;
}

/** The order's calls are its charges now: their records go in the same transaction. */
export async function forgetCalls(tx: Tx, orderReference: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM "ChargeRequest" WHERE "orderReference" = ${orderReference}`;
}

/**
 * Stores the failed attempts (their codes may exist at the provider, so a late payment on one
 * can still be matched) and the issued charge, in one statement; answers their timeline entries
 * for the caller to record with its own.
 */
export async function storeAttempts(
  tx: Tx,
  args: { orderId: string; store: Store; amount: number; failures: FailedAttempt[]; issued: SucceededAttempt },
): Promise<OrderEventInput[]> {
  const { orderId, store, amount, failures, issued } = args;
  const charge = issued.issued;
  const rows = [
    ...failures.map(
      (failure) =>
        Prisma.sql`(${failure.chargeId}, ${failure.attempt}::int, ${failure.provider}, ${failure.reference}, ${failure.idempotencyKey}, 'not_issued'::"ChargeStatus", ${failure.error.message}::text,
          NULL::text, NULL::text, NULL::timestamp, NULL::text, ${failure.startedAt}::timestamp)`,
    ),
    Prisma.sql`(${issued.chargeId}, ${issued.attempt}::int, ${issued.provider}, ${issued.reference}, ${issued.idempotencyKey}, 'pending'::"ChargeStatus", NULL::text,
      ${charge.providerChargeId}::text, ${charge.paymentCode}::text, ${charge.expiresAt}::timestamp, ${charge.providerStatus}::text, ${issued.startedAt}::timestamp)`,
  ];
  await tx.$executeRaw`
    INSERT INTO "Charge" (id, "orderId", attempt, provider, store, reference, "idempotencyKey", status, amount, "failureReason", "providerChargeId", "paymentCode", "expiresAt", "providerStatus", "createdAt", "updatedAt")
    SELECT c.id, ${orderId}, c.attempt, c.provider, ${store}::"Store", c.reference, c."idempotencyKey", c.status, ${amount}, c."failureReason", c."providerChargeId", c."paymentCode", c."expiresAt", c."providerStatus", c."createdAt", now()
    FROM (VALUES ${Prisma.join(rows)}) AS c (id, attempt, provider, reference, "idempotencyKey", status, "failureReason", "providerChargeId", "paymentCode", "expiresAt", "providerStatus", "createdAt")`;
  return [
    ...failures.map(
      (failure): OrderEventInput => ({
        orderId,
        at: failure.startedAt,
        chargeId: failure.chargeId,
        type: "charge_attempt_failed",
        params: { provider: failure.provider, kind: failure.error.kind, httpStatus: failure.error.httpStatus ?? null, detail: failure.error.message },
      }),
    ),
    {
      orderId,
      at: issued.startedAt,
      chargeId: issued.chargeId,
      type: "charge_issued",
      params: { provider: issued.provider, providerChargeId: charge.providerChargeId, paymentCode: charge.paymentCode, expiresAt: charge.expiresAt.toISOString() },
    },
    // How the code was issued, in the adapter's words for the merchant (e.g. a response signature
    // that did not match on a code the provider did issue).
    ...(charge.notes ?? []).map(
      (note): OrderEventInput => ({ orderId, at: issued.startedAt, chargeId: issued.chargeId, type: "issue_note", params: { provider: issued.provider, detail: note } }),
    ),
  ];
}
