import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/domain";
import { SANDBOX_CREDENTIALS } from "@/test/sandbox-credentials";
import { checkOrderStatus, reconcilePendingCharges } from "@/lib/orders/check-status";
import { expireCodesPastDeadline, sweepCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import { setOutage, type OutageMode } from "@/lib/sandbox/outage";
import type { CashierAction, SimulatorContext } from "@/lib/sandbox/types";
import { APP_URL, createWorld, CUSTOMER, ITEMS, ITEMS_TOTAL, providerPair, sandboxSimulator, type World } from "@/test/world";

// A Monxa order's whole life through the real use cases, database and Monxa simulator, and the
// simulator's own HTTP API as a merchant's integration would meet it.

const { monxaSecretKey: SECRET_KEY, monxaCallbackToken: CALLBACK_TOKEN } = SANDBOX_CREDENTIALS;
const SIMULATOR = `${APP_URL}/sandbox/monxa`;
const HOUR = 3_600_000;

/** The world's in-process fetch calls the simulator directly and ignores the client's deadline; a real fetch does not. */
const honouringDeadline =
  (inner: typeof fetch): typeof fetch =>
  (input, init) =>
    new Promise((resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true });
      inner(input, init).then(resolve, reject);
    });

/** The app's MONXA_AMOUNT_UNIT and the account's own unit (a simulator form) agree here. */
async function monxaWorld(amountUnit: "idr" | "minor", paidEvent?: "charge.completed") {
  const world = await createWorld((context) => [providerPair("monxa", context, { amountUnit, fetchImpl: honouringDeadline(context.fetch) })]);
  await world.chooseForm("monxa", "amountUnit", amountUnit);
  if (paidEvent) await world.chooseForm("monxa", "paidEvent", paidEvent);
  return world;
}

let world: World;

beforeAll(async () => {
  world = await monxaWorld("idr");
});
afterAll(async () => world?.close());

