import { randomUUID } from "node:crypto";
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
import { DOKU_TIMESTAMP, digestHeaderMatches, dokuDigest, dokuSignature, dokuSignatureMatches, dokuTimestamp } from "./signature";
import { mapDokuStatus } from "./status-map";
import {
  DOKU_INDOMARET_PATH,
  DOKU_SERVICE_ID,
  DOKU_STATUS_PATH,
  dokuErrorSchema,
  dokuNotificationSchema,
  dokuPaymentCodeResponseSchema,
  dokuStatusResponseSchema,
  parseDokuDate,
  parseDokuInstant,
  type DokuErrorDetail,
  type DokuPaymentCodeRequest,
} from "./wire";

export interface DokuConfig {
  clientId: string;
  secretKey: string;
  /** https://api-sandbox.doku.com, https://api.doku.com, or the local simulator. */
  baseUrl: string;
  /** The Alfa group's payment-code path: the docs and DOKU's plugins disagree (DOKU_ALFA_PATH). */
  alfaPath: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  /** The clock that stamps Request-Timestamp (DOKU rejects stale ones); tests pass theirs. */
  now?: () => Date;
  /** How far a notification's Request-Timestamp may be from its arrival; default 300 s. */
  toleranceSeconds?: number;
}

/**
 * DOKU signs Request-Timestamp with every notification and re-signs each retry, so a stale one is
 * a replay. DOKU publishes no window; ±5 minutes is what it holds our own requests to.
 */
export const DOKU_NOTIFICATION_TOLERANCE_SECONDS = 300;

// DOKU's own O2O pages publish no amount limits. Alfamart: PPRO's Alfamart page, a channel DOKU
// runs (https://developerhub.ppro.com/simple-api/docs/alfamart, "channel member tag doku"), lists
// IDR 10,000–5,000,000. Indomaret: no table at all, so the lowest Indomaret ceiling any provider
// here publishes (Monxa's Rp 2.500.000) is kept until DOKU confirms its own.
export const DOKU_LIMITS = {
  alfamart: { min: 10_000, max: 5_000_000 }, // PPRO Alfamart (via DOKU): min IDR 10,000, max IDR 5,000,000
  indomaret: { min: 10_000, max: 2_500_000 }, // none published by DOKU: conservative, to confirm with DOKU
} as const;

const PROVIDER = "doku" as const;

interface SentRequest {
  method: "GET" | "POST";
  requestId: string;
  /** Request-Target: the endpoint's path, as signed. */
  target: string;
}

