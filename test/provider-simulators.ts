// The five providers, played for suites that run the production build as separate processes
// (crash recovery, many instances): their simulators behind a real HTTP server in the test
// process, with a ledger of their own (a separate database) and fresh credentials per run (never
// the published ones), and their notification senders retrying on the providers' own schedules.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { openDatabase, type OpenedDatabase } from "@/lib/db/client";
import type { ProviderId } from "@/lib/providers/catalog";
import { createDokuSimulator } from "@/lib/sandbox/doku/simulator";
import { createFazzSimulator } from "@/lib/sandbox/fazz/simulator";
import { createMartisSimulator } from "@/lib/sandbox/martis/simulator";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { createMonxaSimulator } from "@/lib/sandbox/monxa/simulator";
import { deliverDueWebhooks } from "@/lib/sandbox/outbox";
import type { ProviderSimulator, SimulatorContext } from "@/lib/sandbox/types";

export const secret = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** Fresh credentials, shared by the app and the simulators. */
export function freshCredentials() {
  return {
    merchantApiKey: secret("sk_run_"),
    midtransServerKey: secret("SB-Mid-server-"),
    monxaSecretKey: secret("sk_test_"),
    monxaCallbackToken: secret("cbt_"),
    dokuClientId: `BRN-0001-${randomBytes(6).toString("hex").toUpperCase()}`,
    dokuSecretKey: secret("SK-"),
    fazzApiKey: secret("fazz_api_"),
    fazzSecretKey: secret("fazz_secret_"),
    fazzSigningSecret: secret("ss_"),
    martisApiKey: secret("mk_test_"),
    martisWebhookSecret: secret("whsec_"),
  };
}
export type Credentials = ReturnType<typeof freshCredentials>;

const MARTIS = {
  paymentMethod: "retail_outlet",
  channels: { alfamart: "alfamart", indomaret: "indomaret" },
  signatureHeader: "x-martis-signature",
  timestampHeader: "x-martis-timestamp",
  signedPayload: "{timestamp}.{body}",
};

