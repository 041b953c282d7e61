import "server-only";
import { getDb } from "@/lib/db/client";
import type { ProviderId } from "@/lib/domain";
import { env } from "@/lib/env";
import { dokuSimulator } from "./doku";
import { fazzSimulator } from "./fazz";
import { martisSimulator } from "./martis";
import { midtransSimulator } from "./midtrans";
import { monxaSimulator } from "./monxa";
import type { ProviderSimulator, SimulatorContext, SimulatorRegistration } from "./types";

// The simulators, one per configured provider, sharing the app's database for their own state.
// Present only when the sandbox is enabled. Adding a simulator: its folder, and one line below.

type ProviderSettings = ReturnType<typeof env>["providers"];

interface SimulatorEntry {
  id: ProviderId;
  displayName: string;
  /** The simulator for the merchant's account on this provider; undefined when it has none. */
  build(context: SimulatorContext, providers: ProviderSettings): ProviderSimulator | undefined;
}

/** A registration and where the merchant's account on that provider is configured. */
function simulator<Account>(
  registration: SimulatorRegistration<Account>,
  account: (providers: ProviderSettings) => NoInfer<Account> | undefined,
): SimulatorEntry {
  return {
    id: registration.id,
    displayName: registration.displayName,
    build(context, providers) {
      const settings = account(providers);
      return settings ? registration.create(context, settings) : undefined;
    },
  };
}

const SIMULATORS: readonly SimulatorEntry[] = [
  simulator(midtransSimulator, (providers) => providers.midtrans),
  simulator(monxaSimulator, (providers) => providers.monxa),
  simulator(dokuSimulator, (providers) => providers.doku),
  simulator(fazzSimulator, (providers) => providers.fazz),
  // Martis' webhook scheme and store channels are unpublished: its account settings carry them.
  simulator(martisSimulator, (providers) => providers.martis),
];

/** The name a simulator's pages show for its provider; the id for one not registered here. */
export function simulatorName(id: string): string {
  return SIMULATORS.find((entry) => entry.id === id)?.displayName ?? id;
}

function sandboxContext(): SimulatorContext {
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
  cached = buildSimulators(sandboxContext(), config.providers);
  return cached;
}

/** A simulator for each configured provider, on `context` (the demo seed gives its own clock and fetch). */
export function buildSimulators(context: SimulatorContext, providers: ProviderSettings): ReadonlyMap<ProviderId, ProviderSimulator> {
  return new Map(
    SIMULATORS.flatMap((entry) => {
      const built = entry.build(context, providers);
      return built ? [[entry.id, built] as const] : [];
    }),
  );
}