export function createDokuProvider(config: DokuConfig): PaymentProvider {
  const clock = config.now ?? (() => new Date());

  /**
   * Sends one signed request. The answer comes back with what its Signature header says about it
   * (see checkResponseSignature); each caller decides what a mismatch costs.
   */
  async function send(sent: SentRequest, body?: string): Promise<Result<SignedAnswer, ProviderError>> {
    const timestamp = dokuTimestamp(clock());
    const signature = dokuSignature(config.secretKey, {
      clientId: config.clientId,
      requestId: sent.requestId,
      timestamp,
      target: sent.target,
      digest: body === undefined ? undefined : dokuDigest(body),
    });
    const response = await callProvider({
      provider: PROVIDER,
      method: sent.method,
      url: `${config.baseUrl}${sent.target}`,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        "Client-Id": config.clientId,
        "Request-Id": sent.requestId,
        "Request-Timestamp": timestamp,
        Signature: signature,
      },
      body,
      timeoutMs: config.timeoutMs,
      fetchImpl: config.fetchImpl,
    });
    if (!response.ok) return response;
    return ok({ response: response.value, signatureMismatch: checkResponseSignature(config, sent, response.value) });
  }

  return {
    id: PROVIDER,
    displayName: "DOKU",
    limits: DOKU_LIMITS,

    async createCharge(input) {
      // Request-Id is DOKU's idempotency key: the same id and body again is answered with the
      // first answer under HTTP 409, and no second code is made.
      const sent: SentRequest = {
        method: "POST",
        requestId: input.idempotencyKey,
        target: input.store === "indomaret" ? DOKU_INDOMARET_PATH : config.alfaPath,
      };
      const answer = await send(sent, JSON.stringify(buildPaymentCodeRequest(input)));
      if (!answer.ok) return answer;
      const issued = readPaymentCodeResponse(answer.value.response, input, sent.requestId);
      // A Signature that does not verify is recorded, not fatal, on an answer that carries a code
      // for our invoice. DOKU's signing guide describes the response signature, but DOKU's own
      // plugins never check it, so a mismatch is more likely a signing quirk than a forgery; and
      // a forged code cannot make an order paid: only a signed notification or the status API
      // (whose Signature is enforced) can. Discarding it would strand a code DOKU really issued.
      // An answer without a code or for another invoice is refused above either way.
      if (!issued.ok || !answer.value.signatureMismatch) return issued;
      return ok({ ...issued.value, notes: [...(issued.value.notes ?? []), answer.value.signatureMismatch] });
    },

    async getCharge(lookup: ChargeLookup) {
      const sent: SentRequest = {
        method: "GET",
        requestId: randomUUID(),
        target: `${DOKU_STATUS_PATH}/${encodeURIComponent(lookup.reference)}`,
      };
      const answer = await send(sent);
      if (!answer.ok) return answer;
      // A status answer decides whether an order is paid: one that is not provably DOKU's is not
      // used; routing checks again later.
      if (answer.value.signatureMismatch) {
        return err(unavailable(PROVIDER, `${answer.value.signatureMismatch}; this status answer is not used`, answer.value.response.status));
      }
      return readStatusResponse(answer.value.response);
    },

    async verifyWebhook(request: IncomingWebhook): Promise<Result<unknown, WebhookRejection>> {
      // DOKU's plugins answer 400 to a notification that fails these checks.
      const header = (name: string) => request.headers.get(name)?.trim() || undefined;
      const [clientId, requestId, timestamp, signature] = ["client-id", "request-id", "request-timestamp", "signature"].map(header);
      if (!clientId || !requestId || !timestamp || !signature) {
        return err({ status: 400, reason: "Client-Id, Request-Id, Request-Timestamp or Signature header is missing" });
      }
      if (clientId !== config.clientId) return err({ status: 400, reason: `Client-Id ${clientId} is not this merchant's` });
      const digestHeader = header("digest");
      if (digestHeader && !digestHeaderMatches(digestHeader, request.rawBody)) {
        return err({ status: 400, reason: "Digest header does not match the body" });
      }
      if (!DOKU_TIMESTAMP.test(timestamp)) {
        return err({ status: 400, reason: "Request-Timestamp is not a UTC time like 2020-09-22T01:51:00Z" });
      }
      const components = { clientId, requestId, timestamp, target: request.path, digest: dokuDigest(request.rawBody) };
      if (!dokuSignatureMatches(config.secretKey, components, signature)) {
        return err({ status: 400, reason: "Signature does not match" });
      }
      // Checked after the signature, so the timestamp itself is known to be DOKU's.
      const tolerance = config.toleranceSeconds ?? DOKU_NOTIFICATION_TOLERANCE_SECONDS;
      const skewSeconds = Math.abs(request.receivedAt.getTime() - Date.parse(timestamp)) / 1000;
      if (skewSeconds > tolerance) {
        return err({
          status: 400,
          reason: `Request-Timestamp is ${Math.round(skewSeconds)} s away from its arrival (tolerance ${tolerance} s): a replay?`,
        });
      }
      try {
        return ok(JSON.parse(request.rawBody) as unknown);
      } catch {
        return err({ status: 400, reason: "body is not JSON" });
      }
    },

    parseWebhook(payload: unknown): Result<NormalisedEvent, WebhookRejection> {
      const parsed = dokuNotificationSchema.safeParse(payload);
      if (!parsed.success) return err({ status: 400, reason: "not a DOKU notification" });
      const notification = parsed.data;
      const status = notification.transaction.status.toUpperCase();
      const isStorePayment = notification.service.id === DOKU_SERVICE_ID;
      const reading = readRupiahAmount(notification.order.amount, "DOKU order.amount");
      return ok({
        // One invoice has one code that is paid or fails once: DOKU's retries of that news
        // carry the same invoice and status.
        eventKey: `${notification.order.invoice_number}:${status}`,
        reference: notification.order.invoice_number,
        providerChargeId: notification.transaction.original_request_id,
        kind: isStorePayment ? mapDokuStatus(status) : "ignored",
        providerStatus: status,
        amount: reading.amount,
        occurredAt: parseDokuInstant(notification.transaction.date),
        ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
        ...(isStorePayment ? {} : { note: "not_a_store_payment" as const }),
      });
    },

    acknowledge(outcome: WebhookOutcome): Response {
      // DOKU retries anything but 2xx at 30 min, 6 h and 12 h; its plugins answer 400 to a bad
      // signature and 404 to an invoice they do not know.
      return answerWebhook(outcome, { ok: { status: "OK" } });
    },
  };
}