let counter = 0;
async function newOrder(on: World, overrides: Partial<Parameters<typeof createOrder>[1]> = {}): Promise<CreatedOrder> {
  counter += 1;
  const result = await createOrder(on.deps, {
    reference: `MX-${Date.now()}-${counter}`,
    store: "indomaret",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    provider: "monxa",
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const sandboxChargeOf = (order: CreatedOrder, on = world) =>
  on.db.sandboxCharge.findFirstOrThrow({ where: { provider: "monxa", paymentCode: order.paymentCode } });

async function cashier(order: CreatedOrder, action: CashierAction, on = world) {
  const result = await on.simulators.get("monxa")!.perform(action, await sandboxChargeOf(order, on));
  expect(result).toEqual({ ok: true });
}

const orderOf = (order: CreatedOrder, on = world) =>
  on.db.order.findUniqueOrThrow({
    where: { id: order.id },
    include: { charges: { orderBy: { attempt: "asc" } }, events: { orderBy: { at: "asc" } } },
  });

const deliver = (rawBody: string, headers: Record<string, string>) =>
  receiveWebhook(world.webhookDeps, "monxa", {
    rawBody,
    headers: new Headers({ "content-type": "application/json", ...headers }),
    path: "/api/webhooks/monxa",
    receivedAt: world.clock.now(),
  });

/** Calls the simulator's HTTP API the way a merchant's server would. */
function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return world.fetch(`${SIMULATOR}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { Authorization: `Bearer ${SECRET_KEY}`, "Content-Type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

function chargeRequest(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    amount: 154_000,
    currency: "IDR",
    reference_id: `API-${Date.now()}-${counter}`,
    channel_code: "store_indomaret",
    channel_properties: { customer_name: "Siti Rahmawati" },
    metadata: { merchant_name: "Toko Gerai" },
    description: "Order at Toko Gerai",
    ...overrides,
  };
}

describe("an order paid at the store through Monxa", () => {
  it.each([
    ["alfamart", /^[0-9A-Z]{16}$/],
    ["indomaret", /^[0-9A-Z]{12}$/],
  ] as const)("issues a %s code with Monxa's 48-hour deadline and turns paid exactly once", async (store: Store, codeFormat) => {
    const order = await newOrder(world, { store });
    expect(order).toMatchObject({ status: "pending", amount: ITEMS_TOTAL, store, provider: "monxa" });
    expect(order.paymentCode).toMatch(codeFormat);
    // The order asked for 60 minutes; Monxa decides the deadline and we show Monxa's.
    expect(order.expiresAt).toEqual(new Date(world.clock.now().getTime() + 48 * HOUR));
    const monxaCharge = await sandboxChargeOf(order);
    expect(monxaCharge).toMatchObject({ store, amount: ITEMS_TOTAL, status: "pending" });
    expect(monxaCharge.request).toMatchObject({ channel_code: `store_${store}`, amount: ITEMS_TOTAL, currency: "IDR" });

    // Monxa announces nothing for a new code.
    expect(await world.db.sandboxWebhook.count({ where: { chargeId: monxaCharge.id } })).toBe(0);

    await cashier(order, "pay");
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: monxaCharge.id } });
    expect(queued.event).toBe("charge.succeeded");
    // Webhooks speak lower case (the guide); the status API upper case (the reference).
    expect(JSON.parse(queued.body)).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: "charge.succeeded",
      data: { id: monxaCharge.id, reference_id: monxaCharge.merchantReference, amount: ITEMS_TOTAL, status: "succeeded", channel_code: `store_${store}` },
    });
    const reports = await world.deliverWebhooks();
    expect(reports.find((report) => report.id === queued.id)).toMatchObject({ status: 200, delivered: true });

    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.needsAttention).toBe(false);
    expect(paid.charges[0]).toMatchObject({ status: "paid", providerStatus: "succeeded", paidAmount: ITEMS_TOTAL });
    expect(paid.events.map((event) => event.type)).toEqual(["order_created", "charge_issued", "webhook_received", "status_changed"]);
    expect(paid.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);

    const cashierView = world.simulators.get("monxa")!.describe(await sandboxChargeOf(order), world.clock.now());
    expect(cashierView).toMatchObject({ state: "paid", status: "succeeded", actions: [] });
  });

  it("sends the callback token with every webhook attempt", () => {
    const headers = world.simulators.get("monxa")!.signWebhook("{}", new URL(`${APP_URL}/api/webhooks/monxa`), world.clock.now());
    expect(headers).toEqual({ "Content-Type": "application/json", "x-callback-token": CALLBACK_TOKEN });
  });

  it("applies a webhook delivered many times at once only once", async () => {
    const order = await newOrder(world);
    await cashier(order, "pay");
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: (await sandboxChargeOf(order)).id } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(queued.body, { "x-callback-token": CALLBACK_TOKEN })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    // One delivery applied the event; the four repeats are counted on it, not stored again.
    const deliveries = await world.db.webhookDelivery.findMany({ where: { orderId: order.id } });
    expect(deliveries.map((delivery) => [delivery.outcome, delivery.duplicateCount])).toEqual([["applied", 4]]);
    // Monxa's own delivery of the same event later changes nothing more.
    await world.deliverWebhooks();
    expect(await world.db.orderEvent.count({ where: { orderId: order.id, toStatus: "paid" } })).toBe(1);
  });

  it("rejects a webhook without the right callback token, stores it redacted, and changes nothing", async () => {
    const order = await newOrder(world);
    const charge = await sandboxChargeOf(order);
    const forged = JSON.stringify({
      id: "evt_forged",
      type: "charge.succeeded",
      data: { id: charge.id, reference_id: charge.merchantReference, amount: ITEMS_TOTAL, currency: "IDR", status: "succeeded", paid_at: null },
      created_at: world.clock.now().toISOString(),
    });
    expect((await deliver(forged, { "x-callback-token": "cbt_guessed_token" })).status).toBe(403);
    expect((await deliver(forged, {})).status).toBe(401);

    expect((await orderOf(order)).status).toBe("pending");
    // Both arrived at the same (test) instant: ordered by reason, not by the order rows happen to be in.
    const stored = await world.db.webhookDelivery.findMany({ where: { rawBody: forged }, orderBy: [{ receivedAt: "asc" }, { rejectionReason: "asc" }] });
    expect(stored.map((delivery) => [delivery.verified, delivery.outcome, delivery.rejectionReason])).toEqual([
      [false, "rejected", "x-callback-token does not match the dashboard token"],
      [false, "rejected", "x-callback-token header is missing"],
    ]);
    expect((stored[0]!.headers as Record<string, string>)["x-callback-token"]).toBe("[redacted]");
  });

  it("does not mark paid on a genuine-looking webhook the status API does not confirm", async () => {
    const order = await newOrder(world);
    const charge = await sandboxChargeOf(order);
    const body = JSON.stringify({
      id: "evt_early",
      type: "charge.succeeded",
      data: { id: charge.id, reference_id: charge.merchantReference, amount: ITEMS_TOTAL, currency: "IDR", status: "succeeded", paid_at: null },
      created_at: world.clock.now().toISOString(),
    });
    const answer = await deliver(body, { "x-callback-token": CALLBACK_TOKEN });
    expect(answer.status).toBe(503); // Monxa will retry
    expect((await orderOf(order)).status).toBe("pending");
  });

  it.each([
    ["cancel", "charge.cancelled", "cancelled", "cancelled"],
    ["fail", "charge.failed", "failed", "failed"],
  ] as const)("follows a %s at Monxa (%s) to a %s order", async (action, eventType, orderStatus, providerStatus) => {
    const order = await newOrder(world);
    expect(world.simulators.get("monxa")!.describe(await sandboxChargeOf(order), world.clock.now()).actions).toEqual([
      "pay",
      "expire",
      "cancel",
      "fail",
    ]);
    await cashier(order, action);
    const charge = await sandboxChargeOf(order);
    expect((await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: charge.id } })).event).toBe(eventType);
    await world.deliverWebhooks();
    const current = await orderOf(order);
    expect(current.status).toBe(orderStatus);
    expect(current.charges[0]).toMatchObject({ status: orderStatus, providerStatus });

    // The till refuses a closed code: C-store payments at Monxa cannot be reopened or refunded.
    expect(await world.simulators.get("monxa")!.perform("pay", charge)).toEqual({
      ok: false,
      error: `This code is ${charge.status}; Monxa only changes a pending code.`,
    });
  });
});

describe("Monxa's HTTP API", () => {
  it("refuses a missing or wrong secret key with its own 401", async () => {
    for (const authorization of [undefined, `Bearer sk_test_wrong`, `Basic ${Buffer.from(`${SECRET_KEY}:`).toString("base64")}`]) {
      const response = await world.fetch(`${SIMULATOR}/v1/charges`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify(chargeRequest()),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    }
  });

  it("creates a charge with the documented answer, and shows it in the status API", async () => {
    const request = chargeRequest({ channel_code: "store_alfamart" });
    const created = await api("/v1/charges", { body: request });
    expect(created.status).toBe(201);
    const charge = (await created.json()) as { id: string; actions: { expires_at: string; display_code: string } };
    expect(charge).toMatchObject({
      id: expect.stringMatching(/^chg_/),
      reference_id: request.reference_id,
      status: "pending",
      amount: 154_000,
      currency: "IDR",
      channel_code: "store_alfamart",
      channel_properties: { customer_name: "Siti Rahmawati" },
      metadata: { merchant_name: "Toko Gerai" },
      actions: {
        type: "PRESENT_TO_CUSTOMER",
        display_code: expect.stringMatching(/^[0-9A-Z]{16}$/),
        instructions: expect.arrayContaining([expect.stringContaining("Alfamart")]),
        expires_at: new Date(world.clock.now().getTime() + 48 * HOUR).toISOString(),
      },
      created_at: world.clock.now().toISOString(),
      paid_at: null,
    });

    const status = await api(`/v1/charges/${charge.id}`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ id: charge.id, status: "pending", actions: { display_code: charge.actions.display_code } });

    // Monxa finds charges by its own id only.
    const byReference = await api(`/v1/charges/${request.reference_id}`);
    expect(byReference.status).toBe(404);
    expect(await byReference.json()).toMatchObject({ error: { code: "charge_not_found" } });
  });

  it.each([
    ["an unknown channel", 400, "unsupported_channel", { channel_code: "store_lawson" }],
    ["Indomaret above Rp 2.500.000", 402, "amount_out_of_range", { amount: 2_500_001 }],
    ["Alfamart above Rp 5.000.000", 402, "amount_out_of_range", { channel_code: "store_alfamart", amount: 5_000_001 }],
    ["less than Rp 10.000", 402, "amount_out_of_range", { amount: 9_999 }],
    ["a fractional amount", 400, "invalid_request", { amount: 15_000.5 }],
    ["another currency", 400, "invalid_request", { currency: "USD" }],
    ["no customer name", 400, "invalid_request", { channel_properties: {} }],
    ["no reference_id", 400, "invalid_request", { reference_id: undefined }],
    ["metadata that is not an object", 400, "invalid_request", { metadata: ["x"] }],
  ])("answers %s with %i %s", async (_, status, code, overrides) => {
    const response = await api("/v1/charges", { body: chargeRequest(overrides) });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it("takes up to Rp 5.000.000 at Alfamart but only Rp 2.500.000 at Indomaret", async () => {
    expect((await api("/v1/charges", { body: chargeRequest({ channel_code: "store_alfamart", amount: 5_000_000 }) })).status).toBe(201);
    expect((await api("/v1/charges", { body: chargeRequest({ amount: 2_500_000 }) })).status).toBe(201);
    expect((await api("/v1/charges", { body: chargeRequest({ amount: 3_000_000 }) })).status).toBe(402);
  });

  it("answers malformed JSON and unknown routes with its error body", async () => {
    const malformed = await api("/v1/charges", { body: "{amount: 1" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "invalid_request" } });
    const unknown = await api("/v1/refunds", { body: {} });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses a second charge with the same reference_id", async () => {
    const request = chargeRequest();
    expect((await api("/v1/charges", { body: request })).status).toBe(201);
    const again = await api("/v1/charges", { body: { ...request, channel_code: "store_alfamart" } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "duplicate_reference" } });
  });

  it("replays the first answer for a repeated key under either header name", async () => {
    const request = chargeRequest();
    const key = `idem-${request.reference_id}`;
    const first = await api("/v1/charges", { body: request, headers: { "Idempotency-Key": key } });
    expect(first.status).toBe(201);
    const firstBody = await first.text();

    world.clock.advance(60_000);
    const replayed = await api("/v1/charges", { body: { ...request, amount: 200_000 }, headers: { "x-idempotency-key": key } });
    expect(replayed.status).toBe(201);
    expect(await replayed.text()).toBe(firstBody);
    expect(await world.db.sandboxCharge.count({ where: { provider: "monxa", merchantReference: request.reference_id } })).toBe(1);

    // A new key for the same reference is a new request, and a duplicate one.
    const fresh = await api("/v1/charges", { body: request, headers: { "Idempotency-Key": `${key}-2` } });
    expect(fresh.status).toBe(409);
  });

  it("replays the charge to a client whose first request timed out", async () => {
    const order = { reference: `MX-timeout-${Date.now()}` };
    await setOutage(world.db, "monxa", "timeout");
    let failed: Awaited<ReturnType<typeof createOrder>>;
    try {
      failed = await createOrder(world.deps, { ...order, store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "api", provider: "monxa" });
    } finally {
      await setOutage(world.db, "monxa", "none");
    }
    expect(failed).toMatchObject({ ok: false, error: { code: "providers_unavailable" } });
    // Monxa did the work: asking again with the same key gets that charge, not a 409.
    const created = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: "monxa", merchantReference: `${order.reference}-1` } });
    const stored = await world.db.sandboxIdempotency.findFirstOrThrow({ where: { provider: "monxa", body: { contains: created.id } } });
    const replayed = await api("/v1/charges", { body: created.request, headers: { "Idempotency-Key": stored.key } });
    expect(replayed.status).toBe(201);
    expect(await replayed.json()).toMatchObject({ id: created.id, actions: { display_code: created.paymentCode } });
  });

  it.each([
    ["error", 500],
    ["down", 503],
  ] as const)("fails the way Monxa does when it is %s, and routing reports it unavailable", async (mode: OutageMode, status) => {
    const order = await newOrder(world);
    const charge = await sandboxChargeOf(order);
    await setOutage(world.db, "monxa", mode);
    try {
      const answer = await api(`/v1/charges/${charge.id}`);
      expect(answer.status).toBe(status);
      if (mode === "error") expect(await answer.json()).toMatchObject({ error: { code: "internal_error" } });
      const result = await createOrder(world.deps, { store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "shop", provider: "monxa" });
      expect(result).toMatchObject({ ok: false, error: { code: "providers_unavailable", shopper: "provider_unavailable" } });
    } finally {
      await setOutage(world.db, "monxa", "none");
    }
  });
});

describe("codes that expire at Monxa", () => {
  it("keeps the code open past our order's own expiry and expires it when Monxa's 48 hours are up", async () => {
    const order = await newOrder(world, { expiryMinutes: 30 });
    world.clock.advance(31 * 60_000);
    await expireCodesPastDeadline(world.webhookDeps);
    expect((await orderOf(order)).status).toBe("pending");

    world.clock.advance(48 * HOUR);
    expect(await world.simulators.get("monxa")!.expireOverdue(world.clock.now())).toBeGreaterThanOrEqual(1);
    const charge = await sandboxChargeOf(order);
    expect(charge.status).toBe("expired");
    expect((await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: charge.id } })).event).toBe("charge.expired");
    await world.deliverWebhooks();
    const expired = await orderOf(order);
    expect(expired.status).toBe("expired");
    expect(expired.charges[0]).toMatchObject({ status: "expired", providerStatus: "expired" });
    expect(await world.simulators.get("monxa")!.perform("pay", charge)).toMatchObject({ ok: false });
  });

  it("expires an overdue code the moment its status is read, and still announces it", async () => {
    const order = await newOrder(world);
    world.clock.advance(48 * HOUR + 60_000);
    const checked = await checkOrderStatus(world.webhookDeps, { publicId: order.paymentUrl.split("/").pop()! });
    expect(checked).toMatchObject({ ok: true, value: { result: "applied", orderStatus: "expired" } });
    const charge = await sandboxChargeOf(order);
    expect(world.simulators.get("monxa")!.describe(charge, world.clock.now())).toMatchObject({ state: "expired", actions: [] });
    const announced = await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: charge.id } });
    expect(announced.event).toBe("charge.expired");
    const reports = await world.deliverWebhooks();
    expect(reports.find((report) => report.id === announced.id)).toMatchObject({ status: 200, delivered: true });
    expect((await orderOf(order)).events.filter((event) => event.toStatus === "expired")).toHaveLength(1);
  });
});

describe("webhooks that get lost or fail", () => {
  it("retries after a minute (scaled) while the app is down, then applies once", async () => {
    const order = await newOrder(world);
    await cashier(order, "pay");
    world.webhookOutage.status = 503;
    try {
      expect((await world.deliverWebhooks()).map((report) => report.status)).toEqual([503]);
    } finally {
      world.webhookOutage.status = undefined;
    }
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: (await sandboxChargeOf(order)).id } });
    expect(queued).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
    expect(queued.nextAttemptAt.getTime() - world.clock.now().getTime()).toBe(Math.max(50, Math.round(60_000 * 0.0001)));

    world.clock.advance(1_000);
    await world.deliverWebhooks();
    expect((await orderOf(order)).status).toBe("paid");
  });

  it("gives up after six retries; asking Monxa at the code's deadline still finds the payment", async () => {
    const order = await newOrder(world);
    await cashier(order, "pay");
    const chargeId = (await sandboxChargeOf(order)).id;
    world.webhookOutage.status = 500;
    try {
      for (let attempt = 0; attempt < 8; attempt++) {
        await world.deliverWebhooks();
        world.clock.advance(7 * HOUR);
      }
    } finally {
      world.webhookOutage.status = undefined;
    }
    expect(await world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId } })).toMatchObject({ status: "exhausted", attempts: 7, lastStatus: 500 });
    expect((await orderOf(order)).status).toBe("pending");

    // 56 hours on, the code is past its deadline: the deadline sweep asks about it (the
    // reconciliation leaves such codes to it) and finds the payment.
    expect(await reconcilePendingCharges(world.webhookDeps)).toMatchObject({ changed: 0 });
    expect((await sweepCodesPastDeadline(world.webhookDeps)).changedByProvider).toBeGreaterThanOrEqual(1);
    expect((await orderOf(order)).status).toBe("paid");
  });

  it("waits 1, 5, 15, 60, 180 and 360 minutes between attempts, whatever the app answered", () => {
    const context: SimulatorContext = {
      db: () => Promise.reject(new Error("the schedule needs no database")),
      now: () => new Date(),
      timeScale: 1,
      webhookBaseUrl: APP_URL,
      merchantName: "Toko Gerai",
      clientTimeoutMs: 200,
    };
    const simulator = sandboxSimulator("monxa", context);
    const minutes = (lastStatus: number | undefined) =>
      [1, 2, 3, 4, 5, 6, 7].map((attempts) => simulator.nextRetryDelayMs(attempts, lastStatus)).map((ms) => ms && ms / 60_000);
    expect(minutes(500)).toEqual([1, 5, 15, 60, 180, 360, undefined]);
    expect(minutes(404)).toEqual(minutes(500));
    expect(minutes(undefined)).toEqual(minutes(500));
  });
});

describe("a Monxa account in minor units that names a payment charge.completed", () => {
  let minor: World;
  beforeAll(async () => {
    minor = await monxaWorld("minor", "charge.completed");
  });
  afterAll(async () => minor?.close());

  it("sends and reads amounts × 100 and accepts charge.completed as the payment", async () => {
    const order = await newOrder(minor, { store: "alfamart" });
    const charge = await sandboxChargeOf(order, minor);
    expect(charge.request).toMatchObject({ amount: ITEMS_TOTAL * 100, channel_code: "store_alfamart" });
    expect(charge.amount).toBe(ITEMS_TOTAL);

    await cashier(order, "pay", minor);
    const queued = await minor.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: charge.id } });
    expect(JSON.parse(queued.body)).toMatchObject({ type: "charge.completed", data: { amount: ITEMS_TOTAL * 100, status: "succeeded" } });
    expect((await minor.deliverWebhooks()).map((report) => report.status)).toEqual([200]);

    const paid = await orderOf(order, minor);
    expect(paid.status).toBe("paid");
    // The amount came back in rupiah: no mismatch to flag.
    expect(paid.needsAttention).toBe(false);
    expect(paid.charges[0]).toMatchObject({ status: "paid", paidAmount: ITEMS_TOTAL });
  });
});
