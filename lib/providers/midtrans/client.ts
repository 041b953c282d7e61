import { basicAuth, constantTimeEqual } from "@/lib/providers/crypto";
import { callProvider, isRetryableStatus, jsonHeaders, type ProviderResponse, unavailable } from "@/lib/providers/http";
import { answerWebhook } from "@/lib/providers/webhook-answer";
import type {
  ChargeLookup,
  ChargeSnapshot,
  CreateChargeInput,
  IncomingWebhook,
  IssuedCharge,
  NormalisedEvent,
  PaymentProvider,
  ProviderError,
  WebhookOutcome,
  WebhookRejection,
} from "@/lib/providers/types";
import { otherSumIssued, readRupiahAmount } from "@/lib/providers/rupiah-amount";
import { err, ok, type Result } from "@/lib/result";
import { parseJakartaWallClock, toJakartaWallClock } from "@/lib/time";
import { midtransSignature } from "./signature";
import { mapMidtransStatus } from "./status-map";
import {
  midtransNotificationSchema,
  midtransTransactionSchema,
  type MidtransChargeRequest,
  type MidtransTransaction,
} from "./wire";

export interface MidtransConfig {
  serverKey: string;
  /** https://api.sandbox.midtrans.com, https://api.midtrans.com, or the local simulator. */
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

// Midtrans' cstore pages (docs.midtrans.com/reference/alfamart-1, …/indomaret-1) publish no amount
// limits. Until Midtrans confirms its own, each store gets the narrowest range any provider table
// here publishes for it: min Rp 10.000 (Monxa, Xendit, PPRO), max Rp 2.500.000 (Fazz's ALFAMART
// and Monxa's Indomaret ceilings).
export const MIDTRANS_LIMITS = {
  alfamart: { min: 10_000, max: 2_500_000 }, // none published by Midtrans: conservative, to confirm
  indomaret: { min: 10_000, max: 2_500_000 }, // none published by Midtrans: conservative, to confirm
} as const;

const PROVIDER = "midtrans" as const;

export function createMidtransProvider(config: MidtransConfig): PaymentProvider {
  const headers = (extra: Record<string, string> = {}) => jsonHeaders(basicAuth(config.serverKey, ""), extra);

  return {
    id: PROVIDER,
    displayName: "Midtrans",
    limits: MIDTRANS_LIMITS,

    async createCharge(input) {
      const body = buildChargeRequest(input);
      const response = await callProvider({
        provider: PROVIDER,
        method: "POST",
        url: `${config.baseUrl}/v2/charge`,
        // Midtrans replays the first successful answer for a repeated key (5 minutes).
        headers: headers({ "Idempotency-Key": input.idempotencyKey }),
        body: JSON.stringify(body),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readChargeResponse(response.value, input);
    },

    async getCharge(lookup: ChargeLookup) {
      const response = await callProvider({
        provider: PROVIDER,
        method: "GET",
        url: `${config.baseUrl}/v2/${encodeURIComponent(lookup.reference)}/status`,
        headers: headers(),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readStatusResponse(response.value);
    },

    // POST /v2/{order_id}/cancel: a pending cstore code becomes "cancel"; anything else answers
    // status_code 412 ("Merchant cannot modify the status of the transaction").
    async cancelCharge(lookup: ChargeLookup) {
      const response = await callProvider({
        provider: PROVIDER,
        method: "POST",
        url: `${config.baseUrl}/v2/${encodeURIComponent(lookup.reference)}/cancel`,
        headers: headers(),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readStatusResponse(response.value);
    },

    async verifyWebhook(request: IncomingWebhook): Promise<Result<unknown, WebhookRejection>> {
      let payload: unknown;
      try {
        payload = JSON.parse(request.rawBody);
      } catch {
        return err({ status: 400, reason: "body is not JSON" });
      }
      const parsed = midtransNotificationSchema.safeParse(payload);
      if (!parsed.success) {
        return err({ status: 400, reason: "order_id, status_code, gross_amount or signature_key is missing" });
      }
      const { order_id, status_code, gross_amount, signature_key } = parsed.data;
      const expected = midtransSignature(order_id, status_code, gross_amount, config.serverKey);
      if (!constantTimeEqual(expected, signature_key.toLowerCase())) {
        return err({ status: 401, reason: "signature_key does not match" });
      }
      return ok(parsed.data);
    },

    parseWebhook(payload: unknown): Result<NormalisedEvent, WebhookRejection> {
      const parsed = midtransNotificationSchema.safeParse(payload);
      if (!parsed.success) return err({ status: 400, reason: "not a Midtrans notification" });
      const notification = parsed.data;
      const kind = mapMidtransStatus(notification.transaction_status, notification.fraud_status);
      // gross_amount is rupiah with two decimals ("162500.00"); anything else is not an amount we report.
      const reading = readRupiahAmount(notification.gross_amount, "Midtrans gross_amount");
      return ok({
        // Midtrans has no event id; one transaction in one state is one event.
        eventKey: `${notification.transaction_id}:${notification.transaction_status}:${notification.fraud_status ?? ""}`,
        reference: notification.order_id,
        providerChargeId: notification.transaction_id,
        kind,
        providerStatus: notification.transaction_status,
        amount: reading.amount,
        currency: notification.currency,
        occurredAt: parseJakartaWallClock(notification.settlement_time ?? notification.transaction_time ?? ""),
        ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
      });
    },

    acknowledge(outcome: WebhookOutcome): Response {
      // Midtrans retries by our status: 2xx never; 500 once; 503 four times; 400/404 twice.
      return answerWebhook(outcome, { ok: { status: "ok" } });
    },
  };
}

export function buildChargeRequest(input: CreateChargeInput): MidtransChargeRequest {
  const seconds = Math.max(20, Math.round((input.expiresAt.getTime() - input.now.getTime()) / 1000));
  const wholeMinutes = seconds % 60 === 0;
  const [firstName, ...rest] = input.customer.name.trim().split(/\s+/);
  return {
    payment_type: "cstore",
    transaction_details: { order_id: input.reference, gross_amount: input.amount },
    cstore:
      input.store === "indomaret"
        ? { store: "indomaret", message: input.merchantName.slice(0, 20) }
        : {
            store: "alfamart",
            alfamart_free_text_1: `Pembayaran ${input.merchantName}`.slice(0, 40),
            alfamart_free_text_2: `Ref ${input.reference}`.slice(0, 40),
            alfamart_free_text_3: "Simpan struk sebagai bukti bayar".slice(0, 40),
          },
    customer_details: {
      first_name: firstName?.slice(0, 255),
      last_name: rest.join(" ").slice(0, 255) || undefined,
      email: input.customer.email,
      phone: input.customer.phone,
    },
    item_details: input.items.map((item, index) => ({
      id: (item.sku ?? `item-${index + 1}`).slice(0, 50),
      price: item.unitPrice,
      quantity: item.quantity,
      name: item.name.slice(0, 50),
    })),
    custom_expiry: {
      order_time: `${toJakartaWallClock(input.now)} +0700`,
      expiry_duration: wholeMinutes ? seconds / 60 : seconds,
      unit: wholeMinutes ? "minute" : "second",
    },
  };
}

function readBody(response: ProviderResponse): MidtransTransaction | undefined {
  const parsed = midtransTransactionSchema.safeParse(response.json);
  return parsed.success ? parsed.data : undefined;
}

/** The body's status_code is the truth; Midtrans may send an error inside an HTTP 200. */
function effectiveStatusCode(response: ProviderResponse, body: MidtransTransaction | undefined): number {
  const fromBody = Number(body?.status_code);
  return Number.isInteger(fromBody) && fromBody > 0 ? fromBody : response.status;
}

function describe(body: MidtransTransaction | undefined, fallback: string): string {
  const details = body?.validation_messages?.length ? `: ${body.validation_messages.join("; ")}` : "";
  return `${body?.status_message ?? fallback}${details}`;
}

function rejected(code: number, message: string, shopper: ProviderError["shopper"] = "payment_rejected"): ProviderError {
  return { provider: PROVIDER, kind: "rejected", httpStatus: code, code: String(code), message, shopper };
}

function readChargeResponse(response: ProviderResponse, input: CreateChargeInput): Result<IssuedCharge, ProviderError> {
  const body = readBody(response);
  const code = effectiveStatusCode(response, body);

  if (code === 201 && body?.payment_code && body.transaction_id) {
    // Never shown when Midtrans states another sum: the shopper would pay that at the till.
    const otherSum = otherSumIssued(readRupiahAmount(body.gross_amount, "gross_amount"), input.amount, "Midtrans", body.transaction_id);
    if (otherSum) return err(unavailable(PROVIDER, otherSum, code));
    return ok({
      providerChargeId: body.transaction_id,
      paymentCode: body.payment_code,
      expiresAt: parseJakartaWallClock(body.expiry_time ?? "") ?? input.expiresAt,
      status: "pending",
      providerStatus: body.transaction_status ?? "pending",
      raw: body,
    });
  }
  if (isRetryableStatus(code) || !body) {
    return err(unavailable(PROVIDER, `Midtrans answered ${code}: ${describe(body, "no JSON body")}`, code));
  }
  if (code === 202) {
    // The first request with this Idempotency-Key is still being processed.
    return err(unavailable(PROVIDER, "Midtrans is still processing an identical request (202)", code));
  }
  switch (code) {
    case 401:
      return err(rejected(code, `Midtrans refused the server key (401): ${describe(body, "unauthorized")}`));
    case 402:
      return err(rejected(code, `cstore is not enabled on this Midtrans account (402): ${describe(body, "")}`));
    case 406:
      return err(rejected(code, `Midtrans already has an order_id ${input.reference} (406)`));
    case 400:
      return err(rejected(code, `Midtrans rejected the charge (400): ${describe(body, "validation error")}`));
    default:
      return err(rejected(code, `Midtrans answered ${code}: ${describe(body, "unexpected answer")}`));
  }
}

function readStatusResponse(response: ProviderResponse): Result<ChargeSnapshot, ProviderError> {
  const body = readBody(response);
  const code = effectiveStatusCode(response, body);
  if (code === 404) {
    return err({
      provider: PROVIDER,
      kind: "not_found",
      httpStatus: 404,
      message: "Midtrans does not know this order_id",
      shopper: "payment_rejected",
    });
  }
  if (!body?.transaction_status) {
    if (isRetryableStatus(code) || !body) {
      return err(unavailable(PROVIDER, `Midtrans status answered ${code}: ${describe(body, "no JSON body")}`, code));
    }
    return err(rejected(code, `Midtrans status answered ${code}: ${describe(body, "no transaction_status")}`));
  }
  const kind = mapMidtransStatus(body.transaction_status, body.fraud_status);
  const reading = readRupiahAmount(body.gross_amount, "Midtrans gross_amount");
  return ok({
    // An unknown status word leaves the charge as it is: report it as pending.
    status: kind === "ignored" ? "pending" : kind,
    providerStatus: body.transaction_status,
    amount: reading.amount,
    currency: body.currency,
    ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
    paidAt: kind === "paid" ? parseJakartaWallClock(body.settlement_time ?? "") : undefined,
    // Midtrans' Indomaret reversal: a deny that still carries the settlement's time.
    settledBeforeReversal: kind === "reversed" && Boolean(body.settlement_time),
    raw: body,
  });
}
