import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { ProviderId, Store } from "@/lib/domain";
import { newId } from "@/lib/ids";
import { planRoute } from "@/lib/providers/routing";
import type {
  ChargeCustomer,
  ChargeItem,
  CreateChargeInput,
  IssuedCharge,
  PaymentProvider,
  ProviderError,
  ShopperErrorCode,
} from "@/lib/providers/types";
import type { OrderDeps } from "./deps";

// Asks providers for a payment code in the order of preference. A provider that is down (timeout,
// 5xx, refused connection) hands over to the next; a provider that refuses the request (4xx) ends
// the attempt, since another provider would be asked the same wrong thing. Every attempt keeps
// its own reference and idempotency key, so no provider is ever asked twice for one code.
//
// Each call is written down (ChargeRequest) before it is made. A provider may make the code and
// still fail to answer; when the same order is asked for again (same order reference, same
// request), that call is repeated exactly, with the same reference, idempotency key and body,
// and the provider answers with the code it already made. Nothing is left behind unrecorded,
// and the order's reference is never burnt.

export interface ChargeAttempt {
  chargeId: string;
  attempt: number;
  provider: ProviderId;
  reference: string;
  idempotencyKey: string;
  startedAt: Date;
}

export interface FailedAttempt extends ChargeAttempt {
  error: ProviderError;
}

export interface SucceededAttempt extends ChargeAttempt {
  issued: IssuedCharge;
}

export type IssueError =
  | {
      code: "amount_out_of_range";
      message: string;
      shopper: ShopperErrorCode;
      limits: { min: number; max: number };
      bound: "min" | "max";
    }
  | { code: "store_not_supported"; message: string; shopper: ShopperErrorCode }
  | { code: "provider_rejected"; message: string; shopper: ShopperErrorCode; provider: ProviderId }
  | { code: "providers_unavailable"; message: string; shopper: ShopperErrorCode }
  /** Another request for the same order is asking a provider right now. */
  | { code: "request_in_progress"; message: string; shopper: ShopperErrorCode };

export type IssueResult =
  | { ok: true; issued: SucceededAttempt; failures: FailedAttempt[] }
  | { ok: false; error: IssueError; failures: FailedAttempt[] };

/** A call already made for the order's reference (ChargeRequest), as issueCharge reads it. */
export interface EarlierCall {
  id: string;
  attempt: number;
  provider: string;
  reference: string;
  idempotencyKey: string;
  requestHash: string;
  sentAt: Date;
  expiresAt: Date;
  failureKind: string | null;
  failureReason: string | null;
}

export interface IssueRequest {
  orderReference: string;
  /** The order's calls already made (findEarlierCalls), oldest first. */
  earlier: readonly EarlierCall[];
  /** The attempt number of the first try (1 for a new order, next after existing charges). */
  firstAttempt: number;
  store: Store;
  amount: number;
  expiresAt: Date;
  customer: ChargeCustomer;
  items: ChargeItem[];
  description: string;
  only?: ProviderId;
  exclude?: ProviderId[];
}

/** A call being made: a fresh one, or the repeat of an earlier one whose answer was lost. */
interface Call extends ChargeAttempt {
  expiresAt: Date;
}

