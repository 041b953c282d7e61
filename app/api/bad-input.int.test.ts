import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "@/lib/providers/catalog";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { midtransSignature } from "@/lib/providers/midtrans/signature";
import { buildProviders } from "@/lib/providers/registry";
import { createDokuSimulator } from "@/lib/sandbox/doku/simulator";
import { createFazzSimulator } from "@/lib/sandbox/fazz/simulator";
import { createMartisSimulator } from "@/lib/sandbox/martis/simulator";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { createMonxaSimulator } from "@/lib/sandbox/monxa/simulator";
import { summarizeState, type StateSummary } from "@/lib/sandbox/state-summary";
import type { ProviderSimulator } from "@/lib/sandbox/types";
import { UNSTORABLE_TEXT_MESSAGE } from "@/lib/db/storable-text";
import { badOrderBody, FUZZ_SEED, idLike, jsonValue, nastyString, validOrderBody, wrongAuthorization } from "@/test/fuzz/arbitraries";
import { createWorld, CUSTOMER, ITEMS, type World } from "@/test/world";

// Property-based fuzzing of the route handlers, called in process with real Requests, on the
// real database (PGlite, or PostgreSQL in CI): the webhook route for every provider and for
// unknown ones, the merchant REST API (POST with and without the key, GET by id) and the payment
// page's poll. Every request must get an answer below 500, and nothing of any order may change:
// the rows are counted before and after (rejected webhook deliveries are stored, by design).

// The routes read their configuration from the environment: the sandbox's credentials, this
// test's database, and provider APIs at an address nobody answers (no fuzzed request may reach
// one: a status check would be a state change waiting to happen). The rate limits are lifted:
// this suite is about what each request holds, and their own suites test the limits.
vi.hoisted(() => {
  for (const limit of ["ORDERS", "WEBHOOKS", "SANDBOX", "CHECKOUT"]) process.env[`RATE_LIMIT_${limit}`] = "1000000/1m";
  process.env.APP_URL = "http://127.0.0.1:9";
  process.env.SANDBOX_ENABLED = "true";
  process.env.PGLITE_DATA_DIR = "memory://";
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? "";
  process.env.PROVIDER_TIMEOUT_MS = "500";
});

const { env } = await import("@/lib/env");
const { getDatabase } = await import("@/lib/db/client");
const webhookRoute = await import("@/app/api/webhooks/[provider]/route");
const ordersRoute = await import("@/app/api/v1/orders/route");
const orderRoute = await import("@/app/api/v1/orders/[id]/route");
const payPollRoute = await import("@/app/api/pay/[publicId]/route");

const APP_URL = "http://127.0.0.1:9";
const API_KEY = "sk_sandbox_gerai_merchant_0001";
const RUNS = { webhookPerProvider: 1_200, unknownProvider: 500, createWithKey: 3_000, createWithoutKey: 1_500, getOrder: 2_000, payPoll: 2_000 };
// Each property sends thousands of requests, each stored or looked up on the database. On a loaded
// 2-core machine that took 13–16 s a provider, and 31 s for the first (still warming up): past the
// 30 s default, which is meant for one scenario. Each property gets a bound sized for that much work; a hang still fails.
const FUZZ_TIMEOUT_MS = 120_000;

let world: World;
let database: OpenedDatabase;
const orders: CreatedOrder[] = [];
let fuzzingStartedAt = 0;

/** What every fuzzed request got: target → status → count. */
const histogram = new Map<string, Map<number, number>>();
function record(target: string, status: number) {
  const counts = histogram.get(target) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  histogram.set(target, counts);
}

/** A notification a provider really sent about one of our charges, signed as it was sent. */
interface RealNotification {
  provider: ProviderId;
  body: string;
  headers: Record<string, string>;
}
const notifications = new Map<ProviderId, RealNotification[]>();

const webhookUrl = (provider: ProviderId) => `${APP_URL}/api/webhooks/${provider}`;

