import "server-only";
import { getDb } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";
import { env } from "@/lib/env";
import { createDokuSimulator } from "@/lib/providers/doku/simulator";
import { createFazzSimulator } from "@/lib/providers/fazz/simulator";
import { createMartisSimulator } from "@/lib/providers/martis/simulator";
import { createMidtransSimulator } from "@/lib/providers/midtrans/simulator";
import { createMonxaSimulator } from "@/lib/providers/monxa/simulator";
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
  const { midtrans, monxa, doku, fazz, martis } = config.providers;
  if (midtrans) simulators.set("midtrans", createMidtransSimulator(context, { serverKey: midtrans.serverKey }));
  if (monxa) simulators.set("monxa", createMonxaSimulator(context, monxa));
  if (doku) simulators.set("doku", createDokuSimulator(context, doku));
  if (fazz) simulators.set("fazz", createFazzSimulator(context, fazz));
  if (martis) simulators.set("martis", createMartisSimulator(context, martis));
  cached = simulators;
  return simulators;
}
