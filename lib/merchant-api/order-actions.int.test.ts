import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import type { CreatedOrder } from "@/lib/orders/create-order";
import { setOutage } from "@/lib/sandbox/outage";
import { createWorld, fiveProviders, placeTestOrder, testApiAuth, type World } from "@/test/world";
import { cancelOrderFromApi, renewOrderFromApi } from "./orders";
import { orderResourceSchema } from "./resources";

// POST /api/v1/orders/{id}/cancel and /renew through their use cases, the real adapters and the
// simulators.

const API_KEY = "sk_test_actions_0001";
let world: World;
let counter = 0;

beforeAll(async () => {
  world = await createWorld(fiveProviders(), { allowProviderChoice: true });
});
afterAll(async () => world?.close());

const newOrder = (provider: ProviderId) => placeTestOrder(world, { reference: `ACT-${Date.now()}-${(counter += 1)}`, provider });
const call = (action: typeof cancelOrderFromApi, id: string, key: string | null = API_KEY) =>
  action(world.deps, testApiAuth(world, API_KEY), new Request(`http://gerai.test/api/v1/orders/${id}/x`, { method: "POST", headers: key ? { Authorization: `Bearer ${key}` } : {} }), id);
const sandboxCharge = (order: Pick<CreatedOrder, "provider" | "paymentCode">) =>
  world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });
const stateAtProvider = async (order: CreatedOrder) => world.simulators.get(order.provider as ProviderId)!.describe(await sandboxCharge(order), world.clock.now());

describe("cancelling an order", () => {
  it("voids the code at Midtrans, which documents a cancel API: the store refuses it", async () => {
    const order = await newOrder("midtrans");
    const answer = await call(cancelOrderFromApi, order.id);
    expect(answer.status).toBe(200);
    // The answer is what the OpenAPI document says an order is.
    expect(orderResourceSchema.parse(await answer.json())).toMatchObject({ id: order.id, status: "cancelled" });
    const atProvider = await stateAtProvider(order);
    expect(atProvider.state).toBe("closed");
    expect(atProvider.actions).not.toContain("pay");
    expect(await world.db.orderNotification.count({ where: { orderId: order.id, type: "order.cancelled" } })).toBe(1);
    // Midtrans' own cancel notification then changes nothing more.
    await world.deliverWebhooks();
    expect((await world.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("cancelled");
    expect(await call(cancelOrderFromApi, order.id).then((response) => response.status)).toBe(409);
  });

  it("cancels at Gerai where the provider cannot void a code, says so, and flags a payment made on it anyway", async () => {
    const order = await newOrder("monxa");
    expect((await call(cancelOrderFromApi, order.id)).status).toBe(200);
    const events = await world.db.orderEvent.findMany({ where: { orderId: order.id }, orderBy: { at: "asc" } });
    const code = (await world.db.charge.findFirstOrThrow({ where: { orderId: order.id } })).paymentCode;
    expect(events.find((event) => event.type === "charge_updated")).toMatchObject({ data: { provider: "monxa", note: { key: "not_voidable", paymentCode: code } } });
    expect(events.find((event) => event.toStatus === "cancelled")).toMatchObject({
      type: "status_changed",
      message: null,
      // The timeline says who: the key the request came with.
      actor: "API · MERCHANT_API_KEY",
      data: { source: "merchant", paymentCode: code, reason: { key: "code_closed", status: "cancelled" } },
    });

    expect(await world.simulators.get("monxa")!.perform("pay", await sandboxCharge(order))).toEqual({ ok: true });
    await world.deliverWebhooks();
    const after = await world.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(after).toMatchObject({ status: "paid", needsAttention: true });
  });

  it("refuses a paid order, an unknown one, no key; and changes nothing while the provider is down", async () => {
    const paid = await newOrder("midtrans");
    expect(await world.simulators.get("midtrans")!.perform("pay", await sandboxCharge(paid))).toEqual({ ok: true });
    await world.deliverWebhooks();
    const refused = await call(cancelOrderFromApi, paid.id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { type: "cannot_cancel" } });
    expect((await call(cancelOrderFromApi, "ord_AAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await call(cancelOrderFromApi, "../etc")).status).toBe(404);
    expect((await call(cancelOrderFromApi, paid.id, null)).status).toBe(401);

    const pending = await newOrder("midtrans");
    await setOutage(world.db, "midtrans", "down");
    try {
      expect((await call(cancelOrderFromApi, pending.id)).status).toBe(503);
    } finally {
      await setOutage(world.db, "midtrans", "none");
    }
    expect((await world.db.order.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("pending");
  });
});

describe("renewing an order's code", () => {
  it("gives an expired order a new code, and refuses one still pending", async () => {
    const order = await newOrder("midtrans");
    expect((await call(renewOrderFromApi, order.id)).status).toBe(409);
    expect(await world.simulators.get("midtrans")!.perform("expire", await sandboxCharge(order))).toEqual({ ok: true });
    await world.deliverWebhooks();
    const renewed = await call(renewOrderFromApi, order.id);
    expect(renewed.status).toBe(200);
    const body = (await renewed.json()) as { status: string; payment_code: string; charges: unknown[] };
    expect(body.status).toBe("pending");
    expect(body.payment_code).not.toBe(order.paymentCode);
    expect(body.charges).toHaveLength(2);
    expect(await world.db.orderEvent.findFirst({ where: { orderId: order.id, type: "code_renewed" }, select: { actor: true } })).toEqual({ actor: "API · MERCHANT_API_KEY" });
  });
});