beforeAll(async () => {
  database = await getDatabase();
  const config = env();
  // The same providers as the routes use, but talking to in-process simulators: only the
  // orders this test starts from are made through them.
  world = await createWorld(
    ({ simulatorContext, baseUrl, fetch, timeoutMs }) => {
      const settings = { ...config.providers };
      const { midtrans, monxa, doku, fazz, martis } = settings;
      settings.midtrans = { ...midtrans!, baseUrl: baseUrl("midtrans") };
      settings.monxa = { ...monxa!, baseUrl: baseUrl("monxa") };
      settings.doku = { ...doku!, baseUrl: baseUrl("doku") };
      settings.fazz = { ...fazz!, baseUrl: `${baseUrl("fazz")}/api/v4` };
      settings.martis = { ...martis!, baseUrl: baseUrl("martis") };
      const providers = buildProviders({ providers: settings, providerTimeoutMs: timeoutMs }, fetch);
      const simulators: Record<ProviderId, ProviderSimulator> = {
        midtrans: createMidtransSimulator(simulatorContext, { serverKey: midtrans!.serverKey }),
        monxa: createMonxaSimulator(simulatorContext, monxa!),
        doku: createDokuSimulator(simulatorContext, doku!),
        fazz: createFazzSimulator(simulatorContext, fazz!),
        martis: createMartisSimulator(simulatorContext, martis!),
      };
      return PROVIDER_IDS.map((id) => ({ provider: providers.get(id)!, simulator: simulators[id] }));
    },
    { database, start: new Date() },
  );

  // Two orders per provider, one of them paid at the store, with every notification delivered.
  for (const provider of PROVIDER_IDS) {
    for (const store of ["indomaret", "alfamart"] as const) {
      const result = await createOrder(world.deps, {
        reference: `FUZZ-${Date.now()}-${provider}-${store}`,
        store,
        customer: CUSTOMER,
        items: ITEMS,
        source: "api",
        provider,
      });
      if (!result.ok) throw new Error(`could not seed an order at ${provider}: ${JSON.stringify(result.error)}`);
      orders.push(result.value);
    }
    const paid = orders.at(-1)!;
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider, paymentCode: paid.paymentCode } });
    expect(await world.simulators.get(provider)!.perform("pay", charge)).toMatchObject({ ok: true });
  }
  await world.deliverWebhooks();
  expect(await world.db.order.count({ where: { id: { in: orders.map((order) => order.id) }, status: "paid" } })).toBe(PROVIDER_IDS.length);

  const ours = await world.db.charge.findMany({ where: { orderId: { in: orders.map((order) => order.id) } }, select: { reference: true } });
  const atSimulators = await world.db.sandboxCharge.findMany({ where: { merchantReference: { in: ours.map((charge) => charge.reference) } }, select: { id: true } });
  const sent = await world.db.sandboxWebhook.findMany({ where: { chargeId: { in: atSimulators.map((charge) => charge.id) } } });
  for (const row of sent) {
    const provider = row.provider as ProviderId;
    const headers = world.simulators.get(provider)!.signWebhook(row.body, new URL(webhookUrl(provider)), new Date());
    notifications.set(provider, [...(notifications.get(provider) ?? []), { provider, body: row.body, headers }]);
  }
  for (const provider of PROVIDER_IDS) expect(notifications.get(provider)?.length, provider).toBeGreaterThan(0);
  const seededCharges = await world.db.charge.findMany({ where: { orderId: { in: orders.map((order) => order.id) } } });
  for (const charge of seededCharges) {
    for (const id of [charge.reference, charge.providerChargeId, charge.paymentCode]) if (id) ourIds.add(id);
  }
  for (const order of orders) ourIds.add(order.reference);
  fuzzingStartedAt = performance.now();
}, 120_000);

