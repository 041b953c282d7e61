import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { databaseLimiter, type Limiter } from "@/lib/rate-limit/limiter";
import { CUSTOMER, createWorld, testApiAuth, type World } from "@/test/world";
import { createOrderFromApi } from "./orders";

// POST /api/v1/orders's use case with its order limit counted in the real database.

let world: World;
let limiter: Limiter;
const run = randomUUID().slice(0, 8);
// A key of this run's own: the limit is per API key, and the PostgreSQL database is shared.
const apiKey = `sk_test_limits_${run}`;

beforeAll(async () => {
  world = await createWorld(({ simulatorContext, baseUrl, fetch, timeoutMs, credentials }) => [
    {
      provider: createMidtransProvider({ serverKey: credentials.midtransServerKey, baseUrl: baseUrl("midtrans"), timeoutMs, fetchImpl: fetch }),
      simulator: createMidtransSimulator(simulatorContext, { serverKey: credentials.midtransServerKey }),
    },
  ]);
  limiter = databaseLimiter(world.db, `orders-${run}`, { points: 2, durationSeconds: 60 });
});
afterAll(async () => world?.close());

function post(body: unknown, bearer = apiKey): Promise<Response> {
  const request = new Request("http://gerai.test/api/v1/orders", {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return createOrderFromApi(world.deps, testApiAuth(world, apiKey), request, limiter);
}

const order = (reference: string) => ({
  reference,
  store: "indomaret",
  customer: CUSTOMER,
  items: [{ sku: "kopi-gayo-250", name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
});

describe("the merchant API's order limit", () => {
  it("answers 429 with Retry-After past the limit, and creates nothing", async () => {
    // Requests without the key are refused before they count.
    for (let i = 0; i < 3; i++) expect((await post(order(`LIM-${run}-anon-${i}`), "sk_wrong")).status).toBe(401);

    // Every request with the key counts, valid or not. (Invalid ones here: no provider is asked,
    // so nothing but the limit decides these answers.)
    expect((await post({ reference: `LIM-${run}-invalid-1` })).status).toBe(422);
    expect((await post({ reference: `LIM-${run}-invalid-2` })).status).toBe(422);

    const before = { orders: await world.db.order.count(), codes: await world.db.sandboxCharge.count() };
    const refused = await post(order(`LIM-${run}`));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ error: { type: "rate_limited" } });

    expect(await world.db.order.findUnique({ where: { reference: `LIM-${run}` } })).toBeNull();
    expect({ orders: await world.db.order.count(), codes: await world.db.sandboxCharge.count() }).toEqual(before);
  });
});
