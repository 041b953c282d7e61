import type { Store } from "@/lib/domain";
import { constantTimeEqual } from "@/lib/providers/crypto";
import { callProvider, isRetryableStatus, jsonHeaders, parseJson, type ProviderResponse, unavailable } from "@/lib/providers/http";
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
import { martisSignature, readMartisSignature } from "./signature";
import { mapMartisStatus } from "./status-map";
import {
  describeFail,
  MARTIS_CHARGES_PATH,
  MARTIS_DESCRIPTION_MAX,
  martisErrorSchema,
  martisFailSchema,
  martisSuccessSchema,
  martisWebhookSchema,
  parseMartisTime,
  type MartisCharge,
  type MartisChargeRequest,
} from "./wire";

export interface MartisConfig {
  apiKey: string;
  webhookSecret: string;
  /** https://api-staging.martis.id, https://api.martis.id, or the local simulator. */
  baseUrl: string;
  /** Martis lists no store channel yet: the method and channel codes are configuration. */
  paymentMethod: string;
  channels: Record<Store, string>;
  signatureHeader: string;
  timestampHeader: string;
  /** The string to sign, with {timestamp} and {body} placeholders. */
  signedPayload: string;
  toleranceSeconds: number;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

// Martis publishes no store channel and so no limits for one (seed document shared/providers.md,
// "Martis"). Until Martis confirms its own, each store gets the narrowest range any provider
// table here publishes for it: min Rp 10.000 (Monxa, Xendit, PPRO), max Rp 2.500.000 (Fazz's
// ALFAMART and Monxa's Indomaret ceilings).
export const MARTIS_LIMITS = {
  alfamart: { min: 10_000, max: 2_500_000 }, // none published by Martis: conservative, to confirm
  indomaret: { min: 10_000, max: 2_500_000 }, // none published by Martis: conservative, to confirm
} as const;

const PROVIDER = "martis" as const;

export function createMartisProvider(config: MartisConfig): PaymentProvider {
  const headers = (extra: Record<string, string> = {}) => jsonHeaders(`Bearer ${config.apiKey}`, extra);

  return {
    id: PROVIDER,
    displayName: "Martis",
    limits: MARTIS_LIMITS,

    async createCharge(input) {
      const response = await callProvider({
        provider: PROVIDER,
        method: "POST",
        url: `${config.baseUrl}${MARTIS_CHARGES_PATH}`,
        // Martis replays the cached answer for the same key and the same payload (24 h) and
        // answers 409 for the same key with another payload. The body is built only from the
        // input, so a repeated call with one input is a replay, never a second code.
        headers: headers({ "Idempotency-Key": input.idempotencyKey }),
        body: JSON.stringify(buildChargeRequest(input, config)),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readChargeResponse(response.value, input);
    },

    async getCharge(lookup: ChargeLookup) {
      // Martis looks charges up by its own id only (no documented search by client_reference_id).
      if (!lookup.providerChargeId) {
        return err({
          provider: PROVIDER,
          kind: "not_found",
          message: `Martis charges are looked up by their id, and none was recorded for ${lookup.reference}`,
          shopper: "payment_rejected",
        });
      }
      const response = await callProvider({
        provider: PROVIDER,
        method: "GET",
        url: `${config.baseUrl}${MARTIS_CHARGES_PATH}/${encodeURIComponent(lookup.providerChargeId)}`,
        headers: headers(),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readStatusResponse(response.value);
    },

    async verifyWebhook(request: IncomingWebhook): Promise<Result<unknown, WebhookRejection>> {
      const timestamp = request.headers.get(config.timestampHeader)?.trim();
      const signatureHeader = request.headers.get(config.signatureHeader);
      if (!timestamp || !signatureHeader) {
        return err({ status: 401, reason: `${config.timestampHeader} or ${config.signatureHeader} header is missing` });
      }
      if (!/^\d{1,12}$/.test(timestamp)) {
        return err({ status: 400, reason: `${config.timestampHeader} is not a Unix timestamp in seconds` });
      }
      const signature = readMartisSignature(signatureHeader);
      const expected = martisSignature(config.webhookSecret, config.signedPayload, timestamp, request.rawBody);
      if (!signature || !constantTimeEqual(expected, signature)) {
        return err({ status: 401, reason: "Wrong signature" });
      }
      // Checked after the signature, so the timestamp itself is known to be Martis'.
      const skewSeconds = Math.abs(request.receivedAt.getTime() / 1000 - Number(timestamp));
      if (skewSeconds > config.toleranceSeconds) {
        return err({
          status: 401,
          reason: `${config.timestampHeader} is ${Math.round(skewSeconds)} s away from now (tolerance ${config.toleranceSeconds} s): a replay?`,
        });
      }
      const payload = parseJson(request.rawBody);
      if (payload === undefined) return err({ status: 400, reason: "body is not JSON" });
      return ok(payload);
    },

    parseWebhook(payload: unknown): Result<NormalisedEvent, WebhookRejection> {
      const parsed = martisWebhookSchema.safeParse(payload);
      if (!parsed.success) return err({ status: 400, reason: "not a Martis webhook: event, data.id or data.status is missing" });
      const { id, event, data, created_at } = parsed.data;
      const occurredAt = parseMartisTime(data.updated_at) ?? parseMartisTime(created_at);
      const kind = event.startsWith("payment_charge.")
        ? mapMartisStatus(data.status, { expiresAt: parseMartisTime(data.expires_at), failedAt: occurredAt })
        : "ignored";
      const reading = readRupiahAmount(data.amount, "Martis amount");
      return ok({
        // The event id is the same on every retry of one event; without one, a charge in one
        // state announced by one event name is one event.
        eventKey: id ?? `${data.id}:${event}`,
        reference: data.client_reference_id ?? undefined,
        providerChargeId: data.id,
        kind,
        providerStatus: data.status,
        amount: reading.amount,
        currency: data.currency,
        occurredAt: kind === "paid" ? (parseMartisTime(data.paid_at) ?? occurredAt) : occurredAt,
        ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
      });
    },

    acknowledge(outcome: WebhookOutcome): Response {
      // Martis retries every answer that is not 2xx (assumed schedule: see the simulator).
      // JSend, like the rest of Martis' API.
      return answerWebhook(outcome, {
        ok: { status: "success", data: null },
        error: (reason, status) =>
          status === 503 ? { status: "error", message: reason } : { status: "fail", data: { [status === 404 ? "charge" : "webhook"]: [reason] } },
      });
    },
  };
}

export function buildChargeRequest(input: CreateChargeInput, config: Pick<MartisConfig, "paymentMethod" | "channels">): MartisChargeRequest {
  return {
    payment_method: config.paymentMethod,
    channel: config.channels[input.store],
    amount: input.amount,
    currency: "idr",
    customer_details: { name: input.customer.name, email: input.customer.email, phone_number: input.customer.phone },
    client_reference_id: input.reference,
    expires_at: input.expiresAt.toISOString(),
    items: input.items.map((item) => ({ name: item.name, price: item.unitPrice, quantity: item.quantity })),
    description: input.description.slice(0, MARTIS_DESCRIPTION_MAX),
  };
}

/** Which words the shopper gets, from the fields Martis complained about. */
function shopperFor(fields: string[]): ShopperErrorCode {
  if (fields.some((field) => field === "amount")) return "amount_out_of_range";
  if (fields.some((field) => field === "channel" || field === "payment_method")) return "store_not_supported";
  if (fields.some((field) => field.startsWith("customer_details"))) return "invalid_customer_details";
  return "payment_rejected";
}

/** Turns any non-success answer into a ProviderError, quoting what Martis said. */
function failure(response: ProviderResponse, action: string): ProviderError {
  const { status } = response;
  const fail = martisFailSchema.safeParse(response.json);
  const error = martisErrorSchema.safeParse(response.json);
  const said = fail.success ? describeFail(fail.data) : error.success ? error.data.message : response.text.trim().slice(0, 200) || "no body";
  if (isRetryableStatus(status)) return unavailable(PROVIDER, `Martis ${action} answered ${status}: ${said}`, status);
  const message =
    status === 401
      ? `Martis refused the API key (401): ${said}`
      : status === 409
        ? `Martis reports a conflict (409): ${said}`
        : `Martis ${action} answered ${status}: ${said}`;
  return {
    provider: PROVIDER,
    kind: status === 404 ? "not_found" : "rejected",
    httpStatus: status,
    code: String(status),
    message,
    shopper: fail.success ? shopperFor(Object.keys(fail.data.data)) : "payment_rejected",
  };
}

function readCharge(response: ProviderResponse): MartisCharge | undefined {
  const parsed = martisSuccessSchema.safeParse(response.json);
  return parsed.success && response.status >= 200 && response.status < 300 ? parsed.data.data : undefined;
}

function readChargeResponse(response: ProviderResponse, input: CreateChargeInput): Result<IssuedCharge, ProviderError> {
  const charge = readCharge(response);
  if (!charge) {
    if (response.status >= 200 && response.status < 300) {
      return err(unavailable(PROVIDER, `Martis answered ${response.status} without a JSend success body`, response.status));
    }
    const error = failure(response, "create charge");
    // On create, a 404 means a wrong base URL or path, not an unknown charge.
    return err(error.kind === "not_found" ? { ...error, kind: "rejected" } : error);
  }
  // Never shown when Martis states another sum: the shopper would pay that at the till.
  const otherSum = otherSumIssued(readRupiahAmount(charge.amount, "amount"), input.amount, "Martis", charge.id);
  if (otherSum) return err(unavailable(PROVIDER, otherSum, response.status));
  if (!charge.payment_code) {
    // A charge without a store code cannot be paid at a till; let routing try another provider.
    return err(unavailable(PROVIDER, `Martis created charge ${charge.id} without data.payment_code (is the channel a store channel?)`, response.status));
  }
  return ok({
    providerChargeId: charge.id,
    paymentCode: charge.payment_code,
    expiresAt: parseMartisTime(charge.expires_at) ?? input.expiresAt,
    status: "pending",
    providerStatus: charge.status,
    raw: response.json,
  });
}

function readStatusResponse(response: ProviderResponse): Result<ChargeSnapshot, ProviderError> {
  const charge = readCharge(response);
  if (!charge) {
    if (response.status >= 200 && response.status < 300) {
      return err(unavailable(PROVIDER, `Martis status answered ${response.status} without a JSend success body`, response.status));
    }
    return err(failure(response, "charge status"));
  }
  const kind = mapMartisStatus(charge.status, {
    expiresAt: parseMartisTime(charge.expires_at),
    failedAt: parseMartisTime(charge.updated_at) ?? new Date(),
  });
  const reading = readRupiahAmount(charge.amount, "Martis amount");
  return ok({
    // An unknown status word leaves the charge as it is: report it as pending.
    status: kind === "ignored" ? "pending" : kind,
    providerStatus: charge.status,
    amount: reading.amount,
    currency: charge.currency,
    ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
    paidAt: kind === "paid" ? parseMartisTime(charge.paid_at) : undefined,
    raw: response.json,
  });
}