/** Whole minutes from now to the deadline, rounded up, at least one: DOKU counts in minutes. */
export function expiredTimeMinutes(input: Pick<CreateChargeInput, "now" | "expiresAt">): number {
  return Math.max(1, Math.ceil((input.expiresAt.getTime() - input.now.getTime()) / 60_000));
}

export function buildPaymentCodeRequest(input: CreateChargeInput): DokuPaymentCodeRequest {
  return {
    order: { invoice_number: input.reference, amount: input.amount },
    online_to_offline_info: {
      expired_time: expiredTimeMinutes(input),
      // A reusable code could be paid twice for one order.
      reusable_status: false,
      info: `Pembayaran ${input.merchantName}`,
    },
    customer: { name: input.customer.name, email: input.customer.email },
    ...(input.store === "alfamart"
      ? { alfa_info: { receipt: { footer_message: `Terima kasih telah berbelanja di ${input.merchantName}` } } }
      : {}),
  };
}

interface SignedAnswer {
  response: ProviderResponse;
  /** A merchant-readable line when the answer's Signature does not verify; absent otherwise. */
  signatureMismatch?: string;
}

/**
 * DOKU signs its answers like requests, with Response-Timestamp, our Client-Id and Request-Id,
 * and (for POST) the Digest of the answer's body. An answer without a Signature header is read as
 * it stands (DOKU's own plugins check no response signature at all); one whose Signature does not
 * verify is described, and each caller decides what that costs.
 */
function checkResponseSignature(config: DokuConfig, sent: SentRequest, response: ProviderResponse): string | undefined {
  const signature = response.headers.get("signature");
  if (!signature) return undefined;
  const valid = dokuSignatureMatches(
    config.secretKey,
    {
      clientId: config.clientId,
      requestId: sent.requestId,
      timestamp: response.headers.get("response-timestamp") ?? "",
      timestampHeader: "Response-Timestamp",
      target: sent.target,
      digest: sent.method === "POST" ? dokuDigest(response.text) : undefined,
    },
    signature,
  );
  if (valid) return undefined;
  return `DOKU's answer to ${sent.method} ${sent.target} (HTTP ${response.status}) carries a Signature that does not verify with our secret key`;
}

function readError(response: ProviderResponse): DokuErrorDetail | undefined {
  const parsed = dokuErrorSchema.safeParse(response.json);
  return parsed.success ? parsed.data : undefined;
}

function describe(status: number, error: DokuErrorDetail | undefined, fallback: string): string {
  if (!error) return `HTTP ${status}: ${fallback}`;
  return `HTTP ${status} ${error.code ?? "error"}: ${error.message ?? fallback}`;
}

function shopperCode(error: DokuErrorDetail | undefined): ShopperErrorCode {
  if (error?.code === "invalid_amount") return "amount_out_of_range";
  if (error?.code === "invalid_parameter" && /^customer\b/i.test(error.message ?? "")) return "invalid_customer_details";
  return "payment_rejected";
}

function rejected(status: number, error: DokuErrorDetail | undefined, message: string): ProviderError {
  return { provider: PROVIDER, kind: "rejected", httpStatus: status, code: error?.code ?? String(status), message, shopper: shopperCode(error) };
}

