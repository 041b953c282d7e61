import { randomUUID } from "node:crypto";
import type { Prisma, SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { Store } from "@/lib/domain";
import { newDigits, newReadableCode } from "@/lib/ids";
import { parseJakartaWallClock, toJakartaWallClock } from "@/lib/time";
import { cashierView, chargeData, expireOpenChargesPastDeadline, findCharge, notificationUrl, readJsonBody, uniquePaymentCode } from "../charges";
import { basicCredentials, sameSecret } from "../http-auth";
import { findStoredAnswer, hashRequest, storeAnswer } from "../idempotency";
import { enqueueWebhook, scheduledDelay } from "../outbox";
import { withOutage } from "../outage";
import type { CashierAction, ProviderSimulator, SimulatorContext } from "../types";
import {
  EXPIRY_UNITS,
  grossAmountText,
  MIDTRANS_PROVIDER,
  notificationSignature,
  ORDER_ID_PATTERN,
  STORES,
  type ChargeRequest,
} from "./wire";

// A local Midtrans: the Core API's cstore paths, Basic auth with the server key, its validation
// and error bodies (inside HTTP 200 where Midtrans does that), Idempotency-Key replay, expiry,
// signed HTTP notifications with Midtrans' retry schedule, and the settlement → deny reversal.

const PROVIDER = MIDTRANS_PROVIDER;
const MERCHANT_ID = "G000GERAI";
const DAY_SECONDS = 86_400;
const UNIT_SECONDS = { second: 1, minute: 60, hour: 3_600, day: DAY_SECONDS } as const;
const IDEMPOTENCY_LIFETIME_MS = 5 * 60_000;
/** Documented waits between notification retries, in minutes. */
const RETRY_MINUTES = [2, 10, 30, 90, 210] as const;

interface MidtransData {
  transactionId: string;
  transactionTime: string;
  settlementTime?: string;
  approvalCode?: string;
  fraudStatus: string;
}

/** The merchant's Midtrans account: its server key authenticates calls and signs notifications. */
export interface MidtransAccount {
  serverKey: string;
}

const STATUS_CODE: Record<string, string> = { pending: "201", settlement: "200", deny: "202", expire: "407", cancel: "200" };
// The cancel API's reference answers 200 but its sample notification says 202 (Midtrans' "Cancel
// Transaction Response and Notification"); expire and deny notifications also carry 202.
const NOTIFY_STATUS_CODE: Record<string, string> = { pending: "201", settlement: "200", deny: "202", expire: "202", cancel: "202" };
const STATUS_MESSAGE: Record<string, string> = {
  pending: "Success, transaction is found",
  settlement: "Success, transaction is found",
  deny: "Success, transaction is found",
  expire: "Success, transaction is found",
  cancel: "Success, transaction is found",
};

/** Midtrans answers in JSON with its own status_code in the body. */
function answer(httpStatus: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status: httpStatus });
}

function failure(statusCode: number, message: string, extra: Record<string, unknown> = {}, httpStatus = statusCode) {
  return answer(httpStatus, { status_code: String(statusCode), status_message: message, id: randomUUID(), ...extra });
}

export function transactionBody(charge: SandboxCharge, statusCode: string, message: string): Record<string, unknown> {
  const data = chargeData<MidtransData>(charge);
  return {
    status_code: statusCode,
    status_message: message,
    transaction_id: data.transactionId,
    order_id: charge.merchantReference,
    merchant_id: MERCHANT_ID,
    gross_amount: grossAmountText(charge.amount),
    currency: "IDR",
    payment_type: "cstore",
    transaction_time: data.transactionTime,
    transaction_status: charge.status,
    fraud_status: data.fraudStatus,
    payment_code: charge.paymentCode,
    store: charge.store,
    expiry_time: toJakartaWallClock(charge.expiresAt),
    ...(data.settlementTime ? { settlement_time: data.settlementTime } : {}),
    ...(data.approvalCode ? { approval_code: data.approvalCode } : {}),
  };
}

