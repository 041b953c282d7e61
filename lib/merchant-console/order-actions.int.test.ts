import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import type { ProviderId } from "@/lib/providers/catalog";
import { signInAs } from "@/test/merchant-session";
import { createWorld, CUSTOMER, fiveProviders, ITEMS, type World } from "@/test/world";
import { recheckOrder } from "./order-actions";

// A re-check from the console names the member who asked on what it writes to the timeline.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

let world: World;

beforeAll(async () => {
  world = await createWorld(fiveProviders());
});
afterAll(async () => world?.close());

describe("re-check with provider", () => {
  it("writes the status it learns with the member's name and email as the actor", async () => {
    const created = await createOrder(world.deps, {
      reference: `ACTOR-${Date.now()}`,
      store: "indomaret",
      customer: CUSTOMER,
      items: ITEMS,
      source: "api",
      provider: "midtrans",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const order = created.value;
    // Paid at the till, its notification not (yet) delivered: only asking finds out.
    const charge = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: order.provider, paymentCode: order.paymentCode } });
    expect(await world.simulators.get(order.provider as ProviderId)!.perform("pay", charge)).toEqual({ ok: true });

    const { member } = await signInAs(world.db, "staff");
    expect(await recheckOrder(world.deps, order.id)).toMatchObject({ ok: true, value: { result: "applied", orderStatus: "paid" } });
    const events = await world.db.orderEvent.findMany({ where: { orderId: order.id, type: "status_changed" } });
    expect(events.map((event) => event.actor)).toEqual([`${member.name} <${member.email}>`]);
    // What the app learns by itself names nobody.
    const opening = await world.db.orderEvent.findFirstOrThrow({ where: { orderId: order.id, type: "order_created" } });
    expect(opening.actor).toBeNull();
  });
});
