import type { Db } from "@/lib/db/client";
import type { ProviderId, Store } from "@/lib/domain";
import type { SandboxCharge } from "@/lib/db/generated/prisma/client";
import type { FormSetting } from "./forms";

// What every provider simulator offers. A simulator plays the provider's side: its own HTTP API
// under /sandbox/<provider>/…, its own state, its webhook signing and retry schedule, and the
// buttons a store cashier (or the provider's test dashboard) would press.

export interface SimulatorContext {
  db: () => Promise<Db>;
  now: () => Date;
  /** Multiplies every documented delay (retries); 0.001 turns 2 minutes into 120 ms. */
  timeScale: number;
  /** Where the provider's dashboard says to send notifications (our app). */
  webhookBaseUrl: string;
  /** The merchant name on the provider's account, read out by the cashier. */
  merchantName: string;
  /** How long the merchant's client waits; an outage "timeout" answers later than this. */
  clientTimeoutMs: number;
  fetchImpl?: typeof fetch;
}

/** deny: a provider reversal of a settled payment; fail: the provider declines an open code. */
export type CashierAction = "pay" | "expire" | "deny" | "fail" | "settle" | "cancel";

export interface CashierCharge {
  provider: ProviderId;
  id: string;
  reference: string;
  store: Store;
  amount: number;
  paymentCode: string;
  merchantName: string;
  /** The provider's own status word. */
  status: string;
  /** What a cashier can tell from it. */
  state: "open" | "paid" | "expired" | "closed";
  expiresAt: Date;
  paidAt: Date | null;
  actions: CashierAction[];
}

export interface ProviderSimulator {
  readonly id: ProviderId;
  /** Where the provider's documents show a thing more than one way: the forms it can send. */
  readonly forms: readonly FormSetting[];
  /** The provider's HTTP API. `path` is what follows /sandbox/<provider>/. */
  handle(request: Request, path: string[]): Promise<Response>;
  /** Headers for a webhook body, signed at the moment of sending (timestamps must be fresh). */
  signWebhook(body: string, target: URL, now: Date): Record<string, string>;
  /** Wait before the next attempt after `attemptsMade` failed tries; undefined: give up. */
  nextRetryDelayMs(attemptsMade: number, lastStatus: number | undefined): number | undefined;
  /** How a cashier sees one of this provider's charges, and what can be done to it. */
  describe(charge: SandboxCharge, now: Date): CashierCharge;
  /** Performs a cashier/dashboard action; returns an error text the cashier can read. */
  perform(action: CashierAction, charge: SandboxCharge): Promise<{ ok: true } | { ok: false; error: string }>;
  /** Expires this provider's codes whose deadline has passed, notifying as the provider does. */
  expireOverdue(now: Date): Promise<number>;
}

/** One simulator as the sandbox registers it: which provider it plays and how to build it. */
export interface SimulatorRegistration<Account> {
  id: ProviderId;
  /** The provider's name as its own dashboard and cashier screens show it. */
  displayName: string;
  create(context: SimulatorContext, account: Account): ProviderSimulator;
}
