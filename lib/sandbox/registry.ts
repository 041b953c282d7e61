import "server-only";
import { getDb } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";
import { env } from "@/lib/env";
import { createMidtransSimulator } from "@/lib/providers/midtrans/simulator";
import type { ProviderSimulator, SimulatorContext } from "./types";

// The simulators, one per configured provider, sharing the app's database for their own state.
// Present only when the sandbox is enabled.

export function sandboxContext(): SimulatorContext {
  const config = env();
  return {
    db: getDb,
    now: () => new Date(),
    timeScale: config.sandbox.timeScale,
    webhookBaseUrl: config.sandbox.webhookBaseUrl,
    merchantName: config.merchantName,
    clientTimeoutMs: config.providerTimeoutMs,
  };
}

let cached: ReadonlyMap<ProviderId, ProviderSimulator> | undefined;

export function getSimulators(): ReadonlyMap<ProviderId, ProviderSimulator> {
  const config = env();
  if (!config.sandbox.enabled) return new Map();
  if (cached) return cached;
  const context = sandboxContext();
  const simulators = new Map<ProviderId, ProviderSimulator>();
  const { midtrans } = config.providers;
  if (midtrans) simulators.set("midtrans", createMidtransSimulator(context, { serverKey: midtrans.serverKey }));
  cached = simulators;
  return simulators;
}
