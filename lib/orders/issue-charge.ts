import type { ProviderId, Store } from "@/lib/domain";
import { newId } from "@/lib/ids";
import { planRoute } from "@/lib/providers/routing";
import type { ChargeCustomer, ChargeItem, IssuedCharge, ProviderError, ShopperErrorCode } from "@/lib/providers/types";
import type { OrderDeps } from "./deps";

// Asks providers for a payment code in the order of preference. A provider that is down (timeout,
// 5xx, refused connection) hands over to the next; a provider that refuses the request (4xx) ends
// the attempt, since another provider would be asked the same wrong thing. Every attempt keeps
// its own reference and idempotency key, so no provider is ever asked twice for one code.

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
  | { code: "providers_unavailable"; message: string; shopper: ShopperErrorCode };

export type IssueResult =
  | { ok: true; issued: SucceededAttempt; failures: FailedAttempt[] }
  | { ok: false; error: IssueError; failures: FailedAttempt[] };

export interface IssueRequest {
  orderReference: string;
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

  const failures: FailedAttempt[] = [];
  let attempt = request.firstAttempt;
  for (const provider of plan.providers) {
    const chargeId = newId("chg");
    const current: ChargeAttempt = {
      chargeId,
      attempt,
      provider: provider.id,
      reference: `${request.orderReference}-${attempt}`,
      idempotencyKey: chargeId,
      startedAt: deps.now(),
    };
    attempt += 1;
    const result = await provider.createCharge({
      idempotencyKey: current.idempotencyKey,
      reference: current.reference,
      amount: request.amount,
      store: request.store,
      expiresAt: request.expiresAt,
      now: current.startedAt,
      merchantName: deps.merchantName,
      description: request.description,
      customer: request.customer,
      items: request.items,
    });
    if (result.ok) return { ok: true, issued: { ...current, issued: result.value }, failures };
    failures.push({ ...current, error: result.error });
    if (result.error.kind !== "unavailable") {
      return {
        ok: false,
        error: { code: "provider_rejected", message: result.error.message, shopper: result.error.shopper, provider: provider.id },
        failures,
      };
    }
  }
  return {
    ok: false,
    error: {
      code: "providers_unavailable",
      message: `No provider could issue a code: ${failures.map((failure) => `${failure.provider}: ${failure.error.message}`).join("; ")}`,
      shopper: "provider_unavailable",
    },
    failures,
  };
}
