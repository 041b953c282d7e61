import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { createMonxaProvider } from "@/lib/providers/monxa/client";
import { createMonxaSimulator } from "@/lib/sandbox/monxa/simulator";
import { setOutage } from "@/lib/sandbox/outage";
import { createWorld, CUSTOMER, ITEMS, type World } from "@/test/world";
import { createOrder } from "./create-order";

// Routing across two real adapter/simulator pairs: Midtrans first, Monxa second.

let world: World;

beforeAll(async () => {
  world = await createWorld(({ simulatorContext, baseUrl, fetch, timeoutMs, credentials }) => [
    {
      provider: createMidtransProvider({ serverKey: credentials.midtransServerKey, baseUrl: baseUrl("midtrans"), timeoutMs, fetchImpl: fetch }),
      simulator: createMidtransSimulator(simulatorContext, { serverKey: credentials.midtransServerKey }),
    },
    {
      provider: createMonxaProvider({
        secretKey: credentials.monxaSecretKey,
        callbackToken: credentials.monxaCallbackToken,
        baseUrl: baseUrl("monxa"),
        amountUnit: "idr",
        timeoutMs,
        fetchImpl: fetch,
      }),
      simulator: createMonxaSimulator(simulatorContext, {
        secretKey: credentials.monxaSecretKey,
        callbackToken: credentials.monxaCallbackToken,
      }),
    },
  ]);
});
afterAll(async () => world?.close());

let counter = 0;
const reference = () => `FO-${Date.now()}-${++counter}`;
const order = (ref: string) =>
  world.db.order.findUnique({ where: { reference: ref }, include: { charges: { orderBy: { attempt: "asc" } }, events: true } });

async function withOutage<T>(mode: "error" | "timeout", run: () => Promise<T>): Promise<T> {
  await setOutage(world.db, "midtrans", mode);
  try {
    return await run();
  } finally {
    await setOutage(world.db, "midtrans", "none");
  }
}

describe("failover", () => {
  it("hands an order to the next provider when the first answers 500: one order, both attempts recorded", async () => {
    const ref = reference();
    const result = await withOutage("error", () => createOrder(world.deps, { reference: ref, store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "api" }));
    expect(result).toMatchObject({ ok: true, value: { provider: "monxa" } });
    const stored = await order(ref);
    expect(stored!.charges.map((charge) => [charge.attempt, charge.provider, charge.status, charge.reference])).toEqual([
      [1, "midtrans", "not_issued", `${ref}-1`],
      [2, "monxa", "pending", `${ref}-2`],
    ]);
    expect(stored!.charges[0]!.failureReason).toContain("Midtrans answered 500");
    expect(stored!.events.map((event) => event.type).sort()).toEqual(["charge_attempt_failed", "charge_issued", "order_created"]);
    expect(await world.db.order.count({ where: { reference: ref } })).toBe(1);
  });

  it("does not try elsewhere when the first provider refuses the request (4xx), and stores nothing", async () => {
    const ref = reference();
    // Midtrans already holds this order_id (as if an earlier request had used it): it answers 406.
    const taken = await createOrder(world.deps, { reference: `${ref}-X`, store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "api" });
    if (!taken.ok) throw new Error("setup failed");
    await world.db.sandboxCharge.updateMany({ where: { provider: "midtrans", merchantReference: `${ref}-X-1` }, data: { merchantReference: `${ref}-1` } });
    const monxaBefore = await world.db.sandboxCharge.count({ where: { provider: "monxa" } });

    const result = await createOrder(world.deps, { reference: ref, store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "api" });
    expect(result).toMatchObject({ ok: false, error: { code: "provider_rejected", provider: "midtrans", shopper: "payment_rejected" } });
    expect(!result.ok && result.error.message).toContain("406");
    expect(await world.db.sandboxCharge.count({ where: { provider: "monxa" } })).toBe(monxaBefore);
    expect(await order(ref)).toBeNull();
  });

  it("after a timeout, a payment on the code the slow provider did issue is still recorded", async () => {
    const ref = reference();
    const result = await withOutage("timeout", () => createOrder(world.deps, { reference: ref, store: "indomaret", customer: CUSTOMER, items: ITEMS, source: "api" }));
    expect(result).toMatchObject({ ok: true, value: { provider: "monxa" } });
    let stored = await order(ref);
    expect(stored!.charges[0]).toMatchObject({ provider: "midtrans", status: "not_issued", failureReason: expect.stringContaining("no answer within") });

    // Midtrans did make the code before answering too late. Should it ever be paid, the money
    // is matched to the order through the attempt's reference, not lost.
    const orphan = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: "midtrans", merchantReference: `${ref}-1` } });
    await world.simulators.get("midtrans")!.perform("pay", orphan);
    await world.deliverWebhooks();
    stored = await order(ref);
    expect(stored!.status).toBe("paid");
    expect(stored!.charges[0]).toMatchObject({ status: "paid", paidAmount: orphan.amount });
  });
});