/** Checks a charge request the way Midtrans does; returns its validation messages. */
export function validateChargeRequest(body: unknown): { request?: ChargeRequest; messages: string[]; paymentTypeOff?: boolean } {
  const messages: string[] = [];
  if (typeof body !== "object" || body === null) return { messages: ["Request body is required"] };
  const request = body as Partial<ChargeRequest> & Record<string, unknown>;
  if (request.payment_type !== "cstore") {
    if (typeof request.payment_type !== "string") messages.push("payment_type is required");
    else return { messages: [], paymentTypeOff: true };
  }
  const details = request.transaction_details;
  if (!details || typeof details !== "object") {
    messages.push("transaction_details is required");
  } else {
    if (typeof details.order_id !== "string" || !details.order_id) messages.push("transaction_details.order_id is required");
    else if (!ORDER_ID_PATTERN.test(details.order_id))
      messages.push("transaction_details.order_id may contain only letters, digits, -, _, ~ and ., up to 50 characters");
    if (typeof details.gross_amount !== "number" || !Number.isFinite(details.gross_amount))
      messages.push("transaction_details.gross_amount is required");
    else if (!Number.isInteger(details.gross_amount) || details.gross_amount < 1)
      messages.push("transaction_details.gross_amount must be a whole number of rupiah greater than 0");
  }
  const cstore = request.cstore;
  if (!cstore || typeof cstore !== "object") {
    messages.push("cstore is required");
  } else {
    if (!(STORES as readonly string[]).includes(cstore.store as string))
      messages.push("cstore.store must be alfamart or indomaret");
    if (cstore.message !== undefined && (typeof cstore.message !== "string" || cstore.message.length > 20))
      messages.push("cstore.message must be at most 20 characters");
    for (const field of ["alfamart_free_text_1", "alfamart_free_text_2", "alfamart_free_text_3"] as const) {
      const value = cstore[field];
      if (value !== undefined && (typeof value !== "string" || value.length > 40))
        messages.push(`cstore.${field} must be at most 40 characters`);
    }
  }
  if (request.item_details !== undefined) {
    if (!Array.isArray(request.item_details)) messages.push("item_details must be an array");
    else {
      let sum = 0;
      request.item_details.forEach((item, index) => {
        if (!Number.isInteger(item?.price)) messages.push(`item_details[${index}].price is required`);
        if (!Number.isInteger(item?.quantity) || item.quantity < 1) messages.push(`item_details[${index}].quantity is required`);
        if (typeof item?.name !== "string" || !item.name) messages.push(`item_details[${index}].name is required`);
        else if (item.name.length > 50) messages.push(`item_details[${index}].name must be at most 50 characters`);
        sum += (item?.price ?? 0) * (item?.quantity ?? 0);
      });
      if (typeof details?.gross_amount === "number" && sum !== details.gross_amount)
        messages.push("transaction_details.gross_amount is not equal to the sum of item_details");
    }
  }
  const expiry = request.custom_expiry;
  if (expiry !== undefined) {
    if (!(EXPIRY_UNITS as readonly string[]).includes(expiry?.unit as string))
      messages.push("custom_expiry.unit must be second, minute, hour or day");
    if (!Number.isInteger(expiry?.expiry_duration) || expiry.expiry_duration < 1)
      messages.push("custom_expiry.expiry_duration must be a positive integer");
    else if (expiry.unit in UNIT_SECONDS) {
      const seconds = expiry.expiry_duration * UNIT_SECONDS[expiry.unit as keyof typeof UNIT_SECONDS];
      if (seconds < 20 || seconds > 180 * DAY_SECONDS)
        messages.push("custom_expiry must be between 20 seconds and 180 days");
    }
    if (expiry?.order_time !== undefined && !parseOrderTime(expiry.order_time))
      messages.push("custom_expiry.order_time must look like 2026-11-22 09:30:00 +0700");
  }
  return { request: messages.length ? undefined : (request as ChargeRequest), messages };
}

/** "2026-11-22 09:30:00 +0700" → instant. */
function parseOrderTime(text: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, wallClock, sign, hours, minutes] = match;
  const asJakarta = parseJakartaWallClock(wallClock!);
  if (!asJakarta) return undefined;
  const offsetMs = (Number(hours) * 60 + Number(minutes)) * 60_000 * (sign === "-" ? -1 : 1);
  return new Date(asJakarta.getTime() + 7 * 3_600_000 - offsetMs);
}