function readPaymentCodeResponse(response: ProviderResponse, input: CreateChargeInput, requestId: string): Result<IssuedCharge, ProviderError> {
  const { status } = response;
  // 409 with the payment-code body is DOKU replaying the answer to a repeated Request-Id.
  const issued = (status >= 200 && status < 300) || status === 409 ? dokuPaymentCodeResponseSchema.safeParse(response.json) : undefined;
  if (issued?.success) {
    const body = issued.data;
    if (body.order.invoice_number !== input.reference) {
      return err(rejected(status, undefined, `DOKU answered for invoice ${body.order.invoice_number}, not ${input.reference} (Request-Id reused?)`));
    }
    // Never shown when DOKU states another sum: the shopper would pay that at the till.
    const otherSum = otherSumIssued(readRupiahAmount(body.order.amount, "order.amount"), input.amount, "DOKU", body.order.invoice_number);
    if (otherSum) return err(unavailable(PROVIDER, otherSum, status));
    const info = body.online_to_offline_info;
    // DOKU's deadline (expired_date_utc when sent, else expired_date in Jakarta time), and never
    // later than the minutes we asked for: a deadline shown too late would cost the shopper the code.
    const requested = new Date(input.now.getTime() + expiredTimeMinutes(input) * 60_000);
    const stated = parseDokuInstant(info.expired_date_utc) ?? parseDokuDate(info.expired_date);
    return ok({
      providerChargeId: requestId,
      paymentCode: info.payment_code,
      expiresAt: stated && stated < requested ? stated : requested,
      status: "pending",
      providerStatus: "PENDING",
      raw: body,
    });
  }
  const error = readError(response);
  if (isRetryableStatus(status) || response.json === undefined) {
    return err(unavailable(PROVIDER, `DOKU payment code: ${describe(status, error, "no JSON body")}`, status));
  }
  if (status >= 200 && status < 300) {
    return err(unavailable(PROVIDER, `DOKU payment code: HTTP ${status} without online_to_offline_info.payment_code`, status));
  }
  switch (error?.code) {
    case "invalid_client_id":
    case "invalid_signature":
      return err(rejected(status, error, `DOKU refused our credentials (${describe(status, error, "unauthorized")}): check DOKU_CLIENT_ID and DOKU_SECRET_KEY`));
    case "invalid_request_timestamp":
      return err(rejected(status, error, `DOKU refused the Request-Timestamp (${describe(status, error, "")}): check the server clock`));
    case "duplicate_invoice_number":
      return err(rejected(status, error, `DOKU already has an invoice_number ${input.reference} (${describe(status, error, "")})`));
    case "duplicate_request_id":
      return err(rejected(status, error, `DOKU saw Request-Id ${requestId} with another body (${describe(status, error, "")})`));
    default:
      return err(rejected(status, error, `DOKU refused the payment code (${describe(status, error, "unexpected answer")})`));
  }
}

function readStatusResponse(response: ProviderResponse): Result<ChargeSnapshot, ProviderError> {
  const { status } = response;
  const error = readError(response);
  if (status === 404) {
    return err({
      provider: PROVIDER,
      kind: "not_found",
      httpStatus: 404,
      code: error?.code,
      message: `DOKU does not know this invoice (${describe(status, error, "not found")})`,
      shopper: "payment_rejected",
    });
  }
  if (isRetryableStatus(status) || response.json === undefined) {
    return err(unavailable(PROVIDER, `DOKU status: ${describe(status, error, "no JSON body")}`, status));
  }
  const parsed = status >= 200 && status < 300 ? dokuStatusResponseSchema.safeParse(response.json) : undefined;
  if (!parsed?.success) {
    return err(rejected(status, error, `DOKU status check failed (${describe(status, error, "no transaction.status")})`));
  }
  const body = parsed.data;
  const providerStatus = body.transaction.status.toUpperCase();
  const kind = mapDokuStatus(providerStatus);
  const reading = readRupiahAmount(body.order.amount, "DOKU order.amount");
  return ok({
    // A status word we do not know leaves the charge as it is: report it as pending.
    status: kind === "ignored" ? "pending" : kind,
    providerStatus,
    amount: reading.amount,
    paidAt: kind === "paid" ? parseDokuInstant(body.transaction.date) : undefined,
    ...(reading.amountConflict ? { amountConflict: reading.amountConflict } : {}),
    raw: body,
  });
}
