import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPaymentView } from "@/lib/orders/payment-view";
import { databaseLimiter, type Limiter } from "@/lib/rate-limit/limiter";
import { CUSTOMER, createWorld, fiveProviders, testApiAuth, type World } from "@/test/world";
import { createOrderFromApi } from "./orders";

// `return_url` on an order: kept, shown by the API and given to the payment page; only a web
// address is taken, since the shopper is sent there.

let world: World;
let limiter: Limiter;
const run = randomUUID().slice(0, 8);
const apiKey = `sk_test_return_${run}`;

beforeAll(async () => {
  world = await createWorld(fiveProviders());
  limiter = databaseLimiter(world.db, `return-${run}`, { points: 1_000, durationSeconds: 60 });
});
afterAll(async () => world?.close());

const post = (extra: Record<string, unknown>) =>
  createOrderFromApi(
    world.deps,
    testApiAuth(world, apiKey),
    new Request("http://gerai.test/api/v1/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        reference: `RET-${run}-${randomUUID().slice(0, 6)}`,
        store: "indomaret",
        customer: CUSTOMER,
        items: [{ name: "Kopi Arabika Gayo 250 g", unit_price: 89_000, quantity: 1 }],
        ...extra,
      }),
    }),
    limiter,
  );

describe("return_url", () => {
  it("is kept and reaches the payment page", async () => {
    const created = await post({ return_url: "https://toko.example.id/pesanan/INV-7" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const order = await world.db.order.findUniqueOrThrow({ where: { id } });
    expect(order.returnUrl).toBe("https://toko.example.id/pesanan/INV-7");
    expect((await getPaymentView(world.db, order.publicId))?.returnUrl).toBe("https://toko.example.id/pesanan/INV-7");
  });

  it("takes only an http(s) address", async () => {
    for (const url of ["javascript:alert(1)", "data:text/html,hi", "toko.example.id", "ftp://toko.example.id/x", `https://toko.example.id/${"x".repeat(2000)}`]) {
      const answer = await post({ return_url: url });
      expect(answer.status, url.slice(0, 40)).toBe(422);
      expect(Object.keys(((await answer.json()) as { error: { fields: object } }).error.fields)).toEqual(["return_url"]);
    }
  });
});
