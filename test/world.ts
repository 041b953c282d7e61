import type { Db, OpenedDatabase } from "@/lib/db/client";
import type { Store } from "@/lib/domain";
import type { Locale } from "@/lib/i18n/catalog";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { SANDBOX_CREDENTIALS } from "@/test/sandbox-credentials";
import type { ApiAuth } from "@/lib/merchant-api/api-keys";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import type { OrderDeps } from "@/lib/orders/deps";
import { receiveWebhook, type WebhookDeps } from "@/lib/orders/ingest-webhook";
import { createDokuProvider } from "@/lib/providers/doku/client";
import { DOKU_ALFA_PLUGIN_PATH } from "@/lib/providers/doku/wire";
import { createFazzProvider } from "@/lib/providers/fazz/client";
import { createMartisProvider } from "@/lib/providers/martis/client";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMonxaProvider } from "@/lib/providers/monxa/client";
import type { PaymentProvider } from "@/lib/providers/types";
import { dokuSimulator } from "@/lib/sandbox/doku";
import { fazzSimulator } from "@/lib/sandbox/fazz";
import { chooseForm } from "@/lib/sandbox/forms";
import { martisSimulator } from "@/lib/sandbox/martis";
import { midtransSimulator } from "@/lib/sandbox/midtrans";
import { monxaSimulator } from "@/lib/sandbox/monxa";
import { deliverDueWebhooks } from "@/lib/sandbox/outbox";
import type { ProviderSimulator, SimulatorContext } from "@/lib/sandbox/types";
import { openTestDatabase } from "./database";

// A whole payment world in one process, for integration tests: the real database, real
// adapters talking to the real simulators through an in-process fetch (same paths, headers and
// bodies as over the network), and the simulators' webhooks delivered into the real use case.
// Time is a clock the test moves. This is the one place where adapters and simulators meet: the
// sandbox and the adapters never import each other (lib/sandbox/module-boundaries.test.ts), so
// tests that pair them build the pairs here.

export const APP_URL = "http://gerai.test";
/**
 * How long the adapters wait for a simulator. Every simulated call goes through the real
 * database, and on a loaded 2-core CI machine against PostgreSQL one took longer than 200 ms,
 * which failed tests that never meant to time out. Tests of timeouts use the outage switch,
 * which answers after this wait (lib/sandbox/outage.ts), so they still time out.
 */
const PROVIDER_TIMEOUT_MS = 2_000;

export interface ProviderPair {
  provider: PaymentProvider;
  simulator: ProviderSimulator;
}

export interface WorldBuildContext {
  simulatorContext: SimulatorContext;
  /** Base URL of provider `id`'s simulator, for the adapter's config. */
  baseUrl(id: ProviderId): string;
  fetch: typeof fetch;
  timeoutMs: number;
  credentials: typeof SANDBOX_CREDENTIALS;
}

export interface World {
  /** What the pairs were built from, to build another adapter or simulator on the same world. */
  buildContext: WorldBuildContext;
  db: Db;
  deps: OrderDeps;
  webhookDeps: WebhookDeps;
  providers: Map<ProviderId, PaymentProvider>;
  simulators: Map<ProviderId, ProviderSimulator>;
  fetch: typeof fetch;
  clock: { now(): Date; advance(ms: number): void; set(date: Date): void };
  /** Makes the app's webhook endpoint answer this status (or fail) instead of handling. */
  webhookOutage: { status?: number; refuse?: boolean };
  deliverWebhooks(): Promise<Awaited<ReturnType<typeof deliverDueWebhooks>>>;
  /** Makes provider `id`'s simulator send one of its documented forms (as /sandbox does). */
  chooseForm(id: ProviderId, key: string, value: string): Promise<void>;
  close(): Promise<void>;
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
  const opened: OpenedDatabase = options.database ?? (await openTestDatabase());
  const db = opened.db;
  let now = options.start ?? new Date("2026-11-22T02:30:00Z");
  const clock = {
    now: () => new Date(now),
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    set: (date: Date) => {
      now = date;
    },
  };
  const simulators = new Map<ProviderId, ProviderSimulator>();
  const providers = new Map<ProviderId, PaymentProvider>();
  const webhookOutage: World["webhookOutage"] = {};
  const webhookDeps: WebhookDeps = { db, providers, now: clock.now };

  // Like a network fetch, it gives up when the caller's deadline passes.
  const inProcessFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const signal = init?.signal;
    if (!signal) return route(new Request(input, init));
    signal.throwIfAborted();
    return Promise.race([
      route(new Request(input, { ...init, signal: undefined })),
      new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true })),
    ]);
  }) as typeof fetch;

  const route = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const sandbox = /^\/sandbox\/([a-z]+)\/(.*)$/.exec(url.pathname);
    if (sandbox) {
      const simulator = simulators.get(sandbox[1] as ProviderId);
      if (!simulator) return new Response("no such simulator", { status: 404 });
      return simulator.handle(request, sandbox[2]!.split("/").filter(Boolean));
    }
    const webhook = /^\/api\/webhooks\/([a-z]+)$/.exec(url.pathname);
    if (webhook && request.method === "POST") {
      if (webhookOutage.refuse) throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
      if (webhookOutage.status) return new Response("down", { status: webhookOutage.status });
      return receiveWebhook(webhookDeps, webhook[1]!, {
        rawBody: await request.text(),
        headers: request.headers,
        path: url.pathname,
        receivedAt: clock.now(),
      });
    }
    return new Response("not found", { status: 404 });
  };

  const simulatorContext: SimulatorContext = {
    db: async () => db,
    now: clock.now,
    timeScale: options.timeScale ?? 0.0001,
    webhookBaseUrl: APP_URL,
    merchantName: "Toko Gerai",
    clientTimeoutMs: PROVIDER_TIMEOUT_MS,
    fetchImpl: inProcessFetch,
  };
  const buildContext: WorldBuildContext = {
    simulatorContext,
    baseUrl: (id) => `${APP_URL}/sandbox/${id}`,
    fetch: inProcessFetch,
    timeoutMs: PROVIDER_TIMEOUT_MS,
    credentials: SANDBOX_CREDENTIALS,
  };
  const pairs = build(buildContext);
  for (const pair of pairs) {
    providers.set(pair.provider.id, pair.provider);
    simulators.set(pair.simulator.id, pair.simulator);
  }
  const ids = pairs.map((pair) => pair.provider.id);
  const deps: OrderDeps = {
    db,
    providers,
    routing: { alfamart: options.routing?.alfamart ?? ids, indomaret: options.routing?.indomaret ?? ids },
    merchantName: "Toko Gerai",
    appUrl: APP_URL,
    defaultExpiryMinutes: 60,
    allowProviderChoice: options.allowProviderChoice ?? true,
    now: clock.now,
  };
  return {
    buildContext,
    db,
    deps,
    webhookDeps,
    providers,
    simulators,
    fetch: inProcessFetch,
    clock,
    webhookOutage,
    deliverWebhooks: () => deliverDueWebhooks(db, simulators, clock.now(), { fetchImpl: inProcessFetch, limit: 500 }),
    async chooseForm(id, key, value) {
      const simulator = simulators.get(id);
      if (!simulator) throw new Error(`no ${id} simulator in this world`);
      const chosen = await chooseForm(db, id, simulator.forms, key, value);
      if (!chosen.ok) throw new Error(chosen.error);
    },
    close: () => opened.close(),
  };
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
