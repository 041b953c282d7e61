import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CashierAction } from "@/lib/sandbox/types";
import { setOutage } from "@/lib/sandbox/outage";
import { checkOrderStatus } from "@/lib/orders/check-status";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import { APP_URL, createWorld, CUSTOMER, ITEMS, ITEMS_TOTAL, providerPair, type World } from "@/test/world";
import { jakartaIso as toFazzTime } from "./wire";

// Orders paid through Fazz end to end, and the Fazz simulator's own HTTP API: Basic auth,
// JSON:API validation errors, per-outlet limits, referenceId idempotency, expiry, sandbox tasks,
// signed callbacks and their 5-minute retries.

const TIME_SCALE = 0.001; // 5 minutes → 300 ms, distinct from every other provider's schedule
const FAZZ_API = `${APP_URL}/sandbox/fazz/api/v4`;
let world: World;
let credentials: { apiKey: string; secretKey: string; signingSecret: string };

beforeAll(async () => {
  world = await createWorld(
    (context) => {
      const sandbox = context.credentials;
      credentials = { apiKey: sandbox.fazzApiKey, secretKey: sandbox.fazzSecretKey, signingSecret: sandbox.fazzSigningSecret };
      return [providerPair("fazz", context)];
    },
    { timeScale: TIME_SCALE },
  );
});
afterAll(async () => world?.close());

/** HTTP Basic, as a merchant's client sends the API key and secret key. */
const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

