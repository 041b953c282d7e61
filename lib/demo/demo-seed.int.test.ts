import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDatabase } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { PROVIDER_IDS } from "@/lib/providers/catalog";
import { openTestDatabase } from "@/test/database";
import { createWorld, fiveProviders, placeTestOrder } from "@/test/world";
import { DEMO_REFERENCE_PREFIX, MIN_DEMO_ORDERS } from "./demo-plan";
import { DemoRefusal, refusalFromEnvironment, seedDemoWeek, type DemoSummary } from "./demo-seed";

// The demo week, seeded into a fresh database through the real use cases: every state is there,
// each order's timeline holds together, and the seed refuses what it must.

const END = new Date("2026-11-30T15:00:00Z");
const WEEK_START = new Date(END.getTime() - 7 * 24 * 3_600_000);
const config = parseEnv({ NODE_ENV: "test", LOG_LEVEL: "warn" });

let database: OpenedDatabase;
let summary: DemoSummary;

beforeAll(async () => {
  database = await openTestDatabase();
}, 60_000);
afterAll(async () => database?.close());

const demoOrders = () =>
  database.db.order.findMany({
    where: { reference: { startsWith: DEMO_REFERENCE_PREFIX } },
    include: { charges: { orderBy: { attempt: "asc" } }, events: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
  });
type DemoOrder = Awaited<ReturnType<typeof demoOrders>>[number];
const has = (order: DemoOrder, type: string) => order.events.some((event) => event.type === type);
const indexOf = (order: DemoOrder, test: (event: DemoOrder["events"][number]) => boolean) => order.events.findIndex(test);

describe("npm run demo's refusals", () => {
  it("refuses production and any database server but this machine's", () => {
    expect(refusalFromEnvironment({ NODE_ENV: "production" })).toMatch(/NODE_ENV=production/);
    expect(refusalFromEnvironment({ DATABASE_URL: "postgres://gerai@db.example.com:5432/gerai" })).toMatch(/db\.example\.com/);
    expect(refusalFromEnvironment({ DATABASE_URL: "not a url" })).toMatch(/not a URL/);
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
      expect(refusalFromEnvironment({ NODE_ENV: "development", DATABASE_URL: `postgres://gerai@${host}:5432/gerai` })).toBeUndefined();
    }
    expect(refusalFromEnvironment({ NODE_ENV: "development" })).toBeUndefined();
  });

  it("refuses a database with orders it did not make, unless forced", async () => {
    const world = await createWorld(fiveProviders(), { database: { ...database, close: async () => {} } });
    await placeTestOrder(world, { reference: "SHOP-1", provider: "midtrans" });
    const attempt = seedDemoWeek(database, config, { orders: MIN_DEMO_ORDERS, seed: 7, end: END, force: false });
    await expect(attempt).rejects.toThrow(DemoRefusal);
    await expect(attempt).rejects.toThrow(/1 orders the demo did not make.*--force/);
    expect(await database.db.order.count()).toBe(1);
  });

  it("seeds beside them with --force", async () => {
    summary = await seedDemoWeek(database, config, { orders: MIN_DEMO_ORDERS, seed: 7, end: END, force: true });
    expect(summary.orders).toBe(MIN_DEMO_ORDERS);
    expect(await database.db.order.count()).toBe(MIN_DEMO_ORDERS + 1);
  }, 60_000);

  it("refuses to run twice on one database rather than duplicate the week", async () => {
    await expect(seedDemoWeek(database, config, { orders: MIN_DEMO_ORDERS, seed: 7, end: END, force: true })).rejects.toThrow(
      /already holds 40 demo orders/,
    );
    expect(await database.db.order.count()).toBe(MIN_DEMO_ORDERS + 1);
  });
});

describe("the demo week", () => {
  it("has every state, several times, most orders paid, both stores and all five providers", () => {
    for (const status of ["paid", "pending", "expired", "underpaid", "reversed", "cancelled", "failed"]) {
      expect(summary.byStatus[status], status).toBeGreaterThanOrEqual(2);
    }
    expect(Math.max(...Object.values(summary.byStatus))).toBe(summary.byStatus.paid);
    expect(summary.renewed).toBeGreaterThanOrEqual(2);
    expect(summary.latePayments).toBeGreaterThanOrEqual(2);
    expect(summary.failedOver).toBeGreaterThanOrEqual(2);
    expect(Object.keys(summary.byStore).sort()).toEqual(["alfamart", "indomaret"]);
    expect(Object.keys(summary.byProvider).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it("keeps every order and everything that happened to it within the week, in order", async () => {
    for (const order of await demoOrders()) {
      expect(order.createdAt.getTime()).toBeGreaterThanOrEqual(WEEK_START.getTime());
      expect(order.events[0]).toMatchObject({ type: "order_created", at: order.createdAt });
      for (const event of order.events) {
        expect(event.at.getTime(), `${order.reference} ${event.type}`).toBeGreaterThanOrEqual(order.createdAt.getTime());
        expect(event.at.getTime(), `${order.reference} ${event.type}`).toBeLessThanOrEqual(END.getTime());
      }
      expect(order.amount).toBe(order.charges.find((charge) => charge.status !== "not_issued")!.amount);
    }
  });

  it("tells each story the way the app records it", async () => {
    const orders = await demoOrders();
    const late = orders.filter((order) => has(order, "late_payment"));
    for (const order of late) {
      expect(order).toMatchObject({ status: "paid", needsAttention: true });
      expect(indexOf(order, (event) => event.toStatus === "expired")).toBeLessThan(indexOf(order, (event) => event.type === "late_payment"));
    }

    const renewed = orders.filter((order) => has(order, "code_renewed"));
    for (const order of renewed) {
      const issued = order.charges.filter((charge) => charge.status !== "not_issued");
      expect(issued[0]!.status).toBe("expired");
      expect(["paid", "pending"]).toContain(issued.at(-1)!.status);
      expect(order.status).toBe(issued.at(-1)!.status);
    }
    expect(renewed.some((order) => order.status === "paid")).toBe(true);
    expect(renewed.some((order) => order.status === "pending")).toBe(true);

    for (const order of orders.filter((order) => order.charges.some((charge) => charge.status === "not_issued"))) {
      const [down, next] = order.charges;
      expect(down!.provider).toBe(config.routing[order.store][0]);
      expect(next!.provider).not.toBe(down!.provider);
      expect(indexOf(order, (event) => event.type === "charge_attempt_failed")).toBeLessThan(indexOf(order, (event) => event.type === "charge_issued"));
    }

    for (const order of orders.filter((order) => order.status === "reversed")) {
      expect(indexOf(order, (event) => event.toStatus === "paid")).toBeLessThan(indexOf(order, (event) => event.type === "payment_reversed"));
    }
    for (const order of orders.filter((order) => order.status === "underpaid")) {
      const paid = order.charges.find((charge) => charge.status === "paid")!;
      expect(paid.paidAmount).toBeLessThan(order.amount);
    }
    for (const order of orders.filter((order) => order.status === "pending")) {
      expect(order.charges.at(-1)!.expiresAt!.getTime()).toBeGreaterThan(END.getTime());
    }
    // The shopper was told by email, as the app tells them.
    expect(await database.db.shopperEmail.count({ where: { order: { reference: { startsWith: DEMO_REFERENCE_PREFIX } } } })).toBeGreaterThan(MIN_DEMO_ORDERS);
  });
});
