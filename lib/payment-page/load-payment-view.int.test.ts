import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEADLINE_GRACE_MS, expireCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { createWorld, fiveProviders, placeTestOrder, type World } from "@/test/world";
import { loadPaymentView } from "./load-payment-view";

// Reads don't write: the payment page, its image and its poll load the view by public id and
// never ask a provider or change the order, even past the deadline. The expiry job settles it.

let providerCalls = 0;
let world: World;

beforeAll(async () => {
  world = await createWorld(
    fiveProviders({
      wrapFetch: (_id, fetch) => ((input: RequestInfo | URL, init?: RequestInit) => {
        providerCalls += 1;
        return fetch(input, init);
      }) as typeof globalThis.fetch,
    }),
    { allowProviderChoice: true },
  );
});
afterAll(async () => world?.close());

/** Everything a read could have touched. */
async function stateOf(orderId: string) {
  const [order, charges, events, jobs] = await Promise.all([
    world.db.order.findUniqueOrThrow({ where: { id: orderId } }),
    world.db.charge.findMany({ where: { orderId }, orderBy: { id: "asc" } }),
    world.db.orderEvent.count({ where: { orderId } }),
    world.db.$queryRawUnsafe<{ count: bigint }[]>("SELECT count(*) AS count FROM pgboss.job"),
  ]);
  return { order, charges, events, jobs: Number(jobs[0]!.count) };
}

describe("the payment view", () => {
  it("past the deadline, only reads; the expiry job then settles the code", async () => {
    const order = await placeTestOrder(world, { reference: `READ-${Date.now()}`, provider: "midtrans" });
    world.clock.set(new Date(order.expiresAt.getTime() + DEADLINE_GRACE_MS + 1_000));
    const before = await stateOf(order.id);
    providerCalls = 0;

    for (let poll = 0; poll < 5; poll++) {
      const view = await loadPaymentView(world.db, order.publicId);
      expect(view).toMatchObject({ status: "pending", code: { paymentCode: order.paymentCode, expiresAt: order.expiresAt } });
    }
    expect(providerCalls).toBe(0);
    expect(await stateOf(order.id)).toEqual(before);

    // The job's run asks the provider, which shows the code expired; the next read shows it.
    await expireCodesPastDeadline(world.webhookDeps);
    expect(providerCalls).toBeGreaterThan(0);
    expect(await loadPaymentView(world.db, order.publicId)).toMatchObject({ status: "expired" });
  });

  it("is nothing for an id that is not a public id", async () => {
    expect(await loadPaymentView(world.db, "not-a-public-id")).toBeNull();
    expect(await loadPaymentView(world.db, "A".repeat(22))).toBeNull();
  });
});
