import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ProviderId, Store } from "@/lib/domain";
import { createOrder, type CreatedOrder } from "@/lib/orders/create-order";
import { expireCodesPastDeadline } from "@/lib/orders/expire-overdue";
import { receiveWebhook } from "@/lib/orders/ingest-webhook";
import { setOutage } from "@/lib/sandbox/outage";
import { merchantCookie, signInAs } from "@/test/merchant-session";
import { atCashier, createWorld, CUSTOMER, fiveProviders, ITEMS, ITEMS_TOTAL, type World } from "@/test/world";
import { dashboardRangeSchema, getDashboard } from "./dashboard";

// The dashboard's figures on a small week made the way the app makes one: orders through
// createOrder, payments at the simulators' cashiers with their signed webhooks, expiry by the
// deadline sweep, a late payment, a forged webhook. Days are WIB days: an order at 23:30 WIB and
// one an hour later fall on the same UTC date but on two WIB days.

vi.mock("next/headers", async () => (await import("@/test/merchant-session")).mockedNextHeaders);

/** An instant given as a WIB wall clock. */
const wib = (text: string) => new Date(`${text}+07:00`);
const NOW = wib("2026-11-24T10:00:00");

let world: World;

async function order(reference: string, provider: ProviderId, store: Store, expiryMinutes = 60): Promise<CreatedOrder> {
  const created = await createOrder(world.deps, { reference, store, customer: CUSTOMER, items: ITEMS, source: "api", provider, expiryMinutes });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

const pay = (code: CreatedOrder) => atCashier(world, { provider: code.provider, paymentCode: code.paymentCode }, "pay");

beforeAll(async () => {
  world = await createWorld(fiveProviders(), { allowProviderChoice: true, start: wib("2026-11-10T09:00:00") });
  const run = `${Date.now()}`;

  // Outside the last 7 days, inside the last 30: paid at once.
  await pay(await order(`DASH-${run}-F`, "midtrans", "indomaret"));

  // 23:30 WIB on the 22nd, paid 10 minutes later.
  world.clock.set(wib("2026-11-22T23:30:00"));
  const a = await order(`DASH-${run}-A`, "midtrans", "indomaret");
  world.clock.advance(10 * 60_000);
  await pay(a);

  // 00:30 WIB on the 23rd (still the 22nd in UTC), paid 30 minutes later.
  world.clock.set(wib("2026-11-23T00:30:00"));
  const b = await order(`DASH-${run}-B`, "fazz", "alfamart");
  world.clock.advance(30 * 60_000);
  await pay(b);

  // 10:00 WIB on the 23rd: one code expires unpaid, one expires (the provider unreachable, so on
  // our side) and is then paid late, 11 minutes after it was issued.
  world.clock.set(wib("2026-11-23T10:00:00"));
  const c = await order(`DASH-${run}-C`, "doku", "indomaret", 60);
  const d = await order(`DASH-${run}-D`, "midtrans", "alfamart", 10);
  world.clock.advance(11 * 60_000);
  await setOutage(world.db, "midtrans", "down");
  try {
    await expireCodesPastDeadline(world.webhookDeps);
  } finally {
    await setOutage(world.db, "midtrans", "none");
  }
  const held = await world.db.sandboxCharge.findFirstOrThrow({ where: { provider: "midtrans", paymentCode: d.paymentCode } });
  await world.db.sandboxCharge.update({ where: { id: held.id }, data: { expiresAt: new Date("2099-01-01") } });
  await pay(d);
  expect(await world.db.orderEvent.count({ where: { orderId: d.id, type: "late_payment" } })).toBe(1);
  world.clock.set(wib("2026-11-23T11:30:00"));
  await expireCodesPastDeadline(world.webhookDeps);
  expect(await world.db.order.findUniqueOrThrow({ where: { id: c.id }, select: { status: true } })).toEqual({ status: "expired" });

  // A forged notification.
  const forged = await receiveWebhook(world.webhookDeps, "midtrans", {
    rawBody: JSON.stringify({ order_id: "x", transaction_id: "x", status_code: "200", gross_amount: "1.00", transaction_status: "settlement", signature_key: "0".repeat(128) }),
    headers: new Headers(),
    path: "/api/webhooks/midtrans",
    receivedAt: world.clock.now(),
  });
  expect(forged.status).toBe(401);

  // Today, 09:00 WIB: still open.
  world.clock.set(wib("2026-11-24T09:00:00"));
  await order(`DASH-${run}-E`, "monxa", "indomaret");
}, 180_000);
afterAll(async () => world?.close());
beforeEach(async () => {
  await signInAs(world.db, "viewer");
});

describe("the dashboard", () => {
  it("counts the last 7 WIB days by WIB day", async () => {
    const figures = await getDashboard(world.db, "7d", NOW);
    expect(figures.bucket).toBe("day");
    expect(figures.from).toEqual(wib("2026-11-18T00:00:00"));
    expect(figures.series.map((slot) => slot.start)).toEqual([18, 19, 20, 21, 22, 23, 24].map((day) => wib(`2026-11-${day}T00:00:00`)));
    expect(figures.series.map((slot) => slot.ordersCreated)).toEqual([0, 0, 0, 0, 1, 3, 1]);
    expect(figures.series.map((slot) => slot.ordersPaid)).toEqual([0, 0, 0, 0, 1, 2, 0]);
    expect(figures.series.map((slot) => slot.paidVolume)).toEqual([0, 0, 0, 0, 1, 2, 0].map((count) => count * ITEMS_TOTAL));
    expect(figures.totals).toMatchObject({
      ordersCreated: 5,
      ordersPaid: 3,
      paidVolume: 3 * ITEMS_TOTAL,
      latePayments: 1,
      rejectedWebhooks: 1,
      codes: { issued: 5, paid: 3, expired: 1, other: 1, paidRate: 0.75 },
    });
    // Times to pay: 10, 30 and 11 minutes.
    expect(figures.totals.medianMinutesToPay).toBeCloseTo(11, 5);
    expect(figures.byStore).toEqual([
      { key: "alfamart", issued: 2, paid: 2, expired: 0, other: 0, paidRate: 1 },
      { key: "indomaret", issued: 3, paid: 1, expired: 1, other: 1, paidRate: 0.5 },
    ]);
    const providers = Object.fromEntries(figures.byProvider.map((row) => [row.key, row]));
    expect(providers.midtrans).toMatchObject({ issued: 2, paid: 2, expired: 0, paidRate: 1, rejectedWebhooks: 1 });
    expect(providers.midtrans!.medianMinutesToPay).toBeCloseTo(10.5, 5);
    expect(providers.fazz).toMatchObject({ issued: 1, paid: 1, medianMinutesToPay: expect.closeTo(30, 5) });
    expect(providers.doku).toMatchObject({ issued: 1, paid: 0, expired: 1, paidRate: 0, medianMinutesToPay: null });
    expect(providers.monxa).toMatchObject({ issued: 1, paid: 0, expired: 0, other: 1, paidRate: null });
    expect(providers.martis).toMatchObject({ issued: 0, paidRate: null, medianMinutesToPay: null, rejectedWebhooks: 0 });
  });

  it("counts today by WIB hour, from Jakarta's midnight to now", async () => {
    const figures = await getDashboard(world.db, "today", NOW);
    expect(figures.bucket).toBe("hour");
    expect(figures.from).toEqual(wib("2026-11-24T00:00:00"));
    expect(figures.series).toHaveLength(11);
    expect(figures.series.findIndex((slot) => slot.ordersCreated > 0)).toBe(9);
    expect(figures.totals).toMatchObject({ ordersCreated: 1, ordersPaid: 0, paidVolume: 0, latePayments: 0, rejectedWebhooks: 0, medianMinutesToPay: null });
  });

  it("reaches back 30 WIB days", async () => {
    const figures = await getDashboard(world.db, "30d", NOW);
    expect(figures.series).toHaveLength(30);
    expect(figures.from).toEqual(wib("2026-10-26T00:00:00"));
    const tenth = figures.series.find((slot) => slot.start.getTime() === wib("2026-11-10T00:00:00").getTime());
    expect(tenth).toMatchObject({ ordersCreated: 1, ordersPaid: 1, paidVolume: ITEMS_TOTAL });
    expect(figures.totals).toMatchObject({ ordersCreated: 6, ordersPaid: 4 });
    // Times to pay: 0, 10, 11 and 30 minutes.
    expect(figures.totals.medianMinutesToPay).toBeCloseTo(10.5, 5);
  });

  it("shows the last 7 days for a range it does not know", () => {
    expect(dashboardRangeSchema.parse("30d")).toBe("30d");
    expect(dashboardRangeSchema.parse("1y")).toBe("7d");
    expect(dashboardRangeSchema.parse(undefined)).toBe("7d");
    expect(dashboardRangeSchema.parse(["today", "30d"])).toBe("7d");
  });

  it("reads nothing without a merchant session", async () => {
    merchantCookie.value = undefined;
    const spy = vi.spyOn(world.db, "$queryRaw");
    await expect(getDashboard(world.db, "7d", NOW)).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT;replace;/merchant/login;") });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
