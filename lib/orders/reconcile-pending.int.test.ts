import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import { watchedStatusCalls } from "@/test/watched-status-calls";
import { createWorld, CUSTOMER, fiveProviders, ITEMS, type World } from "@/test/world";
import { RECONCILE_AFTER_MS, reconcilePendingCharges } from "./check-status";
import { createOrder, type CreatedOrder } from "./create-order";

// The reconciliation over a backlog of quiet pending codes whose notifications were lost: every
// code is asked about in one run, a bounded number of status calls in flight per provider; the
// payments found are applied once each, two runs at once included; a provider that cannot be
// reached holds back only its own codes, and one no longer configured is not asked, nor is a
// code at its deadline (the deadline sweep's); a run cut off at its limit leaves the rest to the
// next.

const PROVIDERS: ProviderId[] = ["midtrans", "doku", "fazz"];
const statusCalls = watchedStatusCalls();
let world: World;

// A world of its own for each test: the reconciliation asks about every quiet code there is.
beforeEach(async () => {
  const build = fiveProviders({ timeoutMs: 10_000, wrapFetch: statusCalls.wrapFetch });
  world = await createWorld(build);
}, 120_000);
afterEach(async () => world?.close());

/**
 * `count` orders over PROVIDERS; every `paidEvery`-th is paid at the till and its notifications
 * are lost. `expiryMinutes` gives each order's code its lifetime by its index.
 */
async function quietBacklog(count: number, tag: string, paidEvery: number, expiryMinutes: (index: number) => number = () => 24 * 60) {
  const orders: CreatedOrder[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await createOrder(world.deps, {
      reference: `RECONCILE-${tag}-${Date.now()}-${i}`,
      store: "alfamart",
      customer: CUSTOMER,
      items: ITEMS,
      source: "api",
      provider: PROVIDERS[i % PROVIDERS.length],
      expiryMinutes: expiryMinutes(i),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    orders.push(created.value);
  }
  const paid = orders.filter((_, index) => index % paidEvery === 0);
  for (const order of paid) {
    const atTill = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });
    expect(await world.simulators.get(order.provider as ProviderId)!.perform("pay", atTill)).toEqual({ ok: true });
  }
  // No notification of these orders ever reaches the app.
  await world.db.sandboxWebhook.deleteMany({});
  world.clock.advance(RECONCILE_AFTER_MS + 1_000);
  return { ids: orders.map((order) => order.id), paid, pendingIds: orders.filter((order) => !paid.includes(order)).map((order) => order.id) };
}

async function statusesOf(ids: string[]) {
  const orders = await world.db.order.findMany({ where: { id: { in: ids } }, select: { status: true } });
  return orders.reduce<Record<string, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
}

/** How often each order became paid. */
async function paidTransitions(ids: string[]) {
  const rows = await world.db.orderEvent.groupBy({ by: ["orderId"], where: { orderId: { in: ids }, toStatus: "paid" }, _count: true });
  return rows.map((row) => row._count);
}