let counter = 0;
async function newOrder(overrides: Partial<Parameters<typeof createOrder>[1]> = {}): Promise<CreatedOrder> {
  counter += 1;
  const result = await createOrder(world.deps, {
    reference: `FZ-${Date.now()}-${counter}`,
    store: "alfamart",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    provider: "fazz",
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const sandboxChargeOf = (order: CreatedOrder) => world.db.sandboxCharge.findFirstOrThrow({ where: { provider: "fazz", paymentCode: order.paymentCode } });

async function cashier(order: CreatedOrder, action: CashierAction) {
  const result = await world.simulators.get("fazz")!.perform(action, await sandboxChargeOf(order));
  expect(result).toEqual({ ok: true });
}

const orderOf = (order: CreatedOrder) =>
  world.db.order.findUniqueOrThrow({
    where: { id: order.id },
    include: { charges: { orderBy: { attempt: "asc" } }, events: { orderBy: { at: "asc" } } },
  });

function api(method: "GET" | "POST", path: string, body?: unknown, authorization = basicAuth(credentials.apiKey, credentials.secretKey)) {
  return world.fetch(`${FAZZ_API}${path}`, {
    method,
    headers: { Authorization: authorization, "Content-Type": "application/vnd.api+json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

function paymentBody(attributes: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  counter += 1;
  return {
    data: {
      attributes: {
        paymentMethodType: "retail_outlet",
        amount: 50_000,
        currency: "IDR",
        referenceId: `API-${Date.now()}-${counter}`,
        expiredAt: toFazzTime(new Date(world.clock.now().getTime() + 3_600_000)),
        description: "API test",
        paymentMethodOptions: { retailOutletName: "INDOMARET", displayName: "Toko Gerai", ...options },
        ...attributes,
      },
    },
  };
}

interface PaymentAnswer {
  data: { id: string; attributes: { status: string; referenceId: string; paymentMethod: { instructions: { paymentCode: string } } } };
}
interface ErrorAnswer {
  errors: { code: string; title: string; detail: string; source?: { pointer: string } }[];
}

/** The callback as a provider would send it: the queued body, signed now. */
async function signedDelivery(body: string) {
  const url = new URL(`${APP_URL}/api/webhooks/fazz`);
  return receiveWebhook(world.webhookDeps, "fazz", {
    rawBody: body,
    headers: new Headers(world.simulators.get("fazz")!.signWebhook(body, url, world.clock.now())),
    path: url.pathname,
    receivedAt: world.clock.now(),
  });
}

describe("an order paid at the store through Fazz", () => {
  it.each(["alfamart", "indomaret"] as const)("issues a %s code, and turns paid exactly once after the paid callback", async (store) => {
    const order = await newOrder({ store });
    expect(order).toMatchObject({ status: "pending", amount: ITEMS_TOTAL, store, provider: "fazz" });
    expect(order.paymentCode).toMatch(/^[0-9A-Z]{1,20}$/);
    const sandbox = await sandboxChargeOf(order);
    expect(sandbox.id).toMatch(/^contract_[0-9a-f]{32}$/);
    expect(sandbox.merchantName).toBe("Toko Gerai");
    expect(sandbox.request).toMatchObject({
      data: { attributes: { paymentMethodOptions: { retailOutletName: store.toUpperCase(), displayName: "Toko Gerai" } } },
    });

    // Fazz does not call back about a new code.
    expect(await world.deliverWebhooks()).toEqual([]);
    await cashier(order, "pay");
    const reports = await world.deliverWebhooks();
    expect(reports.map((report) => report.status)).toEqual([200]);

    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.needsAttention).toBe(false);
    expect(paid.charges[0]).toMatchObject({ status: "paid", providerStatus: "paid", paidAmount: ITEMS_TOTAL, providerChargeId: sandbox.id });
    expect(paid.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
  });

  it("records completed (funds available) as a second event on the timeline without paying twice", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    await world.deliverWebhooks();
    await cashier(order, "settle");
    const reports = await world.deliverWebhooks();
    expect(reports.map((report) => report.status)).toEqual([200]);

    const settled = await orderOf(order);
    expect(settled.status).toBe("paid");
    expect(settled.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
    expect(settled.events.map((event) => event.data)).toContainEqual({ provider: "fazz", note: { key: "funds_available" } });
    const keys = await world.db.paymentEvent.findMany({ where: { chargeId: settled.charges[0]!.id }, select: { eventKey: true } });
    expect(keys.map((key) => key.eventKey).sort()).toEqual([`${settled.charges[0]!.providerChargeId}:completed`, `${settled.charges[0]!.providerChargeId}:paid`]);
  });

  it("applies a callback delivered many times at once only once", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { event: "paid", status: "pending", body: { contains: order.paymentCode } } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => signedDelivery(queued.body)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    // One delivery applied the event; the four repeats are counted on it, not stored again.
    const deliveries = await world.db.webhookDelivery.findMany({ where: { orderId: order.id } });
    expect(deliveries.map((delivery) => [delivery.outcome, delivery.duplicateCount])).toEqual([["applied", 4]]);
    // Fazz's own delivery of the same callback later is a duplicate too.
    await world.deliverWebhooks();
    expect(await world.db.orderEvent.count({ where: { orderId: order.id, toStatus: "paid" } })).toBe(1);
  });

  it("rejects a forged callback with 401, stores it, and changes nothing", async () => {
    const order = await newOrder();
    const sandbox = await sandboxChargeOf(order);
    const forged = JSON.stringify({
      data: { id: sandbox.id, type: "payment", attributes: { status: "paid", amount: `${ITEMS_TOTAL}.0`, referenceId: sandbox.merchantReference } },
    });
    const answer = await receiveWebhook(world.webhookDeps, "fazz", {
      rawBody: forged,
      headers: new Headers({ "content-type": "application/json", "Xfers-Signature": "0".repeat(64) }),
      path: "/api/webhooks/fazz",
      receivedAt: world.clock.now(),
    });
    expect(answer.status).toBe(401);
    expect((await orderOf(order)).status).toBe("pending");
    expect(await world.db.webhookDelivery.findFirstOrThrow({ where: { rawBody: forged } })).toMatchObject({
      verified: false,
      outcome: "rejected",
      rejectionReason: "Xfers-Signature does not match",
    });

    // Correctly signed but not true: the status API still says pending, so nothing moves.
    const unconfirmed = await signedDelivery(forged);
    expect(unconfirmed.status).toBe(503);
    expect((await orderOf(order)).status).toBe("pending");
  });

  it("cancels the order when the payment is cancelled", async () => {
    const order = await newOrder();
    await cashier(order, "cancel");
    expect((await world.deliverWebhooks()).map((report) => report.status)).toEqual([200]);
    const cancelled = await orderOf(order);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.charges[0]).toMatchObject({ status: "cancelled", providerStatus: "cancelled" });
  });

  it("expires the order at the deadline through Fazz's expired callback", async () => {
    const order = await newOrder({ expiryMinutes: 30 });
    const sandbox = await sandboxChargeOf(order);
    expect(sandbox.expiresAt.getTime() - world.clock.now().getTime()).toBeLessThanOrEqual(30 * 60_000);
    world.clock.advance(31 * 60_000);
    expect(await world.simulators.get("fazz")!.expireOverdue(world.clock.now())).toBeGreaterThanOrEqual(1);
    await world.deliverWebhooks();
    expect((await orderOf(order)).status).toBe("expired");
    expect(world.simulators.get("fazz")!.describe(await sandboxChargeOf(order), world.clock.now())).toMatchObject({
      status: "expired",
      state: "expired",
      actions: [],
    });
  });

  it("refuses an Alfamart amount below Fazz's Rp 15.000 before calling it; Indomaret takes it", async () => {
    const before = await world.db.sandboxCharge.count();
    const items = [{ name: "Gula aren", unitPrice: 12_000, quantity: 1 }];
    const alfamart = await createOrder(world.deps, { store: "alfamart", customer: CUSTOMER, items, source: "shop", provider: "fazz" });
    expect(alfamart).toMatchObject({
      ok: false,
      error: { code: "amount_out_of_range", message: "Alfamart payments must be at least Rp 15.000; this order is Rp 12.000." },
    });
    expect(await world.db.sandboxCharge.count()).toBe(before);
    const indomaret = await createOrder(world.deps, { store: "indomaret", customer: CUSTOMER, items, source: "shop", provider: "fazz" });
    expect(indomaret.ok).toBe(true);
  });
});

describe("the simulated Fazz API", () => {
  it("answers 401 with error 002 to missing or wrong credentials", async () => {
    for (const authorization of ["", basicAuth(credentials.apiKey, "wrong"), basicAuth(credentials.apiKey, ""), `Bearer ${credentials.secretKey}`]) {
      const response = await api("POST", "/payments", paymentBody(), authorization);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorAnswer).errors[0]).toMatchObject({ code: "002", title: "Access denied" });
    }
  });

  it("lists every invalid parameter as a 005 error pointing at its field", async () => {
    const malformed = await api("POST", "/payments", "{not json");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorAnswer).errors[0]!.code).toBe("005");

    const response = await api(
      "POST",
      "/payments",
      paymentBody(
        { paymentMethodType: "virtual_bank_account", amount: 50_000.5, currency: "SGD", referenceId: "", expiredAt: "2026-11-23 09:30:00" },
        { retailOutletName: "LAWSON" },
      ),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
    const body = (await response.json()) as ErrorAnswer;
    expect(body.errors.every((error) => error.code === "005" && error.title === "Invalid parameters")).toBe(true);
    expect(body.errors.map((error) => error.source?.pointer)).toEqual([
      "/data/attributes/paymentMethodType",
      "/data/attributes/amount",
      "/data/attributes/currency",
      "/data/attributes/referenceId",
      "/data/attributes/expiredAt",
      "/data/attributes/paymentMethodOptions/retailOutletName",
    ]);

    const past = await api("POST", "/payments", paymentBody({ expiredAt: toFazzTime(new Date(world.clock.now().getTime() - 60_000)) }));
    expect(((await past.json()) as ErrorAnswer).errors[0]).toMatchObject({ code: "005", detail: "expiredAt must be in the future" });
  });

  it.each([
    ["ALFAMART", 14_999, 422],
    ["ALFAMART", 15_000, 201],
    ["ALFAMART", 2_500_000, 201],
    ["ALFAMART", 2_500_001, 422],
    ["INDOMARET", 9_999, 422],
    ["INDOMARET", 10_000, 201],
    ["INDOMARET", 5_000_000, 201],
    ["INDOMARET", 5_000_001, 422],
  ])("applies the %s limits: Rp %i → %i", async (outlet, amount, status) => {
    const response = await api("POST", "/payments", paymentBody({ amount }, { retailOutletName: outlet }));
    expect(response.status).toBe(status);
    if (status === 422) {
      expect(((await response.json()) as ErrorAnswer).errors[0]).toMatchObject({
        code: "TXN0002",
        title: "Invalid transaction amount",
        source: { pointer: "/data/attributes/amount" },
      });
    }
  });

  it("answers a repeated referenceId with the payment it already made, never a second code", async () => {
    const body = paymentBody();
    const referenceId = body.data.attributes.referenceId;
    const first = await api("POST", "/payments", body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as PaymentAnswer;
    expect(created.data.attributes).toMatchObject({ status: "pending", referenceId, amount: "50000.0", currency: "IDR" });

    const again = await api("POST", "/payments", body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as PaymentAnswer).data).toEqual(created.data);

    const racing = paymentBody();
    const answers = await Promise.all(Array.from({ length: 4 }, () => api("POST", "/payments", racing)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
    const ids = await Promise.all(answers.map(async (answer) => ((await answer.json()) as PaymentAnswer).data.id));
    expect(new Set(ids).size).toBe(1);
    expect(await world.db.sandboxCharge.count({ where: { merchantReference: racing.data.attributes.referenceId } })).toBe(1);

    const different = await api("POST", "/payments", paymentBody({ referenceId, amount: 60_000 }));
    expect(different.status).toBe(409);
    expect(((await different.json()) as ErrorAnswer).errors[0]).toMatchObject({ code: "005", source: { pointer: "/data/attributes/referenceId" } });
    expect(await world.db.sandboxCharge.count({ where: { merchantReference: referenceId } })).toBe(1);
  });

  it("shows a payment by id, finds it by referenceId, and answers 004 for an unknown one", async () => {
    const created = (await (await api("POST", "/payments", paymentBody())).json()) as PaymentAnswer;
    const shown = await api("GET", `/payments/${created.data.id}`);
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as PaymentAnswer).data).toEqual(created.data);

    const query = new URLSearchParams({ "filter[referenceId]": created.data.attributes.referenceId });
    const listed = (await (await api("GET", `/payments?${query}`)).json()) as { data: PaymentAnswer["data"][] };
    expect(listed.data.map((payment) => payment.id)).toEqual([created.data.id]);
    // The adapter uses the same search when a create timed out before Fazz's id came back.
    const lookup = await world.providers.get("fazz")!.getCharge({ reference: created.data.attributes.referenceId, providerChargeId: null });
    expect(lookup).toMatchObject({ ok: true, value: { status: "pending", providerStatus: "pending", amount: 50_000 } });

    const missing = await api("GET", "/payments/contract_0000");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorAnswer).errors[0]).toMatchObject({ code: "004", title: "Record not found" });
    expect((await api("GET", "/disbursements")).status).toBe(404);
  });

  it("runs the sandbox tasks receive_payment, settle and cancel, with a callback for each", async () => {
    const created = (await (await api("POST", "/payments", paymentBody())).json()) as PaymentAnswer;
    const task = (action: string, id = created.data.id) => api("POST", `/payments/${id}/tasks`, { data: { attributes: { action } } });

    const paid = await task("receive_payment");
    expect(paid.status).toBe(200);
    expect(((await paid.json()) as PaymentAnswer).data.attributes.status).toBe("paid");
    expect(((await (await task("receive_payment")).json()) as ErrorAnswer).errors[0]).toMatchObject({ code: "005" });
    expect(((await (await task("settle")).json()) as PaymentAnswer).data.attributes.status).toBe("completed");
    expect((await task("cancel")).status).toBe(400);
    const callbacks = await world.db.sandboxWebhook.findMany({ where: { chargeId: created.data.id }, orderBy: { createdAt: "asc" } });
    expect(callbacks.map((callback) => callback.event)).toEqual(["paid", "completed"]);
    expect(JSON.parse(callbacks[1]!.body)).toEqual({ data: { ...created.data, attributes: { ...created.data.attributes, status: "completed" } } });

    const other = (await (await api("POST", "/payments", paymentBody())).json()) as PaymentAnswer;
    expect(((await (await task("cancel", other.data.id)).json()) as PaymentAnswer).data.attributes.status).toBe("cancelled");
    expect((await task("refund")).status).toBe(400);
    expect((await task("receive_payment", "contract_0000")).status).toBe(404);
  });

  it("expires a code past its deadline when it is read, and the till refuses it", async () => {
    const expiredAt = toFazzTime(new Date(world.clock.now().getTime() + 10 * 60_000));
    const created = (await (await api("POST", "/payments", paymentBody({ expiredAt }))).json()) as PaymentAnswer;
    world.clock.advance(11 * 60_000);
    const shown = (await (await api("GET", `/payments/${created.data.id}`)).json()) as PaymentAnswer;
    expect(shown.data.attributes.status).toBe("expired");
    expect(await world.db.sandboxWebhook.count({ where: { chargeId: created.data.id, event: "expired" } })).toBe(1);
    const task = await api("POST", `/payments/${created.data.id}/tasks`, { data: { attributes: { action: "receive_payment" } } });
    expect(task.status).toBe(400);
    const charge = await world.db.sandboxCharge.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(await world.simulators.get("fazz")!.perform("pay", charge)).toMatchObject({ ok: false });
  });

  it("offers the cashier pay, cancel and expire on an open code, settle once paid, and no deny", async () => {
    const order = await newOrder();
    const simulator = world.simulators.get("fazz")!;
    expect(simulator.describe(await sandboxChargeOf(order), world.clock.now())).toMatchObject({ state: "open", actions: ["pay", "cancel", "expire"] });
    expect(await simulator.perform("deny", await sandboxChargeOf(order))).toEqual({ ok: false, error: 'Fazz has no "deny" action.' });
    await cashier(order, "pay");
    expect(simulator.describe(await sandboxChargeOf(order), world.clock.now())).toMatchObject({ status: "paid", state: "paid", actions: ["settle"] });
    await cashier(order, "settle");
    expect(simulator.describe(await sandboxChargeOf(order), world.clock.now())).toMatchObject({ status: "completed", state: "paid", actions: [] });
  });
});

