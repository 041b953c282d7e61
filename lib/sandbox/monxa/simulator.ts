import type { Prisma, SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { Store } from "@/lib/domain";
import { newId, newReadableCode } from "@/lib/ids";
import { cashierView, chargeData, expireOpenChargesPastDeadline, notificationUrl, readJsonBody, uniquePaymentCode } from "../charges";
import { readForms, type FormChoices } from "../forms";
import { bearerToken, sameSecret } from "../http-auth";
import { findStoredAnswer, hashRequest, storeAnswer } from "../idempotency";
import { enqueueWebhook, scheduledDelay } from "../outbox";
import { withOutage } from "../outage";
import type { CashierAction, ProviderSimulator, SimulatorContext } from "../types";
import {
  amountInUnit,
  amountText,
  CALLBACK_TOKEN_HEADER,
  CHANNEL_OF_STORE,
  EVENT_OF_STATUS,
  FORMS,
  LIMITS,
  MONXA_PROVIDER,
  STORE_OF_CHANNEL,
  type AmountUnit,
  type ChargeStatus,
} from "./wire";

// A local Monxa: POST/GET /v1/charges with a Bearer secret key, its validation and error codes
// (400 unsupported_channel, 402 amount_out_of_range, 409 duplicate_reference), replay of the first
// answer for a repeated idempotency key, codes Monxa expires itself after 48 hours, and webhooks
// carrying the dashboard's callback token. Where Monxa's pages disagree (envelope, status case,
// amount unit, payment event name) it sends the form chosen on /sandbox (wire.ts, FORMS).

const PROVIDER = MONXA_PROVIDER;
/** Monxa documents "about 24–48 hours" and no request field: the simulator gives every code 48 h. */
const CODE_LIFETIME_MS = 48 * 3_600_000;
/** How long a stored answer is replayed for its idempotency key (not documented; 24 h). */
const IDEMPOTENCY_LIFETIME_MS = 24 * 3_600_000;
/** Monxa does not publish its retry schedule: after every non-2xx answer, wait these minutes. */
const RETRY_MINUTES = [1, 5, 15, 60, 180, 360] as const;

type MonxaStatus = ChargeStatus;

interface MonxaData {
  customerName: string;
  description?: string;
  metadata?: Record<string, unknown>;
}

/**
 * The merchant's Monxa account as the simulator knows it. Its amount unit is a form (chosen on
 * /sandbox), on purpose not the app's MONXA_AMOUNT_UNIT: a mismatch must show up, not agree.
 */
export interface MonxaAccount {
  secretKey: string;
  callbackToken: string;
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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

interface ValidCharge {
  reference: string;
  rupiah: number;
  store: Store;
  data: MonxaData;
}

/** Checks a create request the way Monxa does; the first problem found is the answer. */
export function validateChargeRequest(body: unknown, unit: AmountUnit): { charge: ValidCharge } | { failure: Failure } {
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
  const store = STORE_OF_CHANNEL[channel_code];
  if (!store) {
    return { failure: failure(400, "unsupported_channel", `channel_code ${channel_code} is not supported; use store_alfamart or store_indomaret`) };
  }
  const customerName = isPlainObject(channel_properties) ? channel_properties.customer_name : undefined;
  if (typeof customerName !== "string" || !customerName.trim()) return invalid("channel_properties.customer_name is required");
  if (metadata !== undefined && !isPlainObject(metadata)) return invalid("metadata must be an object");
  if (description !== undefined && typeof description !== "string") return invalid("description must be a string");

  const rupiah = unit === "minor" ? amount / 100 : amount;
  const limits = LIMITS[store];
  if (rupiah < limits.min || rupiah > limits.max) {
    return {
      failure: failure(402, "amount_out_of_range", `amount for ${channel_code} must be between ${limits.min} and ${limits.max} IDR`),
    };
  }
  return { charge: { reference: reference_id, rupiah, store, data: { customerName, description, metadata } } };
}

export function createMonxaSimulator(context: SimulatorContext, account: MonxaAccount): ProviderSimulator {
  const forms = async () => readForms(await context.db(), PROVIDER, FORMS);
  const statusWord = (status: MonxaStatus, chosen: FormChoices) => (chosen.statusCase === "upper" ? status.toUpperCase() : status);
  const unitOf = (chosen: FormChoices) => chosen.amountUnit as AmountUnit;

  /**
   * `amount` in the account's unit with the human-readable `amount_str` beside it (webhooks page),
   * in both units, so a client reading the unit wrongly has something to catch it with.
   */
  function amountFields(rupiah: number, chosen: FormChoices): Record<string, unknown> {
    return { amount: amountInUnit(rupiah, unitOf(chosen)), amount_str: amountText(rupiah) };
  }

  function chargeBody(charge: SandboxCharge, chosen: FormChoices): Record<string, unknown> {
    const data = chargeData<MonxaData>(charge);
    return {
      id: charge.id,
      reference_id: charge.merchantReference,
      status: statusWord(charge.status as MonxaStatus, chosen),
      ...amountFields(charge.amount, chosen),
      currency: "IDR",
      channel_code: CHANNEL_OF_STORE[charge.store],
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
    const chosen = await forms();
    const type = status === "succeeded" ? chosen.paidEvent! : EVENT_OF_STATUS[status];
    const data = {
      id: charge.id,
      reference_id: charge.merchantReference,
      ...amountFields(charge.amount, chosen),
      currency: "IDR",
      status: statusWord(status, chosen),
      channel_code: CHANNEL_OF_STORE[charge.store],
      paid_at: charge.paidAt?.toISOString() ?? null,
    };
    // The guide wraps the charge as { id, type, data, created_at }; the webhooks page as { event, data }.
    const event =
      chosen.envelope === "event-data" ? { event: type, data } : { id: newId("evt", 24), type, data, created_at: now.toISOString() };
    const db = await context.db();
    return enqueueWebhook(
      db,
      {
        provider: PROVIDER,
        chargeId: charge.id,
        event: type,
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
    const chosen = await forms();
    const checked = validateChargeRequest(json, unitOf(chosen));
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
    return { status: 201, body: chargeBody(created, chosen) };
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
    return answer({ status: 200, body: chargeBody(charge, await forms()) });
  }

  return {
    id: PROVIDER,
    forms: FORMS,

    async handle(request, path) {
      const db = await context.db();
      const key = bearerToken(request.headers.get("authorization"));
      if (!key || !sameSecret(key, account.secretKey)) {
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
      return { "Content-Type": "application/json", [CALLBACK_TOKEN_HEADER]: account.callbackToken };
    },

    nextRetryDelayMs(attemptsMade) {
      // Every non-2xx answer (or none) is retried, whatever its status, until the schedule ends.
      return scheduledDelay(RETRY_MINUTES, attemptsMade - 1, context.timeScale);
    },

    describe(charge, now) {
      const expired = charge.status === "expired" || (charge.status === "pending" && charge.expiresAt <= now);
      const open = charge.status === "pending" && !expired;
      const actions: CashierAction[] = open ? ["pay", "expire", "cancel", "fail"] : [];
      return cashierView(PROVIDER, charge, {
        status: expired ? "expired" : charge.status,
        state: charge.status === "succeeded" ? "paid" : expired ? "expired" : open ? "open" : "closed",
        actions,
      });
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
      return expireOpenChargesPastDeadline(context, PROVIDER, ["pending"], now, (charge) => move(charge, "expired", now));
    },
  };
}
