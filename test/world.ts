import type { OpenedDatabase } from "@/lib/db/client";
import type { Store } from "@/lib/domain";
import type { Locale } from "@/lib/i18n/catalog";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { SANDBOX_CREDENTIALS } from "@/test/sandbox-credentials";
import type { ApiAuth } from "@/lib/merchant-api/api-keys";
import { createPaymentWorld, type PaymentWorld, type PaymentWorldBuildContext, type ProviderPair } from "@/lib/demo/payment-world";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { createDokuProvider } from "@/lib/providers/doku/client";
import { DOKU_ALFA_PLUGIN_PATH } from "@/lib/providers/doku/wire";
import { createFazzProvider } from "@/lib/providers/fazz/client";
import { createMartisProvider } from "@/lib/providers/martis/client";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMonxaProvider } from "@/lib/providers/monxa/client";
import { dokuSimulator } from "@/lib/sandbox/doku";
import { fazzSimulator } from "@/lib/sandbox/fazz";
import { martisSimulator } from "@/lib/sandbox/martis";
import { midtransSimulator } from "@/lib/sandbox/midtrans";
import { monxaSimulator } from "@/lib/sandbox/monxa";
import type { ProviderSimulator, SimulatorContext } from "@/lib/sandbox/types";
import { openTestDatabase } from "./database";

// A whole payment world in one process, for integration tests (lib/demo/payment-world.ts), on a
// fresh test database, with every adapter and simulator on the sandbox accounts. The sandbox and
// the adapters never import each other (lib/sandbox/module-boundaries.test.ts), so tests that
// pair them build the pairs here.

export type { ProviderPair };

export const APP_URL = "http://gerai.test";
/**
 * How long the adapters wait for a simulator. Every simulated call goes through the real
 * database, and on a loaded 2-core CI machine against PostgreSQL one took longer than 200 ms,
 * which failed tests that never meant to time out. Tests of timeouts use the outage switch,
 * which answers after this wait (lib/sandbox/outage.ts), so they still time out.
 */
const PROVIDER_TIMEOUT_MS = 2_000;

export interface WorldBuildContext extends PaymentWorldBuildContext {
  credentials: typeof SANDBOX_CREDENTIALS;
}

export interface World extends PaymentWorld {
  buildContext: WorldBuildContext;
}

export interface WorldOptions {
  routing?: Partial<Record<Store, ProviderId[]>>;
  timeScale?: number;
  start?: Date;
  allowProviderChoice?: boolean;
  /** Build on this database (e.g. the one the app's route handlers use) instead of a fresh one. */
  database?: OpenedDatabase;
}

export async function createWorld(build: (context: WorldBuildContext) => ProviderPair[], options: WorldOptions = {}): Promise<World> {
  const withCredentials = (context: PaymentWorldBuildContext): WorldBuildContext => ({ ...context, credentials: SANDBOX_CREDENTIALS });
  const world = await createPaymentWorld((context) => build(withCredentials(context)), {
    database: options.database ?? (await openTestDatabase()),
    appUrl: APP_URL,
    merchantName: "Toko Gerai",
    timeoutMs: PROVIDER_TIMEOUT_MS,
    defaultExpiryMinutes: 60,
    routing: options.routing,
    timeScale: options.timeScale,
    start: options.start ?? new Date("2026-11-22T02:30:00Z"),
    allowProviderChoice: options.allowProviderChoice,
  });
  return { ...world, buildContext: withCredentials(world.buildContext) };
}

export const CUSTOMER = { name: "Siti Rahmawati", email: "siti@example.com", phone: "081234567890" };
export const ITEMS = [
  { sku: "kopi-gayo-250", name: "Kopi Arabika Gayo 250 g", unitPrice: 89_000, quantity: 1 },
  { sku: "teh-melati-100", name: "Teh Melati Tubruk 100 g", unitPrice: 32_500, quantity: 2 },
];
export const ITEMS_TOTAL = 154_000;

/** The merchant API's keys for a test: `key` as the deployment's own, the providers simulated. */
export function testApiAuth(world: Pick<World, "db">, key: string): ApiAuth {
  return { db: world.db, configuredKey: key, deploymentMode: "test" };
}

/** An API order of ITEMS for CUSTOMER, pinned to `provider` (the world must allow the choice). */
export async function placeTestOrder(
  world: World,
  options: { reference: string; provider: ProviderId; store?: Store; locale?: Locale },
): Promise<CreatedOrder> {
  const result = await createOrder(world.deps, {
    reference: options.reference,
    store: options.store ?? "indomaret",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    provider: options.provider,
    locale: options.locale,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** The simulator's cashier pays (or its clock expires) a code, and its notifications go out. */
export async function atCashier(world: World, code: { provider: string; paymentCode: string }, action: "pay" | "expire"): Promise<void> {
  const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: code.provider, paymentCode: code.paymentCode } });
  const done = await world.simulators.get(code.provider as ProviderId)!.perform(action, charge);
  if (!done.ok) throw new Error(`the ${code.provider} cashier could not ${action} ${code.paymentCode}: ${JSON.stringify(done)}`);
  await world.deliverWebhooks();
}

