import { constantTimeEqual } from "@/lib/providers/crypto";
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
  ShopperErrorCode,
  WebhookOutcome,
  WebhookRejection,
} from "@/lib/providers/types";
import { err, ok, type Result } from "@/lib/result";
import { mapMonxaEvent, mapMonxaStatus } from "./status-map";
import {
  MONXA_CALLBACK_TOKEN_HEADER,
  MONXA_CHANNELS,
  monxaChargeSchema,
  monxaChargeStatusSchema,
  monxaErrorSchema,
  monxaWebhookSchema,
  readMonxaAmount,
  toMonxaAmount,
  type MonxaAmountUnit,
  type MonxaChargeRequest,
} from "./wire";

export interface MonxaConfig {
  /** `sk_test_…` in the sandbox. */
  secretKey: string;
  /** The dashboard's webhook token, echoed in `x-callback-token`. */
  callbackToken: string;
  /** https://api.monxa.io, or the local simulator. */
  baseUrl: string;
  amountUnit: MonxaAmountUnit;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

// Monxa's own per-channel limits, in rupiah, from its C-store guide's table (seed document
// shared/providers.md, "Monxa", Limits line; confirmed in its "second look" section).
export const MONXA_LIMITS = {
  alfamart: { min: 10_000, max: 5_000_000 }, // Monxa C-store guide: store_alfamart 10,000–5,000,000 IDR
  indomaret: { min: 10_000, max: 2_500_000 }, // Monxa C-store guide: store_indomaret 10,000–2,500,000 IDR
} as const;

const PROVIDER = "monxa" as const;

export function createMonxaProvider(config: MonxaConfig): PaymentProvider {
  const headers = (extra: Record<string, string> = {}) => jsonHeaders(`Bearer ${config.secretKey}`, extra);

  return {
    id: PROVIDER,
    displayName: "Monxa",
    limits: MONXA_LIMITS,

    async createCharge(input) {
      const response = await callProvider({
        provider: PROVIDER,
        method: "POST",
        url: `${config.baseUrl}/v1/charges`,
        // The guide names the header Idempotency-Key, the API reference x-idempotency-key: send both.
        headers: headers({ "Idempotency-Key": input.idempotencyKey, "x-idempotency-key": input.idempotencyKey }),
        body: JSON.stringify(buildChargeRequest(input, config.amountUnit)),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readChargeResponse(response.value, input, config.amountUnit);
    },

    async getCharge(lookup: ChargeLookup) {
      if (!lookup.providerChargeId) {
        // Monxa's status API looks charges up by its own id only; no search by reference_id is documented.
        return err(notFound(`no Monxa charge id is known for ${lookup.reference}, and Monxa finds charges by id only`));
      }
      const response = await callProvider({
        provider: PROVIDER,
        method: "GET",
        url: `${config.baseUrl}/v1/charges/${encodeURIComponent(lookup.providerChargeId)}`,
        headers: headers(),
        timeoutMs: config.timeoutMs,
        fetchImpl: config.fetchImpl,
      });
      if (!response.ok) return response;
      return readStatusResponse(response.value, config.amountUnit);
    },

    async verifyWebhook(request: IncomingWebhook): Promise<Result<unknown, WebhookRejection>> {
      // Monxa does not sign its webhooks: the dashboard token in a header is the only proof.
      const token = request.headers.get(MONXA_CALLBACK_TOKEN_HEADER);
      if (!token) return err({ status: 401, reason: "x-callback-token header is missing" });
      if (!constantTimeEqual(token, config.callbackToken)) {
        return err({ status: 403, reason: "x-callback-token does not match the dashboard token" });
      }
      try {
        return ok(JSON.parse(request.rawBody) as unknown);
      } catch {
        return err({ status: 400, reason: "body is not JSON" });
      }
    },

    parseWebhook(payload: unknown): Result<NormalisedEvent, WebhookRejection> {
      const parsed = monxaWebhookSchema.safeParse(payload);
      if (!parsed.success) {
        return err({
          status: 400,
          reason: "not a Monxa charge event: type (or event), data.id and data.reference_id are required",
        });
      }
      const { eventType, data, createdAt } = parsed.data;
      const kind = mapMonxaEvent(eventType);
      const reading = readMonxaAmount(data.amount, data.amount_str, config.amountUnit);
      return ok({
        // Keyed on the charge and its outcome, not on evt_…: a payment may be announced both as
        // charge.succeeded and as charge.completed, under two event ids (or under none).
        eventKey: `${data.id}:${kind}`,
        reference: data.reference_id,
        providerChargeId: data.id,
        kind,
        providerStatus: eventType,
        amount: reading.amount,
        currency: data.currency,
        occurredAt: toDate(data.paid_at ?? createdAt),
        ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
      });
    },

    acknowledge(outcome: WebhookOutcome): Response {
      // Monxa retries every answer that is not 2xx (see the simulator's schedule).
      return answerWebhook(outcome, { ok: { received: true } });
    },
  };
}

export function buildChargeRequest(input: CreateChargeInput, unit: MonxaAmountUnit): MonxaChargeRequest {
  // No expiry field is documented: Monxa sets the deadline itself and we show the one it returns.
  return {
    amount: toMonxaAmount(input.amount, unit),
    currency: "IDR",
    reference_id: input.reference,
    channel_code: MONXA_CHANNELS[input.store],
    channel_properties: { customer_name: input.customer.name },
    metadata: { merchant_name: input.merchantName },
    description: input.description,
  };
}

function toDate(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function notFound(message: string): ProviderError {
  return { provider: PROVIDER, kind: "not_found", httpStatus: 404, message, shopper: "payment_rejected" };
}

/** "402 amount_out_of_range: amount must be …" — what Monxa said, for the merchant. */
function describeAnswer(response: ProviderResponse): { code?: string; said: string } {
  const body = monxaErrorSchema.safeParse(response.json);
  if (!body.success) return { said: `${response.status} ${response.json === undefined ? "without a JSON body" : "with an unknown body"}` };
  const { code, message } = body.data.error;
  return { code, said: `${response.status} ${code}${message ? `: ${message}` : ""}` };
}

function rejected(response: ProviderResponse, code: string | undefined, message: string, shopper: ShopperErrorCode): ProviderError {
  return { provider: PROVIDER, kind: "rejected", httpStatus: response.status, code, message, shopper };
}

function readChargeResponse(response: ProviderResponse, input: CreateChargeInput, unit: MonxaAmountUnit): Result<IssuedCharge, ProviderError> {
  if (response.status >= 200 && response.status < 300) {
    const parsed = monxaChargeSchema.safeParse(response.json);
    if (!parsed.success) {
      // The code may exist at Monxa, but we cannot show it; another provider issues a fresh one
      // under another reference, and this one is never shown to anybody.
      return err(unavailable(PROVIDER, `Monxa answered ${response.status} without id, actions.display_code or actions.expires_at`, response.status));
    }
    const charge = parsed.data;
    // A code for another sum must never reach the shopper: with MONXA_AMOUNT_UNIT wrong for the
    // account, Rp 162.500 sent as "idr" to a minor-unit account is a code for Rp 1.625. It is
    // never shown, like an answer we cannot read, so another provider may issue the real one.
    const reading = readMonxaAmount(charge.amount, charge.amount_str, unit);
    const wrongSum =
      reading.amountConflict ??
      (reading.amount !== undefined && reading.amount !== input.amount
        ? `Monxa issued charge ${charge.id} for Rp ${reading.amount}, not the Rp ${input.amount} asked for; check MONXA_AMOUNT_UNIT`
        : undefined);
    if (wrongSum) return err(unavailable(PROVIDER, wrongSum, response.status));
    const kind = mapMonxaStatus(charge.status);
    return ok({
      providerChargeId: charge.id,
      paymentCode: charge.actions.display_code,
      // Monxa's deadline, not ours: it may give the code a longer life than the order asked for.
      expiresAt: new Date(charge.actions.expires_at),
      status: kind === "ignored" ? "pending" : kind,
      providerStatus: charge.status,
      raw: charge,
    });
  }
  const { code, said } = describeAnswer(response);
  if (isRetryableStatus(response.status)) return err(unavailable(PROVIDER, `Monxa answered ${said}`, response.status));
  switch (code) {
    case "unsupported_channel":
      return err(rejected(response, code, `Monxa does not offer ${MONXA_CHANNELS[input.store]} on this account (${said})`, "store_not_supported"));
    case "amount_out_of_range":
      return err(rejected(response, code, `Monxa refused the amount for ${MONXA_CHANNELS[input.store]} (${said})`, "amount_out_of_range"));
    case "duplicate_reference":
      return err(rejected(response, code, `Monxa already has a charge with reference_id ${input.reference} (${said})`, "payment_rejected"));
  }
  if (response.status === 401) return err(rejected(response, code, `Monxa refused the secret key (${said})`, "payment_rejected"));
  return err(rejected(response, code, `Monxa rejected the charge (${said})`, "payment_rejected"));
}

function readStatusResponse(response: ProviderResponse, unit: MonxaAmountUnit): Result<ChargeSnapshot, ProviderError> {
  if (response.status >= 200 && response.status < 300) {
    const parsed = monxaChargeStatusSchema.safeParse(response.json);
    if (!parsed.success) return err(unavailable(PROVIDER, `Monxa status answered ${response.status} without id and status`, response.status));
    const charge = parsed.data;
    const kind = mapMonxaStatus(charge.status);
    const reading = readMonxaAmount(charge.amount, charge.amount_str, unit);
    return ok({
      // An unknown status word leaves the charge as it is: report it as pending.
      status: kind === "ignored" ? "pending" : kind,
      providerStatus: charge.status,
      amount: reading.amount,
      currency: charge.currency,
      paidAt: kind === "paid" ? toDate(charge.paid_at) : undefined,
      ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
      raw: charge,
    });
  }
  const { code, said } = describeAnswer(response);
  if (response.status === 404) return err(notFound(`Monxa does not know this charge (${said})`));
  if (isRetryableStatus(response.status)) return err(unavailable(PROVIDER, `Monxa status answered ${said}`, response.status));
  const what = response.status === 401 ? "Monxa refused the secret key" : "Monxa refused the status request";
  return err(rejected(response, code, `${what} (${said})`, "payment_rejected"));
}
