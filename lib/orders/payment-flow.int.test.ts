import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { setOutage } from "@/lib/sandbox/outage";
import { createWorld, CUSTOMER, ITEMS, ITEMS_TOTAL, type World } from "@/test/world";
import { reconcilePendingCharges, checkOrderStatus } from "./check-status";
import { expireCodesPastDeadline } from "./expire-overdue";
import { createOrder, type CreatedOrder } from "./create-order";
import { receiveWebhook } from "./ingest-webhook";
import { renewPaymentCode } from "./renew-code";

// The order's whole life through the real use cases, database and Midtrans simulator.

let world: World;

beforeAll(async () => {
  world = await createWorld(({ simulatorContext, baseUrl, fetch, timeoutMs, credentials }) => [
    {
      provider: createMidtransProvider({ serverKey: credentials.midtransServerKey, baseUrl: baseUrl("midtrans"), timeoutMs, fetchImpl: fetch }),
      simulator: createMidtransSimulator(simulatorContext, { serverKey: credentials.midtransServerKey }),
    },
  ]);
});
afterAll(async () => world?.close());

let counter = 0;
async function newOrder(overrides: Partial<Parameters<typeof createOrder>[1]> = {}): Promise<CreatedOrder> {
  counter += 1;
  const result = await createOrder(world.deps, {
    reference: `INT-${Date.now()}-${counter}`,
    store: "indomaret",
    customer: CUSTOMER,
    items: ITEMS,
    source: "api",
    ...overrides,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

async function cashier(order: CreatedOrder, action: "pay" | "expire" | "deny") {
  const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { paymentCode: order.paymentCode } });
  const result = await world.simulators.get("midtrans")!.perform(action, charge);
  expect(result).toEqual({ ok: true });
}

const orderOf = (order: CreatedOrder) =>
  world.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { charges: { orderBy: { attempt: "asc" } }, events: { orderBy: { at: "asc" } } } });