afterAll(async () => {
  const lines = [...histogram].map(([target, counts]) => {
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const statuses = [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
    return `  ${target.padEnd(34)} ${String(total).padStart(6)}  ${statuses}`;
  });
  const total = [...histogram.values()].flatMap((counts) => [...counts.values()]).reduce((sum, count) => sum + count, 0);
  const seconds = ((performance.now() - fuzzingStartedAt) / 1000).toFixed(1);
  console.log(`bad-input fuzz, in process (seed ${FUZZ_SEED}): ${total} requests in ${seconds} s\n${lines.join("\n")}`);
  await world?.close();
});

const stateNow = () => summarizeState(database.db);

async function expectNothingChanged(before: StateSummary, options: { deliveriesMayGrow: boolean }) {
  const after = await stateNow();
  const { webhookDeliveries: deliveriesBefore, ...rest } = before;
  const { webhookDeliveries: deliveriesAfter, ...restAfter } = after;
  expect(restAfter).toEqual(rest);
  if (!options.deliveriesMayGrow) expect(deliveriesAfter).toBe(deliveriesBefore);
}

// ---------------------------------------------------------------------------------------------

/** Header values a fetch Request can carry (no CR, LF or NUL; Latin-1). */
const headerValue = fc.string({ unit: "binary-ascii", maxLength: 60 }).map((text) => text.replace(/[\0\r\n]/g, "").trim());
const randomHeaders = fc.dictionary(
  fc.constantFrom("content-type", "x-callback-token", "xfers-signature", "signature", "client-id", "request-id", "request-timestamp", "digest", "x-martis-signature", "x-martis-timestamp", "authorization", "x-anything"),
  headerValue,
  { maxKeys: 5, noNullPrototype: true },
);
// Webhook bodies carry the same nasty text, U+0000 and lone surrogates included, raw or as JSON
// escapes in a verified body's ids: PostgreSQL cannot store those, so they must get a 4xx.
const webhookText = nastyString;
const webhookBody = fc.oneof(
  jsonValue(webhookText).map((value) => JSON.stringify(value)),
  webhookText,
  fc.constantFrom("", "{", "null", "[]", "{}", '{"transaction_status":"settlement"}', '{"type":"charge.succeeded","data":{}}'),
);

/** The auth headers each provider's check reads: changing one must fail the check. */
const AUTH_HEADERS: Record<ProviderId, string[]> = {
  midtrans: [],
  monxa: ["x-callback-token"],
  // Not Digest: the signature covers the body's digest, which the check computes itself.
  doku: ["client-id", "request-id", "request-timestamp", "signature"],
  fazz: ["xfers-signature"],
  martis: ["x-martis-signature", "x-martis-timestamp"],
};

function lowerCaseKeys(headers: Record<string, string>) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** A real notification about one of our charges, with its proof of origin broken. */
function forgedNotification(provider: ProviderId) {
  const real = fc.constantFrom(...notifications.get(provider)!);
  if (provider === "midtrans") {
    // Midtrans signs inside the body: break the signature or change what it covers.
    return fc
      .tuple(real, fc.constantFrom("signature_key", "order_id", "status_code", "gross_amount"), fc.oneof(fc.constant(undefined), headerValue, fc.integer()))
      .map(([notification, field, value]) => {
        const body = JSON.parse(notification.body) as Record<string, unknown>;
        const changed = value === undefined || String(value) === String(body[field]) ? `${String(body[field])}0` : value;
        if (value === undefined && field === "signature_key") delete body[field];
        else body[field] = changed;
        return { body: JSON.stringify(body), headers: notification.headers };
      });
  }
  const names = AUTH_HEADERS[provider];
  return fc.tuple(real, fc.constantFrom(...names), fc.oneof(fc.constant(undefined), headerValue), fc.boolean()).map(([notification, name, value, alsoChangeBody]) => {
    const headers = lowerCaseKeys(notification.headers);
    if (value === undefined || value === headers[name]) delete headers[name];
    else headers[name] = value;
    // Monxa signs no body, so only the token can be wrong; the others sign the body's bytes.
    const body = alsoChangeBody && provider !== "monxa" ? `${notification.body} ` : notification.body;
    return { body, headers };
  });
}

/** Every id our seeded orders and charges go by: no re-signed notification may name one. */
const ourIds = new Set<string>();

function renameOurIds(value: unknown, names: string[]): unknown {
  if (typeof value === "string") {
    for (const id of ourIds) if (value.includes(id)) return names.shift() ?? "someone-else";
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => renameOurIds(item, names));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renameOurIds(item, names)]));
  }
  return value;
}

/** Replaces one leaf (the `pick`th, cyclically) of a JSON value. */
function replaceLeaf(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, [...path, index]));
    else if (node !== null && typeof node === "object") Object.entries(node).forEach(([key, item]) => walk(item, [...path, key]));
    else paths.push(path);
  };
  walk(value, []);
  const path = paths[pick % Math.max(paths.length, 1)];
  if (!path?.length) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

/**
 * A real notification's shape about a charge that is not ours (every id renamed), with a leaf or
 * two changed, then signed exactly as the provider signs: it passes the check, so the parser,
 * the lookup and the answer for an unknown charge are what is fuzzed.
 */