export async function issueCharge(deps: OrderDeps, request: IssueRequest): Promise<IssueResult> {
  const plan = planRoute({
    store: request.store,
    amount: request.amount,
    preference: deps.routing[request.store],
    providers: deps.providers,
    only: request.only,
    exclude: request.exclude,
  });
  if (!plan.ok) {
    const error: IssueError =
      plan.reason === "amount_out_of_range"
        ? { code: plan.reason, message: plan.message, shopper: "amount_out_of_range", limits: plan.limits, bound: plan.bound }
        : { code: plan.reason, message: plan.message, shopper: "store_not_supported" };
    return { ok: false, error, failures: [] };
  }

  const requestHash = hashOrderRequest(request, deps.merchantName);
  const { earlier } = request;
  // Every call of this order not stored yet, this run's included: the order records them all.
  const unissued = new Map<string, FailedAttempt>(earlier.map((call) => [call.id, earlierFailure(call)]));
  const failures = () => [...unissued.values()].sort((a, b) => a.attempt - b.attempt);
  const thisRun: FailedAttempt[] = [];
  let nextAttempt = Math.max(request.firstAttempt, ...earlier.map((call) => call.attempt + 1));

  const make = async (provider: PaymentProvider, call: Call) => {
    const result = await provider.createCharge(chargeInput(deps, request, call));
    if (result.ok) {
      unissued.delete(call.chargeId);
      return { ok: true as const, issued: { ...attemptOf(call), issued: result.value } };
    }
    const failure = { ...attemptOf(call), error: result.error };
    unissued.set(call.chargeId, failure);
    thisRun.push(failure);
    await deps.db.chargeRequest.update({
      where: { id: call.chargeId },
      data: { failureKind: result.error.kind, failureReason: result.error.message },
    });
    return { ok: false as const, error: result.error };
  };

  for (const provider of plan.providers) {
    // An earlier call for the same order whose answer was lost (or never came) may have made a
    // code: the same call again, while the code would still be valid, gets that code back.
    const lost = earlier.find(
      (call) =>
        call.provider === provider.id &&
        call.requestHash === requestHash &&
        call.failureKind !== "rejected" &&
        call.expiresAt > deps.now(),
    );
    if (lost) {
      const { id, attempt, reference, idempotencyKey, sentAt, expiresAt } = lost;
      const repeat: Call = { chargeId: id, attempt, provider: provider.id, reference, idempotencyKey, startedAt: sentAt, expiresAt };
      const result = await make(provider, repeat);
      if (result.ok) return { ok: true, issued: result.issued, failures: failures() };
      if (result.error.kind === "unavailable") continue;
      // Refused (its idempotency window has passed, say): that code stays recorded as an
      // attempt, and a fresh reference at the same provider comes next.
    }

    const chargeId = newId("chg");
    const attempt = nextAttempt++;
    const fresh: Call = {
      chargeId,
      attempt,
      provider: provider.id,
      reference: `${request.orderReference}-${attempt}`,
      idempotencyKey: chargeId,
      startedAt: deps.now(),
      expiresAt: request.expiresAt,
    };
    if (!(await writeCall(deps, request.orderReference, fresh, requestHash))) {
      const message = `Another request for order ${request.orderReference} is asking a provider right now; try again in a moment.`;
      return { ok: false, error: { code: "request_in_progress", message, shopper: "provider_unavailable" }, failures: failures() };
    }
    const result = await make(provider, fresh);
    if (result.ok) return { ok: true, issued: result.issued, failures: failures() };
    if (result.error.kind !== "unavailable") {
      return {
        ok: false,
        error: { code: "provider_rejected", message: result.error.message, shopper: result.error.shopper, provider: provider.id },
        failures: failures(),
      };
    }
  }
  return {
    ok: false,
    error: {
      code: "providers_unavailable",
      message: `No provider could issue a code: ${thisRun.map((failure) => `${failure.provider}: ${failure.error.message}`).join("; ")}`,
      shopper: "provider_unavailable",
    },
    failures: failures(),
  };
}

const EARLIER_CALL = {
  id: true,
  attempt: true,
  provider: true,
  reference: true,
  idempotencyKey: true,
  requestHash: true,
  sentAt: true,
  expiresAt: true,
  failureKind: true,
  failureReason: true,
} as const satisfies Record<keyof EarlierCall, true>;

/** The calls already made for an order reference, oldest first. */
export function findEarlierCalls(db: Db, orderReference: string): Promise<EarlierCall[]> {
  return db.chargeRequest.findMany({ where: { orderReference }, orderBy: { attempt: "asc" }, select: EARLIER_CALL });
}

/**
 * Writes the call down (committed before it is made); false when another request took its
 * attempt number. Raw: it runs on every order, and the insert need return nothing.
 */
async function writeCall(deps: OrderDeps, orderReference: string, call: Call, requestHash: string): Promise<boolean> {
  const written = await deps.db.$executeRaw`
    INSERT INTO "ChargeRequest" (id, "orderReference", attempt, provider, reference, "idempotencyKey", "requestHash", "sentAt", "expiresAt")
    VALUES (${call.chargeId}, ${orderReference}, ${call.attempt}, ${call.provider}, ${call.reference}, ${call.idempotencyKey}, ${requestHash}, ${call.startedAt}, ${call.expiresAt})
    ON CONFLICT DO NOTHING`;
  return written === 1;
}

function chargeInput(deps: OrderDeps, request: IssueRequest, call: Call): CreateChargeInput {
  return {
    idempotencyKey: call.idempotencyKey,
    reference: call.reference,
    amount: request.amount,
    store: request.store,
    expiresAt: call.expiresAt,
    now: call.startedAt,
    merchantName: deps.merchantName,
    description: request.description,
    customer: request.customer,
    items: request.items,
  };
}

function attemptOf({ chargeId, attempt, provider, reference, idempotencyKey, startedAt }: Call): ChargeAttempt {
  return { chargeId, attempt, provider, reference, idempotencyKey, startedAt };
}

/** An earlier call of the order, as the attempt it is recorded as if it is not repeated. */
function earlierFailure(call: EarlierCall): FailedAttempt {
  const provider = call.provider as ProviderId;
  const kind = call.failureKind === "rejected" || call.failureKind === "not_found" ? call.failureKind : "unavailable";
  return {
    chargeId: call.id,
    attempt: call.attempt,
    provider,
    reference: call.reference,
    idempotencyKey: call.idempotencyKey,
    startedAt: call.sentAt,
    error: { provider, kind, message: call.failureReason ?? "no answer was recorded", shopper: "provider_unavailable" },
  };
}

/**
 * What an order asks a provider for, apart from the call's own reference, key and times: a retry
 * with the same hash is the same order asked for again.
 */
export function hashOrderRequest(
  request: Pick<IssueRequest, "store" | "amount" | "description" | "customer" | "items">,
  merchantName: string,
): string {
  const { name, email, phone } = request.customer;
  const canonical = JSON.stringify([
    request.store,
    request.amount,
    merchantName,
    request.description,
    [name, email, phone],
    request.items.map((item) => [item.sku ?? null, item.name, item.unitPrice, item.quantity]),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
