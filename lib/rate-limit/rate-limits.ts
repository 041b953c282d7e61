import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { isProviderId } from "@/lib/providers/catalog";
import { env, type Env } from "@/lib/env";
import { clientKey } from "@/lib/http/client-address";
import { databaseCounter, databaseLimiter, refuseOverLimit, type Limiter } from "./limiter";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";

// The app's rate limits, as configured (RATE_LIMIT_* in .env.example), and what each one is
// counted per.

export interface RateLimits {
  /** Merchant API order creation, per API key. */
  orders: Limiter;
  /** Shop checkout submissions, per client address. */
  checkout: Limiter;
  /** Webhook deliveries, per provider and sending address. */
  webhooks: Limiter;
  /** Simulator API calls per simulator and address, and the sandbox's buttons per address. */
  sandbox: Limiter;
  signIn: SignInThrottle;
}

export function createRateLimits(db: Db, settings: Env["rateLimits"]): RateLimits {
  return {
    orders: databaseLimiter(db, "orders", settings.orders),
    checkout: databaseLimiter(db, "checkout", settings.checkout),
    webhooks: databaseLimiter(db, "webhooks", settings.webhooks),
    sandbox: databaseLimiter(db, "sandbox", settings.sandbox),
    signIn: createSignInThrottle({
      byAddress: databaseCounter(db, "sign-in-address", settings.signInAddress, { blockSeconds: settings.signInAddress.durationSeconds }),
      byAccount: databaseCounter(db, "sign-in-account", settings.signInAccount),
    }),
  };
}

const holder = globalThis as typeof globalThis & { __geraiRateLimits?: Promise<RateLimits> };

/** This process's limiters over the app's database. */
export function getRateLimits(): Promise<RateLimits> {
  holder.__geraiRateLimits ??= getDb()
    .then((db) => createRateLimits(db, env().rateLimits))
    .catch((error: unknown) => {
      holder.__geraiRateLimits = undefined;
      throw error;
    });
  return holder.__geraiRateLimits;
}

/** For the top of the webhook route: counted per provider and sending address. */
export async function refuseWebhookOverLimit(request: Request, params: Promise<{ provider: string }>): Promise<Response | undefined> {
  const { provider } = await params;
  const key = `${isProviderId(provider) ? provider : "other"}:${clientKey(request.headers)}`;
  return refuseOverLimit((await getRateLimits()).webhooks, key);
}

/** For the sandbox's buttons (server actions): why this press is refused, or undefined. */
export async function sandboxButtonRefusal(requestHeaders: Headers): Promise<string | undefined> {
  const decision = await (await getRateLimits()).sandbox.consume(`buttons:${clientKey(requestHeaders)}`);
  return decision.allowed ? undefined : `Too many sandbox requests from this address. Try again in ${decision.retryAfterSeconds} s.`;
}