describe("an order paid at the store", () => {
  it("issues a code, stores the order with its items, and turns paid exactly once", async () => {
    const order = await newOrder();
    expect(order).toMatchObject({ status: "pending", amount: ITEMS_TOTAL, store: "indomaret", provider: "midtrans" });
    expect(order.paymentCode).toMatch(/^\d{14}$/);
    expect(order.paymentUrl).toMatch(/^http:\/\/gerai\.test\/pay\/[0-9A-Za-z]{22}$/);

    // Midtrans announces the new code as pending: nothing to change.
    await world.deliverWebhooks();
    expect((await orderOf(order)).status).toBe("pending");

    await cashier(order, "pay");
    const reports = await world.deliverWebhooks();
    expect(reports.map((report) => report.status)).toEqual([200]);

    const paid = await orderOf(order);
    expect(paid.status).toBe("paid");
    expect(paid.paidAt).not.toBeNull();
    expect(paid.needsAttention).toBe(false);
    expect(paid.charges[0]).toMatchObject({ status: "paid", providerStatus: "settlement", paidAmount: ITEMS_TOTAL });
    expect(paid.events.map((event) => event.type)).toEqual(["order_created", "charge_issued", "webhook_received", "webhook_received", "status_changed"]);
    expect(paid.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
  });

  it("applies a notification delivered many times at once only once", async () => {
    const order = await newOrder();
    await world.deliverWebhooks();
    await cashier(order, "pay");
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { event: "settlement", status: "pending" } });
    const send = () =>
      receiveWebhook(world.webhookDeps, "midtrans", {
        rawBody: queued.body,
        headers: new Headers({ "content-type": "application/json" }),
        path: "/api/webhooks/midtrans",
        receivedAt: world.clock.now(),
      });
    const answers = await Promise.all([send(), send(), send(), send(), send()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    // One delivery applied the event; the four repeats are counted on it, not stored again, and
    // add nothing to the order's timeline.
    const deliveries = await world.db.webhookDelivery.findMany({ where: { orderId: order.id, eventKey: { contains: "settlement" } } });
    expect(deliveries.map((delivery) => [delivery.outcome, delivery.duplicateCount])).toEqual([["applied", 4]]);
    const events = await world.db.orderEvent.findMany({ where: { orderId: order.id, toStatus: "paid" } });
    expect(events).toHaveLength(1);
    expect(await world.db.orderEvent.count({ where: { orderId: order.id, type: "webhook_received", deliveryId: deliveries[0]!.id } })).toBe(1);
    // The provider's own retry of the same event later is a duplicate too.
    await world.deliverWebhooks();
    expect((await world.db.orderEvent.findMany({ where: { orderId: order.id, toStatus: "paid" } }))).toHaveLength(1);
  });

  it("keeps a paid order paid when an older notification arrives after the payment", async () => {
    const order = await newOrder();
    const pendingNote = await world.db.sandboxWebhook.findFirstOrThrow({ where: { body: { contains: order.reference } } });
    await world.db.sandboxWebhook.update({ where: { id: pendingNote.id }, data: { nextAttemptAt: new Date("2099-01-01") } });
    await cashier(order, "pay");
    await world.deliverWebhooks();
    expect((await orderOf(order)).status).toBe("paid");

    // The "pending" notification shows up late.
    await world.db.sandboxWebhook.update({ where: { id: pendingNote.id }, data: { nextAttemptAt: world.clock.now() } });
    await world.deliverWebhooks();
    expect((await orderOf(order)).status).toBe("paid");
  });

  it("rejects a forged notification with a 4xx, stores it, and changes nothing", async () => {
    const order = await newOrder();
    const forged = JSON.stringify({
      order_id: `${order.reference}-1`,
      transaction_id: "x",
      status_code: "200",
      gross_amount: `${ITEMS_TOTAL}.00`,
      transaction_status: "settlement",
      signature_key: "0".repeat(128),
    });
    const answer = await receiveWebhook(world.webhookDeps, "midtrans", {
      rawBody: forged,
      headers: new Headers(),
      path: "/api/webhooks/midtrans",
      receivedAt: world.clock.now(),
    });
    expect(answer.status).toBe(401);
    expect((await orderOf(order)).status).toBe("pending");
    const stored = await world.db.webhookDelivery.findFirstOrThrow({ where: { rawBody: forged } });
    expect(stored).toMatchObject({ verified: false, outcome: "rejected", rejectionReason: "signature_key does not match" });
    // Linked to the order it claims to be about, for the merchant's timeline only.
    expect(stored.orderId).toBe(order.id);
    expect(await world.db.paymentEvent.count({ where: { deliveryId: stored.id } })).toBe(0);
  });

  it("does not mark paid on a notification the status API does not confirm", async () => {
    const order = await newOrder();
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { paymentCode: order.paymentCode } });
    // A correctly signed "settlement" for a code Midtrans still shows as pending.
    const { midtransSignature } = await import("@/lib/providers/midtrans/signature");
    const body = JSON.stringify({
      order_id: charge.merchantReference,
      transaction_id: charge.id,
      status_code: "200",
      gross_amount: `${ITEMS_TOTAL}.00`,
      transaction_status: "settlement",
      signature_key: midtransSignature(charge.merchantReference, "200", `${ITEMS_TOTAL}.00`, "SB-Mid-server-GeraiSandbox0001"),
    });
    const answer = await receiveWebhook(world.webhookDeps, "midtrans", {
      rawBody: body,
      headers: new Headers(),
      path: "/api/webhooks/midtrans",
      receivedAt: world.clock.now(),
    });
    expect(answer.status).toBe(503); // Midtrans will retry
    expect((await orderOf(order)).status).toBe("pending");
  });

  it("records Midtrans' settlement → deny reversal and flags the order", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    await world.deliverWebhooks();
    await cashier(order, "deny");
    await world.deliverWebhooks();
    const reversed = await orderOf(order);
    expect(reversed.status).toBe("reversed");
    expect(reversed.needsAttention).toBe(true);
    expect(reversed.charges[0]!.status).toBe("reversed");
    expect(reversed.events.map((event) => event.type)).toContain("payment_reversed");
  });
});

describe("webhooks that get lost or fail", () => {
  it("retries on Midtrans' schedule while the app is down, then applies once", async () => {
    const order = await newOrder();
    await world.deliverWebhooks();
    await cashier(order, "pay");
    world.webhookOutage.status = 503;
    const first = await world.deliverWebhooks();
    expect(first.map((report) => report.status)).toEqual([503]);
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { body: { contains: order.reference }, event: "settlement" } });
    expect(queued).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
    // 2 minutes × the test time scale
    expect(queued.nextAttemptAt.getTime() - world.clock.now().getTime()).toBe(Math.max(50, Math.round(2 * 60_000 * 0.0001)));

    world.webhookOutage.status = undefined;
    world.clock.advance(1_000);
    await world.deliverWebhooks();
    expect((await orderOf(order)).status).toBe("paid");
  });

  it("gives up after the documented number of retries", async () => {
    const order = await newOrder();
    await world.deliverWebhooks();
    await cashier(order, "pay");
    world.webhookOutage.status = 500; // Midtrans retries a 500 once
    await world.deliverWebhooks();
    world.clock.advance(10 * 60_000);
    await world.deliverWebhooks();
    world.webhookOutage.status = undefined;
    const queued = await world.db.sandboxWebhook.findFirstOrThrow({ where: { body: { contains: order.reference }, event: "settlement" } });
    expect(queued).toMatchObject({ status: "exhausted", attempts: 2 });

    // The notification is gone, but reconciliation asks Midtrans and finds the payment.
    expect((await orderOf(order)).status).toBe("pending");
    world.clock.advance(6 * 60_000);
    const result = await reconcilePendingCharges(world.webhookDeps);
    expect(result.changed).toBeGreaterThanOrEqual(1);
    expect((await orderOf(order)).status).toBe("paid");
  });

  it("lets the shopper's 'check again' find a payment whose webhook has not come", async () => {
    const order = await newOrder();
    await cashier(order, "pay");
    world.webhookOutage.refuse = true;
    await world.deliverWebhooks();
    world.webhookOutage.refuse = false;
    const checked = await checkOrderStatus(world.webhookDeps, { publicId: order.paymentUrl.split("/").pop()! });
    expect(checked).toMatchObject({ ok: true, value: { result: "applied", orderStatus: "paid" } });
    // The retried notification later is recorded but changes nothing more.
    world.clock.advance(3 * 60_000);
    await world.deliverWebhooks();
    const final = await orderOf(order);
    expect(final.status).toBe("paid");
    expect(final.events.filter((event) => event.toStatus === "paid")).toHaveLength(1);
  });
});

