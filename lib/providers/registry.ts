import "server-only";
import { env, type Env } from "@/lib/env";
import { PROVIDER_REGISTRATIONS, type ProviderId } from "./catalog";
import type { ProviderRegistration } from "./registration";
import type { PaymentProvider } from "./types";

// The configured providers. A provider without credentials is absent, and routing skips it.

export function buildProviders(config: Pick<Env, "providers" | "providerTimeoutMs">, fetchImpl?: typeof fetch, now?: () => Date) {
  const providers = new Map<ProviderId, PaymentProvider>();
  for (const registration of PROVIDER_REGISTRATIONS as readonly ProviderRegistration[]) {
    const settings = config.providers[registration.id as ProviderId];
    if (settings) providers.set(registration.id as ProviderId, registration.create({ ...settings, timeoutMs: config.providerTimeoutMs, fetchImpl, now }));
  }
  return providers;
}

let cached: ReadonlyMap<ProviderId, PaymentProvider> | undefined;

export function getProviders(): ReadonlyMap<ProviderId, PaymentProvider> {
  cached ??= buildProviders(env());
  return cached;
}
