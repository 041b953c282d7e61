import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import fc from "fast-check";
import { encodeReply } from "next/dist/compiled/react-server-dom-webpack/client.node";
import { badActionBody, escapedSegment, FUZZ_SEED, idLike, jsonValue, nastyString, nulString } from "../test/fuzz/arbitraries";
import { API_KEY, SHOPPER } from "./support";

// Property-based fuzzing over real HTTP against the production build: what only the real server
// decides (its path decoding, the payment page's status, server actions and their decoding). The
// route handlers' own fuzzing, with far more requests, is app/api/bad-input.int.test.ts.
// Every answer must be below 500 and nothing may change: the sandbox's state summary is compared
// before and after. Runs alone, after the other specs (see playwright.config.ts).

test.describe.configure({ mode: "serial" });

const RUNS = { payPage: 500, payPoll: 600, slip: 150, escapes: 1_500, actions: 1_800, checkoutForms: 400, formPosts: 500 };

/** What every fuzzed request got: target → status → count. */
const histogram = new Map<string, Map<number, number>>();
function record(target: string, status: number) {
  const counts = histogram.get(target) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  histogram.set(target, counts);
}

/**
 * The server actions of this build, by "file#export" (their ids change with every build). The
 * merchant console's are left out: they sit behind its sign-in, fuzzed on their own.
 */
function actionIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.node)
      .filter(([, action]) => !action.filename.startsWith("app/merchant/"))
      .map(([id, action]) => [`${action.filename}#${action.exportedName}`, id]),
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A path segment that reaches the route as `text` (a lone surrogate cannot: it becomes U+FFFD). */
const segment = (text: string) => encodeURIComponent(text.replace(LONE_SURROGATE, "\uFFFD"));

interface Seeded {
  id: string;
  publicId: string;
}
let seeded: Seeded[] = [];
let actions: Record<string, string> = {};
let startedAt = 0;

async function state(request: APIRequestContext) {
  const query = seeded.map((order) => `order=${order.id}`).join("&");
  const response = await request.get(`/sandbox/state?${query}`);
  expect(response.status()).toBe(200);
  // Background jobs keep working on the other specs' orders (expiry, reconciliation, webhook
  // retries add events and deliveries there), so events and deliveries are compared for the
  // seeded orders; nothing anywhere may add an order, an item, a charge or a simulator charge.
  const { orders, orderItems, charges, sandboxCharges, outages, ofOrders } = (await response.json()) as Record<string, unknown>;
  return { orders, orderItems, charges, sandboxCharges, outages, ofOrders };
}