function resignedStranger(provider: ProviderId) {
  return fc
    .tuple(fc.constantFrom(...notifications.get(provider)!), fc.array(webhookText, { minLength: 6, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), jsonValue(webhookText)), { maxLength: 2 }))
    .map(([notification, names, changes]) => {
      let body = renameOurIds(JSON.parse(notification.body), names);
      for (const [pick, replacement] of changes) body = renameOurIds(replaceLeaf(body, pick, replacement), names);
      if (provider === "midtrans" && body !== null && typeof body === "object" && !Array.isArray(body)) {
        const fields = body as Record<string, unknown>;
        fields.signature_key = midtransSignature(String(fields.order_id), String(fields.status_code), String(fields.gross_amount), env().providers.midtrans!.serverKey);
      }
      const text = JSON.stringify(body);
      return { body: text, headers: world.simulators.get(provider)!.signWebhook(text, new URL(webhookUrl(provider)), new Date()) };
    });
}

/** Any body, signed exactly as the provider signs: it passes the check and must fail on its content. */
function signedGarbage(provider: ProviderId) {
  return webhookBody.map((body) => ({ body, headers: world.simulators.get(provider)!.signWebhook(body, new URL(webhookUrl(provider)), new Date()) }));
}

async function postWebhook(provider: string, input: { body: string; headers: Record<string, string> }) {
  // The route reads the provider from its params (as Next.js decodes them), not from the URL.
  const url = isProviderId(provider) ? webhookUrl(provider) : `${APP_URL}/api/webhooks/unknown`;
  const response = await webhookRoute.POST(new Request(url, { method: "POST", headers: input.headers, body: input.body }), {
    params: Promise.resolve({ provider }),
  });
  await response.text();
  return response.status;
}

describe("POST /api/webhooks/<provider> with bad input", () => {
  it.each(PROVIDER_IDS)("%s: forged, unsigned and signed garbage get a 4xx (or 200 for nothing to do) and change no order", async (provider) => {
    const before = await stateNow();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          forgedNotification(provider),
          webhookBody.chain((body) => randomHeaders.map((headers) => ({ body, headers }))),
          signedGarbage(provider),
          resignedStranger(provider),
        ),
        async (input) => {
          const status = await postWebhook(provider, input);
          record(`POST /api/webhooks/${provider}`, status);
          expect(status).toBeLessThan(500);
        },
      ),
      { seed: FUZZ_SEED, numRuns: RUNS.webhookPerProvider },
    );
    await expectNothingChanged(before, { deliveriesMayGrow: true });
  }, FUZZ_TIMEOUT_MS);

  it("unknown providers get a 404 and nothing is stored", async () => {
    const before = await stateNow();
    await fc.assert(
      fc.asyncProperty(
        nastyString.filter((name) => !(PROVIDER_IDS as readonly string[]).includes(name)),
        webhookBody,
        async (provider, body) => {
          const status = await postWebhook(provider, { body, headers: { "content-type": "application/json" } });
          record("POST /api/webhooks/<unknown>", status);
          expect(status).toBe(404);
        },
      ),
      { seed: FUZZ_SEED, numRuns: RUNS.unknownProvider },
    );
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  }, FUZZ_TIMEOUT_MS);
});

// ---------------------------------------------------------------------------------------------

async function postOrder(body: string, authorization: string | undefined) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await ordersRoute.POST(new Request(`${APP_URL}/api/v1/orders`, { method: "POST", headers, body }));
  return { status: response.status, json: (await response.json()) as { error?: { type: string; fields?: Record<string, string[]> } } };
}