export function createMidtransSimulator(context: SimulatorContext, account: MidtransAccount): ProviderSimulator {
  const webhookUrl = (override: string | null) => override || notificationUrl(context, PROVIDER);

  async function notify(charge: SandboxCharge, now: Date) {
    const statusCode = NOTIFY_STATUS_CODE[charge.status] ?? "200";
    const grossAmount = grossAmountText(charge.amount);
    const body = {
      ...transactionBody(charge, statusCode, "midtrans payment notification"),
      signature_key: notificationSignature(charge.merchantReference, statusCode, grossAmount, account.serverKey),
    };
    const db = await context.db();
    return enqueueWebhook(
      db,
      { provider: PROVIDER, chargeId: charge.id, event: charge.status, url: charge.notificationUrl ?? webhookUrl(null), body: JSON.stringify(body) },
      now,
    );
  }

  async function move(charge: SandboxCharge, status: string, now: Date, extra: Partial<MidtransData> = {}) {
    const db = await context.db();
    const data = { ...chargeData<MidtransData>(charge), ...extra };
    const updated = await db.sandboxCharge.update({
      where: { id: charge.id },
      data: { status, data: data as unknown as Prisma.InputJsonValue, ...(status === "settlement" ? { paidAt: now } : {}) },
    });
    await notify(updated, now);
    return updated;
  }

  /** Codes past their deadline turn "expire" on every read, as they do at Midtrans. */
  async function expireIfDue(charge: SandboxCharge, now: Date) {
    return charge.status === "pending" && charge.expiresAt <= now ? move(charge, "expire", now) : charge;
  }

  async function createCharge(request: Request): Promise<Response> {
    const db = await context.db();
    const now = context.now();
    const { text, json } = await readJsonBody(request);
    if (json === undefined) return failure(413, "The request cannot be processed due to malformed syntax in the request body", {}, 200);

    const idempotencyKey = request.headers.get("idempotency-key") ?? request.headers.get("x-idempotency-key");
    if (idempotencyKey) {
      // Midtrans replays the first successful answer for a key, whatever the new body says.
      const stored = await findStoredAnswer(db, PROVIDER, idempotencyKey, now);
      if (stored) return new Response(stored.body, { status: stored.status, headers: { "Content-Type": "application/json" } });
    }

    const { request: charge, messages, paymentTypeOff } = validateChargeRequest(json);
    if (paymentTypeOff) return failure(402, "Payment channel is not activated.", {}, 200);
    if (!charge) return failure(400, "One or more parameters in the payload is invalid.", { validation_messages: messages }, 200);

    const orderId = charge.transaction_details.order_id;
    if (await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, merchantReference: orderId } })) {
      return failure(
        406,
        "The request could not be completed due to a conflict with the current state of the target resource, please try again",
        {},
        200,
      );
    }

    const expiry = charge.custom_expiry;
    const start = (expiry?.order_time && parseOrderTime(expiry.order_time)) || now;
    const lifetimeSeconds = expiry ? expiry.expiry_duration * UNIT_SECONDS[expiry.unit] : DAY_SECONDS;
    const store = charge.cstore.store as Store;
    const paymentCode = await uniquePaymentCode(db, PROVIDER, () =>
      store === "indomaret" ? `${newDigits(14)}` : `${newDigits(4)}${newReadableCode(8)}`.toUpperCase(),
    );
    const data: MidtransData = { transactionId: randomUUID(), transactionTime: toJakartaWallClock(now), fraudStatus: "accept" };
    const created = await db.sandboxCharge.create({
      data: {
        id: data.transactionId,
        provider: PROVIDER,
        merchantReference: orderId,
        store,
        amount: charge.transaction_details.gross_amount,
        paymentCode,
        status: "pending",
        expiresAt: new Date(start.getTime() + lifetimeSeconds * 1000),
        merchantName: context.merchantName,
        notificationUrl: webhookUrl(request.headers.get("x-override-notification")),
        request: json as Prisma.InputJsonValue,
        data: data as unknown as Prisma.InputJsonValue,
      },
    });
    const body = JSON.stringify(transactionBody(created, "201", "Success, cstore transaction is successful"));
    if (idempotencyKey) {
      await storeAnswer(db, PROVIDER, idempotencyKey, { status: 200, body, requestHash: hashRequest(text) }, now, IDEMPOTENCY_LIFETIME_MS);
    }
    await notify(created, now); // Midtrans notifies "pending" as soon as the code exists.
    return new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
  }

  async function status(id: string): Promise<Response> {
    const db = await context.db();
    const found = await findCharge(db, PROVIDER, id);
    if (!found) return failure(404, "Transaction doesn't exist.", {}, 404);
    const charge = await expireIfDue(found, context.now());
    return answer(200, transactionBody(charge, STATUS_CODE[charge.status] ?? "200", STATUS_MESSAGE[charge.status] ?? "Success"));
  }

  async function changeByApi(id: string, to: "cancel" | "expire"): Promise<Response> {
    const db = await context.db();
    const found = await findCharge(db, PROVIDER, id);
    if (!found) return failure(404, "Transaction doesn't exist.", {}, 404);
    const charge = await expireIfDue(found, context.now());
    if (charge.status !== "pending") return failure(412, "Merchant cannot modify the status of the transaction", {}, 200);
    const moved = await move(charge, to, context.now());
    return answer(200, transactionBody(moved, to === "cancel" ? "200" : "407", `Success, transaction is ${to === "cancel" ? "canceled" : "expired"}`));
  }

  return {
    id: PROVIDER,
    // Midtrans documents one notification form per status; nothing to choose.
    forms: [],

    async handle(request, path) {
      const db = await context.db();
      const credentials = basicCredentials(request.headers.get("authorization"));
      if (!credentials || !sameSecret(credentials.user, account.serverKey)) {
        return failure(401, "Transaction cannot be authorized with the current client/server key.", {}, 401);
      }
      return withOutage(
        db,
        PROVIDER,
        context.clientTimeoutMs,
        () => failure(500, "Sorry, Midtrans encountered internal server error. We will fix this soon.", {}, 500),
        async () => {
          const [version, first, second] = path;
          if (version !== "v2") return failure(404, "The requested resource is not found", {}, 404);
          if (request.method === "POST" && first === "charge" && !second) return createCharge(request);
          if (request.method === "GET" && first && second === "status") return status(decodeURIComponent(first));
          if (request.method === "POST" && first && (second === "cancel" || second === "expire")) {
            return changeByApi(decodeURIComponent(first), second);
          }
          return failure(404, "The requested resource is not found", {}, 404);
        },
      );
    },

    signWebhook() {
      // Midtrans signs inside the body (signature_key); the request itself carries no secret.
      return { "Content-Type": "application/json", "User-Agent": "Veritrans" };
    },

    nextRetryDelayMs(attemptsMade, lastStatus) {
      // Retries by our answer: 2xx none; 500 one; 503 four; 400/404 two; anything else five.
      const allowed =
        lastStatus === 500 ? 1 : lastStatus === 503 ? 4 : lastStatus === 400 || lastStatus === 404 ? 2 : 5;
      const retriesDone = attemptsMade - 1;
      if (retriesDone >= allowed) return undefined;
      return scheduledDelay(RETRY_MINUTES, retriesDone, context.timeScale);
    },

    describe(charge, now) {
      const expired = charge.status === "expire" || (charge.status === "pending" && charge.expiresAt <= now);
      const actions: CashierAction[] = [];
      // Cancel is the merchant dashboard's button (the same as POST /v2/{id}/cancel).
      if (charge.status === "pending" && !expired) actions.push("pay", "expire", "cancel");
      // Midtrans' documented reversal: an Indomaret settlement can turn into deny.
      if (charge.status === "settlement") actions.push("deny");
      return cashierView(PROVIDER, charge, {
        status: expired ? "expire" : charge.status,
        state: charge.status === "settlement" ? "paid" : expired ? "expired" : charge.status === "pending" ? "open" : "closed",
        actions,
      });
    },

    async perform(action, found) {
      const now = context.now();
      const charge = await expireIfDue(found, now);
      if (action === "pay") {
        if (charge.status !== "pending") return { ok: false, error: `This code is ${charge.status}; the till refuses it.` };
        await move(charge, "settlement", now, {
          settlementTime: toJakartaWallClock(now),
          approvalCode: newDigits(16),
        });
        return { ok: true };
      }
      if (action === "expire" || action === "cancel") {
        if (charge.status !== "pending") return { ok: false, error: `Only a pending code can ${action} (this one is ${charge.status}).` };
        await move(charge, action, now);
        return { ok: true };
      }
      if (action === "deny") {
        if (charge.status !== "settlement") return { ok: false, error: "Only a settled payment can be reversed." };
        await move(charge, "deny", now);
        return { ok: true };
      }
      return { ok: false, error: `Midtrans has no "${action}" action.` };
    },

    expireOverdue(now) {
      return expireOpenChargesPastDeadline(context, PROVIDER, ["pending"], now, (charge) => move(charge, "expire", now));
    },
  };
}
