import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkOrderStatus } from "@/lib/orders/check-status";
import type { ProviderId } from "@/lib/providers/catalog";
import { signInAs } from "@/test/merchant-session";
import { atCashier, createWorld, fiveProviders, placeTestOrder, type World } from "@/test/world";
import { cancelOrderCode, issueNewCode, markOrderHandled, recheckOrder } from "./order-actions";

// What staff do to an order from the console names the member on what it writes to the
// timeline; a viewer is refused (403) before anything is asked or written.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

let world: World;

beforeAll(async () => {
  world = await createWorld(fiveProviders());
});
afterAll(async () => world?.close());

const FORBIDDEN = { digest: "NEXT_HTTP_ERROR_FALLBACK;403" };
const actorOf = (member: { name: string; email: string }) => `${member.name} <${member.email}>`;

const pendingOrder = (provider: ProviderId) =>
  placeTestOrder(world, { reference: `ACT-${provider}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, provider });

/** A late payment: cancelled at a provider that cannot void the code, then paid at the store. */
async function flaggedOrder() {
  const order = await pendingOrder("monxa");
  expect(await cancelOrder(world.deps, order.id)).toMatchObject({ ok: true, value: { voidedAtProvider: false } });
  await atCashier(world, order, "pay");
  expect(await world.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid", needsAttention: true });
  return order;
}

async function expiredOrder() {
  const order = await pendingOrder("midtrans");
  await atCashier(world, order, "expire");
  expect(await world.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "expired" });
  return order;
}

/** Waits (PostgreSQL) until `count` sessions of this database wait for a lock. */
async function untilWaitingOnLocks(count: number) {
  for (let tries = 0; tries < 200; tries += 1) {
    const [row] = await world.db.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row && row.waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`fewer than ${count} sessions came to wait for the order's lock`);
}

/** Everything an action could have written about the order. */
const written = async (orderId: string) =>
  JSON.stringify(
    await Promise.all([
      world.db.order.findUniqueOrThrow({ where: { id: orderId } }),
      world.db.charge.findMany({ where: { orderId }, orderBy: { attempt: "asc" } }),
      world.db.orderEvent.findMany({ where: { orderId }, orderBy: { id: "asc" } }),
    ]),
  );

describe("re-check with provider", () => {
  it("writes the status it learns with the member's name and email as the actor", async () => {
    const order = await pendingOrder("midtrans");
    // Paid at the till, its notification not (yet) delivered: only asking finds out.
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });
    expect(await world.simulators.get(order.provider as ProviderId)!.perform("pay", charge)).toEqual({ ok: true });

    const { member } = await signInAs(world.db, "staff");
    expect(await recheckOrder(world.deps, order.id)).toMatchObject({ ok: true, value: { result: "applied", orderStatus: "paid" } });
    const events = await world.db.orderEvent.findMany({ where: { orderId: order.id, type: "status_changed" } });
    expect(events.map((event) => event.actor)).toEqual([actorOf(member)]);
    // What the app learns by itself names nobody.
    const opening = await world.db.orderEvent.findFirstOrThrow({ where: { orderId: order.id, type: "order_created" } });
    expect(opening.actor).toBeNull();
  });

  it("records who asked when the provider says nothing new; a background check records nothing", async () => {
    const order = await pendingOrder("doku");
    expect(await checkOrderStatus(world.deps, { id: order.id })).toMatchObject({ ok: true, value: { result: "same" } });
    expect(await world.db.orderEvent.count({ where: { orderId: order.id, type: "recheck_unchanged" } })).toBe(0);

    const { member } = await signInAs(world.db, "staff");
    const result = await recheckOrder(world.deps, order.id);
    expect(result).toMatchObject({ ok: true, value: { result: "same" } });
    const entries = await world.db.orderEvent.findMany({ where: { orderId: order.id, type: "recheck_unchanged" } });
    expect(entries).toMatchObject([
      { actor: actorOf(member), data: { provider: "doku", providerStatus: result.ok && result.value.result === "same" ? result.value.providerStatus : "" } },
    ]);
  });

});

describe("cancel the code", () => {
  it("cancels a pending order, voided at the provider, with the member on the entry", async () => {
    const order = await pendingOrder("midtrans");
    const { member } = await signInAs(world.db, "staff");
    expect(await cancelOrderCode(world.deps, order.id)).toEqual({ ok: true, value: { voidedAtProvider: true } });
    expect(await world.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "cancelled" });
    const entry = await world.db.orderEvent.findFirstOrThrow({ where: { orderId: order.id, toStatus: "cancelled" } });
    expect(entry.actor).toBe(actorOf(member));
  });

  it("says when the provider could not void the code, and names the member on both entries", async () => {
    const order = await pendingOrder("fazz");
    const { member } = await signInAs(world.db, "staff");
    expect(await cancelOrderCode(world.deps, order.id)).toEqual({ ok: true, value: { voidedAtProvider: false } });
    const entries = await world.db.orderEvent.findMany({ where: { orderId: order.id, actor: { not: null } }, orderBy: { id: "asc" } });
    expect(entries).toMatchObject([
      { type: "status_changed", toStatus: "cancelled", actor: actorOf(member) },
      { type: "charge_updated", actor: actorOf(member), data: { note: { key: "not_voidable", paymentCode: order.paymentCode } } },
    ]);
  });

});

