import type { Prisma, SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { Store } from "@/lib/domain";
import { newId, newReadableCode } from "@/lib/ids";
import { constantTimeEqual, readBearer } from "@/lib/providers/crypto";
import { chargeData, notificationUrl, expireOverdueCharges, readJsonBody, uniquePaymentCode } from "@/lib/sandbox/charges";
import { findStoredAnswer, hashRequest, storeAnswer } from "@/lib/sandbox/idempotency";
import { enqueueWebhook, scheduledDelay } from "@/lib/sandbox/outbox";
import { withOutage } from "@/lib/sandbox/outage";
import type { CashierAction, ProviderSimulator, SimulatorContext } from "@/lib/sandbox/types";
import { MONXA_LIMITS } from "./client";
import {
  MONXA_CALLBACK_TOKEN_HEADER,
  MONXA_CHANNEL_CODES,
  MONXA_CHANNELS,
  MONXA_STORE_OF_CHANNEL,
  toMonxaAmount,
  type MonxaAmountUnit,
  type MonxaChannelCode,
  type MonxaPaidEvent,
  type MonxaWebhook,
} from "./wire";

// A local Monxa: POST/GET /v1/charges with a Bearer secret key, its validation and error codes
// (400 unsupported_channel, 402 amount_out_of_range, 409 duplicate_reference), replay of the first
// answer for a repeated idempotency key, codes Monxa expires itself after 48 hours, and webhooks
// carrying the dashboard's callback token. Its status API answers in upper case (as the API
// reference shows) and its webhooks in lower case (as the guide shows), so both are exercised.

const PROVIDER = "monxa" as const;
/** Monxa documents "about 24–48 hours" and no request field: the simulator gives every code 48 h. */
const CODE_LIFETIME_MS = 48 * 3_600_000;
/** How long a stored answer is replayed for its idempotency key (not documented; 24 h). */
const IDEMPOTENCY_LIFETIME_MS = 24 * 3_600_000;
/** Monxa does not publish its retry schedule: after every non-2xx answer, wait these minutes. */
const RETRY_MINUTES = [1, 5, 15, 60, 180, 360] as const;

type MonxaStatus = "pending" | "succeeded" | "failed" | "expired" | "cancelled";

interface MonxaData {
  customerName: string;
  description?: string;
  metadata?: Record<string, unknown>;
}

export interface MonxaSimulatorOptions {
  secretKey: string;
  callbackToken: string;
  /** Must match the adapter's MONXA_AMOUNT_UNIT. */
  amountUnit?: MonxaAmountUnit;
  /** The docs name a payment's event both ways; the simulator sends one of them. */
  paidEventName?: MonxaPaidEvent;
}

/** Monxa's error body (its codes are documented, the envelope is our assumption). */
interface Failure {
  status: number;
  body: { error: { code: string; message: string } };
}

function failure(status: number, code: string, message: string): Failure {
  return { status, body: { error: { code, message } } };
}

function answer({ status, body }: { status: number; body: unknown }): Response {
  return Response.json(body, { status });
}

function instructions(store: Store, merchantName: string, code: string): string[] {
  const where = store === "alfamart" ? "Alfamart, Alfamidi atau Dan+Dan" : "Indomaret";
  return [
    `Datang ke gerai ${where} terdekat.`,
    `Katakan kepada kasir Anda ingin membayar ${merchantName} melalui Monxa, lalu tunjukkan kode ${code}.`,
    "Periksa nama merchant dan jumlahnya, bayar tunai, dan simpan struknya.",
  ];
}

const isChannelCode = (value: string): value is MonxaChannelCode => (MONXA_CHANNEL_CODES as readonly string[]).includes(value);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

interface ValidCharge {
  reference: string;
  rupiah: number;
  store: Store;
  data: MonxaData;
}

/** Checks a create request the way Monxa does; the first problem found is the answer. */
export function validateChargeRequest(body: unknown, unit: MonxaAmountUnit): { charge: ValidCharge } | { failure: Failure } {
  const invalid = (message: string) => ({ failure: failure(400, "invalid_request", message) });
  if (!isPlainObject(body)) return invalid("The request body must be a JSON object");
  const { amount, currency, reference_id, channel_code, channel_properties, metadata, description } = body;
  if (typeof reference_id !== "string" || !reference_id || reference_id.length > 255) {
    return invalid("reference_id is required and must be at most 255 characters");
  }
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1) return invalid("amount must be a positive integer");
  if (unit === "minor" && amount % 100 !== 0) {
    return invalid("amount is in minor units (1/100 rupiah) and must be a whole number of rupiah");
  }
  if (currency !== "IDR") return invalid("currency must be IDR");
  if (typeof channel_code !== "string" || !channel_code) return invalid("channel_code is required");
  if (!isChannelCode(channel_code)) {
    return { failure: failure(400, "unsupported_channel", `channel_code ${channel_code} is not supported; use store_alfamart or store_indomaret`) };
  }
  const customerName = isPlainObject(channel_properties) ? channel_properties.customer_name : undefined;
  if (typeof customerName !== "string" || !customerName.trim()) return invalid("channel_properties.customer_name is required");
  if (metadata !== undefined && !isPlainObject(metadata)) return invalid("metadata must be an object");
  if (description !== undefined && typeof description !== "string") return invalid("description must be a string");

  const store = MONXA_STORE_OF_CHANNEL[channel_code];
  const rupiah = unit === "minor" ? amount / 100 : amount;
  const limits = MONXA_LIMITS[store];
  if (rupiah < limits.min || rupiah > limits.max) {
    return {
      failure: failure(402, "amount_out_of_range", `amount for ${channel_code} must be between ${limits.min} and ${limits.max} IDR`),
    };
  }
  return { charge: { reference: reference_id, rupiah, store, data: { customerName, description, metadata } } };
}

