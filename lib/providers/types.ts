import type { ProviderId, Store } from "@/lib/domain";
import type { ChargeOutcome } from "@/lib/orders/charge-status";
import type { Result } from "@/lib/result";

// The one contract every payment provider adapter fulfils. Each adapter speaks its provider's
// documented wire format; everything above this line speaks only these types.

export interface AmountLimits {
  min: number;
  max: number;
}

export interface ChargeCustomer {
  name: string;
  email: string;
  phone: string;
}

export interface ChargeItem {
  sku?: string | null;
  name: string;
  unitPrice: number;
  quantity: number;
}

export interface CreateChargeInput {
  /** Sent so that a retried request cannot create a second code. Stable per charge attempt. */
  idempotencyKey: string;
  /** Our reference for this charge, unique across providers (the provider's order/invoice id). */
  reference: string;
  amount: number;
  store: Store;
  expiresAt: Date;
  now: Date;
  /** The name the cashier reads out and the shopper confirms. */
  merchantName: string;
  description: string;
  customer: ChargeCustomer;
  items: ChargeItem[];
}

export interface IssuedCharge {
  /** The provider's own id for the charge, used for status look-ups. */
  providerChargeId: string;
  paymentCode: string;
  expiresAt: Date;
  status: ChargeOutcome;
  providerStatus: string;
  /**
   * What the merchant should know about how this code was issued, for the order's timeline
   * (e.g. DOKU's response signature did not match, but the code DOKU issued is kept).
   */
  notes?: string[];
  raw: unknown;
}

export interface ChargeLookup {
  reference: string;
  providerChargeId: string | null;
}

export interface ChargeSnapshot {
  status: ChargeOutcome;
  providerStatus: string;
  amount?: number;
  /** The currency code as the provider wrote it, when its answer names one. */
  currency?: string;
  paidAt?: Date;
  /**
   * A reversed charge the provider shows as settled first (Midtrans keeps settlement_time on a
   * deny): money was taken, even when we never heard of the settlement.
   */
  settledBeforeReversal?: boolean;
  /**
   * Set when the provider's own amount fields disagree with each other (e.g. Monxa's `amount`
   * against its human-readable `amount_str`): the paid amount is not known, so the order is never
   * marked paid on this answer, and the merchant is shown this text.
   */
  amountConflict?: string;
  raw: unknown;
}

/**
 * - `unavailable`: timeout, connection refused, 5xx, rate limit. Another provider may be tried.
 * - `rejected`: the provider refused this request (4xx). Trying elsewhere would not help.
 * - `not_found`: the provider does not know the charge.
 */
export type ProviderErrorKind = "unavailable" | "rejected" | "not_found";

/** What the shopper is told, as a message code the UI translates (lib/i18n/messages). */
export type ShopperErrorCode =
  | "provider_unavailable"
  | "payment_rejected"
  | "amount_out_of_range"
  | "store_not_supported"
  | "invalid_customer_details";

export interface ProviderError {
  provider: ProviderId;
  kind: ProviderErrorKind;
  httpStatus?: number;
  /** The provider's own error code, when it gives one. */
  code?: string;
  /** For the merchant and the logs: what the provider said. */
  message: string;
  /** For the shopper: plain words, no internals. */
  shopper: ShopperErrorCode;
}

export interface IncomingWebhook {
  rawBody: string;
  headers: Headers;
  /** The path the request arrived on, e.g. /api/webhooks/doku (DOKU signs it). */
  path: string;
  receivedAt: Date;
}

export interface WebhookRejection {
  status: 400 | 401 | 403;
  reason: string;
}

export type EventKind = ChargeOutcome | "ignored";

export interface NormalisedEvent {
  /** Unique per provider for one state of one charge: duplicates share it. */
  eventKey: string;
  reference?: string;
  providerChargeId?: string;
  kind: EventKind;
  providerStatus: string;
  amount?: number;
  /** The currency code as the provider wrote it, when its notification names one. */
  currency?: string;
  occurredAt?: Date;
  /** As on ChargeSnapshot: the notification's amount fields disagree; never paid on this. */
  amountConflict?: string;
  /** Anything worth showing on the timeline, as a key the console translates. */
  note?: ProviderNote;
}

/**
 * funds_available: the money has reached the merchant's balance (Fazz "completed");
 * not_a_store_payment: news about another of the provider's services (DOKU).
 */
export type ProviderNote = "funds_available" | "not_a_store_payment";

/** What the shared use case decided; each provider turns it into the answer it expects. */
export type WebhookOutcome =
  | { kind: "applied" | "duplicate" | "ignored" }
  | { kind: "rejected"; status: 400 | 401 | 403; reason: string }
  | { kind: "unknown_charge"; reason: string }
  | { kind: "retry_later"; reason: string };

export interface PaymentProvider {
  readonly id: ProviderId;
  readonly displayName: string;
  /** Inclusive amount limits per store this provider serves; a missing store is not served. */
  readonly limits: Partial<Record<Store, AmountLimits>>;

  createCharge(input: CreateChargeInput): Promise<Result<IssuedCharge, ProviderError>>;
  getCharge(lookup: ChargeLookup): Promise<Result<ChargeSnapshot, ProviderError>>;
  /**
   * Voids a pending code, for the providers that document a way to; the answer is the charge as
   * it stands afterwards. Absent: the code stays payable at the store until its deadline.
   */
  cancelCharge?(lookup: ChargeLookup): Promise<Result<ChargeSnapshot, ProviderError>>;
  /** Authenticity only, exactly as the provider documents it. Returns the parsed payload. */
  verifyWebhook(request: IncomingWebhook): Promise<Result<unknown, WebhookRejection>>;
  parseWebhook(payload: unknown): Result<NormalisedEvent, WebhookRejection>;
  acknowledge(outcome: WebhookOutcome): Response;
}