describe("the reconciliation of quiet pending codes", () => {
  it("asks about every quiet code in one run, at most the set number of status calls in flight per provider", { timeout: 180_000 }, async () => {
    const { ids, paid, pendingIds } = await quietBacklog(120, "backlog", 4);
    statusCalls.calls = 0;
    statusCalls.mostInFlight.clear();
    // Pages of 15: three per provider.
    const report = await reconcilePendingCharges(world.webhookDeps, { pageSize: 15, callsPerProvider: 4 });
    expect(report).toEqual({ checked: 120, changed: paid.length, more: false });
    expect(statusCalls.calls).toBe(120);
    for (const provider of PROVIDERS) {
      expect(statusCalls.mostInFlight.get(provider)).toBeGreaterThan(1);
      expect(statusCalls.mostInFlight.get(provider)).toBeLessThanOrEqual(4);
    }
    expect(await statusesOf(ids)).toEqual({ paid: paid.length, pending: 120 - paid.length });
    expect(await paidTransitions(ids)).toEqual(Array(paid.length).fill(1));
    // The codes still open are recorded as asked, and are not asked again before they are quiet again.
    expect(await world.db.charge.count({ where: { orderId: { in: pendingIds }, checkedAt: world.clock.now() } })).toBe(pendingIds.length);
    statusCalls.calls = 0;
    expect(await reconcilePendingCharges(world.webhookDeps)).toEqual({ checked: 0, changed: 0, more: false });
    expect(statusCalls.calls).toBe(0);
    world.clock.advance(RECONCILE_AFTER_MS + 1_000);
    expect(await reconcilePendingCharges(world.webhookDeps)).toEqual({ checked: pendingIds.length, changed: 0, more: false });
  });

  it("applies each payment found once when two runs ask at the same time", { timeout: 120_000 }, async () => {
    const { ids, paid } = await quietBacklog(30, "twice", 2);
    const [first, second] = await Promise.all([reconcilePendingCharges(world.webhookDeps), reconcilePendingCharges(world.webhookDeps)]);
    expect(first.changed + second.changed).toBe(paid.length);
    expect(await statusesOf(ids)).toEqual({ paid: paid.length, pending: 30 - paid.length });
    expect(await paidTransitions(ids)).toEqual(Array(paid.length).fill(1));
  });

  it("finds the payments at the providers that answer while one cannot be reached", { timeout: 120_000 }, async () => {
    const { ids, paid } = await quietBacklog(30, "unreachable", 2);
    statusCalls.unreachable.add("doku");
    try {
      const report = await reconcilePendingCharges(world.webhookDeps);
      const reachable = paid.filter((order) => order.provider !== "doku");
      expect(report).toEqual({ checked: 30, changed: reachable.length, more: false });
      expect(await statusesOf(reachable.map((order) => order.id))).toEqual({ paid: reachable.length });
      // DOKU's codes stay pending, asked about (the next try after another quiet period).
      const doku = await world.db.charge.findMany({ where: { orderId: { in: ids }, provider: "doku" }, select: { status: true, checkedAt: true } });
      expect(doku).toHaveLength(10);
      expect(doku.every((charge) => charge.status === "pending" && charge.checkedAt?.getTime() === world.clock.now().getTime())).toBe(true);
    } finally {
      statusCalls.unreachable.delete("doku");
    }
    // Once DOKU answers again, the next run finds its payments too.
    world.clock.advance(RECONCILE_AFTER_MS + 1_000);
    await reconcilePendingCharges(world.webhookDeps);
    expect(await statusesOf(paid.map((order) => order.id))).toEqual({ paid: paid.length });
  });

  it("leaves the codes of a provider no longer configured to the deadline sweep", { timeout: 120_000 }, async () => {
    const { ids } = await quietBacklog(12, "unconfigured", 3);
    const withoutDoku = new Map([...world.webhookDeps.providers].filter(([id]) => id !== "doku"));
    const report = await reconcilePendingCharges({ ...world.webhookDeps, providers: withoutDoku });
    expect(report).toMatchObject({ checked: 8, more: false });
    const doku = await world.db.charge.findMany({ where: { orderId: { in: ids }, provider: "doku" }, select: { checkedAt: true } });
    expect(doku.map((charge) => charge.checkedAt)).toEqual([null, null, null, null]);
  });

  it("leaves codes at their deadline to the deadline sweep", { timeout: 120_000 }, async () => {
    // Every other code lives 2 minutes: past its deadline once the codes are quiet (5 minutes).
    const { ids } = await quietBacklog(12, "deadline", 3, (index) => (index % 2 === 0 ? 2 : 24 * 60));
    statusCalls.calls = 0;
    const report = await reconcilePendingCharges(world.webhookDeps);
    expect(report).toMatchObject({ checked: 6, more: false });
    expect(statusCalls.calls).toBe(6);
    const overdue = await world.db.charge.findMany({ where: { orderId: { in: ids }, expiresAt: { lte: world.clock.now() } }, select: { checkedAt: true, status: true } });
    expect(overdue).toHaveLength(6);
    expect(overdue.every((charge) => charge.checkedAt === null && charge.status === "pending")).toBe(true);
  });

  it("stops at its limit, says more is left, and the next run asks about the rest", { timeout: 120_000 }, async () => {
    const { ids } = await quietBacklog(45, "limit", 3);
    statusCalls.calls = 0;
    const first = await reconcilePendingCharges(world.webhookDeps, { limit: 20, pageSize: 4 });
    expect(first).toMatchObject({ checked: 20, more: true });
    const second = await reconcilePendingCharges(world.webhookDeps, { limit: 100 });
    expect(second).toMatchObject({ checked: 25, more: false });
    expect(first.changed + second.changed).toBe(15);
    expect(statusCalls.calls).toBe(45);
    expect(await statusesOf(ids)).toEqual({ paid: 15, pending: 30 });
  });
});