/** Martis' unpublished webhook settings, as the app's defaults assume them (lib/env.ts). */
export const MARTIS_SETTINGS = {
  paymentMethod: "retail_outlet",
  channels: { alfamart: "alfamart", indomaret: "indomaret" },
  signatureHeader: "x-martis-signature",
  timestampHeader: "x-martis-timestamp",
  signedPayload: "{timestamp}.{body}",
};

export interface FiveProvidersOptions {
  /** The adapters' status/create deadline; the world's unless given (production: 10 s). */
  timeoutMs?: number;
  /** Wraps one adapter's fetch, e.g. to count or alter what its simulator answers. */
  wrapFetch?: (id: ProviderId, fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
}

/** Each adapter's configuration, for tests that change part of it. */
export interface AdapterConfigs {
  midtrans: Parameters<typeof createMidtransProvider>[0];
  monxa: Parameters<typeof createMonxaProvider>[0];
  doku: Parameters<typeof createDokuProvider>[0];
  fazz: Parameters<typeof createFazzProvider>[0];
  martis: Parameters<typeof createMartisProvider>[0];
}

/** The merchant's sandbox accounts, as the app's configuration and the simulators both see them. */
function sandboxAccounts(credentials: typeof SANDBOX_CREDENTIALS) {
  return {
    midtrans: { serverKey: credentials.midtransServerKey },
    monxa: { secretKey: credentials.monxaSecretKey, callbackToken: credentials.monxaCallbackToken },
    doku: { clientId: credentials.dokuClientId, secretKey: credentials.dokuSecretKey },
    fazz: { apiKey: credentials.fazzApiKey, secretKey: credentials.fazzSecretKey, signingSecret: credentials.fazzSigningSecret },
    martis: { ...MARTIS_SETTINGS, apiKey: credentials.martisApiKey, webhookSecret: credentials.martisWebhookSecret },
  };
}

/** Provider `id`'s simulator alone, on the sandbox account (for tests of the simulator itself). */
export function sandboxSimulator(id: ProviderId, simulatorContext: SimulatorContext): ProviderSimulator {
  const accounts = sandboxAccounts(SANDBOX_CREDENTIALS);
  switch (id) {
    case "midtrans":
      return midtransSimulator.create(simulatorContext, accounts.midtrans);
    case "monxa":
      return monxaSimulator.create(simulatorContext, accounts.monxa);
    case "doku":
      return dokuSimulator.create(simulatorContext, accounts.doku);
    case "fazz":
      return fazzSimulator.create(simulatorContext, accounts.fazz);
    case "martis":
      return martisSimulator.create(simulatorContext, accounts.martis);
  }
}

/**
 * Provider `id`'s real adapter and its simulator, configured as the sandbox configures them;
 * `adapter` changes part of the adapter's configuration (say, MONXA_AMOUNT_UNIT).
 */
export function providerPair<Id extends ProviderId>(
  id: Id,
  { simulatorContext, baseUrl, fetch, timeoutMs }: WorldBuildContext,
  adapter: Partial<AdapterConfigs[Id]> = {},
): ProviderPair {
  const accounts = sandboxAccounts(SANDBOX_CREDENTIALS);
  const simulator = sandboxSimulator(id, simulatorContext);
  const common = { timeoutMs, fetchImpl: fetch };
  switch (id) {
    case "midtrans":
      return { simulator, provider: createMidtransProvider({ ...accounts.midtrans, baseUrl: baseUrl("midtrans"), ...common, ...adapter }) };
    case "monxa":
      return {
        simulator,
        provider: createMonxaProvider({ ...accounts.monxa, amountUnit: "idr", baseUrl: baseUrl("monxa"), ...common, ...adapter }),
      };
    case "doku":
      return {
        simulator,
        provider: createDokuProvider({
          ...accounts.doku,
          baseUrl: baseUrl("doku"),
          alfaPath: DOKU_ALFA_PLUGIN_PATH,
          now: simulatorContext.now,
          ...common,
          ...adapter,
        }),
      };
    case "fazz":
      return { simulator, provider: createFazzProvider({ ...accounts.fazz, baseUrl: `${baseUrl("fazz")}/api/v4`, ...common, ...adapter }) };
    default:
      return {
        simulator,
        provider: createMartisProvider({ ...accounts.martis, baseUrl: baseUrl("martis"), toleranceSeconds: 300, ...common, ...adapter }),
      };
  }
}

/** All five adapter and simulator pairs, configured as the sandbox configures them. */
export function fiveProviders(options: FiveProvidersOptions = {}) {
  return (context: WorldBuildContext): ProviderPair[] =>
    PROVIDER_IDS.map((id) =>
      providerPair(id, context, {
        timeoutMs: options.timeoutMs ?? context.timeoutMs,
        fetchImpl: options.wrapFetch?.(id, context.fetch) ?? context.fetch,
      }),
    );
}
