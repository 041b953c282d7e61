import { createHash, randomUUID } from "node:crypto";
import type { Prisma, SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { Store } from "@/lib/domain";
import { newDigits } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/db/errors";
import { cashierView, chargeData, expireOpenChargesPastDeadline, findCharge, notificationUrl, uniquePaymentCode } from "../charges";
import { readForms, type FormChoices } from "../forms";
import { findStoredAnswer, hashRequest, storeAnswer } from "../idempotency";
import { enqueueWebhook, scheduledDelay } from "../outbox";
import { withOutage } from "../outage";
import type { CashierAction, ProviderSimulator, SimulatorContext } from "../types";
import { bodyDigest, digestMatches, HEADER_TIMESTAMP, headerSignature, headerTimestamp, signatureMatches } from "./signing";
import {
  ALFA_PLUGIN_PATH,
  ALFA_REFERENCE_PATH,
  DEFAULT_EXPIRED_MINUTES,
  DOKU_PROVIDER,
  FORMS,
  INDOMARET_PATH,
  INVOICE_MAX,
  jakartaDate,
  LIMITS,
  MAX_AMOUNT_DIGITS,
  MAX_EXPIRED_MINUTES,
  SERVICE_ID,
  STATUS_LAG_MS,
  STATUS_PATH,
  utcInstant,
  type DokuStatus,
  type PaymentCodeRequest,
} from "./wire";

// A local DOKU (non-SNAP Direct API, online-to-offline): its payment-code paths (both Alfa paths
// in circulation), HMAC header signatures checked on every request and put on every answer,
// Request-Timestamp freshness, Request-Id idempotency (409 with the first answer), its error
// bodies, expiry, the check-status API, and signed HTTP notifications retried at 30 min, 6 h and
// 12 h. DOKU notifies payments (SUCCESS) and failures (FAILED), not expiry: an expired code is
// only seen by asking. Where DOKU's pages differ (expired_date with or without expired_date_utc; a
// status API that lags the notification) it sends the form chosen on /sandbox (wire.ts, FORMS).

const PROVIDER = DOKU_PROVIDER;
/** How far Request-Timestamp may be from DOKU's clock: undocumented, assumed 5 minutes. */
const HEADER_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;
/** How long a Request-Id's answer is replayed: undocumented, assumed one day. */
const REQUEST_ID_LIFETIME_MS = 24 * 3_600_000;
/** Waits between notification attempts: retries 30 min, 6 h and 12 h after the first. */
const RETRY_MINUTES = [30, 330, 690] as const;

/** Acquirer, channel and the company code (BIN) the sandbox puts in front of its codes. */
const CHANNELS: Record<Store, { acquirer: string; channel: string; bin: string; howToPay: string }> = {
  indomaret: { acquirer: "INDOMARET", channel: "ONLINE_TO_OFFLINE_INDOMARET", bin: "3115", howToPay: "indomaret-online-to-offline" },
  alfamart: { acquirer: "ALFA", channel: "ONLINE_TO_OFFLINE_ALFA", bin: "8965", howToPay: "alfa-online-to-offline" },
};

const PAYMENT_CODE_PATHS: Record<string, Store> = {
  [INDOMARET_PATH]: "indomaret",
  [ALFA_PLUGIN_PATH]: "alfamart",
  [ALFA_REFERENCE_PATH]: "alfamart",
};

interface DokuData {
  /** Request-Id of the call that made the code: DOKU's transaction.original_request_id. */
  requestId: string;
  createdDate: string;
  /** When the transaction last changed state (creation, payment, failure, expiry). */
  transactionDate: string;
}

/** The merchant's DOKU account: its Client-Id and the secret key both sides sign with. */
export interface DokuAccount {
  clientId: string;
  secretKey: string;
}

interface Signing {
  requestId: string;
  target: string;
  method: string;
}

function errorBody(code: string, message: string, type = "invalid_request_error") {
  return { error: { code, message, type } };
}

type Problem = { code: string; message: string };

/** Checks a payment-code request the way DOKU does; the first problem found is reported. */
function validatePaymentCodeRequest(body: unknown, store: Store): { request: PaymentCodeRequest } | Problem {
  const invalid = (message: string): Problem => ({ code: "invalid_parameter", message });
  if (typeof body !== "object" || body === null) return invalid("Request body is required");
  const request = body as Partial<Record<keyof PaymentCodeRequest, Record<string, unknown>>>;
  const order = request.order;
  if (!order || typeof order !== "object") return invalid("order is required");
  const invoice = order.invoice_number;
  if (typeof invoice !== "string" || !invoice.trim() || invoice.length > INVOICE_MAX) {
    return invalid(`order.invoice_number is required, at most ${INVOICE_MAX} characters`);
  }
  const amount = order.amount;
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1 || String(amount).length > MAX_AMOUNT_DIGITS) {
    return invalid(`order.amount must be a whole number of rupiah, at most ${MAX_AMOUNT_DIGITS} digits`);
  }
  const info = request.online_to_offline_info;
  if (!info || typeof info !== "object") return invalid("online_to_offline_info is required");
  if (typeof info.reusable_status !== "boolean") return invalid("online_to_offline_info.reusable_status is required (true or false)");
  const minutes = info.expired_time;
  if (minutes !== undefined && (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXPIRED_MINUTES)) {
    return invalid("online_to_offline_info.expired_time must be a whole number of minutes, at most 8 digits");
  }
  if (info.info !== undefined && typeof info.info !== "string") return invalid("online_to_offline_info.info must be a string");
  const customer = request.customer;
  if (!customer || typeof customer !== "object" || typeof customer.name !== "string" || !customer.name.trim()) {
    return invalid("customer.name is required");
  }
  if (customer.name.length > 255) return invalid("customer.name must be at most 255 characters");
  if (customer.email !== undefined && (typeof customer.email !== "string" || customer.email.length > 128 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customer.email))) {
    return invalid("customer.email is not a valid email address");
  }
  const footer = (request.alfa_info?.receipt as Record<string, unknown> | undefined)?.footer_message;
  if (footer !== undefined && typeof footer !== "string") return invalid("alfa_info.receipt.footer_message must be a string");
  const limits = LIMITS[store];
  if (amount < limits.min || amount > limits.max) {
    return { code: "invalid_amount", message: `Amount must be between ${limits.min} and ${limits.max} for ${CHANNELS[store].acquirer}` };
  }
  return { request: body as PaymentCodeRequest };
}