describe("callbacks that fail", () => {
  it("retries at 5, 10, 15 … minutes up to 20 attempts, then gives up; the status API still finds the payment", async () => {
    const order = await newOrder();
    await world.deliverWebhooks();
    await cashier(order, "pay");
    world.webhookOutage.status = 500;
    try {
      expect((await world.deliverWebhooks()).map((report) => report.status)).toEqual([500]);
      const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { event: "paid", body: { contains: order.paymentCode } } });
      expect(queued).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
      expect(queued.nextAttemptAt.getTime() - world.clock.now().getTime()).toBe(5 * 60_000 * TIME_SCALE);
      for (let retry = 1; retry < 20; retry++) {
        world.clock.advance(5 * retry * 60_000 * TIME_SCALE);
        await world.deliverWebhooks();
        const attempted = await world.db.sandboxWebhook.findUniqueOrThrow({ where: { id: queued.id } });
        expect(attempted.attempts).toBe(retry + 1);
      }
      const exhausted = await world.db.sandboxWebhook.findUniqueOrThrow({ where: { id: queued.id } });
      expect(exhausted).toMatchObject({ status: "exhausted", attempts: 20 });
    } finally {
      world.webhookOutage.status = undefined;
    }
    expect((await orderOf(order)).status).toBe("pending");
    const checked = await checkOrderStatus(world.webhookDeps, { id: order.id });
    expect(checked).toMatchObject({ ok: true, value: { result: "applied", orderStatus: "paid" } });
  });

  it("signs each attempt with Xfers-Signature over the exact body it sends", () => {
    const simulator = world.simulators.get("fazz")!;
    const headers = simulator.signWebhook('{"data":{}}', new URL(`${APP_URL}/api/webhooks/fazz`), world.clock.now());
    // printf '%s' '{"data":{}}' | openssl dgst -sha256 -hmac 'ss_gerai_fazz_sandbox_0001'
    expect(headers).toEqual({ "Content-Type": "application/json", "Xfers-Signature": "0854dbc1be8209748f15ec68bb56b2bfbdbd8bbec07cea1d3785294bd8cfdf80" });
    // The interval grows by 5 minutes per attempt (scaled: 300 ms each); the 20th attempt is the last.
    expect(simulator.nextRetryDelayMs(1, 500)).toBe(300);
    expect(simulator.nextRetryDelayMs(2, 500)).toBe(600);
    expect(simulator.nextRetryDelayMs(19, undefined)).toBe(19 * 300);
    expect(simulator.nextRetryDelayMs(20, 503)).toBeUndefined();
  });
});

describe("a Fazz outage", () => {
  it("answers 500 with error 001, and orders fail over (here: fail cleanly, Fazz being the only provider)", async () => {
    await setOutage(world.db, "fazz", "error");
    try {
      const response = await api("POST", "/payments", paymentBody());
      expect(response.status).toBe(500);
      expect(((await response.json()) as ErrorAnswer).errors[0]).toMatchObject({ code: "001", title: "Internal server error" });
      const before = await world.db.order.count();
      const result = await createOrder(world.deps, { store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "shop", provider: "fazz" });
      expect(result).toMatchObject({ ok: false, error: { code: "providers_unavailable", shopper: "provider_unavailable" } });
      expect(await world.db.order.count()).toBe(before);
    } finally {
      await setOutage(world.db, "fazz", "none");
    }
  });
});
