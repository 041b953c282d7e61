import "server-only";
import type { ProviderId } from "@/lib/domain";
import { env, type Env } from "@/lib/env";
import { createDokuProvider } from "./doku/client";
import { createFazzProvider } from "./fazz/client";
import { createMartisProvider } from "./martis/client";
import { createMidtransProvider } from "./midtrans/client";
import { createMonxaProvider } from "./monxa/client";
import type { PaymentProvider } from "./types";

// The configured providers. A provider without credentials is absent, and routing skips it.

export function buildProviders(config: Pick<Env, "providers" | "providerTimeoutMs">, fetchImpl?: typeof fetch) {
  const timeoutMs = config.providerTimeoutMs;
  const { midtrans, monxa, doku, fazz, martis } = config.providers;
  const providers = new Map<ProviderId, PaymentProvider>();
  if (midtrans) providers.set("midtrans", createMidtransProvider({ ...midtrans, timeoutMs, fetchImpl }));
  if (monxa) providers.set("monxa", createMonxaProvider({ ...monxa, timeoutMs, fetchImpl }));
  if (doku) providers.set("doku", createDokuProvider({ ...doku, timeoutMs, fetchImpl }));
  if (fazz) providers.set("fazz", createFazzProvider({ ...fazz, timeoutMs, fetchImpl }));
  if (martis) providers.set("martis", createMartisProvider({ ...martis, timeoutMs, fetchImpl }));
  return providers;
}

let cached: ReadonlyMap<ProviderId, PaymentProvider> | undefined;

export function getProviders(): ReadonlyMap<ProviderId, PaymentProvider> {
  cached ??= buildProviders(env());
  return cached;
}
