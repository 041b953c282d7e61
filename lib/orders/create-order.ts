import { log } from "@/lib/log.mjs";
import type { Tx } from "@/lib/db/client";
import { type OrderStatus, type Store } from "@/lib/domain";
import type { ProviderId } from "@/lib/providers/catalog";
import { newId, newPublicId, newReadableCode } from "@/lib/ids";
import { paymentUrl } from "@/lib/payment-page/payment-url";
import { err, ok, type Result } from "@/lib/result";
import { addMinutes } from "@/lib/time";
import { isUniqueViolation } from "@/lib/db/errors";
import type { OrderDeps } from "./deps";
import { hashOrderRequest, issueCharge, type FailedAttempt, type IssueError, type SucceededAttempt } from "./issue-charge";
import type { Locale } from "@/lib/i18n/catalog";
import type { CustomerInput } from "./order-input";
import { recordOrderEvent } from "./timeline";
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

  const existing = await deps.db.order.findUnique({
    where: { reference },
    include: { items: { orderBy: { position: "asc" } }, charges: { orderBy: { attempt: "asc" } } },
  });
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
      await tx.order.create({
        data: {
          id: orderId,
          publicId,
          reference,
          status: "pending",
          amount,
          store: input.store,
          source: input.source,
          customerName: input.customer.name,
          customerEmail: input.customer.email,
          customerPhone: input.customer.phone,
          description,
          expiryMinutes,
          returnUrl: input.returnUrl ?? null,
          locale: input.locale ?? "id",
          createdAt: now,
          items: {
            create: input.items.map((item, position) => ({
              position,
              sku: item.sku ?? null,
              name: item.name,
              unitPrice: item.unitPrice,
              quantity: item.quantity,
            })),
          },
        },
      });
      await recordOrderEvent(tx, {
        orderId,
        at: now,
        type: "order_created",
        toStatus: "pending",
        params: { source: input.source, amount, store: input.store },
      });
      await storeAttempts(tx, { orderId, store: input.store, amount, failures, issued });
      await tx.chargeRequest.deleteMany({ where: { orderReference: reference } });
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
 * Stores the failed attempts (their codes may exist at the provider, so a late payment on one
 * can still be matched) and the issued charge, each with a timeline entry.
 */
export async function storeAttempts(
  tx: Tx,
  args: { orderId: string; store: Store; amount: number; failures: FailedAttempt[]; issued: SucceededAttempt },
): Promise<void> {
  const { orderId, store, amount, failures, issued } = args;
  for (const failure of failures) {
    await tx.charge.create({
      data: {
        id: failure.chargeId,
        orderId,
        attempt: failure.attempt,
        provider: failure.provider,
        store,
        reference: failure.reference,
        idempotencyKey: failure.idempotencyKey,
        status: "not_issued",
        amount,
        failureReason: failure.error.message,
        createdAt: failure.startedAt,
      },
    });
    await recordOrderEvent(tx, {
      orderId,
      at: failure.startedAt,
      chargeId: failure.chargeId,
      type: "charge_attempt_failed",
      params: { provider: failure.provider, kind: failure.error.kind, httpStatus: failure.error.httpStatus ?? null, detail: failure.error.message },
    });
  }
  const charge = issued.issued;
  await tx.charge.create({
    data: {
      id: issued.chargeId,
      orderId,
      attempt: issued.attempt,
      provider: issued.provider,
      store,
      reference: issued.reference,
      idempotencyKey: issued.idempotencyKey,
      status: "pending",
      amount,
      providerChargeId: charge.providerChargeId,
      paymentCode: charge.paymentCode,
      expiresAt: charge.expiresAt,
      providerStatus: charge.providerStatus,
      createdAt: issued.startedAt,
    },
  });
  await recordOrderEvent(tx, {
    orderId,
    at: issued.startedAt,
    chargeId: issued.chargeId,
    type: "charge_issued",
    params: { provider: issued.provider, providerChargeId: charge.providerChargeId, paymentCode: charge.paymentCode, expiresAt: charge.expiresAt.toISOString() },
  });
  // How the code was issued, in the adapter's words for the merchant (e.g. a response signature
  // that did not match on a code the provider did issue).
  for (const note of charge.notes ?? []) {
    await recordOrderEvent(tx, {
      orderId,
      at: issued.startedAt,
      chargeId: issued.chargeId,
      type: "issue_note",
      params: { provider: issued.provider, detail: note },
    });
  }
}
