import "server-only";
import type { ProviderId } from "@/lib/domain";
import { env, type Env } from "@/lib/env";
import { createMidtransProvider } from "./midtrans/client";
import type { PaymentProvider } from "./types";

// The configured providers. A provider without credentials is absent, and routing skips it.

export function buildProviders(config: Pick<Env, "providers" | "providerTimeoutMs">, fetchImpl?: typeof fetch) {
  const timeoutMs = config.providerTimeoutMs;
  const { midtrans } = config.providers;
  const providers = new Map<ProviderId, PaymentProvider>();
  if (midtrans) providers.set("midtrans", createMidtransProvider({ ...midtrans, timeoutMs, fetchImpl }));
  return providers;
}

let cached: ReadonlyMap<ProviderId, PaymentProvider> | undefined;

export function getProviders(): ReadonlyMap<ProviderId, PaymentProvider> {
  cached ??= buildProviders(env());
  return cached;
}
