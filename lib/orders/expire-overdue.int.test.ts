import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import { createWorld, CUSTOMER, fiveProviders, ITEMS, type World } from "@/test/world";
import { createOrder } from "./create-order";
import { DEADLINE_GRACE_MS, expireCodesPastDeadline } from "./expire-overdue";

// The deadline sweep over a backlog: every overdue code is settled in one run, batch after batch,
// with a bounded number of status calls in flight per provider; a code the provider was already
// asked about after its deadline is expired without asking again.

const PROVIDERS: ProviderId[] = ["midtrans", "doku", "fazz"];
const ORDERS = 130; // more than one batch of 100
const inFlight = new Map<ProviderId, number>();
const mostInFlight = new Map<ProviderId, number>();
let statusCalls = 0;
let world: World;

beforeAll(async () => {
  const build = fiveProviders({
    timeoutMs: 10_000,
    wrapFetch: (id, fetch) => (async (input: RequestInfo | URL, init?: RequestInit) => {
      if ((init?.method ?? "GET").toUpperCase() !== "GET") return fetch(input, init);
      statusCalls += 1;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      mostInFlight.set(id, Math.max(mostInFlight.get(id) ?? 0, inFlight.get(id)!));
      try {
        // A provider that takes a moment to answer, so calls overlap when they may.
        await new Promise((resolve) => setTimeout(resolve, 15));
        return await fetch(input, init);
      } finally {
        inFlight.set(id, inFlight.get(id)! - 1);
      }
    }) as typeof globalThis.fetch,
  });
  world = await createWorld(build);
}, 120_000);
afterAll(async () => world?.close());

describe("the deadline sweep over a backlog", () => {
  it("settles every overdue code in one run, at most 4 status calls in flight per provider", { timeout: 180_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i += 1) {
      const created = await createOrder(world.deps, {
        reference: `SWEEP-${Date.now()}-${i}`,
        store: "indomaret",
        customer: CUSTOMER,
        items: ITEMS,
        source: "api",
        provider: PROVIDERS[i % PROVIDERS.length],
        expiryMinutes: 5,
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      ids.push(created.value.id);
    }
    // One code was asked about after its deadline already (by the reconciliation, say).
    world.clock.advance(5 * 60_000 + DEADLINE_GRACE_MS + 1_000);
    const askedAlready = await world.db.charge.findFirstOrThrow({ where: { orderId: ids[0] } });
    await world.db.charge.update({ where: { id: askedAlready.id }, data: { checkedAt: world.clock.now() } });

    statusCalls = 0;
    // The simulators have expired their codes too: the status calls settle those (the provider's
    // own word), and the code not asked again expires by the deadline rule.
    expect(await expireCodesPastDeadline(world.webhookDeps)).toBe(1);
    expect(statusCalls).toBe(ORDERS - 1);
    for (const provider of PROVIDERS) {
      expect(mostInFlight.get(provider)).toBeGreaterThan(1);
      expect(mostInFlight.get(provider)).toBeLessThanOrEqual(4);
    }
    expect(await world.db.order.count({ where: { id: { in: ids }, status: "expired" } })).toBe(ORDERS);
    const timeline = await world.db.orderEvent.findMany({ where: { orderId: ids[0] }, select: { data: true } });
    expect(timeline.map((event) => event.data)).toContainEqual(expect.objectContaining({ note: { key: "deadline_passed", why: "open_after_deadline" } }));
    // Nothing is left for the next run.
    expect(await expireCodesPastDeadline(world.webhookDeps)).toBe(0);
  });
});
