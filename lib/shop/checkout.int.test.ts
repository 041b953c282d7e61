import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import { MESSAGES } from "@/lib/i18n/catalog";
import { createMidtransProvider } from "@/lib/providers/midtrans/client";
import { createMidtransSimulator } from "@/lib/sandbox/midtrans/simulator";
import { databaseLimiter, type Limiter } from "@/lib/rate-limit/limiter";
import { CUSTOMER, createWorld, type World } from "@/test/world";
import { placeShopOrder } from "./checkout";

// The shop's checkout with its per-address limit counted in the real database.

let world: World;
let limiter: Limiter;
const run = randomUUID().slice(0, 8);
const productId = `limit-test-${run}`;
const t = createTranslator({ locale: "en", messages: MESSAGES.en, timeZone: "Asia/Jakarta" });

beforeAll(async () => {
  world = await createWorld(({ simulatorContext, baseUrl, fetch, timeoutMs, credentials }) => [
    {
      provider: createMidtransProvider({ serverKey: credentials.midtransServerKey, baseUrl: baseUrl("midtrans"), timeoutMs, fetchImpl: fetch }),
      simulator: createMidtransSimulator(simulatorContext, { serverKey: credentials.midtransServerKey }),
    },
  ]);
  await world.db.product.create({ data: { id: productId, name: "Kopi Uji", description: "Untuk uji", price: 50_000, imagePath: "/products/kopi-gayo.svg" } });
  limiter = databaseLimiter(world.db, `checkout-${run}`, { points: 2, durationSeconds: 600 });
});
afterAll(async () => world?.close());

const form = (email: string) => ({ ...CUSTOMER, email, store: "alfamart", provider: "", cart: JSON.stringify([{ productId, quantity: 1 }]) });
const ordersBy = (email: string) => world.db.order.count({ where: { customerEmail: email } });

describe("the checkout's limit per address", () => {
  it("tells the shopper to wait, keeps the form filled in, and creates nothing", async () => {
    const email = `limit-${run}@example.com`;
    const shopper = { limiter, clientKey: "203.0.113.9" };
    // Every submission counts, valid or not: the form is public. (Invalid ones here: no provider
    // is asked, so nothing but the limit decides these answers.)
    const mistyped = { ...form(email), phone: "12" };
    for (let i = 0; i < 2; i++) {
      expect(await placeShopOrder(world.deps, mistyped, { t, locale: "en" }, shopper)).toMatchObject({ status: "error", fields: { phone: expect.any(String) } });
    }

    const refused = await placeShopOrder(world.deps, form(email), { t, locale: "en" }, shopper);
    expect(refused).toEqual({
      status: "error",
      message: "Too many orders from your network in a short time. Please try again in 10 min.",
      fields: {},
      values: { name: CUSTOMER.name, email, phone: CUSTOMER.phone, store: "alfamart", provider: "" },
    });
    expect(await ordersBy(email)).toBe(0);

    // Another shopper's address is counted on its own.
    const elsewhere = await placeShopOrder(world.deps, mistyped, { t, locale: "en" }, { limiter, clientKey: "2001:db8:7::/64" });
    expect(elsewhere).toMatchObject({ status: "error", fields: { phone: expect.any(String) } });
  });
});