/** The Request-Target DOKU sees: the request's own path segments, as sent (still encoded). */
function requestTarget(request: Request, path: string[]): string {
  const segments = new URL(request.url).pathname.split("/").filter(Boolean);
  return `/${segments.slice(segments.length - path.length).join("/")}`;
}

/** DOKU's Request-Id for a notification: one per notification, the same on every retry. */
function notificationRequestId(body: string): string {
  const hex = createHash("sha256").update(body, "utf8").digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function createDokuSimulator(context: SimulatorContext, account: DokuAccount): ProviderSimulator {
  /** Every answer to a known client is signed as DOKU signs its responses. */
  function answerText(status: number, text: string, signing?: Signing): Response {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (signing) {
      const timestamp = headerTimestamp(context.now());
      headers["Client-Id"] = account.clientId;
      headers["Request-Id"] = signing.requestId;
      headers["Response-Timestamp"] = timestamp;
      headers.Signature = headerSignature(account.secretKey, {
        clientId: account.clientId,
        requestId: signing.requestId,
        timestamp,
        timestampHeader: "Response-Timestamp",
        target: signing.target,
        digest: signing.method === "POST" ? bodyDigest(text) : undefined,
      });
    }
    return new Response(text, { status, headers });
  }
  const answer = (status: number, body: unknown, signing?: Signing) => answerText(status, JSON.stringify(body), signing);

  const forms = async () => readForms(await context.db(), PROVIDER, FORMS);

  /** expired_date in Jakarta time, and expired_date_utc beside it when that form is chosen. */
  function expiryFields(charge: SandboxCharge, chosen: FormChoices) {
    return {
      expired_date: jakartaDate(charge.expiresAt),
      ...(chosen.expiredDate === "jakarta-with-utc" ? { expired_date_utc: utcInstant(charge.expiresAt) } : {}),
    };
  }

  function transactionBody(charge: SandboxCharge, chosen: FormChoices, shown: { status: string; date: string } = {
    status: charge.status,
    date: chargeData<DokuData>(charge).transactionDate,
  }) {
    const data = chargeData<DokuData>(charge);
    const channel = CHANNELS[charge.store];
    return {
      service: { id: SERVICE_ID },
      acquirer: { id: channel.acquirer },
      channel: { id: channel.channel },
      order: { invoice_number: charge.merchantReference, amount: charge.amount },
      online_to_offline_info: { payment_code: charge.paymentCode, ...expiryFields(charge, chosen) },
      transaction: { status: shown.status, date: shown.date, original_request_id: data.requestId },
    };
  }

  /**
   * With the lagging form, the status API still shows a payment's code as it was before (PENDING,
   * dated at creation) until 60 s × the time scale after the payment, as DOKU's guide warns.
   */
  function statusAnswerBody(charge: SandboxCharge, chosen: FormChoices, now: Date) {
    const lagging =
      chosen.statusApi === "lags-60s" &&
      charge.status === "SUCCESS" &&
      charge.paidAt !== null &&
      now.getTime() < charge.paidAt.getTime() + STATUS_LAG_MS * context.timeScale;
    if (!lagging) return transactionBody(charge, chosen);
    return transactionBody(charge, chosen, { status: "PENDING", date: headerTimestamp(charge.createdAt) });
  }

  function paymentCodeBody(charge: SandboxCharge, info: string | undefined, chosen: FormChoices) {
    const howToPay = `${CHANNELS[charge.store].howToPay}/${charge.paymentCode}`;
    return {
      order: { invoice_number: charge.merchantReference, amount: charge.amount },
      online_to_offline_info: {
        payment_code: charge.paymentCode,
        ...(info !== undefined ? { info } : {}),
        how_to_pay_page: `https://sandbox.doku.com/how-to-pay/v2/${howToPay}`,
        how_to_pay_api: `https://sandbox.doku.com/how-to-pay-api/v2/${howToPay}`,
        created_date: chargeData<DokuData>(charge).createdDate,
        ...expiryFields(charge, chosen),
      },
    };
  }

  async function move(charge: SandboxCharge, status: DokuStatus, now: Date) {
    const db = await context.db();
    const data: DokuData = { ...chargeData<DokuData>(charge), transactionDate: headerTimestamp(now) };
    const updated = await db.sandboxCharge.update({
      where: { id: charge.id },
      data: { status, data: data as unknown as Prisma.InputJsonValue, ...(status === "SUCCESS" ? { paidAt: now } : {}) },
    });
    if (status === "SUCCESS" || status === "FAILED") {
      await enqueueWebhook(
        db,
        {
          provider: PROVIDER,
          chargeId: updated.id,
          event: status,
          url: updated.notificationUrl ?? notificationUrl(context, PROVIDER),
          body: JSON.stringify(transactionBody(updated, await forms())),
        },
        now,
      );
    }
    return updated;
  }

  /** A code past its deadline reads EXPIRED; DOKU sends no notification for it. */
  async function expireIfDue(charge: SandboxCharge, now: Date) {
    return charge.status === "PENDING" && charge.expiresAt <= now ? move(charge, "EXPIRED", now) : charge;
  }

  async function createPaymentCode(store: Store, text: string, signing: Signing): Promise<Response> {
    const db = await context.db();
    const now = context.now();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return answer(400, errorBody("invalid_parameter", "Request body must be JSON"), signing);
    }

    // Request-Id is DOKU's idempotency key: the same id and body get the first answer again,
    // under HTTP 409 Conflict; the same id with another request is refused.
    const requestHash = hashRequest(`${signing.target}\n${text}`);
    const stored = await findStoredAnswer(db, PROVIDER, signing.requestId, now);
    if (stored) {
      return stored.requestHash === requestHash
        ? answerText(409, stored.body, signing)
        : answer(409, errorBody("duplicate_request_id", "Request-Id has already been used for a different request"), signing);
    }

    const checked = validatePaymentCodeRequest(json, store);
    if (!("request" in checked)) return answer(400, errorBody(checked.code, checked.message), signing);
    const { order, online_to_offline_info: info } = checked.request;
    const duplicateInvoice = () =>
      answer(400, errorBody("duplicate_invoice_number", `Invoice number ${order.invoice_number} has already been used`), signing);
    if (await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, merchantReference: order.invoice_number } })) {
      return duplicateInvoice();
    }

    const paymentCode = await uniquePaymentCode(db, PROVIDER, () => `${CHANNELS[store].bin}${newDigits(12)}`);
    const minutes = info.expired_time ?? DEFAULT_EXPIRED_MINUTES;
    const data: DokuData = {
      requestId: signing.requestId,
      createdDate: jakartaDate(now),
      transactionDate: headerTimestamp(now),
    };
    const row = {
      id: randomUUID(),
      provider: PROVIDER,
      merchantReference: order.invoice_number,
      store,
      amount: order.amount,
      paymentCode,
      status: "PENDING" satisfies DokuStatus,
      expiresAt: new Date(now.getTime() + minutes * 60_000),
      merchantName: context.merchantName,
      notificationUrl: notificationUrl(context, PROVIDER),
      request: json as Prisma.InputJsonValue,
      data: data as unknown as Prisma.InputJsonValue,
    };
    let created: SandboxCharge;
    try {
      created = await db.sandboxCharge.create({ data: row });
    } catch (error) {
      // Two requests raced with one invoice_number: the database keeps one.
      if (isUniqueViolation(error)) return duplicateInvoice();
      throw error;
    }
    const body = JSON.stringify(paymentCodeBody(created, info.info, await forms()));
    await storeAnswer(db, PROVIDER, signing.requestId, { status: 200, body, requestHash }, now, REQUEST_ID_LIFETIME_MS);
    return answerText(200, body, signing);
  }

  async function checkStatus(id: string, signing: Signing): Promise<Response> {
    const db = await context.db();
    // DOKU finds a transaction by its invoice_number or by the Request-Id that created it.
    const found =
      (await findCharge(db, PROVIDER, id)) ??
      (await db.sandboxCharge.findFirst({ where: { provider: PROVIDER, data: { path: ["requestId"], equals: id } } }));
    if (!found) return answer(404, errorBody("not_found", "Transaction not found"), signing);
    const now = context.now();
    const charge = await expireIfDue(found, now);
    return answer(200, statusAnswerBody(charge, await forms(), now), signing);
  }

  return {
    id: PROVIDER,
    forms: FORMS,

    async handle(request, path) {
      const db = await context.db();
      const text = await request.text();
      const target = requestTarget(request, path);
      const header = (name: string) => request.headers.get(name)?.trim() || undefined;
      const [clientId, requestId, timestamp, signature] = ["client-id", "request-id", "request-timestamp", "signature"].map(header);
      if (!clientId || !requestId || !timestamp || !signature || requestId.length > 128) {
        return answer(
          400,
          errorBody("invalid_header_request", "Client-Id, Request-Id (at most 128 characters), Request-Timestamp and Signature headers are required"),
        );
      }
      if (clientId !== account.clientId) return answer(401, errorBody("invalid_client_id", "Client-Id is not registered"));

      const signing: Signing = { requestId, target, method: request.method };
      const isPost = request.method === "POST";
      if (!HEADER_TIMESTAMP.test(timestamp)) {
        return answer(400, errorBody("invalid_request_timestamp", "Request-Timestamp must look like 2020-09-22T01:51:00Z (UTC, whole seconds)"), signing);
      }
      const digestHeader = header("digest");
      if (isPost && digestHeader && !digestMatches(digestHeader, text)) {
        return answer(401, errorBody("invalid_signature", "Digest does not match the request body"), signing);
      }
      const components = { clientId, requestId, timestamp, target, digest: isPost ? bodyDigest(text) : undefined };
      if (!signatureMatches(account.secretKey, components, signature)) {
        return answer(401, errorBody("invalid_signature", "Invalid Header Signature"), signing);
      }
      if (Math.abs(Date.parse(timestamp) - context.now().getTime()) > HEADER_TIMESTAMP_TOLERANCE_MS) {
        return answer(400, errorBody("invalid_request_timestamp", "Request-Timestamp is too far from the current time"), signing);
      }

      return withOutage(
        db,
        PROVIDER,
        context.clientTimeoutMs,
        () => answer(500, errorBody("internal_error", "Internal server error", "api_error"), signing),
        async () => {
          const store = PAYMENT_CODE_PATHS[target];
          if (isPost && store) return createPaymentCode(store, text, signing);
          const invoice = path.length === 4 ? path[3] : undefined;
          if (request.method === "GET" && invoice && `/${path.slice(0, 3).join("/")}` === STATUS_PATH) {
            return checkStatus(decodeURIComponent(invoice), signing);
          }
          return answer(404, errorBody("not_found", `No ${request.method} ${target}`), signing);
        },
      );
    },

    signWebhook(body, target, now) {
      const requestId = notificationRequestId(body);
      const timestamp = headerTimestamp(now);
      const digest = bodyDigest(body);
      return {
        "Content-Type": "application/json",
        "Client-Id": account.clientId,
        "Request-Id": requestId,
        "Request-Timestamp": timestamp,
        Digest: digest,
        // Request-Target is the path of the merchant's notification URL.
        Signature: headerSignature(account.secretKey, { clientId: account.clientId, requestId, timestamp, target: target.pathname, digest }),
      };
    },

    nextRetryDelayMs(attemptsMade) {
      // Three retries on any answer but 2xx, whatever the status.
      return scheduledDelay(RETRY_MINUTES, attemptsMade - 1, context.timeScale);
    },

    describe(charge, now) {
      const overdue = charge.status === "PENDING" && charge.expiresAt <= now;
      const status = overdue ? "EXPIRED" : charge.status;
      const actions: CashierAction[] = status === "PENDING" ? ["pay", "fail", "expire"] : [];
      return cashierView(PROVIDER, charge, {
        status,
        state: status === "SUCCESS" ? "paid" : status === "EXPIRED" ? "expired" : status === "PENDING" ? "open" : "closed",
        actions,
      });
    },

    async perform(action, found) {
      const now = context.now();
      const charge = await expireIfDue(found, now);
      const to: Partial<Record<CashierAction, DokuStatus>> = { pay: "SUCCESS", fail: "FAILED", expire: "EXPIRED" };
      const target = to[action];
      if (!target) return { ok: false, error: `DOKU has no "${action}" action.` };
      if (charge.status !== "PENDING") return { ok: false, error: `This code is ${charge.status}; the till refuses it.` };
      await move(charge, target, now);
      return { ok: true };
    },

    expireOverdue(now) {
      return expireOpenChargesPastDeadline(context, PROVIDER, ["PENDING"], now, (charge) => move(charge, "EXPIRED", now));
    },
  };
}