describe("POST /api/v1/orders with bad input", () => {
  it("refuses U+0000 and lone surrogates in every text field with a 422 naming the field", async () => {
    const before = await stateNow();
    type OrderBody = { reference: string; customer: Record<string, string>; items: Record<string, unknown>[]; description: string };
    const valid = fc.sample(validOrderBody, { seed: FUZZ_SEED, numRuns: 1 })[0]! as OrderBody;
    const fields: [string, (body: OrderBody, bad: string) => void][] = [
      ["reference", (body, bad) => (body.reference = `INV${bad}1`)],
      ["customer.name", (body, bad) => (body.customer.name = `Bu${bad}di`)],
      ["customer.email", (body, bad) => (body.customer.email = `bu${bad}di@example.com`)],
      ["customer.phone", (body, bad) => (body.customer.phone = `0812${bad}34567890`)],
      ["items.0.name", (body, bad) => (body.items[0]!.name = `Kopi${bad}`)],
      ["items.0.sku", (body, bad) => (body.items[0]!.sku = `kopi${bad}`)],
      ["description", (body, bad) => (body.description = `${bad}`)],
    ];
    for (const bad of ["\u0000", "\uD800", "\uDFFF"]) {
      for (const [field, spoil] of fields) {
        const body = structuredClone(valid);
        spoil(body, bad);
        const { status, json } = await postOrder(JSON.stringify(body), `Bearer ${API_KEY}`);
        expect({ field, status, type: json.error?.type, messages: json.error?.fields?.[field] }).toEqual({
          field,
          status: 422,
          type: "invalid_request",
          messages: [UNSTORABLE_TEXT_MESSAGE],
        });
      }
    }
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  });

  it("with the key: every bad body gets a 400 or 422 and creates nothing", async () => {
    const before = await stateNow();
    await fc.assert(
      fc.asyncProperty(badOrderBody, async (body) => {
        const { status, json } = await postOrder(body, `Bearer ${API_KEY}`);
        record("POST /api/v1/orders (key)", status);
        expect([400, 422], JSON.stringify(json)).toContain(status);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS.createWithKey },
    );
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  }, FUZZ_TIMEOUT_MS);

  it("without a valid key: every body, good or bad, gets a 401 and creates nothing", async () => {
    const before = await stateNow();
    await fc.assert(
      fc.asyncProperty(fc.oneof(badOrderBody, validOrderBody.map((body) => JSON.stringify(body))), wrongAuthorization, async (body, authorization) => {
        const { status } = await postOrder(body, authorization);
        record("POST /api/v1/orders (no key)", status);
        expect(status).toBe(401);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS.createWithoutKey },
    );
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  }, FUZZ_TIMEOUT_MS);
});

// ---------------------------------------------------------------------------------------------

describe("GET /api/v1/orders/<id> and /api/pay/<id> with bad ids", () => {
  it("refuses an id with U+0000 with a 404 rather than failing", async () => {
    const before = await stateNow();
    const response = await orderRoute.GET(new Request(`${APP_URL}/api/v1/orders/x`, { headers: { authorization: `Bearer ${API_KEY}` } }), {
      params: Promise.resolve({ id: "ord_\u0000" }),
    });
    expect(response.status).toBe(404);
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  });

  it("answers every id 200 (ours) or 404, and reads change nothing", async () => {
    const before = await stateNow();
    const known = fc.constantFrom(...orders.map((order) => order.id));
    await fc.assert(
      fc.asyncProperty(fc.oneof(idLike, known), fc.boolean(), async (id, withKey) => {
        const headers: Record<string, string> = withKey ? { authorization: `Bearer ${API_KEY}` } : {};
        const response = await orderRoute.GET(new Request(`${APP_URL}/api/v1/orders/x`, { headers }), { params: Promise.resolve({ id }) });
        await response.text();
        record("GET /api/v1/orders/<id>", response.status);
        const ours = orders.some((order) => order.id === id);
        expect(response.status).toBe(!withKey ? 401 : ours ? 200 : 404);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS.getOrder },
    );
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  }, FUZZ_TIMEOUT_MS);

  it("the payment page's poll answers 200 for our public ids and 404 for anything else", async () => {
    const before = await stateNow();
    const known = fc.constantFrom(...orders.map((order) => order.paymentUrl.split("/").at(-1)!));
    await fc.assert(
      fc.asyncProperty(fc.oneof(idLike, known), async (publicId) => {
        const response = await payPollRoute.GET(new Request(`${APP_URL}/api/pay/x`), { params: Promise.resolve({ publicId }) });
        await response.text();
        record("GET /api/pay/<id>", response.status);
        const ours = orders.some((order) => order.paymentUrl.endsWith(`/${publicId}`));
        expect(response.status).toBe(ours ? 200 : 404);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS.payPoll },
    );
    await expectNothingChanged(before, { deliveriesMayGrow: false });
  }, FUZZ_TIMEOUT_MS);
});
