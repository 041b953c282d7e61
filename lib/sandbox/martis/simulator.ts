import { randomUUID } from "node:crypto";
import type { Prisma, SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { Store } from "@/lib/domain";
import { newId, newReadableCode } from "@/lib/ids";
import { cashierView, chargeData, expireOpenChargesPastDeadline, notificationUrl, readJsonBody, uniquePaymentCode } from "../charges";
import { bearerToken, sameSecret } from "../http-auth";
import { findStoredAnswer, hashRequest, storeAnswer } from "../idempotency";
import { enqueueWebhook, scheduledDelay } from "../outbox";
import { withOutage } from "../outage";
import type { CashierAction, CashierCharge, ProviderSimulator, SimulatorContext } from "../types";
import {
  CLIENT_REFERENCE_MAX,
  decimalText,
  DESCRIPTION_MAX,
  IDEMPOTENCY_KEY_MAX,
  LIMITS,
  MARTIS_PROVIDER,
  parseIsoInstant,
  webhookSignature,
  type MartisEvent,
  type MartisStatus,
} from "./wire";

// A local Martis: the Core API's charge paths under /api/v1, Bearer API keys, JSend bodies
// (fail with field messages for 4xx, error with a message for 5xx), Idempotency-Key replay and
// 409 on a reused key, expiry ("failed" past expires_at), and webhooks signed at send time with
// the configured timestamp header, signature header and string to sign.
//
// Martis lists no store channel yet, so this simulator accepts exactly the configured payment
// method and channel codes and answers Martis' own validation error for any other.

const PROVIDER = MARTIS_PROVIDER;
/** Martis' documented default expiry for virtual accounts; assumed for store codes as well. */
const DEFAULT_LIFETIME_MS = 24 * 3_600_000;
/** Documented: idempotency keys are valid for 24 hours after the first request. */
const IDEMPOTENCY_LIFETIME_MS = 24 * 3_600_000;
/** Assumed flat fee per store payment; Martis publishes none. */
const STORE_FEE = 2_500;
/** Assumed waits between webhook retries, in minutes; Martis retries any non-2xx answer. */
export const MARTIS_RETRY_MINUTES = [1, 5, 30, 120, 720] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface MartisData {
  paymentMethod: string;
  channel: string;
  clientReferenceId: string | null;
  customerDetails: Record<string, unknown> | null;
  items: unknown[];
  description: string | null;
  updatedAt: string;
}

/**
 * The merchant's Martis account. Martis publishes no store channel and no webhook scheme, so the
 * method and channel codes and the webhook headers and string to sign are the account's settings.
 */
export interface MartisAccount {
  apiKey: string;
  webhookSecret: string;
  paymentMethod: string;
  channels: Record<Store, string>;
  signatureHeader: string;
  timestampHeader: string;
  /** The string to sign, with {timestamp} and {body} placeholders. */
  signedPayload: string;
}

type FieldErrors = Record<string, string[]>;

function success(status: 200 | 201, data: unknown): Response {
  return Response.json({ status: "success", data }, { status });
}

function fail(status: number, data: FieldErrors): Response {
  return Response.json({ status: "fail", data }, { status });
}

function serverError(message = "Internal server error"): Response {
  return Response.json({ status: "error", message }, { status: 500 });
}

export function chargeBody(charge: SandboxCharge): Record<string, unknown> {
  const data = chargeData<MartisData>(charge);
  return {
    id: charge.id,
    payment_method: data.paymentMethod,
    channel: data.channel,
    status: charge.status,
    currency: "idr",
    amount: decimalText(charge.amount),
    fee: decimalText(STORE_FEE),
    client_reference_id: data.clientReferenceId,
    customer_details: data.customerDetails,
    items: data.items,
    description: data.description,
    // Assumed field: where the code the cashier keys in is returned.
    payment_code: charge.paymentCode,
    // Martis' hosted page and QR image exist for QRIS/VA; the simulator has none for stores.
    payment_url: null,
    qr_code_url: null,
    expires_at: charge.expiresAt.toISOString(),
    paid_at: charge.paidAt?.toISOString() ?? null,
    created_at: charge.createdAt.toISOString(),
    updated_at: data.updatedAt,
  };
}

export interface ValidatedCharge {
  store: Store;
  paymentMethod: string;
  channel: string;
  amount: number;
  clientReferenceId: string | null;
  customerDetails: Record<string, unknown> | null;
  items: unknown[];
  description: string | null;
  expiresAt: Date | undefined;
}

/**
 * Checks a create-charge body the way Martis does: 400 with field messages for malformed
 * values, 422 for a well-formed amount outside the channel's limits.
 */
export function validateChargeRequest(
  body: unknown,
  account: Pick<MartisAccount, "paymentMethod" | "channels">,
  now: Date,
): { ok: true; charge: ValidatedCharge } | { ok: false; status: 400 | 422; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, status: 400, errors: { body: ["The request body must be a JSON object."] } };
  const request = body as Record<string, unknown>;

  if (typeof request.payment_method !== "string" || !request.payment_method) add("payment_method", "The payment method field is required.");
  else if (request.payment_method !== account.paymentMethod) add("payment_method", "The selected payment method is invalid.");

  const store = (Object.keys(account.channels) as Store[]).find((key) => account.channels[key] === request.channel);
  if (typeof request.channel !== "string" || !request.channel) add("channel", "The channel field is required.");
  else if (!store) add("channel", "The selected channel is invalid.");

  const amount = request.amount;
  if (typeof amount !== "number" || !Number.isFinite(amount)) add("amount", "The amount field is required and must be a number.");
  else if (amount <= 0) add("amount", "The amount must be greater than 0.");
  else if (!Number.isInteger(amount)) add("amount", "The amount must be a whole number of rupiah for currency idr.");

  if (request.currency !== undefined && (typeof request.currency !== "string" || request.currency.toLowerCase() !== "idr")) {
    add("currency", "The selected currency is invalid.");
  }

  const customer = request.customer_details;
  if (customer !== undefined && customer !== null) {
    if (typeof customer !== "object" || Array.isArray(customer)) add("customer_details", "The customer details must be an object.");
    else {
      const { name, email, phone_number } = customer as Record<string, unknown>;
      if (name !== undefined && (typeof name !== "string" || name.length > 255)) add("customer_details.name", "The customer details.name must be a string of at most 255 characters.");
      if (email !== undefined && (typeof email !== "string" || !EMAIL.test(email))) add("customer_details.email", "The customer details.email must be a valid email address.");
      if (phone_number !== undefined && (typeof phone_number !== "string" || !/^\+?\d{8,15}$/.test(phone_number))) {
        add("customer_details.phone_number", "The customer details.phone number format is invalid.");
      }
    }
  }

  const reference = request.client_reference_id;
  if (reference !== undefined && reference !== null) {
    if (typeof reference !== "string" || !reference) add("client_reference_id", "The client reference id must be a string.");
    else if (reference.length > CLIENT_REFERENCE_MAX) add("client_reference_id", `The client reference id may not be greater than ${CLIENT_REFERENCE_MAX} characters.`);
  }

  let expiresAt: Date | undefined;
  if (request.expires_at !== undefined && request.expires_at !== null) {
    expiresAt = typeof request.expires_at === "string" ? parseIsoInstant(request.expires_at) : undefined;
    if (!expiresAt) add("expires_at", "The expires at is not a valid ISO-8601 date with a time zone.");
    else if (expiresAt <= now) add("expires_at", "The expires at must be a date after now.");
  }

  const items = request.items;
  if (items !== undefined && items !== null) {
    if (!Array.isArray(items)) add("items", "The items must be an array.");
    else
      (items as (Record<string, unknown> | null)[]).forEach((item, index) => {
        if (typeof item?.name !== "string" || !item.name) add(`items.${index}.name`, `The items.${index}.name field is required.`);
        if (typeof item?.price !== "number" || item.price < 0) add(`items.${index}.price`, `The items.${index}.price must be a number of at least 0.`);
        if (!Number.isInteger(item?.quantity) || (item!.quantity as number) < 1) add(`items.${index}.quantity`, `The items.${index}.quantity must be an integer of at least 1.`);
      });
  }

  const description = request.description;
  if (description !== undefined && description !== null && (typeof description !== "string" || description.length > DESCRIPTION_MAX)) {
    add("description", `The description may not be greater than ${DESCRIPTION_MAX} characters.`);
  }

  if (Object.keys(errors).length) return { ok: false, status: 400, errors };

  const limits = LIMITS[store!];
  const rupiah = amount as number;
  if (rupiah < limits.min || rupiah > limits.max) {
    return {
      ok: false,
      status: 422,
      errors: { amount: [`The amount must be between ${limits.min} and ${limits.max} for channel ${request.channel as string}.`] },
    };
  }
  return {
    ok: true,
    charge: {
      store: store!,
      paymentMethod: request.payment_method as string,
      channel: request.channel as string,
      amount: rupiah,
      clientReferenceId: (reference as string | undefined) ?? null,
      customerDetails: (customer as Record<string, unknown> | undefined) ?? null,
      items: (items as unknown[] | undefined) ?? [],
      description: (description as string | undefined) ?? null,
      expiresAt,
    },
  };
}