describe("issue a new code", () => {
  it("gives an expired order a new code, with the member on the code_renewed entry", async () => {
    const order = await expiredOrder();
    const { member } = await signInAs(world.db, "staff");
    const result = await issueNewCode(world.deps, order.id);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.paymentCode).not.toBe(order.paymentCode);
    expect(await world.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "pending" });
    const entry = await world.db.orderEvent.findFirstOrThrow({ where: { orderId: order.id, type: "code_renewed" } });
    expect(entry).toMatchObject({ actor: actorOf(member), data: { previous: "expired" } });
  });

  it("refuses a pending order without writing", async () => {
    const order = await pendingOrder("midtrans");
    const before = await written(order.id);
    await signInAs(world.db, "staff");
    expect(await issueNewCode(world.deps, order.id)).toMatchObject({ ok: false, error: { code: "cannot_renew" } });
    expect(await written(order.id)).toBe(before);
  });

});

describe("mark handled", () => {
  it("clears the flag of a late payment and records the trimmed note with the member", async () => {
    const order = await flaggedOrder();
    const { member } = await signInAs(world.db, "staff");
    expect(await markOrderHandled(world.deps, order.id, "  Uang dikembalikan tunai ke pembeli  ")).toEqual({
      ok: true,
      value: { note: "Uang dikembalikan tunai ke pembeli" },
    });
    expect(await world.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ needsAttention: false });
    const entries = await world.db.orderEvent.findMany({ where: { orderId: order.id, type: "attention_handled" } });
    expect(entries).toMatchObject([{ actor: actorOf(member), data: { note: "Uang dikembalikan tunai ke pembeli" } }]);
  });

  it("refuses an order that is not flagged, and a note that is blank or too long, without writing", async () => {
    const notFlagged = await pendingOrder("doku");
    const flagged = await flaggedOrder();
    const before = [await written(notFlagged.id), await written(flagged.id)];
    await signInAs(world.db, "staff");
    expect(await markOrderHandled(world.deps, notFlagged.id, "done")).toMatchObject({ ok: false, error: { code: "not_flagged" } });
    expect(await markOrderHandled(world.deps, flagged.id, " \n\t ")).toMatchObject({ ok: false, error: { code: "invalid_note" } });
    expect(await markOrderHandled(world.deps, flagged.id, "x".repeat(501))).toMatchObject({ ok: false, error: { code: "invalid_note" } });
    expect(await markOrderHandled(world.deps, flagged.id, "nul \u0000 here")).toMatchObject({ ok: false, error: { code: "invalid_note" } });
    expect([await written(notFlagged.id), await written(flagged.id)]).toEqual(before);
  });

  it("written once when two members handle the same order at the same time", async () => {
    const order = await flaggedOrder();
    await signInAs(world.db, "staff");
    // Both calls start while another transaction holds the order's row, and it lets go only once
    // both are waiting on it (on PostgreSQL; PGlite runs one transaction at a time anyway), so
    // both have read the order before either can write: only the row lock keeps it to one entry.
    let calls: ReturnType<typeof markOrderHandled>[] = [];
    await world.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${order.id} FOR UPDATE`;
      calls = [markOrderHandled(world.deps, order.id, "Refund ditransfer"), markOrderHandled(world.deps, order.id, "Refund ditransfer juga")];
      if (process.env.TEST_DATABASE_URL) await untilWaitingOnLocks(2);
    });
    const results = await Promise.all(calls);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toMatchObject([{ error: { code: "not_flagged" } }]);
    expect(await world.db.orderEvent.count({ where: { orderId: order.id, type: "attention_handled" } })).toBe(1);
  });

});

describe("a viewer", () => {
  const actions = {
    "re-check": { order: () => pendingOrder("doku"), act: (id: string) => recheckOrder(world.deps, id) },
    "cancel the code": { order: () => pendingOrder("midtrans"), act: (id: string) => cancelOrderCode(world.deps, id) },
    "issue a new code": { order: expiredOrder, act: (id: string) => issueNewCode(world.deps, id) },
    "mark handled": { order: flaggedOrder, act: (id: string) => markOrderHandled(world.deps, id, "done") },
  };

  it.each(Object.entries(actions))("is refused %s (403) before anything is asked or written", async (_, { order, act }) => {
    const { id } = await order();
    const before = await written(id);
    await signInAs(world.db, "viewer");
    await expect(act(id)).rejects.toMatchObject(FORBIDDEN);
    expect(await written(id)).toBe(before);
  });
});