describe("codes that expire", () => {
  it("expires at the deadline, renews as a new code, and flags a payment on the old one", async () => {
    const order = await newOrder({ expiryMinutes: 30 });
    world.clock.advance(31 * 60_000);
    // Midtrans expires it on its side and notifies; our sweep would do it regardless.
    await world.simulators.get("midtrans")!.expireOverdue(world.clock.now());
    await world.deliverWebhooks();
    let current = await orderOf(order);
    expect(current.status).toBe("expired");
    expect(current.charges[0]!.status).toBe("expired");

    const publicId = order.paymentUrl.split("/").pop()!;
    const renewed = await renewPaymentCode(world.deps, publicId);
    expect(renewed.ok).toBe(true);
    current = await orderOf(order);
    expect(current.status).toBe("pending");
    expect(current.charges.map((charge) => [charge.attempt, charge.status])).toEqual([
      [1, "expired"],
      [2, "pending"],
    ]);
    expect(current.charges[1]!.reference).toBe(`${order.reference}-2`);
    expect(renewed.ok && renewed.value.paymentCode).toBe(current.charges[1]!.paymentCode);
    // A renewed order cannot be renewed again while its code is open.
    expect(await renewPaymentCode(world.deps, publicId)).toMatchObject({ ok: false, error: { code: "cannot_renew" } });
  });

  it("expires on our side when the provider is unreachable, and still records a late payment", async () => {
    const order = await newOrder({ expiryMinutes: 10 });
    world.clock.advance(11 * 60_000);
    await setOutage(world.db, "midtrans", "down");
    try {
      expect(await expireCodesPastDeadline(world.webhookDeps)).toBeGreaterThanOrEqual(1);
    } finally {
      await setOutage(world.db, "midtrans", "none");
    }
    const expired = await orderOf(order);
    expect(expired.status).toBe("expired");
    expect(expired.events.at(-1)?.data).toEqual({ provider: "midtrans", note: { key: "deadline_passed", why: "unreachable" } });

    // The shopper paid from a screenshot at a till that still accepted it.
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { paymentCode: order.paymentCode } });
    await world.db.sandboxCharge.update({ where: { id: charge.id }, data: { expiresAt: new Date("2099-01-01") } });
    await cashier(order, "pay");
    await world.deliverWebhooks();
    const late = await orderOf(order);
    expect(late.status).toBe("paid");
    expect(late.needsAttention).toBe(true);
    expect(late.events.map((event) => event.type)).toContain("late_payment");
  });
});

describe("creating orders", () => {
  it("refuses a reused reference and stores nothing new", async () => {
    const order = await newOrder();
    const again = await createOrder(world.deps, { reference: order.reference, store: "alfamart", customer: CUSTOMER, items: ITEMS, source: "api" });
    expect(again).toMatchObject({ ok: false, error: { code: "duplicate_reference" } });
    expect(await world.db.order.count({ where: { reference: order.reference } })).toBe(1);
  });

  it("names the store's limit when the amount is too large, before calling anyone", async () => {
    const before = await world.db.sandboxCharge.count();
    const result = await createOrder(world.deps, {
      store: "alfamart",
      customer: CUSTOMER,
      items: [{ name: "Kain batik", unitPrice: 1_250_000, quantity: 3 }],
      source: "shop",
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "amount_out_of_range", message: "Alfamart payments must be at most Rp 2.500.000; this order is Rp 3.750.000." },
    });
    expect(await world.db.sandboxCharge.count()).toBe(before);
  });

  it("fails cleanly when every provider is down, and stores no order", async () => {
    await setOutage(world.db, "midtrans", "down");
    const before = await world.db.order.count();
    const result = await createOrder(world.deps, { store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "shop" }).finally(() =>
      setOutage(world.db, "midtrans", "none"),
    );
    expect(result).toMatchObject({ ok: false, error: { code: "providers_unavailable", shopper: "provider_unavailable" } });
    expect(await world.db.order.count()).toBe(before);
  });
});
