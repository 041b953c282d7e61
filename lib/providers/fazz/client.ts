import type { Store } from "@/lib/domain";
import { basicAuth, constantTimeEqual } from "@/lib/providers/crypto";
import { callProvider, isRetryableStatus, unavailable, type ProviderResponse } from "@/lib/providers/http";
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
  ShopperErrorCode,
  WebhookOutcome,
  WebhookRejection,
} from "@/lib/providers/types";
import { otherSumIssued, readRupiahAmount } from "@/lib/providers/rupiah-amount";
import { err, ok, type Result } from "@/lib/result";
import { FAZZ_SIGNATURE_HEADER, FAZZ_SIGNATURE_HEADER_ALIAS, fazzSignature } from "./signature";
import { fazzStatusNote, mapFazzStatus } from "./status-map";
import {
  FAZZ_CONTENT_TYPE,
  fazzErrorDocumentSchema,
  fazzPaymentDocumentSchema,
  fazzPaymentListSchema,
  parseFazzTime,
  toFazzTime,
  type FazzCreatePaymentRequest,
  type FazzError,
  type FazzPayment,
  type FazzRetailOutlet,
} from "./wire";

export interface FazzConfig {
  apiKey: string;
  secretKey: string;
  /** The callback signing secret (`ss_…`) from Fazz's dashboard. */
  signingSecret: string;
  /** Ends in /api/v4: https://sandbox-id.xfers.com/api/v4, https://id.xfers.com/api/v4, or the simulator. */
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

// Fazz's own per-outlet limits (seed document shared/providers.md, "Fazz", Limits line, from Fazz's
// retail-outlet table) — the reverse of Monxa's: Alfamart takes less, Indomaret more.
export const FAZZ_LIMITS = {
  alfamart: { min: 15_000, max: 2_500_000 }, // Fazz: ALFAMART 15,000–2,500,000
  indomaret: { min: 10_000, max: 5_000_000 }, // Fazz: INDOMARET 10,000–5,000,000
} as const;

export const FAZZ_RETAIL_OUTLET: Record<Store, FazzRetailOutlet> = { alfamart: "ALFAMART", indomaret: "INDOMARET" };

const PROVIDER = "fazz" as const;

export function createFazzProvider(config: FazzConfig): PaymentProvider {
  const headers = {
    Accept: FAZZ_CONTENT_TYPE,
    "Content-Type": FAZZ_CONTENT_TYPE,
    Authorization: basicAuth(config.apiKey, config.secretKey),
  };
  const get = (url: string) =>
    callProvider({ provider: PROVIDER, method: "GET", url, headers, timeoutMs: config.timeoutMs, fetchImpl: config.fetchImpl });

  return {
    id: PROVIDER,
    displayName: "Fazz",
    limits: FAZZ_LIMITS,

    async createCharge(input) {
      // Fazz has no idempotency header: referenceId is its key, and a repeated referenceId gives
      // back the payment it already made. Our reference is unique per attempt, like the key.
      const response = await callProvider({
        provider: PROVIDER,
        method: "POST",
        url: `${config.baseUrl}/payments`,
        headers,
        body: JSON.stringify(buildPaymentRequest(input)),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readCreateResponse(response.value, input);
    },

    async getCharge(lookup: ChargeLookup) {
      // Without Fazz's id (a create that timed out) the payment is found by its referenceId.
      if (!lookup.providerChargeId) {
        const query = new URLSearchParams({ "filter[referenceId]": lookup.reference });
        const response = await get(`${config.baseUrl}/payments?${query}`);
        if (!response.ok) return response;
        return readListResponse(response.value, lookup.reference);
      }
      const response = await get(`${config.baseUrl}/payments/${encodeURIComponent(lookup.providerChargeId)}`);
      if (!response.ok) return response;
      return readStatusResponse(response.value);
    },

    async verifyWebhook(request: IncomingWebhook): Promise<Result<unknown, WebhookRejection>> {
      const presented = request.headers.get(FAZZ_SIGNATURE_HEADER) ?? request.headers.get(FAZZ_SIGNATURE_HEADER_ALIAS);
      if (!presented) return err({ status: 401, reason: `${FAZZ_SIGNATURE_HEADER} header is missing` });
      // The signature covers the raw bytes, so it is checked before the body is even parsed.
      const expected = fazzSignature(request.rawBody, config.signingSecret);
      if (!constantTimeEqual(expected, presented.trim().toLowerCase())) {
        return err({ status: 401, reason: `${FAZZ_SIGNATURE_HEADER} does not match` });
      }
      let payload: unknown;
      try {
        payload = JSON.parse(request.rawBody);
      } catch {
        return err({ status: 400, reason: "body is not JSON" });
      }
      const parsed = fazzPaymentDocumentSchema.safeParse(payload);
      if (!parsed.success) return err({ status: 400, reason: "not a Fazz payment document (data.id, data.attributes.status)" });
      return ok(parsed.data);
    },

    parseWebhook(payload: unknown): Result<NormalisedEvent, WebhookRejection> {
      const parsed = fazzPaymentDocumentSchema.safeParse(payload);
      if (!parsed.success) return err({ status: 400, reason: "not a Fazz payment document" });
      const payment = parsed.data.data;
      const status = payment.attributes.status.toLowerCase();
      const reading = readRupiahAmount(payment.attributes.amount, "Fazz amount");
      return ok({
        // Fazz sends no event id; one payment in one status is one event (paid ≠ completed).
        eventKey: `${payment.id}:${status}`,
        reference: payment.attributes.referenceId,
        providerChargeId: payment.id,
        kind: mapFazzStatus(status),
        providerStatus: status,
        amount: reading.amount,
        currency: payment.attributes.currency,
        note: fazzStatusNote(status),
        ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
      });
    },

    acknowledge(outcome: WebhookOutcome): Response {
      // Fazz retries anything but 2xx every 5 minutes, so only a handled callback gets a 2xx.
      return answerWebhook(outcome, { ok: { status: "ok" } });
    },
  };
}

export function buildPaymentRequest(input: CreateChargeInput): FazzCreatePaymentRequest {
  return {
    data: {
      attributes: {
        paymentMethodType: "retail_outlet",
        amount: input.amount,
        currency: "IDR",
        referenceId: input.reference,
        expiredAt: toFazzTime(input.expiresAt),
        description: input.description,
        paymentMethodOptions: { retailOutletName: FAZZ_RETAIL_OUTLET[input.store], displayName: input.merchantName },
      },
    },
  };
}

function readPayment(response: ProviderResponse): FazzPayment | undefined {
  const parsed = fazzPaymentDocumentSchema.safeParse(response.json);
  return parsed.success ? parsed.data.data : undefined;
}

function firstError(response: ProviderResponse): FazzError | undefined {
  const parsed = fazzErrorDocumentSchema.safeParse(response.json);
  return parsed.success ? parsed.data.errors[0] : undefined;
}

function describeError(response: ProviderResponse, error: FazzError | undefined): string {
  if (!error) return `HTTP ${response.status}, ${response.json === undefined ? "no JSON body" : "no errors[] in the body"}`;
  const heading = [error.code, error.title].filter(Boolean).join(" ");
  return `${response.status} ${heading}${error.detail ? `: ${error.detail}` : ""}`;
}

/** Which plain-words problem the shopper sees, from Fazz's code and the field it points at. */
function shopperCode(error: FazzError | undefined): ShopperErrorCode {
  const pointer = error?.source?.pointer ?? "";
  if (error?.code?.startsWith("TXN") || pointer.endsWith("/amount")) return "amount_out_of_range";
  if (pointer.endsWith("/retailOutletName")) return "store_not_supported";
  return "payment_rejected";
}

/** Every non-2xx answer, in our terms. */
function failure(response: ProviderResponse, action: string): ProviderError {
  const error = firstError(response);
  const message = `Fazz ${action} failed (${describeError(response, error)})`;
  if (isRetryableStatus(response.status) || error?.code === "001") return unavailable(PROVIDER, message, response.status);
  const base = { provider: PROVIDER, httpStatus: response.status, code: error?.code, message } as const;
  if (response.status === 404 || error?.code === "004") return { ...base, kind: "not_found", shopper: "payment_rejected" };
  if (response.status === 401 || error?.code === "002") {
    const message = `Fazz refused the API key and secret key (${describeError(response, error)})`;
    return { ...base, kind: "rejected", message, shopper: "payment_rejected" };
  }
  return { ...base, kind: "rejected", shopper: shopperCode(error) };
}

function isSuccess(response: ProviderResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function readCreateResponse(response: ProviderResponse, input: CreateChargeInput): Result<IssuedCharge, ProviderError> {
  if (!isSuccess(response)) {
    const error = failure(response, `to create a payment for ${input.reference}`);
    // A create that names an unknown resource is a wrong base URL, not a missing charge.
    return err(error.kind === "not_found" ? { ...error, kind: "rejected" } : error);
  }
  const payment = readPayment(response);
  const paymentCode = payment?.attributes.paymentMethod?.instructions?.paymentCode;
  if (!payment || !paymentCode) {
    return err(unavailable(PROVIDER, `Fazz answered ${response.status} without a payment code for ${input.reference}`, response.status));
  }
  // Never shown when Fazz states another sum: the shopper would pay that at the till.
  const otherSum = otherSumIssued(readRupiahAmount(payment.attributes.amount, "amount"), input.amount, "Fazz", payment.id);
  if (otherSum) return err(unavailable(PROVIDER, otherSum, response.status));
  const kind = mapFazzStatus(payment.attributes.status);
  return ok({
    providerChargeId: payment.id,
    paymentCode,
    expiresAt: parseFazzTime(payment.attributes.expiredAt) ?? input.expiresAt,
    status: kind === "ignored" ? "pending" : kind,
    providerStatus: payment.attributes.status,
    raw: response.json,
  });
}

function snapshot(payment: FazzPayment, raw: unknown): ChargeSnapshot {
  const kind = mapFazzStatus(payment.attributes.status);
  const reading = readRupiahAmount(payment.attributes.amount, "Fazz amount");
  return {
    // An unknown status word leaves the charge as it is: report it as pending.
    status: kind === "ignored" ? "pending" : kind,
    providerStatus: payment.attributes.status,
    amount: reading.amount,
    currency: payment.attributes.currency,
    ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
    raw,
  };
}

function readStatusResponse(response: ProviderResponse): Result<ChargeSnapshot, ProviderError> {
  if (!isSuccess(response)) return err(failure(response, "status check"));
  const payment = readPayment(response);
  if (!payment) return err(unavailable(PROVIDER, `Fazz status answered ${response.status} without a payment document`, response.status));
  return ok(snapshot(payment, response.json));
}

function readListResponse(response: ProviderResponse, reference: string): Result<ChargeSnapshot, ProviderError> {
  if (!isSuccess(response)) return err(failure(response, `search for referenceId ${reference}`));
  const parsed = fazzPaymentListSchema.safeParse(response.json);
  if (!parsed.success) return err(unavailable(PROVIDER, `Fazz payment search answered ${response.status} without a list`, response.status));
  const payment = parsed.data.data.find((candidate) => candidate.attributes.referenceId === reference);
  if (!payment) {
    return err({
      provider: PROVIDER,
      kind: "not_found",
      httpStatus: response.status,
      message: `Fazz has no payment with referenceId ${reference}`,
      shopper: "payment_rejected",
    });
  }
  return ok(snapshot(payment, response.json));
}