export function createMonxaSimulator(context: SimulatorContext, options: MonxaSimulatorOptions): ProviderSimulator {
  const amountUnit = options.amountUnit ?? "idr";
  const paidEventName = options.paidEventName ?? "charge.succeeded";
  const events: Record<Exclude<MonxaStatus, "pending">, string> = {
    succeeded: paidEventName,
    failed: "charge.failed",
    expired: "charge.expired",
    cancelled: "charge.cancelled",
  };

  function chargeBody(charge: SandboxCharge, status: string): Record<string, unknown> {
    const data = chargeData<MonxaData>(charge);
    return {
      id: charge.id,
      reference_id: charge.merchantReference,
      status,
      amount: toMonxaAmount(charge.amount, amountUnit),
      currency: "IDR",
      channel_code: MONXA_CHANNELS[charge.store],
      channel_properties: { customer_name: data.customerName },
      description: data.description ?? null,
      metadata: data.metadata ?? null,
      actions: {
        type: "PRESENT_TO_CUSTOMER",
        display_code: charge.paymentCode,
        instructions: instructions(charge.store, charge.merchantName, charge.paymentCode),
        expires_at: charge.expiresAt.toISOString(),
      },
      created_at: charge.createdAt.toISOString(),
      paid_at: charge.paidAt?.toISOString() ?? null,
    };
  }

  async function notify(charge: SandboxCharge, status: Exclude<MonxaStatus, "pending">, now: Date) {
    const event: MonxaWebhook = {
      id: newId("evt", 24),
      type: events[status],
      data: {
        id: charge.id,
        reference_id: charge.merchantReference,
        amount: toMonxaAmount(charge.amount, amountUnit),
        currency: "IDR",
        status,
        channel_code: MONXA_CHANNELS[charge.store],
        paid_at: charge.paidAt?.toISOString() ?? null,
      },
      created_at: now.toISOString(),
    };
    const db = await context.db();
    return enqueueWebhook(
      db,
      {
        provider: PROVIDER,
        chargeId: charge.id,
        event: event.type,
        url: charge.notificationUrl ?? notificationUrl(context, PROVIDER),
        body: JSON.stringify(event),
      },
      now,
    );
  }

  async function move(charge: SandboxCharge, status: Exclude<MonxaStatus, "pending">, now: Date) {
    const db = await context.db();
    const updated = await db.sandboxCharge.update({
      where: { id: charge.id },
      data: { status, ...(status === "succeeded" ? { paidAt: now } : {}) },
    });
    await notify(updated, status, now);
    return updated;
  }

  /** A pending code past its deadline is expired the moment anyone looks at it. */
  async function expireIfDue(charge: SandboxCharge, now: Date) {
    return charge.status === "pending" && charge.expiresAt <= now ? move(charge, "expired", now) : charge;
  }

  async function issue(json: unknown, now: Date): Promise<{ status: number; body: unknown }> {
    if (json === undefined) return failure(400, "invalid_request", "The request body is not valid JSON");
    const checked = validateChargeRequest(json, amountUnit);
    if ("failure" in checked) return checked.failure;
    const { reference, rupiah, store, data } = checked.charge;
    const db = await context.db();
    if (await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, merchantReference: reference } })) {
      return failure(409, "duplicate_reference", `A charge with reference_id ${reference} already exists`);
    }
    // Opaque upper-case codes of different lengths per store, so nothing downstream assumes a format.
    const paymentCode = await uniquePaymentCode(db, PROVIDER, () => newReadableCode(store === "alfamart" ? 16 : 12));
    const created = await db.sandboxCharge.create({
      data: {
        id: newId("chg", 24),
        provider: PROVIDER,
        merchantReference: reference,
        store,
        amount: rupiah,
        paymentCode,
        status: "pending",
        expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
        createdAt: now,
        merchantName: context.merchantName,
        notificationUrl: notificationUrl(context, PROVIDER),
        request: json as Prisma.InputJsonValue,
        data: data as unknown as Prisma.InputJsonValue,
      },
    });
    // The guide shows the new charge's status in lower case.
    return { status: 201, body: chargeBody(created, "pending") };
  }

  async function createCharge(request: Request): Promise<Response> {
    const db = await context.db();
    const now = context.now();
    const { text, json } = await readJsonBody(request);
    // Either documented header name works; the adapter sends both with one value.
    const idempotencyKey = request.headers.get("idempotency-key") ?? request.headers.get("x-idempotency-key");
    if (idempotencyKey) {
      // The first answer for a key is replayed, whatever the repeated request says.
      const stored = await findStoredAnswer(db, PROVIDER, idempotencyKey, now);
      if (stored) return new Response(stored.body, { status: stored.status, headers: { "Content-Type": "application/json" } });
    }
    const result = await issue(json, now);
    if (idempotencyKey) {
      const stored = { status: result.status, body: JSON.stringify(result.body), requestHash: hashRequest(text) };
      await storeAnswer(db, PROVIDER, idempotencyKey, stored, now, IDEMPOTENCY_LIFETIME_MS);
    }
    return answer(result);
  }

  async function status(id: string): Promise<Response> {
    const db = await context.db();
    // Monxa finds charges by its own id only.
    const found = await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, id } });
    if (!found) return answer(failure(404, "charge_not_found", `No charge with id ${id}`));
    const charge = await expireIfDue(found, context.now());
    // The API reference shows statuses in upper case.
    return answer({ status: 200, body: chargeBody(charge, charge.status.toUpperCase()) });
  }

  return {
    id: PROVIDER,

    async handle(request, path) {
      const db = await context.db();
      const key = readBearer(request.headers.get("authorization"));
      if (!key || !constantTimeEqual(key, options.secretKey)) {
        const message = key ? "The API key is not valid" : "Send your secret key as Authorization: Bearer <secret key>";
        return answer(failure(401, "invalid_api_key", message));
      }
      return withOutage(
        db,
        PROVIDER,
        context.clientTimeoutMs,
        () => answer(failure(500, "internal_error", "Monxa could not process the request; try again later")),
        async () => {
          const [version, resource, id, extra] = path;
          if (version === "v1" && resource === "charges") {
            if (request.method === "POST" && !id) return createCharge(request);
            if (request.method === "GET" && id && !extra) return status(decodeURIComponent(id));
          }
          return answer(failure(404, "not_found", `No route for ${request.method} /${path.join("/")}`));
        },
      );
    },

    signWebhook() {
      // Monxa signs nothing: every webhook carries the dashboard's callback token verbatim.
      return { "Content-Type": "application/json", [MONXA_CALLBACK_TOKEN_HEADER]: options.callbackToken };
    },

    nextRetryDelayMs(attemptsMade) {
      // Every non-2xx answer (or none) is retried, whatever its status, until the schedule ends.
      return scheduledDelay(RETRY_MINUTES, attemptsMade - 1, context.timeScale);
    },

    describe(charge, now) {
      const expired = charge.status === "expired" || (charge.status === "pending" && charge.expiresAt <= now);
      const open = charge.status === "pending" && !expired;
      const actions: CashierAction[] = open ? ["pay", "expire", "cancel", "fail"] : [];
      return {
        provider: PROVIDER,
        id: charge.id,
        reference: charge.merchantReference,
        store: charge.store,
        amount: charge.amount,
        paymentCode: charge.paymentCode,
        merchantName: charge.merchantName,
        status: expired ? "expired" : charge.status,
        state: charge.status === "succeeded" ? "paid" : expired ? "expired" : open ? "open" : "closed",
        expiresAt: charge.expiresAt,
        paidAt: charge.paidAt,
        actions,
      };
    },

    async perform(action, found) {
      const now = context.now();
      const charge = await expireIfDue(found, now);
      // C-store payments cannot be refunded or reversed at Monxa: every action needs an open code.
      const outcomes: Partial<Record<CashierAction, Exclude<MonxaStatus, "pending">>> = {
        pay: "succeeded",
        expire: "expired",
        cancel: "cancelled",
        // The till or Monxa declines the payment: the charge fails.
        fail: "failed",
      };
      const to = outcomes[action];
      if (!to) return { ok: false, error: `Monxa has no "${action}" action.` };
      if (charge.status !== "pending") return { ok: false, error: `This code is ${charge.status}; Monxa only changes a pending code.` };
      await move(charge, to, now);
      return { ok: true };
    },

    expireOverdue(now) {
      return expireOverdueCharges(context, PROVIDER, ["pending"], now, (charge) => move(charge, "expired", now));
    },
  };
}
