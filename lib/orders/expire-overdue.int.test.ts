import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/domain";
import { watchedStatusCalls } from "@/test/watched-status-calls";
import { createWorld, CUSTOMER, fiveProviders, ITEMS, type World } from "@/test/world";
import { createOrder, type CreatedOrder } from "./create-order";
import { DEADLINE_GRACE_MS, expireCodesPastDeadline, sweepCodesPastDeadline } from "./expire-overdue";

// The deadline sweep over a backlog: every overdue code is settled in one run, page after page
// read ahead, with a bounded number of status calls in flight per provider and the changes
// written several to a transaction; a code the provider was already asked about after its
// deadline is expired without asking again; a code paid at the last minute is paid, not expired;
// an unreachable provider's codes expire on our side without holding up the others; two sweeps
// at once (or a sweep run again after a crash) change each code once.

const PROVIDERS: ProviderId[] = ["midtrans", "doku", "fazz"];
const statusCalls = watchedStatusCalls();
let world: World;

beforeAll(async () => {
  const build = fiveProviders({ timeoutMs: 10_000, wrapFetch: statusCalls.wrapFetch });
  world = await createWorld(build);
}, 120_000);
afterAll(async () => world?.close());

async function placeOrders(count: number, tag: string): Promise<CreatedOrder[]> {
  const orders: CreatedOrder[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await createOrder(world.deps, {
      reference: `SWEEP-${tag}-${Date.now()}-${i}`,
      store: "indomaret",
      customer: CUSTOMER,
      items: ITEMS,
      source: "api",
      provider: PROVIDERS[i % PROVIDERS.length],
      expiryMinutes: 5,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    orders.push(created.value);
  }
  return orders;
}

const pastDeadline = () => world.clock.advance(5 * 60_000 + DEADLINE_GRACE_MS + 1_000);

/** How often each order moved on from pending (paid or expired). */
async function statusChanges(orderIds: string[]) {
  return world.db.orderEvent.groupBy({ by: ["orderId"], where: { orderId: { in: orderIds }, toStatus: { in: ["paid", "expired"] } }, _count: true });
}

describe("the deadline sweep over a backlog", () => {
  it("settles every overdue code in one run, page after page, at most the set number of status calls in flight per provider", { timeout: 180_000 }, async () => {
    const orders = await placeOrders(130, "backlog");
    const ids = orders.map((order) => order.id);
    // One code was asked about after its deadline already (by the reconciliation, say).
    pastDeadline();
    const askedAlready = await world.db.charge.findFirstOrThrow({ where: { orderId: ids[0] } });
    await world.db.charge.update({ where: { id: askedAlready.id }, data: { checkedAt: world.clock.now() } });

    statusCalls.calls = 0;
    statusCalls.mostInFlight.clear();
    // The simulators have expired their codes too: the status calls settle those (the provider's
    // own word), and the code not asked again expires by the deadline rule. Pages of 40: two per provider.
    const report = await sweepCodesPastDeadline(world.webhookDeps, { pageSize: 40, callsPerProvider: 4 });
    expect(report).toEqual({ seen: 130, expired: 1, changedByProvider: 129, more: false });
    expect(statusCalls.calls).toBe(129);
    for (const provider of PROVIDERS) {
      expect(statusCalls.mostInFlight.get(provider)).toBeGreaterThan(1);
      expect(statusCalls.mostInFlight.get(provider)).toBeLessThanOrEqual(4);
    }
    expect(await world.db.order.count({ where: { id: { in: ids }, status: "expired" } })).toBe(130);
    // Each order changed once, and every asked code carries the time it was asked.
    expect((await statusChanges(ids)).map((row) => row._count)).toEqual(Array(130).fill(1));
    expect(await world.db.charge.count({ where: { orderId: { in: ids }, checkedAt: world.clock.now() } })).toBe(130);
    // The code not asked again: its change, then why, in that order on its timeline.
    const timeline = await world.db.orderEvent.findMany({ where: { orderId: ids[0] }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { type: true, toStatus: true, data: true } });
    expect(timeline.slice(-2)).toEqual([
      expect.objectContaining({ type: "status_changed", toStatus: "expired", data: expect.objectContaining({ source: "deadline", providerStatus: "deadline passed" }) }),
      expect.objectContaining({ type: "charge_updated", data: expect.objectContaining({ note: { key: "deadline_passed", why: "open_after_deadline" } }) }),
    ]);
    // One ledger entry per code, and the merchant hears of each expired order once.
    const charges = await world.db.charge.findMany({ where: { orderId: { in: ids } }, select: { id: true } });
    expect(await world.db.paymentEvent.count({ where: { chargeId: { in: charges.map((charge) => charge.id) } } })).toBe(130);
    expect(await world.db.orderNotification.count({ where: { orderId: { in: ids }, type: "order.expired" } })).toBe(130);
    // Nothing is left for the next run.
    expect(await expireCodesPastDeadline(world.webhookDeps)).toBe(0);
  });

  it("pays a code paid at the last minute whose notification was lost, among codes that expire", { timeout: 120_000 }, async () => {
    const orders = await placeOrders(30, "last-minute");
    const paid = orders[7]!;
    // Paid at the till just before the deadline; its notification never arrives.
    const atTill = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: paid.provider, paymentCode: paid.paymentCode } });
    expect(await world.simulators.get(paid.provider as ProviderId)!.perform("pay", atTill)).toEqual({ ok: true });
    await world.db.sandboxWebhook.deleteMany({ where: { chargeId: atTill.id } });
    pastDeadline();

    await sweepCodesPastDeadline(world.webhookDeps, { pageSize: 8 });
    const statuses = await world.db.order.findMany({ where: { id: { in: orders.map((order) => order.id) } }, select: { id: true, status: true } });
    expect(statuses.find((order) => order.id === paid.id)?.status).toBe("paid");
    expect(statuses.filter((order) => order.status === "expired")).toHaveLength(29);
    expect(await world.db.orderEvent.count({ where: { orderId: paid.id, toStatus: "expired" } })).toBe(0);
  });

  it("expires an unreachable provider's codes on our side and settles the others' as they answer", { timeout: 120_000 }, async () => {
    const orders = await placeOrders(30, "outage");
    pastDeadline();
    statusCalls.unreachable.add("doku");
    try {
      await sweepCodesPastDeadline(world.webhookDeps, { pageSize: 7 });
    } finally {
      statusCalls.unreachable.delete("doku");
    }
    const doku = orders.filter((order) => order.provider === "doku").map((order) => order.id);
    const others = orders.filter((order) => order.provider !== "doku").map((order) => order.id);
    expect(await world.db.order.count({ where: { id: { in: [...doku, ...others] }, status: "expired" } })).toBe(30);
    const notes = await world.db.orderEvent.findMany({ where: { orderId: { in: doku }, type: "charge_updated" }, select: { orderId: true, data: true } });
    expect(notes.filter((note) => (note.data as { note?: { why?: string } }).note?.why === "unreachable").map((note) => note.orderId).sort()).toEqual([...doku].sort());
    // The others were settled by their providers' own answers.
    const otherCharges = await world.db.charge.findMany({ where: { orderId: { in: others } }, select: { id: true } });
    expect(await world.db.paymentEvent.count({ where: { chargeId: { in: otherCharges.map((charge) => charge.id) }, source: "status_check", kind: "expired" } })).toBe(
      others.length,
    );
  });

  it("changes each code once when two sweeps run at once, and a sweep run again finds nothing", { timeout: 120_000 }, async () => {
    const orders = await placeOrders(45, "twice");
    const ids = orders.map((order) => order.id);
    pastDeadline();
    const [first, second] = await Promise.all([
      sweepCodesPastDeadline(world.webhookDeps, { pageSize: 10 }),
      sweepCodesPastDeadline(world.webhookDeps, { pageSize: 10 }),
    ]);
    expect(first.expired + first.changedByProvider + second.expired + second.changedByProvider).toBe(45);
    expect(await world.db.order.count({ where: { id: { in: ids }, status: "expired" } })).toBe(45);
    expect((await statusChanges(ids)).map((row) => row._count)).toEqual(Array(45).fill(1));
    expect(await sweepCodesPastDeadline(world.webhookDeps)).toMatchObject({ seen: 0, expired: 0 });
  });

  it("stops at its limit and says more is left", { timeout: 120_000 }, async () => {
    await placeOrders(12, "limit");
    pastDeadline();
    // The providers' readers share the limit: together they read at most 5.
    const first = await sweepCodesPastDeadline(world.webhookDeps, { limit: 5, pageSize: 4 });
    expect(first.more).toBe(true);
    expect(first.seen).toBeGreaterThan(0);
    expect(first.seen).toBeLessThanOrEqual(5);
    expect(await sweepCodesPastDeadline(world.webhookDeps, { pageSize: 4 })).toMatchObject({ seen: 12 - first.seen, more: false });
  });
});