export interface ProviderSimulators {
  url: string;
  ledger: OpenedDatabase;
  simulators: Map<ProviderId, ProviderSimulator>;
  /** The app's settings that point every provider at its simulator, with these credentials. */
  appEnv: Record<string, string>;
  /**
   * Starts the notification senders; the returned function stops them. Notifications about the
   * Notifications of the orders whose references are in `withheld` are never sent (lost
   * webhooks), from the order's first code on: its "pending" notification too.
   */
  startNotifier(options?: { withheld?: ReadonlySet<string> }): () => Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface SimulatorOptions {
  credentials: Credentials;
  /** Where the simulators send notifications: the app, or the load balancer in front of it. */
  webhookBaseUrl: string;
  /** Documented retry waits are multiplied by this. */
  timeScale: number;
}

/** The five simulators on `ledger`, with these credentials (several processes may share one ledger). */
export function buildSimulators(ledger: OpenedDatabase, options: SimulatorOptions): Map<ProviderId, ProviderSimulator> {
  const { credentials } = options;
  const context: SimulatorContext = {
    db: async () => ledger.db,
    now: () => new Date(),
    timeScale: options.timeScale,
    webhookBaseUrl: options.webhookBaseUrl,
    merchantName: "Toko Gerai",
    clientTimeoutMs: 5_000,
  };
  return new Map<ProviderId, ProviderSimulator>([
    ["midtrans", createMidtransSimulator(context, { serverKey: credentials.midtransServerKey })],
    ["monxa", createMonxaSimulator(context, { secretKey: credentials.monxaSecretKey, callbackToken: credentials.monxaCallbackToken })],
    ["doku", createDokuSimulator(context, { clientId: credentials.dokuClientId, secretKey: credentials.dokuSecretKey })],
    ["fazz", createFazzSimulator(context, { apiKey: credentials.fazzApiKey, secretKey: credentials.fazzSecretKey, signingSecret: credentials.fazzSigningSecret })],
    ["martis", createMartisSimulator(context, { apiKey: credentials.martisApiKey, webhookSecret: credentials.martisWebhookSecret, ...MARTIS })],
  ]);
}

export async function startProviderSimulators(
  options: SimulatorOptions & {
    port: number;
    /** The providers' own database (migrated); an in-memory one unless given. */
    ledgerDatabaseUrl?: string;
  },
): Promise<ProviderSimulators> {
  const { credentials } = options;
  const url = `http://127.0.0.1:${options.port}`;
  const ledger = await openDatabase({ databaseUrl: options.ledgerDatabaseUrl, pgliteDataDir: "memory://" });
  const simulators = buildSimulators(ledger, options);

  const server: Server = createServer(async (request, response) => {
    try {
      const target = new URL(request.url ?? "/", url);
      const [provider, ...path] = target.pathname.split("/").filter(Boolean);
      const simulator = simulators.get(provider as ProviderId);
      if (!simulator) {
        response.writeHead(404).end();
        return;
      }
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await readBody(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      const answer = await simulator.handle(new Request(target, { method: request.method, headers, body: body ? new Uint8Array(body) : undefined }), path);
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      console.error("simulator failed", error);
      response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));

  const appEnv = simulatorAppEnv(url, credentials);

  return {
    url,
    ledger,
    simulators,
    appEnv,
    startNotifier({ withheld } = {}) {
      let running = true;
      const send = async () => {
        const now = new Date();
        const due = await ledger.db.sandboxWebhook.findMany({
          where: { status: "pending", nextAttemptAt: { lte: now } },
          select: { id: true, chargeId: true },
          orderBy: { createdAt: "asc" },
          take: 200,
        });
        // Withheld by the order's reference, known before its charge exists, so no notification
        // of it can slip out between its creation and a test's note of the charge.
        const charges = await ledger.db.sandboxCharge.findMany({
          where: { id: { in: due.map((row) => row.chargeId) } },
          select: { id: true, merchantReference: true },
        });
        const isWithheld = (reference: string) => [...(withheld ?? [])].some((order) => reference === order || reference.startsWith(`${order}-`));
        const held = new Set(charges.filter((charge) => isWithheld(charge.merchantReference)).map((charge) => charge.id));
        const ids = due.filter((row) => !held.has(row.chargeId)).slice(0, 50).map((row) => row.id);
        if (ids.length > 0) await deliverDueWebhooks(ledger.db, simulators, now, { onlyIds: ids });
      };
      const loop = (async () => {
        while (running) {
          await send().catch((error) => console.error("notifier", error));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      return async () => {
        running = false;
        await loop;
      };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await ledger.close();
    },
  };
}

/** The app's settings that point every provider at simulators served at `url`, with these credentials. */
export function simulatorAppEnv(url: string, credentials: Credentials): Record<string, string> {
  return {
    MIDTRANS_SERVER_KEY: credentials.midtransServerKey,
    MIDTRANS_ENVIRONMENT: "sandbox",
    MIDTRANS_SANDBOX_URL: `${url}/midtrans`,
    MONXA_SECRET_KEY: credentials.monxaSecretKey,
    MONXA_CALLBACK_TOKEN: credentials.monxaCallbackToken,
    MONXA_ENVIRONMENT: "sandbox",
    MONXA_SANDBOX_URL: `${url}/monxa`,
    DOKU_CLIENT_ID: credentials.dokuClientId,
    DOKU_SECRET_KEY: credentials.dokuSecretKey,
    DOKU_ENVIRONMENT: "sandbox",
    DOKU_SANDBOX_URL: `${url}/doku`,
    FAZZ_API_KEY: credentials.fazzApiKey,
    FAZZ_SECRET_KEY: credentials.fazzSecretKey,
    FAZZ_SIGNING_SECRET: credentials.fazzSigningSecret,
    FAZZ_ENVIRONMENT: "sandbox",
    FAZZ_SANDBOX_URL: `${url}/fazz/api/v4`,
    MARTIS_API_KEY: credentials.martisApiKey,
    MARTIS_WEBHOOK_SECRET: credentials.martisWebhookSecret,
    MARTIS_ENVIRONMENT: "sandbox",
    MARTIS_SANDBOX_URL: `${url}/martis`,
    // Martis publishes none of these; routing to it in production needs them all set.
    MARTIS_PAYMENT_METHOD: MARTIS.paymentMethod,
    MARTIS_CHANNEL_ALFAMART: MARTIS.channels.alfamart,
    MARTIS_CHANNEL_INDOMARET: MARTIS.channels.indomaret,
    MARTIS_SIGNATURE_HEADER: MARTIS.signatureHeader,
    MARTIS_TIMESTAMP_HEADER: MARTIS.timestampHeader,
    MARTIS_SIGNED_PAYLOAD: MARTIS.signedPayload,
  };
}

/**
 * A production server's settings for a run against the simulators (the crash and multi-instance
 * suites, the benchmarks): jobs on, no sandbox, fresh secrets, and rate limits out of the way,
 * since the load is the point there. `more` adds or overrides settings.
 */
export function productionServerEnv(options: {
  appUrl: string;
  credentials: Credentials;
  simulatorsEnv: Record<string, string>;
  routing: { alfamart: ProviderId[]; indomaret: ProviderId[] };
  providerTimeoutMs: number;
  more?: Record<string, string | undefined>;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: options.appUrl,
    SANDBOX_ENABLED: "false",
    JOBS_ENABLED: "true",
    PROVIDER_TIMEOUT_MS: String(options.providerTimeoutMs),
    MERCHANT_API_KEY: options.credentials.merchantApiKey,
    SESSION_SECRET: secret("session-secret-"),
    RATE_LIMIT_ORDERS: "100000/1m",
    RATE_LIMIT_WEBHOOKS: "100000/1m",
    ROUTING_ALFAMART: options.routing.alfamart.join(","),
    ROUTING_INDOMARET: options.routing.indomaret.join(","),
    ...options.simulatorsEnv,
    ...options.more,
  };
}