async function seededSnapshot(request: APIRequestContext) {
  return Promise.all(
    seeded.map(async (order) => {
      const response = await request.get(`/api/v1/orders/${order.id}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      return response.json();
    }),
  );
}

async function fuzzed(target: string, response: APIResponse) {
  record(target, response.status());
  await response.body().catch(() => undefined);
  return response.status();
}

test.beforeAll(() => {
  actions = actionIds();
  startedAt = performance.now();
});

// Fresh orders for every test: the reconciliation job asks the provider about codes quiet for
// 5 minutes (and stamps them), so the orders a test watches must be younger than that.
test.beforeEach(async ({ request }) => {
  seeded = [];
  for (const store of ["indomaret", "alfamart"]) {
    const response = await request.post("/api/v1/orders", {
      headers: { Authorization: `Bearer ${API_KEY}` },
      data: {
        reference: `FUZZ-${Date.now()}-${store}`,
        store,
        customer: SHOPPER,
        items: [{ sku: "kopi-gayo-250", name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
        expires_in_minutes: 1440,
      },
    });
    expect(response.status()).toBe(201);
    const order = (await response.json()) as { id: string; payment_url: string };
    seeded.push({ id: order.id, publicId: order.payment_url.split("/").at(-1)! });
  }
  // The providers announce a new code on their own (Midtrans: "pending"); those deliveries are
  // the seeding's, not the fuzzing's, so they must be in before the first count.
  await expect
    .poll(async () => ((await state(request)).ofOrders as { notificationsQueued: number }).notificationsQueued, { timeout: 30_000 })
    .toBe(0);
});

test.afterAll(() => {
  const lines = [...histogram].map(([target, counts]) => {
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const statuses = [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
    return `  ${target.padEnd(36)} ${String(total).padStart(6)}  ${statuses}`;
  });
  const total = [...histogram.values()].flatMap((counts) => [...counts.values()]).reduce((sum, count) => sum + count, 0);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`bad-input fuzz, over HTTP (seed ${FUZZ_SEED}): ${total} requests in ${seconds} s\n${lines.join("\n")}`);
});

/**
 * fast-check's property over batches of inputs sent at once: the server is what is tested, and
 * waiting for each answer before sending the next would only measure round trips. A failing
 * batch is shrunk like any other input.
 */
const BATCH = 8;
async function assertInBatches<T>(input: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<void>) {
  await fc.assert(
    fc.asyncProperty(fc.array(input, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      await Promise.all(batch.map(check));
    }),
    { seed: FUZZ_SEED, numRuns: Math.ceil(runs / BATCH) },
  );
}

/** Runs one fuzzing property and proves afterwards that it changed nothing. */
async function fuzzWithoutChange(request: APIRequestContext, run: () => Promise<void>) {
  const [before, ordersBefore] = [await state(request), await seededSnapshot(request)];
  await run();
  expect(await state(request)).toEqual(before);
  expect(await seededSnapshot(request)).toEqual(ordersBefore);
}

const ids = () => fc.oneof({ weight: 9, arbitrary: idLike.filter((id) => id !== "." && id !== "..") }, { weight: 1, arbitrary: fc.constantFrom(...seeded.map((order) => order.publicId)) });
const isSeeded = (publicId: string) => seeded.some((order) => order.publicId === publicId);

test("the regressions: escapes are 400, an unknown payment page is a real 404", async ({ request }) => {
  for (const path of ["/pay/%E0%A4%A", "/api/pay/%ZZ", "/pay/%ZZ/slip", "/pay/%ED%A0%80", "/api/v1/orders/%C0%AF"]) {
    expect((await request.get(path)).status(), path).toBe(400);
  }
  const unknown = await request.get("/pay/AAAAAAAAAAAAAAAAAAAAAA");
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain("Halaman pembayaran tidak ditemukan");
  expect((await request.get(`/pay/${seeded[0]!.publicId}`)).status()).toBe(200);
});

test("payment page, poll and slip: 200 for a real order, 404 for any other id, nothing changes", async ({ request }) => {
  await fuzzWithoutChange(request, async () => {
    for (const [target, path, runs] of [
      ["GET /pay/<id>", (id: string) => `/pay/${segment(id)}`, RUNS.payPage],
      ["GET /api/pay/<id>", (id: string) => `/api/pay/${segment(id)}`, RUNS.payPoll],
      ["GET /pay/<id>/slip", (id: string) => `/pay/${segment(id)}/slip`, RUNS.slip],
    ] as const) {
      await assertInBatches(ids(), runs, async (id) => {
        const status = await fuzzed(target, await request.get(path(id), { maxRedirects: 0 }));
        expect(status, id).toBe(isSeeded(id) ? 200 : 404);
      });
    }
  });
});

test("malformed percent-escapes anywhere get a 4xx", async ({ request }) => {
  const prefixes = ["/pay/", "/api/pay/", "/api/v1/orders/", "/api/webhooks/", "/sandbox/", "/sandbox/midtrans/v2/", "/merchant/orders/", "/"];
  await fuzzWithoutChange(request, async () => {
    const input = fc.tuple(fc.constantFrom(...prefixes), escapedSegment, fc.constantFrom("", "/slip", "/status"), fc.constantFrom("GET", "POST"));
    await assertInBatches(input, RUNS.escapes, async ([prefix, text, suffix, method]) => {
      const path = `${prefix}${text}${suffix}`;
      const response = await request.fetch(path, { method, maxRedirects: 0, data: method === "POST" ? "{}" : undefined });
      const status = await fuzzed(`${method} <escaped path>`, response);
      expect(status, path).toBeGreaterThanOrEqual(200);
      expect(status, path).toBeLessThan(500);
    });
  });
});

test("server actions called with garbage get a 4xx", async ({ request }) => {
  // Where each action is served, and arguments of the right form but the wrong kind.
  const targets = [
    { name: "app/(shop)/checkout/actions.ts#placeOrderAction", path: "/checkout", wrongArgs: fc.constantFrom<unknown[]>([], [{}, 5], ["x", "y"], [null, null]) },
    { name: "app/pay/[publicId]/actions.ts#checkAgainAction", path: "/pay/AAAAAAAAAAAAAAAAAAAAAA", wrongArgs: fc.oneof(fc.tuple(fc.oneof(fc.integer(), nastyString, fc.constant(null))), fc.constant([seeded[0]!.publicId, "extra"])) },
    { name: "app/pay/[publicId]/actions.ts#renewCodeAction", path: "/pay/AAAAAAAAAAAAAAAAAAAAAA", wrongArgs: fc.oneof(fc.tuple(fc.oneof(fc.integer(), nastyString, fc.constant({}))), fc.constant([`${seeded[1]!.publicId}x`])) },
    { name: "lib/i18n/actions.ts#chooseLocale", path: "/", wrongArgs: fc.tuple(nastyString.filter((text) => text !== "id" && text !== "en")) },
    { name: "app/sandbox/actions.ts#setOutageAction", path: "/sandbox", wrongArgs: fc.constantFrom<unknown[]>([], ["midtrans"], [{ provider: "midtrans", outage: "down" }]) },
    { name: "app/sandbox/cashier/actions.ts#cashierAction", path: "/sandbox/cashier", wrongArgs: fc.constantFrom<unknown[]>([], ["pay"], [{ action: "pay" }]) },
  ];
  for (const target of targets) expect(actions[target.name], target.name).toBeDefined();
  const targetNamed = (name: string) => targets.find((target) => target.name === name)!;
  type Target = (typeof targets)[number];
  type Call = { text: string; contentType: string } | { form: Record<string, string> } | { args: unknown[] };
  const call = (target: Target): fc.Arbitrary<Call> =>
    fc.oneof(
      fc.record({ text: badActionBody, contentType: fc.constantFrom("text/plain;charset=UTF-8", "application/json", "text/x-component") }),
      fc.tuple(badActionBody, fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 })).map(([text, fields]) => ({ form: { ...fields, "0": text } })),
      // Well-formed React arguments of the wrong kind: the action's own zod check refuses them.
      target.wrongArgs.map((args) => ({ args: args as unknown[] })),
    );
  const origin = fc.constantFrom<string | undefined>(undefined, undefined, "http://evil.test", "null", "garbage", "http://localhost");
  await fuzzWithoutChange(request, async () => {
    const input = fc.tuple(fc.constantFrom(...targets.map((target) => target.name)).chain((name) => fc.tuple(fc.constant(name), call(targetNamed(name)))), origin);
    await assertInBatches(input, RUNS.actions, async ([[name, chosen], originHeader]) => {
        const target = targetNamed(name);
        const headers: Record<string, string> = { "Next-Action": actions[target.name]! };
        if (originHeader) headers.Origin = originHeader;
        let response: APIResponse;
        if ("args" in chosen) {
          const encoded = await encodeReply(chosen.args);
          response = typeof encoded === "string" ? await request.post(target.path, { headers, data: encoded }) : await request.post(target.path, { headers, multipart: encoded });
        } else if ("form" in chosen) {
          response = await request.post(target.path, { headers, multipart: chosen.form });
        } else {
          response = await request.post(target.path, { headers: { ...headers, "Content-Type": chosen.contentType }, data: chosen.text });
        }
        const status = await fuzzed(`action ${target.name.split("#")[1]}`, response);
        expect(status, JSON.stringify(chosen)).toBeGreaterThanOrEqual(400);
        expect(status, JSON.stringify(chosen)).toBeLessThan(500);
    });
  });
});

test("the checkout action refuses unstorable or missing fields field by field, and creates nothing", async ({ request }) => {
  const id = actions["app/(shop)/checkout/actions.ts#placeOrderAction"]!;
  const cart = JSON.stringify([{ productId: "kopi-gayo-250", quantity: 1 }]);
  const valid = { name: SHOPPER.name, email: SHOPPER.email, phone: SHOPPER.phone, store: "indomaret", provider: "", cart };
  const spoiled = fc.oneof(
    fc.tuple(fc.constantFrom("name", "email", "phone"), nulString).map(([field, text]) => ({ ...valid, [field]: text })),
    fc.tuple(fc.constantFrom("store", "provider", "cart"), nastyString).map(([field, text]) => ({ ...valid, [field]: text === "" && field === "provider" ? "nobody" : text })),
    fc.tuple(fc.constantFrom("name", "email", "phone", "store", "cart"), fc.constant(undefined)).map(([field]) => {
      const form: Record<string, string> = { ...valid };
      delete form[field];
      return form;
    }),
    jsonValue().map((value) => ({ ...valid, cart: JSON.stringify(value) })),
  );
  await fuzzWithoutChange(request, async () => {
    await assertInBatches(spoiled, RUNS.checkoutForms, async (fields) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        const encoded = (await encodeReply([{ status: "idle" }, form])) as FormData;
        const response = await request.post("/checkout", { headers: { "Next-Action": id }, multipart: encoded });
        const status = await fuzzed("checkout form (valid call, bad fields)", response);
        expect(status).toBe(200);
        expect(await response.text()).toContain('"status":"error"');
    });
  });
});

test("forms posted without JavaScript, with garbage, get no 5xx", async ({ request }) => {
  const actionField = fc.oneof(
    fc.constantFrom(...Object.values(actions)).map((id) => ({ [`$ACTION_ID_${id}`]: "" })),
    fc.tuple(fc.constantFrom(...Object.values(actions)), fc.oneof(badActionBody, fc.constant("[]"))).map(([id, bound]) => ({
      $ACTION_REF_1: "",
      "$ACTION_1:0": JSON.stringify({ id, bound: "$@1" }),
      "$ACTION_1:1": bound,
    })),
    fc.tuple(nastyString, nastyString).map(([name, value]) => ({ [`$ACTION_${name.replace(/[\r\n"]/g, "")}`]: value })),
    fc.constant({}),
  );
  const fields = fc.dictionary(fc.constantFrom("provider", "outage", "name", "cart", "store", "chargeId", "action", "code"), nastyString, { maxKeys: 4 });
  await fuzzWithoutChange(request, async () => {
    const input = fc.tuple(fc.constantFrom("/", "/checkout", "/sandbox", "/sandbox/cashier", `/pay/${seeded[0]!.publicId}`), actionField, fields);
    await assertInBatches(input, RUNS.formPosts, async ([path, action, extra]) => {
        // The forms' fields only ever hold text a browser can send, without U+0000 in names.
        const multipart = Object.fromEntries(Object.entries({ ...extra, ...action }).map(([name, value]) => [name.replace(/\0/g, ""), value]));
        const status = await fuzzed("form post without JavaScript", await request.post(path, { multipart, maxRedirects: 0 }));
        expect(status, JSON.stringify({ path, multipart })).toBeLessThan(500);
    });
  });
});
