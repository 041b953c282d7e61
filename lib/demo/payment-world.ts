import type { Db, OpenedDatabase } from "@/lib/db/client";
import type { ProviderId, Store } from "@/lib/domain";
import type { OrderDeps } from "@/lib/orders/deps";
import { receiveWebhook, type WebhookDeps } from "@/lib/orders/ingest-webhook";
import type { PaymentProvider } from "@/lib/providers/types";
import type { deliverDueWebhooks } from "@/lib/sandbox/outbox";
import type { ProviderSimulator, SimulatorContext } from "@/lib/sandbox/types";

// A whole payment world in one process: a real database, real adapters talking to the real
// simulators through an in-process fetch (same paths, headers and bodies as over the network),
// and the simulators' webhooks delivered into the real webhook use case. Time is a clock the
// caller moves. The integration tests build theirs on it (test/world.ts), and `npm run demo`
// makes its week of orders in one (lib/demo/demo-seed.ts). This module is the place where
// adapters and simulators meet: the sandbox and the adapters never import each other
// (lib/sandbox/module-boundaries.test.ts), so the pairs are built outside both.

export interface ProviderPair {
  provider: PaymentProvider;
  simulator: ProviderSimulator;
}

export interface PaymentWorldBuildContext {
  simulatorContext: SimulatorContext;
  /** Base URL of provider `id`'s simulator, for the adapter's config. */
  baseUrl(id: ProviderId): string;
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface WorldClock {
  now(): Date;
  advance(ms: number): void;
  set(date: Date): void;
}

export interface PaymentWorld {
  /** What the pairs were built from, to build another adapter or simulator on the same world. */
  buildContext: PaymentWorldBuildContext;
  db: Db;
  deps: OrderDeps;
  webhookDeps: WebhookDeps;
  providers: Map<ProviderId, PaymentProvider>;
  simulators: Map<ProviderId, ProviderSimulator>;
  fetch: typeof fetch;
  clock: WorldClock;
  /** Makes the app's webhook endpoint answer this status (or fail) instead of handling. */
  webhookOutage: { status?: number; refuse?: boolean };
  deliverWebhooks(): Promise<Awaited<ReturnType<typeof deliverDueWebhooks>>>;
  /** Makes provider `id`'s simulator send one of its documented forms (as /sandbox does). */
  chooseForm(id: ProviderId, key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

export interface PaymentWorldOptions {
  database: OpenedDatabase;
  /** The app's address: webhooks and payment links name it; the in-process fetch routes by path. */
  appUrl: string;
  merchantName: string;
  /** How long the adapters wait for a simulator. */
  timeoutMs: number;
  defaultExpiryMinutes: number;
  routing?: Partial<Record<Store, readonly ProviderId[]>>;
  timeScale?: number;
  start?: Date;
  allowProviderChoice?: boolean;
}

export async function createPaymentWorld(
  build: (context: PaymentWorldBuildContext) => ProviderPair[],
  options: PaymentWorldOptions,
): Promise<PaymentWorld> {
  // On demand, as everywhere outside lib/sandbox: the app never loads the sandbox unless asked
  // (lib/sandbox/module-boundaries.test.ts).
  const [{ chooseForm }, { deliverDueWebhooks }] = await Promise.all([import("@/lib/sandbox/forms"), import("@/lib/sandbox/outbox")]);
  const db = options.database.db;
  let now = options.start ?? new Date();
  const clock: WorldClock = {
    now: () => new Date(now),
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
    set: (date) => {
      now = date;
    },
  };
  const simulators = new Map<ProviderId, ProviderSimulator>();
  const providers = new Map<ProviderId, PaymentProvider>();
  const webhookOutage: PaymentWorld["webhookOutage"] = {};
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
    webhookBaseUrl: options.appUrl,
    merchantName: options.merchantName,
    clientTimeoutMs: options.timeoutMs,
    fetchImpl: inProcessFetch,
  };
  const buildContext: PaymentWorldBuildContext = {
    simulatorContext,
    baseUrl: (id) => `${options.appUrl}/sandbox/${id}`,
    fetch: inProcessFetch,
    timeoutMs: options.timeoutMs,
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
    merchantName: options.merchantName,
    appUrl: options.appUrl,
    defaultExpiryMinutes: options.defaultExpiryMinutes,
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
    close: () => options.database.close(),
  };
}
