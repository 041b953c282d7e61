import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/domain";
import { reconcilePendingCharges } from "@/lib/orders/check-status";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import type { CashierAction } from "@/lib/sandbox/types";
import { setOutage } from "@/lib/sandbox/outage";
import { APP_URL, createWorld, CUSTOMER, ITEMS, ITEMS_TOTAL, providerPair, type World } from "@/test/world";
import { MARTIS_RETRY_MINUTES } from "./simulator";

// Martis end to end: the real use cases and database, the adapter talking to the simulator over
// its HTTP API, and the simulator's signed webhooks delivered into the app.

const TIME_SCALE = 0.001;
const API_KEY = "mk_test_gerai_martis_0001";
const WEBHOOK_URL = new URL(`${APP_URL}/api/webhooks/martis`);

let world: World;

beforeAll(async () => {
  world = await createWorld(
    (context) => [providerPair("martis", context)],
    { timeScale: TIME_SCALE },
  );
});
afterAll(async () => world?.close());

let counter = 0;
async function newOrder(overrides: Partial<Parameters<typeof createOrder>[1]> = {}): Promise<CreatedOrder> {
  counter += 1;
  const result = await createOrder(world.deps, {
    reference: `MRT-${Date.now()}-${counter}`,
    store: "indomaret",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    provider: "martis",
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const martisCharge = (order: CreatedOrder) => world.db.sandboxCharge.findFirstOrThrow({ where: { provider: "martis", paymentCode: order.paymentCode } });

async function cashier(order: CreatedOrder, action: CashierAction) {
  return world.simulators.get("martis")!.perform(action, await martisCharge(order));
}

async function queued(order: CreatedOrder, event: string) {
  const charge = await martisCharge(order);
  return world.db.sandboxWebhook.findFirstOrThrow({ where: { chargeId: charge.id, event } });
}

/** Delivers the queued webhooks of one order only (other tests may leave theirs behind). */
async function deliver(order: CreatedOrder) {
  const charge = await martisCharge(order);
  const reports = await world.deliverWebhooks();
  const mine = new Set((await world.db.sandboxWebhook.findMany({ where: { chargeId: charge.id } })).map((row) => row.id));
  return reports.filter((report) => mine.has(report.id));
}

const receive = (rawBody: string, headers: Record<string, string>, receivedAt = world.clock.now()) =>
  receiveWebhook(world.webhookDeps, "martis", { rawBody, headers: new Headers(headers), path: "/api/webhooks/martis", receivedAt });

const sign = (body: string, at = world.clock.now()) => world.simulators.get("martis")!.signWebhook(body, WEBHOOK_URL, at);

const orderOf = (order: CreatedOrder) =>
  world.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { charges: { orderBy: { attempt: "asc" } }, events: { orderBy: { at: "asc" } } } });

describe("an order paid at the store through Martis", () => {
  it.each(["alfamart", "indomaret"] as const)("issues a %s code, and turns paid exactly once", async (store: Store) => {
    const order = await newOrder({ store });
    expect(order).toMatchObject({ status: "pending", amount: ITEMS_TOTAL, store, provider: "martis" });
    expect(order.paymentCode).toMatch(/^[0-9A-Z]{1,20}$/);
    const charge = await martisCharge(order);
    expect(charge).toMatchObject({ store, amount: ITEMS_TOTAL, status: "pending" });

    // payment_charge.created: nothing to change.
    expect((await deliver(order)).map((report) => report.status)).toEqual([200]);
    expect((await orderOf(order)).status).toBe("pending");

    expect(await cashier(order, "pay")).toEqual({ ok: true });
    expect((await deliver(order)).map((report) => report.status)).toEqual([200]);

    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.charges[0]).toMatchObject({ status: "paid", providerStatus: "success", paidAmount: ITEMS_TOTAL, providerChargeId: charge.id });
    expect(paid.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);

    // The app received Martis' signature headers, signed at the moment of sending.
    const delivery = await world.db.webhookDelivery.findFirstOrThrow({ where: { orderId: order.id, outcome: "applied" } });
    expect(delivery.headers).toMatchObject({
      "x-martis-timestamp": String(Math.floor(world.clock.now().getTime() / 1000)),
      "x-martis-signature": expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("applies a webhook delivered many times at once only once, and the provider's retry too", async () => {
    const order = await newOrder();
    await deliver(order);
    await cashier(order, "pay");
    const succeeded = await queued(order, "payment_charge.succeeded");
    const eventId = (JSON.parse(succeeded.body) as { id: string }).id;
    const answers = await Promise.all(Array.from({ length: 5 }, () => receive(succeeded.body, sign(succeeded.body))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    // One delivery applied the event; the four repeats are counted on it, not stored again.
    const deliveries = await world.db.webhookDelivery.findMany({ where: { eventKey: eventId } });
    expect(deliveries.map((delivery) => [delivery.orderId, delivery.outcome, delivery.duplicateCount])).toEqual([[order.id, "applied", 4]]);

    // Martis' own (re)delivery carries the same event id: a duplicate as well.
    world.clock.advance(1_000);
    expect((await deliver(order)).map((report) => report.status)).toEqual([200]);
    const again = await world.db.webhookDelivery.findMany({ where: { eventKey: eventId } });
    expect(again.map((delivery) => [delivery.outcome, delivery.duplicateCount])).toEqual([["applied", 5]]);
    expect((await orderOf(order)).events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
  });

  it("rejects a forged webhook with a 401, stores it, and changes nothing", async () => {
    const order = await newOrder();
    await deliver(order);
    const charge = await martisCharge(order);
    const forged = JSON.stringify({
      id: "evt_forged",
      event: "payment_charge.succeeded",
      data: { id: charge.id, status: "success", client_reference_id: charge.merchantReference, amount: `${ITEMS_TOTAL}.00` },
    });
    const headers = { ...sign(forged), "x-martis-signature": "f".repeat(64) };
    const answer = await receive(forged, headers);
    expect(answer.status).toBe(401);
    expect((await orderOf(order)).status).toBe("pending");
    const stored = await world.db.webhookDelivery.findFirstOrThrow({ where: { rawBody: forged } });
    expect(stored).toMatchObject({ verified: false, outcome: "rejected", rejectionReason: "Wrong signature" });
  });

  it("rejects a genuine webhook replayed after the tolerance window", async () => {
    const order = await newOrder();
    await deliver(order);
    await cashier(order, "pay");
    const succeeded = await queued(order, "payment_charge.succeeded");
    // Captured and signed ten minutes ago, replayed now.
    const answer = await receive(succeeded.body, sign(succeeded.body, new Date(world.clock.now().getTime() - 10 * 60_000)));
    expect(answer.status).toBe(401);
    const stored = await world.db.webhookDelivery.findFirstOrThrow({ where: { rawBody: succeeded.body, outcome: "rejected" } });
    expect(stored.rejectionReason).toContain("tolerance 300 s");
    expect((await orderOf(order)).status).toBe("pending");
    // Martis' own delivery, signed as it is sent, goes through.
    await deliver(order);
    expect((await orderOf(order)).status).toBe("paid");
  });

  it("does not mark paid on a signed webhook the status API does not confirm", async () => {
    const order = await newOrder();
    const createdEvent = JSON.parse((await queued(order, "payment_charge.created")).body) as { data: Record<string, unknown> };
    const body = JSON.stringify({ id: "evt_early", event: "payment_charge.succeeded", data: { ...createdEvent.data, status: "success" }, created_at: world.clock.now().toISOString() });
    const answer = await receive(body, sign(body));
    expect(answer.status).toBe(503); // Martis will retry
    expect((await orderOf(order)).status).toBe("pending");
  });
});

describe("codes that expire or fail", () => {
  it("turns 'failed' past the deadline into an expired order, on read and by the sweep", async () => {
    const read = await newOrder({ expiryMinutes: 30 });
    const swept = await newOrder({ expiryMinutes: 30 });
    world.clock.advance(31 * 60_000);

    // Asking for the status is enough for Martis to fail an overdue charge and announce it.
    const snapshot = await world.providers.get("martis")!.getCharge({ reference: read.reference, providerChargeId: (await martisCharge(read)).id });
    expect(snapshot).toMatchObject({ ok: true, value: { status: "expired", providerStatus: "failed" } });
    expect(await world.simulators.get("martis")!.expireOverdue(world.clock.now())).toBeGreaterThanOrEqual(1);

    for (const order of [read, swept]) {
      const failed = JSON.parse((await queued(order, "payment_charge.failed")).body) as { data: { status: string } };
      expect(failed.data.status).toBe("failed");
      await deliver(order);
      const current = await orderOf(order);
      expect(current.status).toBe("expired");
      expect(current.charges[0]).toMatchObject({ status: "expired", providerStatus: "failed" });
    }
    expect(await cashier(read, "pay")).toEqual({ ok: false, error: "This code is expired; the till refuses it." });
  });

  it("expires a code on the cashier's 'expire', and fails it on 'cancel'", async () => {
    const expired = await newOrder();
    const cancelled = await newOrder();
    const simulator = world.simulators.get("martis")!;
    expect(simulator.describe(await martisCharge(expired), world.clock.now()).actions).toEqual(["pay", "expire", "cancel"]);

    expect(await cashier(expired, "expire")).toEqual({ ok: true });
    expect(await cashier(cancelled, "cancel")).toEqual({ ok: true });
    expect(simulator.describe(await martisCharge(expired), world.clock.now())).toMatchObject({ status: "failed", state: "expired", actions: [] });
    expect(simulator.describe(await martisCharge(cancelled), world.clock.now())).toMatchObject({ status: "failed", state: "closed", actions: [] });
    await deliver(expired);
    await deliver(cancelled);
    expect((await orderOf(expired)).status).toBe("expired");
    expect((await orderOf(cancelled)).status).toBe("failed");
    expect(await cashier(cancelled, "deny")).toEqual({ ok: false, error: 'Martis has no "deny" action.' });
  });
});

describe("webhook retries", () => {
  it(`retries every ${MARTIS_RETRY_MINUTES.join(", ")} minutes while the app fails, then gives up`, async () => {
    const order = await newOrder();
    await deliver(order);
    await cashier(order, "pay");
    world.webhookOutage.status = 500;
    try {
      for (const [retry, minutes] of MARTIS_RETRY_MINUTES.entries()) {
        const reports = await deliver(order);
        expect(reports.map((report) => report.status)).toEqual([500]);
        const row = await queued(order, "payment_charge.succeeded");
        expect(row).toMatchObject({ status: "pending", attempts: retry + 1, lastStatus: 500 });
        const wait = row.nextAttemptAt.getTime() - world.clock.now().getTime();
        expect(wait).toBe(Math.round(minutes * 60_000 * TIME_SCALE));
        world.clock.advance(wait);
      }
      await deliver(order);
    } finally {
      world.webhookOutage.status = undefined;
    }
    expect(await queued(order, "payment_charge.succeeded")).toMatchObject({ status: "exhausted", attempts: MARTIS_RETRY_MINUTES.length + 1 });

    // The webhook is lost, but reconciliation asks Martis and finds the payment.
    expect((await orderOf(order)).status).toBe("pending");
    world.clock.advance(6 * 60_000);
    await reconcilePendingCharges(world.webhookDeps);
    expect((await orderOf(order)).status).toBe("paid");
  });
});

describe("the Martis API", () => {
  const api = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set("authorization", `Bearer ${init.key ?? API_KEY}`);
    headers.set("content-type", "application/json");
    return world.fetch(`${APP_URL}/sandbox/martis${path}`, { ...init, headers });
  };
  const chargeRequest = (overrides: Record<string, unknown> = {}) => ({
    payment_method: "retail_outlet",
    channel: "alfamart",
    amount: 50_000,
    currency: "idr",
    customer_details: { name: "Siti", email: "siti@example.com", phone_number: "081234567890" },
    client_reference_id: `API-${Date.now()}-${++counter}`,
    items: [{ name: "Kopi", price: 50_000, quantity: 1 }],
    description: "Test",
    ...overrides,
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api("/api/v1/payments/charges", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers });

  it("answers 401 in JSend without the right Bearer key", async () => {
    for (const key of [null, "mk_test_wrong"]) {
      const answer = await api("/api/v1/payments/charges", { method: "POST", body: JSON.stringify(chargeRequest()), key });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toEqual({ status: "fail", data: { authorization: ["Invalid or missing API key"] } });
    }
  });

  it.each([
    ["an unconfigured channel", { channel: "gudang_voucher" }, 400, "channel"],
    ["another payment method", { payment_method: "qris" }, 400, "payment_method"],
    ["a zero amount", { amount: 0 }, 400, "amount"],
    ["a bad email", { customer_details: { email: "siti@" } }, 400, "customer_details.email"],
    ["another currency", { currency: "usd" }, 400, "currency"],
    ["a long client_reference_id", { client_reference_id: "R".repeat(51) }, 400, "client_reference_id"],
    ["a deadline in the past", { expires_at: "2020-01-01T00:00:00Z" }, 400, "expires_at"],
    ["an Alfamart amount above its limit", { amount: 3_000_000, items: [] }, 422, "amount"],
  ])("refuses %s with JSend field messages", async (_, overrides, status, field) => {
    const answer = await post(chargeRequest(overrides));
    expect(answer.status).toBe(status);
    const body = (await answer.json()) as { status: string; data: Record<string, string[]> };
    expect(body.status).toBe("fail");
    expect(body.data[field]?.[0]).toEqual(expect.any(String));
  });

  it("takes the same amount at Indomaret, whose limit is higher", async () => {
    const answer = await post(chargeRequest({ channel: "indomaret", amount: 3_000_000, items: [] }));
    expect(answer.status).toBe(201);
  });

  it("refuses malformed JSON with a 400", async () => {
    const answer = await post("{not json");
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ status: "fail", data: { body: ["The request body is not valid JSON."] } });
  });

  it("creates a charge with a 24 h default deadline and reads it back by id only", async () => {
    const request = chargeRequest();
    const answer = await post(request);
    expect(answer.status).toBe(201);
    const { data } = (await answer.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      status: "pending",
      payment_method: "retail_outlet",
      channel: "alfamart",
      amount: "50000.00",
      client_reference_id: request.client_reference_id,
      payment_code: expect.stringMatching(/^[0-9A-Z]{16}$/),
      expires_at: new Date(world.clock.now().getTime() + 24 * 3_600_000).toISOString(),
      paid_at: null,
    });
    const byId = await api(`/api/v1/payments/charges/${data.id as string}`);
    expect(byId.status).toBe(200);
    expect(await byId.json()).toEqual({ status: "success", data });
    const byReference = await api(`/api/v1/payments/charges/${request.client_reference_id}`);
    expect(byReference.status).toBe(404);
    expect(await byReference.json()).toEqual({ status: "fail", data: { id: ["Payment charge not found."] } });
    expect((await api("/api/v1/payments/refunds")).status).toBe(404);
  });

  it("replays a repeated Idempotency-Key with the same payload, and answers 409 for another payload", async () => {
    const request = chargeRequest();
    const key = { "Idempotency-Key": `idem-${counter}` };
    const first = await post(request, key);
    const replay = await post(request, key);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(await first.text());

    const conflict = await post({ ...request, amount: 60_000 }, key);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ status: "fail", data: { idempotency_key: [expect.stringContaining("different request payload")] } });
    expect(await world.db.sandboxCharge.count({ where: { provider: "martis", merchantReference: request.client_reference_id } })).toBe(1);
  });

  it("refuses a client_reference_id already used under another key", async () => {
    const request = chargeRequest();
    expect((await post(request, { "Idempotency-Key": `a-${counter}` })).status).toBe(201);
    const duplicate = await post(request, { "Idempotency-Key": `b-${counter}` });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toEqual({ status: "fail", data: { client_reference_id: ["The client reference id has already been taken."] } });
  });

  it("gives the adapter the same code when it repeats a create", async () => {
    const martis = world.providers.get("martis")!;
    const input = {
      idempotencyKey: `chg_retry_${counter}`,
      reference: `RETRY-${Date.now()}-1`,
      amount: ITEMS_TOTAL,
      store: "alfamart" as const,
      now: world.clock.now(),
      expiresAt: new Date(world.clock.now().getTime() + 3_600_000),
      merchantName: "Toko Gerai",
      description: "Retry",
      customer: CUSTOMER,
      items: ITEMS,
    };
    const first = await martis.createCharge(input);
    const second = await martis.createCharge(input);
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) {
      expect(second.value.providerChargeId).toBe(first.value.providerChargeId);
      expect(second.value.paymentCode).toBe(first.value.paymentCode);
      expect(second.value.expiresAt).toEqual(input.expiresAt);
    }
  });

  it("fails the way Martis does during an outage, and the order is not created", async () => {
    await setOutage(world.db, "martis", "error");
    try {
      const answer = await api("/api/v1/payments/charges/anything");
      expect(answer.status).toBe(500);
      expect(await answer.json()).toEqual({ status: "error", message: "Internal server error" });
      const result = await createOrder(world.deps, { store: "alfamart", customer: CUSTOMER, items: ITEMS, source: "shop", provider: "martis" });
      expect(result).toMatchObject({ ok: false, error: { code: "providers_unavailable", shopper: "provider_unavailable" } });
    } finally {
      await setOutage(world.db, "martis", "none");
    }
  });
});