export function createMartisSimulator(context: SimulatorContext, account: MartisAccount): ProviderSimulator {
  async function notify(charge: SandboxCharge, event: MartisEvent, now: Date) {
    // The event id is fixed here, so every retry of this event carries the same id.
    const body = { id: newId("evt"), event, data: chargeBody(charge), created_at: now.toISOString() };
    const db = await context.db();
    return enqueueWebhook(
      db,
      { provider: PROVIDER, chargeId: charge.id, event, url: charge.notificationUrl ?? notificationUrl(context, PROVIDER), body: JSON.stringify(body) },
      now,
    );
  }

  async function move(charge: SandboxCharge, status: MartisStatus, now: Date, expiresAt?: Date) {
    const db = await context.db();
    const data: MartisData = { ...chargeData<MartisData>(charge), updatedAt: now.toISOString() };
    const updated = await db.sandboxCharge.update({
      where: { id: charge.id },
      data: {
        status,
        data: data as unknown as Prisma.InputJsonValue,
        ...(status === "success" ? { paidAt: now } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      },
    });
    await notify(updated, status === "success" ? "payment_charge.succeeded" : "payment_charge.failed", now);
    return updated;
  }

  /** A pending charge past its expires_at turns "failed" on every read, and is announced. */
  async function expireIfDue(charge: SandboxCharge, now: Date) {
    return charge.status === "pending" && charge.expiresAt <= now ? move(charge, "failed", now) : charge;
  }

  async function createCharge(request: Request): Promise<Response> {
    const db = await context.db();
    const now = context.now();
    const { text, json } = await readJsonBody(request);
    if (json === undefined) return fail(400, { body: ["The request body is not valid JSON."] });

    const idempotencyKey = request.headers.get("idempotency-key");
    if (idempotencyKey !== null) {
      if (!idempotencyKey.trim() || idempotencyKey.length > IDEMPOTENCY_KEY_MAX) {
        return fail(400, { idempotency_key: [`The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX} characters.`] });
      }
      const stored = await findStoredAnswer(db, PROVIDER, idempotencyKey, now);
      if (stored) {
        // Same key and same payload: the cached answer. Same key, other payload: 409.
        if (stored.requestHash !== hashRequest(text)) {
          return fail(409, { idempotency_key: ["This Idempotency-Key was already used with a different request payload."] });
        }
        return new Response(stored.body, { status: stored.status, headers: { "Content-Type": "application/json" } });
      }
    }

    const validated = validateChargeRequest(json, account, now);
    if (!validated.ok) return fail(validated.status, validated.errors);
    const charge = validated.charge;

    if (charge.clientReferenceId && (await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, merchantReference: charge.clientReferenceId } }))) {
      return fail(409, { client_reference_id: ["The client reference id has already been taken."] });
    }

    const id = randomUUID();
    const paymentCode = await uniquePaymentCode(db, PROVIDER, () => newReadableCode(16));
    const data: MartisData = {
      paymentMethod: charge.paymentMethod,
      channel: charge.channel,
      clientReferenceId: charge.clientReferenceId,
      customerDetails: charge.customerDetails,
      items: charge.items,
      description: charge.description,
      updatedAt: now.toISOString(),
    };
    const created = await db.sandboxCharge.create({
      data: {
        id,
        provider: PROVIDER,
        merchantReference: charge.clientReferenceId ?? id,
        store: charge.store,
        amount: charge.amount,
        paymentCode,
        status: "pending",
        expiresAt: charge.expiresAt ?? new Date(now.getTime() + DEFAULT_LIFETIME_MS),
        createdAt: now,
        merchantName: context.merchantName,
        // The endpoint registered in Martis' dashboard; Martis has no per-charge callback URL.
        notificationUrl: notificationUrl(context, PROVIDER),
        request: json as Prisma.InputJsonValue,
        data: data as unknown as Prisma.InputJsonValue,
      },
    });
    const body = JSON.stringify({ status: "success", data: chargeBody(created) });
    if (idempotencyKey !== null) {
      await storeAnswer(db, PROVIDER, idempotencyKey, { status: 201, body, requestHash: hashRequest(text) }, now, IDEMPOTENCY_LIFETIME_MS);
    }
    await notify(created, "payment_charge.created", now);
    return new Response(body, { status: 201, headers: { "Content-Type": "application/json" } });
  }

  async function status(id: string): Promise<Response> {
    const db = await context.db();
    // Martis looks charges up by its own id, not by client_reference_id.
    const found = await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, id } });
    if (!found) return fail(404, { id: ["Payment charge not found."] });
    return success(200, chargeBody(await expireIfDue(found, context.now())));
  }

  function describeCharge(charge: SandboxCharge, now: Date): CashierCharge {
    const overdue = charge.status === "pending" && charge.expiresAt <= now;
    const status = overdue ? "failed" : charge.status;
    // Martis' "failed" covers expiry: a charge that failed at or after its deadline expired.
    const failedAt = parseIsoInstant(chargeData<MartisData>(charge).updatedAt);
    const outcome =
      overdue || (charge.status === "failed" && failedAt !== undefined && failedAt >= charge.expiresAt)
        ? "expired"
        : charge.status === "success"
          ? "paid"
          : charge.status === "pending"
            ? "pending"
            : "failed";
    const actions: CashierAction[] = outcome === "pending" ? ["pay", "expire", "cancel"] : [];
    return cashierView(PROVIDER, charge, {
      status,
      state: outcome === "paid" ? "paid" : outcome === "expired" ? "expired" : outcome === "pending" ? "open" : "closed",
      actions,
    });
  }

  return {
    id: PROVIDER,
    // Martis documents one form of everything it documents; its webhook scheme is account settings.
    forms: [],

    async handle(request, path) {
      const db = await context.db();
      const key = bearerToken(request.headers.get("authorization"));
      if (!key || !sameSecret(key, account.apiKey)) {
        return fail(401, { authorization: ["Invalid or missing API key"] });
      }
      return withOutage(db, PROVIDER, context.clientTimeoutMs, () => serverError(), async () => {
        const [api, version, resource, collection, id, ...rest] = path;
        if (api !== "api" || version !== "v1" || resource !== "payments" || collection !== "charges" || rest.length) {
          return fail(404, { path: ["The requested resource does not exist."] });
        }
        if (request.method === "POST" && !id) return createCharge(request);
        if (request.method === "GET" && id) return status(decodeURIComponent(id));
        return fail(404, { path: ["The requested resource does not exist."] });
      });
    },

    signWebhook(body, _target, now) {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      return {
        "Content-Type": "application/json",
        "User-Agent": "Martis-Webhook/1.0",
        [account.timestampHeader]: timestamp,
        [account.signatureHeader]: webhookSignature(account.webhookSecret, account.signedPayload, timestamp, body),
      };
    },

    nextRetryDelayMs(attemptsMade) {
      // Every non-2xx answer and every failed connection is retried on the same schedule.
      return scheduledDelay(MARTIS_RETRY_MINUTES, attemptsMade - 1, context.timeScale);
    },

    describe: describeCharge,

    async perform(action, found) {
      if (action !== "pay" && action !== "expire" && action !== "cancel") return { ok: false, error: `Martis has no "${action}" action.` };
      const now = context.now();
      const charge = await expireIfDue(found, now);
      if (charge.status !== "pending") {
        const state = describeCharge(charge, now).state;
        return { ok: false, error: `This code is ${state === "paid" ? "already paid" : state === "expired" ? "expired" : "failed"}; the till refuses it.` };
      }
      if (action === "pay") await move(charge, "success", now);
      // Martis has no separate expiry status: the charge fails with its deadline moved to now.
      else if (action === "expire") await move(charge, "failed", now, now);
      // A failure before the deadline (e.g. the channel refused the charge).
      else await move(charge, "failed", now);
      return { ok: true };
    },

    expireOverdue(now) {
      return expireOpenChargesPastDeadline(context, PROVIDER, ["pending"], now, (charge) => move(charge, "failed", now));
    },
  };
}
